package apicall

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// Call is a method with the values of its parameters, ready to be sent.
type Call struct {
	Method *Method
	Vals   []string // values of the endpoint's parameters, in template order; "" is unset
	// Lists holds the elements of each list parameter ({name*}) given
	// more than once, by template index (nil for the others); nil when
	// there is none. Vals holds the first element.
	Lists [][]string
	Body  []any // values of the body parameters, in definition order; nil is unset
}

// Input is where file and standard-input arguments are read from.
type Input struct {
	Stdin    io.Reader                    // read by @-; nil reads nothing
	ReadFile func(string) ([]byte, error) // nil is os.ReadFile
}

// An argument is one of:
//
//	VALUE          the next required parameter, in the Go signature's order
//	name=VALUE     any parameter; for a body parameter, JSON when VALUE
//	               parses as JSON, else a string
//	name:=JSON     JSON, which must parse
//	name=@FILE     a string read from FILE (@- is standard input)
//	name:=@FILE    JSON read from FILE
//
// A positional value is taken as it is ("@x" is not a file), except that
// an argument whose text before '=' (or ':=') could be a parameter name is
// read as name=VALUE: give such a value by name (ticket_id=a=b).
type arg struct {
	name  string // "" for a positional value
	value string
	json  bool // := was used
	file  bool // the value is @FILE
}

func parseArg(s string) arg {
	i := strings.IndexByte(s, '=')
	if i <= 0 {
		return arg{value: s}
	}
	name, value := s[:i], s[i+1:]
	a := arg{name: name, value: value}
	if strings.HasSuffix(name, ":") {
		a.name, a.json = name[:len(name)-1], true
	}
	if !uritemplate.ValidName(a.name) {
		return arg{value: s}
	}
	if strings.HasPrefix(value, "@") && len(value) > 1 {
		a.file, a.value = true, value[1:]
	}
	return a
}

// Bind turns command-line arguments into the values of m's parameters. It
// checks every argument and returns every problem at once, each at the
// position of the parameter's tag in the definition (of the method, for a
// name the method does not have); nothing may be sent when it returns
// errors.
func (m *Method) Bind(args []string, in Input) (*Call, diag.List) {
	b := &binder{m: m, in: in, given: map[*model.Param]string{}}
	if b.in.ReadFile == nil {
		b.in.ReadFile = os.ReadFile
	}
	next := 0 // index of the next required parameter for a positional value
	for _, s := range args {
		a := parseArg(s)
		if a.name == "" {
			for next < len(m.Required()) && b.given[m.Required()[next]] != "" {
				next++
			}
			if next == len(m.Required()) {
				b.errorf(m.Model.Pos, "%s: unexpected argument %q: %s", m.Path, s, b.positional())
				continue
			}
			p := m.Required()[next]
			next++
			b.set(p, s, a)
			continue
		}
		p := m.Param(a.name)
		if p == nil {
			b.errorf(m.Model.Pos, "%s has no parameter %q: %s", m.Path, a.name, b.known())
			continue
		}
		if prev := b.given[p]; prev != "" && !p.Repeated {
			b.errorf(p.Pos, "%s: parameter %s is given twice (%s and %s)", m.Path, p.Name, prev, quoteArg(s))
			continue
		}
		b.set(p, s, a)
	}
	return b.finish()
}

type binder struct {
	m     *Method
	in    Input
	given map[*model.Param]string   // the argument that set each parameter
	lists map[*model.Param][]string // every element of a list parameter ({name*}), in order
	vals  map[*model.Param]any      // string for a tag parameter; string or json.RawMessage for a body one
	stdin string                    // the argument that read standard input
	diags diag.List
}

func (b *binder) errorf(pos diag.Pos, format string, args ...any) {
	b.diags.Errorf(pos, diag.Argument, format, args...)
}

// positional says which parameters positional values fill.
func (b *binder) positional() string {
	if len(b.m.Required()) == 0 {
		return "it takes no positional arguments; give parameters as name=value"
	}
	var names []string
	for _, p := range b.m.Required() {
		names = append(names, p.Name)
	}
	return "positional arguments fill " + strings.Join(names, ", ") + " in order"
}

