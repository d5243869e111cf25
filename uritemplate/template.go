package uritemplate

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/apigen-go/apigen/diag"
)

// Location tells where a parameter stands in the request.
type Location int

const (
	InPath     Location = iota // in the URL path
	InQueryKey                 // as the key of a query pair
	InQuery                    // in the value of a query pair
	InBody                     // in the request body (never in a template)
)

// String returns "path", "query key", "query" or "body".
func (l Location) String() string {
	switch l {
	case InPath:
		return "path"
	case InQueryKey:
		return "query key"
	case InQuery:
		return "query"
	}
	return "body"
}

// Template is a parsed endpoint template.
type Template struct {
	Path   []Piece // the path, literal text and parameters
	Query  []Pair  // the query pairs, in order
	Params []Param // parameters in order of first appearance
}

// Piece is literal text (Arg 0), or the value of parameter Params[Arg-1].
// This is the runtime's own convention for endpoint tables
// (internal/apirt), so that a template becomes a table without renumbering.
type Piece struct {
	Lit string // as written in the definition
	Arg int    // 1 + index into Template.Params; 0 for literal text
}

// Pair is a key[=value] pair of the query. When any parameter in it is
// unset (and has no default), the whole pair is left out.
type Pair struct {
	Key, Value []Piece
	HasValue   bool // false for a bare key such as "?flag"
}

// Param is a parameter of a template.
type Param struct {
	Tag
	In    Location // where it first appears
	Index int      // byte index of the '{' of its first tag
}

// token is literal text or a tag of the template text.
type token struct {
	text string // literal text, or the tag's content
	at   int    // index of the literal, or of the tag's '{'
	tag  bool
}

// Parse parses template text. It returns the template and every problem
// found; the template is usable only when no problem is an error. Its work
// is linear in the length of the text, however many tags, pairs and options
// it has.
func Parse(s string) (*Template, []Problem) {
	p := &parser{src: s, tmpl: &Template{}}
	p.split(p.tokenize())
	sort.SliceStable(p.probs, func(i, j int) bool { return p.probs[i].Index < p.probs[j].Index })
	return p.tmpl, p.probs
}

type parser struct {
	src   string
	tmpl  *Template
	probs []Problem
	// byName indexes Params by name once a template has many of them.
	byName map[string]int
}

func (p *parser) errorf(i int, code diag.Code, format string, args ...any) {
	p.probs = append(p.probs, errAt(i, code, format, args...))
}

// tokenize splits the text into literals and tags, reporting unbalanced
// braces and tags inside tags.
func (p *parser) tokenize() []token {
	s := p.src
	var toks []token
	lit := 0   // start of the current literal
	open := -1 // index of the '{' of the current tag
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			if open >= 0 {
				p.errorf(i, diag.Tag, "'{' inside a tag: tags do not nest, and %s is not a replacement value in scope", diag.Quote(innerName(s[i:])))
				continue
			}
			if i > lit {
				toks = append(toks, token{text: s[lit:i], at: lit})
			}
			open = i
		case '}':
			if open < 0 {
				p.errorf(i, diag.Tag, "unmatched '}': remove it, or add the '{' that opens the tag")
				if i > lit {
					toks = append(toks, token{text: s[lit:i], at: lit})
				}
				lit = i + 1
				continue
			}
			toks = append(toks, token{text: s[open+1 : i], at: open, tag: true})
			open, lit = -1, i+1
		}
	}
	if open >= 0 {
		p.errorf(open, diag.Tag, "unclosed '{': add the '}' that closes the tag")
	} else if lit < len(s) {
		toks = append(toks, token{text: s[lit:], at: lit})
	}
	return toks
}

// innerName returns the text after the '{' at s[0] up to the next brace: the
// name that a reference in braces would have. It reads no further than the
// next brace, so that a run of braces costs linear time.
func innerName(s string) string {
	if i := strings.IndexAny(s[1:], "{}"); i >= 0 {
		return s[1 : 1+i]
	}
	return s[1:]
}

