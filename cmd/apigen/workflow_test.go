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
	if testing.Short() {
		t.Skip("runs the go command in a new module")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs/go-client.md"))
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

	mod := t.TempDir()
	def, err := os.ReadFile(filepath.Join(root, "definitions/helpdesk.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":                       "module example.com/user\n\ngo 1.24\n",
		"definitions/helpdesk.json":    string(def),
		"clients/helpdesk/generate.go": "// Package helpdesk is a client of the helpdesk API.\npackage helpdesk\n\n" + generate + "\n",
		"cmd/demo/main.go":             demoProgram,
	}
	for name, content := range files {
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
		"-tool="+getTool)
	goCmd("mod", "tidy") // the go.sum lines that go get would write
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
