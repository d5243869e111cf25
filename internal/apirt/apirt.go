// Package apirt is the runtime of the code apigen generates: the one
// definition of what an endpoint is, how a request is built from it
// (build.go) and read back (match.go), and the client built on that
// (client.go).
//
// Its runtime files are copied verbatim into generated packages, with only
// the package clause changed (files.go says which files each part of a
// package needs), so generated code depends on nothing but the standard
// library. Because it is also an ordinary package of this module, the same
// code is tested here directly, and apigen runs it itself: the docs' curl
// examples, `apigen call` and the lint of servers build and read requests
// through it, so apigen and the code it generates cannot disagree about a
// request.
//
// The files that are not copied (this one and files.go) are apigen's side:
// they make endpoints from parsed templates and give apigen's other
// packages what they use.
package apirt

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// Endpoint is an endpoint table, as apigen handles it: the very type that
// generated packages declare.
type Endpoint = endpoint

// NewEndpoint returns the endpoint table of a method: its HTTP method, its
// name in validation errors (the Go call path, "Ticket.Get"), its expanded
// template and its body parameters. Literal text is percent-encoded where
// it is not allowed raw in a URL (escapeLiteral), so that the URL a client
// builds is a canonical encoding that net/http sends as written, and the
// path loses all its leading slashes, since it is joined to the base URL
// with exactly one '/'.
func NewEndpoint(httpMethod, name string, t *uritemplate.Template, body []uritemplate.Tag) *Endpoint {
	e := &endpoint{method: httpMethod, name: name, path: tablePieces(t.Path, false)}
	if len(e.path) > 0 && e.path[0].arg == 0 {
		e.path[0].lit = strings.TrimLeft(e.path[0].lit, "/")
		if e.path[0].lit == "" {
			e.path = e.path[1:]
		}
	}
	for _, q := range t.Query {
		e.query = append(e.query, pair{key: tablePieces(q.Key, true), value: tablePieces(q.Value, true), hasValue: q.HasValue})
	}
	for _, p := range t.Params {
		e.params = append(e.params, tableParam(p.Tag))
	}
	for _, b := range body {
		e.body = append(e.body, tableParam(b))
	}
	return e
}

// ForMethod returns the endpoint table of a method of the model. name is
// its Go call path.
func ForMethod(m *model.Method, name string) *Endpoint {
	var body []uritemplate.Tag
	for _, p := range m.Body() {
		body = append(body, uritemplate.Tag{Name: p.Name, Required: p.Required, Default: p.Default, Options: p.Options})
	}
	return NewEndpoint(m.HTTPMethod, name, m.Template, body)
}

func tablePieces(ps []uritemplate.Piece, query bool) []piece {
	out := make([]piece, len(ps))
	for i, p := range ps {
		out[i] = piece{arg: p.Arg}
		if p.Arg == 0 {
			out[i].lit = escapeLiteral(p.Lit, query)
		}
	}
	return out
}

func tableParam(t uritemplate.Tag) param {
	return param{name: t.Name, multi: t.MultiSegment, list: t.Repeated, required: t.Required, def: t.Default, options: t.Options}
}

// Build validates vals (the values of the template's parameters, in order,
// "" for unset) and returns the URL a generated client requests for them
// after base (as NormalizeBase returns it). vals is not modified. A list
// parameter ({name*}) given a value in vals is sent as a list of one.
func (e *endpoint) Build(base string, vals []string) (string, error) {
	return e.BuildLists(base, vals, nil)
}

// BuildLists is Build with the elements of list parameters ({name*}):
// lists is nil, or holds a list for each parameter by index (nil for
// those that are not lists). A list parameter with an empty list takes
// its value from vals. vals and lists are not modified.
func (e *endpoint) BuildLists(base string, vals []string, lists [][]string) (string, error) {
	return e.buildURL(base, append([]string(nil), vals...), lists)
}

// Match is the inverse of Build: see matchAll. The values of list parameters
// are left out: see MatchLists.
func (e *endpoint) Match(path, rawQuery string) ([]string, error) {
	vals, _, err := e.matchAll(path, rawQuery)
	return vals, err
}

