package markdown

import (
	"bytes"
	"strings"

	"github.com/apigen-go/apigen/internal/safetext"
)

// Markdown. Definition text reaches a generated page in four forms, each
// written by one function: paragraphs (mdText), text within a line (mdLine:
// headings, link texts, table cells), code spans (code) and fenced code
// blocks (fence). None of them lets the text start or end any Markdown
// construct: a heading, list, block quote, code block, fence, table, HTML
// tag or comment, link, image, autolink, emphasis or math.

// mdText returns text as Markdown paragraphs: each line of text (see
// paragraphs) is a line of a paragraph, escaped by writeMDLine, and blank
// lines separate paragraphs.
func mdText(text string) string {
	var b bytes.Buffer
	b.Grow(len(text) + 16)
	safetext.Paragraphs(text, func(line string, first, newParagraph bool) {
		if !first {
			b.WriteByte('\n')
		}
		if newParagraph {
			b.WriteByte('\n')
		}
		writeMDLine(&b, line)
	})
	return b.String()
}

// mdLine returns text as Markdown that stays within one line: line breaks
// become spaces, and the rest is escaped as in writeMDLine.
func mdLine(text string) string {
	if mdPlain(text) {
		return text
	}
	for i := 0; i < len(text); i++ {
		if n, ok := safetext.LineBreak(text[i:]); ok {
			text = text[:i] + " " + text[i+n:]
		}
	}
	var b bytes.Buffer
	b.Grow(len(text) + 8)
	writeMDLine(&b, strings.Trim(text, " \t"))
	return b.String()
}

// mdPlain reports whether writeMDLine would write text as it is, as it
// does for the Go names in headings and contents: letters, digits, '.' and
// spaces inside.
func mdPlain(text string) bool {
	if text == "" || text[0] == ' ' || text[len(text)-1] == ' ' {
		return text == ""
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ' ' || c == '.' && i > 0 && text[i-1] != 'w' && text[i-1] != 'W' && !('0' <= text[0] && text[0] <= '9')) {
			return false
		}
	}
	return true
}

// writeMDLine writes one line of text (no line breaks, no leading or
// trailing blanks) as Markdown that reads as that text:
//
//   - The characters that start inline constructs anywhere are escaped with
//     a backslash: \ ` * _ ~ [ ] < > & | $ @ (emphasis, code spans, links and
//     images, HTML and autolinks, entities such as &#x202e;, table cells,
//     math, e-mail autolinks). So is ':' before "//" and '.' after "www",
//     which GitHub would turn into links.
//   - At the start of the line, so are the characters that start block
//     constructs there: # + - = and the '.' or ')' after leading digits
//     (headings, lists, setext underlines, thematic breaks). The line has no
//     leading blanks, so it cannot be indented code, and > is always
//     escaped, so it cannot be a quote.
//   - Control and format characters are written as visible escapes (see
//     appendEscape); a backslash before a letter is literal in Markdown.
func writeMDLine(b *bytes.Buffer, line string) {
	digits := 0
	for digits < len(line) && '0' <= line[digits] && line[digits] <= '9' {
		digits++
	}
	var esc [10]byte
	for i := 0; i < len(line); {
		c := line[i]
		if !safetext.Plain(c) {
			n, bad := safetext.Hidden(line[i:])
			if bad {
				b.Write(safetext.AppendEscape(esc[:0], line[i:], n))
			} else {
				b.WriteString(line[i : i+n])
			}
			i += n
			continue
		}
		switch {
		case strings.IndexByte("\\`*_~[]<>&|$@", c) >= 0,
			i == 0 && strings.IndexByte("#+-=", c) >= 0,
			i == digits && digits > 0 && (c == '.' || c == ')'),
			c == ':' && strings.HasPrefix(line[i+1:], "//"),
			c == '.' && i >= 3 && strings.EqualFold(line[i-3:i], "www"):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		i++
	}
}

// code returns s as a Markdown code span, which shows text as it is: line
// breaks and control characters are escaped visibly (they would end the
// span's line, or a table row), the span is delimited by more backticks
// than any run of them in s, and padded with spaces where s starts or ends
// with a backtick or with spaces that the span would strip.
func code(s string) string {
	s = safetext.OneLine(s)
	run, longest := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	ticks := "`"
	if longest > 0 {
		ticks = strings.Repeat("`", longest+1)
	}
	if s == "" || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "" {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// writeFence writes content as a fenced code block in the language lang,
// followed by a blank line: the fence is longer than any run of backticks
// in content, so no line of it can close the block. A final newline is
// added to content when it lacks one.
func writeFence(b *bytes.Buffer, lang, content string) {
	run, longest := 0, 0
	for i := 0; i < len(content); i++ {
		if content[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	ticks := "```"
	if longest >= 3 {
		ticks = strings.Repeat("`", longest+1)
	}
	b.WriteString(ticks)
	b.WriteString(lang)
	b.WriteByte('\n')
	b.WriteString(content)
	if !strings.HasSuffix(content, "\n") {
		b.WriteByte('\n')
	}
	b.WriteString(ticks)
	b.WriteString("\n\n")
}
