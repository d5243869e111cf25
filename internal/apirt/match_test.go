package apirt_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/expandtable"
	"github.com/apigen-go/apigen/uritemplate"
)

// endpointOf parses a template into the runtime's form.
func endpointOf(t testing.TB, tmpl string) (*apirt.Endpoint, *uritemplate.Template) {
	t.Helper()
	tp, probs := uritemplate.Parse(tmpl)
	for _, p := range probs {
		if !p.Warning {
			t.Fatalf("template %q: %s", tmpl, p.Msg)
		}
	}
	return apirt.NewEndpoint("GET", "M", tp, nil), tp
}

// split cuts a built URL into what match reads: the escaped path after the
// base URL's path and the joining '/', and the raw query, as a server sees
// them after net/http parsed the request line.
func split(t testing.TB, base, built string) (path, query string) {
	t.Helper()
	u, err := url.Parse(built)
	if err != nil {
		t.Fatalf("built URL %q does not parse: %v", built, err)
	}
	b, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	prefix := strings.TrimRight(b.EscapedPath(), "/") + "/"
	path, ok := strings.CutPrefix(u.EscapedPath(), prefix)
	if !ok {
		t.Fatalf("built URL %q does not start with the base path %q", built, prefix)
	}
	return path, u.RawQuery
}

// withDefaults returns the values buildURL sends for values: each
// parameter's value, or its default when unset.
func withDefaults(tp *uritemplate.Template, values map[string]string) []string {
	out := make([]string, len(tp.Params))
	for i, p := range tp.Params {
		out[i] = values[p.Name]
		if out[i] == "" {
			out[i] = p.Default
		}
	}
	return out
}

// withDefaultsLists is withDefaults for templates with list parameters
// ({name*}): what MatchLists returns for values and lists (by parameter
// index, or nil) after BuildLists sent them. A list parameter's value is
// "", and its list the given one, or else its value or default as a list
// of one, or nil; lists is nil when the template has no list parameter.
func withDefaultsLists(tp *uritemplate.Template, values map[string]string, lists [][]string) ([]string, [][]string) {
	vals := withDefaults(tp, values)
	var out [][]string
	for i, p := range tp.Params {
		if !p.Repeated {
			continue
		}
		if out == nil {
			out = make([][]string, len(tp.Params))
		}
		switch {
		case lists != nil && len(lists[i]) > 0:
			out[i] = lists[i]
		case vals[i] != "":
			out[i] = []string{vals[i]}
		}
		vals[i] = ""
	}
	return vals, out
}

// TestMatchInvertsSharedTable checks, for every row of the shared expansion
// table that builds a URL, that match reads back the values that built it.
func TestMatchInvertsSharedTable(t *testing.T) {
	n := 0
	for _, row := range expandtable.Read(t) {
		if strings.HasPrefix(row.Want, "error: ") {
			continue
		}
		ep, tp := endpointOf(t, row.Template)
		base, err := apirt.NormalizeBase(row.Base)
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]string, len(tp.Params))
		for i, p := range tp.Params {
			vals[i] = row.Values[p.Name]
		}
		built, err := ep.Build(base, vals)
		if err != nil || built != row.Want {
			t.Fatalf("%q: built %q, %v; the table wants %q", row.Template, built, err, row.Want)
		}
		path, query := split(t, base, built)
		matchBoth(t, ep, path, query)
		got, gotLists, err := ep.MatchLists(path, query)
		if err != nil {
			t.Errorf("%q: match(%q, %q): %v", row.Template, path, query, err)
			continue
		}
		want, wantLists := withDefaultsLists(tp, row.Values, nil)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotLists, wantLists) {
			t.Errorf("%q: match(%q, %q) = %q %q, want %q %q", row.Template, path, query, got, gotLists, want, wantLists)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d rows of the shared table were matched", n)
	}
}

