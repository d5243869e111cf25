package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/tidwall/jsonc"

	"github.com/apigen-go/apigen/internal/synth"
	"github.com/apigen-go/apigen/parser"
)

var update = flag.Bool("update", false, "rewrite apigen.schema.json")

// TestCommittedSchema checks that apigen.schema.json is what Schema gives.
func TestCommittedSchema(t *testing.T) {
	if *update {
		if err := os.WriteFile(FileName, JSON(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(FileName)
	if err != nil || !bytes.Equal(JSON(), want) {
		t.Errorf("%s is stale or missing (%v); run go test ./schema -update", FileName, err)
	}
}

// compile compiles the schema with a JSON Schema validator, as draft-07.
func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSON()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	if err := c.AddResource("apigen.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("apigen.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// instance converts a definition (JSON with comments) to JSON, as the
// parser does, and decodes it for the validator. The text keeps its byte
// offsets: comments and trailing commas become spaces.
func instance(t *testing.T, src []byte) ([]byte, any) {
	t.Helper()
	text := jsonc.ToJSON(src)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("not JSON after removing comments: %v", err)
	}
	return text, v
}

// TestDefinitionsValidate validates every shipped and test definition that
// lint accepts against the schema: the shipped ones, the Go generator's
// golden cases, the export's cases and a synthetic definition.
func TestDefinitionsValidate(t *testing.T) {
	sch := compile(t)
	var files []string
	for _, g := range []string{"../definitions/*.json", "../testdata/golden/*/*.json", "../generator/openapi/testdata/*.json"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 7 {
		t.Fatalf("only %d definitions", len(files))
	}
	srcs := map[string][]byte{"synthetic.json": synth.Definition(3)}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = b
	}
	for name, src := range srcs {
		if _, list := parser.Parse(filepath.Base(name), src); list.HasErrors() {
			t.Fatalf("%s has lint errors: %v", name, list)
		}
		_, v := instance(t, src)
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
	}
}

// expectRx reads the expectations of testdata/lint (see parser/lint_test.go).
var expectRx = regexp.MustCompile(`(ERROR|WARNING)(?:\s+@"((?:[^"\\]|\\.)*)")?\s+"((?:[^"\\]|\\.)*)"`)

// schemaCatches lists, per file of testdata/lint, the keys of the lines
// whose errors the schema must catch too: values of the wrong kind, method
// arrays of the wrong shape, HTTP methods, empty endpoints, body entries
// that cannot be parameters, unbalanced braces, empty tags, tags holding a
// reference whose own name is not valid, and '#' and control characters in
// endpoints. A tag such as {1bad} could name a value, which only lint knows. The other errors (duplicate keys, tags that
// disagree, replacement values, option lists, Go names) need lint.
var schemaCatches = map[string][]string{
	"keys.json":    {"_description", "count", "flag", "nothing"},
	"methods.json": {"short", "long", "verb", "fetch", "endpoint", "empty", "body", "bodies", "badbody"},
	"tags.json":    {"b", "c", "h", "j", "q"},
	"values.json":  nil, // {1bad} could name a value: only lint knows
	"names.json":   nil,
	"url.json":     nil, // one key given many times: see TestURLPatternAgrees
	"events.json":  {"long", "shape", "entry"},
	"format.json":  nil,
}

// TestLintCasesAgree validates the definitions of testdata/lint, whose
// comments say which lines have errors. The schema must reject the lines
// of schemaCatches (the bad cases a schema can catch), and may reject no
// line where lint finds no error: every line the schema rejects has an
// ERROR expectation.
func TestLintCasesAgree(t *testing.T) {
	sch := compile(t)
	files, _ := filepath.Glob("../testdata/lint/*.json")
	if len(files) != len(schemaCatches) {
		t.Fatalf("%d lint files, %d in schemaCatches: classify the new one", len(files), len(schemaCatches))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			errLines := map[int]bool{}
			for i, line := range lines {
				if _, comment, ok := strings.Cut(line, "// "); ok {
					for _, m := range expectRx.FindAllStringSubmatch(comment, -1) {
						if m[1] == "ERROR" {
							errLines[i+1] = true
						}
					}
				}
			}
			text, v := instance(t, src)
			offsets := pointerOffsets(t, text)
			rejected := map[int][]string{}
			err = sch.Validate(v)
			if err != nil {
				ve, ok := err.(*jsonschema.ValidationError)
				if !ok {
					t.Fatal(err)
				}
				for _, leaf := range deepest(leaves(ve)) {
					ptr := "/" + strings.Join(leaf.InstanceLocation, "/")
					off, ok := offsets[ptr]
					if !ok {
						t.Fatalf("no offset for %s", ptr)
					}
					line := bytes.Count(text[:off], []byte("\n")) + 1
					rejected[line] = append(rejected[line], fmt.Sprint(leaf.ErrorKind))
				}
			}
			for line, kinds := range rejected {
				if !errLines[line] {
					t.Errorf("line %d: the schema rejects it (%s), lint finds no error: %s", line, strings.Join(kinds, "; "), strings.TrimSpace(lines[line-1]))
				}
			}
			for _, key := range schemaCatches[filepath.Base(file)] {
				line := lineOfKey(t, lines, key)
				if !errLines[line] {
					t.Errorf("line %d (%s): no ERROR expectation", line, key)
				}
				if rejected[line] == nil {
					t.Errorf("line %d (%s): lint rejects it, the schema accepts it: %s", line, key, strings.TrimSpace(lines[line-1]))
				}
			}
			var caught []int
			for line := range rejected {
				caught = append(caught, line)
			}
			sort.Ints(caught)
			t.Logf("schema rejects lines %v; lint has errors on %d lines", caught, len(errLines))
		})
	}
}

// lineOfKey returns the 1-based line where "key": stands.
func lineOfKey(t *testing.T, lines []string, key string) int {
	t.Helper()
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), strconv.Quote(key)+":") {
			return i + 1
		}
	}
	t.Fatalf("no line for key %q", key)
	return 0
}

