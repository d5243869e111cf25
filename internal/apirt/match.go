package apirt

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// This file is the inverse of buildURL: given the path and query of a
// request, it finds the parameter values that built them. A server routes
// with the patterns compiled here (see router.go) and reads parameters with
// them, so that whatever a client builds, the server reads back the same
// values.

// errNoMatch says that a request's path does not have an endpoint's shape:
// the request is for another endpoint.
var errNoMatch = errors.New("the path does not match the endpoint")

// pattern is literal text and parameters, in the form a piece of a request
// is matched against: lits holds the decoded literal text before the first
// parameter, between parameters and after the last (len(args)+1 strings),
// args the parameters (1 + index into endpoint.params).
type pattern struct {
	lits  []string
	args  []int
	multi bool // one multi-segment parameter ({+name}), then literal text: it spans one or more path segments
}

// patternOf returns the pattern of pieces with no '/' in their literals,
// decoding literal text with unescape.
func patternOf(ps []piece, unescape func(string) (string, error)) pattern {
	p := pattern{lits: []string{""}}
	for _, pc := range ps {
		if pc.arg > 0 {
			p.args = append(p.args, pc.arg)
			p.lits = append(p.lits, "")
			continue
		}
		lit, err := unescape(pc.lit)
		if err != nil {
			lit = pc.lit // not produced by apigen, which checks literal text
		}
		p.lits[len(p.lits)-1] += lit
	}
	return p
}

// match matches decoded text s against the pattern. It stores the value of
// each parameter in vals; a value is the shortest text that lets the rest
// match, except for the last parameter, which takes what remains. It reports
// false when s does not have the pattern's literal text, or when a value
// contradicts one stored before for the same parameter. With vals nil it
// only checks the literal text: the shape of s.
func (p *pattern) match(s string, vals []string, set []bool) bool {
	first, last := p.lits[0], p.lits[len(p.lits)-1]
	if len(p.args) == 0 {
		return s == first
	}
	if len(p.args) == 1 { // the common case, without a search
		end := len(s) - len(last)
		if end < len(first) || first != "" && s[:len(first)] != first || last != "" && s[end:] != last {
			return false
		}
		return vals == nil || store(vals, set, p.args[0], s[len(first):end])
	}
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for i, arg := range p.args {
		v := s
		if i < len(p.args)-1 {
			j := strings.Index(s, p.lits[i+1])
			if j < 0 {
				return false
			}
			v, s = s[:j], s[j+len(p.lits[i+1]):]
		}
		if vals != nil && !store(vals, set, arg, v) {
			return false
		}
	}
	return true
}

// textLen is the length of the pattern's literal text.
func (p *pattern) textLen() int {
	n := 0
	for _, l := range p.lits {
		n += len(l)
	}
	return n
}

// store records v as the value of parameter arg, and reports false when the
// parameter already has another value.
func store(vals []string, set []bool, arg int, v string) bool {
	if set[arg-1] {
		return vals[arg-1] == v
	}
	vals[arg-1], set[arg-1] = v, true
	return true
}

// segments splits the endpoint's path into the patterns of its segments.
// The segment of a multi-segment parameter ({+name}), which starts it and
// is its only parameter, is marked multi.
func (e *endpoint) segments() []pattern {
	var segs []pattern
	var cur []piece
	for _, pc := range e.path {
		if pc.arg > 0 {
			cur = append(cur, pc)
			continue
		}
		lit := pc.lit
		for {
			i := strings.IndexByte(lit, '/')
			if i < 0 {
				break
			}
			if i > 0 {
				cur = append(cur, piece{lit: lit[:i]})
			}
			segs = append(segs, patternOf(cur, url.PathUnescape))
			cur = nil
			lit = lit[i+1:]
		}
		if lit != "" {
			cur = append(cur, piece{lit: lit})
		}
	}
	segs = append(segs, patternOf(cur, url.PathUnescape))
	for i := range segs {
		if args := segs[i].args; len(args) == 1 && e.params[args[0]-1].multi {
			segs[i].multi = true
		}
	}
	return segs
}

// queryPair is one key=value pair of a request's query, decoded. In a
// route's needs (see router.go) it is a pair that must be present: a key
// with any value when hasValue is false.
type queryPair struct {
	key, value string
	hasValue   bool
	used       bool // claimed by a pair of the endpoint
}