// TestMatch covers requests that no client builds: other shapes, bad
// escapes, repeated keys, dot segments, options and required values.
func TestMatch(t *testing.T) {
	tests := []struct {
		tmpl, path, query string
		want              []string // nil: an error
		err               string   // a substring of the error; "no match" for ErrNoMatch
	}{
		{tmpl: "/tickets/{id}.json", path: "tickets/42.json", want: []string{"42"}},
		{tmpl: "/tickets/{id}.json", path: "tickets/a%2Fb.json", want: []string{"a/b"}},
		{tmpl: "/tickets/{id}.json", path: "tickets/x.json.json", want: []string{"x.json"}},
		{tmpl: "/tickets/{id}.json", path: "tickets/42", err: "no match"},
		{tmpl: "/tickets/{id}.json", path: "tickets/42.json/x", err: "no match"},
		{tmpl: "/tickets/{id}.json", path: "tickets/.json", err: "id: a value is required"},
		{tmpl: "/tickets/{id}", path: "tickets/..", err: "no match"},
		{tmpl: "/tickets/{id}", path: "tickets/%2E%2E", err: "no match"},
		{tmpl: "/tickets/{id}", path: "tickets/%zz", err: "id: the path segment \"%zz\" is not validly escaped"},
		{tmpl: "/tickets/count", path: "tickets/count", want: []string{}},
		{tmpl: "/tickets/count", path: "tickets/Count", err: "no match"},
		{tmpl: "/caf\u00e9/{id}", path: "caf%C3%A9/1", want: []string{"1"}},
		{tmpl: "/caf\u00e9/{id}", path: "caf%c3%a9/1", want: []string{"1"}},
		{tmpl: "/t?view={view:open:open,closed}", path: "t", want: []string{"open"}},
		{tmpl: "/t?view={view:open:open,closed}", path: "t", query: "view=closed&other=1", want: []string{"closed"}},
		{tmpl: "/t?view={view:open:open,closed}", path: "t", query: "view=x", err: `view: value "x" is not one of open, closed`},
		{tmpl: "/t?view={view:open:open,closed}", path: "t", query: "view=open&view=closed", err: "view: the query key \"view\" is given more than once"},
		{tmpl: "/t?q={q}", path: "t", query: "q=%zz", err: "not validly escaped"},
		{tmpl: "/t?q={q}", path: "t", query: "q=a+b%26c", want: []string{"a b&c"}},
		{tmpl: "/t?q={q}", path: "t", query: "", err: "q: a value is required"},
		{tmpl: "/t?q={q}&r={r}", path: "t", query: "", err: "q: a value is required\nM: parameter r: a value is required"},
		{tmpl: "/t?format=json&q={q:}", path: "t", query: "q=1", want: []string{"1"}},
		{tmpl: "/t?{filter::a,b}={value:}", path: "t", query: "b=2&a=1", want: []string{"a", "1"}},
		{tmpl: "/t?{filter::a,b}={value:}", path: "t", query: "b=2", want: []string{"b", "2"}},
		{tmpl: "/t?{filter::a,b}={value:}", path: "t", query: "c=2", want: []string{"", ""}},
		{tmpl: "/t?sort=-{field}", path: "t", query: "sort=-name", want: []string{"name"}},
		{tmpl: "/t?sort=-{field}", path: "t", query: "sort=name", err: "field: the query pair \"sort=name\" does not have the endpoint's form"},
		{tmpl: "/t/{id}?id={id}", path: "t/1", query: "id=2", err: "does not have the endpoint's form"},
		{tmpl: "/t/{id}?id={id}", path: "t/1", query: "id=1", want: []string{"1"}},
		{tmpl: "/r/{a}-{b}", path: "r/x-y-z", want: []string{"x", "y-z"}},
		// {+name}: one or more whole segments, then the literal text of its
		// last segment.
		{tmpl: "/v1/{+name}:cancel", path: "v1/projects/p/locations/l:cancel", want: []string{"projects/p/locations/l"}},
		{tmpl: "/v1/{+name}:cancel", path: "v1/p%20q:cancel", want: []string{"p q"}},
		{tmpl: "/v1/{+name}:cancel", path: "v1/:cancel", err: "name: a value is required"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a/b", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a//b:cancel", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1//b:cancel", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a/:cancel", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a/../b:cancel", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a/%2E%2E/b:cancel", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a/..:cancel", err: "no match"}, // the client rejects the value a/..
		{tmpl: "/v1/{+name}", path: "v1/a/..", err: "no match"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a%2Fb/c:cancel", err: "name: the path segment \"a%2Fb\" is not validly escaped, or holds an escaped '/'"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a/b%2Fc:cancel", err: "name: the path segment \"b%2Fc:cancel\" holds an escaped '/'"},
		{tmpl: "/v1/{+name}:cancel", path: "v1/a%zz/c:cancel", err: "not validly escaped"},
		{tmpl: "/v1/{+name}/versions/{v}", path: "v1/a/b/versions/3", want: []string{"a/b", "3"}},
		{tmpl: "/v1/{+name}/versions/{v}", path: "v1/versions/3", err: "no match"},
		{tmpl: "/v1/{+name:!:a/b,c}", path: "v1/a/c", err: `name: value "a/c" is not one of a/b, c`},
		{tmpl: "/v1/{+name:a/b}", path: "v1/", want: []string{"a/b"}},
		{tmpl: "{+path}", path: "a/b%20c", want: []string{"a/b c"}},
		{tmpl: "/x/{id}", path: "x/a/b", err: "no match"},
	}
	for _, tt := range tests {
		ep, _ := endpointOf(t, tt.tmpl)
		got, err := matchBoth(t, ep, tt.path, tt.query)
		switch {
		case tt.want != nil:
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: match(%q, %q) = %q, %v; want %q", tt.tmpl, tt.path, tt.query, got, err, tt.want)
			}
		case tt.err == "no match":
			if !errors.Is(err, apirt.ErrNoMatch) {
				t.Errorf("%s: match(%q, %q) = %q, %v; want no match", tt.tmpl, tt.path, tt.query, got, err)
			}
		default:
			var ve *apirt.ValidationError
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &ve) {
				t.Errorf("%s: match(%q, %q) = %q, %v; want a *ValidationError containing %q", tt.tmpl, tt.path, tt.query, got, err, tt.err)
			}
		}
	}
}

