package parser

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// Descriptions: a comment block directly above a key describes what the key
// defines (a method, a resource, a replacement value), and the _params
// metadata object describes parameters, for its resource and every one
// below it.

// comment is a comment of the definition's text: bytes [start, end) of
// the file, "//" up to the end of its line (without the line break), or
// "/*" to "*/".
type comment struct {
	start, end int
	line       bool // a "//" comment
	alone      bool // only spaces and tabs stand before it on its line
	// next is the offset of the first text on the line after the comment
	// (after its indentation), or -1 when more than spaces and tabs follow
	// the comment on its own line. A key at next is directly below it.
	next int
}

// scanSource reads src once, the way the JSON reader does (so that "//"
// inside a string is no comment), and returns its comments in order and
// the offset of the first comma that jsonc dropped as trailing although no
// value precedes it, as in [,] or {,}, which JSON with trailing commas
// still rejects (-1 when there is none). text is src as jsonc made it.
func scanSource(src, text []byte) ([]comment, int) {
	var out []comment
	comma := -1
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '/':
			start := i
			for i < len(src) && src[i] != '\n' {
				i++
			}
			out = append(out, comment{start: start, end: i, line: true, alone: aloneBefore(src, start), next: nextLine(src, i)})
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return out, comma // the JSON reader reports it
			}
			end += i + 4
			out = append(out, comment{start: i, end: end, alone: aloneBefore(src, i), next: nextLine(src, end)})
			i = end - 1
		case src[i] == ',' && text[i] == ' ' && comma < 0:
			j := i - 1
			for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
				j--
			}
			if j < 0 || text[j] == '[' || text[j] == '{' || text[j] == ',' {
				comma = i
			}
		}
	}
	return out, comma
}

// nextLine returns the offset of the first text on the line after the one
// where offset end is, after its indentation, when only spaces, tabs and a
// carriage return follow end on its line; otherwise -1. Each call reads
// the text from end to there once.
func nextLine(src []byte, end int) int {
	i := end
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r') {
		i++
	}
	if i == len(src) || src[i] != '\n' {
		return -1
	}
	for i++; i < len(src) && (src[i] == ' ' || src[i] == '\t'); i++ {
	}
	return i
}

// description returns the text of the comment block that describes the key
// starting at off, and the offset where it starts; "" when there is none.
// The key must be the first thing on its line, and the block must end on
// the line directly above it, alone on its lines: a run of "//" comments
// on consecutive lines, or one "/* */" comment.
func (r *resolver) description(off int) (string, int) {
	cs := r.comments
	k := sort.Search(len(cs), func(k int) bool { return cs[k].start >= off }) - 1
	if k < 0 || cs[k].next != off || !cs[k].alone {
		return "", 0
	}
	if !cs[k].line {
		return blockText(string(r.orig[cs[k].start+2 : cs[k].end-2])), cs[k].start
	}
	first := k
	for first > 0 && cs[first-1].line && cs[first-1].alone && cs[first-1].next == cs[first].start {
		first--
	}
	lines := make([]string, 0, k-first+1)
	for _, c := range cs[first : k+1] {
		line := strings.TrimRight(string(r.orig[c.start+2:c.end]), " \t\r")
		lines = append(lines, strings.TrimPrefix(line, " "))
	}
	return trimBlankLines(lines), cs[first].start
}

// aloneBefore reports whether only spaces and tabs stand between the start
// of the line of offset off and off. It reads no further back than the
// first other byte.
func aloneBefore(src []byte, off int) bool {
	for i := off - 1; i >= 0 && src[i] != '\n'; i-- {
		if src[i] != ' ' && src[i] != '\t' {
			return false
		}
	}
	return true
}

// blockText is the text of a "/* */" comment: each line without its
// indentation and a leading '*' (as in the " * " style), without leading
// and trailing blank lines.
func blockText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.Trim(l, " \t\r")
		if rest, ok := strings.CutPrefix(l, "*"); ok {
			l = strings.TrimPrefix(rest, " ")
		}
		lines[i] = l
	}
	return trimBlankLines(lines)
}

// trimBlankLines joins lines with "\n", leaving out blank lines at the
// start and the end.
func trimBlankLines(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// describe sets *text and *pos from the comment block above the key node,
// if it has one.
func (r *resolver) describe(key *node, text *string, pos *diag.Pos) {
	if d, off := r.description(key.off); d != "" {
		*text, *pos = d, r.pos(off)
	}
}

// paramScope holds the parameter descriptions (_params) visible in a
// resource: its own over its parent's.
type paramScope struct {
	parent *paramScope
	descs  map[string]*paramDesc
}

type paramDesc struct {
	name string
	text string
	key  *node // the entry's key, for positions
	pos  diag.Pos
	used bool
}

func (s *paramScope) lookup(name string) *paramDesc {
	for ; s != nil; s = s.parent {
		if d, ok := s.descs[name]; ok {
			return d
		}
	}
	return nil
}

// params reads a _params object into the resource's parameter scope ps.
func (r *resolver) params(ps *paramScope, m member) {
	if m.val.kind != kObject {
		r.errorf(m.val, diag.Kind, "\"_params\" must be an object of parameter descriptions, such as {\"view\": \"Which tickets to list.\"}, not %s", m.val.kind)
		return
	}
	for _, e := range m.val.members {
		name := e.key.str
		if e.val.kind != kString {
			r.errorf(e.val, diag.Kind, "\"_params\": the description of %s must be a string, not %s", diag.Quote(name), e.val.kind)
			continue
		}
		if !uritemplate.ValidName(name) {
			r.diags.Add(diag.Diagnostic{Pos: r.at(e.key), End: r.pos(e.key.end), Severity: diag.Error, Code: diag.Metadata,
				Msg: fmt.Sprintf("\"_params\": %s is not a parameter name: use letters, digits and _, not starting with a digit", diag.Quote(name))})
			continue
		}
		if old, dup := ps.descs[name]; dup {
			r.diags.Add(diag.Diagnostic{Pos: r.at(e.key), End: r.pos(e.key.end), Severity: diag.Warning, Code: diag.Metadata, Related: []diag.Pos{old.pos},
				Msg: fmt.Sprintf("\"_params\" describes %s twice in this object (first at %s): the last one is used", diag.Quote(name), old.pos.LineCol())})
			old.used = true // one warning is enough
		}
		d := &paramDesc{name: name, text: e.val.str, key: e.key, pos: r.at(e.key)}
		ps.descs[name] = d
		r.paramDescs = append(r.paramDescs, d)
	}
}

// describeParams gives the parameters of a method or an event their
// descriptions from the parameter scope.
func describeParams(params []*model.Param, ps *paramScope) {
	for _, p := range params {
		if d := ps.lookup(p.Name); d != nil {
			p.Description, p.DescriptionPos = d.text, d.pos
			d.used = true
		}
	}
}

// unusedParams warns about _params entries that describe no parameter of
// a method of their resource or below it.
func (r *resolver) unusedParams() {
	for _, d := range r.paramDescs {
		if !d.used {
			r.diags.Warnf(d.pos, diag.UnusedValue, "\"_params\" describes %s, which no method or event of this resource or below it has: remove the entry, or correct its name", diag.Quote(d.name))
		}
	}
}