// split walks the tokens once and hands each part of the template on as
// soon as it ends: the first '?' in literal text ends the path, each '&'
// ends a query pair, and the first '=' of a pair ends its key. A pair's
// position is the index just after the '?' or '&' that starts it.
func (p *parser) split(toks []token) {
	var part []token // tokens of the part being read
	inQuery := false
	keyLen := -1 // in a pair: the number of key tokens, once its '=' is read
	pairAt := 0
	for _, t := range toks {
		if t.tag {
			part = append(part, t)
			continue
		}
		text, at := t.text, t.at
		for {
			seps := "?"
			switch {
			case inQuery && keyLen < 0:
				seps = "&="
			case inQuery:
				seps = "&"
			}
			j := strings.IndexAny(text, seps)
			if j < 0 {
				part = append(part, token{text: text, at: at})
				break
			}
			part = append(part, token{text: text[:j], at: at})
			sep := text[j]
			text, at = text[j+1:], at+j+1
			switch sep {
			case '?':
				p.path(part)
				inQuery, part, pairAt = true, part[:0], at
			case '=':
				keyLen = len(part)
			case '&':
				p.pair(part, keyLen, pairAt)
				part, keyLen, pairAt = part[:0], -1, at
			}
		}
	}
	if !inQuery {
		p.path(part)
		return
	}
	p.pair(part, keyLen, pairAt)
}

// pair parses the tokens of one query pair; keyLen is the number of tokens
// before its '=', or -1 when it has none. A pair with no text at all, left
// by a leading '&' or by '&&', is dropped with a warning.
func (p *parser) pair(toks []token, keyLen, at int) {
	if keyLen < 0 && isEmpty(toks) {
		p.probs = append(p.probs, warnAt(at, diag.Endpoint, "empty query pair (a leading '&' or '&&'); it is dropped"))
		return
	}
	keyToks := toks
	if keyLen >= 0 {
		keyToks = toks[:keyLen]
	}
	var q Pair
	q.Key = p.pieces(keyToks, InQueryKey)
	if len(q.Key) == 0 {
		p.errorf(at, diag.Endpoint, "a query pair needs a key before '='")
	}
	if keyLen >= 0 {
		q.HasValue = true
		q.Value = p.pieces(toks[keyLen:], InQuery)
		p.checkRepeated(keyToks, toks[keyLen:])
	}
	p.tmpl.Query = append(p.tmpl.Query, q)
}

// checkRepeated reports a repeated tag {name*} in a query value that is
// not the whole value of a pair with a literal key: each element is sent
// as key=element, which needs the key as written and the value alone.
func (p *parser) checkRepeated(key, value []token) {
	for _, t := range value {
		name, _, _ := strings.Cut(t.text, ":")
		if !t.tag || strings.HasPrefix(name, "+") || !strings.HasSuffix(name, "*") {
			continue
		}
		n := safeName(strings.TrimSuffix(name, "*"))
		if len(nonEmpty(value)) != 1 {
			p.errorf(t.at, diag.Tag, "repeated parameter {%s*} must be the whole value of its query pair, as in ?%s={%s*}: give the other text and parameters pairs of their own", n, n, n)
		} else if !isLiteral(key) {
			p.errorf(t.at, diag.Tag, "repeated parameter {%s*} needs a literal query key, as in ?%s={%s*}: the key is sent once per element", n, n, n)
		}
	}
}

// nonEmpty returns the tags and the literal tokens with text of toks.
func nonEmpty(toks []token) []token {
	var out []token
	for _, t := range toks {
		if t.tag || t.text != "" {
			out = append(out, t)
		}
	}
	return out
}

func isLiteral(toks []token) bool {
	for _, t := range toks {
		if t.tag {
			return false
		}
	}
	return true
}

func isEmpty(toks []token) bool {
	for _, t := range toks {
		if t.tag || t.text != "" {
			return false
		}
	}
	return true
}

// pieces turns tokens into pieces, registering the parameters of tags and
// checking literal text. Literal tokens in a row (split by an unmatched '}')
// become one piece, joined once.
func (p *parser) pieces(toks []token, loc Location) []Piece {
	var out []Piece
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.tag {
			tag, probs := ParseTag(t.text, t.at+1)
			p.probs = append(p.probs, probs...)
			p.checkPlace(tag, loc, t.at)
			out = append(out, Piece{Arg: p.param(tag, loc, t.at) + 1})
			i++
			continue
		}
		j := i
		for ; j < len(toks) && !toks[j].tag; j++ {
			if toks[j].text != "" {
				p.checkLiteral(toks[j])
			}
		}
		if lit := joinText(toks[i:j]); lit != "" {
			out = append(out, Piece{Lit: lit})
		}
		i = j
	}
	return out
}

