package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/generator/corejson"
	"github.com/apigen-go/apigen/generator/openapi"
	"github.com/apigen-go/apigen/internal/fsout"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

// exportFormats are the targets of `apigen export`: each generates one
// file from a model, and recognizes the files it generated.
var exportFormats = map[string]struct {
	generate    func(api *model.API, oas string) (map[string][]byte, diag.List)
	isGenerated func([]byte) bool
}{
	"openapi": {
		func(api *model.API, oas string) (map[string][]byte, diag.List) {
			return openapi.Generate(api, openapi.Options{Version: oas})
		},
		openapi.IsGenerated,
	},
	"corejson": {
		func(api *model.API, _ string) (map[string][]byte, diag.List) {
			return corejson.Generate(api, corejson.Options{})
		},
		corejson.IsGenerated,
	},
}

func newExportCmd() *cobra.Command {
	var format, out, oas string
	cmd := &cobra.Command{
		Use:   "export --format openapi|corejson DEF.json [-o FILE]",
		Short: "Export a definition as an OpenAPI or Core JSON document",
		Long: `Export writes a definition in a format that tools of other ecosystems read:

  openapi   an OpenAPI 3.1 document (JSON, in definition order); --oas 3.0
            writes OpenAPI 3.0.3 for older tools
  corejson  a Core JSON document

The document goes to standard output, or to FILE with -o. Where the format
cannot say exactly what the definition says (a tag used as a query key, two
methods on one HTTP method and path, ...), a warning at the definition's
position says what the export did instead; warnings do not change the exit
code. Nothing is written when the definition has errors (exit 1), and -o
never overwrites a file that is not an export of apigen. See docs/export.md.`,
		Example: `  apigen export --format openapi definitions/helpdesk.json > helpdesk.openapi.json
  apigen export --format openapi --oas 3.0 -o helpdesk.openapi.json definitions/helpdesk.json
  apigen export --format corejson definitions/helpdesk.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("name one definition file, such as definitions/helpdesk.json (got %d)", len(args))
			}
			return nil
		},
		ValidArgsFunction: definitionFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, ok := exportFormats[format]
			if !ok {
				return fmt.Errorf("--format must be openapi or corejson, not %q", format)
			}
			if oas != "3.1" && oas != "3.0" {
				return fmt.Errorf("--oas must be 3.1 or 3.0, not %q", oas)
			}
			if oas != "3.1" && format != "openapi" {
				return fmt.Errorf("--oas applies to --format openapi only")
			}
			stderr := cmd.ErrOrStderr()
			api, list := parser.ParseFile(args[0])
			if list.HasErrors() {
				writeDiagnostics(stderr, list.Errors())
				fmt.Fprintln(stderr, "apigen: nothing was written")
				return &exitError{exitFail}
			}
			files, diags := f.generate(api, oas)
			writeDiagnostics(stderr, diags)
			if diags.HasErrors() {
				fmt.Fprintln(stderr, "apigen: nothing was written")
				return &exitError{exitFail}
			}
			var name string
			var content []byte
			for n, c := range files {
				name, content = n, c
			}
			if out == "" {
				_, err := cmd.OutOrStdout().Write(content)
				return err
			}
			name = filepath.Base(out)
			o := fsout.Output{Dir: filepath.Dir(out), Files: map[string][]byte{name: content}, Pattern: name, IsOurs: f.isGenerated}
			return writeOutputs(cmd, []fsout.Output{o}, false)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "the format: openapi or corejson (required)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the document to this file instead of standard output")
	cmd.Flags().StringVar(&oas, "oas", "3.1", "the OpenAPI version to write: 3.1, or 3.0 (3.0.3) for older tools")
	cmd.MarkFlagRequired("format")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"openapi", "corejson"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("oas", cobra.FixedCompletions([]string{"3.1", "3.0"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
