package parser

import (
	"github.com/apigen-go/apigen/diag"
	"strconv"
	"unicode/utf8"
)

// This file is a small JSON reader that keeps what encoding/json drops: the
// order of object members, duplicate keys, and the byte offset of every key
// and value. It reads the output of jsonc.ToJSON, which has the same length
// and line breaks as the original text, so offsets point into the file as
// the user wrote it.

type kind uint8

const (
	kObject kind = iota
	kArray
	kString
	kNumber
	kBool
	kNull
)

func (k kind) String() string {
	return [...]string{"an object", "an array", "a string", "a number", "a boolean", "null"}[k]
}

// node is a JSON value.
type node struct {
	kind    kind
	esc     bool     // a string with escapes (see strOffset)
	off     int      // offset of its first byte (a string's opening quote)
	end     int      // offset just after its last byte
	str     string   // a string's value
	members []member // an object's members, in order
	elems   []*node  // an array's elements
}

type member struct {
	key *node // a string node
	val *node
}

// syntaxError is the first syntax error of a file, at a byte offset.
type syntaxError struct {
	off int
	msg string
}

// maxDepth bounds the nesting of objects and arrays.
const maxDepth = 64

type reader struct {
	src   []byte
	text  string // src as a string, converted once: strings without escapes are slices of it
	pos   int
	depth int
	free  []node // the rest of the current block of nodes
	err   *syntaxError
}

// node returns a new node. Nodes are allocated in blocks: a definition has
// tens of thousands of them, and they all live as long as the parse.
func (r *reader) node(k kind, off int) *node {
	if len(r.free) == 0 {
		r.free = make([]node, 256)
	}
	n := &r.free[0]
	r.free = r.free[1:]
	n.kind, n.off = k, off
	return n
}

func (r *reader) fail(off int, msg string) {
	if r.err == nil {
		r.err = &syntaxError{off, msg}
	}
}

// readJSON parses one JSON value that must be the whole text.
func readJSON(src []byte) (*node, *syntaxError) {
	r := &reader{src: src, text: string(src)}
	r.space()
	if r.pos == len(src) {
		return nil, &syntaxError{0, "the file is empty: a definition is a JSON object, such as {\"_url\": \"https://api.example.com\"}"}
	}
	v := r.value()
	if r.err == nil {
		r.space()
		if r.pos < len(src) {
			r.fail(r.pos, "unexpected text after the end of the definition: remove it, or move it inside the top-level object")
		}
	}
	return v, r.err
}

func (r *reader) space() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *reader) value() *node {
	n := r.valueAt()
	if n != nil {
		n.end = r.pos
	}
	return n
}

// valueAt reads the value at r.pos; value sets its end.
func (r *reader) valueAt() *node {
	if r.pos >= len(r.src) {
		r.fail(r.pos, "unexpected end of file: a value is missing")
		return nil
	}
	switch c := r.src[r.pos]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		return r.string()
	case c == '-' || '0' <= c && c <= '9':
		return r.number()
	case c == 't':
		return r.literal("true", kBool)
	case c == 'f':
		return r.literal("false", kBool)
	case c == 'n':
		return r.literal("null", kNull)
	default:
		r.unexpected("a value")
		return nil
	}
}

// unexpected reports the byte at r.pos where want was expected.
func (r *reader) unexpected(want string) {
	if r.pos >= len(r.src) {
		r.fail(r.pos, "unexpected end of file: expected "+want)
		return
	}
	c := r.src[r.pos]
	switch {
	case c == '/' && r.pos+1 < len(r.src) && r.src[r.pos+1] == '*':
		r.fail(r.pos, "block comment is not closed: add */")
	case c == '\'':
		r.fail(r.pos, "strings and keys must be in double quotes, not single quotes")
	case c == '}' || c == ']':
		r.fail(r.pos, "unexpected '"+string(c)+"': expected "+want)
	default:
		ch, _ := utf8.DecodeRune(r.src[r.pos:])
		r.fail(r.pos, "unexpected "+strconv.QuoteRune(ch)+": expected "+want)
	}
}

func (r *reader) enter() bool {
	r.depth++
	if r.depth > maxDepth {
		r.fail(r.pos, "objects and arrays are nested more than "+strconv.Itoa(maxDepth)+" deep: flatten the definition")
		return false
	}
	return true
}

// object reads an object: '{' [ string ':' value { ',' string ':' value } ] '}'.
func (r *reader) object() *node {
	n := r.node(kObject, r.pos)
	if !r.enter() {
		return nil
	}
	defer func() { r.depth-- }()
	r.pos++
	r.space()
	if r.pos < len(r.src) && r.src[r.pos] == '}' {
		r.pos++
		return n
	}
	for r.err == nil {
		if r.pos >= len(r.src) || r.src[r.pos] != '"' {
			r.unexpected("a key in double quotes")
			return nil
		}
		k := r.string()
		if k != nil {
			k.end = r.pos
		}
		r.space()
		if r.pos >= len(r.src) || r.src[r.pos] != ':' {
			r.unexpected("':' after the key")
			return nil
		}
		r.pos++
		r.space()
		v := r.value()
		if r.err != nil {
			return nil
		}
		n.members = append(n.members, member{k, v})
		r.space()
		if r.pos < len(r.src) && r.src[r.pos] == ',' {
			r.pos++
			r.space()
			continue
		}
		if r.pos < len(r.src) && r.src[r.pos] == '}' {
			r.pos++
			return n
		}
		if r.pos < len(r.src) && r.src[r.pos] == '"' {
			r.fail(r.pos, "expected ',' or '}': add the missing ',' before this key")
			return nil
		}
		r.unexpected("',' or '}' to close the object opened at " + r.lineCol(n.off))
	}
	return nil
}