// leaves returns the errors without causes: the failures themselves.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// deepest drops the failures at a value that has failures inside it: when
// a child resource is bad, every branch of its parent's anyOf fails at the
// child's key (it is not a string, not a method, ...), but the failure is
// in the child.
func deepest(errs []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	var out []*jsonschema.ValidationError
next:
	for _, e := range errs {
		ptr := strings.Join(e.InstanceLocation, "/") + "/"
		for _, f := range errs {
			if strings.HasPrefix(strings.Join(f.InstanceLocation, "/")+"/", ptr) && len(f.InstanceLocation) > len(e.InstanceLocation) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// pointerOffsets returns the byte offset of every value of a JSON text by
// its JSON pointer ("/Thing/short/0"). A repeated key keeps its last
// value, as the validator's decoder does.
func pointerOffsets(t *testing.T, text []byte) map[string]int {
	t.Helper()
	out := map[string]int{}
	d := json.NewDecoder(bytes.NewReader(text))
	var walk func(ptr string) error
	walk = func(ptr string) error {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err != nil {
			return err
		}
		// InputOffset is before any whitespace that precedes the value.
		for off < len(text) && (text[off] == ' ' || text[off] == '\n' || text[off] == '\t' || text[off] == '\r' || text[off] == ',' || text[off] == ':') {
			off++
		}
		out[ptr] = off
		switch tok {
		case json.Delim('{'):
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return err
				}
				key := strings.ReplaceAll(strings.ReplaceAll(k.(string), "~", "~0"), "/", "~1")
				if err := walk(ptr + "/" + key); err != nil {
					return err
				}
			}
			_, err = d.Token()
		case json.Delim('['):
			for i := 0; d.More(); i++ {
				if err := walk(ptr + "/" + strconv.Itoa(i)); err != nil {
					return err
				}
			}
			_, err = d.Token()
		}
		return err
	}
	if err := walk(""); err != nil {
		t.Fatal(err)
	}
	out["/"] = out[""]
	return out
}

// TestHTTPMethodsMatchParser checks the schema's HTTP methods and EVENT
// against the parser: each method the schema allows parses without error
// in any case, and the parser rejects the methods the schema rejects.
func TestHTTPMethodsMatchParser(t *testing.T) {
	sch := compile(t)
	for _, m := range append(append([]string{}, HTTPMethods...), "get", "Patch", "TRACE", "CONNECT", "FETCH", "EVENT", "event") {
		def := fmt.Sprintf(`{"R": {"m": [%q, "/r"]}}`, m)
		_, list := parser.Parse("m.json", []byte(def))
		_, v := instance(t, []byte(def))
		schemaOK := sch.Validate(v) == nil
		isEvent := strings.EqualFold(m, EventKeyword)
		switch {
		case isEvent:
			// ["EVENT", "/r"]: an event whose parameter "/r" is not a
			// parameter name; the schema rejects it.
			if schemaOK {
				t.Errorf("%s: the schema accepts an event with parameter \"/r\"", m)
			}
		case schemaOK == list.HasErrors():
			t.Errorf("%s: schema accepts %v, parser errors %v", m, schemaOK, list)
		}
	}
	for _, def := range []string{`{"R": {"e": ["EVENT"]}}`, `{"R": {"e": ["event", ["ticket_id", "priority:normal:low,normal,high"]]}}`} {
		_, v := instance(t, []byte(def))
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", def, err)
		}
	}
}

