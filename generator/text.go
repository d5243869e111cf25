package generator

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Definition text (descriptions, the base URL, endpoints, options,
// defaults, names) is untrusted: whatever it says must stay text in the
// generated Go and Markdown. This file holds the only ways such text reaches
// a Go comment; Go string literals are always written with strconv.Quote,
// and markdown.go holds the Markdown counterparts.

// lineBreak reports whether s starts with a line break, and its length: a
// break that Go, an editor or Unicode honours. Go ends a line comment only
// at '\n', but editors and diff viewers also break at '\r', and Unicode
// defines VT, FF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as mandatory
// breaks: text after any of them would look like a line of code while the
// compiler still reads a comment. So each one ends a comment line. "\r\n"
// is one break.
func lineBreak(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	switch c := s[0]; {
	case c == '\r':
		if len(s) > 1 && s[1] == '\n' {
			return 2, true
		}
		return 1, true
	case c == '\n' || c == '\v' || c == '\f':
		return 1, true
	case c == 0xc2:
		return 2, strings.HasPrefix(s, "\u0085")
	case c == 0xe2:
		return 3, strings.HasPrefix(s, "\u2028") || strings.HasPrefix(s, "\u2029")
	}
	return 0, false
}

// hidden reports whether s starts with a character that must not be written
// as itself, and its length: a control character other than tab (NUL, ESC,
// DEL, C1 controls...), a format character (the bidirectional overrides and
// isolates of "Trojan Source" attacks, zero-width characters, the byte order
// mark...), or a byte that is not valid UTF-8. Line breaks are hidden too;
// callers that split lines test lineBreak first.
func hidden(s string) (int, bool) {
	c := s[0]
	if c < utf8.RuneSelf {
		return 1, c < ' ' && c != '\t' || c == 0x7f
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return 1, true
	}
	return n, unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// plain reports whether the byte c is printable ASCII or a tab: text that
// every writer here copies as it is.
func plain(c byte) bool { return ' ' <= c && c < 0x7f || c == '\t' }

// appendEscape appends the visible escape of the character that s starts
// with, n bytes long, in Go's notation: \n, \r, \t..., \x1b for other ASCII
// controls and invalid bytes, \u202e or \U000e0001 for the rest.
func appendEscape(dst []byte, s string, n int) []byte {
	const hex = "0123456789abcdef"
	c := s[0]
	if c < utf8.RuneSelf || n == 1 {
		switch c {
		case '\a':
			return append(dst, `\a`...)
		case '\b':
			return append(dst, `\b`...)
		case '\f':
			return append(dst, `\f`...)
		case '\n':
			return append(dst, `\n`...)
		case '\r':
			return append(dst, `\r`...)
		case '\t':
			return append(dst, `\t`...)
		case '\v':
			return append(dst, `\v`...)
		}
		return append(dst, '\\', 'x', hex[c>>4], hex[c&0xf])
	}
	r, _ := utf8.DecodeRuneInString(s[:n])
	if r <= 0xffff {
		return append(dst, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
	}
	dst = append(dst, '\\', 'U')
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, hex[r>>uint(shift)&0xf])
	}
	return dst
}

// oneLine returns s with every line break, control and format character
// written as a visible escape (see appendEscape), for text that must stay on
// one line, such as an endpoint template or an option quoted in a comment.
// It returns s itself when there is nothing to escape.
func oneLine(s string) string {
	i := 0
	for i < len(s) {
		if plain(s[i]) {
			i++
			continue
		}
		if n, bad := hidden(s[i:]); !bad {
			i += n
			continue
		}
		break
	}
	if i == len(s) {
		return s
	}
	buf := make([]byte, 0, len(s)+16)
	buf = append(buf, s[:i]...)
	for i < len(s) {
		n, bad := hidden(s[i:])
		if bad {
			buf = appendEscape(buf, s[i:], n)
		} else {
			buf = append(buf, s[i:i+n]...)
		}
		i += n
	}
	return string(buf)
}

// writeComment writes text as Go line comments: "// " and the line for each
// line of text, or "//" for an empty line, each ending in '\n'. It is the
// only way that text reaches a comment of generated Go code, and it keeps
// text from becoming anything else:
//
//   - Every line break (see lineBreak) ends a comment line, and the next
//     line starts with "//" again, so no text can stand on a line of code.
//     "*/" and "/*" are harmless inside a line comment.
//   - Other control and format characters and invalid UTF-8 are written as
//     visible escapes (see appendEscape).
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
func writeComment(b *bytes.Buffer, text string) {
	for {
		end, next := len(text), len(text)
		for i := 0; i < len(text); i++ {
			if plain(text[i]) {
				continue
			}
			if n, ok := lineBreak(text[i:]); ok {
				end, next = i, i+n
				break
			}
		}
		writeCommentLine(b, text[:end])
		if next == len(text) && end == len(text) {
			return
		}
		text = text[next:]
	}
}

// writeCommentLine writes one line of text (without line breaks) as a line
// comment.
func writeCommentLine(b *bytes.Buffer, line string) {
	line = strings.TrimRight(line, " \t")
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
		if plain(c) {
			i++
			continue
		}
		n, bad := hidden(line[i:])
		if bad {
			b.WriteString(line[start:i])
			b.Write(appendEscape(esc[:0], line[i:], n))
			start = i + n
		}
		i += n
	}
	b.WriteString(line[start:])
	b.WriteByte('\n')
}