// TestMatchLists covers list parameters ({name*}): every pair of the key
// is an element.
func TestMatchLists(t *testing.T) {
	tests := []struct {
		tmpl, query string
		want        []string   // nil: an error
		lists       [][]string // by parameter index
		err         string
	}{
		{tmpl: "/v?id={id*}", query: "id=a&x=1&id=b+c", want: []string{""}, lists: [][]string{{"a", "b c"}}},
		{tmpl: "/v?id={id*}", query: "", err: "id: a value is required"},
		{tmpl: "/v?part={part*:snippet:snippet,id}", query: "", want: []string{""}, lists: [][]string{{"snippet"}}},
		{tmpl: "/v?part={part*:snippet:snippet,id}", query: "part=id", want: []string{""}, lists: [][]string{{"id"}}},
		{tmpl: "/v?part={part*:snippet:snippet,id}", query: "part=id&part=x", err: `part: element 1: value "x" is not one of snippet, id`},
		{tmpl: "/v?id={id*:}&x={x:}", query: "x=1&id=a", want: []string{"", "1"}, lists: [][]string{{"a"}, nil}},
		{tmpl: "/v?id={id*:}&x={x:}", query: "", want: []string{"", ""}, lists: [][]string{nil, nil}},
		{tmpl: "/v?id={id*:}", query: "id=", err: "id: element 0 is empty"},
		{tmpl: "/v?id={id*:}", query: "id=a&id=%zz", err: "the query is not validly escaped"},
	}
	for _, tt := range tests {
		ep, _ := endpointOf(t, tt.tmpl)
		got, lists, err := ep.MatchLists("v", tt.query)
		if tt.want != nil {
			if err != nil || !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(lists, tt.lists) {
				t.Errorf("%s: match(%q) = %q %q, %v; want %q %q", tt.tmpl, tt.query, got, lists, err, tt.want, tt.lists)
			}
			continue
		}
		var ve *apirt.ValidationError
		if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &ve) {
			t.Errorf("%s: match(%q) = %q %q, %v; want a *ValidationError containing %q", tt.tmpl, tt.query, got, lists, err, tt.err)
		}
	}
	// Match leaves the lists out; their values are "".
	ep, _ := endpointOf(t, "/v?id={id*}&x={x}")
	// Generated code passes lists that end at the last list parameter.
	if got, err := ep.BuildLists("http://h", []string{"", "1"}, [][]string{{"a", "b c"}}); err != nil || got != "http://h/v?id=a&id=b+c&x=1" {
		t.Errorf("BuildLists = %q, %v", got, err)
	}
	if got, err := ep.Match("v", "id=a&x=1"); err != nil || !reflect.DeepEqual(got, []string{"", "1"}) {
		t.Errorf("Match = %q, %v", got, err)
	}
}

