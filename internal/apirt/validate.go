package apirt

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validation: parameter values against their parameters (required values,
// options, and query pairs that must be given whole).

// shorten returns s when it has at most n bytes, or else its first n bytes
// or fewer, cut between two UTF-8 characters, and "...".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// ValidationError reports a parameter value that the API does not accept.
// No request was sent.
type ValidationError struct {
	Method string // the method's Go name, such as "Ticket.Get", or the type of an event
	Param  string // the parameter's name in the definition
	Reason string // what is wrong with the value
}

// Error returns a message naming the method, the parameter and the reason.
func (e *ValidationError) Error() string {
	return e.Method + ": parameter " + e.Param + ": " + e.Reason
}

// checkValues replaces unset values by their defaults, in place, checks
// every value against its parameter, and appends the failures to errs. lists holds the
// elements of the list parameters ({name*}) by parameter index (it may end
// after the last list parameter, and is read at list parameters only), or
// is nil when no list is given: a list parameter whose list is empty takes
// its value from vals, as other parameters do, which is how its default is
// sent.
func (e *endpoint) checkValues(vals []string, lists [][]string, errs []error) []error {
	for i := range e.query {
		if err := e.checkPair(&e.query[i], vals); err != nil {
			errs = append(errs, err)
		}
	}
	for i := range e.params {
		p := &e.params[i]
		if p.list && lists != nil && len(lists[i]) > 0 {
			errs = e.checkList(p, lists[i], errs)
			continue
		}
		v := vals[i]
		if v == "" {
			if p.required {
				errs = append(errs, &ValidationError{e.name, p.name, "a value is required"})
				continue
			}
			v = p.def
			vals[i] = v
		}
		if v != "" && p.options != nil && !oneOf(v, p.options) {
			errs = append(errs, &ValidationError{e.name, p.name, "value " + quote(v) + " is not one of " + strings.Join(p.options, ", ")})
		}
	}
	return errs
}

// checkList checks the elements of a list parameter: none may be empty,
// and each must be one of the options.
func (e *endpoint) checkList(p *param, list []string, errs []error) []error {
	for k, v := range list {
		switch {
		case v == "":
			errs = append(errs, &ValidationError{e.name, p.name, "element " + strconv.Itoa(k) + " is empty"})
		case p.options != nil && !oneOf(v, p.options):
			errs = append(errs, &ValidationError{e.name, p.name, "element " + strconv.Itoa(k) + ": value " + quote(v) + " is not one of " + strings.Join(p.options, ", ")})
		}
	}
	return errs
}

// checkBody checks the values of the body parameters (nil is unset),
// appending the failures to errs.
func (e *endpoint) checkBody(vals []any, errs []error) []error {
	for i := range e.body {
		p := &e.body[i]
		switch v := vals[i]; {
		case v == nil:
			if p.required {
				errs = append(errs, &ValidationError{e.name, p.name, "a value is required"})
			}
		case p.options != nil:
			if rv := reflect.ValueOf(v); rv.Kind() != reflect.String || !oneOf(rv.String(), p.options) {
				errs = append(errs, &ValidationError{e.name, p.name, fmt.Sprintf("value %v is not one of %s", v, strings.Join(p.options, ", "))})
			}
		}
	}
	return errs
}

// joinErrors returns nil, the one error of errs, or an errors.Join of them.
func joinErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// oneOf reports whether v is one of options. Every enum type's Valid method
// calls it, and the compiler also builds a pointer wrapper for each Valid, so
// it stays a call: inlined, its loop would be compiled twice per enum type,
// which made a large client about a fifth slower to recompile.
//
//go:noinline
func oneOf(v string, options []string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

// checkPair rejects values (before defaults) that set a parameter of the
// query pair q but leave another one unset with no default: the pair would
// be left out, and the caller's value silently with it.
func (e *endpoint) checkPair(q *pair, vals []string) error {
	given, unset := 0, 0 // 1 + index of a parameter of each kind
	for _, ps := range [...][]piece{q.key, q.value} {
		for _, pc := range ps {
			if pc.arg == 0 {
				continue
			}
			if p := &e.params[pc.arg-1]; vals[pc.arg-1] != "" {
				given = pc.arg
			} else if !p.required && p.def == "" && unset == 0 {
				unset = pc.arg // a required one fails on its own
			}
		}
	}
	if given > 0 && unset > 0 {
		return &ValidationError{e.name, e.params[unset-1].name, "a value is required when " + e.params[given-1].name + " is set: they form one query pair"}
	}
	return nil
}

// quote returns v in double quotes and Go's escapes, shortened when it is
// long.
func quote(v string) string {
	return strconv.Quote(shorten(v, 40))
}
