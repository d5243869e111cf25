package parser

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// Events: `"created": ["EVENT", PARAMS]` declares an event of the resource
// (see docs/definition-format.md). PARAMS are entries in the tag syntax
// without braces, as a method's body parameters.

// isEvent reports whether a method-like array declares an event: its first
// element is the string "EVENT", in any case.
func isEvent(arr *node) bool {
	return len(arr.elems) > 0 && arr.elems[0].kind == kString && strings.EqualFold(arr.elems[0].str, "EVENT")
}

// event resolves `"name": ["EVENT"]` or `"name": ["EVENT", PARAMS]`.
func (r *resolver) event(res *model.Resource, sc *scope, m member) *model.Event {
	arr, name := m.val, m.key.str
	if n := len(arr.elems); n > 2 {
		r.errorf(arr, diag.Event, "event %q: expected [\"EVENT\"] or [\"EVENT\", parameters], got an array of %d", name, n)
		return nil
	}
	if kw := arr.elems[0]; kw.str != "EVENT" {
		r.diags.Warnf(r.at(kw), diag.Event, "%q should be upper case: \"EVENT\"", kw.str)
	}
	ev := &model.Event{Name: name, Resource: res, Pos: r.at(m.key)}
	ok := true
	if !uritemplate.ValidName(name) {
		r.diags.Add(diag.Diagnostic{Pos: r.at(m.key), End: r.pos(m.key.end), Severity: diag.Error, Code: diag.Event,
			Msg: fmt.Sprintf("event name %q is part of the event's type on the wire: use letters, digits and '_' only, starting with a letter, such as \"note_added\"", name)})
		ok = false
	}
	if len(arr.elems) == 2 {
		r.paramEntries(owner{code: diag.Event, what: "event", name: name, param: "parameter"}, &ev.Params, sc, arr.elems[1])
	}
	if !ok {
		return nil
	}
	ev.Type = eventType(r.api.Name, res, name)
	if first, dup := r.eventTypes[ev.Type]; dup {
		r.diags.Add(diag.Diagnostic{Pos: ev.Pos, End: r.pos(m.key.end), Severity: diag.Error, Code: diag.Event, Related: []diag.Pos{first.Pos},
			Msg: fmt.Sprintf("event %q has the type %s, as the event %q (at %s) has: rename one of them or of their resources", name, ev.Type, first.Name, first.Pos.LineCol())})
		return nil
	}
	if r.eventTypes == nil {
		r.eventTypes = map[string]*model.Event{}
	}
	r.eventTypes[ev.Type] = ev
	return ev
}

// eventType returns the type of event name of resource res of the API
// api: the API name, the names of the resources from the top (each in
// snake_case) and the event name, joined by '.'.
func eventType(api string, res *model.Resource, name string) string {
	var path []string
	for ; !res.IsRoot(); res = res.Parent {
		path = append(path, snakeCase(res.Name))
	}
	var b strings.Builder
	b.WriteString(api)
	for i := len(path) - 1; i >= 0; i-- {
		b.WriteByte('.')
		b.WriteString(path[i])
	}
	b.WriteByte('.')
	b.WriteString(name)
	return b.String()
}

// snakeCase returns a resource name in lower case, its words joined by
// '_': a word ends before an upper-case letter that follows a lower-case
// letter or a digit, or that starts a word after a run of capitals
// ("HTTPServer" -> "http_server", but "APIs" -> "apis"), and at every
// character that is not a letter or digit.
func snakeCase(name string) string {
	rs := []rune(name)
	var b strings.Builder
	sep := false // a separator is due before the next letter or digit
	for i, c := range rs {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			sep = b.Len() > 0
			continue
		}
		if unicode.IsUpper(c) && i > 0 {
			prev := rs[i-1]
			next := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if next && rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLower(rs[i+2])) {
				next = false // the plural of a run of capitals: "APIs"
			}
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && next) {
				sep = b.Len() > 0
			}
		}
		if sep {
			b.WriteByte('_')
			sep = false
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}
