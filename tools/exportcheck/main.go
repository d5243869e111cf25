// Command exportcheck validates OpenAPI documents with kin-openapi's
// newest release, which knows OpenAPI 3.1. It is a module of its own
// because that release needs a newer Go than apigen's go.mod allows;
// tools/exportcheck/run calls it on apigen's exports.
//
// Usage: go run . FILE...   (exit 1 when any document is not valid)
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	failed := false
	for _, file := range os.Args[1:] {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(file)
		if err == nil {
			err = doc.Validate(context.Background())
		}
		if err != nil {
			fmt.Printf("%s: not valid: %v\n", file, err)
			failed = true
			continue
		}
		fmt.Printf("%s: valid OpenAPI %s\n", file, doc.OpenAPI)
	}
	if failed {
		os.Exit(1)
	}
}
