package generator

import (
	"bytes"
	"strings"
	"testing"
)

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
	} {
		if got := prose(tt.in); got != tt.want {
			t.Errorf("prose(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestOneLineEscapesBreaks protects text quoted within one comment line
// (templates, options): it cannot start a new line.
func TestOneLineEscapesBreaks(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/tickets/{id}", "/tickets/{id}"},
		{"a\nb\rc\u2028d", `a\nb\rc\u2028d`},
		{"ü\u202e", `ü\u202e`},
	} {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
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
		writeComment(&b, text)
	})
	if allocs != 0 {
		t.Errorf("writeComment allocates %.0f times for %d lines of ASCII text, want 0", allocs, strings.Count(text, "\n"))
	}
	for _, tt := range []struct{ in, want string }{{"", "//"}, {"a ", "// a"}, {"a``b", "// a“b"}, {"  +build x", "//   \\+build x"}, {"a\tb", "// a\tb"}, {"ü", "// ü"}, {"plain text.", "// plain text."}} {
		if got := comment(tt.in); got != tt.want {
			t.Errorf("comment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if oneLine(text[:40]) != text[:40] {
		t.Error("oneLine changed plain text")
	}
	if a := testing.AllocsPerRun(10, func() { oneLine("/tickets/{ticket_id}/notes.json") }); a != 0 {
		t.Errorf("oneLine allocates %.0f times for plain text, want 0", a)
	}
}

// TestMarkdownEscapingKeepsTextText protects generated docs from definition
// text that would start Markdown constructs: each case is the exact
// Markdown written for a text.
func TestMarkdownEscapingKeepsTextText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"A help desk: tickets, notes (and more).", "A help desk: tickets, notes (and more)."},
		{"# Heading", `\# Heading`},
		{"- item\n+ item\n* item\n1. item\n2) item\n10. x", "\\- item\n\\+ item\n\\* item\n1\\. item\n2\\) item\n10\\. x"},
		{"> quote", `\> quote`},
		{"    indented code", "indented code"},
		{"```go\ncode\n```", "\\`\\`\\`go\ncode\n\\`\\`\\`"},
		{"~~~\nx", "\\~\\~\\~\nx"},
		{"Title\n===", "Title\n\\==="},
		{"Title\n---", "Title\n\\---"},
		{"a | b\n--|--", "a \\| b\n\\--\\|--"},
		{"<!-- x --> <script>alert(1)</script>", `\<!-- x --\> \<script\>alert(1)\</script\>`},
		{"[click](https://evil.example) ![img](x)", `\[click\](https\://evil.example) !\[img\](x)`},
		{"[x]: https://evil.example", `\[x\]: https\://evil.example`},
		{"*em* _em_ **strong** ~~del~~ `code`", "\\*em\\* \\_em\\_ \\*\\*strong\\*\\* \\~\\~del\\~\\~ \\`code\\`"},
		{"&#x202e; &amp;", `\&#x202e; \&amp;`},
		{"www.evil.example and a@b.example", `www\.evil.example and a\@b.example`},
		{"$x^2$", `\$x^2\$`},
		{"back\\slash at end\\", `back\\slash at end\\`},
		{"hard break  \nnext", "hard break\nnext"},
		{"p1\n\n\n\np2", "p1\n\np2"},
		{"a\rb\u2028c", "a\nb\nc"},
		{"bidi\u202e x\x00", `bidi\u202e x\x00`},
	} {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if got, want := mdLine("# a\nb\u2028- c"), `\# a b - c`; got != want {
		t.Errorf("mdLine = %q, want %q", got, want)
	}
}

// TestCodeSpanAndFenceCannotBeClosedByText protects code spans and fences
// from text with backticks and line breaks.
func TestCodeSpanAndFenceCannotBeClosedByText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"GET /x", "`GET /x`"},
		{"a`b", "``a`b``"},
		{"a``b`", "``` a``b` ```"},
		{"`", "`` ` ``"},
		{" a ", "`  a  `"},
		{" a", "` a`"},
		{"  ", "`  `"},
		{"a\nb", "`a\\nb`"},
		{"", "`  `"},
	} {
		if got := code(tt.in); got != tt.want {
			t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ lang, in, want string }{
		{"sh", "a ``` b\n```\n", "````sh\na ``` b\n```\n````\n\n"},
		{"go", "x\n", "```go\nx\n```\n\n"},
		{"sh", "x", "```sh\nx\n```\n\n"},
		{"sh", "``````", "```````sh\n``````\n```````\n\n"},
	} {
		var b bytes.Buffer
		writeFence(&b, tt.lang, tt.in)
		if b.String() != tt.want {
			t.Errorf("writeFence(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

// TestPlainMarkdownNeedsNoEscaping protects mdLine's fast path: text that
// mdPlain lets through as it is must be text that writeMDLine would not
// change.
func TestPlainMarkdownNeedsNoEscaping(t *testing.T) {
	inputs := append([]string{"Ticket.Note.Get", "Top-level methods", "helpdesk API", "www.Get", "Www.X", "1.Get", "a b", " a", "a ", "X票据", ".a", "Get2.List"}, hostileTexts...)
	for _, s := range inputs {
		var b bytes.Buffer
		writeMDLine(&b, s)
		if mdPlain(s) && b.String() != s {
			t.Errorf("mdPlain(%q), but writeMDLine writes %q", s, b.String())
		}
	}
	if !mdPlain("Ticket.Note.Get") || !mdPlain("helpdesk API") {
		t.Error("the fast path misses Go names")
	}
}

// TestPlainCommentNeedsNoEscaping protects comment's fast path: text that
// commentPlain lets through must be text that writeComment writes as
// "// " and the text.
func TestPlainCommentNeedsNoEscaping(t *testing.T) {
	inputs := append([]string{"TicketResource holds the methods of the Ticket resource.", "a`b'c", "a ``b", " +build", "+buil", "x +build"}, hostileTexts...)
	for _, s := range inputs {
		var b bytes.Buffer
		writeComment(&b, s)
		if commentPlain(s) && b.String() != "// "+s+"\n" {
			t.Errorf("commentPlain(%q), but writeComment writes %q", s, b.String())
		}
	}
}