// known lists the method's parameters.
func (b *binder) known() string {
	if len(b.m.Model.Params) == 0 {
		return "it has no parameters"
	}
	var names []string
	for _, p := range b.m.Model.Params {
		names = append(names, p.Name)
	}
	return "its parameters are " + strings.Join(names, ", ")
}

func quoteArg(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return strconv.Quote(s)
}

// set reads and checks the value of one argument for p.
func (b *binder) set(p *model.Param, raw string, a arg) {
	b.given[p] = quoteArg(raw)
	what := p.Name
	text := []byte(a.value)
	if a.file {
		data, err := b.read(a.value, raw)
		if err != nil {
			b.errorf(p.Pos, "%s: parameter %s: %v", b.m.Path, what, err)
			return
		}
		text = data
	}
	if b.vals == nil {
		b.vals = map[*model.Param]any{}
	}
	if p.In != uritemplate.InBody {
		b.tagValue(p, text, a)
		return
	}
	switch {
	case a.json || !a.file && p.Options == nil && json.Valid(text):
		if !json.Valid(text) {
			b.errorf(p.Pos, "%s: parameter %s: the value is not valid JSON (%s); give a string with %s=VALUE", b.m.Path, what, jsonError(text), p.Name)
			return
		}
		var s string
		if json.Unmarshal(text, &s) == nil {
			b.vals[p] = s // a JSON string is sent as the string it encodes
			return
		}
		b.vals[p] = json.RawMessage(bytes.TrimSpace(text))
	default:
		b.vals[p] = string(text)
	}
}

// tagValue sets the value of a template parameter: a string, exactly. With
// := the JSON must be a string, a number or a boolean.
func (b *binder) tagValue(p *model.Param, text []byte, a arg) {
	if a.file && !a.json {
		// A file's last line break is not part of a value in a URL.
		text = bytes.TrimSuffix(text, []byte("\n"))
		text = bytes.TrimSuffix(text, []byte("\r"))
	}
	if !a.json {
		b.setTag(p, string(text))
		return
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	if err := d.Decode(&v); err != nil || d.More() {
		b.errorf(p.Pos, "%s: parameter %s: the value is not valid JSON (%s)", b.m.Path, p.Name, jsonError(text))
		return
	}
	if elems, ok := v.([]any); ok && p.Repeated {
		// A list's elements at once: ids:='["a","b"]'.
		for _, e := range elems {
			s, ok := scalarText(e)
			if !ok {
				b.errorf(p.Pos, "%s: parameter %s is a list of strings, and takes a JSON array of strings, numbers or booleans, not one holding JSON %s", b.m.Path, p.Name, kindOf(e))
				return
			}
			b.setTag(p, s)
		}
		if len(elems) == 0 {
			b.setTag(p, "")
		}
		return
	}
	switch s, ok := scalarText(v); {
	case ok:
		b.setTag(p, s)
	default:
		b.errorf(p.Pos, "%s: parameter %s is a %s parameter and takes a string, not JSON %s", b.m.Path, p.Name, p.In, kindOf(v))
	}
}

// setTag sets the value of a template parameter; for a list parameter,
// each value is one more element.
func (b *binder) setTag(p *model.Param, s string) {
	if p.Repeated {
		if b.lists == nil {
			b.lists = map[*model.Param][]string{}
		}
		b.lists[p] = append(b.lists[p], s)
		if _, set := b.vals[p]; set {
			return
		}
	}
	b.vals[p] = s
}

// scalarText is the text of a JSON string, number or boolean.
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "array"
	}
	return "object"
}

func jsonError(text []byte) string {
	var v any
	err := json.Unmarshal(text, &v)
	if err == nil {
		return "trailing data"
	}
	return err.Error()
}

// read returns the content of a file, or of standard input for "-".
func (b *binder) read(name, raw string) ([]byte, error) {
	if name != "-" {
		data, err := b.in.ReadFile(name)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("cannot read @%s: %v", name, err)
		}
		return data, nil
	}
	if b.stdin != "" {
		return nil, fmt.Errorf("standard input (@-) is read once, and %s reads it already", b.stdin)
	}
	b.stdin = quoteArg(raw)
	if b.in.Stdin == nil {
		return nil, nil
	}
	data, err := io.ReadAll(b.in.Stdin)
	if err != nil {
		return nil, fmt.Errorf("cannot read standard input: %v", err)
	}
	return data, nil
}

