package generator

import (
	"fmt"
	"github.com/apigen-go/apigen/internal/deftest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompiledFunctionsPerResource guards how long a generated client takes
// to compile. The compiler's cost is mostly a fixed amount per function, so
// the test builds synthetic clients of 2 and 4 resources and counts the
// functions each added resource brings: its 11 methods, and nothing else.
// Its parameters with options take the enum types that the first resource
// declares (one type per name and option set in the whole API), so it
// brings no Valid; its params structs are not comparable, so it brings no
// equality function. A generic helper instantiated per params type (cmp.Or
// to dereference params added one function per params type), or a helper
// per method, shows here.
// It also checks that no Valid contains oneOf's loop (see oneOf in
// internal/apirt), and that no method of UnimplementedService contains
// unimplemented's body (see unimplemented there).
//
// With the server (--server), each method adds three functions: its method
// of UnimplementedService, the pointer wrapper the compiler writes for it
// (the contract makes UnimplementedService, not only a pointer to it, a
// Service, so its methods have value receivers), and the wrapper the
// compiler writes for each method of an interface (Service). An equality
// function per request type shows here.
func TestCompiledFunctionsPerResource(t *testing.T) {
	gobin, mod := tempModule(t, "cost")
	sizes := []int{2, 4}
	for _, n := range sizes {
		api := deftest.Synth(t, n)
		files, err := Go(api)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(mod, fmt.Sprintf("c%d", n)), 0o755)
		for name, content := range files {
			writeFile(t, filepath.Join(mod, fmt.Sprintf("c%d", n), name), string(content))
		}
		if !writeGoPackage(t, filepath.Join(mod, fmt.Sprintf("s%d", n)), api) {
			t.Fatal("the server's check rejects the synthetic definition")
		}
	}

	funcs := map[string]int{}
	for _, n := range sizes {
		for _, kind := range []string{"c", "s"} {
			countFunctions(t, gobin, mod, fmt.Sprintf("%s%d", kind, n), funcs)
		}
	}
	const want = 11
	t.Logf("functions: %d with 2 resources, %d with 4", funcs["c2"], funcs["c4"])
	if got := (funcs["c4"] - funcs["c2"]) / 2; got > want {
		t.Errorf("each resource compiles to %d functions, want at most %d (%d with 2 resources, %d with 4)", got, want, funcs["c2"], funcs["c4"])
	}
	t.Logf("functions with the server: %d with 2 resources, %d with 4", funcs["s2"], funcs["s4"])
	if got := (funcs["s4"] - funcs["s2"]) / 2; got > want+3*11 {
		t.Errorf("with the server, each resource compiles to %d functions, want at most %d (%d with 2 resources, %d with 4)", got, want+3*11, funcs["s2"], funcs["s4"])
	}
}

// countFunctions builds package pkg of module mod and records the number
// of functions in its archive in funcs[pkg].
func countFunctions(t *testing.T, gobin, mod, pkg string, funcs map[string]int) {
	archive := filepath.Join(mod, pkg+".a")
	cmd := exec.Command(gobin, "build", "-gcflags=-m", "-o", archive, "./"+pkg)
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "inlining call to oneOf"); n > 0 {
		t.Errorf("%s: oneOf is inlined %d times, so every Valid and its pointer wrapper compile its loop", pkg, n)
	}
	if n := strings.Count(string(out), "inlining call to unimplemented"); n > 0 {
		t.Errorf("%s: unimplemented is inlined %d times, so every method of UnimplementedService and its pointer wrapper compile its allocation", pkg, n)
	}
	nm, err := exec.Command(gobin, "tool", "nm", archive).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool nm: %v\n%s", err, nm)
	}
	for _, line := range strings.Split(string(nm), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && (f[1] == "T" || f[1] == "t") {
			funcs[pkg]++
		}
	}
}
