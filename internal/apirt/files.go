package apirt

import (
	"bytes"
	"embed"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
	"sync"
)

// This file is not copied: it tells apigen which runtime files a generated
// package gets, and joins them into one Go file.

// Part is a part of the runtime that a generated package may need.
type Part int

const (
	// ClientPart is what every generated package gets: endpoints,
	// validation, building requests, and the client.
	ClientPart Part = iota
	// ServerPart is what a package generated with --server adds: matching
	// requests to endpoints, and the handler.
	ServerPart
	// EventsPart is what a package generated with --events adds: the
	// Standard Webhooks signature, the event sender and the event receiver.
	EventsPart
	// ProblemPart is what the server and the event receiver share, which
	// a package gets with either: RFC 9457 problem documents.
	ProblemPart
)

// Parts lists every part, in the order their files are emitted.
var Parts = []Part{ClientPart, ServerPart, EventsPart, ProblemPart}

// partFiles are the files of each part.
var partFiles = map[Part][]string{
	ClientPart:  {"endpoint.go", "table.go", "validate.go", "build.go", "client.go"},
	ServerPart:  {"match.go", "router.go", "server.go"},
	EventsPart:  {"events.go", "eventsend.go", "eventrecv.go", "eventjson.go", "webhook.go"},
	ProblemPart: {"problem.go"},
}

//go:embed endpoint.go table.go validate.go build.go client.go match.go router.go server.go
//go:embed events.go eventsend.go eventrecv.go eventjson.go webhook.go problem.go
var runtimeFS embed.FS

// fileSource returns the source of one runtime file.
func fileSource(name string) []byte {
	b, err := runtimeFS.ReadFile(name)
	if err != nil {
		panic("apirt: no runtime file " + name)
	}
	return b
}

// Source returns the files of a part as one Go file of package pkg, without
// a header: the package clause, one import declaration of every package the
// files import, then each file's text after its own package clause and
// imports, in order.
func Source(part Part, pkg string) []byte {
	var imports []string
	var body bytes.Buffer
	for _, name := range partFiles[part] {
		src := fileSource(name)
		f, fset := parse(name, src)
		rest := fset.Position(f.Name.End()).Offset
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				for _, s := range g.Specs {
					imports = append(imports, s.(*ast.ImportSpec).Path.Value)
				}
				body.Write(src[rest:fset.Position(g.Pos()).Offset])
				rest = fset.Position(g.End()).Offset
			}
		}
		body.Write(src[rest:])
	}
	sort.Strings(imports)
	var b bytes.Buffer
	b.WriteString("package " + pkg + "\n")
	switch {
	case len(imports) == 1:
		b.WriteString("\nimport " + imports[0] + "\n")
	case len(imports) > 1:
		b.WriteString("\nimport (\n")
		for i, imp := range imports {
			if i == 0 || imp != imports[i-1] {
				b.WriteString("\t" + imp + "\n")
			}
		}
		b.WriteString(")\n")
	}
	// Each file's text starts with the blank line after its package
	// clause or imports; drop the runs of blank lines that leaves.
	out := b.Bytes()
	for _, line := range bytes.SplitAfter(body.Bytes(), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 && bytes.HasSuffix(out, []byte("\n\n")) {
			continue
		}
		out = append(out, line...)
	}
	return out
}

func parse(name string, src []byte) (*ast.File, *token.FileSet) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		panic("apirt: " + err.Error())
	}
	return f, fset
}

var (
	declaredOnce sync.Once
	declared     []string
)

// Declared returns, sorted, the package-level identifiers that the files of
// every part declare, and the names of the packages they import. Generated
// packages must not declare these names, whichever parts they get, so that
// the names of a package do not depend on its parts.
func Declared() []string {
	declaredOnce.Do(func() {
		seen := map[string]bool{}
		for _, part := range Parts {
			for _, name := range partFiles[part] {
				f, _ := parse(name, fileSource(name))
				for _, imp := range f.Imports {
					path := strings.Trim(imp.Path.Value, `"`)
					seen[path[strings.LastIndexByte(path, '/')+1:]] = true
				}
				for _, d := range f.Decls {
					switch d := d.(type) {
					case *ast.FuncDecl:
						if d.Recv == nil {
							seen[d.Name.Name] = true
						}
					case *ast.GenDecl:
						for _, s := range d.Specs {
							switch s := s.(type) {
							case *ast.TypeSpec:
								seen[s.Name.Name] = true
							case *ast.ValueSpec:
								for _, n := range s.Names {
									seen[n.Name] = true
								}
							}
						}
					}
				}
			}
		}
		for n := range seen {
			declared = append(declared, n)
		}
		sort.Strings(declared)
	})
	return declared
}
