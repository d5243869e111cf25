package uritemplate

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// templateTests parse a template, print it canonically and expand it.
var templateTests = []struct {
	in     string
	canon  string   // canonical form; "" when the same as in
	params []string // "name@location"
	probs  []string // "index:w|e:substring"
}{
	{in: "/tickets/{ticket_id}.json", params: []string{"ticket_id@path"}},
	{in: "ticket_fields.json"},
	{in: "/tickets.json?view={view:open:open,closed,all_tickets}&page={page:}",
		params: []string{"view@query", "page@query"}},
	{in: "/search?{filter::name,company_email}={value:}",
		params: []string{"filter@query key", "value@query"}},
	{in: "/filter/{filter:!:a,b}?format=json", params: []string{"filter@path"}},
	{in: "/customers?&state={state::verified,all}", canon: "/customers?state={state::verified,all}",
		params: []string{"state@query"}, probs: []string{"11:w:empty query pair"}},
	{in: "/a/{id}/b/{id}?id={id}", params: []string{"id@path"}},
	{in: "/a?flag&x=", params: nil},
	{in: "/a?", canon: "/a", probs: []string{"3:w:empty query pair"}},
	{in: "/a/{id}/b/{id:}", canon: "/a/{id}/b/{id}", params: []string{"id@path"},
		probs: []string{"10:e:parameter \"id\" is tagged {id:} here but {id}"}},
	{in: "/a/{id", canon: "/a/", probs: []string{"3:e:unclosed '{'"}},
	{in: "/a/id}/b", canon: "/a/id/b", probs: []string{"5:e:unmatched '}'"}},
	{in: "/a/{x::{y}}", canon: "/a/{x::{y}", params: []string{"x@path"},
		probs: []string{"3:w:optional parameter", "7:e:'{' inside a tag", "10:e:unmatched '}'"}},
	{in: "/a b#c", probs: []string{"4:e:'#' in an endpoint"}}, // a space is encoded, not an error
	{in: "/a%2Fb%zz", probs: []string{"6:e:'%' not followed by two hex digits"}},
	{in: "/a/{x:}", params: []string{"x@path"}, probs: []string{"3:w:optional parameter \"x\" in the path"}},
	{in: "/a?=v", probs: []string{"3:e:a query pair needs a key"}},
	// Only the first '?' starts the query, and only a pair's first '=' ends
	// its key.
	{in: "/p?x?y"},
	{in: "/a?x=b=c"},
	{in: "/a?{k}=={v}", params: []string{"k@query key", "v@query"}},
	{in: "/a}b}c?d}e", canon: "/abc?de", probs: []string{"2:e:unmatched '}'", "4:e:unmatched '}'", "8:e:unmatched '}'"}},
	// A default or option that makes its path segment "." or ".." could
	// never be sent.
	{in: "/files/{name::.,..,a}", params: []string{"name@path"}, probs: []string{
		"7:w:optional parameter", `14:e:option "." of path parameter "name" makes the path segment "."`,
		`16:e:option ".." of path parameter "name" makes the path segment ".."`}},
	{in: "/f/{name:.}", params: []string{"name@path"}, probs: []string{
		`9:e:default "." of path parameter "name" makes the path segment ".", which clients reject before sending a request: choose another default`}},
	{in: "/f/.{x:!: a , . }/g", canon: "/f/.{x:!:a,.}/g", params: []string{"x@path"}, probs: []string{
		`9:w:option "a" has spaces`, `13:w:option "." has spaces`, `14:e:option "." of path parameter "x" makes the path segment ".."`}},
	{in: "/f/{x:!:..,a}.json/{x:!:..,a}{y}?q={z::.,..}", params: []string{"x@path", "y@path", "z@query"}},
	{in: "/a?&", canon: "/a", probs: []string{"3:w:empty query pair", "4:w:empty query pair"}},
	// {+name}: a multi-segment path value.
	{in: "/v1/{+name}:cancel", params: []string{"name@path"}},
	{in: "{+path}", params: []string{"path@path"}},
	{in: "/repos/{owner}/{repo}/contents/{+path:!:a/b,c}?ref={ref:}", params: []string{"owner@path", "repo@path", "path@path", "ref@query"}},
	{in: "/v1/{+name:projects/p}/x", params: []string{"name@path"}},
	{in: "/v1/x{+name}", params: []string{"name@path"}, probs: []string{"5:e:multi-segment value {+name} must start a path segment"}},
	{in: "/v1/{a}{+name}", params: []string{"a@path", "name@path"}, probs: []string{"7:e:multi-segment value {+name} must start a path segment"}},
	{in: "/v1/{+name}{b}", params: []string{"name@path", "b@path"}, probs: []string{`11:e:parameter "b" shares a path segment with the multi-segment value`}},
	{in: "/v1/{+name}.{b*}", params: []string{"name@path", "b@path"}, probs: []string{`12:e:repeated parameter {...*} "b" in the path`, `12:e:parameter "b" shares a path segment`}},
	{in: "/{+a}/x/{+b}", params: []string{"a@path", "b@path"}, probs: []string{"8:e:a second multi-segment value"}},
	{in: "/{+a}/{+a}", params: []string{"a@path"}, probs: []string{"6:e:a second multi-segment value"}},
	{in: "/{+a:!:x//y,a,./b, c/.. }", canon: "/{+a:!:x//y,a,./b,c/..}", params: []string{"a@path"}, probs: []string{
		`7:e:option "x//y" of multi-segment parameter "a" has an empty`, `14:e:option "./b" of multi-segment`,
		`18:w:option "c/.." has spaces`, `19:e:option "c/.." of multi-segment`}},
	{in: "/{+a:/x}", params: []string{"a@path"}, probs: []string{`5:e:default "/x" of multi-segment parameter "a" has an empty`}},
	{in: "/{+a:x/..}", params: []string{"a@path"}, probs: []string{`5:e:default "x/.."`}},
	{in: "/{+a:.}", params: []string{"a@path"}, probs: []string{`5:e:default "." of multi-segment`}}, // not also as a dot segment
	{in: "/t?q={+q}", params: []string{"q@query"}, probs: []string{`5:e:multi-segment value {+...} of parameter "q" in the query`}},
	{in: "/t?{+k}=1", params: []string{"k@query key"}, probs: []string{`3:e:multi-segment value {+...} of parameter "k" in the query key`}},
	{in: "/t/{+q*}", canon: "/t/{+q*}", params: []string{"q@path"}, probs: []string{`3:e:repeated parameter {...*} "q" in the path`, "4:e:a tag is either a multi-segment"}},
	// {name*}: a repeated query value.
	{in: "/videos?id={id*}&part={part*:snippet:snippet,id}", params: []string{"id@query", "part@query"}},
	{in: "/v?expand[]={expand*:}", params: []string{"expand@query"}},
	{in: "/v/{id*}", params: []string{"id@path"}, probs: []string{`3:e:repeated parameter {...*} "id" in the path`}},
	{in: "/v?{id*}=1", params: []string{"id@query key"}, probs: []string{`3:e:repeated parameter {...*} "id" as a query key`}},
	{in: "/v?id=x{id*}", params: []string{"id@query"}, probs: []string{"7:e:repeated parameter {id*} must be the whole value"}},
	{in: "/v?id={id*}{b}", params: []string{"id@query", "b@query"}, probs: []string{"6:e:repeated parameter {id*} must be the whole value"}},
	{in: "/v?{k}={id*}", params: []string{"k@query key", "id@query"}, probs: []string{"7:e:repeated parameter {id*} needs a literal query key"}},
	{in: "/v?id={id*}&x={id*}", params: []string{"id@query"}, probs: []string{`14:e:repeated parameter "id" appears twice`}},
	{in: "/v/{id}?id={id*}", canon: "/v/{id}?id={id}", params: []string{"id@path"}, probs: []string{`11:e:parameter "id" is tagged {id*} here but {id}`}},
	{in: "/v?id={*}", canon: "/v?id={*}", params: []string{"@query"}, probs: []string{"7:e:a tag needs a parameter name"}},
}

