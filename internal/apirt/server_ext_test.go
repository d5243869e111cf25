package apirt_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// serverEndpoints returns the endpoints of every method of api, in
// definition order, as a generated server's tables describe them: named by
// their Go call paths.
func serverEndpoints(tb testing.TB, api *model.API) []*apirt.Endpoint {
	tb.Helper()
	names, diags := golang.Name(api, "")
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	var eps []*apirt.Endpoint
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			eps = append(eps, apirt.ForMethod(m, names.Method(m).FullName))
		}
	})
	return eps
}

// TestDeskTablesAreGenerated checks that the request tables written by
// hand in desk_test.go are those of its definition, so that the server
// tests run what apigen generates.
func TestDeskTablesAreGenerated(t *testing.T) {
	want := serverEndpoints(t, deftest.Source(t, "desk.json", apirt.DeskDefinition))
	got := apirt.DeskEndpoints()
	if len(got) != len(want) {
		t.Fatalf("%d hand-written tables, the definition has %d methods", len(got), len(want))
	}
	for i := range want {
		if g, w := fmt.Sprintf("%+v", *got[i]), fmt.Sprintf("%+v", *want[i]); g != w {
			t.Errorf("method %d:\nhand-written %s\ngenerated    %s", i, g, w)
		}
	}
}

// endpointsOf makes the endpoints of methods written "METHOD template" or
// "METHOD template | body tag; body tag", for the server lint tests; method
// i is named "Mi".
func endpointsOf(t testing.TB, methods []string) []*apirt.Endpoint {
	t.Helper()
	return endpointsNamed(t, 0, methods)
}

// endpointsNamed is endpointsOf naming method i "M<first+i>".
func endpointsNamed(t testing.TB, first int, methods []string) []*apirt.Endpoint {
	t.Helper()
	var eps []*apirt.Endpoint
	for i, m := range methods {
		verb, rest, _ := strings.Cut(m, " ")
		tmpl, body, _ := strings.Cut(rest, " | ")
		tp, probs := uritemplate.Parse(tmpl)
		for _, p := range probs {
			if !p.Warning {
				t.Fatalf("template %q: %s", tmpl, p.Msg)
			}
		}
		var tags []uritemplate.Tag
		for _, b := range strings.Split(body, ";") {
			if b = strings.TrimSpace(b); b != "" {
				tag, probs := uritemplate.ParseTag(b, 0)
				if len(probs) > 0 {
					t.Fatalf("body parameter %q: %v", b, probs)
				}
				tags = append(tags, tag)
			}
		}
		eps = append(eps, apirt.NewEndpoint(verb, fmt.Sprintf("M%d", first+i), tp, tags))
	}
	return eps
}

