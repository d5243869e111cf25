package apirt

import (
	"errors"
	"net/url"
	"strings"
)

// This file is not copied into generated packages: it is apigen's own
// reading of requests back (Match, MatchLists), which covers multi-segment
// ({+name}) and list ({name*}) parameters. A generated server reads
// requests with its router and matcher (router.go, match.go); the tests
// check that both read what a client builds alike (ReadRawAgrees).

// listPair is one key=value pair of a request's query, decoded.
type listPair struct {
	key, value string
	hasValue   bool
	used       bool // claimed by a pair of the endpoint
}

// parseListQuery decodes a raw query strictly: a malformed escape is an error.
// Empty pairs (as in "a=1&&b=2") are skipped.
func parseListQuery(raw string) ([]listPair, error) {
	var pairs []listPair
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		if kv == "" {
			continue
		}
		k, v, hasValue := strings.Cut(kv, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, err
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, listPair{key: key, value: value, hasValue: hasValue})
	}
	return pairs, nil
}

// matchAll is the inverse of buildURL (and of writeLists). path is a request's escaped path after
// the base URL's path and the '/' that joins them (what buildURL writes
// after base+"/"), rawQuery its raw query. It returns the values of
// e.params, in order, as buildURL would have been given them after
// defaults: an absent optional parameter holds its default. The elements
// of list parameters ({name*}) are in lists, by parameter index (their
// default as a list of one when the query has none), and their vals are
// ""; lists is nil when e has no list parameter. It returns errNoMatch
// when the path does not have the endpoint's shape, and otherwise an
// error joining a *ValidationError for every parameter that is malformed,
// given twice with different values, or invalid (see validateAll).
//
// Two parameters in one path segment or query value are split by the
// literal text between them, the first taking the shortest text: a value
// that holds that text does not round-trip, and without text between them
// the first is always empty. A parameter that names a query key and has no
// options takes the first key of the query that no literal key of the
// endpoint names. A multi-segment parameter ({+name}) takes every segment
// that the segments after it leave, at least one, none of them empty, "."
// or "..", and none holding an escaped '/'.
func (e *endpoint) matchAll(path, rawQuery string) ([]string, [][]string, error) {
	vals := make([]string, len(e.params))
	set := make([]bool, len(e.params))
	var lists [][]string
	for i := range e.params {
		if e.params[i].list {
			lists = make([][]string, len(e.params))
			break
		}
	}
	segs := e.segments()
	reqSegs := strings.Split(path, "/")
	multi := -1 // the segment of the multi-segment parameter, if any
	for i := range segs {
		if args := segs[i].args; len(args) == 1 && e.params[args[0]-1].multi {
			multi = i
		}
	}
	extra := len(reqSegs) - len(segs) // the segments a multi-segment value takes besides its last
	if extra < 0 || extra > 0 && multi < 0 {
		return nil, nil, errNoMatch
	}
	var errs []error
	for i, j := 0, 0; i < len(segs); i, j = i+1, j+1 {
		var parts []string // the whole segments of a multi-segment value, decoded
		if i == multi {
			for _, rs := range reqSegs[j : j+extra] {
				s, err := url.PathUnescape(rs)
				switch {
				case err != nil || strings.Contains(s, "/"):
					errs = append(errs, &ValidationError{e.name, e.params[segs[i].args[0]-1].name, "the path segment " + quote(rs) + " is not validly escaped, or holds an escaped '/'"})
				case s == "" || s == "." || s == "..":
					return nil, nil, errNoMatch
				}
				parts = append(parts, s)
			}
			j += extra
		}
		rs := reqSegs[j]
		s, err := url.PathUnescape(rs)
		if err != nil {
			if len(segs[i].args) == 0 {
				return nil, nil, errNoMatch
			}
			errs = append(errs, &ValidationError{e.name, e.params[segs[i].args[0]-1].name, "the path segment " + quote(rs) + " is not validly escaped"})
			continue
		}
		if len(segs[i].args) > 0 && (s == "." || s == "..") {
			return nil, nil, errNoMatch
		}
		if i != multi {
			if !segs[i].match(s, vals, set) {
				return nil, nil, errNoMatch
			}
			continue
		}
		// The last segment of a multi-segment value: its last part, then
		// literal text.
		last, ok := strings.CutSuffix(s, segs[i].lits[1])
		switch {
		case !ok:
			return nil, nil, errNoMatch
		case last == "" && extra > 0, last == "." || last == "..":
			return nil, nil, errNoMatch
		case strings.Contains(last, "/"):
			errs = append(errs, &ValidationError{e.name, e.params[segs[i].args[0]-1].name, "the path segment " + quote(rs) + " holds an escaped '/'"})
		}
		if !store(vals, set, segs[i].args[0], strings.Join(append(parts, last), "/")) {
			return nil, nil, errNoMatch
		}
	}
	query, err := parseListQuery(rawQuery)
	if err != nil {
		errs = append(errs, &ValidationError{e.name, "", "the query is not validly escaped: " + err.Error()})
		query = nil
	}
	errs = append(errs, e.matchListQuery(query, vals, lists, set)...)
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	if err := e.validateAll(vals, lists); err != nil {
		return nil, nil, err
	}
	return vals, lists, nil
}

