// Command apigen generates typed Go clients and Markdown documentation from
// compact JSON definitions of REST APIs.
//
// Usage:
//
//	apigen generate [-o DIR] [-p PACKAGE] [--server] [--docs DIR] [--check] [-q] DEF...
//	apigen docs [-o DIR] [--check] [-q] DEF...
//	apigen lint [--format text|json] [--strict] [--server] DEF...
//	apigen mock [--addr HOST:PORT] [--latency D] [--fail-rate F] [-q] DEF
//	apigen call DEF [METHOD [ARG...]] [--url URL] [-H 'Key: Value'] [--dry-run] ...
//	apigen export --format openapi|corejson [--oas 3.0] [-o FILE] DEF
//	apigen schema
//	apigen version
//
// Exit codes: 0 on success; 1 when a definition has errors (or warnings,
// with lint --strict) or, with --check, when generated files are stale; 2 on
// a usage error. apigen call exits with 1 on a response that is not 2xx and
// with 3 when an argument is invalid (nothing was sent).
//
// Every command and flag:
// https://github.com/apigen-go/apigen/blob/main/docs/cli.md; the definition
// format: https://github.com/apigen-go/apigen/blob/main/docs/definition-format.md.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// apigen runs briefly and allocates a lot: collecting garbage less often
	// saves about a tenth of the time of a large run, for some memory
	// (about 200 MB at 11,000 methods). GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
