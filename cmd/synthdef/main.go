// Command synthdef writes a synthetic API definition for benchmarks:
//
//	go run ./cmd/synthdef -resources 1000 > /tmp/synthetic.json
//
// Each resource has 6 methods and a nested resource with 5 (see
// internal/synth). With -wide, each has 7 methods with 9 to 15 optional
// query parameters, the shape of a large real API:
//
//	go run ./cmd/synthdef -wide -resources 100 > /tmp/wide.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/apigen-go/apigen/internal/synth"
)

func main() {
	n := flag.Int("resources", 100, "number of top-level resources (11 methods each, 7 with -wide)")
	wide := flag.Bool("wide", false, "the shape of a large real API: API-wide query parameters")
	flag.Parse()
	if *n < 1 {
		fmt.Fprintln(os.Stderr, "synthdef: -resources must be at least 1")
		os.Exit(2)
	}
	if *wide {
		os.Stdout.Write(synth.Wide(*n))
		return
	}
	os.Stdout.Write(synth.Definition(*n))
}
