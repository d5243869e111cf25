package corejson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/apigen-go/apigen/parser"
)

// FuzzGenerate exports arbitrary definitions that parse without errors:
// it never panics, and the document is valid JSON, the same on every run.
// Seeded with the shipped and test definitions.
func FuzzGenerate(f *testing.F) {
	for _, g := range []string{"../../definitions/*.json", "../../testdata/golden/*/*.json", "../openapi/testdata/*.json"} {
		files, _ := filepath.Glob(g)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		api, list := parser.Parse("fuzz.json", src)
		if api == nil || list.HasErrors() {
			return
		}
		a, _ := Generate(api, Options{})
		b, _ := Generate(api, Options{})
		for name, doc := range a {
			if !json.Valid(doc) || !bytes.Equal(doc, b[name]) {
				t.Fatalf("%s: invalid or not deterministic:\n%s", name, doc)
			}
		}
	})
}
