// Package uritemplate parses apigen's endpoint templates and parameter tags
// and expands them into request URLs.
//
// It sits between the parser, which expands replacement values and hands it
// the resulting text, and the generators, which read the parsed Template.
// Expansion runs through internal/clientrt, the very code that generated
// clients carry, so apigen and its clients build the same URL.
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
)

// Tag is a parsed parameter tag.
type Tag struct {
	Name     string
	Required bool
	Default  string   // sent when the caller gives nothing; "" for none
	Options  []string // allowed values in order, without repeats; nil for any
}

// Problem is an error or warning found while parsing, at byte Index of the
// parsed text. Related, when not -1, is the index of an earlier place the
// problem refers to.
type Problem struct {
	Index   int
	Related int
	Warning bool
	Msg     string
}

func errAt(i int, format string, args ...any) Problem {
	return Problem{Index: i, Related: -1, Msg: fmt.Sprintf(format, args...)}
}

func warnAt(i int, format string, args ...any) Problem {
	return Problem{Index: i, Related: -1, Warning: true, Msg: fmt.Sprintf(format, args...)}
}

// ParseTag parses the content of a tag (the text between its braces, or a
// body parameter entry, which uses the same syntax). base is the index of
// content in the caller's text; problems are reported relative to it.
//
//	tag-content    = name [ ":" req-or-default [ ":" options ] ]
//	name           = ( ALPHA / "_" ) *( ALPHA / DIGIT / "_" )
//	req-or-default = "" / "!" / default      ; optional / required / default
//	options        = option *( "," option )
func ParseTag(content string, base int) (Tag, []Problem) {
	var t Tag
	var probs []Problem
	for i := 0; i < len(content); i++ {
		if c := content[i]; c < 0x20 || c == 0x7f {
			probs = append(probs, errAt(base+i, "control character %q in a tag: remove it", c))
			return Tag{Name: content}, probs
		}
	}
	name, rest, hasRest := strings.Cut(content, ":")
	if !ValidName(name) {
		if name == "" {
			probs = append(probs, errAt(base, "a tag needs a parameter name, as in {ticket_id}"))
		} else {
			probs = append(probs, errAt(base, "invalid parameter name %q: use letters, digits and _, not starting with a digit", name))
		}
	}
	t.Name = name
	if !hasRest {
		t.Required = true
		return t, probs
	}
	restAt := base + len(name) + 1
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
		probs = append(probs, errAt(optsAt+i, "too many ':' in tag %q: a tag is name, name:default or name:default:options", content))
		return t, probs
	}
	t.Options, probs = parseOptions(opts, optsAt, probs)
	if t.Default != "" && t.Options != nil && !contains(t.Options, t.Default) {
		probs = append(probs, errAt(restAt, "default %q is not one of the options %s: add it to the options or change the default", t.Default, strings.Join(t.Options, ",")))
	}
	return t, probs
}

func parseOptions(s string, at int, probs []Problem) ([]string, []Problem) {
	opts := make([]string, 0, strings.Count(s, ",")+1)
	for {
		opt, rest, more := strings.Cut(s, ",")
		trimmed := strings.TrimSpace(opt)
		switch {
		case trimmed == "":
			probs = append(probs, errAt(at, "empty option: remove the extra ',' or write the option"))
		case contains(opts, trimmed):
			probs = append(probs, warnAt(at, "option %q is repeated; it is kept once", trimmed))
		default:
			if trimmed != opt {
				probs = append(probs, warnAt(at, "option %q has spaces around it; they are removed", trimmed))
			}
			opts = append(opts, trimmed)
		}
		if !more {
			return opts, probs
		}
		at += len(opt) + 1
		s = rest
	}
}

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
// name, name:, name:default, name::a,b, name:!:a,b or name:default:a,b.
func (t Tag) String() string {
	s := t.Name
	switch {
	case t.Options != nil && t.Required:
		return s + ":!:" + strings.Join(t.Options, ",")
	case t.Options != nil:
		return s + ":" + t.Default + ":" + strings.Join(t.Options, ",")
	case t.Required:
		return s
	default:
		return s + ":" + t.Default
	}
}

// Equal reports whether two tags mean the same parameter.
func (t Tag) Equal(u Tag) bool {
	if t.Name != u.Name || t.Required != u.Required || t.Default != u.Default || len(t.Options) != len(u.Options) || (t.Options == nil) != (u.Options == nil) {
		return false
	}
	for i := range t.Options {
		if t.Options[i] != u.Options[i] {
			return false
		}
	}
	return true
}
