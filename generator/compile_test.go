package generator

import (
	"encoding/json"
	"fmt"
	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/generator/markdown"
	"github.com/apigen-go/apigen/internal/deftest"
	"go/format"
	"math/rand"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/apigen-go/apigen/internal/expandtable"
	"github.com/apigen-go/apigen/lint"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/naming"
	"github.com/apigen-go/apigen/uritemplate"
)

// namePool holds names that are hard for a generator: Go keywords,
// predeclared identifiers, names the generated package declares, and names
// that collide after conversion.
var namePool = strings.Fields(`type func string Client Error client conn Option
	Response ValidationError NewClient endpoint param url http context ctx params
	p r c vals body nil true iota len Valid defaultBaseURL DefaultMaxResponseBytes
	WithHeader newConn piece pair do get Get list_items ListItems ticket_id TicketID
	id ID URL x Resource TicketResource Ticket Params _x a_b select go map chan
	range json errors bytes io reflect strconv strings fmt cn err opts baseURL
	quote oneOf redact normalizeBase allSet writeQuery Endpoint 票据 列表 ß Xß`)

var optionPool = []string{"a", "b", "all_items", "-", "+", "1", "x y", "ü", "type", "Valid", "A", "nil", "a-b", "a_b",
	"+1", "-1", "票据", "*/", "/*", "\"", "\\", "`", "a\u2028b", "a\u202eb", "\u0085x", "x\u200b"}

// urlPool holds base URLs that lint accepts, with text that must stay in
// its string literal and its comments.
var urlPool = []string{"", "https://api.example.com/v2", "https://h.example/*/", "http://h.example:8080/a\"+b",
	"https://h.example/`x`/", "https://h.example/ü/票据", "https://user:p%40ss@h.example/api", "https://h.example/+build/"}

