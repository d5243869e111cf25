package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite docs/cli.md")

// TestCLIReference checks that docs/cli.md is what the command tree gives.
func TestCLIReference(t *testing.T) {
	got, err := cliReference()
	if err != nil {
		t.Fatal(err)
	}
	const path = "../../docs/cli.md"
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s is stale or missing (%v); run go test ./cmd/apigen -update", path, err)
	}
}

// TestHelpIsComplete checks that every command has a description and an
// example, and every flag a description.
func TestHelpIsComplete(t *testing.T) {
	root := newRootCmd(nil, nil)
	root.InitDefaultCompletionCmd()
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		if c.Short == "" {
			t.Errorf("%s has no short description", c.CommandPath())
		}
		if c.Example == "" && (c == root || c.Parent() == root && c.Name() != "completion") {
			t.Errorf("%s has no example", c.CommandPath())
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if len(f.Usage) < 10 {
				t.Errorf("%s --%s has no helpful description", c.CommandPath(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, stdout, stderr := apigen(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, "apigen") || len(stdout) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes, %s", shell, code, len(stdout), stderr)
		}
	}
	// Dynamic completion of --format values.
	code, stdout, _ := apigen(t, "__complete", "lint", "--format", "")
	if code != 0 || !strings.Contains(stdout, "text\njson\n") {
		t.Errorf("completion of --format: %q", stdout)
	}
	// Definition arguments complete to .json files.
	_, stdout, _ = apigen(t, "__complete", "generate", "")
	if !strings.Contains(stdout, "json\n:8") {
		t.Errorf("completion of definitions: %q", stdout)
	}
}
