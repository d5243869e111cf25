package golang

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/safetext"
)

// comment returns text as Go line comments (see writeComment), without the
// final newline.
func comment(text string) string {
	var b bytes.Buffer
	writeComment(&b, "", text)
	return strings.TrimSuffix(b.String(), "\n")
}

// TestCommentKeepsDefinitionTextInComments protects generated Go code from
// text that would end a comment or act as a directive: each case is the
// exact comment written for a text.
func TestCommentKeepsDefinitionTextInComments(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain text", "// plain text"},
		{"", "//"},
		{"a\n\nb", "// a\n//\n// b"},
		// The injection of issue 9: jennifer wrote text starting with // or
		// /* verbatim, and a multi-line text as a /* */ block.
		{"x\n/**/ func init() { panic(\"injected\") }\n//go:generate echo PWNED",
			"// x\n// /**/ func init() { panic(\"injected\") }\n// //go:generate echo PWNED"},
		{"/*", "// /*"},
		{"*/ func init() {}", "// */ func init() {}"},
		{"//go:build ignore", "// //go:build ignore"},
		{"//line x.go:1", "// //line x.go:1"},
		{"+build ignore", "// \\+build ignore"},
		{"  +build ignore", "//   \\+build ignore"},
		{"\u00a0+build ignore", "// \u00a0\\+build ignore"},
		{"a +build b", "// a +build b"},
		// Every line break that an editor shows ends the comment line.
		{"a\rfunc init() {}", "// a\n// func init() {}"},
		{"a\r\nb", "// a\n// b"},
		{"a\u2028func init() {}\u2029b", "// a\n// func init() {}\n// b"},
		{"a\u0085b\vc\fd", "// a\n// b\n// c\n// d"},
		// Control and format characters are visible escapes.
		{"admin\u202e\u2066 // user\u2069\u2066", `// admin\u202e\u2066 // user\u2069\u2066`},
		{"nul\x00esc\x1b[31mdel\x7f", `// nul\x00esc\x1b[31mdel\x7f`},
		{"zero\u200bwidth\ufeff", `// zero\u200bwidth\ufeff`},
		{"c1\u009bx", `// c1\u009bx`},
		{"tag\U000e0041", `// tag\U000e0041`},
		{"bad\xffutf8", `// bad\xffutf8`},
		{"tab\tkept", "// tab\tkept"},
		{"trailing  \t\nspace ", "// trailing\n// space"},
		{"Grüße, 票据", "// Grüße, 票据"},
		// As gofmt writes doc comments, so that output stays gofmt-clean.
		{"``A'' and `b` and ```c``` and '''", "// “A” and `b` and “`c“` and ”'"},
		{"`````", "// ““`"},
		{"``", "// “"},
	} {
		if got := comment(tt.in); got != tt.want {
			t.Errorf("comment(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestProseCannotBecomeDocCommentMarkup protects doc comments from
// descriptions that gofmt would read as code blocks, lists, headings or
// link definitions, and rewrite, not always the same way twice.
func TestProseCannotBecomeDocCommentMarkup(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Tickets.", "Tickets."},
		{"  a\n\tb  \n\n\n c", "a\nb\n\nc"},
		{"A\n\"\n 0 \x04 0 ! 0\nA0000", "A\n\"\n0 \x04 0 ! 0\nA0000"},
		{"# Heading\n\n[x]: https://evil.example\n  - item", "\\# Heading\n\n\\[x]: https://evil.example\n- item"},
		{"a\r    code\u2028  b", "a\ncode\nb"},
		{"\n\n", ""},
		// An old-style heading: a capitalized line alone, ending in a
		// letter or digit. gofmt would write it as "# Grüße".
		{"Grüße\n\nMore text", "Grüße.\n\nMore text."},
		{"A heading 2\n\nx", "A heading 2.\n\nx"},
		{"Not: a heading\n\nx", "Not: a heading\n\nx"},
		{"Two\nlines\n\nx", "Two\nlines\n\nx"},
	} {
		if got := prose(tt.in); got != tt.want {
			t.Errorf("prose(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriteCommentAllocatesNothingForASCIIText protects generation speed:
// the comment writer runs for every doc comment of a large client.
func TestWriteCommentAllocatesNothingForASCIIText(t *testing.T) {
	text := strings.Repeat("List calls GET /tickets.json?view={view}.\n\n  - view: optional query parameter (params.View); one of a, b\n", 20)
	var b bytes.Buffer
	b.Grow(4 * len(text))
	allocs := testing.AllocsPerRun(10, func() {
		b.Reset()
		writeComment(&b, "", text)
	})
	if allocs != 0 {
		t.Errorf("writeComment allocates %.0f times for %d lines of ASCII text, want 0", allocs, strings.Count(text, "\n"))
	}
	for _, tt := range []struct{ in, want string }{{"", "//"}, {"a ", "// a"}, {"a``b", "// a“b"}, {"  +build x", "//   \\+build x"}, {"a\tb", "// a\tb"}, {"ü", "// ü"}, {"plain text.", "// plain text."}} {
		if got := comment(tt.in); got != tt.want {
			t.Errorf("comment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if safetext.OneLine(text[:40]) != text[:40] {
		t.Error("oneLine changed plain text")
	}
	if a := testing.AllocsPerRun(10, func() { safetext.OneLine("/tickets/{ticket_id}/notes.json") }); a != 0 {
		t.Errorf("oneLine allocates %.0f times for plain text, want 0", a)
	}
}
