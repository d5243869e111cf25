// Package parser reads an API definition and resolves it into the model.
//
// It is the first stage of apigen's pipeline (parse -> model -> generate):
// it reads JSON with comments (via github.com/tidwall/jsonc, which keeps byte
// offsets), keeps key order, classifies keys, expands replacement values,
// parses endpoints and parameter tags (package uritemplate), and gives every
// element its Go names (package naming). Every problem is reported as a
// positioned diagnostic; all of a file's problems are reported in one run.
package parser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidwall/jsonc"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
)

// MaxFileSize is the size of the largest definition file accepted.
const MaxFileSize = 32 << 20

// Options changes how a definition is read.
type Options struct {
	// Package is the Go package name; "" derives it from the API name.
	Package string
}

// ParseFile reads and resolves the definition in the named file.
func ParseFile(filename string, opts Options) (*model.API, diag.List) {
	var list diag.List
	fi, err := os.Stat(filename)
	if err == nil && fi.Size() > MaxFileSize {
		list.Errorf(diag.Pos{File: filename}, "file is %d bytes; definitions are limited to %d MiB", fi.Size(), MaxFileSize>>20)
		return nil, list
	}
	src, err := os.ReadFile(filename)
	if err != nil {
		list.Errorf(diag.Pos{File: filename}, "cannot read the definition: %v", unwrapPathError(err))
		return nil, list
	}
	return Parse(filename, src, opts)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Parse resolves the definition src read from filename. The API name comes
// from filename, which must end in ".json". The returned API is nil when the
// text is not valid JSON; otherwise it is complete as far as the definition
// allows, and must not be used for generation when the list has errors.
func Parse(filename string, src []byte, opts Options) (*model.API, diag.List) {
	r := &resolver{file: filename, siblingRefs: map[*node]bool{}}
	if len(src) > MaxFileSize {
		r.diags.Errorf(diag.Pos{File: filename}, "file is %d bytes; definitions are limited to %d MiB", len(src), MaxFileSize>>20)
		return nil, r.diags
	}
	base := filepath.Base(filename)
	name, ok := strings.CutSuffix(base, ".json")
	if !ok || name == "" {
		r.diags.Errorf(diag.Pos{File: filename}, "a definition file is named <api_name>.json; rename %q", base)
		return nil, r.diags
	}
	text := jsonc.ToJSON(src)
	if bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) {
		copy(text, "   ") // a byte order mark is allowed, and kept in columns
	}
	r.src = text
	if !utf8.Valid(src) {
		off := invalidUTF8(src)
		r.diags.Errorf(r.pos(off), "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[off])
		return nil, r.diags
	}
	if off := emptyComma(src, text); off >= 0 {
		r.diags.Errorf(r.pos(off), "unexpected ',': a value is missing before it")
		return nil, r.diags
	}
	root, serr := readJSON(text)
	if serr != nil {
		r.diags.Errorf(r.pos(serr.off), "%s", serr.msg)
		return nil, r.diags
	}
	if root.kind != kObject {
		r.diags.Errorf(r.pos(root.off), "a definition is a JSON object, not %s", root.kind)
		return nil, r.diags
	}
	r.api = &model.API{Name: name, File: filename}
	r.apiName(name)
	r.resolve(root)
	r.assignNames(opts)
	r.diags.Sort()
	return r.api, r.diags
}

// apiName reports an API name with a character other than a letter, a
// digit, '_', '-' or '.'. The name is written into every generated file's
// header, which a newline, a quote or "-->" would break, so lint rejects
// what generate could not write.
func (r *resolver) apiName(name string) {
	ok := true
	safe := strings.Map(func(c rune) rune {
		if validNameRune(c) {
			return c
		}
		ok = false
		return '_'
	}, name)
	if !ok {
		r.diags.Errorf(r.pos(0), "API name %q (the file name without .json) may only hold letters, digits, '_', '-' and '.': rename the file, such as to %q", name, safe+".json")
	}
}

// validNameRune reports whether c may stand in an API name: a letter, a
// digit, '_', '-' or '.'.
func validNameRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '-' || c == '.'
}

func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// emptyComma finds a comma that jsonc dropped as trailing although no value
// precedes it, as in [,] or {,}, which JSON with trailing commas still
// rejects. It returns -1 when there is none. Commas in strings and comments
// are skipped.
func emptyComma(src, text []byte) int {
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return -1
			}
			i += end + 3
		case src[i] == ',' && text[i] == ' ':
			j := i - 1
			for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
				j--
			}
			if j < 0 || text[j] == '[' || text[j] == '{' || text[j] == ',' {
				return i
			}
		}
	}
	return -1
}

// resolver turns the JSON tree into the model, collecting diagnostics.
type resolver struct {
	file  string
	src   []byte // the JSON text: the file with comments blanked out
	lines []int  // offsets of line starts, built on first use
	diags diag.List
	api   *model.API
	vals  []*scopeVal // every replacement value, for the unused check

	resources, methods int // counts, to size maps

	siblingRefs map[*node]bool // values named by a sibling (an error, not "unused")
}

// pos converts a byte offset to a position.
func (r *resolver) pos(off int) diag.Pos {
	if r.lines == nil {
		r.lines = append(r.lines, 0)
		for i, c := range r.src {
			if c == '\n' {
				r.lines = append(r.lines, i+1)
			}
		}
	}
	line := sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off })
	return diag.Pos{File: r.file, Offset: off, Line: line, Col: off - r.lines[line-1] + 1}
}

// lineCol formats an offset as "line:col", for messages about a second place.
func (r *resolver) lineCol(off int) string {
	p := r.pos(off)
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// at returns the position of a node's first byte.
func (r *resolver) at(n *node) diag.Pos { return r.pos(n.off) }

func (r *resolver) errorf(n *node, format string, args ...any) {
	r.diags.Errorf(r.at(n), format, args...)
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
