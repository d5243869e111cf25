package generator

import (
	"testing"

	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/generator/markdown"
	"github.com/apigen-go/apigen/model"
)

// Go runs the Go target with default options.
func Go(api *model.API) (map[string][]byte, error) {
	files, diags := golang.Generate(api, golang.Options{Events: true})
	return files, diags.Err()
}

// Markdown runs the Markdown target with default options.
func Markdown(api *model.API) (map[string][]byte, error) {
	files, diags := markdown.Generate(api, markdown.Options{})
	return files, diags.Err()
}

// goNames runs the Go naming pass; errors fail the test.
func goNames(t testing.TB, api *model.API) *golang.Names {
	t.Helper()
	n, diags := golang.Name(api, "")
	if diags.HasErrors() {
		t.Fatalf("%s: %v", api.File, diags)
	}
	return n
}
