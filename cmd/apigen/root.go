package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

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
	root := &cobra.Command{
		Use:   "apigen",
		Short: "Generate typed Go clients and API docs from compact JSON definitions",
		Long: `apigen reads compact JSON definitions of REST APIs (<api_name>.json: a tree
of resources, methods, replacement values and parameter tags) and checks them,
generates typed Go client packages that depend only on the standard library,
and writes Markdown API documentation.

See docs/definition-format.md for the definition format and docs/go-client.md
for the generated clients.`,
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
	return root
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
