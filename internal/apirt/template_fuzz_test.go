package apirt_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/expandtable"
	. "github.com/apigen-go/apigen/uritemplate"
)

// FuzzTemplate parses arbitrary template text and checks properties of every
// template that parses without errors:
//   - its canonical form parses to the same template (FuzzCanonical in
//     package uritemplate checks this alone);
//   - expanding it with an arbitrary value for every parameter never changes
//     the URL's structure: the path has the template's number of segments
//     (and one more for each '/' of a multi-segment value, {+name}),
//     the query has one pair per kept pair with literal keys unchanged (in
//     their canonical encoding), and nothing introduces a fragment.
func FuzzTemplate(f *testing.F) {
	for _, tt := range expandtable.Read(f) {
		for _, v := range tt.Values {
			f.Add(tt.Template, v)
		}
	}
	f.Add("/a/{x}?{k}={v}&lit=1", "a/b?c=d&e#f")
	f.Add("/{a}{b}/c", "..")
	f.Fuzz(func(t *testing.T, s, value string) {
		tmpl, probs := Parse(s)
		if hasError(probs) {
			return
		}
		canon := tmpl.String()
		back, probs := Parse(canon)
		if hasError(probs) {
			t.Fatalf("canonical form %q of %q has errors: %v", canon, s, probs)
		}
		if back.String() != canon || !sameParams(back.Params, tmpl.Params) {
			t.Fatalf("canonical form %q of %q parses as %q", canon, s, back.String())
		}

		values := map[string]string{}
		for _, p := range tmpl.Params {
			values[p.Name] = value
		}
		const base = "https://h.example/base"
		u, err := apirt.Expand(tmpl, base, values)
		if err != nil {
			return // rejected values are fine; only accepted ones must be safe
		}
		rest, ok := strings.CutPrefix(u, base+"/")
		if !ok {
			t.Fatalf("%q does not start with the base URL", u)
		}
		if strings.ContainsAny(rest, "# \x00") {
			t.Fatalf("%q with %q: expansion %q has a fragment, space or NUL", s, value, u)
		}
		path, query, _ := strings.Cut(rest, "?")
		if got, want := strings.Count(path, "/"), literalSlashes(tmpl)+valueSlashes(tmpl, values); got != want {
			t.Fatalf("%q with %q: path %q has %d '/', the template %d", s, value, path, got, want)
		}
		var pairs []string
		if query != "" {
			pairs = strings.Split(query, "&")
		}
		kept := 0
		for _, q := range tmpl.Query {
			if !allSetIn(tmpl, q, values) {
				continue
			}
			if kept >= len(pairs) {
				t.Fatalf("%q with %q: query %q has too few pairs", s, value, query)
			}
			key, _, _ := strings.Cut(pairs[kept], "=")
			// Literal text is sent in its canonical encoding.
			if lit, ok := literal(q.Key); ok && key != apirt.EscapeLiteral(lit, true) {
				t.Fatalf("%q with %q: literal key %q became %q", s, value, lit, key)
			}
			kept++
		}
		if kept != len(pairs) {
			t.Fatalf("%q with %q: query %q has %d pairs, want %d", s, value, query, len(pairs), kept)
		}
	})
}

func sameParams(a, b []Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Tag.Equal(b[i].Tag) || a[i].In != b[i].In {
			return false
		}
	}
	return true
}

// literalSlashes counts the '/' of the template's literal path text, less the
// leading ones that the join with the base URL replaces.
func literalSlashes(t *Template) int {
	n := 0
	for _, p := range t.Path {
		n += strings.Count(p.Lit, "/")
	}
	if len(t.Path) > 0 && t.Path[0].Arg == 0 {
		n -= len(t.Path[0].Lit) - len(strings.TrimLeft(t.Path[0].Lit, "/"))
	}
	return n
}

// valueSlashes counts the '/' that the values of multi-segment parameters
// (defaults when unset) put in the path.
func valueSlashes(t *Template, values map[string]string) int {
	n := 0
	for _, p := range t.Path {
		if p.Arg > 0 && t.Params[p.Arg-1].MultiSegment {
			v := values[t.Params[p.Arg-1].Name]
			if v == "" {
				v = t.Params[p.Arg-1].Default
			}
			n += strings.Count(v, "/")
		}
	}
	return n
}

func allSetIn(t *Template, q Pair, values map[string]string) bool {
	for _, ps := range [][]Piece{q.Key, q.Value} {
		for _, p := range ps {
			if p.Arg > 0 && values[t.Params[p.Arg-1].Name] == "" && t.Params[p.Arg-1].Default == "" {
				return false
			}
		}
	}
	return true
}

func literal(ps []Piece) (string, bool) {
	var b strings.Builder
	for _, p := range ps {
		if p.Arg > 0 {
			return "", false
		}
		b.WriteString(p.Lit)
	}
	return b.String(), true
}

func TestFuzzHelpers(t *testing.T) {
	tmpl, _ := Parse("/a/{x}/b?k=1&{y:}=2")
	if literalSlashes(tmpl) != 2 {
		t.Errorf("literalSlashes = %d", literalSlashes(tmpl))
	}
	if tmpl, _ := Parse("//a/{x}"); literalSlashes(tmpl) != 1 {
		t.Errorf("literalSlashes(//a/{x}) = %d", literalSlashes(tmpl))
	}
	if !reflect.DeepEqual(tmpl.Query[0].Key, []Piece{{Lit: "k"}}) {
		t.Errorf("query key = %#v", tmpl.Query[0].Key)
	}
	if allSetIn(tmpl, tmpl.Query[1], map[string]string{"x": "1"}) {
		t.Error("an unset optional key counts as set")
	}
}

func hasError(probs []Problem) bool {
	for _, p := range probs {
		if !p.Warning {
			return true
		}
	}
	return false
}
