package apicall

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/parser"
)

// def is the definition of the argument tests. Positions in the expected
// errors refer to it: line 3 is "get", line 4 "update", line 5 "list",
// line 6 "pick", line 7 "fetch".
const def = `{
  "R": {
    "get": ["GET", "/r/{id}/{sub}"],
    "update": ["PUT", "/r/{id}", ["item", "note:", "mode:fast:fast,slow"]],
    "list": ["GET", "/r?view={view:all:all,mine}&q={q:}&{key::a,b}={val:}"],
    "pick": ["POST", "/p/{kind:!:x,y}", "choice::left,right"],
    "fetch": ["GET", "/f/{+path}/{id}"]
  }
}`

func loadTest(t testing.TB) *API {
	t.Helper()
	m, list := parser.Parse("test.json", []byte(def))
	if list.HasErrors() {
		t.Fatal(list)
	}
	api, names := Load(m)
	if names.HasErrors() {
		t.Fatal(names)
	}
	return api
}

var files = map[string]string{
	"item.json": `{"n": 1}` + "\n",
	"note.txt":  "line 1\nline 2\n",
	"id.txt":    "42\n",
	"bad.json":  `{"n": `,
}

func readFile(name string) ([]byte, error) {
	if s, ok := files[name]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// TestBind checks how arguments become values: positional and named
// values, JSON and strings for body parameters, files and standard input,
// and every error, with its position, reported at once.
func TestBind(t *testing.T) {
	api := loadTest(t)
	tests := []struct {
		method string
		args   []string
		stdin  string
		vals   []string // template values
		body   []any    // body values; json.RawMessage shown as raw JSON
		errs   []string // "line:col: message" of each error, in order
	}{
		// Positional values fill required parameters in order.
		{"R.Get", []string{"1", "2"}, "", []string{"1", "2"}, nil, nil},
		{"R.get", []string{"sub=2", "1"}, "", []string{"1", "2"}, nil, nil},
		{"r.GET", []string{"id=a=b", "sub=@x"}, "", []string{"a=b", "@x"}, nil, []string{`3:29: R.Get: parameter sub: cannot read @x: file does not exist`}},
		{"R.Get", []string{"@x", "a b"}, "", []string{"@x", "a b"}, nil, nil},
		{"R.Get", []string{"id=@id.txt", "2"}, "", []string{"42", "2"}, nil, nil},
		{"R.Get", []string{"id:=\"q\"", "sub:=7"}, "", []string{"q", "7"}, nil, nil},
		{"R.Get", []string{"id:=[1]", "sub:=nope"}, "", nil, nil, []string{
			`3:24: R.Get: parameter id is a path parameter and takes a string, not JSON array`,
			`3:29: R.Get: parameter sub: the value is not valid JSON (invalid character 'o' in literal null (expecting 'u'))`}},
		// Missing, unknown, repeated and extra arguments, all at once.
		{"R.Get", []string{"1", "x=2", "id=3", "extra"}, "", nil, nil, []string{
			`3:5: R.Get has no parameter "x": its parameters are id, sub`,
			`3:24: R.Get: parameter id is given twice ("1" and "id=3")`}},
		{"R.Get", []string{"id=1", "x:=2"}, "", nil, nil, []string{
			`3:5: R.Get has no parameter "x": its parameters are id, sub`,
			`3:29: R.Get: parameter sub is required: give it as the second positional argument or as sub=VALUE`}},
		{"R.Get", []string{"1", "2", "3"}, "", nil, nil, []string{`3:5: R.Get: unexpected argument "3": positional arguments fill id, sub in order`}},
		{"R.Get", []string{"", "2"}, "", nil, nil, []string{`3:24: R.Get: parameter id is required: give it as the first positional argument or as id=VALUE`}},
		{"R.Get", []string{"..", "."}, "", nil, nil, []string{
			`3:24: R.Get: parameter id: ".." cannot be a path segment`,
			`3:29: R.Get: parameter sub: "." cannot be a path segment`}},
		// A multi-segment value keeps its '/', and no part of it may be
		// empty, "." or "..".
		{"R.Fetch", []string{"a/b c", "1"}, "", []string{"a/b c", "1"}, nil, nil},
		{"R.Fetch", []string{"a/../b", ".."}, "", nil, nil, []string{
			`7:26: R.Fetch: parameter path: value "a/../b" has an empty, "." or ".." segment`,
			`7:34: R.Fetch: parameter id: ".." cannot be a path segment`}},
		{"R.Fetch", []string{"a//b", "1"}, "", nil, nil, []string{`7:26: R.Fetch: parameter path: value "a//b" has an empty, "." or ".." segment`}},
		// Body values: JSON when they parse, strings otherwise.
		{"R.Update", []string{"1", `{"a": [1, 2]}`}, "", []string{"1"}, []any{`{"a": [1, 2]}`, nil, nil}, nil},
		{"R.Update", []string{"1", "hello", "note=42"}, "", []string{"1"}, []any{"hello", `42`, nil}, nil},
		{"R.Update", []string{"1", `item="quoted"`, "note=true", "mode=slow"}, "", []string{"1"}, []any{"quoted", `true`, "slow"}, nil},
		{"R.Update", []string{"1", "item:=@item.json", "note=@note.txt"}, "", []string{"1"}, []any{`{"n": 1}`, "line 1\nline 2\n", nil}, nil},
		{"R.Update", []string{"1", "item=@item.json"}, "", []string{"1"}, []any{`{"n": 1}` + "\n", nil, nil}, nil},
		{"R.Update", []string{"1", "item:=@-"}, ` [true] `, []string{"1"}, []any{`[true]`, nil, nil}, nil},
		{"R.Update", []string{"1", "item=@-"}, "text\n", []string{"1"}, []any{"text\n", nil, nil}, nil},
		{"R.Update", []string{"1", "item=@-", "note=@-"}, "x", nil, nil, []string{`4:44: R.Update: parameter note: standard input (@-) is read once, and "item=@-" reads it already`}},
		{"R.Update", []string{"1", "item:=nope", "note:=@bad.json", "mode=medium"}, "", nil, nil, []string{
			`4:36: R.Update: parameter item: the value is not valid JSON (invalid character 'o' in literal null (expecting 'u')); give a string with item=VALUE`,
			`4:44: R.Update: parameter note: the value is not valid JSON (unexpected end of JSON input); give a string with note=VALUE`,
			`4:53: R.Update: parameter mode: "medium" is not one of fast, slow`}},
		{"R.Update", []string{"1"}, "", nil, nil, []string{`4:36: R.Update: parameter item is required: give it as the second positional argument or as item=VALUE`}},
		{"R.Update", []string{"1", "item:=@missing.json"}, "", nil, nil, []string{`4:36: R.Update: parameter item: cannot read @missing.json: file does not exist`}},
		// An empty body string is a value.
		{"R.Update", []string{"1", "item="}, "", []string{"1"}, []any{"", nil, nil}, nil},
		// Options.
		{"R.List", nil, "", []string{"", "", "", ""}, nil, nil},
		{"R.List", []string{"view=mine", "key=b", "val=v", "q=a&b"}, "", []string{"mine", "a&b", "b", "v"}, nil, nil},
		{"R.List", []string{"view=Mine", "key=c"}, "", nil, nil, []string{
			`5:30: R.List: parameter view: "Mine" is not one of all, mine`,
			`5:57: R.List: parameter key: "c" is not one of a, b`}},
		{"R.List", []string{"mine"}, "", nil, nil, []string{`5:5: R.List: unexpected argument "mine": it takes no positional arguments; give parameters as name=value`}},
		{"R.Pick", []string{"z", "choice:=1"}, "", nil, nil, []string{
			`6:26: R.Pick: parameter kind: "z" is not one of x, y`,
			`6:42: R.Pick: parameter choice: "1" is not one of left, right`}},
		{"R.Pick", []string{"x", "choice=left"}, "", []string{"x"}, []any{"left"}, nil},
		{"R.Pick", []string{"x", `choice:="right"`}, "", []string{"x"}, []any{"right"}, nil},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %q", tt.method, tt.args)
		m, err := api.Find(tt.method)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c, diags := m.Bind(tt.args, Input{Stdin: strings.NewReader(tt.stdin), ReadFile: readFile})
		var errs []string
		for _, d := range diags {
			if d.Pos.File != "test.json" {
				t.Errorf("%s: file %q", name, d.Pos.File)
			}
			errs = append(errs, fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Msg))
		}
		if strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
			t.Errorf("%s: errors\n%s\nwant\n%s", name, strings.Join(errs, "\n"), strings.Join(tt.errs, "\n"))
		}
		if tt.errs != nil {
			if c != nil {
				t.Errorf("%s: a call despite errors", name)
			}
			continue
		}
		if c == nil {
			t.Errorf("%s: no call", name)
			continue
		}
		if !reflect.DeepEqual(c.Vals, tt.vals) && !(len(c.Vals) == 0 && len(tt.vals) == 0) {
			t.Errorf("%s: vals %q, want %q", name, c.Vals, tt.vals)
		}
		var body []any
		for _, v := range c.Body {
			if raw, ok := v.(json.RawMessage); ok {
				v = string(raw)
				if tt.body != nil && !isRawIn(tt.body, string(raw)) {
					t.Errorf("%s: %s sent as raw JSON", name, raw)
				}
			}
			body = append(body, v)
		}
		if !reflect.DeepEqual(body, tt.body) {
			t.Errorf("%s: body %#v, want %#v", name, body, tt.body)
		}
	}
}

