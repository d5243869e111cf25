package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoToolWorkflow follows "Generating a client" in docs/go-client.md in a
// new module, as a user would: apigen recorded as a tool of the module, the
// go:generate line copied from the docs, go generate, then a program of the
// module that uses the client. It checks that the generated package imports
// nothing but the standard library. apigen is not fetched from a proxy here,
// so the docs' `go get -tool` becomes the go.mod lines it would write, with a
// replace pointing at this checkout.
func TestGoToolWorkflow(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs/go-client.md"))
	if err != nil {
		t.Fatal(err)
	}
	var getTool, generate string
	for _, line := range strings.Split(string(doc), "\n") {
		if s, ok := strings.CutPrefix(line, "go get -tool "); ok && getTool == "" {
			getTool = s
		}
		if strings.HasPrefix(line, "//go:generate ") && generate == "" {
			generate = line
		}
	}
	if getTool == "" || generate == "" {
		t.Fatal("docs/go-client.md lost its `go get -tool` or its //go:generate line")
	}
	mod, goCmd := toolModule(t, getTool, map[string]string{
		"clients/helpdesk/generate.go": "// Package helpdesk is a client of the helpdesk API.\npackage helpdesk\n\n" + generate + "\n",
		"cmd/demo/main.go":             demoProgram,
	})
	goCmd("generate", "./...")

	for _, name := range []string{"client.gen.go", "ticket.gen.go", "runtime.gen.go"} {
		if _, err := os.Stat(filepath.Join(mod, "clients/helpdesk", name)); err != nil {
			t.Errorf("go generate did not write %s: %v", name, err)
		}
	}
	deps := goCmd("list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./clients/helpdesk")
	if got := strings.Fields(deps); len(got) != 1 || got[0] != "example.com/user/clients/helpdesk" {
		t.Errorf("the generated package depends on more than the standard library: %v", got)
	}
	goCmd("vet", "./...")
	want := "GET /api/v2/tickets/42.json\n"
	if got := goCmd("run", "./cmd/demo"); got != want {
		t.Errorf("demo program printed %q, want %q", got, want)
	}
}

// TestGoGenerateUsesThePackageOfTheDirectory runs go generate in a new
// module where the go:generate line stands in a file of package hd2 while
// the definition is helpdesk.json: the client must be package hd2, and the
// module must build. apigen used to write package helpdesk there, and go
// build failed with "found packages helpdesk and hd2".
func TestGoGenerateUsesThePackageOfTheDirectory(t *testing.T) {
	_, goCmd := toolModule(t, "github.com/apigen-go/apigen/cmd/apigen", map[string]string{
		"clients/hd/generate.go": "// Package hd2 is a client of the helpdesk API.\npackage hd2\n\n" +
			"//go:generate go tool apigen generate -o . ../../definitions/helpdesk.json\n",
		"cmd/demo/main.go": strings.Replace(demoProgram,
			`"example.com/user/clients/helpdesk"`, `helpdesk "example.com/user/clients/hd"`, 1),
	})
	goCmd("generate", "./...")
	if got := goCmd("list", "-f", "{{.Name}}", "./clients/hd"); got != "hd2\n" {
		t.Errorf("the generated package is %q, want hd2", strings.TrimSpace(got))
	}
	goCmd("vet", "./...")
	if got, want := goCmd("run", "./cmd/demo"), "GET /api/v2/tickets/42.json\n"; got != want {
		t.Errorf("demo program printed %q, want %q", got, want)
	}
}

// repoRoot returns the root of this checkout.
func repoRoot(t *testing.T) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// toolModule makes a new module, example.com/user, with apigen recorded as
// a tool (the tool line that `go get -tool <tool>` writes, and a replace
// pointing at this checkout, since apigen is not fetched from a proxy here),
// definitions/helpdesk.json and the given files. It returns the module's
// directory and a function that runs the go command there and returns its
// output; an error fails the test. It skips with -short, or without a go
// command.
func toolModule(t *testing.T, tool string, files map[string]string) (string, func(args ...string) string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command in a new module")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root := repoRoot(t)
	def, err := os.ReadFile(filepath.Join(root, "definitions/helpdesk.json"))
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	all := map[string]string{
		"go.mod":                    "module example.com/user\n\ngo 1.24\n",
		"definitions/helpdesk.json": string(def),
	}
	for name, content := range files {
		all[name] = content
	}
	for name, content := range all {
		p := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gobin, args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("mod", "edit",
		"-require=github.com/apigen-go/apigen@v0.0.0",
		"-replace=github.com/apigen-go/apigen="+root,
		"-tool="+tool)
	goCmd("mod", "tidy") // the go.sum lines that go get would write
	return mod, goCmd
}

// demoProgram uses the generated client against a local server and prints
// the request the server received.
const demoProgram = `package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"example.com/user/clients/helpdesk"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s", r.Method, r.URL.RequestURI())
	}))
	defer srv.Close()
	c, err := helpdesk.NewClient(srv.URL + "/api/v2")
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.Ticket.Get(context.Background(), "42")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(resp.Body))
}
`
