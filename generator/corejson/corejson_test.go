package corejson

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// definitions are the shipped definitions, the golden cases of the Go
// generator, and the OpenAPI export's own cases.
func definitions(t *testing.T) []string {
	shipped, _ := filepath.Glob("../../definitions/*.json")
	golden, _ := filepath.Glob("../../testdata/golden/*/*.json")
	own, _ := filepath.Glob("../openapi/testdata/*.json")
	if len(shipped) < 3 || len(golden) < 3 || len(own) < 1 {
		t.Fatalf("missing definitions: %d shipped, %d golden, %d own", len(shipped), len(golden), len(own))
	}
	return append(append(shipped, golden...), own...)
}

func parse(t *testing.T, def string) *model.API {
	t.Helper()
	api, list := parser.ParseFile(def)
	if list.HasErrors() {
		t.Fatalf("%s: %v", def, list)
	}
	return api
}

func warningsText(list diag.List) []byte {
	var b bytes.Buffer
	for _, d := range list {
		d.Pos.File = filepath.Base(d.Pos.File)
		b.WriteString(d.String() + "\n")
	}
	return b.Bytes()
}

// TestGolden exports every definition and compares the document and the
// warnings with testdata/golden/<api>.core.json and <api>.core.warnings.
func TestGolden(t *testing.T) {
	taken := map[string]bool{}
	for _, def := range definitions(t) {
		api := parse(t, def)
		stem := api.Name
		if taken[stem] { // a golden case named like a shipped definition
			stem = filepath.Base(filepath.Dir(def)) + "-" + stem
		}
		taken[stem] = true
		files, diags := Generate(api, Options{})
		if diags.HasErrors() || len(files) != 1 {
			t.Fatalf("%s: %d files, %v", def, len(files), diags)
		}
		if !json.Valid(files[FileName(api)]) || !IsGenerated(files[FileName(api)]) {
			t.Errorf("%s: not valid JSON, or not recognized as an export", def)
		}
		got := map[string][]byte{stem + ".core.json": files[FileName(api)], stem + ".core.warnings": warningsText(diags)}
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
				t.Errorf("%s is stale or missing (%v); run go test ./generator/corejson -update and review the diff", golden, err)
			}
		}
	}
}

// link is a Core JSON link, as a Core API client reads it.
type link struct {
	Type     string `json:"_type"`
	URL      string `json:"url"`
	Action   string `json:"action"`
	Encoding string `json:"encoding"`
	Fields   []struct {
		Name     string
		Required bool
		Location string
		Schema   struct {
			Type    string `json:"_type"`
			Enum    []string
			Default string
		}
	}
}

