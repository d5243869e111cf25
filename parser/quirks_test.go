package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// TestShippedDefinitionsCoverQuirks checks that the definitions in
// definitions/ together use every real-world quirk that section 7 of the
// format lists, so that the examples prove each of them works.
func TestShippedDefinitionsCoverQuirks(t *testing.T) {
	files, _ := filepath.Glob("../definitions/*.json")
	found := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		api, list := Parse(f, src)
		if list.HasErrors() {
			t.Fatalf("%s: %v", f, list)
		}
		if bytes.Contains(src, []byte("//")) || bytes.Contains(src, []byte("/*")) {
			found["comments"] = true
		}
		if bytes.Count(src, []byte(`"_TODO"`)) > 1 {
			found["repeated _ metadata"] = true
		}
		for _, d := range list {
			if strings.Contains(d.Msg, "is repeated; it is kept once") {
				found["repeated option"] = true
			}
		}
		api.Root.Walk(func(r *model.Resource) { quirksOf(r, found) })
	}
	for _, q := range []string{
		"comments", "repeated _ metadata", "method name with underscore",
		"relative endpoint", "leading & after ?", "tag as query key",
		"required option tag in path", "option list from a value", "repeated option",
		"child root built on parent's root", "child root replacing parent's root",
		"resource with only children", "resource without root",
		"literal query after path tag", "body parameter not named data",
	} {
		if !found[q] {
			t.Errorf("no shipped definition has: %s", q)
		}
	}
}

func quirksOf(r *model.Resource, found map[string]bool) {
	if !r.IsRoot() && len(r.Methods) == 0 && len(r.Children) > 0 {
		found["resource with only children"] = true
	}
	hasRoot := false
	for _, v := range r.Values {
		if v.Name == "root" {
			hasRoot = true
			if strings.HasPrefix(v.Text, "{root}") {
				found["child root built on parent's root"] = true
			} else if !r.IsRoot() && r.Parent.Values != nil && hasValue(r.Parent, "root") {
				found["child root replacing parent's root"] = true
			}
		}
		if strings.Contains(v.Expanded, ",") && !strings.Contains(v.Expanded, "{") {
			found["option list from a value"] = true
		}
	}
	if !hasRoot && !r.IsRoot() {
		found["resource without root"] = true
	}
	for _, m := range r.Methods {
		if strings.Contains(m.Name, "_") && strings.ToLower(m.Name) == m.Name {
			found["method name with underscore"] = true
		}
		if !strings.HasPrefix(m.Expanded, "/") {
			found["relative endpoint"] = true
		}
		if strings.Contains(m.Expanded, "?&") {
			found["leading & after ?"] = true
		}
		for _, p := range m.Params {
			switch {
			case p.In == uritemplate.InQueryKey:
				found["tag as query key"] = true
			case p.In == uritemplate.InPath && p.Required && p.Options != nil:
				found["required option tag in path"] = true
			case p.In == uritemplate.InBody && p.Name != "data":
				found["body parameter not named data"] = true
			}
		}
		tm := m.Template
		if len(tm.Path) > 0 && tm.Path[len(tm.Path)-1].Arg > 0 {
			for _, q := range tm.Query {
				if len(q.Key) == 1 && q.Key[0].Arg == 0 && len(q.Value) == 1 && q.Value[0].Arg == 0 {
					found["literal query after path tag"] = true
				}
			}
		}
	}
}

func hasValue(r *model.Resource, name string) bool {
	for ; r != nil; r = r.Parent {
		for _, v := range r.Values {
			if v.Name == name {
				return true
			}
		}
	}
	return false
}