// checkPlace reports a multi-segment or repeated tag where it cannot
// stand: {+name} only in the path, {name*} only as a query value (pair
// checks the rest of its rules).
func (p *parser) checkPlace(tag Tag, loc Location, at int) {
	name := diag.Quote(tag.Name)
	switch {
	case tag.MultiSegment && loc != InPath:
		p.errorf(at, diag.Tag, "multi-segment value {+...} of parameter %s in the %s: only a path value may hold '/'; in the query, remove the '+'", name, loc)
	case tag.Repeated && loc == InPath:
		p.errorf(at, diag.Tag, "repeated parameter {...*} %s in the path: a path segment holds one value; remove the '*', or move the parameter to the query (?%s={%s*})", name, safeName(tag.Name), safeName(tag.Name))
	case tag.Repeated && loc == InQueryKey:
		p.errorf(at, diag.Tag, "repeated parameter {...*} %s as a query key: only a query value may repeat, as in ?%s={%s*}", name, safeName(tag.Name), safeName(tag.Name))
	}
}

// path parses the tokens of the path.
func (p *parser) path(toks []token) {
	p.tmpl.Path = p.pieces(toks, InPath)
	p.checkDotSegments(toks)
	p.checkMultiSegment(toks)
}

// checkMultiSegment checks the multi-segment values of a path: a {+name}
// starts a path segment, no other parameter shares its last segment (only
// literal text may follow it there, as in {+name}:cancel), a path has at
// most one, and none of its default and options has an empty, "." or ".."
// segment, which clients reject before sending a request.
func (p *parser) checkMultiSegment(toks []token) {
	segStart := true // the next token starts a path segment
	multi := -1      // index of the first {+name} of the path
	inSeg := false   // the current segment has a {+name}
	for _, t := range toks {
		if !t.tag {
			if i := strings.LastIndexByte(t.text, '/'); i >= 0 {
				segStart, inSeg = i == len(t.text)-1, false
			} else if t.text != "" {
				segStart = false
			}
			continue
		}
		isMulti := strings.HasPrefix(t.text, "+")
		name, _, _ := strings.Cut(strings.TrimPrefix(t.text, "+"), ":")
		switch {
		case isMulti && !segStart:
			p.errorf(t.at, diag.Tag, "multi-segment value {+%s} must start a path segment: put a '/' before it", safeName(name))
		case isMulti && multi >= 0:
			p.probs = append(p.probs, Problem{Index: t.at, Related: multi, Code: diag.Tag,
				Msg: "a second multi-segment value {+...} in one path: which segments belong to which could not be told apart; make one of them {name}"})
		case !isMulti && inSeg:
			p.errorf(t.at, diag.Tag, "parameter %s shares a path segment with the multi-segment value before it, whose end could not be found: put a '/' between them", diag.Quote(strings.TrimSuffix(name, "*")))
		}
		if isMulti {
			if multi < 0 {
				multi = t.at
			}
			inSeg = true
			p.checkMultiValues(t)
		}
		segStart = false
	}
}

// safeName returns name when it is a valid parameter name, for messages
// that show it inside a tag, and "name" otherwise (the tag parser reports
// it).
func safeName(name string) string {
	if ValidName(strings.TrimSuffix(name, "*")) {
		return name
	}
	return "name"
}

// checkMultiValues reports a default or option of the multi-segment tag t
// that has an empty, "." or ".." segment: clients reject such a value
// before sending a request, so it could never be sent.
func (p *parser) checkMultiValues(t token) {
	content := strings.TrimPrefix(t.text, "+")
	at := t.at + 2 // the name
	name, rest, ok := strings.Cut(content, ":")
	if !ok {
		return
	}
	at += len(name) + 1
	req, opts, hasOpts := strings.Cut(rest, ":")
	if req != "!" && badSegments(req) {
		p.errorf(at, diag.PathSegment, "default %s of multi-segment parameter %s has an empty, \".\" or \"..\" segment, which clients reject before sending a request: choose another default", diag.Quote(req), diag.Quote(name))
	}
	if !hasOpts {
		return
	}
	at += len(req) + 1
	for {
		opt, more, ok := strings.Cut(opts, ",")
		if trimmed := strings.TrimSpace(opt); trimmed != "" && badSegments(trimmed) {
			p.errorf(at+strings.Index(opt, trimmed), diag.PathSegment, "option %s of multi-segment parameter %s has an empty, \".\" or \"..\" segment, which clients reject before sending a request: remove it", diag.Quote(trimmed), diag.Quote(name))
		}
		if !ok {
			return
		}
		at += len(opt) + 1
		opts = more
	}
}