// TestCheckServer checks the server lint: what it reports for definitions
// that a server cannot serve without ambiguity, and that it reports nothing
// for those it can.
func TestCheckServer(t *testing.T) {
	tests := []struct {
		methods []string
		want    []string // "method other param error|warning: message substring"
	}{
		{[]string{"GET /t/{a}{b}"}, []string{`0 -1 2 error: parameters "a" and "b" are side by side in one path segment`}},
		{[]string{"GET /t/x{a}{b}.json"}, []string{`0 -1 2 error: side by side in one path segment`}},
		{[]string{"GET /t?x={a}{b}"}, []string{`0 -1 2 error: side by side in one query value`}},
		{[]string{"GET /t/{a}-{b}"}, []string{`0 -1 2 warning: split at the first "-"`}},
		{[]string{"GET /t?{k}={v}"}, []string{`0 -1 1 error: parameter "k" is a query key without options`}},
		{[]string{"GET /t?{k::a,b}={v}"}, nil},
		{[]string{"GET /t/{a}", "GET /t/{b}"}, []string{`0 1 0 error: the query does not tell them apart: neither requires a query key`}},
		{[]string{"GET ping.json", "GET /ping.json"}, []string{`0 1 0 error: the query does not tell them apart`}},
		{[]string{"GET /t/{a}", "POST /t/{b}", "HEAD /t/{c}"}, nil},
		{[]string{"GET /t/{a}?q={q}", "GET /t/{b}"}, nil},
		{[]string{"GET /t/{a}?q={q:}", "GET /t/{b}"}, []string{`0 1 0 error: the query does not tell them apart`}},
		{[]string{"GET /t/{a}?q={q}", "GET /t/{b}?q={r}"}, []string{`0 1 0 error: the query does not tell them apart: both require query "q"`}},
		{[]string{"GET /s?format=json", "GET /s?format=xml", "GET /s"}, nil},
		{[]string{"GET /s?format=json", "GET /s?format={f}"}, []string{`0 1 0 error: query "format"="json" and query "format"`}},
		{[]string{"GET /s?format=json", "GET /s?format={f::xml,yaml}"}, nil},
		{[]string{"GET /s?format=json", "GET /s?{f::format,other}=json"}, []string{`0 1 0 error`}},
		// The first has fewer needs than the second can send: a request for
		// the second with a set goes to the first.
		{[]string{"GET /s?a={a}", "GET /s?b={b}&a={x:}"}, []string{`0 1 0 error`}},
		{[]string{"GET /s?b={b}&a={x:}", "GET /s?a={a}"}, nil},
		{[]string{"GET /s?a={a}&b={b}", "GET /s?a={a}", "GET /s"}, nil},
		{[]string{"GET /t/{a}x", "GET /t/x{b}"}, []string{`0 1 0 error: their paths match the same URLs, and neither is more specific`}},
		{[]string{"GET /t/{a}x/s", "GET /t/x{b}/{c}"}, []string{`0 1 0 error: their paths match the same URLs`}},
		{[]string{"GET /t/{a}x/s", "GET /t/x{b}/u"}, nil},
		{[]string{"GET /t/{a}x/s", "POST /t/x{b}/s"}, nil},
		{[]string{"GET /t/{a}.json", "GET /t/{b}.yaml", "GET /t/{c}", "GET /t/count.json", "GET /t/x{d}.json"}, nil},
		{[]string{"GET /t/{a}.json", "GET /t/x{d}json"}, []string{`0 1 0 error: their paths match the same URLs`}},
		{[]string{"POST /t | a", "POST /t | b"}, []string{`0 1 0 error: the query does not tell them apart`}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range apirt.CheckServer(endpointsOf(t, tt.methods)) {
			sev := "error"
			if p.Warning {
				sev = "warning"
			}
			got = append(got, fmt.Sprintf("%d %d %d %s: %s", p.Method, p.Other, p.Param, sev, p.Msg))
		}
		ok := len(got) == len(tt.want)
		for i := 0; ok && i < len(got); i++ {
			head, msg, _ := strings.Cut(tt.want[i], ": ")
			ok = strings.HasPrefix(got[i], head+": ") && strings.Contains(got[i], msg)
		}
		if !ok {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.methods, got, tt.want)
		}
	}
}

// TestShippedDefinitionsServe checks that a server can serve the shipped
// definitions and the synthetic one without ambiguity.
func TestShippedDefinitionsServe(t *testing.T) {
	files, _ := filepath.Glob("../../definitions/*.json")
	if len(files) == 0 {
		t.Fatal("no shipped definitions")
	}
	apis := map[string]*model.API{"synthetic": deftest.Synth(t, 20), "desk": deftest.Source(t, "desk.json", apirt.DeskDefinition)}
	for _, f := range files {
		apis[f] = deftest.File(t, f)
	}
	for name, api := range apis {
		for _, p := range apirt.CheckServer(serverEndpoints(t, api)) {
			t.Errorf("%s: method %d: %+v", name, p.Method, p)
		}
	}
}

// TestServerServesFormatExtensions checks that the server's check accepts
// multi-segment ({+name}) and list ({name*}) parameters, and reports the
// paths that they make ambiguous: two multi-segment values in the same
// place, and a multi-segment value beside another path of the same
// precedence.
func TestServerServesFormatExtensions(t *testing.T) {
	for _, row := range []struct{ def, want string }{
		{`{"R": {"get": ["GET", "/r/{+name}?id={id*:}&q={q:}"], "cancel": ["POST", "/r/{+name}:cancel"], "list": ["GET", "/r/x/{id}"], "all": ["GET", "/{+name}"]}}`, ""},
		{`{"R": {"a": ["GET", "/r/{+name}"], "b": ["GET", "/r/{+other}"]}}`, "0 1 false the query does not tell them apart: neither requires a query key"},
		{`{"R": {"a": ["GET", "/r/x{a}/{+name}"], "b": ["GET", "/r/{a}x/{b}"]}}`, "0 1 false their paths match the same URLs, and neither is more specific"},
	} {
		api := deftest.Source(t, "x.json", row.def)
		var got []string
		for _, p := range apirt.CheckServer(serverEndpoints(t, api)) {
			got = append(got, fmt.Sprintf("%d %d %v %s", p.Method, p.Other, p.Warning, p.Msg))
		}
		if strings.Join(got, "\n") != row.want {
			t.Errorf("%s: problems:\n%s\nwant:\n%s", row.def, strings.Join(got, "\n"), row.want)
		}
	}
}

