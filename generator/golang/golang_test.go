package golang

import (
	"bytes"
	"flag"
	"fmt"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../../testdata/golden")

// generate runs the Go target and fails the test on errors.
func generate(t testing.TB, api *model.API) map[string][]byte {
	t.Helper()
	return generateWith(t, api, Options{Events: true})
}

// generateWith runs the Go target with opts and fails the test on errors.
func generateWith(t testing.TB, api *model.API, opts Options) map[string][]byte {
	t.Helper()
	files, diags := Generate(api, opts)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return files
}

// goldenOptions are the options of a golden case: a case whose directory
// name starts with "server" has the server half too.
func goldenOptions(def string) Options {
	return Options{Server: strings.HasPrefix(filepath.Base(filepath.Dir(def)), "server"), Events: true}
}

// goldenDefs are the definitions whose output is committed beside them.
func goldenDefs(t *testing.T) []string {
	defs, _ := filepath.Glob("../../testdata/golden/*/*.json")
	if len(defs) == 0 {
		t.Fatal("no golden cases")
	}
	return defs
}

// TestGolden generates the package of each testdata/golden/<case>/*.json
// (with the server for cases named server*) and compares every generated
// file but the runtime (TestRuntimeFile checks it) with the committed file
// beside the definition.
func TestGolden(t *testing.T) {
	for _, def := range goldenDefs(t) {
		dir := filepath.Dir(def)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files := generateWith(t, deftest.File(t, def), goldenOptions(def))
			delete(files, RuntimeFile)
			delete(files, ServerRuntimeFile)
			delete(files, EventsRuntimeFile)
			delete(files, ProblemRuntimeFile)
			old, _ := filepath.Glob(filepath.Join(dir, "*.gen.go"))
			for _, path := range old {
				if _, ok := files[filepath.Base(path)]; !ok {
					if *update {
						os.Remove(path)
					} else {
						t.Errorf("%s is no longer generated; run go test ./generator/golang -update", path)
					}
				}
			}
			for name, content := range files {
				golden := filepath.Join(dir, name)
				if *update {
					if err := os.WriteFile(golden, content, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Errorf("%v (run go test ./generator/golang -update)", err)
				} else if !bytes.Equal(content, want) {
					t.Errorf("%s is stale; run go test ./generator/golang -update and review the diff", golden)
				}
			}
		})
	}
}

// fileNames returns "file=resource, ..." of the planned resource files.
func fileNames(api *model.API) string {
	names, _ := Name(api, "")
	var got []string
	for _, pf := range planFiles(api, names) {
		if pf.client {
			continue
		}
		var parts []string
		for _, pt := range pf.parts {
			parts = append(parts, fmt.Sprintf("%s[%d:%d]", names.Resource(pt.res).GoPath, pt.from, pt.to))
		}
		got = append(got, pf.name+"="+strings.Join(parts, ","))
	}
	sort.Strings(got)
	return strings.Join(got, " ")
}

func TestResourceFileNames(t *testing.T) {
	api := deftest.Source(t, "x.json", `{"Client": {}, "Runtime": {}, "Ticket": {}, "TICKET": {}, "Windows": {}, "Events": {"Runtime": {}}}`)
	want := "client_resource.gen.go=Client[0:0] events_resource.gen.go=Events[0:0],Events.Runtime[0:0] runtime_resource.gen.go=Runtime[0:0] ticket.gen.go=Ticket[0:0] ticket_2.gen.go=TICKET[0:0] windows.gen.go=Windows[0:0]"
	if got := fileNames(api); got != want {
		t.Errorf("files = %s\nwant  %s", got, want)
	}
}

// methods returns the text of n methods named m0, m1, ...
func methods(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `"%s%d": ["GET", "/x%d"],`, prefix, i, i)
	}
	return b.String()
}

