package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// apigen runs the CLI in-process and returns its exit code and output.
func apigen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLintExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.json", `{"R": {"get": ["GET", "/r/{id}"]}}`)
	warn := writeFile(t, dir, "warn.json", `{"R": {"get": ["get", "/r/{id}"]}}`)
	bad := writeFile(t, dir, "bad.json", `{"R": {"get": ["FETCH", "/r/{id"]}}`)

	tests := []struct {
		args       []string
		code       int
		stderrHas  []string
		stderrNone bool
	}{
		{[]string{"lint", clean}, 0, nil, true},
		{[]string{"lint", warn}, 0, []string{warn + ":1:16: warning: HTTP method \"get\" should be upper case", "0 errors, 1 warning"}, false},
		{[]string{"lint", "--strict", warn}, 1, []string{"warning"}, false},
		{[]string{"lint", bad, clean, warn}, 1, []string{
			bad + ":1:16: error: unknown HTTP method \"FETCH\"",
			bad + ":1:29: error: unclosed '{'",
			warn + ":1:16: warning:",
			"2 errors, 1 warning"}, false},
		{[]string{"lint"}, 2, []string{"name at least one definition file"}, false},
		{[]string{"lint", "--format", "xml", clean}, 2, []string{"--format must be text or json"}, false},
		{[]string{"lint", "--nope", clean}, 2, []string{"unknown flag: --nope"}, false},
		{[]string{"frobnicate"}, 2, []string{"unknown command \"frobnicate\""}, false},
		{[]string{"lint", filepath.Join(dir, "missing.json")}, 1, []string{"missing.json:1:1: error: cannot read the definition"}, false},
	}
	for _, tt := range tests {
		code, _, stderr := apigen(t, tt.args...)
		if code != tt.code {
			t.Errorf("apigen %v: exit %d, want %d\n%s", tt.args, code, tt.code, stderr)
		}
		for _, s := range tt.stderrHas {
			if !strings.Contains(stderr, s) {
				t.Errorf("apigen %v: stderr lacks %q:\n%s", tt.args, s, stderr)
			}
		}
		if tt.stderrNone && stderr != "" {
			t.Errorf("apigen %v: unexpected stderr:\n%s", tt.args, stderr)
		}
	}
}

// jsonReport and jsonDiagnostic read the JSON report, as an editor would.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
}

type jsonPos struct {
	File              string
	Line, Col, Offset int
}

type jsonDiagnostic struct {
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Col      int       `json:"col"`
	Offset   int       `json:"offset"`
	End      *jsonPos  `json:"end"`
	Severity string    `json:"severity"`
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Related  []jsonPos `json:"related"`
}

func (d jsonDiagnostic) String() string {
	s := fmt.Sprintf("%s:%d:%d(%d) %s %s %q", d.File, d.Line, d.Col, d.Offset, d.Severity, d.Code, d.Message)
	if d.End != nil {
		s += fmt.Sprintf(" end %d:%d(%d)", d.End.Line, d.End.Col, d.End.Offset)
	}
	for _, r := range d.Related {
		s += fmt.Sprintf(" related %s:%d:%d(%d)", r.File, r.Line, r.Col, r.Offset)
	}
	return s
}

// TestLintJSON checks the JSON report: positions, end positions, codes and
// related positions.
func TestLintJSON(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.json", "{\n  \"R\": {\"get\": [\"get\", \"/r/{id:x:a}\"]},\n  \"R\": {}\n}")
	code, stdout, stderr := apigen(t, "lint", "--format", "json", bad)
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	want := []string{
		bad + `:2:17(18) warning http-method "HTTP method \"get\" should be upper case: \"GET\""`,
		bad + `:2:32(33) error option "default \"x\" is not one of the options a: add it to the options or change the default"`,
		bad + `:3:3(44) error duplicate-key "\"R\" is defined twice in this object (first at 2:3): JSON keeps only the last one, so rename or remove one" end 3:6(47) related ` + bad + `:2:3(4)`,
	}
	var got []string
	for _, d := range rep.Diagnostics {
		got = append(got, d.String())
	}
	if rep.Errors != 2 || rep.Warnings != 1 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	clean := writeFile(t, dir, "clean.json", `{}`)
	_, stdout, _ = apigen(t, "lint", "--format", "json", clean)
	if !strings.Contains(stdout, `"diagnostics": []`) {
		t.Errorf("clean report = %s", stdout)
	}
}

