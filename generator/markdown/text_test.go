package markdown

import (
	"bytes"
	"testing"

	"github.com/apigen-go/apigen/internal/deftest"
)

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
	inputs := append([]string{"Ticket.Note.Get", "Top-level methods", "helpdesk API", "www.Get", "Www.X", "1.Get", "a b", " a", "a ", "X票据", ".a", "Get2.List"}, deftest.HostileTexts...)
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