// array reads an array: '[' [ value { ',' value } ] ']'.
func (r *reader) array() *node {
	n := r.node(kArray, r.pos)
	if !r.enter() {
		return nil
	}
	defer func() { r.depth-- }()
	r.pos++
	r.space()
	if r.pos < len(r.src) && r.src[r.pos] == ']' {
		r.pos++
		return n
	}
	for r.err == nil {
		v := r.value()
		if r.err != nil {
			return nil
		}
		n.elems = append(n.elems, v)
		r.space()
		if r.pos < len(r.src) && r.src[r.pos] == ',' {
			r.pos++
			r.space()
			continue
		}
		if r.pos < len(r.src) && r.src[r.pos] == ']' {
			r.pos++
			return n
		}
		r.unexpected("',' or ']' to close the array opened at " + r.lineCol(n.off))
	}
	return nil
}

// lineCol formats an offset as line:col for messages about other places.
func (r *reader) lineCol(off int) string {
	return diag.NewLines("", r.src).Pos(off).LineCol()
}

// string reads a string. Its value is decoded; n.esc records whether it had
// escapes, which strOffset needs to map offsets.
func (r *reader) string() *node {
	n := r.node(kString, r.pos)
	r.pos++
	start := r.pos
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		switch {
		case c == '"':
			n.str = r.text[start:r.pos]
			r.pos++
			return n
		case c == '\\':
			return r.escapedString(n, start)
		case c < 0x20:
			r.fail(r.pos, "control character in a string: write it as an escape such as \\n or \\t")
			return n
		}
		r.pos++
	}
	r.fail(n.off, "string is not closed: add the closing '\"'")
	return n
}

func (r *reader) escapedString(n *node, start int) *node {
	n.esc = true
	buf := append([]byte(nil), r.src[start:r.pos]...)
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		switch {
		case c == '"':
			n.str = string(buf)
			r.pos++
			return n
		case c < 0x20:
			r.fail(r.pos, "control character in a string: write it as an escape such as \\n or \\t")
			return n
		case c != '\\':
			buf = append(buf, c)
			r.pos++
			continue
		}
		if r.pos+1 >= len(r.src) {
			break
		}
		e := r.src[r.pos+1]
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			ru, size := r.unicodeEscape(r.pos)
			if size == 0 {
				return n
			}
			buf = utf8.AppendRune(buf, ru)
			r.pos += size
			continue
		default:
			// The character after the backslash is shown as it is only
			// when it is printable ASCII: a message is one line of text.
			esc := "\\" + string(rune(e))
			if ch, _ := utf8.DecodeRune(r.src[r.pos+1:]); e < ' ' || e >= 0x7f {
				esc = "\\ followed by " + strconv.QuoteRune(ch)
			}
			r.fail(r.pos, "invalid escape "+esc+": use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
			return n
		}
		r.pos += 2
	}
	r.fail(n.off, "string is not closed: add the closing '\"'")
	return n
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at i. It
// returns the rune and the number of bytes read, 0 on error.
func (r *reader) unicodeEscape(i int) (rune, int) {
	hex := func(at int) (rune, bool) {
		if at+6 > len(r.src) || r.src[at] != '\\' || r.src[at+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(r.src[at+2:at+6]), 16, 16)
		return rune(v), err == nil
	}
	v, ok := hex(i)
	if !ok {
		r.fail(i, "invalid \\u escape: write four hex digits, as in \\u00e9")
		return 0, 0
	}
	if utf8.RuneLen(v) < 0 && 0xd800 <= v && v < 0xdc00 {
		if lo, ok := hex(i + 6); ok && 0xdc00 <= lo && lo < 0xe000 {
			return (v-0xd800)<<10 | (lo - 0xdc00) + 0x10000, 12
		}
	}
	if 0xd800 <= v && v < 0xe000 {
		r.fail(i, "\\u escape of a lone surrogate: the text would not be valid UTF-8")
		return 0, 0
	}
	return v, 6
}

// number reads a JSON number; its text is kept in str.
func (r *reader) number() *node {
	n := r.node(kNumber, r.pos)
	s := r.src
	i := r.pos
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		r.pos = i
		r.unexpected("a digit")
		return nil
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			r.pos = i
			r.unexpected("a digit after '.'")
			return nil
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			r.pos = i
			r.unexpected("a digit in the exponent")
			return nil
		}
	}
	n.str = string(s[r.pos:i])
	r.pos = i
	return n
}

func (r *reader) literal(word string, k kind) *node {
	n := r.node(k, r.pos)
	end := r.pos + len(word)
	if end > len(r.src) || string(r.src[r.pos:end]) != word {
		r.unexpected("a value (strings need double quotes)")
		return nil
	}
	r.pos = end
	n.str = word
	return n
}
