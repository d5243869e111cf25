// Command synthdef writes a synthetic API definition for benchmarks:
//
//	go run ./cmd/synthdef -resources 1000 > /tmp/synthetic.json
//
// Each resource has 6 methods and a nested resource with 5 (see
// internal/synth).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/apigen-go/apigen/internal/synth"
)

func main() {
	n := flag.Int("resources", 100, "number of top-level resources (11 methods each)")
	flag.Parse()
	if *n < 1 {
		fmt.Fprintln(os.Stderr, "synthdef: -resources must be at least 1")
		os.Exit(2)
	}
	os.Stdout.Write(synth.Definition(*n))
}