// badSegments reports whether a non-empty value of a multi-segment
// parameter has an empty, "." or ".." segment.
func badSegments(v string) bool {
	if v == "" {
		return false
	}
	for {
		seg, rest, more := strings.Cut(v, "/")
		if seg == "" || seg == "." || seg == ".." {
			return true
		}
		if !more {
			return false
		}
		v = rest
	}
}

// checkDotSegments reports each default or option of a path parameter that
// makes its path segment "." or "..": clients reject such a segment before
// sending the request, so the value could never be sent. Only segments
// where the parameter stands alone with literal text are checked: with
// another parameter in the segment, the result depends on its value.
func (p *parser) checkDotSegments(toks []token) {
	var seg dotSegment
	for _, t := range toks {
		if t.tag {
			seg.tags++
			seg.tag = t
			continue
		}
		lit := t.text
		for {
			j := strings.IndexByte(lit, '/')
			if j < 0 {
				seg.add(lit)
				break
			}
			seg.add(lit[:j])
			p.checkDotSegment(&seg)
			seg = dotSegment{}
			lit = lit[j+1:]
		}
	}
	p.checkDotSegment(&seg)
}

// dotSegment is a path segment, as far as checkDotSegments needs it: its
// tags, and the literal text around the last of them, of which only the
// number of dots matters (-1 once there is anything else).
type dotSegment struct {
	tags          int
	tag           token
	before, after int
}

func (s *dotSegment) add(lit string) {
	n := &s.before
	if s.tags > 0 {
		n = &s.after
	}
	if *n < 0 {
		return
	}
	if strings.Trim(lit, ".") != "" {
		*n = -1
		return
	}
	*n += len(lit)
}

func (p *parser) checkDotSegment(seg *dotSegment) {
	if seg.tags != 1 || seg.before < 0 || seg.after < 0 || seg.before+seg.after > 1 || strings.HasPrefix(seg.tag.text, "+") {
		return
	}
	// The segment is the value between this many dots: "." or ".." when
	// the value is dots too, and two at most in all.
	dots := func(v string) (string, bool) {
		n := seg.before + len(v) + seg.after
		return "..."[:min(n, 3)], v != "" && strings.Trim(v, ".") == "" && n <= 2
	}
	content, at := seg.tag.text, seg.tag.at
	name, rest, _ := strings.Cut(content, ":")
	req, opts, hasOpts := strings.Cut(rest, ":")
	restAt := at + 1 + len(name) + 1
	def := req
	if def == "!" {
		def = ""
	}
	if s, bad := dots(def); bad {
		p.errorf(restAt, diag.PathSegment, "default %s of path parameter %s makes the path segment %s, which clients reject before sending a request: choose another default", diag.Quote(def), diag.Quote(name), diag.Quote(s))
	}
	if !hasOpts {
		return
	}
	at = restAt + len(req) + 1
	for {
		opt, more, ok := strings.Cut(opts, ",")
		trimmed := strings.TrimSpace(opt)
		if s, bad := dots(trimmed); bad && trimmed != def {
			lead := strings.Index(opt, trimmed)
			p.errorf(at+lead, diag.PathSegment, "option %s of path parameter %s makes the path segment %s, which clients reject before sending a request: remove it", diag.Quote(trimmed), diag.Quote(name), diag.Quote(s))
		}
		if !ok {
			return
		}
		at += len(opt) + 1
		opts = more
	}
}

// joinText joins the texts of literal tokens, copying only when more than
// one has text.
func joinText(toks []token) string {
	size, last := 0, ""
	for _, t := range toks {
		size += len(t.text)
		if t.text != "" {
			last = t.text
		}
	}
	if size == len(last) {
		return last
	}
	var b strings.Builder
	b.Grow(size)
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String()
}