func TestParseTemplate(t *testing.T) {
	for _, tt := range templateTests {
		tmpl, probs := Parse(tt.in)
		checkProblems(t, tt.in, probs, tt.probs)
		want := tt.canon
		if want == "" {
			want = tt.in
		}
		if got := tmpl.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, want)
		}
		var params []string
		for _, p := range tmpl.Params {
			params = append(params, p.Name+"@"+p.In.String())
		}
		if strings.Join(params, " ") != strings.Join(tt.params, " ") {
			t.Errorf("Parse(%q) params = %v, want %v", tt.in, params, tt.params)
		}
		if hasError(probs) {
			continue
		}
		back, probs := Parse(tmpl.String())
		if len(probs) != countWarnings(probs) || back.String() != tmpl.String() {
			t.Errorf("canonical form %q of %q does not parse back the same: %q %v", tmpl, tt.in, back, probs)
		}
	}
}

func hasError(probs []Problem) bool { return len(probs) != countWarnings(probs) }

func countWarnings(probs []Problem) int {
	n := 0
	for _, p := range probs {
		if p.Warning {
			n++
		}
	}
	return n
}

func TestStripped(t *testing.T) {
	tmpl, _ := Parse("/t/{id:!:a,b}.json/{+name:x}:cancel?{k::x,y}={v:}&view={view:open:open,all}&f=1&ids={ids*:}")
	if got, want := tmpl.Stripped(), "/t/{id}.json/{+name}:cancel?{k}={v}&view={view}&f=1&ids={ids*}"; got != want {
		t.Errorf("Stripped() = %q, want %q", got, want)
	}
}

