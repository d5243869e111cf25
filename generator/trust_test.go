package generator

import (
	"encoding/json"
	"fmt"
	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/generator/markdown"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/internal/safetext"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	stdhtml "html"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	mdast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/apigen-go/apigen/lint"
	"github.com/apigen-go/apigen/model"
)

// Slots of the base definition of the trust tests: every place where
// definition text reaches generated code or docs.
const (
	slotAPIDescription   = iota // _description of the API
	slotVersion                 // _version
	slotURL                     // _url
	slotDescription             // _description of a resource
	slotChildDescription        // _description of a child resource (a field comment)
	slotLiteral                 // literal text in an endpoint's path and query
	slotDefault                 // a parameter's default
	slotOption                  // an option of an enum parameter
	slotBodyOption              // an option of a body parameter
	slotMethod                  // a method name
	slotResource                // a resource name
	slotEventDescription        // the comment above an event
	slotEventOption             // an option of an event's parameter
	slotComment                 // a /* */ comment that describes a method
	slotParamDescription        // a _params entry (a required, an optional and a body parameter)
	numSlots
)

var slotNames = [numSlots]string{"api description", "version", "url", "description", "child description", "literal", "default", "option", "body option", "method", "resource", "event description", "event option", "comment", "param description"}

// nameSlots are the slots whose text becomes Go identifiers, so that it
// changes the names of declarations but not their number.
const nameSlots = 1<<slotOption | 1<<slotMethod | 1<<slotResource | 1<<slotEventOption

// baseDefinition returns the base definition of the trust tests with text
// in the slots of mask, and in the other slots the neutral text of
// blankDefinition.
func baseDefinition(text string, mask uint16) string {
	var s [numSlots]string
	for i := range s {
		if mask&(1<<i) != 0 {
			s[i] = text
		} else {
			s[i] = blankSlot(i, text)
		}
	}
	return definitionOf(s)
}

// blankDefinition is baseDefinition with every slot blanked: the same
// definition as far as the structure of the output goes. Empty text stays
// empty where emptiness changes what is written (a version line, a default
// column), so that only what the text says differs.
func blankDefinition(text string) string {
	var s [numSlots]string
	for i := range s {
		s[i] = blankSlot(i, text)
	}
	return definitionOf(s)
}

func blankSlot(i int, text string) string {
	neutral := [numSlots]string{"", "1", "https://api.example.com/v1", "", "", "lit", "x", "c", "c", "m", "R", "", "c", "d", "d"}[i]
	if text == "" && (i != slotLiteral && i < slotOption || i >= slotComment) {
		return ""
	}
	return neutral
}

func definitionOf(s [numSlots]string) string {
	q := func(v string) string { b, _ := json.Marshal(v); return string(b) }
	lit := s[slotLiteral]
	return fmt.Sprintf(`{
  "_url": %s,
  "_description": %s,
  "_version": %s,
  "Ticket": {
    "_description": %s,
    "_params": {"id": %s, "n": %s, "body": %s},
    /*%s*/
    "list": ["GET", %s],
    "create": ["POST", "/t", ["body", %s]],
    %s: ["GET", "/m/{id}?n={n:}"],
    "Child": {"_description": %s, "get": ["GET", "/c"]},
    %s: {"get": ["GET", "/r?k={k::a,b}"]},
    // %s
    "changed": ["EVENT", ["id", %s, %s]]
  }
}`, q(s[slotURL]), q(s[slotAPIDescription]), q(s[slotVersion]), q(s[slotDescription]),
		q(s[slotParamDescription]), q(s[slotParamDescription]), q(s[slotParamDescription]), s[slotComment],
		q("/t/"+lit+"/{id}?q="+lit+"&view={view:"+s[slotDefault]+"}&kind={kind::first,"+s[slotOption]+"}&"+lit+"={v:}"),
		q("mode::second,"+s[slotBodyOption]), q(s[slotMethod]), q(s[slotChildDescription]), q(s[slotResource]),
		commentLines(s[slotEventDescription]), q("state::first,"+s[slotEventOption]), q("note:"+s[slotDefault]))
}

// commentLines returns text as the lines of a // comment: each line break
// (CR LF, LF or CR) continues the comment on the next line.
func commentLines(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.ReplaceAll(text, "\n", "\n    // ")
}

// hostileTexts are the table cases of the trust tests and the seeds of
// FuzzDefinitionText (see deftest.HostileTexts).
var hostileTexts = deftest.HostileTexts

