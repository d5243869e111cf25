package generator

import (
	"strconv"
	"testing"

	"github.com/apigen-go/apigen/internal/synth"
	"github.com/apigen-go/apigen/model"
	apiparser "github.com/apigen-go/apigen/parser"
)

func synthAPI(b testing.TB, n int) *model.API {
	api, list := apiparser.Parse(synth.FileName, synth.Definition(n), apiparser.Options{})
	if list.HasErrors() {
		b.Fatal(list)
	}
	return api
}

// BenchmarkGo generates the Go client of synthetic definitions with 1,100
// and 11,000 methods.
func BenchmarkGo(b *testing.B) { benchGenerator(b, Go) }

// BenchmarkMarkdown generates the docs of the same definitions.
func BenchmarkMarkdown(b *testing.B) { benchGenerator(b, Markdown) }

func benchGenerator(b *testing.B, gen func(*model.API) (map[string][]byte, error)) {
	for _, n := range []int{100, 1000} {
		api := synthAPI(b, n)
		b.Run("methods="+strconv.Itoa(11*n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := gen(api); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGenerationAllocsLinear checks that the allocations of both generators
// grow linearly with the size of the definition.
func TestGenerationAllocsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	small, large := synthAPI(t, 100), synthAPI(t, 1000)
	for name, gen := range map[string]func(*model.API) (map[string][]byte, error){"Go": Go, "Markdown": Markdown} {
		a := testing.AllocsPerRun(1, func() { gen(small) })
		b := testing.AllocsPerRun(1, func() { gen(large) })
		if r := b / a; r < 9 || r > 11 {
			t.Errorf("%s: %.0f allocations for 1,100 methods, %.0f for 11,000: ratio %.2f, want about 10", name, a, b, r)
		}
	}
}
