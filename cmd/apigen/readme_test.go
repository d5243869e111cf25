package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMENamesEveryFuzzTarget checks that the README's list of fuzz
// targets names every target of the repository with its package, so that
// a contributor who fuzzes by the README fuzzes them all.
func TestREADMENamesEveryFuzzTarget(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The sentence of the list: from "Fuzzing:" to the next list item.
	text := string(readme)
	start := strings.Index(text, "- Fuzzing:")
	if start < 0 {
		t.Fatal("README.md has no Fuzzing item")
	}
	end := strings.Index(text[start+1:], "\n- ")
	if end < 0 {
		t.Fatal("README.md's Fuzzing item does not end")
	}
	list := strings.Join(strings.Fields(text[start:start+1+end]), " ")

	fuzzFunc := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	found := 0
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "../..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pkg := "./" + filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../../")))
		for _, m := range fuzzFunc.FindAllStringSubmatch(string(src), -1) {
			found++
			name := "`" + m[1] + "`"
			i := strings.Index(list, name)
			if i < 0 {
				t.Errorf("README.md's list of fuzz targets lacks %s (%s)", name, path)
				continue
			}
			// The package follows its targets: "`A` and `B` in `./pkg`".
			if !strings.Contains(list[i:], "`"+pkg+"`") {
				t.Errorf("README.md's list of fuzz targets does not name %s's package `%s` after it", name, pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10 {
		t.Fatalf("found %d fuzz targets; the walk missed the repository's tests", found)
	}
}
