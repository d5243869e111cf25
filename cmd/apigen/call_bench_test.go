package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/apigen-go/apigen/internal/synth"
)

// BenchmarkCallStartup measures `apigen call` on the synthetic definition
// of 11,000 methods, from the command line to a printed request (--dry-run:
// read and parse the definition, name its methods, find one, check its
// arguments, build the request). The goal is under 0.2 s (200 ms/op); the
// process's own start adds a few milliseconds. main sets GOGC=400, and so
// does the benchmark.
func BenchmarkCallStartup(b *testing.B) {
	def := synthFile(b)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	args := []string{"call", "--dry-run", def, "Resource500.Child.AddChild", "7", `{"name":"x"}`}
	cpu := startCPU()
	for b.Loop() {
		if code := run(args, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	cpu.report(b)
}

// BenchmarkCallCompletion measures the shell completion of a parameter's
// options on the same definition, as a shell runs it: apigen __complete.
// The goal is under 0.2 s (200 ms/op).
func BenchmarkCallCompletion(b *testing.B) {
	def := synthFile(b)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	for _, args := range [][]string{
		{"__complete", "call", def, "Resource5"},
		{"__complete", "call", def, "Resource999.List", "state="},
	} {
		b.Run(args[len(args)-1], func(b *testing.B) {
			cpu := startCPU()
			for b.Loop() {
				var out strings.Builder
				if code := run(args, strings.NewReader(""), &out, io.Discard); code != 0 || !strings.Contains(out.String(), args[len(args)-1]) {
					b.Fatalf("exit %d: %s", code, out.String())
				}
			}
			cpu.report(b)
		})
	}
}

// cpuClock measures the CPU time the process spends (user and system, all
// threads: the garbage collector's too), which the load of a shared machine
// moves much less than wall time. Reported as cpu-ms/op beside ns/op.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{cpuTime()} }

func (c cpuClock) report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-c.start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

func synthFile(b *testing.B) string {
	def := filepath.Join(b.TempDir(), synth.FileName)
	if err := os.WriteFile(def, synth.Definition(1000), 0o644); err != nil {
		b.Fatal(err)
	}
	return def
}
