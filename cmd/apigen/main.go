// Command apigen generates typed Go clients and Markdown documentation from
// compact JSON definitions of REST APIs.
//
// Usage:
//
//	apigen lint [--format text|json] [--strict] DEF...
//	apigen version
//
// See docs/cli.md for every command and flag, and docs/definition-format.md
// for the definition format.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
