package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// repoURL is where the project is published. An installed binary's user
// has no checkout, so help points at the documentation there.
const repoURL = "https://github.com/apigen-go/apigen"

// docsURL returns the address of the docs directory as of the given module
// version: the release's tag, the commit of a pseudo-version, or the main
// branch for a build from a checkout ("(devel)").
func docsURL(version string) string {
	ref := "main"
	v, _, _ := strings.Cut(version, "+") // +incompatible, +dirty
	switch {
	case !strings.HasPrefix(v, "v"):
	case pseudoVersion.MatchString(v):
		ref = v[len(v)-12:]
	default:
		ref = v
	}
	return repoURL + "/blob/" + ref + "/docs"
}

// pseudoVersion matches a Go pseudo-version, which ends in a timestamp and
// the 12 first hex digits of a commit.
var pseudoVersion = regexp.MustCompile(`[-.]\d{14}-[0-9a-f]{12}$`)

// Exit codes.
const (
	exitOK    = 0 // success
	exitFail  = 1 // the definitions have errors (or warnings with --strict)
	exitUsage = 2 // the command line is wrong
)

// exitError ends a command with an exit code; its message, if any, has been
// printed already.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run runs apigen with the given arguments and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	root.SetIn(stdin)
	if cmd, _, err := root.Find(args); err == nil {
		if flag, name := oneDashLong(cmd, args); flag != "" {
			path := cmd.CommandPath()
			fmt.Fprintf(stderr, "%s: %s: write --%s, long flags take two dashes\nRun '%s --help' for usage.\n", path, flag, name, path)
			return exitUsage
		}
	}
	cmd, err := root.ExecuteC()
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	default:
		// A usage error: name the command it belongs to (ExecuteC returns
		// the root when no command matched), once.
		path := cmd.CommandPath()
		fmt.Fprintf(stderr, "%s: %v\nRun '%s --help' for usage.\n", path, err, path)
		return exitUsage
	}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	docs := docsURL(version())
	root := &cobra.Command{
		Use:   "apigen",
		Short: "Generate typed Go clients and API docs from compact JSON definitions",
		Long: `apigen reads compact JSON definitions of REST APIs (<api_name>.json: a tree
of resources, methods, replacement values and parameter tags) and checks them,
generates typed Go client packages that depend only on the standard library,
and writes Markdown API documentation.

A definition in brief (JSON; // and /* */ comments and trailing commas are
allowed):

  {
    "_url": "https://desk.example.com/api/v2",   metadata: keys starting with _
    "root": "/tickets",                          a replacement value: {root}
    "Ticket": {                                  a resource: an object
      "list": ["GET", "{root}.json?view={view:open:open,closed}"],
      "update": ["PUT", "{root}/{ticket_id}.json", "ticket"]
    }                                            a method: [HTTP method,
  }                                              endpoint, body parameters]

Parameter tags: {name} required, {name:} optional, {name:x} default x,
{name::a,b} one of a or b, {name:!:a,b} required, one of a or b.

The documentation of this version:
  the definition format:  ` + docs + `/definition-format.md
  the generated clients:  ` + docs + `/go-client.md
  every command and flag: ` + docs + `/cli.md`,
		Example: `  apigen lint definitions/helpdesk.json
  apigen generate -o ./helpdesk --docs ./docs definitions/helpdesk.json
  apigen completion bash > /etc/bash_completion.d/apigen`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.Version = version()
	root.SetVersionTemplate("apigen {{.Version}}\n")
	root.InitDefaultVersionFlag() // now, so that docs/cli.md lists it
	root.Flags().Lookup("version").Usage = "print apigen's version, as the version command does"
	root.AddCommand(newLintCmd(), newGenerateCmd(), newDocsCmd(), newVersionCmd())
	root.AddCommand(newCallCmd(), newExportCmd(), newSchemaCmd())
	root.AddCommand(newMockCmd())
	return root
}

// oneDashLong returns the first argument that is a long flag of cmd written
// with one dash, as Go's own tools accept it ("-format json", "-out=dir").
// pflag reads those as shorthand flags: "-out=dir" as -o "ut=dir", which
// would write into the directory ut=dir.
func oneDashLong(cmd *cobra.Command, args []string) (flag, name string) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) < 3 || a[0] != '-' || a[1] == '-' {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if len(name) > 1 && (cmd.Flags().Lookup(name) != nil || cmd.InheritedFlags().Lookup(name) != nil) {
			return a, name
		}
	}
	return "", ""
}

// version returns the module version apigen was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print apigen's version",
		Example: "  apigen version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), "apigen", version())
			return nil
		},
	}
}