// TestLargeResourcesAreSplit checks the split of resource trees of more
// than maxFileMethods methods: in definition order, files of at most that
// many methods, each further file named after its first resource, with a
// number where a resource's methods continue.
func TestLargeResourcesAreSplit(t *testing.T) {
	src := `{"Big": {` + methods("m", 150) + `"Small": {` + methods("s", 20) + `}, "Windows": {` + methods("w", 40) + `}, "Amd64": {"Linux": {` + methods("l", 5) + `}}}, "Other": {` + methods("o", 3) + `}}`
	api := deftest.Source(t, "x.json", src)
	want := "big.gen.go=Big[0:100] " +
		"big_2.gen.go=Big[100:150],Big.Small[0:20],Big.Windows[0:30] " +
		"big_windows_2.gen.go=Big.Windows[30:40],Big.Amd64[0:0],Big.Amd64.Linux[0:5] " +
		"other.gen.go=Other[0:3]"
	if got := fileNames(api); got != want {
		t.Errorf("files = %s\nwant  %s", got, want)
	}
	// And the split package is one package that builds: every method once.
	files := generate(t, api)
	n := 0
	delete(files, RuntimeFile)
	for name, content := range files {
		if _, err := parser.ParseFile(token.NewFileSet(), name, content, 0); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		n += bytes.Count(content, []byte("\nfunc (r *"))
	}
	if n != 150+20+40+5+3 {
		t.Errorf("%d methods in all files, want 218", n)
	}
}

// TestNoFileIsABuildConstraint checks that no generated file name is one
// that Go reads as a constraint on the operating system or architecture.
func TestNoFileIsABuildConstraint(t *testing.T) {
	for _, stem := range []string{"big_windows", "x_amd64", "a_linux"} {
		if !constrained(stem) {
			t.Errorf("constrained(%q) = false", stem)
		}
	}
	for _, stem := range []string{"windows", "big", "big_windows_resource", "x_2", "x_test", "windows_test"} {
		if constrained(stem) {
			t.Errorf("constrained(%q) = true", stem)
		}
	}
}