// param returns the index of the parameter a tag names, adding it when it is
// new and checking that repeated tags agree.
func (p *parser) param(tag Tag, loc Location, at int) int {
	if i := p.index(tag.Name); i >= 0 {
		first := p.tmpl.Params[i]
		switch {
		case !first.Tag.Equal(tag):
			p.probs = append(p.probs, Problem{Index: at, Related: first.Index, Code: diag.Parameter,
				Msg: fmt.Sprintf("parameter %s is tagged {%s} here but {%s} where it first appears: make the tags agree", diag.Quote(tag.Name), tag.short(), first.Tag.short())})
		case tag.Repeated:
			p.probs = append(p.probs, Problem{Index: at, Related: first.Index, Code: diag.Parameter,
				Msg: fmt.Sprintf("repeated parameter %s appears twice: a list is sent in one query pair; remove this one", diag.Quote(tag.Name))})
		}
		return i
	}
	if loc == InPath && !tag.Required && tag.Default == "" {
		p.probs = append(p.probs, warnAt(at, diag.PathSegment, "optional parameter %s in the path: when unset, the path gets an empty segment; make it required ({%s}) or give it a default", diag.Quote(tag.Name), safeName(tag.Name)))
	}
	p.tmpl.Params = append(p.tmpl.Params, Param{Tag: tag, In: loc, Index: at})
	n := len(p.tmpl.Params)
	switch {
	case p.byName != nil:
		p.byName[tag.Name] = n - 1
	case n > indexMapAt:
		p.byName = make(map[string]int, 2*n)
		for i := range p.tmpl.Params {
			if _, dup := p.byName[p.tmpl.Params[i].Name]; !dup {
				p.byName[p.tmpl.Params[i].Name] = i
			}
		}
	}
	return n - 1
}

// indexMapAt is the number of parameters from which a template looks them up
// in a map. Most templates have a few: a linear search beats a map there.
const indexMapAt = 16

// index returns the index of the parameter named name, or -1.
func (p *parser) index(name string) int {
	if p.byName != nil {
		if i, ok := p.byName[name]; ok {
			return i
		}
		return -1
	}
	for i := range p.tmpl.Params {
		if p.tmpl.Params[i].Name == name {
			return i
		}
	}
	return -1
}

// checkLiteral reports characters of literal text that cannot stand in an
// endpoint. Others that are not allowed raw in a URL (non-ASCII, spaces,
// quotes, ...) are fine: Endpoint percent-encodes them.
func (p *parser) checkLiteral(t token) {
	s := t.text
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '#':
			p.errorf(t.at+i, diag.Endpoint, "'#' in an endpoint: an endpoint cannot have a fragment; remove it or write %%23")
		case r < 0x20 || r == 0x7f:
			p.errorf(t.at+i, diag.Endpoint, "control character %q in an endpoint: remove it", r)
		case r == '%' && !(i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2])):
			p.errorf(t.at+i, diag.Endpoint, "'%%' not followed by two hex digits: write a literal '%%' as %%25")
		}
		i += n
	}
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// String prints the template in canonical form: parsing the result gives
// the same template.
func (t *Template) String() string { return t.print(false) }

// Stripped prints the template with tags reduced to their names, as in
// /tickets/{ticket_id}.json?view={view}, keeping the '+' of a
// multi-segment value and the '*' of a repeated one ({+name}, {ids*}): the
// form shown in documentation.
func (t *Template) Stripped() string { return t.print(true) }

func (t *Template) print(stripped bool) string {
	var b strings.Builder
	t.writePieces(&b, t.Path, stripped)
	for i, q := range t.Query {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		t.writePieces(&b, q.Key, stripped)
		if q.HasValue {
			b.WriteByte('=')
			t.writePieces(&b, q.Value, stripped)
		}
	}
	return b.String()
}

func (t *Template) writePieces(b *strings.Builder, ps []Piece, stripped bool) {
	for _, pc := range ps {
		if pc.Arg == 0 {
			b.WriteString(pc.Lit)
			continue
		}
		b.WriteByte('{')
		if stripped {
			p := &t.Params[pc.Arg-1]
			if p.MultiSegment {
				b.WriteByte('+')
			}
			b.WriteString(p.Name)
			if p.Repeated {
				b.WriteByte('*')
			}
		} else {
			b.WriteString(t.Params[pc.Arg-1].Tag.String())
		}
		b.WriteByte('}')
	}
}
