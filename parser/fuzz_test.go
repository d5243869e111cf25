package parser

import (
	"github.com/apigen-go/apigen/generator/golang"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// FuzzParse parses arbitrary definitions and checks that the parser never
// panics, that every diagnostic has a valid position inside the file and
// the list is sorted, that parsing is deterministic, and that every endpoint
// of an accepted definition prints to a template that parses again.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"../testdata/lint/*.json", "../definitions/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte(`{"a": "{b}", "R": {"b": "x", "get": ["GET", "{a}/{c::{a}}"]}}`))
	f.Add([]byte("{\"R\": {/* c */ \"get\": [\"get\", \"/\\u00e9{x}\",]},}"))
	f.Add([]byte("{\"o\": \"a,b\", \"R\": {\n  // c\n  \"e\": [\"event\", [\"x\", \"y:a:{o}\", \"z:\"]], \"E2\": {\"e\": [\"EVENT\"]}}}"))
	f.Add([]byte("{\"_params\": {\"x\": \"d\"},\n // m\n \"m\": [\"GET\", \"/{+x}:y?l={l*:}\"],\n /* r */\n \"R\": {}}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		api, list := Parse("fuzz.json", src)
		for i, d := range list {
			if d.Pos.File != "fuzz.json" || d.Pos.Offset < 0 || d.Pos.Offset > len(src) || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Fatalf("bad position %+v for %q", d.Pos, d.Msg)
			}
			if h := hiddenIn(d.Msg); h != "" {
				t.Fatalf("message %q shows %q as it is", d.Msg, h)
			}
			if i > 0 && list[i-1].Pos.Offset > d.Pos.Offset {
				t.Fatalf("diagnostics are not sorted: %v", list)
			}
		}
		api2, list2 := Parse("fuzz.json", src)
		if !reflect.DeepEqual(list, list2) || (api == nil) != (api2 == nil) {
			t.Fatalf("two parses differ")
		}
		if api == nil || list.HasErrors() {
			return
		}
		names, nameDiags := golang.Name(api, "")
		api.Root.Walk(func(r *model.Resource) {
			// A comment that describes a key is before it, in the file.
			if r.DescriptionPos.Line > 0 && r.DescriptionPos.Offset >= r.Pos.Offset {
				t.Fatalf("resource %q: description at %v, after its key at %v", r.Name, r.DescriptionPos, r.Pos)
			}
			for _, m := range r.Methods {
				if m.Description != "" && m.DescriptionPos.Offset >= m.Pos.Offset {
					t.Fatalf("method %q: description at %v, after its key at %v", m.Name, m.DescriptionPos, m.Pos)
				}
				if _, probs := uritemplate.Parse(m.Template.String()); len(probs) > 0 {
					for _, p := range probs {
						if !p.Warning {
							t.Fatalf("%s: canonical template %q has errors: %v", m.Name, m.Template, probs)
						}
					}
				}
				// The Go target's naming pass runs on every model the
				// parser accepts; when it reports nothing, every method
				// has its names.
				if mn := names.Method(m); !nameDiags.HasErrors() && (mn == nil || mn.GoName == "" || (mn.ParamsType == "") != (len(m.Optional()) == 0)) {
					t.Fatalf("%s: names not assigned", m.Name)
				}
			}
		})
	})
}
