package apirt

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/expandtable"
	"github.com/apigen-go/apigen/uritemplate"
)

// readBack returns the endpoint that a generated package reads from the
// table apigen writes for e.
func readBack(e *endpoint) *endpoint {
	t := e.table()
	return readTable(t.method, t.name, t.url, t.body)
}

// tableText is the text of e's table, for messages.
func tableText(e *endpoint) string {
	t := e.table()
	return fmt.Sprintf("url %q body %q", t.url, t.body)
}

// sameEndpoint reports whether a and b describe the same endpoint: equal
// but for empty slices that are nil in one and not in the other.
func sameEndpoint(a, b *endpoint) bool {
	return reflect.DeepEqual(tidy(*a), tidy(*b))
}

func tidy(e endpoint) endpoint {
	pieces := func(ps []piece) []piece {
		if len(ps) == 0 {
			return nil
		}
		return ps
	}
	params := func(ps []param) []param {
		if len(ps) == 0 {
			return nil
		}
		return ps
	}
	e.path = pieces(e.path)
	e.params, e.body = params(e.params), params(e.body)
	if len(e.query) == 0 {
		e.query = nil
	}
	for i := range e.query {
		e.query[i].key, e.query[i].value = pieces(e.query[i].key), pieces(e.query[i].value)
	}
	return e
}

// tableCases are templates, with body tags after '|', whose tables must
// read back as the endpoints they were written from.
var tableCases = []string{
	"",
	"/",
	"ping.json",
	"/tickets/{ticket_id}.json",
	"/tickets.json?view={view:open:open,pending,solved}&page={page:}&per_page={per_page:25}",
	"/a/{x}/b/{x}?x={x}&{k::p,q}={x}",
	"/customers/filter/{filter:!:name,email}?format=json",
	"/files/{+path}?tag={tag*}&flag&empty=",
	"/a?&b=1",
	"/{a}{b}{c}?{a}{b}={c}",
	"/a%7Bb%7D/c\\d^f`g h?q=%5C\\x=y&z",
	"/x | {data} {kind:shipping:billing,shipping} {notify:}",
	"/many/" + manyParams(40),
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

// endpointOf parses a template, with body tags after '|', as apigen does.
func endpointOf(t *testing.T, s string) *endpoint {
	t.Helper()
	tmpl, body, _ := strings.Cut(s, "|")
	tp, probs := uritemplate.Parse(tmpl)
	for _, p := range probs {
		if !p.Warning {
			t.Fatalf("%q: %s", s, p.Msg)
		}
	}
	var tags []uritemplate.Tag
	for _, f := range strings.Fields(body) {
		tag, probs := uritemplate.ParseTag(strings.Trim(f, "{}"), 0)
		if len(probs) > 0 {
			t.Fatalf("%q: %s", f, probs[0].Msg)
		}
		tags = append(tags, tag)
	}
	return NewEndpoint("POST", "Res.Method", tp, tags)
}

// TestTableReadsBack checks that the text of each table reads back as the
// endpoint it was written from, for the expansion table's templates, the
// cases above, and tags with every byte that the text's syntax uses in
// their names, defaults and options.
func TestTableReadsBack(t *testing.T) {
	var eps []*endpoint
	for _, s := range tableCases {
		eps = append(eps, endpointOf(t, s))
	}
	for _, tt := range expandtable.Read(t) {
		tp, probs := uritemplate.Parse(tt.Template)
		if !hasErrorProblem(probs) { // the table also holds templates that lint refuses
			eps = append(eps, NewEndpoint("GET", "M", tp, nil))
		}
	}
	for _, e := range eps {
		if got := readBack(e); !sameEndpoint(got, e) {
			t.Errorf("table %+v\nreads back as %+v\nwant         %+v", tableText(e), *got, *e)
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
			e := NewEndpoint("PUT", "R"+h, tp, []uritemplate.Tag{tag, {Name: "z" + h, Default: h}})
			if got := readBack(e); !sameEndpoint(got, e) {
				t.Errorf("tag %+v: table %+v\nreads back as %+v\nwant         %+v", tag, tableText(e), *got, *e)
			}
		}
	}
}

func hasErrorProblem(probs []uritemplate.Problem) bool {
	for _, p := range probs {
		if !p.Warning {
			return true
		}
	}
	return false
}

// TestTableText checks the text of tables as the generated code shows it.
func TestTableText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/tickets/{ticket_id}.json", `table{method: "POST", name: "Res.Method", url: "tickets/{ticket_id}.json"}`},
		{"/a/{x}?x={x}&{k::p,q}={v:d}&f", `table{method: "POST", name: "Res.Method", url: "a/{x}?x={x}&{k::p,q}={v:d}&f"}`},
		{"/f/{filter:!:a,b}/{+rest}?t={t*}", `table{method: "POST", name: "Res.Method", url: "f/{filter:!:a,b}/{+rest}?t={t*}"}`},
		{"/x|{data} {kind:s:b,s} {n:}", `table{method: "POST", name: "Res.Method", url: "x", body: "{data} {kind:s:b,s} {n:}"}`},
	} {
		var b bytes.Buffer
		endpointOf(t, tt.in).WriteGo(&b)
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
	f.Add("/a/{b:}", `\:}`, `!,{`)
	f.Fuzz(func(t *testing.T, s, def, opt string) {
		readTable("GET", "M", s, def+opt) // text apigen did not write
		tmpl, body, _ := strings.Cut(s, "|")
		tp, probs := uritemplate.Parse(tmpl)
		if hasErrorProblem(probs) {
			return
		}
		var tags []uritemplate.Tag
		for _, f := range strings.Fields(body) {
			tag, probs := uritemplate.ParseTag(strings.Trim(f, "{}"), 0)
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
		e := NewEndpoint("GET", "M", tp, tags)
		if got := readBack(e); !sameEndpoint(got, e) {
			t.Fatalf("table %+v\nreads back as %+v\nwant         %+v", tableText(e), *got, *e)
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
	files := map[string]Part{"runtime.gen.go": ClientPart, "server_runtime.gen.go": ServerPart, "events_runtime.gen.go": EventsPart}
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
			if want := string(Source(part, pkg)); !ok || "package "+src != want {
				t.Errorf("%s is not the runtime's part %d (%s): run go generate ./...", filepath.Join(dir, name), part, partFiles[part])
			}
		}
	}
	if n == 0 {
		t.Error("no runtime file in examples/")
	}
}
