package clientrt

import (
	"embed"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"sync"
)

// The runtime files copied into every generated package.
//
//go:embed runtime.go
var runtimeFS embed.FS

// FileNames lists the runtime files, in the order they are emitted.
var FileNames = []string{"runtime.go"}

// Source returns the source of one runtime file.
func Source(name string) []byte {
	b, err := runtimeFS.ReadFile(name)
	if err != nil {
		panic("clientrt: no runtime file " + name)
	}
	return b
}

var (
	declaredOnce sync.Once
	declared     []string
)

// Declared returns, sorted, the package-level identifiers that the runtime
// files declare, and the names of the packages they import. Generated
// packages must not declare these names again.
func Declared() []string {
	declaredOnce.Do(func() {
		fset := token.NewFileSet()
		seen := map[string]bool{}
		for _, name := range FileNames {
			f, err := parser.ParseFile(fset, name, Source(name), parser.SkipObjectResolution)
			if err != nil {
				panic("clientrt: " + err.Error())
			}
			for _, imp := range f.Imports {
				path := imp.Path.Value[1 : len(imp.Path.Value)-1]
				seen[path[lastSlash(path)+1:]] = true
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
		for n := range seen {
			declared = append(declared, n)
		}
		sort.Strings(declared)
	})
	return declared
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}
