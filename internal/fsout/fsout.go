// Package fsout writes generated files safely: the only part of apigen that
// touches the disk, used by the CLI.
//
// A run is planned before anything is written: every output directory is
// compared with what should be there, and the whole run is refused when it
// would overwrite a file that apigen did not generate. Then files are written
// to temporary files and renamed into place, unchanged files are left alone
// (their modification times too), and generated files that are no longer
// produced are removed. The same plan gives the diff that --check prints.
//
// Each file is replaced atomically, but not the set of them: a run killed
// while renaming leaves some files new and some old (the next run fixes
// them), and one killed while writing leaves temporary files, which the next
// run removes (RemoveLeftovers).
package fsout

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
)

// Kind says what a Change does.
type Kind int

const (
	Create Kind = iota // a new file
	Update             // a generated file whose content changes
	Remove             // a generated file that is no longer produced
)

// Change is one file that a run changes.
type Change struct {
	Kind     Kind
	Path     string
	Old, New []byte
}

// Output is what one package or docs directory should contain.
type Output struct {
	Dir   string
	Files map[string][]byte // file name -> content
	// IsOurs says which existing files apigen may overwrite: those it
	// generated.
	IsOurs func(content []byte) bool
	// Stale files are removed: existing files of Dir that match Pattern (a
	// filepath.Match pattern), are not in Files, and that IsStale accepts
	// (IsOurs when IsStale is nil). A directory shared by several runs, such
	// as one of docs, removes only what this run generated before.
	Pattern string
	IsStale func(content []byte) bool
}

// Plan returns the changes that writing the outputs would make, in order of
// path. It returns an error, and no changes, when an output would overwrite
// a file that is not apigen's, or a directory cannot be read.
func Plan(outs []Output) ([]Change, error) {
	var changes []Change
	var errs []error
	for _, o := range outs {
		cs, err := planDir(o)
		if err != nil {
			errs = append(errs, err)
		}
		changes = append(changes, cs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

func planDir(o Output) ([]Change, error) {
	var changes []Change
	var errs []error
	names := make([]string, 0, len(o.Files))
	for n := range o.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(o.Dir, name)
		old, err := readExisting(path)
		var nr *notRegularError
		switch {
		case errors.Is(err, os.ErrNotExist):
			changes = append(changes, Change{Kind: Create, Path: path, New: o.Files[name]})
		case errors.As(err, &nr):
			errs = append(errs, fmt.Errorf("refusing to overwrite %s: it is %s, not a file that apigen generated; move it away, or write the output elsewhere", path, nr.kind))
		case err != nil:
			errs = append(errs, fmt.Errorf("cannot read %s: %w", path, unwrap(err)))
		case !o.IsOurs(old):
			errs = append(errs, fmt.Errorf("refusing to overwrite %s: it has no apigen generated-code header; move it away, or write the output elsewhere", path))
		case !bytes.Equal(old, o.Files[name]):
			changes = append(changes, Change{Kind: Update, Path: path, Old: old, New: o.Files[name]})
		}
	}
	existing, _ := filepath.Glob(filepath.Join(o.Dir, o.Pattern))
	for _, path := range existing {
		if _, keep := o.Files[filepath.Base(path)]; keep {
			continue
		}
		stale := o.IsStale
		if stale == nil {
			stale = o.IsOurs
		}
		old, err := readExisting(path)
		if err != nil || !stale(old) {
			continue // not ours, or not a regular file: leave it alone
		}
		changes = append(changes, Change{Kind: Remove, Path: path, Old: old})
	}
	return changes, errors.Join(errs...)
}

// notRegularError is the error of readExisting for what is not a regular
// file; kind says what it is.
type notRegularError struct{ kind string }

func (e *notRegularError) Error() string { return "it is " + e.kind + ", not a regular file" }

// readExisting reads a file that a run may replace or remove. Only a regular
// file is read, and never through a symbolic link: a link, a named pipe or a
// device in an output directory (a cloned repository may hold a link named
// client.gen.go to /dev/zero) gives a *notRegularError, and reading never
// waits for a pipe's writer.
func readExisting(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &notRegularError{fileKind(fi.Mode())}
	}
	f, err := openExisting(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() { // replaced since the Lstat
		return nil, &notRegularError{fileKind(fi.Mode())}
	}
	return io.ReadAll(f)
}

// fileKind names the kind of a file that is not a regular file.
func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Apply makes the changes. New content goes to temporary files in the
// target directories first; only when all are written are they renamed into
// place, so a failure to write leaves every old file as it was. Each rename
// replaces one file atomically; the set is not replaced at once. New files
// get mode 0644 less the umask. (Writing from several goroutines was tried:
// creating files in one directory does not get faster.)
func Apply(changes []Change) error {
	type pending struct{ tmp, path string }
	var written []pending
	cleanup := func() {
		for _, w := range written {
			os.Remove(w.tmp)
		}
	}
	for _, c := range changes {
		if c.Kind == Remove {
			continue
		}
		tmp, err := writeTemp(c)
		if err != nil {
			cleanup()
			return err
		}
		written = append(written, pending{tmp, c.Path})
	}
	for i, w := range written {
		if err := os.Rename(w.tmp, w.path); err != nil {
			for _, x := range written[i:] {
				os.Remove(x.tmp)
			}
			return fmt.Errorf("cannot replace %s: %w", w.path, err)
		}
	}
	for _, c := range changes {
		if c.Kind == Remove {
			if err := os.Remove(c.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("cannot remove stale %s: %w", c.Path, unwrap(err))
			}
		}
	}
	return nil
}

// tmpSeq makes temporary file names unique within the process.
var tmpSeq atomic.Int64

// writeTemp writes a change's new content to a new temporary file beside
// its path and returns the temporary file's name.
func writeTemp(c Change) (string, error) {
	dir := filepath.Dir(c.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create %s: %w", dir, unwrap(err))
	}
	for {
		tmp := tempName(c.Path, tmpSeq.Add(1))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue // left by a run that crashed: take another name
		}
		if err != nil {
			return "", fmt.Errorf("cannot write in %s: %w", dir, unwrap(err))
		}
		_, werr := f.Write(c.New)
		if err := errors.Join(werr, f.Close()); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("cannot write %s: %w", c.Path, err)
		}
		return tmp, nil
	}
}

// Diff returns a unified diff of the changes, as `diff -u` would print it.
func Diff(changes []Change) string {
	var b strings.Builder
	for _, c := range changes {
		oldName, newName := "a/"+filepath.ToSlash(c.Path), "b/"+filepath.ToSlash(c.Path)
		if filepath.IsAbs(c.Path) {
			oldName, newName = c.Path, c.Path
		}
		switch c.Kind {
		case Create:
			oldName = "/dev/null"
		case Remove:
			newName = "/dev/null"
		}
		b.WriteString(Unified(oldName, newName, c.Old, c.New))
	}
	return b.String()
}
