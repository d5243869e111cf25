package diag

import "sort"

// Lines maps the byte offsets of a file's text to positions: the one
// mapping every stage uses. The table of line starts is built on first
// use, so making a Lines costs nothing for a file without problems.
type Lines struct {
	file   string
	src    []byte
	starts []int // offsets of line starts; built on first use
}

// NewLines returns the positions of src, the text of file.
func NewLines(file string, src []byte) *Lines { return &Lines{file: file, src: src} }

// Pos returns the position of byte offset off (clamped to the text).
func (l *Lines) Pos(off int) Pos {
	if l.starts == nil {
		l.starts = append(l.starts, 0)
		for i, c := range l.src {
			if c == '\n' {
				l.starts = append(l.starts, i+1)
			}
		}
	}
	off = max(0, min(off, len(l.src)))
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off })
	return Pos{File: l.file, Offset: off, Line: line, Col: off - l.starts[line-1] + 1}
}
