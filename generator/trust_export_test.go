package generator

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/generator/corejson"
	"github.com/apigen-go/apigen/generator/openapi"
	"github.com/apigen-go/apigen/internal/apicall"
	"github.com/apigen-go/apigen/internal/safetext"
	"github.com/apigen-go/apigen/lint"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

// firstHidden returns the first character of s that must not be written
// as itself (a control, format or line-break character), other than the
// line feeds in allowed; "" when there is none.
func firstHidden(s string, allowLF bool) string {
	for i := 0; i < len(s); {
		if s[i] == '\n' && allowLF {
			i++
			continue
		}
		n, hidden := safetext.Hidden(s[i:])
		if hidden {
			return s[i : i+n]
		}
		i += n
	}
	return ""
}

// containsString reports whether the decoded JSON value v holds the
// string s, as a value or a key, at any depth.
func containsString(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return v == s
	case map[string]any:
		for k, c := range v {
			if k == s || containsString(c, s) {
				return true
			}
		}
	case []any:
		for _, c := range v {
			if containsString(c, s) {
				return true
			}
		}
	}
	return false
}

// TestHostileTextStaysTextInCallAndExports puts each hostile text in each
// slot of the trust tests' definition and, where lint accepts it, checks
// the outputs of apigen call's listing and of both exports: the listing
// shows definition text on one line with escapes (nothing reaches the
// terminal that could steer it); the exports are valid JSON without a raw
// control, format or line-break character (JSON escapes say the same),
// and an option still reads as the text it is.
func TestHostileTextStaysTextInCallAndExports(t *testing.T) {
	checked := 0
	for _, text := range hostileTexts {
		for slot := 0; slot < numSlots; slot++ {
			def := baseDefinition(text, 1<<slot)
			api, list := lint.Source("trust.json", []byte(def), lint.Options{})
			if list.HasErrors() {
				continue
			}
			checked++
			where := slotNames[slot] + " " + safetext.OneLine(text)
			a, diags := apicall.Load(api)
			if diags.HasErrors() {
				t.Fatalf("%s: %v", where, diags)
			}
			var b strings.Builder
			if err := a.List(&b); err != nil {
				t.Fatal(err)
			}
			if c := firstHidden(b.String(), true); c != "" {
				t.Errorf("%s: the listing writes %q as itself:\n%s", where, c, b.String())
			}
			outputs := map[string][]byte{}
			for _, v := range []string{"3.1", "3.0"} {
				files, diags := openapi.Generate(api, openapi.Options{Version: v})
				if diags.HasErrors() {
					t.Fatalf("%s: %v", where, diags)
				}
				outputs["openapi "+v] = files[openapi.FileName(api)]
			}
			files, diags := corejson.Generate(api, corejson.Options{})
			if diags.HasErrors() {
				t.Fatalf("%s: %v", where, diags)
			}
			for _, f := range files {
				outputs["corejson"] = f
			}
			for name, doc := range outputs {
				var v any
				if err := json.Unmarshal(doc, &v); err != nil {
					t.Errorf("%s: %s is not JSON: %v", where, name, err)
					continue
				}
				if c := firstHidden(string(doc), true); c != "" {
					t.Errorf("%s: %s writes %q as itself", where, name, c)
				}
				if slot == slotOption {
					// The option as the parser read it: the last of kind's.
					opts := api.Root.Children[0].Methods[0].Params[2].Options
					if opt := opts[len(opts)-1]; !containsString(v, opt) {
						t.Errorf("%s: %s lost the option %q", where, name, opt)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d definitions checked", checked)
	}
}

// TestExportsLeaveOutURLUserInfo protects a credential written in _url.
// Lint refuses it (the error is checked here); behind that, an export is a
// document for others, so neither format carries the user info (in the
// server URL or any link) even of a model with that error, and each warns
// at the file that it left it out; the rest of the URL is kept.
func TestExportsLeaveOutURLUserInfo(t *testing.T) {
	api, list := parser.Parse("ui.json", []byte(`{"_url": "https://alice:s3cr3t@x.example.com/v1", "R": {"get": ["GET", "/r/{+id}"]}}`))
	if api == nil || !strings.Contains(list.Error(), "must not hold a user name or password") || strings.Contains(list.Error(), "s3cr3t") {
		t.Fatalf("lint: %v", list)
	}
	for name, gen := range map[string]func(*model.API) (map[string][]byte, diag.List){
		"openapi":  func(a *model.API) (map[string][]byte, diag.List) { return openapi.Generate(a, openapi.Options{}) },
		"corejson": func(a *model.API) (map[string][]byte, diag.List) { return corejson.Generate(a, corejson.Options{}) },
	} {
		files, ds := gen(api)
		if len(files) != 1 {
			t.Fatalf("%s: %d files, %v", name, len(files), ds)
		}
		for _, b := range files {
			if s := string(b); strings.Contains(s, "alice") || strings.Contains(s, "s3cr3t") || !strings.Contains(s, `"https://x.example.com/v1"`) {
				t.Errorf("%s: the export shows the user info or lost the URL:\n%s", name, s)
			}
		}
		n := 0
		for _, d := range ds {
			if strings.Contains(d.Msg, "user name or password") {
				n++
				if d.Pos.Line != 1 || d.Pos.Col != 1 || strings.Contains(d.Msg, "s3cr3t") {
					t.Errorf("%s: warning %v", name, d)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d warnings of the user info, want 1: %v", name, n, ds)
		}
	}
}
