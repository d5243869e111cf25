package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/lint"
)

func newLintCmd() *cobra.Command {
	var format, pkg string
	var strict, server bool
	cmd := &cobra.Command{
		Use:   "lint [--format text|json] [--strict] [--server] [-p PACKAGE] DEF...",
		Short: "Check definitions and report every problem with its position",
		Long: `Lint reads each definition and reports all of its errors and warnings at
once, as file:line:col: severity: message.

It exits with 0 when no definition has an error (warnings are printed), 1 when
any has an error (with --strict, also when any has a warning), and 2 when the
command line is wrong. Text diagnostics go to standard error; with
--format json, a JSON report goes to standard output.

What a generated server cannot serve without ambiguity (two tags side by
side in a path segment, a tag as a query key without options, two methods
whose requests cannot be told apart) is a warning; with --server, as for
'apigen generate --server', an error.

-p checks the definitions for the Go package name that 'apigen generate -p'
would be given, as when the API name gives none (an API named main).`,
		Example: `  apigen lint definitions/helpdesk.json
  apigen lint --strict definitions/*.json
  apigen lint --server definitions/helpdesk.json
  apigen lint --format json definitions/helpdesk.json | jq '.diagnostics[]'`,
		Args: requireDefinitions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format must be text or json, not %q", format)
			}
			var all diag.List
			for _, file := range args {
				_, list := lint.File(file, lint.Options{Package: pkg, Server: server})
				all = append(all, list...)
			}
			if format == "json" {
				if err := diag.WriteJSON(cmd.OutOrStdout(), all); err != nil {
					return err
				}
			} else {
				writeDiagnostics(cmd.ErrOrStderr(), all)
			}
			errs, warns := all.Count()
			if errs > 0 || strict && warns > 0 {
				return &exitError{exitFail}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text (file:line:col lines on stderr) or json (a report on stdout)")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail (exit 1) on warnings too")
	cmd.Flags().StringVarP(&pkg, "package", "p", "", "check for this Go package name instead of the one the API name gives")
	cmd.Flags().BoolVar(&server, "server", false, "check for a generated server: what it cannot serve without ambiguity is an error")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.ValidArgsFunction = definitionFiles
	return cmd
}

// requireDefinitions checks that at least one definition file is named.
func requireDefinitions(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return errors.New("name at least one definition file, such as definitions/helpdesk.json")
	}
	return nil
}

// writeDiagnostics prints diagnostics one per line, then a summary when
// there are any.
func writeDiagnostics(w io.Writer, list diag.List) {
	bw := bufio.NewWriter(w)
	printDiagnostics(bw, list)
	errs, warns := list.Count()
	if errs+warns > 0 {
		fmt.Fprintf(bw, "%s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	}
	bw.Flush()
}

// printDiagnostics prints diagnostics one per line, through a buffer: a
// definition may have many.
func printDiagnostics(w io.Writer, list diag.List) {
	bw := bufio.NewWriter(w)
	for _, d := range list {
		bw.WriteString(d.String())
		bw.WriteByte('\n')
	}
	bw.Flush()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
