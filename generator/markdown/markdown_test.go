package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../../testdata/golden")

// markdown runs the Markdown target and returns its page; errors fail the
// test.
func markdown(t testing.TB, api *model.API) []byte {
	t.Helper()
	files, diags := Generate(api, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return files[File(api)]
}

// fullName is the Go call path of m.
func fullName(t testing.TB, api *model.API, m *model.Method) string {
	names, _ := golang.Name(api, "")
	return names.Method(m).FullName
}

// markdownDefs are the definitions whose docs the tests check.
func markdownDefs(t *testing.T) []string {
	golden, _ := filepath.Glob("../../testdata/golden/*/*.json")
	shipped, _ := filepath.Glob("../../definitions/*.json")
	if len(golden) == 0 || len(shipped) == 0 {
		t.Fatal("no definitions")
	}
	return append(golden, shipped...)
}

func TestMarkdownGolden(t *testing.T) {
	defs, _ := filepath.Glob("../../testdata/golden/*/*.json")
	for _, def := range defs {
		api := deftest.File(t, def)
		page := markdown(t, api)
		golden := filepath.Join(filepath.Dir(def), File(api))
		if *update {
			os.WriteFile(golden, page, 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil || !bytes.Equal(page, want) {
			t.Errorf("%s is stale or missing (%v); run go test ./generator/markdown -update", golden, err)
		}
	}
}

// githubSlug implements GitHub's heading anchors independently of Slug:
// lower case; drop what is not a letter, mark, number, connector
// punctuation, space or hyphen; spaces become hyphens.
func githubSlug(s string) string {
	keep := func(r rune) rune {
		switch {
		case r == ' ':
			return '-'
		case r == '-', unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
			return r
		}
		return -1
	}
	return strings.Map(keep, strings.ToLower(s))
}

// TestMarkdownStructure parses each generated page with a CommonMark parser
// and checks that every in-page link resolves to a heading's anchor, that
// every method has exactly one heading, that every code block is fenced and
// closed, and that every curl example's URL is the one the client sends.
func TestMarkdownStructure(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	curlRx := regexp.MustCompile(`(?m)^curl -X (\S+) '([^']*)'`)
	for _, def := range markdownDefs(t) {
		api := deftest.File(t, def)
		src := markdown(t, api)
		doc := md.Parser().Parse(text.NewReader(src))

		anchors := map[string]bool{}
		seen := map[string]int{}
		headings := map[string]int{} // level-3 heading text -> count
		var links []string
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Heading:
				txt := string(n.Lines().Value(src))
				slug := githubSlug(txt)
				if k := seen[slug]; k > 0 {
					anchors[slug+"-"+strconv.Itoa(k)] = true
				} else {
					anchors[slug] = true
				}
				seen[slug]++
				if n.Level == 3 {
					headings[txt]++
				}
			case *ast.Link:
				links = append(links, string(n.Destination))
			case *ast.CodeBlock:
				t.Errorf("%s: an indented code block at %q", def, n.Lines().Value(src))
			}
			return ast.WalkContinue, nil
		})
		for _, l := range links {
			if l == standardWebhooks && len(api.Events()) > 0 {
				continue // the one link out of the page, in the events section
			}
			if a, ok := strings.CutPrefix(l, "#"); !ok || !anchors[a] {
				t.Errorf("%s: link %q does not resolve to a heading", def, l)
			}
		}

		var methods []*model.Method
		api.Root.Walk(func(r *model.Resource) { methods = append(methods, r.Methods...) })
		if len(links) < len(methods) {
			t.Errorf("%s: %d links for %d methods", def, len(links), len(methods))
		}
		for _, m := range methods {
			if headings[fullName(t, api, m)] != 1 {
				t.Errorf("%s: method %s has %d headings, want 1", def, fullName(t, api, m), headings[fullName(t, api, m)])
			}
		}
		for _, e := range api.Events() {
			if headings[mdLine(e.Type)] != 1 {
				t.Errorf("%s: event %s has %d headings, want 1", def, e.Type, headings[mdLine(e.Type)])
			}
		}
		if len(headings) != len(methods)+len(api.Events()) {
			t.Errorf("%s: %d method and event headings for %d methods and %d events", def, len(headings), len(methods), len(api.Events()))
		}

		open := false
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(line, "```") {
				if !open && line == "```" {
					t.Errorf("%s: a code block opens without a language", def)
				}
				open = !open
			}
		}
		if open {
			t.Errorf("%s: a code block is not closed", def)
		}

		curls := curlRx.FindAllStringSubmatch(string(src), -1)
		if len(curls) != len(methods) {
			t.Fatalf("%s: %d curl examples for %d methods", def, len(curls), len(methods))
		}
		for i, m := range methods {
			want, err := apirt.Expand(m.Template, ExampleBase(api), ExampleValues(m))
			if err != nil {
				t.Errorf("%s: %s: example values are rejected: %v", def, fullName(t, api, m), err)
			}
			if curls[i][1] != m.HTTPMethod || curls[i][2] != want {
				t.Errorf("%s: %s: curl %s %s, the client sends %s %s", def, fullName(t, api, m), curls[i][1], curls[i][2], m.HTTPMethod, want)
			}
		}
	}
}

