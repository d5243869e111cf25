// Package deftest parses definitions for the tests of other packages: a
// test that needs a model parses it here and fails at once on errors.
package deftest

import (
	"testing"

	"github.com/apigen-go/apigen/internal/synth"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

// File parses the definition file path; errors fail the test.
func File(tb testing.TB, path string) *model.API {
	tb.Helper()
	api, list := parser.ParseFile(path)
	if list.HasErrors() {
		tb.Fatalf("%s: %v", path, list)
	}
	return api
}

// Source parses src as the definition file name; errors fail the test.
func Source(tb testing.TB, name, src string) *model.API {
	tb.Helper()
	api, list := parser.Parse(name, []byte(src))
	if list.HasErrors() {
		tb.Fatalf("%s: %v", name, list)
	}
	return api
}

// Synth parses the synthetic definition of n resources (11*n methods).
func Synth(tb testing.TB, n int) *model.API {
	tb.Helper()
	return Source(tb, synth.FileName, string(synth.Definition(n)))
}