// decls returns the top-level declarations of Go files as sorted "file:
// kind name" lines, and the lines that Go tools read as directives or
// build constraints (//go:..., //line ..., // +build ...).
func decls(t testing.TB, files map[string][]byte) (declared, directives []string) {
	t.Helper()
	fset := token.NewFileSet()
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", name, err, src)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				recv := ""
				if d.Recv != nil {
					recv = typeName(d.Recv.List[0].Type) + "."
				}
				declared = append(declared, name+": func "+recv+d.Name.Name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						declared = append(declared, name+": type "+s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							declared = append(declared, name+": "+d.Tok.String()+" "+n.Name)
						}
					case *ast.ImportSpec:
						declared = append(declared, name+": import "+s.Path.Value)
					}
				}
			default:
				declared = append(declared, fmt.Sprintf("%s: %T", name, d))
			}
		}
		for _, line := range strings.Split(string(src), "\n") {
			l := strings.TrimSpace(line)
			rest, isLine := strings.CutPrefix(l, "//")
			if strings.HasPrefix(l, "/*") || isLine && (strings.HasPrefix(rest, "go:") || strings.HasPrefix(rest, "line ") ||
				strings.HasPrefix(strings.TrimSpace(rest), "+build") || strings.HasPrefix(rest, "export ")) {
				directives = append(directives, name+": "+l)
			}
		}
	}
	sort.Strings(declared)
	sort.Strings(directives)
	return declared, directives
}

func typeName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		return "*" + typeName(s.X)
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return fmt.Sprintf("%T", e)
}

// kinds reduces declarations to their kind and file, for definitions whose
// names differ.
func kinds(declared []string) map[string]int {
	n := map[string]int{}
	for _, d := range declared {
		file, rest, _ := strings.Cut(d, ": ")
		kind, _, _ := strings.Cut(rest, " ")
		if file != golang.ClientFile && file != golang.RuntimeFile {
			file = "resource file"
		}
		n[file+": "+kind]++
	}
	return n
}

// markdownStructure counts the nodes of a generated page that are markup:
// everything but text, paragraphs and line breaks. Hostile text must not
// add any.
func markdownStructure(src []byte) map[string]int {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	doc := md.Parser().Parse(text.NewReader(src))
	n := map[string]int{}
	mdast.Walk(doc, func(node mdast.Node, entering bool) (mdast.WalkStatus, error) {
		if !entering {
			return mdast.WalkContinue, nil
		}
		switch node.(type) {
		case *mdast.Document, *mdast.Paragraph, *mdast.Text, *mdast.String, *mdast.TextBlock:
		case *extast.TableCell:
		default:
			n[node.Kind().String()]++
		}
		return mdast.WalkContinue, nil
	})
	return n
}

