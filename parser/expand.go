package parser

import (
	"fmt"
	"sort"
	"strings"
	"unsafe"

	"github.com/apigen-go/apigen/diag"
)

// text is a string built from pieces of the definition's strings, with the
// origin of each run of bytes, so that a problem anywhere in an expanded
// endpoint points at the place in the file where its text was written.
type text struct {
	s    string
	orig []origin // sorted by at
}

// origin says that the bytes of a text from index at on come from the string
// node n, starting at byte idx of its value.
type origin struct {
	at  int
	n   *node
	idx int
}

type textBuilder struct {
	b    strings.Builder
	orig []origin
}

// lit appends bytes [from, to) of the string node n.
func (tb *textBuilder) lit(n *node, from, to int) {
	if from >= to {
		return
	}
	tb.orig = append(tb.orig, origin{at: tb.b.Len(), n: n, idx: from})
	tb.b.WriteString(n.str[from:to])
}

// text appends an expanded text. An empty one adds nothing, not even an
// origin: so every origin of a text covers at least one byte, and a text has
// no more origins than bytes.
func (tb *textBuilder) text(t text) {
	if t.s == "" {
		return
	}
	base := tb.b.Len()
	for _, o := range t.orig {
		o.at += base
		tb.orig = append(tb.orig, o)
	}
	tb.b.WriteString(t.s)
}

func (tb *textBuilder) done() text { return text{s: tb.b.String(), orig: tb.orig} }

// origin returns the origin of byte i of t: the run that holds it (the
// first for an i before every run), and false when t has none.
func (t text) origin(i int) (origin, bool) {
	if len(t.orig) == 0 {
		return origin{}, false
	}
	k := sort.Search(len(t.orig), func(k int) bool { return t.orig[k].at > i }) - 1
	return t.orig[max(k, 0)], true
}

// textPos returns the file position of byte i of t.
func (r *resolver) textPos(t text, i int) diag.Pos {
	o, ok := t.origin(i)
	return r.originPos(o, ok, i)
}

// originPos returns the file position of byte i of a text whose origin
// there is o (ok false: the text has none).
func (r *resolver) originPos(o origin, ok bool, i int) diag.Pos {
	if !ok {
		return diag.Pos{File: r.file}
	}
	return r.pos(r.strOffset(o.n, o.idx+i-o.at))
}

// scope is the set of replacement values visible in a resource: its own over
// its parent's.
type scope struct {
	parent *scope
	vals   map[string]*scopeVal
}

type scopeVal struct {
	name string
	key  *node
	text text // the expanded value
	used bool
}

func (s *scope) lookup(name string) *scopeVal {
	for ; s != nil; s = s.parent {
		if v, ok := s.vals[name]; ok {
			return v
		}
	}
	return nil
}

// expansion is one expansion of a string against a scope.
type expansion struct {
	r     *resolver
	n     *node
	scope *scope
	// For a replacement value: its name, and its siblings, which it cannot
	// refer to. Empty for endpoints and body parameters.
	self     string
	siblings map[string]*node
	tb       textBuilder
}

// MaxExpansion bounds the memory, in bytes, that references to replacement
// values fill, over all the expansions of one definition: each reference
// copies a value's text and where each part of it comes from. A value may be
// built on its parent's value many times over, so without a bound a small
// file could expand without end. Real definitions use a small fraction of
// it: the synthetic one of 11,000 methods (875 KB) inserts 330 KB of text.
const MaxExpansion = 8 << 20

// originSize is the size of an origin, counted against MaxExpansion.
const originSize = int(unsafe.Sizeof(origin{}))

// expand returns the string node n with every reference {name} to a value
// of sc replaced by that value. Replacement is not recursive: the inserted
// text is not expanded again. References may stand inside a tag, as in
// {state::{states}}.
func (r *resolver) expand(n *node, sc *scope, self string, siblings map[string]*node) text {
	e := &expansion{r: r, n: n, scope: sc, self: self, siblings: siblings}
	e.tb.b.Grow(len(n.str) + 64)
	e.run()
	if len(e.tb.orig) == 0 {
		e.tb.orig = append(e.tb.orig, origin{n: n})
	}
	return e.tb.done()
}

// run expands the node's value in one pass. A reference is a pair of braces
// around a name with no brace between them, at any depth of braces. Text
// from a '{' that is never closed on is left as it is: uritemplate reports
// it.
func (e *expansion) run() {
	s := e.n.str
	end := unclosed(s)
	lit := 0 // start of the text not yet copied
	for i := 0; i < end; {
		k := strings.IndexByte(s[i:end], '{')
		if k < 0 {
			break
		}
		i += k
		j := strings.IndexAny(s[i+1:end], "{}")
		if j < 0 {
			break // not reached: the brace at i is closed before end
		}
		j += i + 1
		if s[j] == '{' {
			i = j // a brace group with braces inside: look inside it
			continue
		}
		if v := e.ref(s[i+1:j], i); v != nil {
			if e.r.expanded += len(v.text.s) + originSize*len(v.text.orig); e.r.expanded > MaxExpansion {
				e.tooLarge(i)
				return
			}
			e.tb.lit(e.n, lit, i)
			e.tb.text(v.text)
			lit = j + 1
		}
		i = j + 1
	}
	e.tb.lit(e.n, lit, len(s))
}

// tooLarge reports, once per definition, that expansion went over its bound
// at the reference at byte i.
func (e *expansion) tooLarge(i int) {
	if !e.r.overExpanded {
		e.r.overExpanded = true
		e.r.diags.Errorf(e.pos(i), diag.Reference, "replacement values expand to more than %d MiB in this definition: a value is used very often, or built on its parent's value many times over; write shorter values, or use them less", MaxExpansion>>20)
	}
}

// unclosed returns the index of the first '{' of s that no '}' closes, or
// len(s) when every '{' is closed.
func unclosed(s string) int {
	depth, start := 0, len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			if depth == 0 {
				start = i
			}
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		}
	}
	if depth == 0 {
		return len(s)
	}
	return start
}

// ref returns the value that {content} refers to, or nil when it is a tag.
// at is the index of the '{'. content has no braces.
func (e *expansion) ref(content string, at int) *scopeVal {
	if content == "" {
		return nil
	}
	v := e.scope.lookup(content)
	sib, isSibling := e.siblings[content]
	switch {
	case v != nil && isSibling && content != e.self:
		e.r.diags.Warnf(e.pos(at), diag.Reference, "%s refers to %s, which this resource also defines: the inherited value is used, since replacement values are not recursive", diag.Quote(e.self), diag.Quote(content))
	case v == nil && content == e.self:
		e.r.diags.Errorf(e.pos(at), diag.Reference, "%[1]s refers to itself, but no parent resource defines %[1]s: write the value in full", diag.Quote(e.self))
	case v == nil && isSibling:
		e.r.siblingRefs[sib] = true
		self, name := diag.Quote(e.self), diag.Quote(content)
		e.r.diags.Add(diag.Diagnostic{Pos: e.pos(at), Severity: diag.Error, Code: diag.Reference, Related: []diag.Pos{e.r.pos(sib.off)},
			Msg: fmt.Sprintf("replacement values are not recursive: %s refers to its sibling %s (defined at %s); write %s's text in full here, or define %s on a parent resource", self, name, e.r.lineCol(sib.off), name, name)})
	}
	if v != nil {
		v.used = true
	}
	return v
}

// pos returns the file position of byte i of the node's value.
func (e *expansion) pos(i int) diag.Pos { return e.r.pos(e.r.strOffset(e.n, i)) }
