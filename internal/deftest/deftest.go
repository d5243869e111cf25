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

// Wide parses synth.Wide(n): 7*n methods with the shape of a large real API.
func Wide(tb testing.TB, n int) *model.API {
	tb.Helper()
	return Source(tb, "wide.json", string(synth.Wide(n)))
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
// size of the definition: going from 1,100 to 11,000 methods adds 9 to 11
// times the allocations that going from 110 to 1,100 adds.
func AllocsLinear(t *testing.T, gen func(*model.API)) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow")
	}
	// What grows from 110 to 1,100 methods and from 1,100 to 11,000 is
	// compared, so that the fixed cost of a run does not count.
	tiny, small, large := Synth(t, 10), Synth(t, 100), Synth(t, 1000)
	z := testing.AllocsPerRun(1, func() { gen(tiny) })
	a := testing.AllocsPerRun(1, func() { gen(small) })
	b := testing.AllocsPerRun(1, func() { gen(large) })
	if r := (b - a) / (a - z); r < 9 || r > 11 {
		t.Errorf("%.0f allocations for 110 methods, %.0f for 1,100, %.0f for 11,000: growth ratio %.2f, want about 10", z, a, b, r)
	}
}