// MatchLists is the inverse of BuildLists: see matchAll.
func (e *endpoint) MatchLists(path, rawQuery string) ([]string, [][]string, error) {
	return e.matchAll(path, rawQuery)
}

// ErrNoMatch is the error of Match for a path of another shape.
var ErrNoMatch = errNoMatch

// EncodeBody returns the body a generated client sends for the values of
// the body parameters (in order, nil for unset), or nil when it sends none.
// vals is not modified.
func (e *endpoint) EncodeBody(vals []any) ([]byte, error) {
	return e.encodeBody(append([]any(nil), vals...))
}

// Expand returns the URL that a generated client requests for a template,
// after the base URL, with the given values (a missing or empty value is
// unset): the same rules through the same code, defaults, options,
// escaping, and pairs left out when their parameters are unset. Validation
// failures are *ValidationError values naming the method "template".
func Expand(t *uritemplate.Template, baseURL string, values map[string]string) (string, error) {
	base, err := normalizeBase(baseURL)
	if err != nil {
		return "", err
	}
	vals := make([]string, len(t.Params))
	for i, p := range t.Params {
		vals[i] = values[p.Name]
	}
	return NewEndpoint("GET", "template", t, nil).buildURL(base, vals, nil)
}

// NormalizeBase checks a base URL as a generated client's NewClient does and
// returns it in the canonical form requests are built from.
func NormalizeBase(s string) (string, error) { return normalizeBase(s) }

// WriteGo writes the endpoint as the Go expression that a generated
// package's request table holds, on one line, in gofmt's form: the
// endpoint as text (see table), such as
//
//	table{method: "GET", name: "Ticket.Get", url: "tickets/{ticket_id}.json"}
//
// The text is read back into the same endpoint (readTable); it can say
// what a parsed template says, whose parameters are numbered in the order
// of their first places.
func (e *endpoint) WriteGo(b *bytes.Buffer) {
	t := e.table()
	b.WriteString("table{method: " + strconv.Quote(t.method) + ", name: " + strconv.Quote(t.name))
	b.WriteString(", url: " + strconv.Quote(t.url))
	if t.body != "" {
		b.WriteString(", body: " + strconv.Quote(t.body))
	}
	b.WriteString("}")
}

// table returns the table that WriteGo writes for e, unread.
func (e *endpoint) table() *table {
	var body strings.Builder
	for i := range e.body {
		if i > 0 {
			body.WriteByte(' ')
		}
		writeTag(&body, &e.body[i])
	}
	return &table{method: e.method, name: e.name, url: e.tableURL(), body: body.String()}
}

// tableURL returns the text of the endpoint's path and query in a table.
func (e *endpoint) tableURL() string {
	var s strings.Builder
	written := make([]bool, len(e.params))
	pieces := func(ps []piece, stop string) {
		for _, p := range ps {
			switch {
			case p.arg == 0:
				writeBackslashed(&s, p.lit, stop+`\{`)
			case written[p.arg-1]:
				s.WriteByte('{')
				writeBackslashed(&s, e.params[p.arg-1].name, tagNameBytes)
				s.WriteByte('}')
			default:
				written[p.arg-1] = true
				writeTag(&s, &e.params[p.arg-1])
			}
		}
	}
	pieces(e.path, "?")
	for i, q := range e.query {
		s.WriteByte("?&"[min(i, 1)])
		pieces(q.key, "=&")
		if q.hasValue {
			s.WriteByte('=')
			pieces(q.value, "&")
		}
	}
	return s.String()
}

// tagNameBytes are the bytes escaped in a parameter's name in a table.
const tagNameBytes = `\+*:}`

// writeTag writes p as a whole tag of a table.
func writeTag(s *strings.Builder, p *param) {
	s.WriteByte('{')
	if p.multi {
		s.WriteByte('+')
	}
	writeBackslashed(s, p.name, tagNameBytes)
	if p.list {
		s.WriteByte('*')
	}
	switch {
	case p.required && p.options == nil:
	case p.required:
		s.WriteString(":!")
	default:
		s.WriteByte(':')
		if strings.HasPrefix(p.def, "!") {
			s.WriteByte('\\')
		}
		writeBackslashed(s, p.def, `\:}`)
	}
	for i, o := range p.options {
		s.WriteByte(":,"[min(i, 1)])
		writeBackslashed(s, o, `\,}`)
	}
	s.WriteByte('}')
}