// matchListQuery reads the values of the query's parameters into vals, and
// the elements of its list parameters into lists.
func (e *endpoint) matchListQuery(query []listPair, vals []string, lists [][]string, set []bool) []error {
	var errs []error
	// Keys named by literal keys of the endpoint are not taken by a
	// parameter key without options.
	literal := map[string]bool{}
	keys := make([]pattern, len(e.query))
	values := make([]pattern, len(e.query))
	for i := range e.query {
		keys[i] = patternOf(e.query[i].key, url.QueryUnescape)
		values[i] = patternOf(e.query[i].value, url.QueryUnescape)
		if len(keys[i].args) == 0 {
			literal[keys[i].lits[0]] = true
		}
	}
	for i := range e.query {
		q, key, value := &e.query[i], &keys[i], &values[i]
		if len(key.args)+len(value.args) == 0 {
			continue // literal pairs are not required
		}
		if len(value.args) == 1 && e.params[value.args[0]-1].list {
			// A list: the value of every pair with the key, which the
			// parser allows only as written.
			arg := value.args[0]
			for j := range query {
				if qp := &query[j]; !qp.used && qp.key == key.lits[0] {
					qp.used = true
					lists[arg-1] = append(lists[arg-1], qp.value)
				}
			}
			continue
		}
		var found int
		if len(key.args) > 0 && e.params[key.args[0]-1].options != nil {
			found = e.firstListOption(key, query, literal)
		} else {
			found = -1
			for j := range query {
				if query[j].used || !listKeyMatches(key, query[j].key, literal) {
					continue
				}
				if found < 0 {
					found = j
					continue
				}
				if len(key.args) == 0 {
					errs = append(errs, &ValidationError{e.name, e.params[value.args[0]-1].name, "the query key " + quote(key.lits[0]) + " is given more than once"})
				}
				break
			}
		}
		if found < 0 {
			continue // absent: its parameters are unset
		}
		qp := &query[found]
		qp.used = true
		ok := key.match(qp.key, vals, set)
		if ok && q.hasValue {
			ok = value.match(qp.value, vals, set)
		}
		if !ok {
			arg := value.args
			if len(key.args) > 0 {
				arg = key.args
			}
			errs = append(errs, &ValidationError{e.name, e.params[arg[0]-1].name, "the query pair " + quote(qp.key+"="+qp.value) + " does not have the endpoint's form"})
		}
	}
	return errs
}

// listKeyMatches reports whether a request's query key fits a pair's key
// pattern. A parameter key takes no key that a literal key of the endpoint
// names.
func listKeyMatches(key *pattern, k string, literal map[string]bool) bool {
	if len(key.args) == 0 {
		return k == key.lits[0]
	}
	if literal[k] {
		return false
	}
	first, last := key.lits[0], key.lits[len(key.lits)-1]
	return len(k) >= len(first)+len(last) && strings.HasPrefix(k, first) && strings.HasSuffix(k, last)
}

// firstListOption returns the index of the query pair whose key is the first of
// the options of a key parameter (with the key's literal text around it),
// or -1. Keys that a literal key of the endpoint names are not taken.
func (e *endpoint) firstListOption(key *pattern, query []listPair, literal map[string]bool) int {
	p := &e.params[key.args[0]-1]
	for _, o := range p.options {
		k := key.lits[0] + o + key.lits[len(key.lits)-1]
		if literal[k] {
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
