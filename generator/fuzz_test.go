package generator

import (
	"flag"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/lint"
)

var typecheck = flag.Bool("typecheck", false, "FuzzDefinitionText: also type-check every generated package")

// FuzzDefinitionText puts arbitrary text into the slots of the base
// definition chosen by mask (descriptions, _version, _url, literal endpoint
// text, a default, options, a method and a resource name; see
// baseDefinition) and checks, whenever lint accepts the result, that
// generation succeeds and that the text changes neither the set of
// top-level declarations of the generated package (compared, via go/parser,
// with the same definition with that text blanked; only their names where
// the text is a name or an option), nor adds a //go:, //line or +build line
// anywhere, nor changes the Markdown structure of the docs, and that every
// Go file is gofmt-clean.
//
// With -typecheck, every generated package is also type-checked, which is
// what compiling it would check. That is slow, and the first check in each
// worker loads the standard library's export data, so it is off by default;
// TestGeneratedPackagesCompile builds and vets hostile definitions with the
// go command.
//
// It is seeded with hostileTexts in every text slot at once and in the name
// and option slots; testdata/fuzz/FuzzDefinitionText holds inputs found
// while fuzzing.
func FuzzDefinitionText(f *testing.F) {
	all := uint16((1<<numSlots - 1) &^ nameSlots)
	for _, text := range hostileTexts {
		f.Add(text, all)
		f.Add(text, uint16(1<<slotMethod))
		f.Add(text, uint16(1<<slotResource))
		f.Add(text, uint16(1<<slotOption|1<<slotBodyOption|1<<slotEventOption))
		f.Add(text, uint16(1<<slotEventDescription))
	}
	if *typecheck {
		// Load the export data before the first input, in every worker.
		api, _ := lint.Source("trust.json", []byte(blankDefinition("x")), lint.Options{})
		files, _ := Go(api)
		if err := typeCheck(files); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, text string, mask uint16) {
		mask &= 1<<numSlots - 1
		if len(text) > 1024 {
			// Longer text finds nothing more here; it finds the parser's
			// slowness on long endpoints, which FuzzParse is for.
			return
		}
		if !checkGenerated(t, text, mask) || !*typecheck {
			return
		}
		api, _ := lint.Source("trust.json", []byte(baseDefinition(text, mask)), lint.Options{})
		files, _ := Go(api)
		if err := typeCheck(files); err != nil {
			t.Fatalf("text %q in %s: the package does not compile: %v", text, slotList(mask), err)
		}
	})
}

// typeCheck type-checks a generated package with the standard library's
// export data, loaded once per process.
func typeCheck(files map[string][]byte) error {
	checkMu.Lock()
	defer checkMu.Unlock()
	if checkImporter == nil {
		checkFset = token.NewFileSet()
		checkImporter = importer.ForCompiler(checkFset, "gc", nil)
	}
	var parsed []*ast.File
	for name, src := range files {
		f, err := parser.ParseFile(checkFset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		parsed = append(parsed, f)
	}
	conf := types.Config{Importer: checkImporter}
	_, err := conf.Check("trust", checkFset, parsed, nil)
	return err
}

var (
	checkMu       sync.Mutex
	checkFset     *token.FileSet
	checkImporter types.Importer
)
