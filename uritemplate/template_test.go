package uritemplate

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/clientrt"
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
	{in: "/a b#c", probs: []string{"2:e:space in an endpoint", "4:e:'#' in an endpoint"}},
	{in: "/a%2Fb%zz", probs: []string{"6:e:'%' not followed by two hex digits"}},
	{in: "/a/{x:}", params: []string{"x@path"}, probs: []string{"3:w:optional parameter \"x\" in the path"}},
	{in: "/a?=v", probs: []string{"3:e:a query pair needs a key"}},
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

// expandTests is the table shared with the generated-client tests: the
// same template, base and values must give the same URL or error.
var expandTests = []struct {
	tmpl   string
	base   string
	values map[string]string
	want   string // URL, or "error: <substring>"
}{
	{"/tickets/{ticket_id}.json", "https://h.example/api/v2", map[string]string{"ticket_id": "42"},
		"https://h.example/api/v2/tickets/42.json"},
	{"ticket_fields.json", "https://h.example/api/v2/", nil, "https://h.example/api/v2/ticket_fields.json"},
	{"/x", "https://h.example//", nil, "https://h.example/x"},
	{"/tickets/{id}", "http://h", map[string]string{"id": "a/b?c#d%e f&ü"},
		"http://h/tickets/a%2Fb%3Fc%23d%25e%20f&%C3%BC"},
	{"/tickets?view={view:open:open,closed}&page={page:}", "http://h", nil, "http://h/tickets?view=open"},
	{"/tickets?view={view:open:open,closed}&page={page:}", "http://h",
		map[string]string{"view": "closed", "page": "2 &x=y"}, "http://h/tickets?view=closed&page=2+%26x%3Dy"},
	{"/tickets?view={view:open:open,closed}", "http://h", map[string]string{"view": "bogus"},
		"error: template: parameter view: value \"bogus\" is not one of open, closed"},
	{"/t/{id}", "http://h", nil, "error: template: parameter id: a value is required"},
	{"/t/{id}", "http://h", map[string]string{"id": ".."}, "error: parameter id: \"..\" cannot be a path segment"},
	{"/t/{id}/x", "http://h", map[string]string{"id": "."}, "error: parameter id: \".\" cannot be a path segment"},
	{"/t/{a}{b}", "http://h", map[string]string{"a": ".", "b": "."}, "error: parameter a: \"..\" cannot be a path segment"},
	{"/t/{id}.json", "http://h", map[string]string{"id": "."}, "http://h/t/..json"},
	{"/s?{filter::name,email}={value:}", "http://h", map[string]string{"filter": "email", "value": "a@b"},
		"http://h/s?email=a%40b"},
	{"/s?{filter::name,email}={value:}", "http://h", map[string]string{"filter": "email"}, "http://h/s"},
	{"/f/{f:!:a,b}?format=json", "http://h", map[string]string{"f": "b"}, "http://h/f/b?format=json"},
	{"/c?&state={state::verified,all}", "http://h", map[string]string{"state": "all"}, "http://h/c?state=all"},
	{"/a/{id}?id={id}&flag", "http://h", map[string]string{"id": "x y"}, "http://h/a/x%20y?id=x+y&flag"},
	{"/a", "ftp://h", nil, "error: must start with http:// or https://"},
	{"/a", "https://h?x=1", nil, "error: must not have a query or fragment"},
	{"/a", "/relative", nil, "error: must start with http:// or https://"},
}

func TestExpand(t *testing.T) {
	for _, tt := range expandTests {
		tmpl, probs := Parse(tt.tmpl)
		if hasError(probs) {
			t.Fatalf("Parse(%q): %v", tt.tmpl, probs)
		}
		got, err := tmpl.Expand(tt.base, tt.values)
		if err != nil {
			got = "error: " + err.Error()
		}
		if msg, ok := strings.CutPrefix(tt.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), msg) {
				t.Errorf("Expand(%q, %q, %v) = %q, want error containing %q", tt.tmpl, tt.base, tt.values, got, msg)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Expand(%q, %q, %v) = %q, want %q", tt.tmpl, tt.base, tt.values, got, tt.want)
		}
	}
}

func TestValidationErrorType(t *testing.T) {
	tmpl, _ := Parse("/t/{id}")
	_, err := tmpl.Expand("http://h", nil)
	var ve *clientrt.ValidationError
	if !errors.As(err, &ve) || ve.Param != "id" {
		t.Fatalf("error %v is not a ValidationError for id", err)
	}
}
