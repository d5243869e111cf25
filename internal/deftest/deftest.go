// Package deftest parses definitions for the tests of other packages: a
// test that needs a model parses it here and fails at once on errors.
package deftest

import (
	"strconv"
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

// BenchGenerate benchmarks gen, a target's generation, on the synthetic
// definitions of 1,100 and 11,000 methods.
func BenchGenerate(b *testing.B, gen func(*model.API)) {
	for _, n := range []int{100, 1000} {
		api := Synth(b, n)
		b.Run("methods="+strconv.Itoa(11*n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				gen(api)
			}
		})
	}
}

// AllocsLinear checks that the allocations of gen grow linearly with the
// size of the definition: 11,000 methods cost 9 to 11 times what 1,100 do.
func AllocsLinear(t *testing.T, gen func(*model.API)) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow")
	}
	small, large := Synth(t, 100), Synth(t, 1000)
	a := testing.AllocsPerRun(1, func() { gen(small) })
	b := testing.AllocsPerRun(1, func() { gen(large) })
	if r := b / a; r < 9 || r > 11 {
		t.Errorf("%.0f allocations for 1,100 methods, %.0f for 11,000: ratio %.2f, want about 10", a, b, r)
	}
}
