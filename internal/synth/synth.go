// Package synth writes synthetic API definitions of any size, for benchmarks
// and scale tests.
//
// A definition of n resources has n top-level resources, each with 6 methods
// and a nested resource with 5 more: 11 methods per resource. Together the
// methods use every tag form, replacement values built on a parent's root,
// shared option lists, query-key tags, literal query text and body
// parameters.
package synth

import (
	"bytes"
	"fmt"
)

// Definition returns the text of a synthetic definition with n resources
// (11*n methods).
func Definition(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 1400)
	b.WriteString("// Synthetic definition written by internal/synth.\n{\n")
	b.WriteString("  \"_url\": \"https://api.example.com/v1\",\n")
	b.WriteString("  \"_description\": \"A synthetic API for benchmarks.\",\n")
	b.WriteString("  \"states\": \"open,pending,closed,all_items\",\n")
	b.WriteString("  \"fields\": \"name,email,company_email\",\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `  "Resource%[1]d": {
    "_description": "Resource number %[1]d.",
    "root": "/resources%[1]d",
    "list": ["GET", "{root}.json?state={state:open:{states}}&page={page:}&per_page={per_page:25}"],
    "get": ["GET", "{root}/{item_id}.json"],
    "search": ["GET", "{root}/search.json?{field::{fields}}={value:}&format=json"],
    "create": ["POST", "{root}.json", ["item", "notify:"]],
    "update": ["PUT", "{root}/{item_id}.json", "item"],
    "delete": ["DELETE", "{root}/{item_id}.json?reason={reason:!:spam,duplicate,other}"],
    "Child": {
      "root": "{root}/{item_id}/children",
      "list": ["GET", "{root}.json?sort={sort:asc:asc,desc}"],
      "get": ["GET", "{root}/{child_id}.json"],
      "add_child": ["POST", "{root}.json", "child"],
      "filter": ["GET", "{root}/filter/{filter:!:{fields}}"],
      "remove": ["DELETE", "{root}/{child_id}.json"]
    }
  }`, i)
	}
	b.WriteString("\n}\n")
	return b.Bytes()
}

// FileName is the file name synthetic definitions are parsed under; it gives
// the package name "synthetic".
const FileName = "synthetic.json"
