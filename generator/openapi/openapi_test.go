package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/internal/ojson"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// definitions are the shipped definitions, the golden cases of the Go
// generator, and this package's own cases.
func definitions(t *testing.T) []string {
	shipped, _ := filepath.Glob("../../definitions/*.json")
	golden, _ := filepath.Glob("../../testdata/golden/*/*.json")
	own, _ := filepath.Glob("testdata/*.json")
	if len(shipped) < 3 || len(golden) < 3 || len(own) < 1 {
		t.Fatalf("missing definitions: %d shipped, %d golden, %d own", len(shipped), len(golden), len(own))
	}
	return append(append(shipped, golden...), own...)
}

// goldenStem is the start of the golden files' names of def: its API's
// name, or, when an earlier definition has that name (a golden case named
// like a shipped definition), its directory's name and its own.
func goldenStem(def, name string, taken map[string]bool) string {
	if taken[name] {
		name = filepath.Base(filepath.Dir(def)) + "-" + name
	}
	taken[name] = true
	return name
}

func parse(t *testing.T, def string) *model.API {
	t.Helper()
	api, list := parser.ParseFile(def)
	if list.HasErrors() {
		t.Fatalf("%s: %v", def, list)
	}
	return api
}

// warningsText formats diagnostics with the file's base name, for golden
// files that do not depend on where the tests run.
func warningsText(list diag.List) []byte {
	var b bytes.Buffer
	for _, d := range list {
		d.Pos.File = filepath.Base(d.Pos.File)
		b.WriteString(d.String() + "\n")
	}
	return b.Bytes()
}

