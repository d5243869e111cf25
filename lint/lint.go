// Package lint checks definitions the way `apigen lint` does: the parser's
// diagnostics (the definition format's rules) and those of the rules each
// output target adds (the Go target: every name must become a Go name, and
// no two may collide; a generated server must be able to tell every
// request's method, see Options.Server). A definition that lint accepts generates a package
// that compiles.
//
// It sits beside the pipeline: it runs the parser and each target's check,
// and writes nothing.
package lint

import (
	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

// Options changes what is checked.
type Options struct {
	// Package is the Go package name the Go target would use; "" derives
	// it from the API name.
	Package string
	// Server checks the definition for a generated server (apigen lint
	// --server, apigen generate --server): what a server cannot serve
	// without ambiguity is an error. Without it, a warning.
	Server bool
}

// File reads and checks the definition in the named file. The API is nil
// when the file could not be parsed at all.
func File(filename string, opts Options) (*model.API, diag.List) {
	api, list := parser.ParseFile(filename)
	return check(api, list, opts)
}

// Source checks the definition src read from filename.
func Source(filename string, src []byte, opts Options) (*model.API, diag.List) {
	api, list := parser.Parse(filename, src)
	return check(api, list, opts)
}

// check adds the targets' diagnostics to the parser's, all sorted.
func check(api *model.API, list diag.List, opts Options) (*model.API, diag.List) {
	if api == nil {
		return nil, list
	}
	// Without --server, what a server could not serve is a warning, and
	// only worth reading once the definition has no errors of its own.
	server := golang.Options{Package: opts.Package, Server: opts.Server}
	if list.HasErrors() && !opts.Server {
		server.SkipServer = true
	}
	list = append(list, golang.Check(api, server)...)
	list.Sort()
	return api, list
}
