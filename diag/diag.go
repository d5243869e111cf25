// Package diag holds the positioned diagnostics that apigen reports about a
// definition: errors and warnings, each with a file:line:col position, a
// code naming the kind of problem, and the other places it concerns.
//
// It is shared by every stage of the pipeline (parser, generators, lint,
// CLI) so that all of them speak about the input the same way: one
// formatting of positions (Pos), one mapping of byte offsets to lines
// (Lines), one JSON report (WriteJSON) for editors and CI. The List type
// follows go/scanner's ErrorList: diagnostics are collected, then sorted,
// and a run reports every problem of a file at once.
package diag

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apigen-go/apigen/internal/safetext"
)

// Severity tells an error from a warning.
type Severity int

const (
	// Error makes a definition unusable: nothing is generated.
	Error Severity = iota
	// Warning points at something suspicious that still has a defined meaning.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a position in a definition file. Line and Col are 1-based; Col
// counts bytes. Offset is the 0-based byte offset. A problem of the file as
// a whole (it cannot be read, or is misnamed) is at its start, 1:1: see
// FilePos.
type Pos struct {
	File   string
	Offset int
	Line   int
	Col    int
}

// FilePos returns the position of a problem of the file as a whole: its
// first byte, line 1, column 1.
func FilePos(file string) Pos { return Pos{File: file, Line: 1, Col: 1} }

// String formats the position as file:line:col. A Pos without a line (the
// zero Line) is taken as FilePos(File).
func (p Pos) String() string {
	return p.File + ":" + p.LineCol()
}

// LineCol formats the position as line:col, the form a message uses for
// another place in the same file ("first at 12:5").
func (p Pos) LineCol() string {
	p = p.valid()
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// valid returns p, or FilePos(p.File) when p has no line: positions are
// 1-based, and a tool reading them must never see line 0.
func (p Pos) valid() Pos {
	if p.Line < 1 {
		return FilePos(p.File)
	}
	if p.Col < 1 {
		p.Col = 1
	}
	return p
}

// Code names a kind of problem, so that editors and CI can tell them apart
// without reading messages. Codes are stable; docs/definition-format.md
// lists them.
type Code string

// The codes of apigen's diagnostics.
const (
	File           Code = "file"             // the file cannot be read, is too large or misnamed
	Syntax         Code = "syntax"           // not JSON with comments, or not UTF-8
	Kind           Code = "kind"             // a value of the wrong JSON kind
	DuplicateKey   Code = "duplicate-key"    // a key given twice in one object
	Metadata       Code = "metadata"         // a metadata key misused
	URL            Code = "url"              // a bad _url
	Method         Code = "method"           // a method array of the wrong shape
	HTTPMethod     Code = "http-method"      // an unknown or lower-case HTTP method
	Endpoint       Code = "endpoint"         // literal text or structure of an endpoint
	Tag            Code = "tag"              // the syntax of a parameter tag
	Option         Code = "option"           // options and defaults of a tag
	PathSegment    Code = "path-segment"     // a path value that cannot or may not be sent
	Argument       Code = "argument"         // an argument of apigen call that its parameter does not take
	Export         Code = "export"           // what an export format (OpenAPI, Core JSON) cannot say exactly
	Parameter      Code = "parameter"        // parameters that contradict each other
	Reference      Code = "reference"        // references to replacement values
	UnusedValue    Code = "unused-value"     // a replacement value nothing uses
	ResourceName   Code = "resource-name"    // a resource name against convention
	Package        Code = "package"          // no valid Go package name
	GoName         Code = "go-name"          // a name that cannot become a Go name
	GoNameConflict Code = "go-name-conflict" // two names that become one Go name
	Server         Code = "server"           // a definition that cannot be served unambiguously
	Event          Code = "event"            // an event array of the wrong shape, a bad event name, a repeated event type
)

// Diagnostic is one error or warning at a position.
type Diagnostic struct {
	Pos      Pos // where the problem starts
	End      Pos // where it ends (just after its last byte); zero when unknown
	Severity Severity
	Code     Code
	Msg      string
	Related  []Pos // other places the problem concerns: the first of two duplicates, the name another collides with
}

// String formats the diagnostic as "file:line:col: error: message".
func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Severity.String() + ": " + d.Msg
}

// List is a list of diagnostics. The zero value is an empty list.
type List []Diagnostic

// Errorf adds an error of kind code at pos. A pos without a line is taken
// as the start of its file, as by FilePos.
func (l *List) Errorf(pos Pos, code Code, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning of kind code at pos, as Errorf adds an error.
func (l *List) Warnf(pos Pos, code Code, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// Add adds a diagnostic. A position without a line is taken as the start
// of its file, as by FilePos.
func (l *List) Add(d Diagnostic) {
	d.Pos = d.Pos.valid()
	for i := range d.Related {
		d.Related[i] = d.Related[i].valid()
	}
	*l = append(*l, d)
}

// Sort orders the list by file, then offset, then errors before warnings,
// then message, and removes exact duplicates.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Offset != b.Pos.Offset {
			return a.Pos.Offset < b.Pos.Offset
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, d := range s {
		if i > 0 && same(d, s[i-1]) {
			continue
		}
		out = append(out, d)
	}
	*l = out
}

func same(a, b Diagnostic) bool {
	return a.Pos == b.Pos && a.End == b.End && a.Severity == b.Severity && a.Code == b.Code && a.Msg == b.Msg && slices.Equal(a.Related, b.Related)
}

// Count returns the number of errors and of warnings in the list.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether the list holds at least one error.
func (l List) HasErrors() bool {
	n, _ := l.Count()
	return n > 0
}

// Errors returns only the errors of the list.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the list's errors as an error value, or nil when there are
// none. Warnings never make an error.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Error implements the error interface: one diagnostic per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// MaxQuoted is the length in bytes from which Clip and Quote cut text short.
const MaxQuoted = 80

// Clip returns s, or when it is longer than MaxQuoted bytes, its beginning
// (cut at a character boundary) followed by "...", with every line break,
// control and format character written as a visible escape (as by
// safetext.OneLine). Messages that show text of the definition unquoted use
// it, so that no message grows with the size of the definition and none
// writes a terminal escape sequence or a line break that lint would print.
func Clip(s string) string {
	if c, cut := cutShort(s); cut {
		return safetext.OneLine(c) + "..."
	}
	return safetext.OneLine(s)
}

// Quote returns s quoted as by %q, cut short as by Clip: the "..." follows
// the closing quote.
func Quote(s string) string {
	if c, cut := cutShort(s); cut {
		return strconv.Quote(c) + "..."
	}
	return strconv.Quote(s)
}

func cutShort(s string) (string, bool) {
	if len(s) <= MaxQuoted {
		return s, false
	}
	i := MaxQuoted
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}
