package apirt_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/expandtable"
	"github.com/apigen-go/apigen/uritemplate"
)

// tableCases are methods, as endpointsOf takes them, whose tables must
// read back as the endpoints they were written from.
var tableCases = []string{
	"GET ",
	"GET /",
	"GET ping.json",
	"GET /tickets/{ticket_id}.json",
	"GET /tickets.json?view={view:open:open,pending,solved}&page={page:}&per_page={per_page:25}",
	"GET /a/{x}/b/{x}?x={x}&{k::p,q}={x}",
	"GET /customers/filter/{filter:!:name,email}?format=json",
	"GET /files/{+path}?tag={tag*}&flag&empty=",
	"GET /a?&b=1",
	"GET /{a}{b}{c}?{a}{b}={c}",
	"GET /a%7Bb%7D/c\\d^f`g h?q=%5C\\x=y&z",
	"POST /x | data; kind:shipping:billing,shipping; notify:",
	"GET /many/" + manyParams(40),
}

func manyParams(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "{p%d}/", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "{p%d}/", n-1-i)
	}
	return b.String()
}

// TestTableReadsBack checks that the text of each table reads back as the
// endpoint it was written from, for the expansion table's templates, the
// cases above, and tags with every byte that the text's syntax uses in
// their names, defaults and options.
func TestTableReadsBack(t *testing.T) {
	eps := endpointsOf(t, tableCases)
	for _, tt := range expandtable.Read(t) {
		tp, probs := uritemplate.Parse(tt.Template)
		if !hasError(probs) { // the table also holds templates that lint refuses
			eps = append(eps, apirt.NewEndpoint("GET", "M", tp, nil))
		}
	}
	for _, e := range eps {
		if got := apirt.ReadBack(e); !apirt.SameEndpoint(got, e) {
			t.Errorf("table %s\nreads back as %+v\nwant         %+v", apirt.TableText(e), *got, *e)
		}
	}

	hard := []string{`\`, `{`, `}`, `:`, `,`, `!`, `!:`, `!}`, `+`, `*`, `?`, `&`, `=`, ` `, `"`, `\\:`, "é\u202e", ""}
	for _, h := range hard {
		for _, tag := range []uritemplate.Tag{
			{Name: "a" + h + "b"},
			{Name: h + "n" + h},
			{Name: "d", Default: h},
			{Name: "d", Default: h + "x"},
			{Name: "o", Options: []string{h, "x" + h, h + h}},
			{Name: "r", Required: true, Options: []string{h + "y"}},
			{Name: "o", Default: h, Options: []string{"z", h}},
		} {
			tp, _ := uritemplate.Parse("/p/{x}?q={y:}")
			tp.Params[1].Tag = tag
			tp.Params[1].Name = tag.Name
			e := apirt.NewEndpoint("PUT", "R"+h, tp, []uritemplate.Tag{tag, {Name: "z" + h, Default: h}})
			if got := apirt.ReadBack(e); !apirt.SameEndpoint(got, e) {
				t.Errorf("tag %+v: table %s\nreads back as %+v\nwant         %+v", tag, apirt.TableText(e), *got, *e)
			}
		}
	}
}

// TestTableText checks the text of tables as the generated code shows it.
func TestTableText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"GET /tickets/{ticket_id}.json", `table{method: "GET", name: "M0", url: "tickets/{ticket_id}.json"}`},
		{"GET /a/{x}?x={x}&{k::p,q}={v:d}&f", `table{method: "GET", name: "M0", url: "a/{x}?x={x}&{k::p,q}={v:d}&f"}`},
		{"GET /f/{filter:!:a,b}/{+rest}?t={t*}", `table{method: "GET", name: "M0", url: "f/{filter:!:a,b}/{+rest}?t={t*}"}`},
		{"POST /x | data; kind:s:b,s; n:", `table{method: "POST", name: "M0", url: "x", body: "{data} {kind:s:b,s} {n:}"}`},
		{"GET /o?q={q:!x:!x,\\}", `table{method: "GET", name: "M0", url: "o?q={q:\\!x:!x,\\\\}"}`},
	} {
		var b bytes.Buffer
		endpointsOf(t, []string{tt.in})[0].WriteGo(&b)
		if b.String() != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, b.String(), tt.want)
		}
	}
}