func TestSlug(t *testing.T) {
	for _, s := range []string{"Ticket.Note.Get", "Top-level methods", "helpdesk API", "Making a client", "a_b c-d", "Grüße.Welt", "x (y)!"} {
		if Slug(s) != githubSlug(s) {
			t.Errorf("Slug(%q) = %q, GitHub gives %q", s, Slug(s), githubSlug(s))
		}
	}
}

func TestMarkdownDeterministic(t *testing.T) {
	a := markdown(t, deftest.File(t, "../../definitions/crm.json"))
	b := markdown(t, deftest.File(t, "../../definitions/crm.json"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Error("Markdown differs between runs")
	}
}

func TestMarkdownAnchorsAreUnique(t *testing.T) {
	// A resource "TicketNote" and a resource path "Ticket.Note" have the same
	// slug; the second gets -1, and the contents link to each correctly.
	api := deftest.Source(t, "dup.json", `{"TicketNote": {"get": ["GET", "/a"]}, "Ticket": {"Note": {"get": ["GET", "/b"]}}}`)
	page := string(markdown(t, api))
	for _, want := range []string{"- [TicketNote](#ticketnote)", "  - [TicketNote.Get](#ticketnoteget)", "  - [Ticket.Note](#ticketnote-1)", "    - [Ticket.Note.Get](#ticketnoteget-1)"} {
		if !strings.Contains(page, want+"\n") {
			t.Errorf("contents lack %q:\n%s", want, page)
		}
	}
}

// standardWebhooks is the link of the events section to the conventions.
const standardWebhooks = "https://www.standardwebhooks.com/"

// TestCurlExamplesShowWhatTheClientSends protects the curl examples from the
// defects of issue 9: no authentication, a lone body parameter shown as a
// JSON string, and a body for a lone optional body parameter that the client
// does not send. Each example has the client's headers, the Authorization
// header of WithBearerToken, and exactly the body that the client's runtime
// encodes for the example values, or none.
func TestCurlExamplesShowWhatTheClientSends(t *testing.T) {
	const head = "curl -X POST 'https://api.example.com/x' \\\n  -H \"Authorization: Bearer $TOKEN\""
	const withBody = head + " \\\n  -H 'Content-Type: application/json' \\\n  --data-binary "
	for _, tt := range []struct{ body, want string }{
		{`"data"`, withBody + "@data.json"},
		{`"data:"`, head},
		{`"data:x"`, withBody + `'"x"'`},
		{`"data::a,b"`, head},
		{`"data:!:a,b"`, withBody + `'"a"'`},
		{`["subject", "priority:"]`, withBody + `'{"subject":"SUBJECT"}'`},
		{`["a:", "b:"]`, withBody + `'{}'`},
		{`["note:it's", "kind:!:x,y"]`, withBody + `'{"note":"it'\''s","kind":"x"}'`},
		{`["html:<b>&"]`, withBody + `'"\u003cb\u003e\u0026"'`},
	} {
		src := `{"_url": "https://api.example.com", "send": ["POST", "/x", ` + tt.body + `]}`
		api := deftest.Source(t, "api.json", src)
		if got := Curl(api, api.Root.Methods[0]); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.body, got, tt.want)
		}
	}
	api := deftest.Source(t, "api.json", `{"send": ["POST", "/x", "ticket"]}`)
	files := map[string][]byte{"api.md": markdown(t, api)}
	if want := "`ticket.json` holds the request body: the JSON encoding of the value you pass as `ticket`.\n"; !strings.Contains(string(files["api.md"]), want) {
		t.Errorf("the page does not say what the body file holds:\n%s", files["api.md"])
	}
	for _, want := range []string{"`Authorization: Bearer $TOKEN`, which is what `WithBearerToken` sends", "`-u \"$API_USER:$API_PASSWORD\"`, which sends the same `Authorization: Basic` header"} {
		if !strings.Contains(string(files["api.md"]), want) {
			t.Errorf("the page does not say %s", want)
		}
	}
}

// BenchmarkGenerate generates the docs of synthetic definitions with
// 1,100 and 11,000 methods.
func BenchmarkGenerate(b *testing.B) {
	deftest.BenchGenerate(b, func(api *model.API) { Generate(api, Options{}) })
}

// TestGenerationAllocsLinear checks that allocations grow linearly with the
// size of the definition.
func TestGenerationAllocsLinear(t *testing.T) {
	deftest.AllocsLinear(t, func(api *model.API) { Generate(api, Options{}) })
}
