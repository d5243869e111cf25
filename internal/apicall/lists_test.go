package apicall

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/parser"
)

// listDef is the definition of the list and listing tests: line 5 is
// "find", line 6 "get".
const listDef = `{
  "_params": {"ids": "Which items."},
  // Finds items.
  // By their IDs.
  "find": ["GET", "/items?id={ids*}&part={part*:a:a,b}&q={q:}"],
  "get": ["GET", "/v1/{+name}"],
  /* First paragraph.

     Second, not shown. */
  "odd": ["GET", "/odd"]
}`

func loadDef(t *testing.T, src string) *API {
	t.Helper()
	m, list := parser.Parse("test.json", []byte(src))
	if list.HasErrors() {
		t.Fatal(list)
	}
	api, names := Load(m)
	if names.HasErrors() {
		t.Fatal(names)
	}
	return api
}

// TestBindLists checks that a list parameter ({name*}) given several times
// by name, or as a JSON array, sends one pair per element in order, as a
// generated client does, and that every bad element is reported at the
// tag's position.
func TestBindLists(t *testing.T) {
	api := loadDef(t, listDef)
	tests := []struct {
		args []string
		url  string   // the URL sent, "" on errors
		errs []string // "line:col: message"
	}{
		{[]string{"a"}, "http://h/items?id=a&part=a", nil},
		{[]string{"ids=a", "ids=b c", "ids=a"}, "http://h/items?id=a&id=b+c&id=a&part=a", nil},
		{[]string{"x", "ids=y", "part=b", "part=a", "q=z"}, "http://h/items?id=x&id=y&part=b&part=a&q=z", nil},
		{[]string{`ids:=["1", 2, true]`}, "http://h/items?id=1&id=2&id=true&part=a", nil},
		{[]string{`ids:=["only"]`}, "http://h/items?id=only&part=a", nil},
		{[]string{"ids=a", "ids=", "part=c", "part=b", "part=d"}, "", []string{
			`5:30: Find: parameter ids: element 2 is empty: leave it out`,
			`5:42: Find: parameter part: element 1, "c", is not one of a, b`,
			`5:42: Find: parameter part: element 3, "d", is not one of a, b`}},
		{[]string{`ids:=[{"a":1}]`}, "", []string{
			`5:30: Find: parameter ids is a list of strings, and takes a JSON array of strings, numbers or booleans, not one holding JSON object`}},
		{[]string{"ids:=[]"}, "", []string{
			`5:30: Find: parameter ids is required: give it as the first positional argument or as ids=VALUE`}},
		{[]string{"ids=a", "q=1", "q=2"}, "", []string{
			`5:58: Find: parameter q is given twice ("q=1" and "q=2")`}},
	}
	m, err := api.Find("Find")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%q", tt.args)
		c, diags := m.Bind(tt.args, Input{})
		var errs []string
		for _, d := range diags {
			errs = append(errs, fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Msg))
		}
		if !reflect.DeepEqual(errs, tt.errs) {
			t.Errorf("%s: errors\n%s\nwant\n%s", name, strings.Join(errs, "\n"), strings.Join(tt.errs, "\n"))
		}
		if tt.errs != nil {
			continue
		}
		curl, err := c.Curl(Options{BaseURL: "http://h/"})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f := strings.Fields(curl); len(f) < 4 || f[3] != "'"+tt.url+"'" {
			t.Errorf("%s: %s\nwant the URL %s", name, curl, tt.url)
		}
	}
}

// TestListingMarksAndDescriptions checks the listing of lists (name*),
// multi-segment values (+name) and descriptions: the first paragraph on
// one line, " ..." when more follows, hidden characters escaped.
func TestListingMarksAndDescriptions(t *testing.T) {
	api := loadDef(t, listDef)
	var b strings.Builder
	if err := api.List(&b); err != nil {
		t.Fatal(err)
	}
	want := `test
  find(ids*, [part*=a|b], [q])  # Finds items. By their IDs.
  get(+name)
  odd()  # First paragraph. ...
`
	if b.String() != want {
		t.Errorf("listing\n%s\nwant\n%s", b.String(), want)
	}
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"One.", "One."},
		{"  a\n  b\n\n c", "a b ..."},
		{"bell\a and \u202e bidi\r\nnext", `bell\a and \u202e bidi next`},
	} {
		if got := Summary(tt.in); got != tt.want {
			t.Errorf("Summary(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