// TestNoFileIsABuildConstraintBeforeTest protects packages whose split
// continues at a resource path ending in a GOOS or GOARCH and "Test":
// go/build drops a final "_test" before it reads the constraint, so
// foo_windows_test.gen.go would build only on Windows, and the package
// nowhere else. constrained must agree with go/build on every stem.
func TestNoFileIsABuildConstraintBeforeTest(t *testing.T) {
	dir := t.TempDir()
	stems := []string{"foo_windows_test", "foo_linux_amd64_test", "a_b_arm64_test", "foo_test",
		"x_test_linux", "foo_windows_test_2", "windows_test", "foo_windows_resource", "foo", "x_linux"}
	for _, stem := range stems {
		name := stem + ".gen.go"
		if err := os.WriteFile(filepath.Join(dir, name), []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		// A file is constrained when some GOOS or GOARCH does not build it.
		goConstrained := false
		for _, target := range [][2]string{{"plan9", "386"}, {"zos", "s390x"}, {"aix", "ppc64"}} {
			ctxt := build.Default
			ctxt.GOOS, ctxt.GOARCH = target[0], target[1]
			ok, err := ctxt.MatchFile(dir, name)
			if err != nil {
				t.Fatal(err)
			}
			goConstrained = goConstrained || !ok
		}
		if got := constrained(stem); got != goConstrained {
			t.Errorf("constrained(%q) = %v, but go/build says %v", stem, got, goConstrained)
		}
	}
	// And the file a split starts at Foo.Windows.Test gets a name that
	// builds everywhere.
	api := deftest.Source(t, "x.json", `{"Foo": {`+methods("m", 99)+`"Windows": {"x": ["GET", "/w"], "Test": {"get": ["GET", "/t"]}}}}`)
	want := "foo.gen.go=Foo[0:99],Foo.Windows[0:1] foo_windows_test_resource.gen.go=Foo.Windows.Test[0:1]"
	if got := fileNames(api); got != want {
		t.Errorf("files = %s\nwant  %s", got, want)
	}
}

// TestFileNamesCanBePublished protects users who publish a generated
// package in a module: a module zip only holds file names that
// golang.org/x/mod/module.CheckFilePath accepts, which rules out the names
// Windows reserves (aux.gen.go: Windows takes what comes before the first
// dot) and characters beyond ASCII other than letters (a١.gen.go). A
// resource named Aux or A١ must not make the module undownloadable.
func TestFileNamesCanBePublished(t *testing.T) {
	api := deftest.Source(t, "x.json", `{"Aux": {}, "CON": {}, "Nul": {}, "Com1": {}, "Lpt9": {}, "Prn": {}, "A١": {}, "Ǆx": {}, "Auxiliary": {}, "Com10": {}}`)
	want := "a.gen.go=A١[0:0] aux_resource.gen.go=Aux[0:0] auxiliary.gen.go=Auxiliary[0:0] com10.gen.go=Com10[0:0] " +
		"com1_resource.gen.go=Com1[0:0] con_resource.gen.go=CON[0:0] lpt9_resource.gen.go=Lpt9[0:0] " +
		"nul_resource.gen.go=Nul[0:0] prn_resource.gen.go=Prn[0:0] ǆx.gen.go=Ǆx[0:0]"
	if got := fileNames(api); got != want {
		t.Errorf("files = %s\nwant  %s", got, want)
	}
	reserved := regexp.MustCompile(`^(?i:aux|con|nul|prn|com[1-9]|lpt[1-9])$`)
	for name := range generate(t, api) {
		short, _, _ := strings.Cut(name, ".")
		if reserved.MatchString(short) {
			t.Errorf("%s: Windows reserves %q", name, short)
		}
		for _, c := range name {
			if c >= utf8.RuneSelf && !unicode.IsLetter(c) {
				t.Errorf("%s: %q is not allowed in a module's file names", name, c)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, def := range []string{"../../definitions/helpdesk.json", "../../testdata/golden/names/names.json"} {
		a := generate(t, deftest.File(t, def))
		b := generate(t, deftest.File(t, def))
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s: %s differs between two runs", def, name)
			}
		}
	}
}

// TestRuntimeFile checks that the runtime is emitted verbatim: apigen's
// header, then the client part of internal/apirt as apirt.Source gives it,
// which is every file of that part without changes but its package clause
// and imports.
func TestRuntimeFile(t *testing.T) {
	files := generate(t, deftest.File(t, "../../definitions/helpdesk.json"))
	rt := string(files[RuntimeFile])
	header, rest, _ := strings.Cut(rt, "\n\n")
	if header != "// Code generated by apigen from helpdesk.json. DO NOT EDIT." {
		t.Errorf("header = %q", header)
	}
	if rest != string(apirt.Source(apirt.ClientPart, "helpdesk")) {
		t.Error("runtime.gen.go is not apirt's client part")
	}
	f, err := parser.ParseFile(token.NewFileSet(), RuntimeFile, rt, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"endpoint.go", "validate.go", "build.go", "client.go"} {
		src, _ := os.ReadFile(filepath.Join("../../internal/apirt", name))
		_, body, _ := strings.Cut(string(src), "\n)\n") // after the imports
		if !strings.Contains(rest, strings.TrimSpace(body)) {
			t.Errorf("runtime.gen.go does not hold the text of apirt's %s", name)
		}
	}
	if f.Name.Name != "helpdesk" {
		t.Errorf("package %s", f.Name.Name)
	}
	if _, ok := files[ServerRuntimeFile]; ok {
		t.Errorf("%s without Options.Server", ServerRuntimeFile)
	}
	files = generateWith(t, deftest.File(t, "../../definitions/helpdesk.json"), Options{Server: true})
	if string(files[ServerRuntimeFile]) != header+"\n\n"+string(apirt.Source(apirt.ServerPart, "helpdesk")) {
		t.Errorf("%s is not apirt's server part", ServerRuntimeFile)
	}
}

func TestHeader(t *testing.T) {
	for _, tt := range []struct {
		content string
		ours    bool
	}{
		{Header("dir/helpdesk.json") + "\n\npackage x\n", true},
		{"// Code generated by apigen from x.json. DO NOT EDIT.", true},
		{"// Code generated by protoc-gen-go. DO NOT EDIT.\n", false},
		{"package x\n// Code generated by apigen from x.json. DO NOT EDIT.\n", false},
		{"// Code generated by apigen from x.json.\n", false},
	} {
		if got := IsGenerated([]byte(tt.content)); got != tt.ours {
			t.Errorf("IsGenerated(%q) = %v", tt.content, got)
		}
	}
	if h := Header("a/b/helpdesk.json"); h != "// Code generated by apigen from helpdesk.json. DO NOT EDIT." {
		t.Errorf("Header = %q", h)
	}
}

// TestOutputIsFormatted checks that go/format leaves every generated file
// unchanged: the output is written as text, already in gofmt's form.
func TestOutputIsFormatted(t *testing.T) {
	apis := []*model.API{deftest.Synth(t, 3)}
	defs, _ := filepath.Glob("../../definitions/*.json")
	for _, def := range append(defs, goldenDefs(t)...) {
		apis = append(apis, deftest.File(t, def))
	}
	for _, api := range apis {
		opts := Options{Server: true, Events: true}
		if _, diags := Generate(api, opts); diags.HasErrors() {
			opts.Server = false // a definition a server cannot serve
		}
		for name, content := range generateWith(t, api, opts) {
			formatted, err := format.Source(content)
			if err != nil {
				t.Errorf("%s: %s: %v", api.File, name, err)
			} else if !bytes.Equal(formatted, content) {
				t.Errorf("%s: %s is not gofmt-clean", api.File, name)
			}
		}
	}
}

// TestAligned checks the alignment of const blocks and struct fields
// against gofmt, with names of several lengths, runes of several bytes and
// embedded fields (an empty type column).
func TestAligned(t *testing.T) {
	f := newFile("// h", "p")
	f.p()
	f.p("const (")
	f.aligned("\t", [][]string{{"A", "T", `= "a"`}, {"Bcdefg", "T", `= "b"`}, {"X票据", "T", `= "c"`}})
	f.p(")")
	// A block of embedded fields only, after a field with a doc comment
	// (a params struct embedding a struct of shared parameters): the
	// empty type column takes no space.
	f.p()
	f.p("type S struct {")
	f.p("\t// Doc.")
	f.p("\tA string")
	f.p()
	f.aligned("\t", [][]string{{"StdParams", "", "// the parameters of the value \"std\""}, {"P", "", "// p"}})
	f.p()
	f.aligned("\t", [][]string{{"One", "", "// alone"}})
	f.p("}")
	got := f.bytes()
	want, err := format.Source(got)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("aligned:\n%s\ngofmt:\n%s (%v)", got, want, err)
	}
}

// TestSameOutputOnAnyCoreCount generates with one core and with several:
// files are rendered in parallel, but their content must not depend on it.
func TestSameOutputOnAnyCoreCount(t *testing.T) {
	api := deftest.Synth(t, 20)
	prev := runtime.GOMAXPROCS(1)
	one := generate(t, api)
	runtime.GOMAXPROCS(max(prev, 4))
	many := generate(t, api)
	runtime.GOMAXPROCS(prev)
	if len(one) != len(many) {
		t.Fatalf("%d and %d files", len(one), len(many))
	}
	for name := range one {
		if !bytes.Equal(one[name], many[name]) {
			t.Errorf("%s differs between 1 and several cores", name)
		}
	}
}

// BenchmarkGenerate generates the Go package of synthetic definitions with
// 1,100 and 11,000 methods.
func BenchmarkGenerate(b *testing.B) {
	deftest.BenchGenerate(b, func(api *model.API) { Generate(api, Options{}) })
}

// TestGenerationAllocsLinear checks that allocations grow linearly with the
// size of the definition.
func TestGenerationAllocsLinear(t *testing.T) {
	deftest.AllocsLinear(t, func(api *model.API) { Generate(api, Options{}) })
}

// TestLinesPerMethod holds the size of generated packages, all their files
// counted, runtime included: at most 15 lines per method for the synthetic
// 1,100-method definition, and at most 25 for the wide one (700 methods of
// 9 to 15 optional query parameters each, see synth.Wide), where each
// optional parameter is a field of its params struct. It also checks that
// the wide API's repeated option sets make one enum type each.
func TestLinesPerMethod(t *testing.T) {
	for _, tt := range []struct {
		api     *model.API
		methods int
		max     float64
		enums   int
	}{
		{deftest.Synth(t, 100), 1100, 15, 5},
		{deftest.Wide(t, 100), 700, 25, 9},
	} {
		files, diags := Generate(tt.api, Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		lines := 0
		for _, src := range files {
			lines += bytes.Count(src, []byte("\n"))
		}
		perMethod := float64(lines) / float64(tt.methods)
		t.Logf("%s: %d lines, %.1f per method", tt.api.File, lines, perMethod)
		if perMethod > tt.max {
			t.Errorf("%s: %.1f lines per method, want at most %.0f", tt.api.File, perMethod, tt.max)
		}
		names, _ := Name(tt.api, "")
		if len(names.Enums) != tt.enums {
			t.Errorf("%s: %d enum types, want %d (one per parameter name and option set)", tt.api.File, len(names.Enums), tt.enums)
		}
	}
}
