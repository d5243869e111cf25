// Package naming turns definition names into Go identifiers and hands out
// identifiers that are unique within a scope.
//
// It holds the rules by which apigen derives Go names from definition
// names; the Go target's naming pass (generator/golang, Name) applies them,
// once, to a whole model, and every other part of apigen reads the names it
// chose. The rules are part of the generated packages' public API and must
// not change between releases:
//
//   - A name is split into words at every character that is not a letter or
//     digit, at each lower-to-upper case change (filterCompany -> filter,
//     Company) and before the last capital of a run of capitals followed by a
//     lower-case letter (HTTPResponse -> HTTP, Response).
//   - Exported form: each word with its first letter upper-cased, except
//     common initialisms, which are written all in capitals
//     (ticket_id -> TicketID, url -> URL). A Go name is exported only when
//     it starts with an upper-case letter, so when the first letter has no
//     upper-case form (Chinese, Japanese, Arabic... scripts) an X is put in
//     front: 票据 -> X票据, 票据_list -> X票据List.
//   - Enum constants end in the option's exported form without that X (the
//     type name before it is exported already), and a leading sign is a
//     word: + is Plus and - is Minus (+1 -> Plus1, -1 -> Minus1,
//     -created_at -> MinusCreatedAt).
//   - Unexported form: the same, with the first word all in lower case
//     (ticket_id -> ticketID, URL -> url).
//   - Scope.Unique makes a name unique by appending 2, 3, ... to it: the first
//     holder of a name keeps it, later ones get the next free number.
package naming

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are written in capitals in Go names (lower-case keys).
var initialisms = map[string]string{}

func init() {
	for _, s := range strings.Fields(`ACL API ASCII CPU CSS CSV DNS EOF GUID HTML HTTP
		HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL SSH SSO TCP TLS TTL UDP
		UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS`) {
		initialisms[strings.ToLower(s)] = s
	}
}

// Words splits a name into its words (see the package comment).
func Words(s string) []string {
	var words []string
	eachWord(s, func(w string) { words = append(words, w) })
	return words
}

// eachWord calls fn for each word of s, in order, without allocating.
func eachWord(s string, fn func(string)) {
	start := -1 // start of the current word, -1 when between words
	var prev rune
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if start >= 0 {
				fn(s[start:i])
				start = -1
			}
			prev = 0
			continue
		}
		if start < 0 {
			start = i
			prev = r
			continue
		}
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			fn(s[start:i])
			start = i
		} else if unicode.IsLower(r) && unicode.IsUpper(prev) {
			// "HTTPResponse": the R starts the new word, not the P.
			j := i - utf8.RuneLen(prev)
			if j > start {
				fn(s[start:j])
				start = j
			}
		}
		prev = r
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// Exported returns the exported Go form of name, or "" when name has no
// letters or digits. The result may start with a digit.
// When it starts with a letter that has no upper-case form, it gets an X in
// front (票据 -> X票据), so that Go exports it.
func Exported(name string) string {
	s := upperCamel(name)
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsLetter(r) && !unicode.IsUpper(r) {
		return "X" + s
	}
	return s
}

// OptionName returns the part of an enum constant's name that stands for
// the option o, to follow the type name: the words of o in upper camel case,
// with a leading '+' or '-' written Plus or Minus (+1 -> Plus1, -1 ->
// Minus1, -desc -> MinusDesc, - -> Minus). It is "" when o has neither a
// letter, a digit nor a leading sign.
func OptionName(o string) string {
	switch {
	case strings.HasPrefix(o, "+"):
		return "Plus" + upperCamel(o[1:])
	case strings.HasPrefix(o, "-"):
		return "Minus" + upperCamel(o[1:])
	}
	return upperCamel(o)
}

// upperCamel joins the words of name, each in its exported form.
func upperCamel(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	eachWord(name, func(w string) { writeExported(&b, w) })
	return b.String()
}

// Unexported returns the unexported Go form of name (lower camel case).
func Unexported(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	eachWord(name, func(w string) {
		if b.Len() == 0 {
			b.WriteString(strings.ToLower(w))
			return
		}
		writeExported(&b, w)
	})
	return b.String()
}

// writeExported writes a word with its first letter in upper case, or all
// in capitals when it is an initialism.
func writeExported(b *strings.Builder, w string) {
	if len(w) <= maxInitialism {
		var buf [maxInitialism]byte
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if up, ok := initialisms[string(buf[:len(w)])]; ok {
			b.WriteString(up)
			return
		}
	}
	r, n := utf8.DecodeRuneInString(w)
	b.WriteRune(unicode.ToUpper(r))
	b.WriteString(w[n:])
}

// maxInitialism is the length of the longest initialism.
const maxInitialism = 5

// IsPredeclared reports whether s names one of Go's predeclared identifiers
// (types, constants, zero value and built-in functions).
func IsPredeclared(s string) bool {
	return predeclared[s]
}

var predeclared = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`any bool byte comparable complex64 complex128
		error float32 float64 int int8 int16 int32 int64 rune string uint uint8
		uint16 uint32 uint64 uintptr true false iota nil append cap clear close
		complex copy delete imag len make max min new panic print println real
		recover`) {
		predeclared[s] = true
	}
}

// Scope is a set of identifiers in use, such as the package block of a
// generated package, or the fields and methods of one type.
type Scope struct {
	used map[string]bool
	next map[string]int // for Unique: the next number to try after a name
}

// NewScope returns a scope in which the given names are already taken.
func NewScope(reserved ...string) *Scope {
	return NewScopeSize(0, reserved...)
}

// NewScopeSize is NewScope with room for about n more names.
func NewScopeSize(n int, reserved ...string) *Scope {
	s := &Scope{used: make(map[string]bool, n+len(reserved))}
	for _, n := range reserved {
		s.used[n] = true
	}
	return s
}

// Has reports whether name is taken.
func (s *Scope) Has(name string) bool { return s.used[name] }

// Take marks name as taken. It reports false, and changes nothing, when the
// name was taken already.
func (s *Scope) Take(name string) bool {
	if s.used[name] {
		return false
	}
	s.used[name] = true
	return true
}

// Unique takes and returns name if it is free, otherwise the first of name2,
// name3, ... that is free. Keywords count as taken.
//
// A name's numbers are tried from where its last call stopped (a name once
// taken stays taken), so that many calls with one name cost linear time.
func (s *Scope) Unique(name string) string {
	n, i := s.free(name)
	s.used[n] = true
	if i > 0 {
		if s.next == nil {
			s.next = map[string]int{}
		}
		s.next[name] = i + 1
	}
	return n
}

// Free returns the name that Unique would take for name, without taking
// it.
func (s *Scope) Free(name string) string {
	n, _ := s.free(name)
	return n
}

// free returns the name that Unique takes for name, and its number (0 for
// name itself).
func (s *Scope) free(name string) (string, int) {
	if !token.IsKeyword(name) && !s.used[name] {
		return name, 0
	}
	for i := max(s.next[name], 2); ; i++ {
		if n := name + strconv.Itoa(i); !s.used[n] {
			return n, i
		}
	}
}
