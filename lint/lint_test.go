package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/apirt"
)

// expectRx finds expectations in line comments of testdata definitions:
//
//	// ERROR "regexp"            at the line's first non-blank character
//	// WARNING @"needle" "regexp" at the first occurrence of needle in the line
//
// A comment may hold several. In needle and regexp, \" stands for ".
var expectRx = regexp.MustCompile(`(ERROR|WARNING)(?:\s+@"((?:[^"\\]|\\.)*)")?\s+"((?:[^"\\]|\\.)*)"`)

type expectation struct {
	line, col int
	sev       diag.Severity
	rx        *regexp.Regexp
	text      string
}

func readExpectations(t *testing.T, src string) []expectation {
	var out []expectation
	for i, line := range strings.Split(src, "\n") {
		code, comment, ok := strings.Cut(line, "// ")
		if !ok || !expectRx.MatchString(comment) {
			continue
		}
		for _, m := range expectRx.FindAllStringSubmatch(comment, -1) {
			e := expectation{line: i + 1, sev: diag.Error, text: m[0]}
			if m[1] == "WARNING" {
				e.sev = diag.Warning
			}
			if m[2] != "" {
				needle := strings.ReplaceAll(m[2], `\"`, `"`)
				j := strings.Index(code, needle)
				if j < 0 {
					t.Fatalf("line %d: needle %q is not in the line", i+1, needle)
				}
				e.col = j + 1
			} else {
				e.col = len(code) - len(strings.TrimLeft(code, " \t")) + 1
			}
			e.rx = regexp.MustCompile(strings.ReplaceAll(m[3], `\"`, `"`))
			out = append(out, e)
		}
	}
	return out
}

// TestLintTestdata checks every diagnostic of testdata/lint/*.json (and of
// the shipped definitions, which must have none but the documented ones) against
// the expectations written in the file: each diagnostic must match one
// expectation at its exact line and column, and each expectation one
// diagnostic.
func TestLintTestdata(t *testing.T) {
	files, _ := filepath.Glob("../testdata/lint/*.json")
	shipped, _ := filepath.Glob("../definitions/*.json")
	if len(files) == 0 || len(shipped) == 0 {
		t.Fatal("no testdata")
	}
	files = append(files, shipped...)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, list := Source(file, src, Options{})
			want := readExpectations(t, string(src))
			used := make([]bool, len(want))
		next:
			for _, d := range list {
				if d.Code == "" {
					t.Errorf("%s has no code", d)
				}
				for i, e := range want {
					if !used[i] && e.line == d.Pos.Line && e.col == d.Pos.Col && e.sev == d.Severity && e.rx.MatchString(d.Msg) {
						used[i] = true
						continue next
					}
				}
				t.Errorf("unexpected %s", d)
			}
			for i, e := range want {
				if !used[i] {
					t.Errorf("%s:%d:%d: missing %s", file, e.line, e.col, e.text)
				}
			}
		})
	}
}

// TestPackageNames checks the file-level errors of API names that give no
// Go package name.
func TestPackageNames(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"2fa.json", "1:1: API name \"2fa\" gives no valid Go package name (\"2fa\")"},
		{"func.json", "1:1: API name \"func\" gives the package name \"func\", which is a Go keyword"},
	} {
		_, list := Source(tt.name, []byte(`{}`), Options{})
		if len(list) != 1 || !strings.HasPrefix(tt.want, strings.TrimPrefix(list[0].Pos.String(), tt.name+":")+": ") ||
			!strings.Contains(list[0].Msg, strings.SplitN(tt.want, ": ", 2)[1]) {
			t.Errorf("%s: got %v, want %s", tt.name, list, tt.want)
		}
	}
}

// TestServerOption checks that what a server cannot serve is a warning of
// lint and an error of lint with Options.Server, at the later method's
// position with the earlier one's as related.
func TestServerOption(t *testing.T) {
	src := []byte(`{
  "get": ["GET", "/t/{id}"],
  "find": ["GET", "/t/{name}"]
}`)
	for _, server := range []bool{false, true} {
		_, list := Source("s.json", src, Options{Server: server})
		want := diag.Warning
		if server {
			want = diag.Error
		}
		if len(list) != 1 || list[0].Severity != want || list[0].Code != diag.Server || list[0].Pos.String() != "s.json:3:3" ||
			len(list[0].Related) != 1 || list[0].Related[0].LineCol() != "2:3" || !strings.Contains(list[0].Msg, "Find GET from Get GET") {
			t.Errorf("server %v: %v", server, list)
		}
	}
}

// TestLintAcceptsTheBaseURLsNewClientAccepts protects the default base URL
// of generated clients: a _url that lint accepts is one that NewClient
// accepts too, or else NewClient("") of a lint-clean definition would
// always fail ("http://a::" parses as host "a:" with an empty port). Lint
// is stricter in one way only: a _url with user info is an error (it would
// be committed in generated code and docs), which NewClient accepts.
func TestLintAcceptsTheBaseURLsNewClientAccepts(t *testing.T) {
	for _, u := range []string{
		"http://::", "https://:::", "http://a::", "http://a::/v2", "http://[::1]", "http://[::1]:80/x",
		"http://h:", "http://h:8080", "https://h/ü", "http://user:p@ss@h/", "http://h%20x/",
		"http://[fe80::1%25en0]/", "http://h/a b", "HTTP://h", "http://h/%zz", "http://h.:80",
		"http://@h/", "http://u@/", "http://[::1]x/", "https://h/v2/", "http://h/%2f",
	} {
		_, list := Source("x.json", []byte(`{"_url": "`+u+`"}`), Options{})
		_, err := apirt.NormalizeBase(u)
		userInfo := strings.Contains(list.Error(), "must not hold a user name or password")
		if list.HasErrors() != (err != nil) && !(userInfo && err == nil) {
			t.Errorf("_url %q: lint says %v, NewClient says %v", u, list.Err(), err)
		}
	}
}
