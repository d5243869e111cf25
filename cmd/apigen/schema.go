package main

import (
	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/schema"
)

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the definition format, for editors",
		Long: `Schema prints the JSON Schema (draft-07) of apigen's definition format,
the same as schema/apigen.schema.json in apigen's repository. An editor uses
it to complete metadata keys and to flag what a schema can tell: a value of
the wrong kind, a method array of the wrong length, an unknown HTTP method,
an empty endpoint, an unbalanced brace. It cannot tell everything lint
does (duplicate keys, replacement values, option lists, Go names): run
apigen lint too. See docs/editors.md.`,
		Example: `  apigen schema > apigen.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(schema.JSON())
			return err
		},
	}
}
