// Package parser reads an API definition and resolves it into the model.
//
// It is the first stage of apigen's pipeline (parse -> model -> generate):
// it reads JSON with comments (via github.com/tidwall/jsonc, which keeps byte
// offsets), keeps key order, classifies keys, expands replacement values,
// and parses endpoints and parameter tags (package uritemplate). The model
// it returns holds the definition's own names and positions; what each
// output target calls things (Go names, for one) is that target's choice.
// Every problem is reported as a positioned diagnostic; all of a file's
// problems are reported in one run.
package parser

import (
	"bytes"
	"fmt"
	"io"
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

// ParseFile reads and resolves the definition in the named file. The file
// must be a regular file (a symbolic link to one is followed): a device, a
// named pipe or a directory is refused before it is read, since reading
// one could block or never end. At most MaxFileSize bytes are ever read.
func ParseFile(filename string) (*model.API, diag.List) {
	var list diag.List
	at := diag.FilePos(filename)
	fi, err := os.Stat(filename)
	if err != nil {
		list.Errorf(at, diag.File, "cannot read the definition: %v", unwrapPathError(err))
		return nil, list
	}
	if !fi.Mode().IsRegular() {
		list.Errorf(at, diag.File, "cannot read the definition: it is %s, not a regular file; name a .json file", fileKind(fi.Mode()))
		return nil, list
	}
	if fi.Size() > MaxFileSize {
		list.Errorf(at, diag.File, "file is %d bytes; definitions are limited to %d MiB", fi.Size(), MaxFileSize>>20)
		return nil, list
	}
	src, err := readRegular(filename)
	if err != nil {
		list.Errorf(at, diag.File, "cannot read the definition: %v", unwrapPathError(err))
		return nil, list
	}
	return Parse(filename, src)
}

// errTooLarge is the error of readRegular for a file that grew past
// MaxFileSize after it was checked.
var errTooLarge = fmt.Errorf("it is larger than %d MiB, the limit for definitions", MaxFileSize>>20)

// readRegular reads the named file, which must still be a regular file when
// it is open (openNoBlock does not wait for a named pipe's writer), through
// a reader bounded at MaxFileSize.
func readRegular(filename string) ([]byte, error) {
	f, err := openNoBlock(filename)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("it is %s, not a regular file; name a .json file", fileKind(fi.Mode()))
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err == nil && len(src) > MaxFileSize {
		err = errTooLarge
	}
	return src, err
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// fileKind names the kind of a file that is not a regular file.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Parse resolves the definition src read from filename. The API name comes
// from filename, which must end in ".json". The returned API is nil when the
// text is not valid JSON; otherwise it is complete as far as the definition
// allows, and must not be used for generation when the list has errors.
func Parse(filename string, src []byte) (*model.API, diag.List) {
	r := &resolver{file: filename, siblingRefs: map[*node]bool{}}
	if len(src) > MaxFileSize {
		r.diags.Errorf(diag.FilePos(filename), diag.File, "file is %d bytes; definitions are limited to %d MiB", len(src), MaxFileSize>>20)
		return nil, r.diags
	}
	base := filepath.Base(filename)
	name, ok := strings.CutSuffix(base, ".json")
	if !ok || name == "" {
		r.diags.Errorf(diag.FilePos(filename), diag.File, "a definition file is named <api_name>.json; rename %q", base)
		return nil, r.diags
	}
	text := jsonc.ToJSON(src)
	if bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) {
		copy(text, "   ") // a byte order mark is allowed, and kept in columns
	}
	r.src, r.orig = text, src
	if !utf8.Valid(src) {
		off := invalidUTF8(src)
		r.diags.Errorf(r.pos(off), diag.Syntax, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[off])
		return nil, r.diags
	}
	// One pass finds the comments (every key looks for one above it) and
	// a comma with no value before it.
	comments, comma := scanSource(src, text)
	if comma >= 0 {
		r.diags.Errorf(r.pos(comma), diag.Syntax, "unexpected ',': a value is missing before it")
		return nil, r.diags
	}
	r.comments = comments
	root, serr := readJSON(text)
	if serr != nil {
		r.diags.Errorf(r.pos(serr.off), diag.Syntax, "%s", serr.msg)
		return nil, r.diags
	}
	if root.kind != kObject {
		r.diags.Errorf(r.pos(root.off), diag.Syntax, "a definition is a JSON object, not %s", root.kind)
		return nil, r.diags
	}
	r.api = &model.API{Name: name, File: filename}
	r.apiName(name)
	r.resolve(root)
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
		r.diags.Errorf(r.pos(0), diag.File, "API name %q (the file name without .json) may only hold letters, digits, '_', '-' and '.': rename the file, such as to %q", name, safe+".json")
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

// resolver turns the JSON tree into the model, collecting diagnostics.
type resolver struct {
	file  string
	src   []byte      // the JSON text: the file with comments blanked out
	orig  []byte      // the file as written, comments and all
	lines *diag.Lines // positions of offsets, made on first use
	diags diag.List
	api   *model.API
	vals  []*scopeVal // every replacement value, for the unused check
	// valueOf is the model's value of each value's string node: what
	// Param.Value names.
	valueOf map[*node]*model.Value

	resources, methods int // counts, to size maps

	siblingRefs map[*node]bool // values named by a sibling (an error, not "unused")

	eventTypes map[string]*model.Event // events by type, for duplicates
	comments   []comment               // the file's comments, in order
	paramDescs []*paramDesc            // every _params entry, for the unused check

	escapes map[*node][]escape // where the escapes of strings are, built on first use

	expanded     int  // bytes inserted by references to values, for MaxExpansion
	overExpanded bool // expansion went over MaxExpansion (reported once)
}

// escape is one escape sequence of a string: dec is its index in the decoded
// value, width the number of bytes it decodes to, and raw the index just
// after it in the string's text (counted from the byte after the quote).
type escape struct{ dec, width, raw int }

// strOffset returns the file offset of byte i of the decoded value of the
// string node n. For a string with escapes, it looks the escapes up with a
// binary search, so that any number of positions in a long string cost
// linear time. A byte inside the decoding of an escape maps to the offset
// just after the escape.
func (r *resolver) strOffset(n *node, i int) int {
	start := n.off + 1
	if !n.esc {
		return start + i
	}
	escs := r.escapesOf(n)
	k := sort.Search(len(escs), func(k int) bool { return escs[k].dec >= i }) - 1
	if k < 0 {
		return start + i
	}
	e := escs[k]
	if end := e.dec + e.width; i > end {
		return start + e.raw + i - end
	}
	return start + e.raw
}

// escapesOf returns the escapes of the string node n, in order.
func (r *resolver) escapesOf(n *node) []escape {
	if escs, ok := r.escapes[n]; ok {
		return escs
	}
	var escs []escape
	src, start := r.src, n.off+1
	for raw, d := start, 0; raw+1 < len(src) && src[raw] != '"'; {
		if src[raw] != '\\' {
			raw++
			d++
			continue
		}
		size, width := 2, 1
		if src[raw+1] == 'u' && raw+6 <= len(src) {
			// one escape (or a surrogate pair) gives 1 to 4 decoded bytes
			v, _ := strconv.ParseUint(string(src[raw+2:raw+6]), 16, 16)
			size, width = 6, utf8.RuneLen(rune(v))
			if 0xd800 <= v && v < 0xdc00 {
				size, width = 12, 4
			}
		}
		escs = append(escs, escape{dec: d, width: width, raw: raw + size - start})
		raw += size
		d += width
	}
	if r.escapes == nil {
		r.escapes = map[*node][]escape{}
	}
	r.escapes[n] = escs
	return escs
}

// pos converts a byte offset to a position.
func (r *resolver) pos(off int) diag.Pos {
	if r.lines == nil {
		r.lines = diag.NewLines(r.file, r.src)
	}
	return r.lines.Pos(off)
}

// lineCol formats an offset as "line:col", for messages about a second place.
func (r *resolver) lineCol(off int) string { return r.pos(off).LineCol() }

// at returns the position of a node's first byte.
func (r *resolver) at(n *node) diag.Pos { return r.pos(n.off) }

// errorf reports an error of kind code at node n, from its first byte to
// just after its last.
func (r *resolver) errorf(n *node, code diag.Code, format string, args ...any) {
	r.diags.Add(diag.Diagnostic{Pos: r.at(n), End: r.pos(n.end), Severity: diag.Error, Code: code, Msg: fmt.Sprintf(format, args...)})
}