// randomTemplate makes a template that match can invert: at most one
// parameter in each path segment and query value, parameter keys only with
// options, literal keys distinct from each other and from every option. It
// may have one multi-segment value ({+name}, with literal text after it in
// its last segment or not) and list values ({name*}).
// It returns the template and, for each of its parameters, a value that the
// fuzzer may replace.
func randomTemplate(rng *rand.Rand) string {
	lits := []string{"a", "tickets", "caf\u00e9", "x.y", "-", "~u_", "%41b", "q:r@s", "b%2Fc", "$&+,;=", "\u7968"}
	tag := func(name string, inQuery bool) string {
		switch rng.IntN(5) {
		case 0:
			return "{" + name + ":}"
		case 1:
			return "{" + name + ":d" + name + "}"
		case 2:
			return "{" + name + ":!:o1,o-2,o 3}"
		case 3:
			return "{" + name + ":o1:o1,o\u00e9}"
		}
		return "{" + name + "}"
	}
	var b strings.Builder
	n := 0
	multi := false
	for i := rng.IntN(4) + 1; i > 0; i-- {
		b.WriteByte('/')
		choice := rng.IntN(4)
		if choice == 3 && !multi {
			multi = true
			t := tag(fmt.Sprintf("p%d", n), false)
			b.WriteString("{+" + t[1:])
			n++
			if rng.IntN(2) == 0 {
				b.WriteString(":" + lits[rng.IntN(len(lits))])
			}
			continue
		}
		switch choice % 3 {
		case 0:
			b.WriteString(lits[rng.IntN(len(lits))])
		case 1:
			b.WriteString(tag(fmt.Sprintf("p%d", n), false))
			n++
		default:
			b.WriteString(lits[rng.IntN(len(lits))])
			b.WriteString(tag(fmt.Sprintf("p%d", n), false))
			n++
			b.WriteString(lits[rng.IntN(len(lits))])
		}
	}
	sep := "?"
	for i := rng.IntN(4); i > 0; i-- {
		b.WriteString(sep)
		sep = "&"
		switch rng.IntN(5) {
		case 4:
			t := tag(fmt.Sprintf("p%d", n), true)
			name, rest, _ := strings.Cut(t, ":")
			if !strings.HasSuffix(name, "}") {
				name += "*:" + rest
			} else {
				name = strings.TrimSuffix(name, "}") + "*}"
			}
			fmt.Fprintf(&b, "list%d=%s", i, name)
			n++
		case 0:
			fmt.Fprintf(&b, "lit%d=v%d", i, i)
		case 1:
			fmt.Fprintf(&b, "{k%d::key%da,key%db}=%s", n, i, i, tag(fmt.Sprintf("p%d", n+1), true))
			n += 2
		case 2:
			fmt.Fprintf(&b, "k%d=pre%s", i, tag(fmt.Sprintf("p%d", n), true))
			n++
		default:
			fmt.Fprintf(&b, "k%d=%s", i, tag(fmt.Sprintf("p%d", n), true))
			n++
		}
	}
	return b.String()
}