func isRawIn(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestFind checks method lookup: Go path, written path, any case when
// unambiguous, and the errors.
func TestFind(t *testing.T) {
	m, _ := parser.Parse("f.json", []byte(`{"a_b": ["GET", "/1"], "aB": ["GET", "/2"], "T": {"list": ["GET", "/t"], "Sub": {"x": ["GET", "/x"]}}}`))
	api, _ := Load(m)
	tests := []struct{ name, want, err string }{
		{"T.List", "T.List", ""},
		{"T.list", "T.List", ""},
		{"t.LIST", "T.List", ""},
		{"T.Sub.X", "T.Sub.X", ""},
		{"a_b", "AB", ""},
		{"aB", "AB", ""},
		{"AB", "AB", ""},
		{"ab", "", `method "ab" is ambiguous when case is ignored: write one of AB, AB`},
		{"T.Nope", "", `the API has no method "T.Nope"; try T.List, T.Sub. (list them all with: apigen call f.json)`},
		{"Nope", "", `the API has no method "Nope"; try AB, T. (list them all with: apigen call f.json)`},
	}
	for _, tt := range tests {
		got, err := api.Find(tt.name)
		switch {
		case tt.err != "":
			if err == nil || err.Error() != tt.err {
				t.Errorf("Find(%q) error %v, want %q", tt.name, err, tt.err)
			}
		case err != nil || got.Path != tt.want:
			t.Errorf("Find(%q) = %v, %v; want %s", tt.name, got, err, tt.want)
		}
	}
}

// TestOptionsCheck checks the options that need no request, and that a
// value of --bearer-env or --basic-env that is not a variable name (most
// likely the secret itself) is not shown in the error.
func TestOptionsCheck(t *testing.T) {
	tests := []struct {
		o    Options
		want string
	}{
		{Options{BaseURL: "http://127.0.0.1:1/api"}, ""},
		{Options{}, "no base URL"},
		{Options{BaseURL: "http://u:pw@h"}, "the base URL has a user name or password"},
		{Options{BaseURL: "http://h?x=1"}, "must not have a query"},
		{Options{BaseURL: "http://h", Headers: []string{"X-A: 1", "bad", "A B: c", "Host: x", "X-E:"}}, "-H: a header has no ':' or no name; write it as 'Key: Value'\n-H: \"A B\" is not a valid header name\n-H Host: this header is set by the request itself (change --url for Host)\n-H \"X-E\": the header has no value"},
		{Options{BaseURL: "http://h", BearerEnv: "ey.secret-token"}, "--bearer-env: the value is not an environment variable name (letters, digits and '_', not starting with a digit), so it is not shown"},
		{Options{BaseURL: "http://h", BasicEnv: "user:pw"}, "--basic-env: the value is not an environment variable name"},
		{Options{BaseURL: "http://h", BearerEnv: "T", Headers: []string{"authorization: x"}}, "-H Authorization and --bearer-env or --basic-env both set"},
	}
	for _, tt := range tests {
		err := tt.o.Check()
		got := ""
		if err != nil {
			got = err.Error()
		}
		// A secret given where a variable name belongs is never shown.
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) || strings.Contains(got, "secret-token") || strings.Contains(got, "pw") {
			t.Errorf("%+v: %q, want %q", tt.o, got, tt.want)
		}
	}
}
