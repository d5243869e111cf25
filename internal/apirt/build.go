package apirt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Building a request from an endpoint and values: the URL after a base URL,
// with every value escaped so that it cannot change the URL's structure,
// and the JSON body.

// normalizeBase checks a base URL and returns it in canonical form, ready
// for an endpoint path to be joined to it with one '/': its path escaped
// like the literal text of an endpoint (so net/http sends it as written),
// without trailing slashes. Its errors never quote user info or a query.
func normalizeBase(s string) (string, error) {
	if strings.ContainsAny(s, "?#") {
		return "", errors.New("base URL " + quote(shownBase(s)) + " must not have a query or fragment")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Parse's message quotes the URL, user info included: parse
		// the URL again without it for a message that shows no secret.
		shown := shownBase(s)
		why := "the user info does not parse"
		if _, err := url.Parse(shown); err != nil {
			why = bare(err).Error()
		}
		return "", errors.New("invalid base URL " + quote(shown) + ": " + why)
	}
	name := u.Hostname() // url.Parse accepts hosts such as ":" and "::"
	if u.Scheme != "http" && u.Scheme != "https" || name == "" || strings.Contains(name, ":") && u.Host[0] != '[' {
		return "", errors.New("base URL " + quote(shownBase(s)) + " must start with http:// or https:// and name a host")
	}
	// url.Parse keeps the path as written in RawPath when that differs
	// from the default escaping of the decoded path.
	path := u.RawPath
	if path == "" {
		path = u.EscapedPath()
	}
	b := u.Scheme + "://"
	if u.User != nil {
		b += u.User.String() + "@"
	}
	host := strings.TrimSuffix(u.Host, ":") // an empty port, as net/http drops it
	return b + host + strings.TrimRight(escapeLiteral(path, false), "/"), nil
}

// shownBase returns the part of a base URL that errors may quote, even when
// it does not parse: without user info, query or fragment.
func shownBase(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	scheme := ""
	if i := strings.Index(s, "://"); i >= 0 && !strings.ContainsAny(s[:i], "/@") {
		scheme, s = s[:i+3], s[i+3:]
	}
	// The user info ends at the last '@' before the path.
	auth := s
	if i := strings.IndexByte(s, '/'); i >= 0 {
		auth = s[:i]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		s = s[i+1:]
	}
	return scheme + s
}

