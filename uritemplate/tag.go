// Package uritemplate parses apigen's endpoint templates and parameter tags:
// the grammar of an endpoint, with the position of every problem.
//
// The parser calls it with the endpoint text after replacement values are
// expanded, and keeps the parsed Template in the model. What a template
// means on the wire (escaping, building a request, reading one back) is
// defined once, by the runtime (internal/apirt): a Template's pieces number
// parameters the way the runtime's endpoint tables do, and apirt.NewEndpoint
// turns a Template into a table. This package does not depend on the
// runtime, so neither does the parser.
//
// A template is the endpoint text after replacement values are expanded:
//
//	template = path [ "?" query ]
//	path     = *( literal / tag )
//	query    = pair *( "&" pair )
//	pair     = key [ "=" value ]        ; empty pairs are dropped with a warning
//	key      = 1*( literal / tag )
//	value    = *( literal / tag )
//	tag      = "{" name [ ":" req-or-default [ ":" options ] ] "}"
//
// Problems are reported with byte indexes into the parsed text; the caller
// maps them to file positions.
package uritemplate

import (
	"fmt"
	"strings"

	"github.com/apigen-go/apigen/diag"
)

// Tag is a parsed parameter tag.
type Tag struct {
	Name     string
	Required bool
	Default  string   // sent when the caller gives nothing; "" for none
	Options  []string // allowed values in order, without repeats; nil for any
	// MultiSegment marks {+name}: a path value that may hold '/', which
	// it keeps, so that it fills one or more whole path segments.
	MultiSegment bool
	// Repeated marks {name*}: a query value that is a list, sent as one
	// key=value pair per element.
	Repeated bool
}

// Problem is an error or warning found while parsing, at byte Index of the
// parsed text. Related, when not -1, is the index of an earlier place the
// problem refers to.
type Problem struct {
	Index   int
	Related int
	Warning bool
	Code    diag.Code
	Msg     string
}

func errAt(i int, code diag.Code, format string, args ...any) Problem {
	return Problem{Index: i, Related: -1, Code: code, Msg: fmt.Sprintf(format, args...)}
}