// finish checks required parameters and options, then builds the call.
func (b *binder) finish() (*Call, diag.List) {
	m := b.m
	c := &Call{Method: m}
	for _, p := range m.Model.Params {
		v, set := b.vals[p]
		if b.given[p] != "" && !set {
			// The argument was bad; it is reported already.
			if p.In == uritemplate.InBody {
				c.Body = append(c.Body, nil)
			} else {
				c.Vals = append(c.Vals, "")
			}
			continue
		}
		s, isString := v.(string)
		empty := !set || isString && s == "" && p.In != uritemplate.InBody
		if p.Required && empty {
			b.errorf(p.Pos, "%s: parameter %s is required: %s", m.Path, p.Name, b.howToGive(p))
		}
		if list := b.lists[p]; len(list) > 1 {
			b.listValues(c, p, list)
			c.Vals = append(c.Vals, s)
			continue
		}
		if set && !empty && p.Options != nil && (!isString || !contains(p.Options, s)) {
			shown := s
			if !isString {
				shown = string(v.(json.RawMessage))
			}
			b.errorf(p.Pos, "%s: parameter %s: %s is not one of %s", m.Path, p.Name, quoteArg(shown), joinOptions(p.Options, ", "))
		}
		if p.In == uritemplate.InBody {
			c.Body = append(c.Body, v)
		} else {
			c.Vals = append(c.Vals, s)
		}
	}
	if !b.diags.HasErrors() {
		b.pathSegments(c)
	}
	b.diags.Sort()
	if b.diags.HasErrors() {
		return nil, b.diags
	}
	return c, b.diags
}

// listValues checks the elements of a list parameter given more than
// once, as the client does (none empty, each one of the options), and
// keeps them in c.Lists.
func (b *binder) listValues(c *Call, p *model.Param, list []string) {
	m := b.m
	for i, s := range list {
		switch {
		case s == "":
			b.errorf(p.Pos, "%s: parameter %s: element %d is empty: leave it out", m.Path, p.Name, i+1)
		case p.Options != nil && !contains(p.Options, s):
			b.errorf(p.Pos, "%s: parameter %s: element %d, %s, is not one of %s", m.Path, p.Name, i+1, quoteArg(s), joinOptions(p.Options, ", "))
		}
	}
	if c.Lists == nil {
		c.Lists = make([][]string, len(m.Model.Template.Params))
	}
	c.Lists[len(c.Vals)] = list
}

// howToGive says how to give a required parameter.
func (b *binder) howToGive(p *model.Param) string {
	for i, q := range b.m.Required() {
		if q == p {
			return fmt.Sprintf("give it as the %s positional argument or as %s=VALUE", ordinal(i+1), p.Name)
		}
	}
	return "give it as " + p.Name + "=VALUE"
}

func ordinal(n int) string {
	switch n {
	case 1:
		return "first"
	case 2:
		return "second"
	case 3:
		return "third"
	}
	return strconv.Itoa(n) + "th"
}

// pathSegments reports path values that the runtime rejects as a whole
// segment ("." or "..", or, for a multi-segment value, a part of it that is
// empty, "." or ".."), each at its tag, by building the URL with one
// parameter's value at a time.
func (b *binder) pathSegments(c *Call) {
	e := c.Method.Endpoint()
	dots := func(tp int, v string) bool {
		if v == "." || v == ".." {
			return true
		}
		if !c.Method.Model.Template.Params[tp].MultiSegment || v == "" {
			return false
		}
		for _, part := range strings.Split(v, "/") {
			if part == "" || part == "." || part == ".." {
				return true
			}
		}
		return false
	}
	for i, tp := range c.Method.Model.Template.Params {
		if !dots(i, c.Vals[i]) {
			continue
		}
		vals := append([]string(nil), c.Vals...)
		for j := range vals {
			if j != i && dots(j, vals[j]) {
				vals[j] = "x"
			}
		}
		if _, err := e.Build("http://h", vals); err != nil {
			var ve *apirt.ValidationError
			if errors.As(err, &ve) && ve.Param == tp.Name {
				b.errorf(c.Method.Param(tp.Name).Pos, "%s: parameter %s: %s", c.Method.Path, tp.Name, ve.Reason)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
