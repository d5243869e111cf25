package parser

import (
	"sort"
	"strings"

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

// text appends an expanded text.
func (tb *textBuilder) text(t text) {
	base := tb.b.Len()
	for _, o := range t.orig {
		o.at += base
		tb.orig = append(tb.orig, o)
	}
	tb.b.WriteString(t.s)
}

func (tb *textBuilder) done() text { return text{s: tb.b.String(), orig: tb.orig} }

// textPos returns the file position of byte i of t.
func (r *resolver) textPos(t text, i int) diag.Pos {
	if len(t.orig) == 0 {
		return diag.Pos{File: r.file}
	}
	k := sort.Search(len(t.orig), func(k int) bool { return t.orig[k].at > i }) - 1
	if k < 0 {
		k = 0
	}
	o := t.orig[k]
	return r.pos(strOffset(r.src, o.n, o.idx+i-o.at))
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

// expand returns the string node n with every reference {name} to a value
// of sc replaced by that value. Replacement is not recursive: the inserted
// text is not expanded again. References may stand inside a tag, as in
// {state::{states}}.
func (r *resolver) expand(n *node, sc *scope, self string, siblings map[string]*node) text {
	e := &expansion{r: r, n: n, scope: sc, self: self, siblings: siblings}
	e.tb.b.Grow(len(n.str) + 64)
	e.run(0, len(n.str), 0)
	if len(e.tb.orig) == 0 {
		e.tb.orig = append(e.tb.orig, origin{n: n})
	}
	return e.tb.done()
}

// run expands bytes [from, to) of the node's value. depth counts enclosing
// braces; references are looked for at any depth up to a small bound.
func (e *expansion) run(from, to, depth int) {
	s := e.n.str
	lit := from
	for i := from; i < to; i++ {
		if s[i] != '{' {
			continue
		}
		j := matchBrace(s, i, to)
		if j < 0 {
			break // unbalanced: left as it is, uritemplate reports it
		}
		content := s[i+1 : j]
		if v := e.ref(content, i); v != nil {
			e.tb.lit(e.n, lit, i)
			e.tb.text(v.text)
			lit, i = j+1, j
			continue
		}
		if depth < 4 && strings.IndexByte(content, '{') >= 0 {
			e.tb.lit(e.n, lit, i+1)
			e.run(i+1, j, depth+1)
			lit, i = j, j-1
		}
	}
	e.tb.lit(e.n, lit, to)
}

// matchBrace returns the index of the '}' matching the '{' at s[i], or -1.
func matchBrace(s string, i, to int) int {
	depth := 0
	for k := i; k < to; k++ {
		switch s[k] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// ref returns the value that {content} refers to, or nil when it is a tag.
// at is the index of the '{'.
func (e *expansion) ref(content string, at int) *scopeVal {
	if content == "" || strings.ContainsAny(content, "{}") {
		return nil
	}
	v := e.scope.lookup(content)
	sib, isSibling := e.siblings[content]
	pos := e.r.pos(strOffset(e.r.src, e.n, at))
	switch {
	case v != nil && isSibling && content != e.self:
		e.r.diags.Warnf(pos, "%q refers to %q, which this resource also defines: the inherited value is used, since replacement values are not recursive", e.self, content)
	case v == nil && content == e.self:
		e.r.diags.Errorf(pos, "%q refers to itself, but no parent resource defines %q: write the value in full", e.self, content)
	case v == nil && isSibling:
		e.r.siblingRefs[sib] = true
		e.r.diags.Errorf(pos, "replacement values are not recursive: %q refers to its sibling %q (defined at %s); write %q's text in full here, or define %q on a parent resource", e.self, content, e.r.lineCol(sib.off), content, content)
	}
	if v != nil {
		v.used = true
	}
	return v
}