// FuzzMatchInvertsBuild checks that match(build(v)) == v: for random
// templates that match can invert (see randomTemplate) and arbitrary values,
// with the base URL varied, whenever the runtime builds a URL, match reads
// back exactly the values it was built from, defaults applied.
func FuzzMatchInvertsBuild(f *testing.F) {
	f.Add(uint64(1), "42", "a/b?c#d%e f&=+\u00fc", uint8(0))
	f.Add(uint64(2), "", "..", uint8(1))
	f.Add(uint64(3), "x.json", "o1", uint8(2))
	f.Add(uint64(4), "-", "key1a", uint8(3))
	f.Add(uint64(5), "%2F", "pre", uint8(4))
	bases := []string{"https://h.example", "https://h.example/api/v2", "http://h:8080/caf%C3%A9/", "https://h.example/a%2Fb//"}
	f.Fuzz(func(t *testing.T, seed uint64, v1, v2 string, b uint8) {
		rng := rand.New(rand.NewPCG(seed, seed>>7))
		tmpl := randomTemplate(rng)
		ep, tp := endpointOf(t, tmpl)
		base, err := apirt.NormalizeBase(bases[int(b)%len(bases)])
		if err != nil {
			t.Fatal(err)
		}
		values := map[string]string{}
		vals := make([]string, len(tp.Params))
		var lists [][]string
		for i, p := range tp.Params {
			if p.Repeated {
				if lists == nil {
					lists = make([][]string, len(tp.Params))
				}
				switch rng.IntN(4) {
				case 0:
					lists[i] = []string{v1, v2}
				case 1:
					lists[i] = []string{v2}
				case 2:
					if p.Options != nil {
						lists[i] = []string{p.Options[rng.IntN(len(p.Options))], p.Options[0]}
					}
				}
				continue
			}
			switch rng.IntN(4) {
			case 0:
				vals[i] = v1
			case 1:
				vals[i] = v2
			case 2:
				if p.Options != nil {
					vals[i] = p.Options[rng.IntN(len(p.Options))]
				}
			}
			values[p.Name] = vals[i]
		}
		built, err := ep.BuildLists(base, vals, lists)
		if err != nil {
			return // values the client rejects are never sent
		}
		path, query := split(t, base, built)
		matchBoth(t, ep, path, query)
		got, gotLists, err := ep.MatchLists(path, query)
		if err != nil {
			t.Fatalf("%s with %q %q: built %q; match(%q, %q): %v", tmpl, vals, lists, built, path, query, err)
		}
		want, wantLists := withDefaultsLists(tp, values, lists)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotLists, wantLists) {
			t.Fatalf("%s with %q %q: built %q; match = %q %q, want %q %q", tmpl, vals, lists, built, got, gotLists, want, wantLists)
		}
	})
}

// matchBoth is ep.Match, checking also that a server reads what Match
// reads, multi-segment values and lists included, both ways where both
// apply: the raw query in one pass (for the only method of a path whose
// query keys are all literal) and its decoded pairs.
func matchBoth(t testing.TB, ep *apirt.Endpoint, path, query string) ([]string, error) {
	t.Helper()
	if ok, why := apirt.ReadRawAgrees(ep, path, query); !ok {
		t.Errorf("match(%q, %q): %s", path, query, why)
	}
	return ep.Match(path, query)
}