// checkGenerated generates the Go client and docs of a definition that lint
// accepts and of its blanked form, and checks that the text changed neither
// the declarations of the package (only their names, for name slots), nor
// its directives, nor the structure of the docs; that the Go files are
// gofmt-clean; and, where the text is in no name, that the same text did
// not change any other Go line than comments and string literals.
func checkGenerated(t *testing.T, text string, mask uint16) (ok bool) {
	t.Helper()
	if isSyntax(text, mask) {
		return false
	}
	api, list := lint.Source("trust.json", []byte(baseDefinition(text, mask)), lint.Options{})
	if list.HasErrors() {
		return false
	}
	blank, blist := lint.Source("trust.json", []byte(blankDefinition(text)), lint.Options{})
	if blist.HasErrors() {
		t.Fatalf("the blank definition has errors: %v", blist)
	}
	files, blankFiles := generate(t, api), generate(t, blank)
	// The runtimes are the same in both (the package name comes from the
	// file name), and copied verbatim: TestRuntimeFile and
	// TestEventsRuntimeFile in generator/golang check them.
	for _, f := range []map[string][]byte{files, blankFiles} {
		delete(f, golang.RuntimeFile)
		delete(f, golang.EventsRuntimeFile)
	}
	for name, src := range files {
		if name == markdown.File(api) {
			continue
		}
		if formatted, err := format.Source(src); err != nil || string(formatted) != string(src) {
			t.Fatalf("%s is not gofmt-clean (%v):\n%s", name, err, src)
		}
	}
	md, blankMD := files[markdown.File(api)], blankFiles[markdown.File(blank)]
	for _, f := range []map[string][]byte{files, blankFiles} {
		delete(f, markdown.File(api))
	}
	got, gotDirectives := decls(t, files)
	want, wantDirectives := decls(t, blankFiles)
	if mask&nameSlots == 0 {
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("text %q in %s changed the declarations:\n%s\nwant\n%s", text, slotList(mask), strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	} else if fmt.Sprint(kinds(got)) != fmt.Sprint(kinds(want)) {
		t.Fatalf("text %q in %s changed the kinds of declarations: %v, want %v", text, slotList(mask), kinds(got), kinds(want))
	}
	if strings.Join(gotDirectives, "\n") != strings.Join(wantDirectives, "\n") {
		t.Fatalf("text %q in %s added directives:\n%s", text, slotList(mask), strings.Join(gotDirectives, "\n"))
	}
	if g, w := markdownStructure(md), markdownStructure(blankMD); fmt.Sprint(g) != fmt.Sprint(w) {
		t.Fatalf("text %q in %s changed the structure of the docs:\n got %v\nwant %v\n%s", text, slotList(mask), g, w, md)
	}
	return true
}

// isSyntax reports whether text is syntax of the definition format in a
// slot of mask, and so means more than text: a metadata key for a name, a
// tag in a literal, options after a default or "!" (required) for one,
// several options, or an option that is already there.
func isSyntax(text string, mask uint16) bool {
	has := func(slot int) bool { return mask&(1<<slot) != 0 }
	opt := strings.TrimSpace(text)
	return (has(slotMethod) || has(slotResource)) && (strings.HasPrefix(text, "_") || strings.HasPrefix(text, "$")) ||
		has(slotLiteral) && strings.ContainsAny(text, "{}") ||
		has(slotDefault) && (strings.ContainsAny(text, ":{}") || text == "!") ||
		(has(slotOption) || has(slotBodyOption) || has(slotEventOption)) && (strings.ContainsAny(text, ",{}") || opt == "first" || opt == "second")
}

// generate returns the Go files and the Markdown page of api.
func generate(t testing.TB, api *model.API) map[string][]byte {
	t.Helper()
	files, err := Go(api)
	if err != nil {
		t.Fatalf("lint accepted the definition, but generate fails: %v", err)
	}
	docs, err := Markdown(api)
	if err != nil {
		t.Fatalf("lint accepted the definition, but docs fail: %v", err)
	}
	for name, content := range docs {
		files[name] = content
	}
	return files
}

func slotList(mask uint16) string {
	var names []string
	for i := range numSlots {
		if mask&(1<<i) != 0 {
			names = append(names, slotNames[i])
		}
	}
	return strings.Join(names, ", ")
}

// TestDefinitionTextCannotInjectGoCode protects generated code from the
// injection of issue 9 and its variants: each hostile text, in every slot
// where lint accepts it, leaves the package's declarations, directives and
// doc structure as they are with neutral text. The definition
// itself must generate, with the injected lines inside comments.
func TestDefinitionTextCannotInjectGoCode(t *testing.T) {
	for _, text := range hostileTexts {
		accepted := 0
		for slot := range numSlots {
			if checkGenerated(t, text, 1<<slot) {
				accepted++
			}
		}
		if checkGenerated(t, text, (1<<numSlots-1)&^nameSlots) {
			accepted++
		}
		if accepted == 0 {
			t.Errorf("no slot accepts %q", text)
		}
	}

	src := `{"R": {"_description": "x\n/**/ func init() { panic(\"injected\") }\n//go:generate echo PWNED", "get": ["GET", "/r/{id}"]}}`
	api, list := lint.Source("r.json", []byte(src), lint.Options{})
	if list.HasErrors() {
		t.Fatal(list)
	}
	files, err := Go(api)
	if err != nil {
		t.Fatal(err)
	}
	want := "// RResource holds the methods of the R resource.\n//\n// x\n// /**/ func init() { panic(\"injected\") }\n// //go:generate echo PWNED\ntype RResource struct {"
	if !strings.Contains(string(files["r.gen.go"]), want) {
		t.Errorf("r.gen.go lacks\n%s\n%s", want, files["r.gen.go"])
	}
	if strings.Contains(string(files[golang.ClientFile]), "\tfunc init") || strings.Contains(string(files[golang.ClientFile]), "\n//go:generate") {
		t.Errorf("client.gen.go:\n%s", files[golang.ClientFile])
	}
	// A lone "/*" used to make generate fail on a definition lint accepted.
	for _, desc := range []string{"/*", "*/", "/* x", "\r/*"} {
		src := fmt.Sprintf(`{"_description": %q, "R": {"_description": %q, "get": ["GET", "/r"]}}`, desc, desc)
		api, list := lint.Source("r.json", []byte(src), lint.Options{})
		if list.HasErrors() {
			t.Fatal(list)
		}
		if _, err := Go(api); err != nil {
			t.Errorf("description %q: %v", desc, err)
		}
	}
}

// TestStringLiteralsAreQuoted protects the Go string literals that hold
// definition text (the default base URL, defaults, enum values and options
// in endpoint tables): the text is the literal's value, whatever quotes,
// backslashes or characters it has.
func TestStringLiteralsAreQuoted(t *testing.T) {
	for _, text := range hostileTexts {
		for _, slot := range []int{slotURL, slotDefault, slotOption, slotBodyOption} {
			api, list := lint.Source("trust.json", []byte(baseDefinition(text, 1<<slot)), lint.Options{})
			want := text
			if slot == slotOption || slot == slotBodyOption {
				want = strings.TrimSpace(text) // with a warning
			}
			if list.HasErrors() || want == "" {
				continue
			}
			files, err := Go(api)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			fset := token.NewFileSet()
			for name, src := range files {
				f, err := parser.ParseFile(fset, name, src, 0)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ast.Inspect(f, func(n ast.Node) bool {
					if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						// A request table's text puts a backslash before
						// the bytes its syntax uses (apirt's table).
						if v, err := strconv.Unquote(lit.Value); err == nil && (strings.Contains(v, want) || strings.Contains(unbackslash(v), want)) {
							found = true
						}
					}
					return true
				})
			}
			if !found {
				t.Errorf("%q in %s: no string literal of the package holds %q", text, slotNames[slot], want)
			}
		}
	}
}

