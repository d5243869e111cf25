package golang

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apigen-go/apigen/internal/safetext"
)

// Definition text is untrusted: whatever it says must stay text in the
// generated Go. This file holds the only way such text reaches a Go
// comment; Go string literals are always written with strconv.Quote.

// writeComment writes text as Go line comments at the given indentation:
// "// " and the line for each line of text, or "//" for an empty line, each
// ending in '\n'. It is the
// only way that text reaches a comment of generated Go code, and it keeps
// text from becoming anything else:
//
//   - Every line break (see safetext.LineBreak) ends a comment line, and the next
//     line starts with "//" again, so no text can stand on a line of code.
//     "*/" and "/*" are harmless inside a line comment.
//   - Other control and format characters and invalid UTF-8 are written as
//     visible escapes (see safetext.AppendEscape).
//   - Directives (//go:generate, //go:build, //line) need their text right
//     after the slashes; every line starts with "// ", which disarms them.
//     A build constraint "+build" counts after any spaces, so a line whose
//     text starts with it gets a backslash in front: "// \+build".
//   - Trailing spaces and tabs are dropped, and a pair of backticks or of
//     single quotes becomes a left or right double quotation mark, as gofmt
//     does in doc comments, so that the output stays gofmt-clean. (gofmt
//     leaves runs of three or more backticks alone, but not reliably, so
//     here every pair is converted.)
//
// Lines of plain ASCII text are copied as they are; writing them allocates
// nothing beyond the growth of b.
func writeComment(b *bytes.Buffer, indent, text string) {
	for {
		end, next := len(text), len(text)
		for i := 0; i < len(text); i++ {
			if safetext.Plain(text[i]) {
				continue
			}
			if n, ok := safetext.LineBreak(text[i:]); ok {
				end, next = i, i+n
				break
			}
		}
		writeCommentLine(b, indent, text[:end])
		if next == len(text) && end == len(text) {
			return
		}
		text = text[next:]
	}
}

// writeCommentLine writes one line of text (without line breaks) as a line
// comment.
func writeCommentLine(b *bytes.Buffer, indent, line string) {
	line = strings.TrimRight(line, " \t")
	b.WriteString(indent)
	if line == "" {
		b.WriteString("//\n")
		return
	}
	b.WriteString("// ")
	if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "+build") {
		i := strings.Index(line, "+build")
		b.WriteString(line[:i])
		b.WriteByte('\\')
		line = line[i:]
	}
	start := 0
	var esc [10]byte
	for i := 0; i < len(line); {
		c := line[i]
		if (c == '`' || c == '\'') && i+1 < len(line) && line[i+1] == c {
			b.WriteString(line[start:i])
			if c == '`' {
				b.WriteString("“")
			} else {
				b.WriteString("”")
			}
			i += 2
			start = i
			continue
		}
		if safetext.Plain(c) {
			i++
			continue
		}
		n, bad := safetext.Hidden(line[i:])
		if bad {
			b.WriteString(line[start:i])
			b.Write(safetext.AppendEscape(esc[:0], line[i:], n))
			start = i + n
		}
		i += n
	}
	b.WriteString(line[start:])
	b.WriteByte('\n')
}

// prose returns a description for a Go doc comment as plain paragraphs,
// so that it cannot become doc comment markup, which gofmt would rewrite
// (and not always the same way twice): see safetext.Paragraphs for the
// lines; a line that starts with '#' (a heading) or '[' (a link
// definition) gets a backslash in front, and a paragraph of one line that
// gofmt would take for an old-style heading where another paragraph
// follows it (a capitalized line ending in a letter or digit) gets a
// period at its end, wherever it stands.
func prose(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 8)
	lines, start := 0, 0 // lines of the current paragraph, and where it starts in b
	endParagraph := func() {
		if lines == 1 && oldHeading(b.String()[start:]) {
			b.WriteByte('.')
		}
	}
	safetext.Paragraphs(text, func(line string, first, newParagraph bool) {
		if !first {
			if newParagraph {
				endParagraph()
			}
			b.WriteByte('\n')
		}
		if newParagraph {
			b.WriteByte('\n')
		}
		if first || newParagraph {
			lines, start = 0, b.Len()
		}
		lines++
		if line[0] == '#' || line[0] == '[' {
			b.WriteByte('\\')
		}
		b.WriteString(line)
	})
	endParagraph()
	return b.String()
}

// oldHeading reports whether gofmt would read a line standing alone
// between paragraphs as a heading: it starts with an upper-case letter,
// ends with a letter or digit, and holds none of the characters that rule
// a heading out.
func oldHeading(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	last, _ := utf8.DecodeLastRuneInString(line)
	return unicode.IsUpper(r) && (unicode.IsLetter(last) || unicode.IsDigit(last)) &&
		!strings.ContainsAny(line, ";:!?+*/=[]{}_^°&§~%#@<\">\\")
}
