// Package routers compares the router of apigen's generated servers with
// net/http's ServeMux and with chi, on the synthetic API of 11,000 methods
// (internal/deftest.Synth): the same requests, each routed to a handler
// that reads, defaults and checks the same values. It is a module of its
// own so that chi stays out of apigen's go.mod; it holds only tests and
// benchmarks:
//
//	cd bench/routers && go test -run XXX -bench . -benchmem
//
// docs/performance.md gives the figures, and says which routes ServeMux
// and chi cannot express.
package routers