// writeBackslashed writes text with a backslash before each byte of special.
func writeBackslashed(s *strings.Builder, text, special string) {
	for i := 0; i < len(text); i++ {
		if strings.IndexByte(special, text[i]) >= 0 {
			s.WriteByte('\\')
		}
		s.WriteByte(text[i])
	}
}

// tableOf returns a table whose endpoint is e, for code of apigen's that
// calls the runtime with an endpoint it made.
func tableOf(e *endpoint) *table {
	t := &table{method: e.method, name: e.name, ep: e}
	t.once.Do(func() {})
	return t
}

// writeParamList writes ps as a []param literal.
func writeParamList(b *bytes.Buffer, ps []param, options func(int) string) {
	b.WriteString("[]param{")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{name: " + strconv.Quote(p.name))
		if p.multi {
			b.WriteString(", multi: true")
		}
		if p.list {
			b.WriteString(", list: true")
		}
		if p.required {
			b.WriteString(", required: true")
		}
		if p.def != "" {
			b.WriteString(", def: " + strconv.Quote(p.def))
		}
		if p.options != nil {
			b.WriteString(", options: ")
			if expr := options(i); expr != "" {
				b.WriteString(expr)
			} else {
				WriteStrings(b, p.options)
			}
		}
		b.WriteString("}")
	}
	b.WriteString("}")
}

// EventParams is the table of an event's parameters: what the eventArgs
// method of its generated type returns.
type EventParams []param

// ForEvent returns the table of the parameters of an event of the model.
func ForEvent(e *model.Event) EventParams {
	t := make(EventParams, len(e.Params))
	for i, p := range e.Params {
		t[i] = param{name: p.Name, required: p.Required, def: p.Default, options: p.Options}
	}
	return t
}

// WriteGo writes the table as the Go expression that a generated package's
// table holds, on one line, in gofmt's form:
//
//	[]param{{name: "ticket_id", required: true}, {name: "priority", def: "normal", options: ticketPriorityValues}}
//
// options gives the Go expression of the options of parameter i, such as
// an enum's values variable; "" writes them as a []string literal.
func (t EventParams) WriteGo(b *bytes.Buffer, options func(i int) string) {
	writeParamList(b, t, options)
}

// modelEvent is an event of the model as the runtime sees a generated
// event type: its type, its table and pointers to its values.
type modelEvent struct {
	typ    string
	params []param
	fields []any // *string for a parameter with options, else *any
}

func (m *modelEvent) EventType() string           { return m.typ }
func (m *modelEvent) eventArgs() ([]param, []any) { return m.params, m.fields }

// EventBody validates values (by parameter name; a parameter with options
// takes a string) as a generated sender validates an event, and returns
// the body that it sends for them at time ts: the same code, so docs and
// senders agree.
func EventBody(e *model.Event, values map[string]any, ts time.Time) ([]byte, error) {
	ev := &modelEvent{typ: e.Type, params: ForEvent(e)}
	for _, p := range e.Params {
		v := values[p.Name]
		if p.Options != nil {
			s, _ := v.(string)
			ev.fields = append(ev.fields, &s)
		} else {
			ev.fields = append(ev.fields, &v)
		}
	}
	return appendEventBody(nil, ev, ts)
}

// SignEvent returns the webhook-signature header that a sender with secret
// ("whsec_" and the base64 of a key) sends with a delivery of body with id
// at the Unix time ts.
func SignEvent(secret, id string, ts int64, body []byte) (string, error) {
	k, err := parseWebhookSecret(secret, "the secret")
	if err != nil {
		return "", err
	}
	content := append(webhookContent(nil, id, ts), body...)
	return string(k.sign(nil, content)), nil
}

// WriteStrings writes a []string literal.
func WriteStrings(b *bytes.Buffer, ss []string) {
	b.WriteString("[]string{")
	for i, s := range ss {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(s))
	}
	b.WriteString("}")
}