// escapeLiteral percent-encodes literal text of a URL path (or, with query
// true, of a query) into a canonical encoding that net/http sends exactly as
// written. It keeps unreserved characters, sub-delims, ':', '@', '/', valid
// %XX escapes and, in a query, '?'. Every other byte is encoded: non-ASCII
// characters as their UTF-8 bytes, a '%' that starts no escape as %25. The
// generator applies it to the literal text of endpoints, and NewClient to
// the path of the base URL.
func escapeLiteral(s string, query bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !keepLiteral(s, i, query) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; keepLiteral(s, i, query) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// keepLiteral reports whether escapeLiteral keeps s[i] as it is.
func keepLiteral(s string, i int, query bool) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
		return true
	case c == '?':
		return query
	case c == '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// encodeBody returns the JSON request body: the value of a single body
// parameter, or an object with a member per set parameter. It returns nil
// when there is nothing to send.
func (e *endpoint) encodeBody(vals []any) ([]byte, error) {
	if err := joinErrors(e.checkBody(vals, nil)); err != nil {
		return nil, err
	}
	return e.writeBody(vals)
}

// writeBody is encodeBody after checkBody.
func (e *endpoint) writeBody(vals []any) ([]byte, error) {
	var buf bytes.Buffer
	if len(e.body) > 1 {
		buf.WriteByte('{')
	}
	n := 0
	for i := range e.body {
		p := &e.body[i]
		v := vals[i]
		if v == nil {
			if p.def == "" {
				continue
			}
			v = p.def
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("%s: body parameter %s: %w", e.name, p.name, err)
		}
		if len(e.body) == 1 {
			return b, nil
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(p.name)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(b)
		n++
	}
	if len(e.body) == 1 {
		return nil, nil
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// buildURL validates vals (the values of e.params, in order; "" is unset)
// and lists (see checkValues), then returns base, a '/', the expanded path
// and the query. base must not end in '/'.
func (e *endpoint) buildURL(base string, vals []string, lists [][]string) (string, error) {
	errs := e.checkValues(vals, lists, nil)
	var b strings.Builder
	b.Grow(len(base) + 64)
	b.WriteString(base)
	b.WriteByte('/')
	if _, errs = e.writeURL(&b, vals, lists, errs); errs != nil {
		return "", joinErrors(errs)
	}
	return b.String(), nil
}

// writeURL writes the expanded path of e with vals, after checkValues, then
// its query, and returns the length of b where the query starts (b.Len()
// when there is none) and errs with a failure appended for each path
// segment that a value made "." or "..", and for each multi-segment value
// with an empty, "." or ".." segment.
func (e *endpoint) writeURL(b *strings.Builder, vals []string, lists [][]string, errs []error) (int, []error) {
	seg := b.Len() // where the current path segment starts
	argInSeg := 0  // 1 + index of the first parameter in the segment
	for _, pc := range e.path {
		if pc.arg > 0 {
			v := vals[pc.arg-1]
			if e.params[pc.arg-1].multi {
				var err error
				if seg, err = e.writeMulti(b, v, pc.arg); err != nil {
					errs = append(errs, err)
				}
			} else {
				writeEscaped(b, v, false)
			}
			if argInSeg == 0 {
				argInSeg = pc.arg
			}
			continue
		}
		lit := pc.lit
		for {
			i := strings.IndexByte(lit, '/')
			if i < 0 {
				b.WriteString(lit)
				break
			}
			b.WriteString(lit[:i])
			if err := e.checkSegment(b, seg, argInSeg); err != nil {
				errs = append(errs, err)
			}
			b.WriteByte('/')
			seg, argInSeg = b.Len(), 0
			lit = lit[i+1:]
		}
	}
	if err := e.checkSegment(b, seg, argInSeg); err != nil {
		errs = append(errs, err)
	}
	query := b.Len()
	sep := byte('?')
	for i := range e.query {
		q := &e.query[i]
		if lists != nil && len(q.value) == 1 && q.value[0].arg > 0 && e.params[q.value[0].arg-1].list && len(lists[q.value[0].arg-1]) > 0 {
			// A list ({name*}, the pair's whole value): key=element for
			// each element. The parser allows lists nowhere else.
			for _, v := range lists[q.value[0].arg-1] {
				b.WriteByte(sep)
				sep = '&'
				writeQuery(b, q.key, vals)
				b.WriteByte('=')
				writeEscaped(b, v, true)
			}
			continue
		}
		if !allSet(q.key, vals) || !allSet(q.value, vals) {
			continue
		}
		b.WriteByte(sep)
		sep = '&'
		writeQuery(b, q.key, vals)
		if q.hasValue {
			b.WriteByte('=')
			writeQuery(b, q.value, vals)
		}
	}
	return query, errs
}

// writeMulti writes v, the value of the multi-segment parameter arg
// ({+name}), which starts a path segment: each of its '/'-separated parts
// escaped as a path segment, joined by '/'. It returns where its last
// segment starts in b, and a failure when a part is empty, "." or "..",
// which would change the path's meaning; then it writes nothing. An unset
// value ("") writes nothing either.
func (e *endpoint) writeMulti(b *strings.Builder, v string, arg int) (int, error) {
	for rest := v; rest != ""; {
		part, more, ok := strings.Cut(rest, "/")
		if part == "" || part == "." || part == ".." || ok && more == "" {
			return b.Len(), &ValidationError{e.name, e.params[arg-1].name, "value " + quote(v) + " has an empty, \".\" or \"..\" segment"}
		}
		rest = more
	}
	seg := b.Len()
	for {
		part, more, ok := strings.Cut(v, "/")
		writeEscaped(b, part, false)
		if !ok {
			return seg, nil
		}
		b.WriteByte('/')
		seg, v = b.Len(), more
	}
}

// checkSegment rejects the path segment written in b from seg on when a
// parameter, the first in it is arg, made it "." or "..", which would move
// the request to another path. A segment longer than "%2E%2E" is neither,
// so most segments are ruled out by their length alone.
func (e *endpoint) checkSegment(b *strings.Builder, seg, arg int) error {
	if arg > 0 && b.Len()-seg <= len("%2E%2E") {
		if s := b.String()[seg:]; dotSegment(s) {
			return &ValidationError{e.name, e.params[arg-1].name, quote(s) + " cannot be a path segment"}
		}
	}
	return nil
}

// dotSegment reports whether seg is "." or "..", also where literal text
// writes a dot as %2E, which servers may decode before they resolve dots.
func dotSegment(seg string) bool {
	dots := 0
	for i := 0; i < len(seg); i++ {
		switch {
		case seg[i] == '.':
		case seg[i] == '%' && i+2 < len(seg) && seg[i+1] == '2' && seg[i+2]|0x20 == 'e':
			i += 2
		default:
			return false
		}
		dots++
	}
	return dots == 1 || dots == 2
}

func allSet(ps []piece, vals []string) bool {
	for _, pc := range ps {
		if pc.arg > 0 && vals[pc.arg-1] == "" {
			return false
		}
	}
	return true
}

func writeQuery(b *strings.Builder, ps []piece, vals []string) {
	for _, pc := range ps {
		if pc.arg > 0 {
			writeEscaped(b, vals[pc.arg-1], true)
		} else {
			b.WriteString(pc.lit)
		}
	}
}

// writeEscaped writes v escaped as one path segment (the bytes
// url.PathEscape returns) or, with query true, as one query key or value
// (the bytes of url.QueryEscape), without allocating.
func writeEscaped(b *strings.Builder, v string, query bool) {
	const hex = "0123456789ABCDEF"
	start := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if keepValue(c, query) {
			continue
		}
		b.WriteString(v[start:i])
		start = i + 1
		if c == ' ' && query {
			b.WriteByte('+')
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	b.WriteString(v[start:])
}

// keepValue reports whether writeEscaped writes c as it is: unreserved
// characters always, and in a path segment also $ & + = : @.
func keepValue(c byte, query bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
		return true
	case c == '$', c == '&', c == '+', c == '=', c == ':', c == '@':
		return !query
	}
	return false
}

// writeUnescaped writes s, an escaped path that writeURL wrote, with every
// %XX escape decoded: the form of url.URL.Path.
func writeUnescaped(b *strings.Builder, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteString(s[start:i])
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			start = i + 1
		}
	}
	b.WriteString(s[start:])
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
