package parser

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
)

// TestSyntaxErrors checks the position and message of errors in text that is
// not valid JSON with comments, and of files that are not what they should be.
func TestSyntaxErrors(t *testing.T) {
	deep := strings.Repeat(`{"A":`, 70) + "{}" + strings.Repeat("}", 70)
	tests := []struct {
		name, src string
		want      string // "line:col: message substring"
	}{
		{"a.json", ``, "1:1: the file is empty"},
		{"a.json", `  // just a comment`, "1:1: the file is empty"},
		{"a.json", `[]`, "1:1: a definition is a JSON object, not an array"},
		{"a.json", `{"a": "b"`, "1:10: unexpected end of file: expected ',' or '}' to close the object opened at 1:1"},
		{"a.json", "{\n  \"a\": \"b\"\n  \"c\": \"d\"\n}", "3:3: expected ',' or '}': add the missing ',' before this key"},
		{"a.json", `{"a": 'b'}`, "1:7: strings and keys must be in double quotes"},
		{"a.json", `{a: "b"}`, "1:2: unexpected 'a': expected a key in double quotes"},
		{"a.json", `{"a": "b" /* open`, "1:11: block comment is not closed: add */"},
		{"a.json", `{"a": "b} `, "1:7: string is not closed"},
		{"a.json", "{\"a\": \"b\tc\"}", "1:9: control character in a string"},
		{"a.json", `{"a": "\x"}`, `1:8: invalid escape \x`},
		{"a.json", "{\"a\": \"\\\n\"}", `1:8: invalid escape \ followed by '\n'`},
		{"a.json", "{\"a\": \"\\\u0085\"}", `1:8: invalid escape \ followed by '\u0085'`},
		{"a.json", `{"a": "\u12"}`, `1:8: invalid \u escape`},
		{"a.json", `{"a": "\ud800"}`, `1:8: \u escape of a lone surrogate`},
		{"a.json", `{"a": 01}`, "1:8: unexpected '1': expected ',' or '}'"},
		{"a.json", `{"a": -}`, "1:8: unexpected '}': expected a digit"},
		{"a.json", `{"a": 1.}`, "1:9: unexpected '}': expected a digit after '.'"},
		{"a.json", `{"a": tru}`, "1:7: unexpected 't': expected a value"},
		{"a.json", `{"a": [1,,]}`, "1:10: unexpected ','"},
		{"a.json", `{"a": [,]}`, "1:8: unexpected ',': a value is missing before it"},
		{"a.json", `{,}`, "1:2: unexpected ',': a value is missing before it"},
		{"a.json", `{"a": "x\",", "b": [,]}`, "1:21: unexpected ',': a value is missing before it"},
		{"a.json", "{\"a\": [ // x,\n ,]}", "2:2: unexpected ',': a value is missing before it"},
		{"a.json", `{} {}`, "1:4: unexpected text after the end of the definition"},
		{"a.json", "{\"a\": \"\xff\"}", "1:8: invalid UTF-8 (byte 0xff): save the file as UTF-8"},
		{"a.json", deep, "1:321: nested more than 64 deep"},
		{"a.txt", `{}`, "1:1: a definition file is named <api_name>.json"},
		{".json", `{}`, "1:1: a definition file is named <api_name>.json"},
	}
	for _, tt := range tests {
		_, list := Parse(tt.name, []byte(tt.src))
		if len(list) != 1 {
			t.Errorf("%q: got %d diagnostics, want 1:\n%v", tt.src, len(list), list)
			continue
		}
		d := list[0]
		got := fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Msg)
		pos, msg, _ := strings.Cut(tt.want, ": ")
		if !strings.HasPrefix(got, pos+": ") || !strings.Contains(d.Msg, msg) || d.Severity != diag.Error {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestBOMAndCommentsKeepPositions(t *testing.T) {
	src := "\xef\xbb\xbf/* c */ {\"_url\": \"https://x\", \"v\": 1 /* after */}"
	_, list := Parse("a.json", []byte(src))
	if len(list) != 1 || list[0].Pos.Line != 1 || list[0].Pos.Col != 39 {
		t.Fatalf("got %v, want one error at 1:39", list)
	}
}

func TestParseFileErrors(t *testing.T) {
	_, list := ParseFile(filepath.Join(t.TempDir(), "missing.json"))
	if len(list) != 1 || !strings.Contains(list[0].Msg, "cannot read the definition: no such file or directory") {
		t.Fatalf("got %v", list)
	}
	big := make([]byte, MaxFileSize+1)
	_, list = Parse("big.json", big)
	if len(list) != 1 || !strings.Contains(list[0].Msg, "definitions are limited to 32 MiB") {
		t.Fatalf("got %v", list)
	}
}