// TestDocumentShape checks the help desk's document as a Core API client
// reads it: nested documents per resource and a link per method with url,
// action and fields with required and location.
func TestDocumentShape(t *testing.T) {
	api := parse(t, "../../definitions/helpdesk.json")
	files, diags := Generate(api, Options{})
	if len(diags) != 0 {
		t.Errorf("warnings: %v", diags)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(files[FileName(api)], &doc); err != nil {
		t.Fatal(err)
	}
	var meta struct{ URL, Title string }
	json.Unmarshal(doc["_meta"], &meta)
	if string(doc["_type"]) != `"document"` || meta.URL != "https://desk.example.com/api/v2" || meta.Title != "helpdesk" {
		t.Errorf("root: %s %+v", doc["_type"], meta)
	}
	var ticket map[string]json.RawMessage
	json.Unmarshal(doc["Ticket"], &ticket)
	var note map[string]json.RawMessage
	json.Unmarshal(ticket["Note"], &note)
	if string(ticket["_type"]) != `"document"` || string(note["_type"]) != `"document"` {
		t.Fatalf("nested documents: %s %s", ticket["_type"], note["_type"])
	}
	var get, list, upd link
	json.Unmarshal(note["get"], &get)
	json.Unmarshal(ticket["list"], &list)
	json.Unmarshal(ticket["update"], &upd)
	if get.Type != "link" || get.URL != "https://desk.example.com/api/v2/tickets/{ticket_id}/notes/{note_id}.json" || get.Action != "get" ||
		len(get.Fields) != 2 || get.Fields[1].Name != "note_id" || get.Fields[1].Location != "path" || !get.Fields[1].Required {
		t.Errorf("Ticket.Note.get: %+v", get)
	}
	if v := list.Fields[0]; v.Name != "view" || v.Location != "query" || v.Required || v.Schema.Type != "enum" || v.Schema.Default != "open" || strings.Join(v.Schema.Enum, ",") != "open,pending,solved,all_tickets" {
		t.Errorf("Ticket.list view: %+v", v)
	}
	if upd.Action != "put" || upd.Encoding != "application/json" || len(upd.Fields) != 3 || upd.Fields[1].Location != "form" || !upd.Fields[1].Required || upd.Fields[2].Required {
		t.Errorf("Ticket.update: %+v", upd)
	}
	var create link
	json.Unmarshal(ticket["create"], &create)
	if len(create.Fields) != 1 || create.Fields[0].Location != "body" || create.Fields[0].Schema.Type != "anything" {
		t.Errorf("Ticket.create: %+v", create)
	}

	crm := parse(t, "../../definitions/crm.json")
	files, _ = Generate(crm, Options{})
	var cdoc map[string]map[string]json.RawMessage
	json.Unmarshal(files[FileName(crm)], &cdoc)
	var fc link
	json.Unmarshal(cdoc["Customer"]["filterCompany"], &fc)
	if fc.URL != "https://crm.example.com/api/customers/filter/{filter}?format=json" {
		t.Errorf("a literal query pair stays in the URL: %q", fc.URL)
	}
}

// TestExtensions checks, per case, the link that descriptions, {name*}
// and {+name} become, and the warnings with their exact positions: Core
// JSON has lists (array schemas) but no multi-segment path value.
func TestExtensions(t *testing.T) {
	for _, c := range []struct {
		name, def, link string // link: the link "get", compact
		warnings        string
	}{{
		name: "descriptions",
		def: `{
  "_params": {"id": "The item's ID.", "view": "What to show."},
  // Gets an item.
  "get": ["GET", "/items/{id}?v={view:full:full,short}"]
}`,
		link: `{"_type":"link","url":"/items/{id}","action":"get","description":"Gets an item.\n\nGET /items/{id}?v={view:full:full,short}","fields":[{"name":"id","required":true,"location":"path","schema":{"_type":"string","description":"The item's ID."}},{"name":"v","required":false,"location":"query","schema":{"_type":"enum","enum":["full","short"],"description":"What to show.\n\nThe definition's parameter view.","default":"full"}}]}`,
	}, {
		name: "repeated query values",
		def:  `{"get": ["GET", "/items?id={ids*}&part={part*:a:a,b}"]}`,
		link: `{"_type":"link","url":"/items","action":"get","description":"GET /items?id={ids*}&part={part*:a:a,b}","fields":[{"name":"id","required":true,"location":"query","schema":{"_type":"array","items":{"_type":"string"},"description":"The definition's parameter ids."}},{"name":"part","required":false,"location":"query","schema":{"_type":"array","items":{"_type":"enum","enum":["a","b"]},"default":["a"]}}]}`,
	}, {
		name: "multi-segment path values",
		def: `{
  "get": ["GET", "/v1/{+name}:get/{x}"]
}`,
		link:     `{"_type":"link","url":"/v1/{+name}:get/{x}","action":"get","description":"GET /v1/{+name}:get/{x}","fields":[{"name":"name","required":true,"location":"path","schema":{"_type":"string"}},{"name":"x","required":true,"location":"path","schema":{"_type":"string"}}]}`,
		warnings: "t.json:2:23: warning: Core JSON has no multi-segment path value: {+name} of get is exported as {+name} in the link's URL, an RFC 6570 reserved expansion, which keeps '/' but also other reserved characters (such as '?' and '#') that apigen escapes: callers must escape those themselves\n",
	}} {
		t.Run(c.name, func(t *testing.T) {
			api := deftest.Source(t, "t.json", c.def)
			files, diags := Generate(api, Options{})
			if got := string(warningsText(diags)); got != c.warnings {
				t.Errorf("warnings:\n%s\nwant\n%s", got, c.warnings)
			}
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(files[FileName(api)], &doc); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := json.Compact(&b, doc["get"]); err != nil {
				t.Fatal(err)
			}
			if b.String() != c.link {
				t.Errorf("link\n%s\nwant\n%s", b.String(), c.link)
			}
		})
	}
}
