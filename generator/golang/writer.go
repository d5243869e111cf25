package golang

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"
)

// file is one generated Go file being written. Everything is written as
// text already in gofmt's form, which keeps generation fast (formatting
// dominated it when it ran over whole files); imports are collected as code
// asks for them and written when the file is finished. TestOutputIsFormatted
// checks that go/format leaves every generated file unchanged.
type file struct {
	header  string          // the generated-code line
	pkgDoc  string          // the package comment, "" for none
	pkg     string          // package name
	imports map[string]bool // import paths
	b       bytes.Buffer    // the declarations
}

func newFile(header, pkg string) *file {
	return &file{header: header, pkg: pkg, imports: map[string]bool{}}
}

// p writes its arguments, then a newline.
func (f *file) p(parts ...string) {
	for _, s := range parts {
		f.b.WriteString(s)
	}
	f.b.WriteByte('\n')
}

// use records that the file imports the standard library package path and
// returns the name to refer to it by.
func (f *file) use(path string) string {
	f.imports[path] = true
	return path[strings.LastIndexByte(path, '/')+1:]
}

// doc writes text as a comment of // lines at the given indentation; see
// writeComment.
func (f *file) doc(indent, text string) {
	writeComment(&f.b, indent, text)
}

// aligned writes rows of cells, one line each, with every cell but the last
// padded to the width of its column plus one space, as gofmt aligns the
// specs of a const block or the fields of a struct. A column whose cells
// are all empty takes no space at all, as gofmt drops it (the type column
// of a block of embedded fields: "StdParams // comment").
func (f *file) aligned(indent string, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row[:len(row)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		f.b.WriteString(indent)
		for i, cell := range row {
			f.b.WriteString(cell)
			if i < len(row)-1 && widths[i] > 0 {
				for n := utf8.RuneCountInString(cell); n <= widths[i]; n++ {
					f.b.WriteByte(' ')
				}
			}
		}
		f.b.WriteByte('\n')
	}
}

// bytes returns the whole file: header, package comment, package clause,
// imports and declarations.
func (f *file) bytes() []byte {
	var out bytes.Buffer
	out.Grow(f.b.Len() + 512)
	out.WriteString(f.header)
	out.WriteString("\n\n")
	if f.pkgDoc != "" {
		writeComment(&out, "", f.pkgDoc)
	}
	out.WriteString("package " + f.pkg + "\n")
	paths := make([]string, 0, len(f.imports))
	for p := range f.imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	switch len(paths) {
	case 0:
	case 1:
		out.WriteString("\nimport \"" + paths[0] + "\"\n")
	default:
		out.WriteString("\nimport (\n")
		for _, p := range paths {
			out.WriteString("\t\"" + p + "\"\n")
		}
		out.WriteString(")\n")
	}
	out.Write(f.b.Bytes())
	return out.Bytes()
}
