package diag

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestListSortAndFormat(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "b.json", Offset: 1, Line: 1, Col: 2}, Syntax, "w %d", 1)
	l.Errorf(Pos{File: "a.json", Offset: 9, Line: 2, Col: 3}, Syntax, "late")
	l.Errorf(Pos{File: "a.json", Offset: 4, Line: 1, Col: 5}, Syntax, "early")
	l.Errorf(Pos{File: "a.json", Offset: 4, Line: 1, Col: 5}, Syntax, "early")
	l.Warnf(Pos{File: "a.json", Offset: 4, Line: 1, Col: 5}, Syntax, "same place")
	l.Sort()
	want := "a.json:1:5: error: early\n" +
		"a.json:1:5: warning: same place\n" +
		"a.json:2:3: error: late\n" +
		"b.json:1:2: warning: w 1"
	if got := l.Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if e, w := l.Count(); e != 2 || w != 2 || !l.HasErrors() {
		t.Errorf("Count = %d, %d", e, w)
	}
	var errs List
	if err := l.Err(); !errors.As(err, &errs) || len(errs) != 2 {
		t.Errorf("Err() = %v", err)
	}
	if (List{{Severity: Warning}}).Err() != nil {
		t.Error("warnings make an error")
	}
}

// TestFileLevelPositionsAreOneBased checks that a problem of a whole file is
// reported at 1:1, in text and in the Pos that the JSON report copies: tools
// read positions as 1-based.
func TestFileLevelPositionsAreOneBased(t *testing.T) {
	if got := (Pos{File: "f.json"}).String(); got != "f.json:1:1" {
		t.Errorf("position without a line = %q, want f.json:1:1", got)
	}
	if got := FilePos("f.json"); got != (Pos{File: "f.json", Line: 1, Col: 1}) {
		t.Errorf("FilePos = %+v", got)
	}
	var l List
	l.Errorf(Pos{File: "a.json"}, Syntax, "unreadable")
	l.Warnf(Pos{File: "b.json", Line: 3}, Syntax, "no column")
	want := []Pos{{File: "a.json", Line: 1, Col: 1}, {File: "b.json", Line: 3, Col: 1}}
	for i, d := range l {
		if d.Pos != want[i] {
			t.Errorf("diagnostic %d at %+v, want %+v", i, d.Pos, want[i])
		}
	}
}

// TestClipAndQuote also protects terminals: text of the definition that a
// message shows, quoted or not, has its controls, line breaks and format
// characters escaped.
func TestClipAndQuote(t *testing.T) {
	long := strings.Repeat("a", MaxQuoted-1) + "é" + "tail" // é straddles the cut
	tests := []struct{ in, clip, quote string }{
		{"short", "short", `"short"`},
		{"new\nline", `new\nline`, `"new\nline"`},
		{"\x1b[2J\u202e", `\x1b[2J\u202e`, `"\x1b[2J\u202e"`},
		{strings.Repeat("x", MaxQuoted-1) + "\x1b]0;t\a", strings.Repeat("x", MaxQuoted-1) + `\x1b...`, `"` + strings.Repeat("x", MaxQuoted-1) + `\x1b"...`},
		{strings.Repeat("x", MaxQuoted), strings.Repeat("x", MaxQuoted), `"` + strings.Repeat("x", MaxQuoted) + `"`},
		{long, strings.Repeat("a", MaxQuoted-1) + "...", `"` + strings.Repeat("a", MaxQuoted-1) + `"...`},
	}
	for _, tt := range tests {
		if got := Clip(tt.in); got != tt.clip {
			t.Errorf("Clip(%q) = %q, want %q", tt.in, got, tt.clip)
		}
		if got := Quote(tt.in); got != tt.quote {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.quote)
		}
	}
}

func TestLines(t *testing.T) {
	src := []byte("ab\n\ncd\n")
	l := NewLines("f.json", src)
	for _, tt := range []struct {
		off       int
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 3, 1}, {6, 3, 3}, {7, 4, 1}, {99, 4, 1}, {-1, 1, 1}} {
		p := l.Pos(tt.off)
		if p.Line != tt.line || p.Col != tt.col || p.File != "f.json" {
			t.Errorf("Pos(%d) = %v, want %d:%d", tt.off, p, tt.line, tt.col)
		}
	}
	if got := l.Pos(4).LineCol(); got != "3:1" {
		t.Errorf("LineCol = %q", got)
	}
}

// TestWriteJSON checks the JSON report's form: 1-based positions, code,
// end and related positions, and none of them when absent.
func TestWriteJSON(t *testing.T) {
	var l List
	l.Add(Diagnostic{Pos: Pos{File: "a.json", Offset: 9, Line: 2, Col: 3}, End: Pos{File: "a.json", Offset: 12, Line: 2, Col: 6},
		Severity: Error, Code: DuplicateKey, Msg: "twice", Related: []Pos{{File: "a.json", Offset: 1, Line: 1, Col: 2}}})
	l.Warnf(Pos{File: "b.json"}, File, "whole file")
	var b strings.Builder
	if err := WriteJSON(&b, l); err != nil {
		t.Fatal(err)
	}
	want := `{
  "diagnostics": [
    {
      "file": "a.json",
      "line": 2,
      "col": 3,
      "offset": 9,
      "end": {
        "line": 2,
        "col": 6,
        "offset": 12
      },
      "severity": "error",
      "code": "duplicate-key",
      "message": "twice",
      "related": [
        {
          "file": "a.json",
          "line": 1,
          "col": 2,
          "offset": 1
        }
      ]
    },
    {
      "file": "b.json",
      "line": 1,
      "col": 1,
      "offset": 0,
      "severity": "warning",
      "code": "file",
      "message": "whole file"
    }
  ],
  "errors": 1,
  "warnings": 1
}
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestCodesAreDocumented protects the promise of Code's comment: every code
// is listed, as `code` in a table row, in docs/definition-format.md, where
// editor and CI authors look for them.
func TestCodesAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/definition-format.md")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "diag.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				code, _ := strconv.Unquote(v.(*ast.BasicLit).Value)
				n++
				if !strings.Contains(string(doc), "\n| `"+code+"` |") {
					t.Errorf("code %q is not in the table of codes of docs/definition-format.md", code)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("found %d codes in diag.go", n)
	}
}
