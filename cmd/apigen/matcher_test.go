package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProblemMatcher runs the problem matcher of docs (for GitHub Actions
// and, with the same pattern, VS Code) on apigen lint's output: each
// diagnostic line gives its file, line, column, severity and message, and
// the summary line is not a problem.
func TestProblemMatcher(t *testing.T) {
	b, err := os.ReadFile("../../docs/apigen-problem-matcher.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ProblemMatcher []struct {
			Pattern []struct {
				Regexp                                string
				File, Line, Column, Severity, Message int
			}
		}
	}
	if err := json.Unmarshal(b, &m); err != nil || len(m.ProblemMatcher) != 1 || len(m.ProblemMatcher[0].Pattern) != 1 {
		t.Fatalf("%v %+v", err, m)
	}
	p := m.ProblemMatcher[0].Pattern[0]
	rx := regexp.MustCompile(p.Regexp)
	if editors, _ := os.ReadFile("../../docs/editors.md"); !strings.Contains(string(editors), `"regexp": "`+strings.ReplaceAll(p.Regexp, `\`, `\\`)+`"`) {
		t.Errorf("docs/editors.md shows another pattern than %s", p.Regexp)
	}
	// A directory name with ": " in it must not confuse the pattern.
	dir := filepath.Join(t.TempDir(), "odd: 1:2: dir")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bad := writeFile(t, dir, "bad.json", "{\n  \"R\": {\"get\": [\"get\", \"/r/{id:x:a}\"]}\n}")
	_, _, stderr := apigen(t, "lint", bad)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	want := [][5]string{
		{bad, "2", "17", "warning", `HTTP method "get" should be upper case: "GET"`},
		{bad, "2", "32", "error", `default "x" is not one of the options a: add it to the options or change the default`},
	}
	if len(lines) != 3 {
		t.Fatalf("lint output:\n%s", stderr)
	}
	for i, w := range want {
		g := rx.FindStringSubmatch(lines[i])
		if g == nil {
			t.Errorf("no match: %s", lines[i])
			continue
		}
		got := [5]string{g[p.File], g[p.Line], g[p.Column], g[p.Severity], g[p.Message]}
		if got != w {
			t.Errorf("line %d: %q, want %q", i+1, got, w)
		}
	}
	if rx.MatchString(lines[2]) {
		t.Errorf("the summary line matches: %s", lines[2])
	}
}
