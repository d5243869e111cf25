package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// packageFor decides the Go package name of a client generated into dir:
//
//  1. flag, the -p option, when it is set;
//  2. else the package of the Go files already in dir: those of the build
//     that are neither tests nor generated (their package clause is the
//     package's; apigen's own files from an earlier run may carry an old
//     name). Files that disagree are an error naming them;
//  3. else $GOPACKAGE, when dir is the directory that go generate runs the
//     command in (the current directory);
//  4. else "": the parser derives the name from the definition's file name.
func packageFor(dir, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	name, err := dirPackage(dir)
	if err != nil || name != "" {
		return name, err
	}
	if gp := os.Getenv("GOPACKAGE"); gp != "" && isWorkingDir(dir) {
		// An external test file's directive gets <pkg>_test.
		return strings.TrimSuffix(gp, "_test"), nil
	}
	return "", nil
}

// maxHeader is how much of a Go file is read to find its package clause.
const maxHeader = 1 << 20

// dirPackage returns the package name that the Go files of dir declare,
// ignoring test files, generated files (a "// Code generated ... DO NOT
// EDIT." line before the package clause, as go/ast.IsGenerated reads it),
// files the build leaves out (build constraints, names starting with _ or
// .), files of package documentation, and files whose package clause
// cannot be read. It returns "" when no file is left or dir does not exist.
func dirPackage(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s to find its package name: %w", dir, unwrapPath(err))
	}
	files := map[string][]string{} // package name -> files
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		// Only regular files are read (a link to one is followed, as the go
		// command does): a named pipe would block.
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		pkg, generated := packageClause(filepath.Join(dir, name))
		if pkg == "" || generated || pkg == "documentation" {
			continue
		}
		files[pkg] = append(files[pkg], name)
	}
	switch len(files) {
	case 0:
		return "", nil
	case 1:
		for pkg := range files {
			return pkg, nil
		}
	}
	var clauses []string
	for pkg, names := range files {
		for _, n := range names {
			clauses = append(clauses, fmt.Sprintf("%s (package %s)", filepath.Join(dir, n), pkg))
		}
	}
	sort.Strings(clauses)
	return "", fmt.Errorf("the Go files in %s are of different packages: %s; make their package clauses agree, or name the package with -p", dir, strings.Join(clauses, ", "))
}

// packageClause returns the package name of a Go file, and whether the
// file is generated; "" when its package clause cannot be read.
func packageClause(path string) (name string, generated bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxHeader))
	if err != nil {
		return "", false
	}
	file, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil || file.Name == nil {
		return "", false
	}
	return file.Name.Name, ast.IsGenerated(file)
}

// isWorkingDir reports whether dir is the current directory.
func isWorkingDir(dir string) bool {
	a, err1 := os.Stat(dir)
	b, err2 := os.Stat(".")
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
