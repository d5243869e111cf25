// Package expandtable reads testdata/expand.json, the one table of URL
// expansions that both apigen's own expansion (package uritemplate) and
// generated clients (tested from package generator) must satisfy.
package expandtable

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Row is one expansion: a template, a base URL and parameter values, and the
// URL they give, or "error: <substring>" for a call that must fail.
type Row struct {
	Template string            `json:"template"`
	Base     string            `json:"base"`
	Values   map[string]string `json:"values"`
	Want     string            `json:"want"`
}

// Read returns the rows of the table.
func Read(tb testing.TB) []Row {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "testdata", "expand.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var rows []Row
	if err := json.Unmarshal(b, &rows); err != nil {
		tb.Fatal(err)
	}
	return rows
}