// randomDefinition writes a random definition text in the format.
func randomDefinition(rng *rand.Rand) string {
	pick := func() string { return namePool[rng.Intn(len(namePool))] }
	var b strings.Builder
	q := func(s string) string { j, _ := json.Marshal(s); return string(j) }
	var object func(depth int)
	// shared is a top-level value of optional query parameters, with
	// their names, that some methods take (see SharedParams): "" for none.
	var shared string
	var sharedParams []string
	method := func() {
		var tags []string
		used := map[string]bool{}
		for _, n := range sharedParams {
			used[naming.Exported(n)] = true
		}
		for i := rng.Intn(4); i > 0; i-- {
			n := pick()
			if !uritemplate.ValidName(n) || used[naming.Exported(n)] {
				continue
			}
			used[naming.Exported(n)] = true
			opts := ""
			if rng.Intn(2) == 0 {
				seen := map[string]bool{}
				var os []string
				for k := 1 + rng.Intn(3); k > 0; k-- {
					o := optionPool[rng.Intn(len(optionPool))]
					if !seen[o] {
						seen[o] = true
						os = append(os, o)
					}
				}
				opts = strings.Join(os, ",")
			}
			forms := []string{n, n + ":!", n + ":"}
			if opts != "" {
				forms = []string{n + ":!:" + opts, n + "::" + opts, n + ":" + strings.Split(opts, ",")[0] + ":" + opts}
			}
			tags = append(tags, forms[rng.Intn(len(forms))])
		}
		ep := "/r"
		query := ""
		multi := false // a path has one {+name} at most
		for i, t := range tags {
			switch {
			case strings.Contains(t, ":!") || !strings.Contains(t, ":"):
				plus := ""
				if !multi && rng.Intn(3) == 0 {
					plus, multi = "+", true
				}
				ep += "/{" + plus + t + "}"
			case i%2 == 0:
				if rng.Intn(3) == 0 {
					name, rest, _ := strings.Cut(t, ":")
					t = name + "*:" + rest // a list
				}
				query += "&" + fmt.Sprint("k", i) + "={" + t + "}"
			default:
				query += "&{" + t + "}=v"
			}
		}
		if shared != "" && rng.Intn(3) > 0 {
			query += "&{" + shared + "}"
		}
		if query != "" {
			ep += "?" + query[1:]
		}
		var bodies []string
		for i := rng.Intn(3); i > 0; i-- {
			n := pick()
			if uritemplate.ValidName(n) && !used[naming.Exported(n)] {
				used[naming.Exported(n)] = true
				bodies = append(bodies, q(n+[]string{"", ":", ":d"}[rng.Intn(3)]))
			}
		}
		verbs := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
		fmt.Fprintf(&b, "[%s, %s", q(verbs[rng.Intn(len(verbs))]), q(ep))
		if len(bodies) > 0 {
			fmt.Fprintf(&b, ", [%s]", strings.Join(bodies, ", "))
		}
		b.WriteString("]")
	}
	// event writes ["EVENT", PARAMS] with parameters of every form.
	event := func() {
		b.WriteString(`["EVENT"`)
		var params []string
		used := map[string]bool{}
		for i := rng.Intn(5); i > 0; i-- {
			n := pick()
			if !uritemplate.ValidName(n) || used[naming.Exported(n)] || naming.Exported(n) == "" {
				continue
			}
			used[naming.Exported(n)] = true
			opt := optionPool[rng.Intn(len(optionPool))]
			forms := []string{n, n + ":", n + ":!", n + ":d", n + "::a," + opt, n + ":!:" + opt + ",b", n + ":" + opt + ":x," + opt}
			params = append(params, q(forms[rng.Intn(len(forms))]))
		}
		if len(params) > 0 {
			b.WriteString(", [" + strings.Join(params, ", ") + "]")
		}
		b.WriteString("]")
	}
	object = func(depth int) {
		b.WriteString("{")
		used := map[string]bool{}
		first := true
		if rng.Intn(2) == 0 {
			fmt.Fprintf(&b, "%s: %s", q("_description"), q(hostileTexts[rng.Intn(len(hostileTexts))]))
			first = false
		}
		if rng.Intn(3) == 0 {
			if !first {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: {%s: %s}", q("_params"), q(pick()), q(hostileTexts[rng.Intn(len(hostileTexts))]))
			first = false
		}
		if depth == 0 {
			if !first {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: %s, %s: %s", q("_url"), q(urlPool[rng.Intn(len(urlPool))]), q("_version"), q(hostileTexts[rng.Intn(len(hostileTexts))]))
			first = false
			// Shared parameters, with hard names for the value (its
			// struct's name, or none) and for the parameters.
			n := pick()
			if rng.Intn(4) == 0 {
				n = []string{"2fa", "1x", "9"}[rng.Intn(3)] // no Go name
			}
			if rng.Intn(2) == 0 && uritemplate.ValidName(n) && n[0] != '_' {
				var tags []string
				for k := 2 + rng.Intn(2); k > 0; k-- {
					p := pick()
					if !uritemplate.ValidName(p) || naming.Exported(p) == "" || slices.ContainsFunc(sharedParams, func(q string) bool { return naming.Exported(q) == naming.Exported(p) }) {
						continue
					}
					sharedParams = append(sharedParams, p)
					tags = append(tags, fmt.Sprintf("s%d={%s}", k, []string{p + ":", p + "::a,b", p + ":d"}[rng.Intn(3)]))
				}
				if len(tags) >= 2 {
					shared = n
					used[naming.Exported(n)] = true
					fmt.Fprintf(&b, ",\n/*%s*/\n%s: %s", hostileTexts[rng.Intn(len(hostileTexts))], q(n), q(strings.Join(tags, "&")))
				} else {
					sharedParams = nil
				}
			}
		}
		member := func(name string, described bool) bool {
			e := naming.Exported(name)
			if used[e] || e == "" {
				return false
			}
			used[e] = true
			if !first {
				b.WriteString(", ")
			}
			first = false
			// A comment above the key describes it.
			if text := hostileTexts[rng.Intn(len(hostileTexts))]; described && !strings.Contains(text, "*/") {
				b.WriteString("\n/*" + text + "*/\n")
			}
			fmt.Fprintf(&b, "%s: ", q(name))
			return true
		}
		for i := rng.Intn(4); i > 0; i-- {
			if member(pick(), rng.Intn(2) == 0) {
				method()
			}
		}
		for i := rng.Intn(3); i > 0; i-- {
			if n := pick(); uritemplate.ValidName(n) && n[0] != '_' && member(n, false) {
				event()
			}
		}
		for i := rng.Intn(3); depth < 3 && i > 0; i-- {
			if n := pick(); member(capitalize(n), rng.Intn(2) == 0) {
				object(depth + 1)
			}
		}
		b.WriteString("}")
	}
	object(0)
	return b.String()
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// TestGeneratedPackagesCompile generates many definitions (random ones with
// hard names and hostile descriptions, base URLs, versions and options, the
// golden cases and the shipped ones), each with its server where the
// server's check accepts it, into one temporary module and runs go vet on
// it, which type-checks every package. The same
// module runs internal/expandtable/expand.json through generated endpoint tables, and
// checks that each curl example of the docs of the golden and shipped
// definitions is the request that the generated client sends (see
// curlTest).
func TestGeneratedPackagesCompile(t *testing.T) {
	gobin, mod := tempModule(t, "generated")

	var apis []*model.API
	rng := rand.New(rand.NewSource(7))
	accepted := 0
	for i := 0; i < 60; i++ {
		src := randomDefinition(rng)
		api, list := lint.Source(fmt.Sprintf("random%d.json", i), []byte(src), lint.Options{})
		if list.HasErrors() {
			continue // only definitions that lint accepts must compile
		}
		accepted++
		apis = append(apis, api)
	}
	if accepted < 40 {
		t.Fatalf("only %d of 60 random definitions were accepted; the generator of definitions is too rough", accepted)
	}
	withShared := 0
	for _, api := range apis {
		if len(goNames(t, api).Shared) > 0 {
			withShared++
		}
	}
	if withShared < 5 {
		t.Fatalf("only %d accepted random definitions have shared parameters", withShared)
	}
	defs, _ := filepath.Glob("../testdata/golden/*/*.json")
	shipped, _ := filepath.Glob("../definitions/*.json")
	var documented []*model.API // whose curl examples are checked
	for _, def := range append(defs, shipped...) {
		documented = append(documented, deftest.File(t, def))
	}
	apis = append(apis, documented...)
	table := tableAPI(t)
	apis = append(apis, table)

	var curlPackages []string
	servers := 0
	for i, api := range apis {
		if writeGoPackage(t, filepath.Join(mod, goNames(t, api).Package), api) && i < accepted {
			servers++
		}
	}
	if servers < accepted/5 {
		t.Fatalf("only %d of %d random definitions were accepted with a server", servers, accepted)
	}
	t.Logf("%d random definitions, %d of them with a server, %d with shared parameters", accepted, servers, withShared)
	for _, api := range documented {
		pkg := goNames(t, api).Package
		writeFile(t, filepath.Join(mod, pkg, "curl_test.go"), curlTest(t, api))
		curlPackages = append(curlPackages, "./"+pkg)
		if pkg == "shared" {
			writeFile(t, filepath.Join(mod, pkg, "shared_test.go"), sharedTest)
		}
	}
	tablePkg := goNames(t, table).Package
	writeFile(t, filepath.Join(mod, tablePkg, "table_test.go"), tableTest(t, table))
	// Events go round trip in the packages of the golden and shipped
	// definitions, and of the first random ones with events.
	var eventPackages []string
	randomWithEvents := 0
	for i, api := range apis {
		if len(api.Events()) == 0 || api == table {
			continue
		}
		documentedAPI := i >= len(apis)-len(documented)-1
		if !documentedAPI {
			if randomWithEvents == 6 {
				continue
			}
			randomWithEvents++
		}
		pkg := goNames(t, api).Package
		writeFile(t, filepath.Join(mod, pkg, "events_test.go"), eventsTest(t, api, int64(i)))
		eventPackages = append(eventPackages, "./"+pkg)
	}
	if randomWithEvents < 6 {
		t.Fatalf("only %d random definitions with events were accepted", randomWithEvents)
	}

	run := func(args ...string) {
		cmd := exec.Command(gobin, args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("vet", "./...")
	run(append([]string{"test", "./" + tablePkg}, curlPackages...)...)
	run(append([]string{"test", "-run", "TestEvent"}, eventPackages...)...)
	if out, _ := exec.Command(filepath.Join(filepath.Dir(gobin), "gofmt"), "-l", mod).CombinedOutput(); len(out) > 0 {
		t.Errorf("generated files are not gofmt-clean:\n%s", out)
	}
}

// tempModule makes an empty module in a temporary directory, for packages
// that a test generates and then builds with the go command. It skips the
// test in -short mode or without a go command.
func tempModule(t *testing.T, module string) (gobin, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds generated packages")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module "+module+"\n\ngo 1.24\n")
	return gobin, dir
}

// writeGoPackage writes the Go package of api into dir, with its events:
// with its server when the server's check accepts it (it reports whether
// it did), else the client alone.
func writeGoPackage(t *testing.T, dir string, api *model.API) (server bool) {
	t.Helper()
	files, diags := golang.Generate(api, golang.Options{Server: true, Events: true})
	server = !diags.HasErrors()
	if !server {
		var err error
		if files, err = Go(api); err != nil {
			t.Fatalf("%s: %v", api.File, err)
		}
	}
	os.MkdirAll(dir, 0o755)
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), string(content))
	}
	return server
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tableAPI is a definition with one top-level method m<i> per row of the
// shared expansion table.
func tableAPI(t *testing.T) *model.API {
	var b strings.Builder
	b.WriteString("{")
	for i, row := range expandtable.Read(t) {
		if i > 0 {
			b.WriteString(",")
		}
		ep, _ := json.Marshal(row.Template)
		fmt.Fprintf(&b, "\n  \"m%d\": [\"GET\", %s]", i, ep)
	}
	b.WriteString("\n}")
	api, list := lint.Source("table.json", []byte(b.String()), lint.Options{})
	if list.HasErrors() {
		t.Fatalf("table definition: %v", list)
	}
	return api
}

// tableTest writes a test, inside the generated package, that expands each
// row through the generated endpoint table and the runtime, as a call of
// the method would, and compares with the row's expected URL or error.
func tableTest(t *testing.T, api *model.API) string {
	var b strings.Builder
	b.WriteString(`package table

import (
	"strings"
	"testing"
)

func check(t *testing.T, tab *table, base string, vals []string, want string) {
	t.Helper()
	b, err := normalizeBase(base)
	got := ""
	if err == nil {
		got, err = tab.load().buildURL(b, vals, nil)
	}
	if err != nil {
		got = "error: " + err.Error()
	}
	if msg, ok := strings.CutPrefix(want, "error: "); ok {
		// The table names the method "template"; here it is "M<i>".
		msg = strings.TrimPrefix(msg, "template: ")
		if !strings.HasPrefix(got, "error: ") || !strings.Contains(got, msg) {
			t.Errorf("%s: got %q, want an error containing %q", tab.name, got, msg)
		}
		return
	}
	if got != want {
		t.Errorf("%s: got %q, want %q", tab.name, got, want)
	}
}

func TestSharedTable(t *testing.T) {
`)
	rows := expandtable.Read(t)
	names := goNames(t, api)
	for i, m := range api.Root.Methods {
		row := rows[i]
		var vals []string
		for _, p := range m.Template.Params {
			vals = append(vals, fmt.Sprintf("%q", row.Values[p.Name]))
		}
		fmt.Fprintf(&b, "\tcheck(t, &%s, %q, []string{%s}, %q)\n", names.Method(m).EndpointVar, row.Base, strings.Join(vals, ", "), row.Want)
	}
	b.WriteString("}\n")
	return b.String()
}

// curlTest writes a test, inside the generated package of api, that calls
// each method with the values of its curl example (ExampleValues) on a
// client made with WithBearerToken("$TOKEN"), and checks that the request
// is the one the example shows: method, path and query, the Authorization
// and Content-Type headers (and no Accept, which neither sends), and the
// body. Where the example reads the body from a file, the body must be the
// JSON encoding of the value passed.
func curlTest(t *testing.T, api *model.API) string {
	names := goNames(t, api)
	var b strings.Builder
	fmt.Fprintf(&b, `package %s

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCurlExamples(t *testing.T) {
	var got *http.Request
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+%q, WithBearerToken("$TOKEN"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	check := func(name, method, uri, contentType, wantBody string, call func() error) {
		t.Helper()
		got, body = nil, nil
		if err := call(); err != nil {
			t.Errorf("%%s: %%v", name, err)
			return
		}
		if got.Method != method || got.RequestURI != uri || string(body) != wantBody {
			t.Errorf("%%s: the client sent %%s %%s %%s, the docs show %%s %%s %%s", name, got.Method, got.RequestURI, body, method, uri, wantBody)
		}
		h := got.Header
		if len(h["Accept"]) > 0 || h.Get("Authorization") != "Bearer $TOKEN" || h.Get("Content-Type") != contentType {
			t.Errorf("%%s: headers %%v, the docs show Content-Type %%q", name, h, contentType)
		}
	}
`, names.Package, basePath(t, markdown.ExampleBase(api)))
	curlRx := regexp.MustCompile(`^curl -X (\S+) '([^']*)'`)
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			mn := names.Method(m)
			cmd := markdown.Curl(api, m)
			first := curlRx.FindStringSubmatch(cmd)
			if first == nil {
				t.Fatalf("%s: curl example %q", mn.FullName, cmd)
			}
			uri := basePath(t, first[2])
			if i := strings.IndexByte(first[2], '?'); i >= 0 {
				uri += first[2][i:]
			}
			if !strings.Contains(cmd, " \\\n  -H \"Authorization: Bearer $TOKEN\"") || strings.Contains(cmd, "Accept") {
				t.Fatalf("%s: %s", mn.FullName, cmd)
			}
			contentType, wantBody := "", ""
			vals := markdown.ExampleValues(m)
			if _, data, ok := strings.Cut(cmd, "--data-binary "); ok {
				contentType = "application/json"
				if file, isFile := strings.CutPrefix(data, "@"); isFile {
					p := m.Body()[0]
					if file != p.Name+".json" {
						t.Fatalf("%s: body file %s", mn.FullName, file)
					}
					j, _ := json.Marshal(vals[p.Name])
					wantBody = string(j)
				} else {
					wantBody = shellUnquote(t, data)
				}
			}
			var args []string
			for _, p := range m.Required() {
				switch {
				case p.Repeated && names.Param(p).Enum != nil:
					// The example's value is a list of one.
					args = append(args, fmt.Sprintf("[]%s{%q}", names.Param(p).Enum.TypeName, vals[p.Name]))
				case p.Repeated:
					args = append(args, fmt.Sprintf("[]string{%q}", vals[p.Name]))
				case p.In == uritemplate.InBody:
					args = append(args, fmt.Sprintf("%q", vals[p.Name]))
				case names.Param(p).Enum != nil:
					args = append(args, fmt.Sprintf("%s(%q)", names.Param(p).Enum.TypeName, vals[p.Name]))
				default:
					args = append(args, fmt.Sprintf("%q", vals[p.Name]))
				}
			}
			if mn.ParamsType != "" {
				args = append(args, "nil")
			}
			call := "c." + mn.FullName + "(" + strings.Join(append([]string{"ctx"}, args...), ", ") + ")"
			fmt.Fprintf(&b, "\tcheck(%q, %q, %q, %q, %q, func() error { _, err := %s; return err })\n", mn.FullName, first[1], uri, contentType, wantBody, call)
		}
	})
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return string(src)
}