func TestShippedDefinitionsLintClean(t *testing.T) {
	files, _ := filepath.Glob("../../definitions/*.json")
	if len(files) < 3 {
		t.Fatalf("want at least three shipped definitions, found %d", len(files))
	}
	for _, f := range files {
		code, _, stderr := apigen(t, "lint", f)
		if code != 0 {
			t.Errorf("%s does not lint clean:\n%s", f, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := apigen(t, "version")
	if code != 0 || stdout != "apigen "+version()+"\n" {
		t.Errorf("version: %d %q", code, stdout)
	}
	code, flag, _ := apigen(t, "--version")
	if code != 0 || flag != stdout {
		t.Errorf("--version: %d %q, want %q as from the version command", code, flag, stdout)
	}
}

// TestUsageErrors checks that a usage error names its command once and
// points at that command's help.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--nope"}, "apigen: unknown flag: --nope\nRun 'apigen --help' for usage.\n"},
		{[]string{"frobnicate"}, "apigen: unknown command \"frobnicate\" for \"apigen\"\nRun 'apigen --help' for usage.\n"},
		{[]string{"generate", "--nope", "x.json"}, "apigen generate: unknown flag: --nope\nRun 'apigen generate --help' for usage.\n"},
		{[]string{"docs"}, "apigen docs: name at least one definition file, such as definitions/helpdesk.json\nRun 'apigen docs --help' for usage.\n"},
		{[]string{"lint", "--format", "xml", "x.json"}, "apigen lint: --format must be text or json, not \"xml\"\nRun 'apigen lint --help' for usage.\n"},
		// Go's tools take -format; pflag would read -f -o -r..., and
		// -out=x as -o "ut=x", writing into the directory ut=x.
		{[]string{"lint", "-format", "json", "x.json"}, "apigen lint: -format: write --format, long flags take two dashes\nRun 'apigen lint --help' for usage.\n"},
		{[]string{"generate", "-out=x", "x.json"}, "apigen generate: -out=x: write --out, long flags take two dashes\nRun 'apigen generate --help' for usage.\n"},
		{[]string{"generate", "x.json", "-docs", "d"}, "apigen generate: -docs: write --docs, long flags take two dashes\nRun 'apigen generate --help' for usage.\n"},
		{[]string{"lint", "-zq", "x.json"}, "apigen lint: unknown shorthand flag: 'z' in -zq\nRun 'apigen lint --help' for usage.\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := apigen(t, tt.args...)
		if code != exitUsage || stdout != "" || stderr != tt.want {
			t.Errorf("apigen %q: exit %d, stdout %q, stderr\n%q\nwant exit 2 and\n%q", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// TestLintJSONFileLevelErrorsAreOneBased checks that problems of a whole
// file (unreadable, misnamed) are at line 1, column 1 in the JSON report and
// in text, never at line 0: positions are 1-based.
func TestLintJSONFileLevelErrorsAreOneBased(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	misnamed := writeFile(t, dir, "defs.txt", `{}`)
	code, stdout, _ := apigen(t, "lint", "--format", "json", missing, misnamed)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	want := []string{
		missing + `:1:1(0) error file "cannot read the definition: no such file or directory"`,
		misnamed + `:1:1(0) error file "a definition file is named <api_name>.json; rename \"defs.txt\""`,
	}
	var got []string
	for _, d := range rep.Diagnostics {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, _, stderr := apigen(t, "lint", missing)
	if !strings.HasPrefix(stderr, missing+":1:1: error: cannot read the definition") {
		t.Errorf("text: %s", stderr)
	}
}

// TestHelpPointsAtPublishedDocs checks that --help names the documentation
// by its published address, which an installed binary's user can open,
// for the version that was built, and prints the essentials of the format.
func TestHelpPointsAtPublishedDocs(t *testing.T) {
	for version, want := range map[string]string{
		"(devel)":                            "https://github.com/apigen-go/apigen/blob/main/docs",
		"":                                   "https://github.com/apigen-go/apigen/blob/main/docs",
		"v1.2.3":                             "https://github.com/apigen-go/apigen/blob/v1.2.3/docs",
		"v0.0.0-20261123114233-abcdef123456": "https://github.com/apigen-go/apigen/blob/abcdef123456/docs",
		"v1.2.4-0.20261123114233-abcdef123456+dirty": "https://github.com/apigen-go/apigen/blob/abcdef123456/docs",
		"v2.0.0+incompatible":                        "https://github.com/apigen-go/apigen/blob/v2.0.0/docs",
	} {
		if got := docsURL(version); got != want {
			t.Errorf("docsURL(%q) = %s, want %s", version, got, want)
		}
	}
	code, stdout, _ := apigen(t, "--help")
	docs := docsURL(version())
	for _, want := range []string{
		docs + "/definition-format.md", docs + "/go-client.md", docs + "/cli.md",
		`"root": "/tickets",`, "Parameter tags: {name} required",
	} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("apigen --help lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Count(stdout, "docs/") != strings.Count(stdout, docs+"/") {
		t.Errorf("apigen --help names a docs file by a path an installed binary's user does not have:\n%s", stdout)
	}
}
