package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/generator/corejson"
	"github.com/apigen-go/apigen/generator/openapi"
	"github.com/apigen-go/apigen/parser"
)

// TestExport checks apigen export: the document on stdout is the
// generator's, -o writes it and replaces an earlier export but never
// another file, warnings go to stderr, and bad input writes nothing.
func TestExport(t *testing.T) {
	def := "../../definitions/crm.json"
	api, _ := parser.ParseFile(def)
	oa31, _ := openapi.Generate(api, openapi.Options{})
	oa30, _ := openapi.Generate(api, openapi.Options{Version: "3.0"})
	cj, _ := corejson.Generate(api, corejson.Options{})

	code, stdout, stderr := apigen(t, "export", "--format", "openapi", def)
	if code != 0 || stdout != string(oa31[openapi.FileName(api)]) || !strings.Contains(stderr, def+":25:43: warning: OpenAPI cannot name a query key by a parameter") {
		t.Errorf("openapi: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ = apigen(t, "export", "--format", "openapi", "--oas", "3.0", def)
	if code != 0 || stdout != string(oa30[openapi.FileName(api)]) {
		t.Errorf("openapi 3.0: exit %d", code)
	}
	code, stdout, _ = apigen(t, "export", "--format", "corejson", def)
	if code != 0 || stdout != string(cj[corejson.FileName(api)]) {
		t.Errorf("corejson: exit %d", code)
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "crm.openapi.json")
	if code, _, stderr := apigen(t, "export", "--format", "openapi", "--oas", "3.0", "-o", out, def); code != 0 {
		t.Fatalf("-o: exit %d %s", code, stderr)
	}
	if code, _, stderr := apigen(t, "export", "--format", "openapi", "-o", out, def); code != 0 {
		t.Fatalf("-o over an earlier export: exit %d %s", code, stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != string(oa31[openapi.FileName(api)]) {
		t.Errorf("-o wrote something else")
	}
	mine := writeFile(t, dir, "mine.json", `{"openapi": "3.1.0", "info": {"title": "hand-written"}}`)
	code, _, stderr = apigen(t, "export", "--format", "openapi", "-o", mine, def)
	if got, _ := os.ReadFile(mine); code != 1 || !strings.Contains(stderr, "refusing to overwrite") || !strings.Contains(string(got), "hand-written") {
		t.Errorf("-o over a file that is not an export: exit %d, %s", code, stderr)
	}
	// An OpenAPI export is not a Core JSON one.
	code, _, _ = apigen(t, "export", "--format", "corejson", "-o", out, def)
	if code != 1 {
		t.Errorf("corejson over an OpenAPI export: exit %d", code)
	}

	bad := writeFile(t, dir, "bad.json", `{"R": {"get": ["FETCH", "/r"]}}`)
	badOut := filepath.Join(dir, "bad.openapi.json")
	code, stdout, stderr = apigen(t, "export", "--format", "openapi", "-o", badOut, bad)
	if _, err := os.Stat(badOut); code != 1 || stdout != "" || !strings.Contains(stderr, "nothing was written") || err == nil {
		t.Errorf("bad definition: exit %d, %q, %v", code, stderr, err)
	}
	for _, args := range [][]string{
		{"export", def},
		{"export", "--format", "yaml", def},
		{"export", "--format", "openapi", "--oas", "2.0", def},
		{"export", "--format", "corejson", "--oas", "3.0", def},
		{"export", "--format", "openapi", def, def},
	} {
		if code, _, stderr := apigen(t, args...); code != exitUsage {
			t.Errorf("apigen %q: exit %d, %s", args, code, stderr)
		}
	}
}

// TestSchemaCommand checks that apigen schema prints the committed schema.
func TestSchemaCommand(t *testing.T) {
	want, err := os.ReadFile("../../schema/apigen.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := apigen(t, "schema")
	if code != 0 || stdout != string(want) || stderr != "" {
		t.Errorf("exit %d, stderr %q, stdout differs from schema/apigen.schema.json: %v", code, stderr, stdout != string(want))
	}
	if code, _, _ := apigen(t, "schema", "extra"); code != exitUsage {
		t.Errorf("schema extra: exit %d", code)
	}
}