// prose returns a description for a Go doc comment as plain paragraphs,
// so that it cannot become doc comment markup, which gofmt would also
// rewrite (and not always the same way twice): see paragraphs for the
// lines, and a line that starts with '#' (a heading) or '[' (a link
// definition) gets a backslash in front.
func prose(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 8)
	paragraphs(text, func(line string, first, newParagraph bool) {
		if !first {
			b.WriteByte('\n')
		}
		if newParagraph {
			b.WriteByte('\n')
		}
		if line[0] == '#' || line[0] == '[' {
			b.WriteByte('\\')
		}
		b.WriteString(line)
	})
	return b.String()
}

// paragraphs calls fn for each line of text that is not blank, without its
// leading and trailing spaces and tabs (so that no line is indented), and
// says whether it is the first, and whether blank lines came before it
// (but after the first). Every line break of lineBreak ends a line.
func paragraphs(text string, fn func(line string, first, newParagraph bool)) {
	first, blank := true, false
	for text != "" {
		end, next := len(text), len(text)
		for i := 0; i < len(text); i++ {
			if plain(text[i]) {
				continue
			}
			if n, ok := lineBreak(text[i:]); ok {
				end, next = i, i+n
				break
			}
		}
		line := strings.Trim(text[:end], " \t")
		text = text[next:]
		if line == "" {
			blank = !first
			continue
		}
		fn(line, first, blank)
		first, blank = false, false
	}
}

// commentPlain reports whether writeComment writes text as "// " and the
// text: one line of printable ASCII without trailing blanks, without a pair
// of backticks or single quotes, and not starting with "+build" after
// blanks.
func commentPlain(text string) bool {
	if text == "" || text[len(text)-1] == ' ' || text[len(text)-1] == '\t' ||
		strings.HasPrefix(strings.TrimLeft(text, " \t"), "+build") {
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < ' ' || c >= 0x7f || (c == '`' || c == '\'') && i+1 < len(text) && text[i+1] == c {
			return false
		}
	}
	return true
}

// comment returns text as Go line comments (see writeComment) without the
// final newline, in the form jennifer writes as it is: a comment that
// starts with "//".
func comment(text string) string {
	if commentPlain(text) {
		return "// " + text
	}
	var b bytes.Buffer
	b.Grow(len(text) + 16)
	writeComment(&b, text)
	return strings.TrimSuffix(b.String(), "\n")
}

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
	paragraphs(text, func(line string, first, newParagraph bool) {
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
		if n, ok := lineBreak(text[i:]); ok {
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
		if !plain(c) {
			n, bad := hidden(line[i:])
			if bad {
				b.Write(appendEscape(esc[:0], line[i:], n))
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
	s = oneLine(s)
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
