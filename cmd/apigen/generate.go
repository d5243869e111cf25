package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/generator"
	"github.com/apigen-go/apigen/internal/fsout"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

func newGenerateCmd() *cobra.Command {
	var outDir, pkg string
	var check bool
	cmd := &cobra.Command{
		Use:   "generate [-o DIR] [-p PACKAGE] [--check] DEF...",
		Short: "Generate typed Go client packages from definitions",
		Long: `Generate writes a Go client package for each definition: client.gen.go with
the API's types and methods, and runtime.gen.go with the code they share. The
package depends only on the standard library.

With one definition, the files go into DIR (-o, default the current
directory). With several, each package goes into DIR/<package>.

Nothing is written when a definition has errors (they are printed as
file:line:col), or when a file to be written exists without apigen's
generated-code header: apigen never overwrites a file it did not generate.
Files are replaced atomically, unchanged files are left alone, and generated
files that are no longer produced are removed.

With --check, nothing is written: the command prints a unified diff of what
would change and exits 1 when any generated file is stale. CI uses this.`,
		Example: `  apigen generate -o ./helpdesk definitions/helpdesk.json
  apigen generate -o ./clients definitions/*.json
  apigen generate --check -o ./helpdesk definitions/helpdesk.json

  # In a Go file of the package, for go generate:
  //go:generate go run github.com/apigen-go/apigen/cmd/apigen generate -o . ../../definitions/helpdesk.json`,
		Args: requireDefinitions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if pkg != "" && len(args) > 1 {
				return fmt.Errorf("-p names the package of one definition; with %d definitions, each gets its own package name", len(args))
			}
			apis, ok := parseAll(cmd.ErrOrStderr(), args, parser.Options{Package: pkg})
			if !ok {
				return &exitError{exitFail}
			}
			outs := make([]fsout.Output, 0, len(apis))
			for _, api := range apis {
				files, err := generator.Go(api)
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %s: %v\n", api.File, err)
					return &exitError{exitFail}
				}
				dir := outDir
				if len(apis) > 1 {
					dir = filepath.Join(outDir, api.Package)
				}
				outs = append(outs, fsout.Output{Dir: dir, Files: files, Pattern: "*.gen.go", IsOurs: generator.IsGenerated})
			}
			return writeOutputs(cmd, outs, check)
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", ".", "directory to write the package into (with several definitions: DIR/<package>)")
	cmd.Flags().StringVarP(&pkg, "package", "p", "", "Go package name (default: the API name in lower case, letters and digits only)")
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; print a diff and exit 1 if generated files are stale")
	return cmd
}

// parseAll parses the definitions and prints their errors. Warnings are only
// counted: 'apigen lint' shows them. It reports false when any has errors.
func parseAll(stderr io.Writer, files []string, opts parser.Options) ([]*model.API, bool) {
	var apis []*model.API
	var errs diag.List
	warnings := 0
	var warned []string
	for _, file := range files {
		api, list := parser.ParseFile(file, opts)
		errs = append(errs, list.Errors()...)
		if _, w := list.Count(); w > 0 {
			warnings += w
			warned = append(warned, file)
		}
		apis = append(apis, api)
	}
	if len(errs) > 0 {
		writeDiagnostics(stderr, errs)
		fmt.Fprintln(stderr, "apigen: nothing was written")
		return nil, false
	}
	if warnings > 0 {
		fmt.Fprintf(stderr, "apigen: %s; see them with: apigen lint %s\n", plural(warnings, "warning"), strings.Join(warned, " "))
	}
	return apis, true
}

// writeOutputs writes the outputs, or with check prints what would change.
func writeOutputs(cmd *cobra.Command, outs []fsout.Output, check bool) error {
	changes, err := fsout.Plan(outs)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %v\napigen: nothing was written\n", err)
		return &exitError{exitFail}
	}
	if check {
		if len(changes) == 0 {
			return nil
		}
		fmt.Fprint(cmd.OutOrStdout(), fsout.Diff(changes))
		fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %s out of date; run the same command without --check\n", plural(len(changes), "file"))
		return &exitError{exitFail}
	}
	if err := fsout.Apply(changes); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %v\n", err)
		return &exitError{exitFail}
	}
	return nil
}
