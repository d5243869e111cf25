package parser

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/model"
)

// describe prints each method of api as one line:
// "Go call path, HTTP method, expanded template, required args, optional fields".
// The Go names come from the Go target's naming pass, which reads the
// same model.
func describe(api *model.API) []string {
	names, _ := golang.Name(api, "")
	var out []string
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			var req, opt []string
			for _, p := range m.Required() {
				req = append(req, names.Param(p).ArgName)
			}
			for _, p := range m.Optional() {
				opt = append(opt, names.Param(p).FieldName)
			}
			out = append(out, fmt.Sprintf("%s %s %s (%s) [%s]", names.Method(m).FullName, m.HTTPMethod, m.Template, strings.Join(req, ","), strings.Join(opt, ",")))
		}
	})
	return out
}

func mustParse(t *testing.T, src string) *model.API {
	t.Helper()
	api, list := Parse("api.json", []byte(src))
	if list.HasErrors() {
		t.Fatalf("unexpected errors:\n%v", list)
	}
	return api
}

// TestInheritance covers the rules of replacement values: scope, expansion
// against the parent's scope, non-recursion, references in tags, and the
// real-world shapes of section 7 of the format.
func TestInheritance(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"child root built on parent's root", `{
			"root": "/categories/{category_id}/forums",
			"Forum": {
				"list": ["GET", "{root}.json"],
				"Topic": {
					"root": "{root}/{forum_id}/topics",
					"get": ["GET", "{root}/{topic_id}.json"]
				}
			}}`, []string{
			"Forum.List GET /categories/{category_id}/forums.json (categoryID) []",
			"Forum.Topic.Get GET /categories/{category_id}/forums/{forum_id}/topics/{topic_id}.json (categoryID,forumID,topicID) []",
		}},
		{"child root replaces parent's root", `{
			"root": "/tickets",
			"Ticket": {"list": ["GET", "{root}"], "Audit": {"root": "/audits", "list": ["GET", "{root}"]}}}`, []string{
			"Ticket.List GET /tickets () []",
			"Ticket.Audit.List GET /audits () []",
		}},
		{"no root, relative endpoint, top-level method", `{
			"ping": ["GET", "ping.json"],
			"Field": {"list": ["GET", "ticket_fields.json"]}}`, []string{
			"Ping GET ping.json () []",
			"Field.List GET ticket_fields.json () []",
		}},
		{"option list from a value, shared down the tree", `{
			"states": "open,closed",
			"A": {"B": {"list": ["GET", "/b?state={state::{states}}"]}}}`, []string{
			"A.B.List GET /b?state={state::open,closed} () [State]",
		}},
		{"tag as query key, literal query after path tag, leading &", `{
			"options": "name,company_email,company_email",
			"Customer": {
				"search": ["GET", "/customers?&{filter::{options}}={value:}"],
				"filter": ["GET", "/filter/{filter:!:{options}}?format=json"]
			}}`, []string{
			"Customer.Search GET /customers?{filter::name,company_email}={value:} () [Filter,Value]",
			"Customer.Filter GET /filter/{filter:!:name,company_email}?format=json (filter) []",
		}},
		{"expansion is not recursive", `{
			"a": "{b}",
			"R": {"b": "/never", "get": ["GET", "/x/{a}"]}}`, []string{
			"R.Get GET /x/{b} (b) []",
		}},
		{"a value is expanded against the parent's scope only", `{
			"root": "/p",
			"R": {"root": "/own", "x": "{root}/x", "get": ["GET", "{x}"], "own": ["GET", "{root}"]}}`, []string{
			"R.Get GET /p/x () []",
			"R.Own GET /own () []",
		}},
		{"body parameters: one, several, optional, named other than data", `{
			"T": {
				"create": ["POST", "/t", "ticket"],
				"update": ["PUT", "/t/{id}", ["subject", "body:", "priority:normal:low,normal,high"]],
				"comment": ["POST", "/t/{id}/c", "post_comment:"]
			}}`, []string{
			"T.Create POST /t (ticket) []",
			"T.Update PUT /t/{id} (id,subject) [Body,Priority]",
			"T.Comment POST /t/{id}/c (id) [PostComment]",
		}},
		{"required params in order of first appearance, then body", `{
			"root": "/a/{a_id}",
			"R": {"m": ["POST", "{root}/{b_id}?q={q}&a={a_id}", ["z", "y:"]]}}`, []string{
			"R.M POST /a/{a_id}/{b_id}?q={q}&a={a_id} (aID,bID,q,z) [Y]",
		}},
		{"a resource with no methods, only children", `{
			"Help": {"Center": {"Article": {"get": ["GET", "/hc/articles/{id}"]}}}}`, []string{
			"Help.Center.Article.Get GET /hc/articles/{id} (id) []",
		}},
		{"escapes in JSON strings", `{"R": {"get": ["GET", "\/r\u002F{id}"]}}`, []string{
			"R.Get GET /r/{id} (id) []",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(mustParse(t, tt.src))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestModelFields(t *testing.T) {
	api := mustParse(t, `{
		"_url": "https://desk.example.com/api/v2",
		"_description": "A help desk.",
		"_version": "2",
		"root": "/tickets",
		"Ticket": {
			"_description": "Tickets.",
			"list": ["GET", "{root}.json?view={view:open:open,closed}"]
		}}`)
	if api.Name != "api" || api.URL != "https://desk.example.com/api/v2" || api.Description != "A help desk." || api.Version != "2" {
		t.Errorf("API = %+v", api)
	}
	tk := api.Root.Children[0]
	if tk.Description != "Tickets." || tk.Name != "Ticket" || tk.Pos.Line != 6 || tk.Pos.Col != 3 {
		t.Errorf("resource = %+v", tk)
	}
	m := tk.Methods[0]
	if m.Endpoint != "{root}.json?view={view:open:open,closed}" || m.Expanded != "/tickets.json?view={view:open:open,closed}" || m.Name != "list" {
		t.Errorf("method = %+v", m)
	}
	p := m.Params[0]
	if p.Pos.Line != 8 || p.Pos.Col != 38 || p.Default != "open" || strings.Join(p.Options, ",") != "open,closed" {
		t.Errorf("param = %+v", p)
	}
	if v := api.Root.Values[0]; v.Name != "root" || v.Text != "/tickets" || v.Pos.Line != 5 {
		t.Errorf("value = %+v", v)
	}
}

// TestReferencesAtAnyDepth checks where expansion finds references: a pair
// of braces around a name in scope, at any depth of braces, up to the first
// '{' that is never closed.
func TestReferencesAtAnyDepth(t *testing.T) {
	for _, tt := range []struct{ endpoint, want string }{
		{`/{a}/{{a}}/{{{{{{a}}}}}}`, `/X/{X}/{{{{{X}}}}}`},
		{`/{x::{a},{a}}`, `/{x::X,X}`},
		{`/{a}/{b/{a}`, `/X/{b/{a}`},     // from the unclosed '{' on, nothing is expanded
		{`/{a}}{a}{}{ a}`, `/X}X{}{ a}`}, // an unmatched '}' is text; {} and { a} are no names
		{`/\u007ba\u007d/{\u0061}`, `/X/X`},
		{`/{{{{{{{{{{{{{{{{{{{{a}`, `/{{{{{{{{{{{{{{{{{{{{a}`}, // unclosed from the first
	} {
		api, _ := Parse("api.json", []byte(`{"a": "X", "R": {"m": ["GET", "`+tt.endpoint+`"]}}`))
		if got := api.Root.Children[0].Methods[0].Expanded; got != tt.want {
			t.Errorf("%s expands to %s, want %s", tt.endpoint, got, tt.want)
		}
	}
}

// TestStrOffsetMatchesDecoding compares the file offsets that strOffset
// gives for every byte of strings with escapes with those found by decoding
// the string from its start, escape by escape.
func TestStrOffsetMatchesDecoding(t *testing.T) {
	for _, raw := range []string{
		`plain`,
		`\n`,
		`a\tb\\c\"d\/e`,
		`\u00e9t\u00e9 \u20ac \ud83d\ude00!`,
		`\u0061{a}\u0062{b}\u002F`,
		strings.Repeat(`x\u00e9\n`, 50),
	} {
		src := []byte(`{"k": "` + raw + `"}`)
		r := &resolver{file: "a.json", src: src}
		root, serr := readJSON(src)
		if serr != nil {
			t.Fatalf("%s: %s", raw, serr.msg)
		}
		n := root.members[0].val
		for i := 0; i <= len(n.str); i++ {
			if got, want := r.strOffset(n, i), decodeOffset(src, n.off, i); got != want {
				t.Errorf("%s: byte %d of the value is at %d, want %d", raw, i, got, want)
			}
		}
	}
}

// decodeOffset returns the offset of byte i of the value of the string at
// off in src, decoding escapes from the start of the string. A byte inside
// the decoding of an escape maps to the offset after the escape.
func decodeOffset(src []byte, off, i int) int {
	raw := off + 1
	for d := 0; d < i; {
		if src[raw] != '\\' {
			raw++
			d++
			continue
		}
		if src[raw+1] != 'u' {
			raw += 2
			d++
			continue
		}
		v, _ := strconv.ParseUint(string(src[raw+2:raw+6]), 16, 16)
		if 0xd800 <= v && v < 0xdc00 {
			raw += 12
			d += 4
			continue
		}
		raw += 6
		d += utf8.RuneLen(rune(v))
	}
	return raw
}

// TestRepeatedDescriptions checks that each repeated _description adds a
// paragraph, and that empty ones before the first text are left out.
func TestRepeatedDescriptions(t *testing.T) {
	api := mustParse(t, `{"_description": "", "_description": "a", "_description": "", "_description": "b",
		"R": {"_description": "one"}, "S": {"_description": "x", "_description": "y"}}`)
	got := []string{api.Description, api.Root.Children[0].Description, api.Root.Children[1].Description}
	want := []string{"a\n\n\n\nb", "one", "x\n\ny"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("descriptions %q, want %q", got, want)
	}
}

// TestParamValue checks Param.Value: the value whose text holds a
// parameter's first tag, through references at any depth; nil for tags of
// the endpoint itself and for body parameters.
func TestParamValue(t *testing.T) {
	api := mustParse(t, `{
  "std": "alt={alt:json}&key={key:}",
  "page": "page={page:}",
  "Item": {
    "std": "{std}&region={region:}",
    "both": "{page}&size={size:}",
    "list": ["GET", "/items?{std}&sort={sort:}&{both}", "data:"],
    "get": ["GET", "/items/{id}?key={key:}&{std}"]
  }
}`)
	item := api.Root.Children[0]
	rootStd, rootPage := api.Root.Values[0], api.Root.Values[1]
	itemStd, itemBoth := item.Values[0], item.Values[1]
	want := map[string]map[string]*model.Value{
		"list": {"alt": rootStd, "key": rootStd, "region": itemStd, "sort": nil, "page": rootPage, "size": itemBoth, "data": nil},
		"get":  {"id": nil, "key": nil, "alt": rootStd, "region": itemStd},
	}
	for _, m := range item.Methods {
		if len(m.Params) != len(want[m.Name]) {
			t.Errorf("%s: %d parameters, want %d", m.Name, len(m.Params), len(want[m.Name]))
		}
		for _, p := range m.Params {
			w, ok := want[m.Name][p.Name]
			if !ok || p.Value != w {
				t.Errorf("%s: parameter %s comes from %v, want %v", m.Name, p.Name, valueName(p.Value), valueName(w))
			}
		}
	}
}

func valueName(v *model.Value) string {
	if v == nil {
		return "the endpoint"
	}
	return fmt.Sprintf("value %q at %s", v.Name, v.Pos.LineCol())
}

// TestNearMetadataKey checks which unknown metadata keys get a "did you
// mean" warning: one slip from a known key, or the same in another case.
func TestNearMetadataKey(t *testing.T) {
	for k, want := range map[string]string{
		"_url": "", "$schema": "", "_params": "", // known
		"_ulr": "_url", "_URL": "_url", "_uri": "_url", "_urll": "_url", "_ur": "_url",
		"_descripton": "_description", "_descriptoin": "_description", "_DESCRIPTION": "_description",
		"_versoin": "_version", "_param": "_params", "$schmea": "$schema",
		"_TODO": "", "_author": "", "_": "", "": "", "_u": "", "_desc": "", "_urlx2": "",
		"_lru": "", "_url_": "_url", "__url": "_url",
	} {
		if got := nearMetadataKey(k); got != want {
			t.Errorf("nearMetadataKey(%q) = %q, want %q", k, got, want)
		}
	}
}
