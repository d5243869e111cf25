// Package safetext is how apigen writes untrusted text: definition text
// (descriptions, the base URL, endpoints, options, defaults, names) must
// stay text in every output, whatever it says. This package classifies the
// characters that could make text leave its place (line breaks, controls,
// the format characters of "Trojan Source" attacks, invalid UTF-8) and
// writes them as visible escapes. The Go comment writer (generator/golang)
// and the Markdown escapers (generator/markdown) are built on it.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// LineBreak reports whether s starts with a line break, and its length: a
// break that Go, an editor or Unicode honours. Go ends a line comment only
// at '\n', but editors and diff viewers also break at '\r', and Unicode
// defines VT, FF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as mandatory
// breaks: text after any of them would look like a line of code while the
// compiler still reads a comment. So each one ends a comment line. "\r\n"
// is one break.
func LineBreak(s string) (int, bool) {
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

// Hidden reports whether s starts with a character that must not be written
// as itself, and its length: a control character other than tab (NUL, ESC,
// DEL, C1 controls...), a format character (the bidirectional overrides and
// isolates of "Trojan Source" attacks, zero-width characters, the byte order
// mark...), or a byte that is not valid UTF-8. Line breaks are hidden too;
// callers that split lines test lineBreak first.
func Hidden(s string) (int, bool) {
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

// Plain reports whether the byte c is printable ASCII or a tab: text that
// every writer here copies as it is.
func Plain(c byte) bool { return ' ' <= c && c < 0x7f || c == '\t' }

// AppendEscape appends the visible escape of the character that s starts
// with, n bytes long, in Go's notation: \n, \r, \t..., \x1b for other ASCII
// controls and invalid bytes, \u202e or \U000e0001 for the rest.
func AppendEscape(dst []byte, s string, n int) []byte {
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

// OneLine returns s with every line break, control and format character
// written as a visible escape (see AppendEscape), for text that must stay on
// one line, such as an endpoint template or an option quoted in a comment.
// It returns s itself when there is nothing to escape.
func OneLine(s string) string {
	i := 0
	for i < len(s) {
		if Plain(s[i]) {
			i++
			continue
		}
		if n, bad := Hidden(s[i:]); !bad {
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
		n, bad := Hidden(s[i:])
		if bad {
			buf = AppendEscape(buf, s[i:], n)
		} else {
			buf = append(buf, s[i:i+n]...)
		}
		i += n
	}
	return string(buf)
}

// Paragraphs calls fn for each line of text that is not blank, without its
// leading and trailing spaces and tabs (so that no line is indented), and
// says whether it is the first, and whether blank lines came before it
// (but after the first). Every line break of lineBreak ends a line.
func Paragraphs(text string, fn func(line string, first, newParagraph bool)) {
	first, blank := true, false
	for text != "" {
		end, next := len(text), len(text)
		for i := 0; i < len(text); i++ {
			if Plain(text[i]) {
				continue
			}
			if n, ok := LineBreak(text[i:]); ok {
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
