package clientrt

import (
	"net/url"
	"strings"
)

// endpoint describes how one API method builds its request URL: the path and
// query of its endpoint template in pieces, and its parameters.
type endpoint struct {
	name   string  // the method's Go name, such as "Ticket.Get", for errors
	path   []piece // path after the base URL, without its leading '/'
	query  []pair  // query pairs, in order
	params []param // the template's parameters; piece.arg refers to them
}

// piece is literal text, or the value of a parameter when arg > 0.
type piece struct {
	lit string
	arg int // 1 + index into endpoint.params; 0 for literal text
}

// pair is one key[=value] pair of the query. It is left out when a
// parameter in it is unset.
type pair struct {
	key, value []piece
	hasValue   bool // false for a bare key such as "?flag"
}

// param is a parameter of a template, with what a value must satisfy.
type param struct {
	name     string
	required bool
	def      string   // default sent when unset; "" for none
	options  []string // allowed values; nil for any
}

// ValidationError reports a parameter value that the API does not accept.
// No request was sent.
type ValidationError struct {
	Method string // the method's Go name, such as "Ticket.Get"
	Param  string // the parameter's name in the definition
	Reason string // what is wrong with the value
}

// Error returns a message naming the method, the parameter and the reason.
func (e *ValidationError) Error() string {
	return e.Method + ": parameter " + e.Param + ": " + e.Reason
}

// validate replaces unset values by their defaults, in place, and checks
// every value against its parameter.
func (e *endpoint) validate(vals []string) error {
	for i := range e.params {
		p := &e.params[i]
		v := vals[i]
		if v == "" {
			if p.required {
				return &ValidationError{e.name, p.name, "a value is required"}
			}
			v = p.def
			vals[i] = v
		}
		if v != "" && p.options != nil && !oneOf(v, p.options) {
			return &ValidationError{e.name, p.name, "value " + quote(v) + " is not one of " + strings.Join(p.options, ", ")}
		}
	}
	return nil
}

func oneOf(v string, options []string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

// quote returns v in double quotes, shortened when it is long.
func quote(v string) string {
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return `"` + v + `"`
}

// buildURL validates vals (the values of e.params, in order; "" is unset),
// then returns base, a '/', the expanded path and the query. base must not
// end in '/'.
func (e *endpoint) buildURL(base string, vals []string) (string, error) {
	if err := e.validate(vals); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(base) + 64)
	b.WriteString(base)
	b.WriteByte('/')
	seg := b.Len() // where the current path segment starts
	argInSeg := 0  // 1 + index of the first parameter in the segment
	for _, pc := range e.path {
		if pc.arg > 0 {
			b.WriteString(url.PathEscape(vals[pc.arg-1]))
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
			if err := e.checkSegment(b.String()[seg:], argInSeg); err != nil {
				return "", err
			}
			b.WriteByte('/')
			seg, argInSeg = b.Len(), 0
			lit = lit[i+1:]
		}
	}
	if err := e.checkSegment(b.String()[seg:], argInSeg); err != nil {
		return "", err
	}
	sep := byte('?')
	for i := range e.query {
		q := &e.query[i]
		if !allSet(q.key, vals) || !allSet(q.value, vals) {
			continue
		}
		b.WriteByte(sep)
		sep = '&'
		writeQuery(&b, q.key, vals)
		if q.hasValue {
			b.WriteByte('=')
			writeQuery(&b, q.value, vals)
		}
	}
	return b.String(), nil
}

// checkSegment rejects a path segment that a parameter made "." or "..",
// which would move the request to another path.
func (e *endpoint) checkSegment(seg string, arg int) error {
	if arg > 0 && (seg == "." || seg == "..") {
		return &ValidationError{e.name, e.params[arg-1].name, quote(seg) + " cannot be a path segment"}
	}
	return nil
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
			b.WriteString(url.QueryEscape(vals[pc.arg-1]))
		} else {
			b.WriteString(pc.lit)
		}
	}
}