// sharedTest runs in the package of testdata/golden/shared: values set
// through the embedded structs of shared parameters, and through the
// fields they promote, are sent like the fields of the params struct, in
// the endpoint's order; one StdParams serves methods of two resources.
// CursorParams has the form of Nested's methods, though Described's,
// described differently, uses the value first.
const sharedTest = `package shared

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSharedParams(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.RequestURI)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	std := StdParams{Key: "k&1", Alt: AltProto}
	list := &ItemListParams{StdParams: std, Sort: ItemSortName, PagingParams: PagingParams{Page: "2"}, Trace: "t"}
	c.Item.List(ctx, list)
	c.Other.Get(ctx, "o 1", &OtherGetParams{StdParams: std})
	get := &NestedGetParams{Region: "us", CursorParams: CursorParams{Cursor: "c1"}}
	get.Fields = "name" // promoted from StdParams
	get.Limit = "9"     // promoted from CursorParams
	c.Nested.Get(ctx, "n", get)
	c.Item.Get(ctx, "i", nil)
	c.Mixed.Get(ctx, "m", &MixedGetParams{Own: "o", StdParams: std, PagingParams: PagingParams{PerPage: "5"}})
	want := []string{
		"/items?alt=proto&key=k%261&sort=name&page=2&per_page=25&trace=t",
		"/others/o%201?alt=proto&key=k%261&per_page=25",
		"/nested/n?alt=json&fields=name&region=us&cursor=c1&limit=9",
		"/items/i?alt=json",
		"/mixed/m?own=o&alt=proto&key=k%261&per_page=5",
	}
	if len(got) != len(want) {
		t.Fatalf("requests %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d: %s, want %s", i, got[i], want[i])
		}
	}
}
`

// basePath returns the path and query of a URL.
func basePath(t *testing.T, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.EscapedPath()
}

// shellUnquote undoes shellQuote: the text in single quotes, in which a
// single quote is written as quote, backslash, quote, quote.
func shellUnquote(t *testing.T, s string) string {
	inner, ok := strings.CutPrefix(s, "'")
	inner, ok2 := strings.CutSuffix(inner, "'")
	if !ok || !ok2 {
		t.Fatalf("not shell-quoted: %s", s)
	}
	return strings.ReplaceAll(inner, `'\''`, "'")
}