// parseQuery decodes a raw query strictly, appending its pairs to pairs: a
// malformed escape is an error. Empty pairs (as in "a=1&&b=2") are
// skipped. Text without escapes is not copied.
func parseQuery(raw string, pairs []queryPair) ([]queryPair, error) {
	for raw != "" {
		kv := raw
		raw = ""
		if i := strings.IndexByte(kv, '&'); i >= 0 {
			kv, raw = kv[:i], kv[i+1:]
		}
		if kv == "" {
			continue
		}
		pairs = append(pairs, queryPair{key: kv})
		q := &pairs[len(pairs)-1]
		if i := strings.IndexByte(kv, '='); i >= 0 {
			q.key, q.value, q.hasValue = kv[:i], kv[i+1:], true
		}
		if escaped(kv, '+') {
			var err error
			if q.key, err = url.QueryUnescape(q.key); err != nil {
				return nil, err
			}
			if q.value, err = url.QueryUnescape(q.value); err != nil {
				return nil, err
			}
		}
	}
	return pairs, nil
}

// escaped reports whether s has a '%' or the byte plus, which must be
// decoded. (IndexByte reads many bytes at once: faster than a loop even
// for short text.)
func escaped(s string, plus byte) bool {
	return strings.IndexByte(s, '%') >= 0 || plus != '%' && strings.IndexByte(s, plus) >= 0
}

// matcher is an endpoint compiled for reading requests: the patterns of its
// path segments and query pairs, decoded once.
type matcher struct {
	e       *endpoint
	segs    []pattern  // one per path segment
	keys    []pattern  // the key of each query pair
	values  []pattern  // the value of each query pair
	options [][]string // for a key that is a parameter with options: the keys it may be, in order
	literal []string   // the literal keys of the query, which no parameter key takes
	plain   bool       // whether every key of the query is literal, and at most 64 (see readRaw)
	whole   []int      // for a query value that is one parameter and nothing else: 1 + its index; else 0
	multi   int        // the segment of the multi-segment parameter ({+name}), or -1
	pathArg bool       // whether a segment of the path has a parameter
	lists   bool       // whether a parameter is a list ({name*})
}

// compile returns the matcher of e.
func (e *endpoint) compile() *matcher {
	m := &matcher{e: e, segs: e.segments(), multi: -1}
	for i := range m.segs {
		if m.segs[i].multi {
			m.multi = i
		}
		m.pathArg = m.pathArg || len(m.segs[i].args) > 0
	}
	for i := range e.params {
		m.lists = m.lists || e.params[i].list
	}
	m.keys = make([]pattern, len(e.query))
	m.values = make([]pattern, len(e.query))
	m.options = make([][]string, len(e.query))
	m.whole = make([]int, len(e.query))
	for i := range e.query {
		m.keys[i] = patternOf(e.query[i].key, url.QueryUnescape)
		m.values[i] = patternOf(e.query[i].value, url.QueryUnescape)
		if v := &m.values[i]; len(v.args) == 1 && v.textLen() == 0 && e.query[i].hasValue {
			m.whole[i] = v.args[0]
		}
		if key := &m.keys[i]; len(key.args) == 0 {
			m.literal = append(m.literal, key.lits[0])
		} else if opts := e.params[key.args[0]-1].options; opts != nil {
			for _, o := range opts {
				m.options[i] = append(m.options[i], key.lits[0]+o+key.lits[len(key.lits)-1])
			}
		}
	}
	m.plain = len(m.literal) == len(e.query) && len(e.query) <= 64
	return m
}

