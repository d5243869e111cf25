package parser

import (
	"strconv"
	"testing"

	"github.com/apigen-go/apigen/internal/synth"
	"github.com/apigen-go/apigen/model"
)

// BenchmarkParse parses and resolves synthetic definitions; the 1000-resource
// one has 11,000 methods. Target: under 100 ms per op on one core.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{100, 1000} {
		src := synth.Definition(n)
		b.Run("resources="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, list := Parse(synth.FileName, src); list.HasErrors() {
					b.Fatal(list)
				}
			}
		})
	}
}

func TestSyntheticDefinition(t *testing.T) {
	api, list := Parse(synth.FileName, synth.Definition(3))
	if len(list) != 0 {
		t.Fatalf("synthetic definition has diagnostics:\n%v", list)
	}
	methods := 0
	api.Root.Walk(func(r *model.Resource) { methods += len(r.Methods) })
	if methods != 33 || api.Name != "synthetic" {
		t.Errorf("got %d methods in API %q, want 33 in synthetic", methods, api.Name)
	}
}

// TestParseAllocsLinear checks that allocations grow linearly with the size
// of the definition: ten times the resources may cost at most eleven times
// the allocations.
func TestParseAllocsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	allocs := func(n int) float64 {
		src := synth.Definition(n)
		return testing.AllocsPerRun(2, func() { Parse(synth.FileName, src) })
	}
	small, large := allocs(100), allocs(1000)
	if ratio := large / small; ratio > 11 || ratio < 9 {
		t.Errorf("allocations: %.0f for 100 resources, %.0f for 1000: ratio %.2f, want about 10", small, large, ratio)
	}
}