// TestHostileMarkdownHasOnlyGeneratedStructure protects generated docs from
// definition text that would add Markdown structure: with hostile text in
// every description, the version, the base URL, the endpoint and the
// options, a CommonMark parser with GitHub's extensions finds exactly the
// headings, links, HTML, code blocks and table rows that the generator
// writes for the definition, and the page shows the text as written.
func TestHostileMarkdownHasOnlyGeneratedStructure(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	mask := uint16((1<<numSlots - 1) &^ nameSlots)
	checked := 0
	for _, hostile := range hostileTexts {
		for _, m := range []uint16{mask, 1<<slotAPIDescription | 1<<slotDescription | 1<<slotChildDescription | 1<<slotEventDescription} {
			api, list := lint.Source("trust.json", []byte(baseDefinition(hostile, m)), lint.Options{})
			if list.HasErrors() {
				continue
			}
			checked++
			files, err := Markdown(api)
			if err != nil {
				t.Fatal(err)
			}
			src := files[markdown.File(api)]

			// What the generator writes: the title, "Making a client" and
			// "Contents"; a heading and a contents link per resource and
			// method; the header comment; a Go block, then a Go and a sh
			// block per method; a table of parameters per method with any.
			want := map[string]int{"Heading": 3, "HTMLBlock": 1, "FencedCodeBlock": 1}
			api.Root.Walk(func(r *model.Resource) {
				if !r.IsRoot() || len(r.Methods) > 0 {
					want["Heading"]++
					want["Link"]++
				}
				for _, m := range r.Methods {
					want["Heading"]++
					want["Link"]++
					want["FencedCodeBlock"] += 2
					if len(m.Params) > 0 {
						want["TableHeader"]++
						want["TableRow"] += len(m.Params)
					}
				}
			})
			// The events section: its heading, link and link out, a JSON,
			// a sh and two Go blocks; per event a heading, a link, a table
			// and a JSON block.
			if events := api.Events(); len(events) > 0 {
				want["Heading"]++
				want["Link"] += 2
				want["FencedCodeBlock"] += 4
				for _, e := range events {
					want["Heading"]++
					want["Link"]++
					want["FencedCodeBlock"]++
					if len(e.Params) > 0 {
						want["TableHeader"]++
						want["TableRow"] += len(e.Params)
					}
				}
			}
			got := map[string]int{}
			doc := md.Parser().Parse(text.NewReader(src))
			mdast.Walk(doc, func(n mdast.Node, entering bool) (mdast.WalkStatus, error) {
				if entering {
					switch k := n.Kind().String(); k {
					case "Heading", "HTMLBlock", "RawHTML", "FencedCodeBlock", "CodeBlock", "Link", "AutoLink", "Image", "TableHeader", "TableRow", "Blockquote", "ThematicBreak", "Emphasis", "Strikethrough", "FootnoteLink":
						got[k]++
					}
				}
				return mdast.WalkContinue, nil
			})
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%q: the page has %v, the generator writes %v:\n%s", hostile, got, want, src)
				continue
			}

			// Where only descriptions hold it, the text is shown as written
			// (in code spans, it would be shown whatever it said).
			if m == mask {
				continue
			}
			var html strings.Builder
			if err := md.Convert(src, &html); err != nil {
				t.Fatal(err)
			}
			if line := strings.Join(strings.Fields(hostile), " "); line != "" && line == safetext.OneLine(line) {
				if shown := stdhtml.UnescapeString(html.String()); !strings.Contains(shown, line) {
					t.Errorf("%q: the rendered page does not show %q:\n%s", hostile, line, html.String())
				}
			}
		}
	}
	if checked < len(hostileTexts) {
		t.Errorf("only %d definitions checked", checked)
	}
}

// unbackslash returns s without the backslash before each escaped byte.
func unbackslash(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
