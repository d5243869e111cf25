package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/synth"
)

// BenchmarkGenerateCLI runs `apigen generate --docs` on synthetic
// definitions of 1,100 and 11,000 methods into fresh directories: parsing,
// both generators and writing every file.
func BenchmarkGenerateCLI(b *testing.B) {
	for _, n := range []int{100, 1000} {
		dir := b.TempDir()
		def := filepath.Join(dir, synth.FileName)
		os.WriteFile(def, synth.Definition(n), 0o644)
		b.Run("methods="+strconv.Itoa(11*n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				out := filepath.Join(dir, "out"+strconv.Itoa(i))
				if code := run([]string{"generate", "-o", out, "--docs", out + "docs", def}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
