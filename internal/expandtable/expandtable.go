// Package expandtable holds expand.json, the one table of URL expansions
// that both apigen's own expansion (package apirt) and generated clients
// (tested from package generator) must satisfy, and reads it for tests.
package expandtable

import (
	_ "embed"
	"encoding/json"
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

//go:embed expand.json
var table []byte

// Read returns the rows of the table.
func Read(tb testing.TB) []Row {
	tb.Helper()
	var rows []Row
	if err := json.Unmarshal(table, &rows); err != nil {
		tb.Fatal(err)
	}
	return rows
}