// serverContract lists the exported names of the server's runtime files:
// the public API of the contract, declared in every generated server
// package.
var serverContract = []string{
	"Errorf", "HandlerOption", "Interceptor", "MethodFromContext", "Reply", "RequestFromContext",
	"StatusError", "WithErrorLog", "WithInterceptor", "WithMaxRequestBytes", "WithPathPrefix",
}

// TestServerRuntimeFiles checks what the server's runtime files may hold,
// since they are copied into generated packages: imports of the standard
// library only, no generics, and no exported name outside the contract.
func TestServerRuntimeFiles(t *testing.T) {
	var exported []string
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "server.gen.go", apirt.Source(apirt.ServerPart, "x"), parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		if path := strings.Trim(imp.Path.Value, `"`); strings.Contains(strings.Split(path, "/")[0], ".") {
			t.Errorf("the server runtime imports %s, which is not in the standard library", path)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncType:
			if n.TypeParams != nil {
				t.Errorf("a generic function at %s", fset.Position(n.Pos()))
			}
		case *ast.TypeSpec:
			if n.TypeParams != nil {
				t.Errorf("generic type %s", n.Name.Name)
			}
		}
		return true
	})
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.IsExported() {
				exported = append(exported, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						exported = append(exported, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							exported = append(exported, n.Name)
						}
					}
				}
			}
		}
	}
	sort.Strings(exported)
	if !reflect.DeepEqual(exported, serverContract) {
		t.Errorf("exported names of the server runtime:\n%q\nwant the contract's\n%q", exported, serverContract)
	}
}

// TestServerRuntimeCompilesAlone builds and vets a package made as apigen
// makes a generated server: the client's and the server's runtime (as
// apirt.Source joins them) and the desk API's generated code
// (desk_test.go), with no other file of this package. It then type-checks
// the runtime alone to check that it instantiates no generic code of the
// standard library: each instantiation would be compiled again in every
// generated package.
func TestServerRuntimeCompilesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	write := func(name string, src []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module desk\n\ngo 1.24\n"))
	runtimeFiles := []string{"client_runtime.go", "server_runtime.go", "problem_runtime.go"}
	write(runtimeFiles[0], apirt.Source(apirt.ClientPart, "desk"))
	write(runtimeFiles[1], apirt.Source(apirt.ServerPart, "desk"))
	write(runtimeFiles[2], apirt.Source(apirt.ProblemPart, "desk"))
	desk, err := os.ReadFile("desk_test.go")
	if err != nil {
		t.Fatal(err)
	}
	write("desk.go", []byte(strings.Replace(string(desk), "package apirt\n", "package desk\n", 1)))
	run := func(args ...string) string {
		cmd := exec.Command(gobin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
		}
		return string(out)
	}
	run("vet", ".")

	exports := map[string]string{}
	for _, line := range strings.Split(run("list", "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}", "."), "\n") {
		if path, file, ok := strings.Cut(line, " "); ok && file != "" {
			exports[path] = file
		}
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range runtimeFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if f, ok := exports[path]; ok {
			return os.Open(f)
		}
		return nil, fmt.Errorf("no export data for %s", path)
	})}
	info := &types.Info{Instances: map[*ast.Ident]types.Instance{}}
	if _, err := conf.Check("desk", fset, files, info); err != nil {
		t.Fatalf("type-checking the runtime files alone: %v", err)
	}
	for id, inst := range info.Instances {
		t.Errorf("%s: the runtime instantiates %s as %s", fset.Position(id.Pos()), id.Name, inst.Type)
	}
}