// FuzzTableText checks that every table apigen can write reads back as its
// endpoint, with arbitrary text in a default, an option and a body tag,
// and that reading arbitrary text never fails.
func FuzzTableText(f *testing.F) {
	for _, s := range tableCases {
		f.Add(s, "x", "o")
	}
	f.Add("GET /a/{b:}?c={c*}", `\:}`, `!,{`)
	f.Fuzz(func(t *testing.T, s, def, opt string) {
		apirt.ReadTable("GET", "M", s, def+opt) // text apigen did not write
		_, rest, _ := strings.Cut(s, " ")
		tmpl, body, _ := strings.Cut(rest, " | ")
		tp, probs := uritemplate.Parse(tmpl)
		if hasError(probs) {
			return
		}
		var tags []uritemplate.Tag
		for _, b := range strings.Split(body, ";") {
			tag, probs := uritemplate.ParseTag(strings.TrimSpace(b), 0)
			if len(probs) > 0 {
				return
			}
			tags = append(tags, tag)
		}
		tags = append(tags, uritemplate.Tag{Name: opt, Default: def, Options: []string{opt, def}})
		for i := range tp.Params {
			if !tp.Params[i].Required && i%2 == 0 {
				tp.Params[i].Default, tp.Params[i].Options = def, []string{def, opt}
			}
		}
		e := apirt.NewEndpoint("GET", "M", tp, tags)
		if got := apirt.ReadBack(e); !apirt.SameEndpoint(got, e) {
			t.Fatalf("table %s\nreads back as %+v\nwant         %+v", apirt.TableText(e), *got, *e)
		}
	})
}

// TestDocTablesAreGenerated checks that the request tables that
// docs/go-client.md shows are those of the helpdesk example.
func TestDocTablesAreGenerated(t *testing.T) {
	doc, err := os.ReadFile("../../docs/go-client.md")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../examples/helpdesk/*.gen.go")
	var gen strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		gen.Write(b)
	}
	n := 0
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "var ") && strings.Contains(line, " = table{") {
			n++
			if !strings.Contains(gen.String(), "\n"+line+"\n") {
				t.Errorf("docs/go-client.md shows a table that examples/helpdesk does not have:\n%s", line)
			}
		}
	}
	if n == 0 {
		t.Error("docs/go-client.md shows no request table")
	}
}

// TestExampleRuntimesAreCurrent checks that the runtime files of the
// example packages are this runtime, part by part, so that `go test`
// fails (not only the CI's staleness check) when examples/ was generated
// from another version of it, as the first commit of text tables was:
// its examples read tables with an older reader.
func TestExampleRuntimesAreCurrent(t *testing.T) {
	files := map[string]apirt.Part{"runtime.gen.go": apirt.ClientPart, "server_runtime.gen.go": apirt.ServerPart, "events_runtime.gen.go": apirt.EventsPart, "problem_runtime.gen.go": apirt.ProblemPart}
	dirs, _ := filepath.Glob("../../examples/*")
	n := 0
	for _, dir := range dirs {
		for name, part := range files {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if os.IsNotExist(err) {
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			n++
			_, src, ok := strings.Cut(string(b), "\npackage ")
			pkg, _, _ := strings.Cut(src, "\n")
			if want := string(apirt.Source(part, pkg)); !ok || "package "+src != want {
				t.Errorf("%s is not the runtime's part %d: run go generate ./...", filepath.Join(dir, name), part)
			}
		}
	}
	if n == 0 {
		t.Error("no runtime file in examples/")
	}
}

// BenchmarkReadTables reads the tables of the 11,000 methods of the
// synthetic definition, as a generated server's NewHandler does (a client
// reads one table at its method's first call): tables/op and the time and
// allocations of all of them.
func BenchmarkReadTables(b *testing.B) {
	eps := synthEndpoints(b)
	texts := make([][4]string, len(eps))
	for i, e := range eps {
		texts[i][0], texts[i][1], texts[i][2], texts[i][3] = apirt.TableFields(e)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, t := range texts {
			apirt.ReadTable(t[0], t[1], t[2], t[3])
		}
	}
	b.ReportMetric(float64(len(texts)), "tables/op")
}