// TestURLPatternAgrees checks the schema's _url pattern against lint on
// every _url of testdata/lint/url.json, one definition each (that file
// repeats the key, and a validator sees only the last value): what the
// schema rejects, lint rejects, and the schema catches the mistakes a
// pattern can see (scheme, host, query, fragment, spaces and line breaks).
func TestURLPatternAgrees(t *testing.T) {
	sch := compile(t)
	src, err := os.ReadFile("../testdata/lint/url.json")
	if err != nil {
		t.Fatal(err)
	}
	urlRx := regexp.MustCompile(`^\s*"_url": ("(?:[^"\\]|\\.)*"),`)
	mustCatch := regexp.MustCompile(`must start with|must name a host|must not have a query|must not have a fragment|U\+000A|in host name`)
	n, caught := 0, 0
	for i, line := range strings.Split(string(src), "\n") {
		m := urlRx.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		def := `{"_url": ` + m[1] + `, "R": {"get": ["GET", "/r"]}}`
		_, list := parser.Parse("u.json", []byte(def))
		_, v := instance(t, []byte(def))
		rejected := sch.Validate(v) != nil
		if rejected {
			caught++
		}
		switch {
		case rejected && !list.HasErrors():
			t.Errorf("line %d: the schema rejects %s, lint accepts it", i+1, m[1])
		case !rejected && list.HasErrors() && mustCatch.MatchString(list.Error()):
			t.Errorf("line %d: lint rejects %s (%v), the schema accepts it", i+1, m[1], list)
		}
	}
	if n < 10 || caught < 8 {
		t.Errorf("%d _url values, %d rejected by the schema", n, caught)
	}
}

// TestPatternAlternativesExclusive protects editors from the schema: they
// run its patterns with backtracking engines, where text that two
// alternatives of one group both match makes a failing match try every
// combination ({a}{a}{a}...# took 20 s in Node at 26 tags when {a} matched
// both "text without braces" and "a name and the rest of the tag"). Every
// tag content and body entry built from a small alphabet must match at most
// one alternative.
func TestPatternAlternativesExclusive(t *testing.T) {
	tagAlts := []string{tagPlain, tagLit, tagRef}
	bodyAlts := []string{litName + tagRest, tagRef}
	if tag != `\{(?:`+strings.Join(tagAlts, "|")+`)\}` {
		t.Fatal("tag has alternatives this test does not list")
	}
	if BodyPattern != `^(?:`+strings.Join(bodyAlts, "|")+`)$` {
		t.Fatal("BodyPattern has alternatives this test does not list")
	}
	compileAll := func(alts []string) []*regexp.Regexp {
		var rs []*regexp.Regexp
		for _, a := range alts {
			rs = append(rs, regexp.MustCompile(`^(?:`+a+`)$`))
		}
		return rs
	}
	groups := map[string][]*regexp.Regexp{"tag": compileAll(tagAlts), "body entry": compileAll(bodyAlts)}
	alphabet := []string{"a", "1", "+", "*", ":", "-", ",", "{p}"}
	// Every sequence of up to 5 symbols: 37,449 texts.
	texts, level := []string{""}, []string{""}
	for range 5 {
		var next []string
		for _, s := range level {
			for _, c := range alphabet {
				next = append(next, s+c)
			}
		}
		texts, level = append(texts, next...), next
	}
	for name, rs := range groups {
		for _, s := range texts {
			var which []int
			for i, r := range rs {
				if r.MatchString(s) {
					which = append(which, i)
				}
			}
			if len(which) > 1 {
				t.Errorf("%s content %q matches alternatives %v", name, s, which)
			}
		}
	}
	// The groups still accept what they must: names, references (of any
	// name), and names built with references.
	for name, must := range map[string][]string{"tag": {"a", "a-b", ":x", "+a*:{p}", "{p}", "{p}_id", "+{p}", "{p}{p}", "a:b,{p}"}, "body entry": {"a", "a:", "a:!:{p}", "{p}", "{p}_id", "a{p}:"}} {
		for _, s := range must {
			if !slices.ContainsFunc(groups[name], func(r *regexp.Regexp) bool { return r.MatchString(s) }) {
				t.Errorf("%s content %q matches no alternative", name, s)
			}
		}
	}
}