// read reads the values of the endpoint's parameters into vals (one per
// parameter, all "") from the decoded segments of a request's path, which
// fit the endpoint's (see rnode.find), and its decoded query, then
// applies defaults and validates them. The elements of a list parameter
// ({name*}) go to lists, by parameter index (nil when the endpoint has no
// list parameter): the value of every pair with its key, in order; its
// value in vals stays "". It returns an error joining a *ValidationError
// for every parameter that is given twice, does not have the endpoint's
// form, or is invalid. It allocates only for errors, lists, multi-segment
// values of more than one segment, and endpoints with more than 32
// parameters.
func (m *matcher) read(segs []string, query []queryPair, vals []string, lists [][]string) error {
	e := m.e
	var buf [32]bool
	set := buf[:0]
	if len(e.params) <= len(buf) {
		set = buf[:len(e.params)]
	} else {
		set = make([]bool, len(e.params))
	}
	var errs []error
	if m.pathArg {
		errs = m.readPath(segs, vals, set)
	}
	for i := range e.query {
		key, value := &m.keys[i], &m.values[i]
		if len(key.args)+len(value.args) == 0 {
			continue // literal pairs are not required
		}
		if arg := m.listArg(i); arg > 0 {
			// A list, the whole value of a pair with a literal key (the
			// parser allows it nowhere else): every pair with the key.
			for j := range query {
				if qp := &query[j]; !qp.used && qp.key == key.lits[0] {
					qp.used = true
					lists[arg-1] = append(lists[arg-1], qp.value)
				}
			}
			continue
		}
		found, twice := -1, false
		switch {
		case len(key.args) == 0:
			// The common case, kept fast: a literal key.
			for j := range query {
				if query[j].key == key.lits[0] && !query[j].used {
					if found >= 0 {
						twice = true
						break
					}
					found = j
				}
			}
		case m.options[i] != nil:
			if found = m.firstOption(m.options[i], query); found >= 0 {
				twice = m.givenTwice(query[found].key, query[found+1:])
			}
		default:
			for j := range query {
				if !query[j].used && m.keyFits(key, query[j].key) {
					found = j
					break
				}
			}
		}
		if found < 0 {
			continue // absent: its parameters are unset
		}
		qp := &query[found]
		qp.used = true
		arg := value.args
		if len(key.args) > 0 {
			arg = key.args
		}
		if twice {
			// A key names one parameter: it must not be given twice.
			errs = append(errs, &ValidationError{e.name, e.params[arg[0]-1].name, "the query key " + quote(qp.key) + " is given more than once"})
			continue
		}
		ok := len(key.args) == 0 || key.match(qp.key, vals, set)
		if ok && e.query[i].hasValue {
			ok = value.match(qp.value, vals, set)
		}
		if !ok {
			errs = append(errs, &ValidationError{e.name, e.params[arg[0]-1].name, "the query pair " + quote(qp.key+"="+qp.value) + " does not have the endpoint's form"})
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return e.validateAll(vals, lists)
}

// listArg returns 1 + the index of the list parameter ({name*}) that is
// the value of query pair i, or 0.
func (m *matcher) listArg(i int) int {
	if v := &m.values[i]; m.lists && len(v.args) == 1 && m.e.params[v.args[0]-1].list {
		return v.args[0]
	}
	return 0
}

// readPath reads the values of the parameters of the path into vals, and
// returns the errors of segments that give a parameter two values or hold
// an escaped '/' in a multi-segment value. A multi-segment parameter
// ({+name}) takes the segments that the endpoint's other segments leave
// (the router has checked that there is at least one, and that none is
// empty, "." or ".."), joined by '/', without the literal text after it.
func (m *matcher) readPath(segs []string, vals []string, set []bool) []error {
	var errs []error
	extra := len(segs) - len(m.segs) // the segments a multi-segment value takes besides its last
	for i, j := 0, 0; i < len(m.segs); i, j = i+1, j+1 {
		p := &m.segs[i]
		switch {
		case len(p.args) == 0:
		case p.multi:
			parts := segs[j : j+extra+1]
			j += extra
			last := parts[len(parts)-1]
			last = last[:len(last)-len(p.lits[1])]
			v := last
			if extra > 0 {
				v = strings.Join(parts[:extra], "/") + "/" + last
			}
			bad := strings.IndexByte(last, '/') >= 0
			for _, s := range parts[:extra] {
				bad = bad || strings.IndexByte(s, '/') >= 0
			}
			if bad {
				errs = append(errs, &ValidationError{m.e.name, m.e.params[p.args[0]-1].name, "a segment of the path holds an escaped '/' (%2F): the value's '/' separate its segments"})
			} else if !store(vals, set, p.args[0], v) {
				errs = append(errs, &ValidationError{m.e.name, m.e.params[p.args[0]-1].name, "the path gives it two different values"})
			}
		case !p.match(segs[j], vals, set):
			errs = append(errs, &ValidationError{m.e.name, m.e.params[p.args[0]-1].name, "the path segment " + quote(segs[j]) + " gives it two different values"})
		}
	}
	return errs
}

// wholePart reports whether decoded path segment s can be a whole segment
// of a multi-segment value ({+name}): it is not empty, "." or "..".
func wholePart(s string) bool {
	return s != "" && s != "." && s != ".."
}

// fitsLast reports whether decoded path segment s can be the last segment
// of a value of p, a multi-segment pattern, after k whole segments (see
// wholePart): it ends in p's literal text, and what is before it is not
// "." or "..", nor empty when k > 0.
func (p *pattern) fitsLast(s string, k int) bool {
	last, ok := strings.CutSuffix(s, p.lits[1])
	return ok && last != "." && last != ".." && (last != "" || k == 0)
}

// readRaw is read for an endpoint whose query keys are all literal
// (m.plain), reading the raw query in one pass instead of its decoded
// pairs: text without escapes is neither decoded nor copied. A malformed
// escape is a 400 *StatusError. Each request pair goes to the first pair
// of the endpoint with its key; a key given twice is an error.
func (m *matcher) readRaw(segs []string, rawQuery string, vals []string, lists [][]string) error {
	e := m.e
	var buf [32]bool
	set := buf[:0]
	if len(e.params) <= len(buf) {
		set = buf[:len(e.params)]
	} else {
		set = make([]bool, len(e.params))
	}
	var errs []error
	if m.pathArg {
		errs = m.readPath(segs, vals, set)
	}
	var taken, twice uint64
	esc := escaped(rawQuery, '+') // whether any pair needs decoding
	for raw := rawQuery; raw != ""; {
		kv := raw
		raw = ""
		if i := strings.IndexByte(kv, '&'); i >= 0 {
			kv, raw = kv[:i], kv[i+1:]
		}
		if kv == "" {
			continue
		}
		k, v := kv, ""
		for i := 0; i < len(kv); i++ { // keys are short: a loop is faster than IndexByte
			if kv[i] == '=' {
				k, v = kv[:i], kv[i+1:]
				break
			}
		}
		if esc && escaped(kv, '+') {
			var err error
			if k, err = url.QueryUnescape(k); err == nil {
				v, err = url.QueryUnescape(v)
			}
			if err != nil {
				return &StatusError{StatusCode: http.StatusBadRequest, Message: "the query is not validly escaped: " + err.Error()}
			}
		}
		for i, key := range m.literal { // every key, in order: m is plain
			if key != k {
				continue
			}
			value := &m.values[i]
			if len(value.args) == 0 {
				continue
			}
			bit := uint64(1) << i
			if arg := m.listArg(i); arg > 0 {
				lists[arg-1] = append(lists[arg-1], v)
				break
			}
			switch {
			case taken&bit == 0:
				taken |= bit
				ok := true
				if arg := m.whole[i]; arg > 0 {
					ok = store(vals, set, arg, v) // the common case, without match's call
				} else if e.query[i].hasValue {
					ok = value.match(v, vals, set)
				}
				if !ok {
					errs = append(errs, &ValidationError{e.name, e.params[value.args[0]-1].name, "the query pair " + quote(k+"="+v) + " does not have the endpoint's form"})
				}
			case twice&bit == 0:
				twice |= bit
				errs = append(errs, &ValidationError{e.name, e.params[value.args[0]-1].name, "the query key " + quote(k) + " is given more than once"})
			}
			break
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return e.validateAll(vals, lists)
}

// givenTwice reports whether key is the key of one of the unused pairs.
func (m *matcher) givenTwice(key string, pairs []queryPair) bool {
	for j := range pairs {
		if pairs[j].key == key && !pairs[j].used {
			return true
		}
	}
	return false
}

// keyFits reports whether a request's query key fits a pair's key pattern
// with parameters: no literal key of the endpoint names it.
func (m *matcher) keyFits(key *pattern, k string) bool {
	return !m.isLiteral(k) && key.match(k, nil, nil)
}

// firstOption returns the index of the unused query pair whose key is the
// first of keys that is present, or -1. Keys that a literal key of the
// endpoint names are not taken.
func (m *matcher) firstOption(keys []string, query []queryPair) int {
	for _, k := range keys {
		if m.isLiteral(k) {
			continue
		}
		for j := range query {
			if !query[j].used && query[j].key == k {
				return j
			}
		}
	}
	return -1
}

// isLiteral reports whether k is a literal key of the endpoint's query.
func (m *matcher) isLiteral(k string) bool {
	for _, l := range m.literal {
		if k == l {
			return true
		}
	}
	return false
}

// validateAll is validate reporting every invalid parameter at once, as an
// error joining one *ValidationError per parameter. It replaces unset
// values by their defaults, in place. A list parameter's elements are in
// lists (see read): each must be valid; an empty list takes the default
// as a list of one.
func (e *endpoint) validateAll(vals []string, lists [][]string) error {
	var errs []error
	for i := range e.params {
		p := &e.params[i]
		if p.list && lists != nil {
			switch {
			case len(lists[i]) > 0:
				errs = e.checkList(p, lists[i], errs)
			case p.def != "":
				lists[i] = []string{p.def}
			case p.required:
				errs = append(errs, &ValidationError{e.name, p.name, "a value is required"})
			}
			continue
		}
		v := vals[i]
		if v == "" {
			if p.def == "" {
				if p.required {
					errs = append(errs, e.check(p, v))
				}
				continue
			}
			v = p.def
			vals[i] = v
		}
		if p.options != nil && !oneOf(v, p.options) {
			errs = append(errs, e.check(p, v))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// check returns the *ValidationError of value v of parameter p, or nil.
func (e *endpoint) check(p *param, v string) error {
	switch {
	case v == "" && p.required:
		return &ValidationError{e.name, p.name, "a value is required"}
	case v != "" && p.options != nil && !oneOf(v, p.options):
		return &ValidationError{e.name, p.name, "value " + quote(v) + " is not one of " + strings.Join(p.options, ", ")}
	}
	return nil
}
