package apirt

import (
	"strings"
	"sync"
)

// Request tables as generated packages declare them: one table per method,
// its endpoint written as text in the definition's own tag syntax, read into
// an endpoint the first time the method is called (or when a handler is
// made). Text costs the compiler far less than the nested slices of an
// endpoint literal would: a string is one piece of static data, where every
// path, query pair and parameter list is a symbol of its own.
//
// url is the endpoint after the base URL, in the form
//
//	path [ "?" pair *( "&" pair ) ]    pair = key [ "=" value ]
//
// where path, key and value are literal text and tags. A tag at the first
// place of a parameter is written whole, as in a definition: {name}
// (required), {name:} (optional), {name:x} (default x), {name:!:a,b} and
// {name:x:a,b} (one of a, b), with '+' before the name for a multi-segment
// value and '*' after it for a list. Parameters are numbered in the order of
// their first places; a later place of a parameter is {name}. body lists the
// body parameters as tags, in order. A backslash makes the byte after it
// text; apigen writes one before each byte that would otherwise be read
// as syntax: a backslash, a '{', or the '?', '&' or '=' that ends literal
// text; a ':' or '}' in a default, and a '!' that starts one (which would
// read as "required"); a ',' or '}' in an option; and '+', '*', ':' or '}'
// in a name.
//
//	var ticketGetEndpoint = table{method: "GET", name: "Ticket.Get", url: "tickets/{ticket_id}.json"}
type table struct {
	method string // HTTP method
	name   string // the method's Go name, such as "Ticket.Get", for errors
	url    string // the endpoint, as above
	body   string // the body parameters, as tags

	once sync.Once
	ep   *endpoint // read from the text on first use
}

// load returns the endpoint of t, reading it from its text the first time.
func (t *table) load() *endpoint {
	t.once.Do(func() { t.ep = readTable(t.method, t.name, t.url, t.body) })
	return t.ep
}

// readTable reads the endpoint that a table's text describes. It never
// fails: text that apigen did not write still gives some endpoint.
func readTable(method, name, url, body string) *endpoint {
	e := &endpoint{method: method, name: name}
	r := tableReader{s: url, e: e}
	e.path = r.pieces("?")
	if r.i < len(r.s) {
		for {
			r.i++ // the '?' or '&' before the pair
			q := pair{key: r.pieces("=&")}
			if r.i < len(r.s) && r.s[r.i] == '=' {
				r.i++
				q.value, q.hasValue = r.pieces("&"), true
			}
			e.query = append(e.query, q)
			if r.i >= len(r.s) {
				break
			}
		}
	}
	r = tableReader{s: body, e: e}
	for r.i < len(r.s) {
		if r.s[r.i] == '{' {
			r.i++
			e.body = append(e.body, r.tag())
		} else {
			r.i++
		}
	}
	return e
}

// tableReader reads the text of a table from s[i:] into e.
type tableReader struct {
	s      string
	i      int
	e      *endpoint
	byName map[string]int // 1 + index of each parameter, once there are many
}

// pieces reads literal text and tags up to the first unescaped byte of
// stop outside a tag, or the end.
func (r *tableReader) pieces(stop string) []piece {
	var ps []piece
	for r.i < len(r.s) && strings.IndexByte(stop, r.s[r.i]) < 0 {
		if r.s[r.i] != '{' {
			ps = append(ps, piece{lit: r.text(stop + "{")})
			continue
		}
		r.i++
		ps = append(ps, piece{arg: r.arg(r.tag())})
	}
	return ps
}

// arg returns the number of the parameter of a tag, adding the parameter
// at its first place.
func (r *tableReader) arg(p param) int {
	if r.byName != nil {
		if arg := r.byName[p.name]; arg > 0 {
			return arg
		}
	} else {
		for j := range r.e.params {
			if r.e.params[j].name == p.name {
				return j + 1
			}
		}
	}
	r.e.params = append(r.e.params, p)
	n := len(r.e.params)
	switch {
	case r.byName != nil:
		r.byName[p.name] = n
	case n == 16: // linear search costs more from here on
		r.byName = make(map[string]int, 2*n)
		for j := range r.e.params {
			if _, dup := r.byName[r.e.params[j].name]; !dup {
				r.byName[r.e.params[j].name] = j + 1
			}
		}
	}
	return n
}

// tag reads a tag after its '{', and its '}'.
func (r *tableReader) tag() param {
	var p param
	if r.i < len(r.s) && r.s[r.i] == '+' {
		p.multi = true
		r.i++
	}
	p.name = r.text("*:}")
	if r.i < len(r.s) && r.s[r.i] == '*' {
		p.list = true
		r.i++
	}
	if r.i < len(r.s) && r.s[r.i] == ':' {
		r.i++
		if strings.HasPrefix(r.s[r.i:], "!:") || strings.HasPrefix(r.s[r.i:], "!}") {
			p.required = true
			r.i++
		} else {
			p.def = r.text(":}")
		}
		if r.i < len(r.s) && r.s[r.i] == ':' {
			p.options = []string{}
			for r.i < len(r.s) && r.s[r.i] != '}' {
				r.i++ // the ':' or ',' before the option
				p.options = append(p.options, r.text(",}"))
			}
		}
	} else {
		p.required = true
	}
	if r.i < len(r.s) {
		r.i++ // the '}'
	}
	return p
}

// text reads text up to the first unescaped byte of stop, or the end, and
// returns it without its backslashes.
func (r *tableReader) text(stop string) string {
	start := r.i
	var b []byte // the text so far, once a backslash is seen
	for ; r.i < len(r.s) && strings.IndexByte(stop, r.s[r.i]) < 0; r.i++ {
		if r.s[r.i] != '\\' {
			if b != nil {
				b = append(b, r.s[r.i])
			}
			continue
		}
		if b == nil {
			b = append(b, r.s[start:r.i]...)
		}
		if r.i+1 < len(r.s) {
			r.i++
			b = append(b, r.s[r.i])
		}
	}
	if b == nil {
		return r.s[start:r.i]
	}
	return string(b)
}