// TestGolden exports every definition as OpenAPI 3.1 and 3.0 and compares
// the documents and the warnings with testdata/golden/<api>.openapi.json
// (see goldenStem),
// <api>.openapi30.json and <api>.openapi.warnings.
func TestGolden(t *testing.T) {
	taken := map[string]bool{}
	for _, def := range definitions(t) {
		api := parse(t, def)
		stem := goldenStem(def, api.Name, taken)
		for _, v := range []struct{ opt, suffix string }{{"3.1", ".openapi.json"}, {"3.0", ".openapi30.json"}} {
			files, diags := Generate(api, Options{Version: v.opt})
			if diags.HasErrors() || len(files) != 1 {
				t.Fatalf("%s: %d files, %v", def, len(files), diags)
			}
			got := map[string][]byte{stem + v.suffix: files[FileName(api)]}
			if v.opt == "3.1" {
				got[stem+".openapi.warnings"] = warningsText(diags)
			}
			for name, content := range got {
				golden := filepath.Join("testdata", "golden", name)
				if *update {
					if err := os.WriteFile(golden, content, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil || !bytes.Equal(content, want) {
					t.Errorf("%s is stale or missing (%v); run go test ./generator/openapi -update and review the diff", golden, err)
				}
			}
		}
	}
}

// TestValid checks that kin-openapi, a maintained OpenAPI library, loads
// and validates every OpenAPI 3.0.3 export. (kin-openapi's releases that
// know OpenAPI 3.1 need a newer Go than this module's go.mod allows; the
// 3.1 exports are checked with one of them by tools/exportcheck.)
func TestValid(t *testing.T) {
	for _, def := range definitions(t) {
		api := parse(t, def)
		files, _ := Generate(api, Options{Version: "3.0"})
		validate(t, def, files[FileName(api)])
	}
}

func validate(t *testing.T, name string, doc []byte) {
	t.Helper()
	loader := openapi3.NewLoader()
	d, err := loader.LoadFromData(doc)
	if err != nil {
		t.Errorf("%s: kin-openapi cannot load the export: %v", name, err)
		return
	}
	if err := d.Validate(context.Background()); err != nil {
		t.Errorf("%s: kin-openapi: the export is not valid: %v", name, err)
	}
}

// TestValidatorRejects shows that the validation of TestValid can fail:
// documents with the mistakes an export could make are rejected.
func TestValidatorRejects(t *testing.T) {
	api := parse(t, "../../definitions/helpdesk.json")
	files, _ := Generate(api, Options{Version: "3.0"})
	good := compact(t, files[FileName(api)])
	for _, bad := range []struct{ name, from, to string }{
		{"path parameter not required", `"in":"path","required":true`, `"in":"path","required":false`},
		{"no info version", `"version":"2.1"`, `"versio":"2.1"`},
		{"unknown parameter location", `"in":"query"`, `"in":"body"`},
		{"default not in enum", `"default":"open"`, `"default":7`},
	} {
		if !strings.Contains(good, bad.from) {
			t.Fatalf("%s: the export has no %q", bad.name, bad.from)
		}
		doc := strings.Replace(good, bad.from, bad.to, 1)
		loader := openapi3.NewLoader()
		d, err := loader.LoadFromData([]byte(doc))
		if err == nil {
			err = d.Validate(context.Background())
		}
		if err == nil {
			t.Errorf("%s: kin-openapi accepts the broken document", bad.name)
		}
	}
	validate(t, "the unbroken document", []byte(good))
}

func compact(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestDocumentShape checks what the spec asks of the 3.1 export of the
// help desk, in the parsed document: servers with the base URL's path,
// operation ids, tags, parameters with required/enum/default, literal
// query pairs, bodies, key order.
func TestDocumentShape(t *testing.T) {
	api := parse(t, "../../definitions/helpdesk.json")
	files, diags := Generate(api, Options{})
	if len(diags) != 0 {
		t.Errorf("warnings: %v", diags)
	}
	raw := files[FileName(api)]
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct{ URL string }
		Paths   map[string]map[string]struct {
			OperationID string   `json:"operationId"`
			Tags        []string `json:"tags"`
			Parameters  []struct {
				Name     string
				In       string
				Required bool
				Schema   struct {
					Enum    []string
					Default string
				}
			}
			RequestBody *struct {
				Required bool
				Content  map[string]struct{ Schema json.RawMessage }
			} `json:"requestBody"`
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 || doc.Servers[0].URL != "https://desk.example.com/api/v2" {
		t.Errorf("openapi %q, servers %+v", doc.OpenAPI, doc.Servers)
	}
	list := doc.Paths["/tickets.json"]["get"]
	if list.OperationID != "Ticket.List" || fmt.Sprint(list.Tags) != "[Ticket]" || len(list.Parameters) != 3 {
		t.Fatalf("Ticket.List: %+v", list)
	}
	if p := list.Parameters[0]; p.Name != "view" || p.In != "query" || p.Required || p.Schema.Default != "open" || fmt.Sprint(p.Schema.Enum) != "[open pending solved all_tickets]" {
		t.Errorf("view: %+v", p)
	}
	note := doc.Paths["/tickets/{ticket_id}/notes/{note_id}.json"]["get"]
	if note.OperationID != "Ticket.Note.Get" || fmt.Sprint(note.Tags) != "[Ticket.Note]" || len(note.Parameters) != 2 || note.Parameters[1].In != "path" || !note.Parameters[1].Required {
		t.Errorf("Ticket.Note.Get: %+v", note)
	}
	upd := doc.Paths["/tickets/{ticket_id}.json"]["put"]
	if upd.RequestBody == nil || !upd.RequestBody.Required || compact(t, upd.RequestBody.Content["application/json"].Schema) != `{"type":"object","properties":{"ticket":{},"notify":{}},"required":["ticket"]}` {
		t.Errorf("Ticket.Update body: %+v", upd.RequestBody)
	}
	if doc.Paths["/ping.json"]["get"].OperationID != "Ping" {
		t.Errorf("Ping: %+v", doc.Paths["/ping.json"])
	}
	// Keys follow the definition: the paths of Ticket come before Field's.
	if i, j := bytes.Index(raw, []byte(`"/tickets.json"`)), bytes.Index(raw, []byte(`"/ticket_fields.json"`)); i < 0 || j < i {
		t.Errorf("paths out of definition order")
	}

	crm := parse(t, "../../definitions/crm.json")
	files, _ = Generate(crm, Options{})
	if !strings.Contains(compact(t, files[FileName(crm)]), `{"name":"format","in":"query","required":true,"description":"Always json.","schema":{"type":"string","enum":["json"]}}`) {
		t.Errorf("the literal query pair format=json is not a required single-value enum")
	}
}

// TestWebhook checks the webhook that an event will become, in a document
// that kin-openapi validates (as 3.0, with the webhook as a path item).
func TestWebhook(t *testing.T) {
	api := parse(t, "../../definitions/helpdesk.json")
	g := &gen{api: api}
	params := []*model.Param{{Name: "ticket_id", Required: true}, {Name: "priority", Default: "normal", Options: []string{"low", "normal", "high"}}}
	wh := g.webhook("helpdesk.ticket.created", "A ticket was opened.", params)
	doc := ojson.New("openapi", "3.0.3", "info", ojson.New("title", "t", "version", "1"),
		"paths", ojson.New("/hooks", wh))
	b, err := ojson.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, "webhook", b)
	c := compact(t, b)
	for _, want := range []string{`"operationId":"helpdesk.ticket.created"`, `"name":"webhook-signature"`, `"type":{"type":"string","enum":["helpdesk.ticket.created"]}`, `"priority":{"type":"string","enum":["low","normal","high"],"default":"normal"}},"required":["ticket_id"]}`} {
		if !strings.Contains(c, want) {
			t.Errorf("the webhook lacks %s:\n%s", want, b)
		}
	}
}

// TestIsGenerated checks that exports are recognized, and nothing else.
func TestIsGenerated(t *testing.T) {
	api := parse(t, "../../definitions/gist.json")
	for _, v := range []string{"3.1", "3.0"} {
		files, _ := Generate(api, Options{Version: v})
		if !IsGenerated(files[FileName(api)]) {
			t.Errorf("%s export not recognized", v)
		}
	}
	for _, s := range []string{"", "{}", `{"openapi": "3.1.0", "x-apigen": "generated by apigen from x"}`, "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {}\n}"} {
		if IsGenerated([]byte(s)) {
			t.Errorf("%q recognized as an export", s)
		}
	}
}

// TestBadVersion checks the version option.
func TestBadVersion(t *testing.T) {
	api := parse(t, "../../definitions/gist.json")
	files, diags := Generate(api, Options{Version: "2.0"})
	if files != nil || !diags.HasErrors() || !strings.Contains(diags.Error(), `OpenAPI version "2.0": use 3.1 or 3.0`) {
		t.Errorf("%v %v", files, diags)
	}
}

// TestOpenAPI31IsThe30DocumentAndWhat30CannotSay ties the 3.1 export to
// the 3.0.3 one that kin-openapi validates here: with its version and what
// 3.0 lacks (the keyword propertyNames, and webhooks, one per event) taken
// out, every 3.1 document is the 3.0.3 document, byte for byte.
func TestOpenAPI31IsThe30DocumentAndWhat30CannotSay(t *testing.T) {
	for _, def := range definitions(t) {
		api := parse(t, def)
		f31, _ := Generate(api, Options{Version: "3.1"})
		f30, _ := Generate(api, Options{Version: "3.0"})
		var doc any
		if err := json.Unmarshal(f31[FileName(api)], &doc); err != nil {
			t.Fatal(err)
		}
		removed := dropKey(doc, "propertyNames")
		doc.(map[string]any)["openapi"] = "3.0.3"
		if wh, _ := doc.(map[string]any)["webhooks"].(map[string]any); len(wh) != len(api.Events()) {
			t.Errorf("%s: %d webhooks for %d events", def, len(wh), len(api.Events()))
		}
		delete(doc.(map[string]any), "webhooks")
		var want any
		if err := json.Unmarshal(f30[FileName(api)], &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(doc, want) {
			t.Errorf("%s: the 3.1 export differs from the 3.0.3 one in more than version and propertyNames", def)
		}
		if filepath.Base(def) == "quirks.json" && removed == 0 {
			t.Errorf("%s: no propertyNames in the 3.1 export", def)
		}
	}
}

// dropKey removes every member named key, at any depth, and returns how
// many it removed.
func dropKey(v any, key string) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v[key]; ok {
			delete(v, key)
			n++
		}
		for _, c := range v {
			n += dropKey(c, key)
		}
	case []any:
		for _, c := range v {
			n += dropKey(c, key)
		}
	}
	return n
}

// TestOpenAPI31SchemasAreJSONSchema compiles every schema object of every
// 3.1 export as a JSON Schema of draft 2020-12, OpenAPI 3.1's dialect, and
// checks each parameter's default against its own schema.
func TestOpenAPI31SchemasAreJSONSchema(t *testing.T) {
	total := 0
	for _, def := range definitions(t) {
		api := parse(t, def)
		files, _ := Generate(api, Options{})
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(files[FileName(api)]))
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource("export.json", doc); err != nil {
			t.Fatal(err)
		}
		var walk func(v any, ptr string)
		walk = func(v any, ptr string) {
			switch v := v.(type) {
			case map[string]any:
				for k, c2 := range v {
					p := ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
					if k == "schema" {
						total++
						sch, err := c.Compile("export.json#" + p)
						if err != nil {
							t.Errorf("%s: %s is not a JSON Schema: %v", def, p, err)
							continue
						}
						if d, ok := c2.(map[string]any)["default"]; ok {
							if err := sch.Validate(d); err != nil {
								t.Errorf("%s: %s: the default does not fit: %v", def, p, err)
							}
						}
						continue
					}
					walk(c2, p)
				}
			case []any:
				for i, c2 := range v {
					walk(c2, ptr+"/"+strconv.Itoa(i))
				}
			}
		}
		walk(doc, "")
	}
	if total < 100 {
		t.Errorf("only %d schemas", total)
	}
}

// TestExtensions checks, per case, the parameter objects and the
// operation description that descriptions, {name*} and {+name} become, in
// both versions, and the warnings with their exact positions: OpenAPI's
// path parameters cannot hold '/'.
func TestExtensions(t *testing.T) {
	for _, c := range []struct {
		name, def string
		op        string // "METHOD path" of the operation
		desc      string // its description
		params    string // its parameters, compact
		body      string // its requestBody, compact; "" for none
		warnings  string
	}{{
		name: "descriptions of a method and its parameters",
		def: `{
  "_params": {"id": "The item's ID.", "view": "What to show."},
  // Gets an item.
  "get": ["GET", "/items/{id}?view={view:full:full,short}&v={view:full:full,short}"]
}`,
		op:       "GET /items/{id}",
		desc:     "Gets an item.\n\nGET /items/{id}?view={view:full:full,short}&v={view:full:full,short}",
		params:   `[{"name":"id","in":"path","required":true,"description":"The item's ID.","schema":{"type":"string"}},{"name":"view","in":"query","required":false,"description":"What to show.","schema":{"type":"string","enum":["full","short"],"default":"full"}},{"name":"v","in":"query","required":false,"description":"What to show.\n\nThe definition's parameter view.","schema":{"type":"string","enum":["full","short"],"default":"full"}}]`,
		warnings: "",
	}, {
		name:     "repeated query values",
		def:      `{"list": ["GET", "/items?id={ids*}&part={part*:a:a,b}&tag={tags*:}"]}`,
		op:       "GET /items",
		desc:     "GET /items?id={ids*}&part={part*:a:a,b}&tag={tags*:}",
		params:   `[{"name":"id","in":"query","required":true,"description":"The definition's parameter ids.","style":"form","explode":true,"schema":{"type":"array","items":{"type":"string"},"minItems":1}},{"name":"part","in":"query","required":false,"style":"form","explode":true,"schema":{"type":"array","items":{"type":"string","enum":["a","b"]},"default":["a"]}},{"name":"tag","in":"query","required":false,"description":"The definition's parameter tags.","style":"form","explode":true,"schema":{"type":"array","items":{"type":"string"}}}]`,
		warnings: "",
	}, {
		name: "multi-segment path values",
		def: `{
  "get": ["GET", "/v1/{+name}"],
  "cancel": ["POST", "/v1/{+name::a/b,c}:cancel"]
}`,
		op:     "POST /v1/{name}:cancel",
		desc:   "POST /v1/{+name::a/b,c}:cancel",
		params: `[{"name":"name","in":"path","required":true,"x-multi-segment":true,"schema":{"type":"string","enum":["a/b","c"]}}]`,
		warnings: "t.json:2:23: warning: OpenAPI path parameters cannot hold '/': {+name} of Get is exported as the path parameter name marked x-multi-segment, and tools that do not know the mark escape the '/' of its value\n" +
			"t.json:3:27: warning: OpenAPI path parameters are always required: name of Cancel is exported as required (without a default, an unset value leaves an empty segment)\n" +
			"t.json:3:27: warning: OpenAPI path parameters cannot hold '/': {+name} of Cancel is exported as the path parameter name marked x-multi-segment, and tools that do not know the mark escape the '/' of its value\n",
	}, {
		name: "descriptions of body parameters",
		def: `{
  "_params": {"a": "The first.", "b": "The second."},
  "one": ["PUT", "/one", "a"],
  "two": ["PUT", "/two", ["a", "b"]]
}`,
		op:     "PUT /two",
		desc:   "PUT /two",
		params: `null`,
		body:   `{"required":true,"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"description":"The first."},"b":{"description":"The second."}},"required":["a","b"]}}}}`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			api := deftest.Source(t, "t.json", c.def)
			for _, v := range []string{"3.1", "3.0"} {
				files, diags := Generate(api, Options{Version: v})
				if got := string(warningsText(diags)); got != c.warnings {
					t.Errorf("%s: warnings:\n%s\nwant\n%s", v, got, c.warnings)
				}
				var doc struct {
					Paths map[string]map[string]struct {
						Description string
						Parameters  json.RawMessage
						RequestBody json.RawMessage `json:"requestBody"`
					}
				}
				if err := json.Unmarshal(files[FileName(api)], &doc); err != nil {
					t.Fatal(err)
				}
				method, path, _ := strings.Cut(c.op, " ")
				op := doc.Paths[path][strings.ToLower(method)]
				if op.Description != c.desc {
					t.Errorf("%s: description %q, want %q", v, op.Description, c.desc)
				}
				params := "null"
				if op.Parameters != nil {
					params = compact(t, op.Parameters)
				}
				if params != c.params {
					t.Errorf("%s: parameters\n%s\nwant\n%s", v, params, c.params)
				}
				body := ""
				if op.RequestBody != nil {
					body = compact(t, op.RequestBody)
				}
				if body != c.body {
					t.Errorf("%s: requestBody\n%s\nwant\n%s", v, body, c.body)
				}
				validate(t, c.name, files[FileName(api)])
			}
		})
	}
}
