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

// Wide returns the text of a synthetic definition with the shape of a large
// real API (such as one converted from Google's discovery documents): n
// top-level resources of 7 methods each, every one taking the API-wide
// query parameters (9, 3 of them with options) and up to 6 of its own, so
// 9 to 15 optional query parameters per method, with the same option sets
// repeated in every resource.
func Wide(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 1800)
	b.WriteString("// Synthetic definition of a wide API, written by internal/synth.\n{\n")
	b.WriteString("  \"_url\": \"https://wide.example.com/v1\",\n")
	b.WriteString("  \"std\": \"alt={alt:json:json,media,proto}&fields={fields:}&key={key:}&oauth_token={oauth_token:}&prettyPrint={prettyPrint:true:true,false}&quotaUser={quotaUser:}&upload_protocol={upload_protocol:}&uploadType={uploadType:}&xgafv={xgafv::1,2}\",\n")
	b.WriteString("  \"orders\": \"name,created,updated\",\n")
	b.WriteString("  \"views\": \"basic,full\",\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `  "Thing%[1]d": {
    "root": "/projects/{project}/things%[1]d",
    "list": ["GET", "{root}?{std}&maxResults={maxResults:}&pageToken={pageToken:}&orderBy={orderBy::{orders}}&filter={filter:}&view={view::{views}}&showDeleted={showDeleted::true,false}"],
    "get": ["GET", "{root}/{thing}?{std}&view={view::{views}}"],
    "insert": ["POST", "{root}?{std}&requestId={requestId:}", "resource"],
    "update": ["PUT", "{root}/{thing}?{std}&requestId={requestId:}&validateOnly={validateOnly::true,false}", "resource"],
    "patch": ["PATCH", "{root}/{thing}?{std}&updateMask={updateMask:}&requestId={requestId:}&allowMissing={allowMissing::true,false}", "resource"],
    "delete": ["DELETE", "{root}/{thing}?{std}&etag={etag:}&requestId={requestId:}&force={force::true,false}"],
    "undelete": ["POST", "{root}/{thing}:undelete?{std}&requestId={requestId:}"]
  }`, i)
	}
	b.WriteString("\n}\n")
	return b.Bytes()
}