func warnAt(i int, code diag.Code, format string, args ...any) Problem {
	return Problem{Index: i, Related: -1, Warning: true, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// ParseTag parses the content of a tag (the text between its braces, or a
// body parameter entry, which uses the same syntax). base is the index of
// content in the caller's text; problems are reported relative to it.
//
//	tag-content    = [ "+" ] name [ "*" ] [ ":" req-or-default [ ":" options ] ]
//	name           = ( ALPHA / "_" ) *( ALPHA / DIGIT / "_" )
//
// A leading '+' marks a multi-segment path value ({+name}), a '*' after the
// name a repeated query value ({name*}); a tag cannot be both. Where each
// may stand is the template's to check (Parse); a body parameter entry may
// be neither, which its caller checks.
//
//	req-or-default = "" / "!" / default      ; optional / required / default
//	options        = option *( "," option )
func ParseTag(content string, base int) (Tag, []Problem) {
	var t Tag
	var probs []Problem
	for i := 0; i < len(content); i++ {
		if c := content[i]; c < 0x20 || c == 0x7f {
			probs = append(probs, errAt(base+i, diag.Tag, "control character %q in a tag: remove it", c))
			return Tag{Name: content}, probs
		}
	}
	if rest, ok := strings.CutPrefix(content, "+"); ok {
		t.MultiSegment = true
		content, base = rest, base+1
	}
	name, rest, hasRest := strings.Cut(content, ":")
	if n, ok := strings.CutSuffix(name, "*"); ok {
		t.Repeated = true
		name = n
		if t.MultiSegment {
			probs = append(probs, errAt(base-1, diag.Tag, "a tag is either a multi-segment path value ({+name}) or a repeated query value ({name*}), not both: remove the '+' or the '*'"))
		}
	}
	flags := 0 // the length of the '*' after the name
	if t.Repeated {
		flags = 1
	}
	if !ValidName(name) {
		if name == "" {
			probs = append(probs, errAt(base, diag.Tag, "a tag needs a parameter name, as in {ticket_id}"))
		} else {
			probs = append(probs, errAt(base, diag.Tag, "invalid parameter name %s: use ASCII letters, digits and _, not starting with a digit", diag.Quote(name)))
		}
	}
	t.Name = name
	if !hasRest {
		t.Required = true
		return t, probs
	}
	restAt := base + len(name) + flags + 1
	req, opts, hasOpts := strings.Cut(rest, ":")
	switch req {
	case "!":
		t.Required = true
	case "":
	default:
		t.Default = req
	}
	if !hasOpts {
		return t, probs
	}
	optsAt := restAt + len(req) + 1
	if i := strings.IndexByte(opts, ':'); i >= 0 {
		probs = append(probs, errAt(optsAt+i, diag.Tag, "too many ':' in tag %s: a tag is name, name:default or name:default:options", diag.Quote(content)))
		return t, probs
	}
	t.Options, probs = parseOptions(opts, optsAt, probs)
	if t.Default != "" && t.Options != nil && !contains(t.Options, t.Default) {
		probs = append(probs, errAt(restAt, diag.Option, "default %s is not one of the options %s: add it to the options or change the default", diag.Quote(t.Default), diag.Clip(strings.Join(t.Options, ","))))
	}
	return t, probs
}

func parseOptions(s string, at int, probs []Problem) ([]string, []Problem) {
	n := strings.Count(s, ",") + 1
	opts := make([]string, 0, n)
	// Long lists are checked for repeats with a set, short ones by search.
	var seen map[string]bool
	if n > optionSetAt {
		seen = make(map[string]bool, n)
	}
	for {
		opt, rest, more := strings.Cut(s, ",")
		trimmed := strings.TrimSpace(opt)
		switch {
		case trimmed == "":
			probs = append(probs, errAt(at, diag.Option, "empty option: remove the extra ',' or write the option"))
		case seen != nil && seen[trimmed], seen == nil && contains(opts, trimmed):
			probs = append(probs, warnAt(at, diag.Option, "option %s is repeated; it is kept once", diag.Quote(trimmed)))
		default:
			if trimmed != opt {
				probs = append(probs, warnAt(at, diag.Option, "option %s has spaces around it; they are removed", diag.Quote(trimmed)))
			}
			opts = append(opts, trimmed)
			if seen != nil {
				seen[trimmed] = true
			}
		}
		if !more {
			return opts, probs
		}
		at += len(opt) + 1
		s = rest
	}
}

// optionSetAt is the number of options from which repeats are found with a
// set rather than by searching the options read so far.
const optionSetAt = 16

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ValidName reports whether s is a valid parameter name:
// letters, digits and _, not starting with a digit.
func ValidName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// String prints the tag's content in canonical form, without braces:
// name, name:, name:default, name::a,b, name:!:a,b or name:default:a,b,
// with a '+' before the name of a multi-segment value and a '*' after the
// name of a repeated one.
func (t Tag) String() string { return t.print(-1) }

// short is the String of the tag cut short as by diag.Clip, for messages.
// It prints no more than it shows, however many options the tag has.
func (t Tag) short() string { return diag.Clip(t.print(diag.MaxQuoted + 1)) }

// print prints the canonical form, or with limit >= 0, a prefix of it at
// least limit bytes long (all of it when it is shorter).
func (t Tag) print(limit int) string {
	var b strings.Builder
	if t.MultiSegment {
		b.WriteByte('+')
	}
	b.WriteString(t.Name)
	if t.Repeated {
		b.WriteByte('*')
	}
	switch {
	case t.Options != nil && t.Required:
		b.WriteString(":!:")
	case t.Options != nil:
		b.WriteString(":" + t.Default + ":")
	case t.Required:
		return b.String()
	default:
		b.WriteString(":" + t.Default)
		return b.String()
	}
	for i, o := range t.Options {
		if limit >= 0 && b.Len() >= limit {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(o)
	}
	return b.String()
}

// Equal reports whether two tags mean the same parameter.
func (t Tag) Equal(u Tag) bool {
	if t.Name != u.Name || t.Required != u.Required || t.Default != u.Default || t.MultiSegment != u.MultiSegment || t.Repeated != u.Repeated || len(t.Options) != len(u.Options) || (t.Options == nil) != (u.Options == nil) {
		return false
	}
	for i := range t.Options {
		if t.Options[i] != u.Options[i] {
			return false
		}
	}
	return true
}