// BenchmarkParseLong parses templates with many query pairs, and a tag with
// many options, at two sizes ten times apart: parsing is linear, so the
// larger takes about ten times as long.
func BenchmarkParseLong(b *testing.B) {
	shapes := []struct {
		name string
		item func(i int) string
		sep  string
		pre  string
		post string
	}{
		{"query_pairs", func(i int) string { return fmt.Sprintf("a%d={a%d:}", i, i) }, "&", "/x?", ""},
		{"options", func(i int) string { return "o" + strconv.Itoa(i) }, ",", "/x?s={s::", "}"},
	}
	for _, s := range shapes {
		for _, n := range []int{5000, 50000} {
			items := make([]string, n)
			for i := range items {
				items[i] = s.item(i)
			}
			text := s.pre + strings.Join(items, s.sep) + s.post
			b.Run(s.name+"/n="+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					if _, probs := Parse(text); hasError(probs) {
						b.Fatal(probs[0].Msg)
					}
				}
			})
		}
	}
}

// FuzzCanonical parses arbitrary template text and checks that the
// canonical form of every template that parses without errors parses to
// the same template, and that no message shows a hidden character as it
// is (TestMessagesShowNoHiddenCharacters). (What templates mean on the wire is fuzzed with the
// runtime: FuzzTemplate in internal/apirt.)
func FuzzCanonical(f *testing.F) {
	for _, tt := range templateTests {
		f.Add(tt.in)
	}
	f.Add("/a/{x}?{k}={v}&lit=1")
	f.Add("/{a}{b}/c")
	for _, s := range messageTemplates {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMessages(t, s)
		tmpl, probs := Parse(s)
		if hasError(probs) {
			return
		}
		canon := tmpl.String()
		back, probs := Parse(canon)
		if hasError(probs) {
			t.Fatalf("canonical form %q of %q has errors: %v", canon, s, probs)
		}
		if back.String() != canon || !reflect.DeepEqual(back.Path, tmpl.Path) || len(back.Params) != len(tmpl.Params) {
			t.Fatalf("canonical form %q of %q parses as %q", canon, s, back.String())
		}
		for i := range back.Params {
			if !back.Params[i].Tag.Equal(tmpl.Params[i].Tag) || back.Params[i].In != tmpl.Params[i].In {
				t.Fatalf("canonical form %q of %q: parameter %d differs", canon, s, i)
			}
		}
	})
}
