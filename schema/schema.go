// Package schema holds the JSON Schema (draft-07) of apigen's definition
// format, for editors: completion of metadata keys, and red squiggles for
// what a schema can tell (a value of the wrong kind, a method array of the
// wrong length, an unknown HTTP method, an unbalanced brace in an
// endpoint). It is committed beside this file as apigen.schema.json, and
// `apigen schema` prints it.
//
// A schema cannot say everything lint says: duplicate keys, replacement
// values, tag agreement, option lists and Go names are lint's. What the
// schema rejects, lint rejects too; the tests check both ways on the
// project's test definitions.
package schema

import (
	"strings"

	"github.com/apigen-go/apigen/internal/ojson"
)

// FileName is the name of the committed schema, in this directory.
const FileName = "apigen.schema.json"

// HTTPMethods are the HTTP methods of a method array, as the parser
// accepts them (in any case).
var HTTPMethods = []string{"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"}

// EventKeyword starts an event array (["EVENT", PARAMS]), in any case.
const EventKeyword = "EVENT"

// Patterns of the schema (ECMA 262 regular expressions, which Go's RE2
// reads the same way). A tag is {name}, {+name}, {name*}, {name:...} or a
// reference to a replacement value, and may hold one level of references
// inside ({state::{states}}); text outside tags has no brace. A reference
// may name a value with any name ({2fa}, {a-b}): only lint knows which
// values are in scope, so braces without braces inside are always
// accepted. References may also build a tag's name ({{res}_id}, {+{path}},
// {{a}{b}}), so the schema checks a name only where it stands before a ':'
// with no reference in it.
//
// Editors run these patterns with backtracking engines, so no text may
// match two alternatives of one group: {a}{a}{a}...# would take time
// exponential in the number of tags (TestPatternAlternativesExclusive).
const (
	refPat  = `\{[^{}]+\}`
	litName = `\+?[A-Za-z_][A-Za-z0-9_]*\*?`
	tagRest = `(?::(?:[^{}]|` + refPat + `)*)?`
	// The contents of a tag, one alternative each: text without braces
	// (a parameter, or a reference to a value of any name); a valid name,
	// ':' and text holding references; a name built with references (a
	// valid start of a name, a reference, then text and references).
	tagPlain = `[^{}]+`
	tagLit   = litName + `:[^{}]*` + refPat + `(?:[^{}]|` + refPat + `)*`
	tagRef   = `\+?(?:[A-Za-z_][A-Za-z0-9_]*\*?)?` + refPat + `(?:[^{}]|` + refPat + `)*`
	tag      = `\{(?:` + tagPlain + `|` + tagLit + `|` + tagRef + `)\}`

	// ValuePattern matches a replacement value: text and tags.
	ValuePattern = `^(?:[^{}]|` + tag + `)*$`
	// EndpointPattern matches an endpoint: tags, and text with no brace,
	// '#' or control character (a space is sent percent-encoded).
	EndpointPattern = `^(?:[^{}#\x00-\x1f\x7f]|` + tag + `)+$`
	// BodyPattern matches a body parameter entry: a tag without its braces.
	BodyPattern = `^(?:` + litName + tagRest + `|` + tagRef + `)$`
	// URLPattern matches _url: empty, or an http(s) URL without query or
	// fragment, without user info, whose host is a name or a bracketed IPv6
	// address, with an optional port (a colon elsewhere in the host is an
	// error of lint).
	URLPattern = `^(?:https?://(?:\[[^\]/?#\s]*\]|[^/?#\s:@\[\]]+)(?::[0-9]*)?(?:/[^?#\s]*)?)?$`
)

// anyCase is a pattern that matches one of words in any case.
func anyCase(words ...string) string {
	var alts []string
	for _, w := range words {
		var b strings.Builder
		for _, c := range w {
			lo, up := strings.ToLower(string(c)), strings.ToUpper(string(c))
			b.WriteString("[" + up + lo + "]")
		}
		alts = append(alts, b.String())
	}
	return "^(?:" + strings.Join(alts, "|") + ")$"
}

func ref(name string) *ojson.Object { return ojson.New("$ref", "#/definitions/"+name) }

// Schema returns the schema document.
func Schema() *ojson.Object {
	str := func(desc string) *ojson.Object { return ojson.New("type", "string", "description", desc) }
	resource := ojson.New(
		"type", "object",
		"description", "A resource: metadata (keys starting with _ or $), replacement values (strings), methods and events (arrays) and child resources (objects).",
		"properties", ojson.New(
			"$schema", str("The JSON Schema of the file, for editors; apigen ignores it."),
			"_url", ojson.New("type", "string",
				"description", "The default base URL (top level only): http or https, with a host and no query or fragment; empty for none.",
				"pattern", URLPattern),
			"_description", str("What the API or resource is, for docs and doc comments."),
			"_version", str("The API's version (top level only)."),
		),
		"patternProperties", ojson.New(
			"^[_$]", ojson.New("description", "Metadata: apigen ignores keys it does not know (_TODO, _author, ...), of any value."),
		),
		"additionalProperties", ojson.New("anyOf", []any{
			ref("value"), ref("method"), ref("event"), ref("resource"),
		}),
	)
	body := ojson.New("type", "string",
		"description", "A body parameter, in tag syntax without braces: data (required), data: (optional), data:default, data::a,b.",
		"pattern", BodyPattern)
	return ojson.New(
		"$schema", "http://json-schema.org/draft-07/schema#",
		"title", "apigen API definition",
		"description", "An API definition for apigen (<api_name>.json, JSON with comments). See docs/definition-format.md.",
		"$ref", "#/definitions/resource",
		"definitions", ojson.New(
			"resource", resource,
			"value", ojson.New("type", "string",
				"description", "A replacement value, used as {name} in endpoints and other values; it may hold parameter tags or an option list.",
				"pattern", ValuePattern),
			"method", ojson.New("type", "array",
				"description", `A method: ["HTTP_METHOD", "endpoint"] or ["HTTP_METHOD", "endpoint", body parameters].`,
				"minItems", 2, "maxItems", 3,
				"items", []any{ref("httpMethod"), ref("endpoint"), ref("bodyParams")},
				"additionalItems", false),
			"event", ojson.New("type", "array",
				"description", `An event: ["EVENT"] or ["EVENT", parameters].`,
				"minItems", 1, "maxItems", 2,
				"items", []any{
					ojson.New("type", "string", "description", "EVENT, in any case.", "pattern", anyCase(EventKeyword)),
					ref("bodyParams"),
				},
				"additionalItems", false),
			"httpMethod", ojson.New("type", "string",
				"description", "The HTTP method: "+strings.Join(HTTPMethods, ", ")+" (any case; upper case is the norm).",
				"pattern", anyCase(HTTPMethods...)),
			"endpoint", ojson.New("type", "string",
				"description", "The endpoint: a path and query with parameter tags such as {ticket_id}, {view:open:{views}} and replacement values such as {root}.",
				"minLength", 1,
				"pattern", EndpointPattern),
			"bodyParams", ojson.New(
				"description", "Body parameters: one entry, or an array of entries.",
				"anyOf", []any{ref("bodyParam"), ojson.New("type", "array", "items", ref("bodyParam"))}),
			"bodyParam", body,
		),
	)
}

// JSON returns the schema as the text of apigen.schema.json.
func JSON() []byte {
	b, err := ojson.Marshal(Schema())
	if err != nil {
		panic("schema: " + err.Error()) // the schema is built from constants
	}
	return b
}
