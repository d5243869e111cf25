package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/generator/markdown"
	"github.com/apigen-go/apigen/internal/fsout"
	"github.com/apigen-go/apigen/lint"
	"github.com/apigen-go/apigen/model"
)

func newGenerateCmd() *cobra.Command {
	var outDir, pkg, docsDir string
	var check, quiet, server, events bool
	cmd := &cobra.Command{
		Use:   "generate [-o DIR] [-p PACKAGE] [--server] [--events] [--docs DIR] [--check] [-q] DEF...",
		Short: "Generate typed Go client packages from definitions",
		Long: `Generate writes a Go client package for each definition: client.gen.go with
NewClient, Client and the top-level methods, one <resource>.gen.go per
top-level resource (a resource tree of more than 100 methods is split into
several files), and runtime.gen.go with the code they all share. The
package depends only on the standard library.

With one definition, the files go into DIR (-o, default the current
directory). With several, each package goes into DIR/<package>.

The package name is, in order: -p; the package of the Go files already in
the output directory (not tests, not generated files), so that a
go:generate line in a file of package hd2 generates package hd2; $GOPACKAGE
when generating into the directory that go generate runs in; the API name in
lower case, letters and digits only. Go files of the output directory that
disagree on their package are an error.

Errors and warnings are printed on standard error as
file:line:col: severity: message (-q leaves the warnings out). Nothing is
written when a definition has errors, or when a file to be written exists
without apigen's generated-code header: apigen never overwrites a file it
did not generate. Unchanged files are left alone, and generated files that
are no longer produced are removed. Each file is replaced atomically
(written to a temporary file, then renamed), but not the set of files: a
run interrupted while renaming can leave some files new and some old, which
the next run puts right. Temporary files that a killed run left
(.NAME.apigen-PID-N.tmp) are removed by the next run in that directory.

With --server, the package also gets the server half of the API
(server.gen.go, server_runtime.gen.go and problem_runtime.gen.go): the
Service interface to implement, a ...Request type per method,
UnimplementedService, and NewHandler, whose http.Handler routes and checks
every request as the definition says. What a server cannot serve without
ambiguity (two tags side by side in a path segment, a tag as a query key
without options, two methods whose requests cannot be told apart) is then
an error. Without --server, the server's files are removed as stale.

With --events, a definition with events also gets events.gen.go (a type
per event, EventHandler, NewEventReceiver), events_runtime.gen.go
(NewEventSender, signing and verifying) and problem_runtime.gen.go (the
RFC 9457 problem documents that the receiver, like the server, replies
with): the owner of the API fires its events with the sender, and
listeners receive them, signed webhooks in the Standard Webhooks
conventions. See docs/events.md.

With --docs DIR, the Markdown documentation of each definition is written
into DIR in the same run (see 'apigen docs').

With --check, nothing is written: the command prints a unified diff of what
would change and exits 1 when any generated file is stale. CI uses this.`,
		Example: `  apigen generate -o ./helpdesk definitions/helpdesk.json
  apigen generate -o ./clients definitions/*.json
  apigen generate --check -o ./helpdesk definitions/helpdesk.json
  apigen generate -o ./helpdesk --docs ./docs/api definitions/helpdesk.json
  apigen generate --server -o ./helpdesk definitions/helpdesk.json
  apigen generate --server --events -o ./helpdesk definitions/helpdesk.json

  # In a Go file of the package, for go generate, with apigen added to
  # go.mod by: go get -tool github.com/apigen-go/apigen/cmd/apigen
  //go:generate go tool apigen generate -o . ../../definitions/helpdesk.json`,
		Args: requireDefinitions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if pkg != "" && len(args) > 1 {
				return fmt.Errorf("-p names the package of one definition; with %d definitions, each gets its own package name", len(args))
			}
			apis, dirs, err := parseForGo(args, outDir, pkg, server)
			if err != nil {
				return nothingWritten(cmd.ErrOrStderr(), err)
			}
			if !report(cmd.ErrOrStderr(), apis, quiet, wroteNothing) {
				return &exitError{exitFail}
			}
			for _, p := range apis {
				if events && !quiet && len(p.api.Events()) == 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: warning: the definition has no events: --events adds nothing\n", p.file)
				}
			}
			// The docs are built while the Go packages are.
			withDocs := cmd.Flags().Changed("docs")
			var docs fsout.Output
			var docsErr error
			docsDone := make(chan struct{})
			go func() {
				defer close(docsDone)
				if withDocs {
					docs, docsErr = docsOutput(docsDir, apis)
				}
			}()
			outs, err := goOutputs(apis, dirs, golang.Options{Server: server, Events: events})
			<-docsDone
			if err == nil {
				err = docsErr
			}
			if err != nil {
				return nothingWritten(cmd.ErrOrStderr(), err)
			}
			if withDocs {
				outs = append(outs, docs)
			}
			return writeOutputs(cmd, outs, check)
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", ".", "directory to write the package into (with several definitions: DIR/<package>)")
	cmd.Flags().StringVarP(&pkg, "package", "p", "", "Go package name (default: that of the Go files in the output directory, else $GOPACKAGE under go generate, else the API name in lower case, letters and digits only)")
	cmd.Flags().BoolVar(&server, "server", false, "also generate the server half: Service, request types, UnimplementedService, NewHandler")
	cmd.Flags().BoolVar(&events, "events", false, "also generate the definition's events: typed events, a signed sender and a verifying receiver")
	cmd.Flags().StringVar(&docsDir, "docs", "", "also write the Markdown docs of each definition into this directory")
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; print a diff and exit 1 if generated files are stale")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "do not print warnings (errors are always printed)")
	cmd.MarkFlagDirname("out")
	cmd.MarkFlagDirname("docs")
	cmd.ValidArgsFunction = definitionFiles
	return cmd
}

// definitionFiles completes definition file arguments: *.json files.
func definitionFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
}

// parsed is a parsed definition, its diagnostics (lint's: the parser's and
// the Go target's), and its Go package name ("" derives it).
type parsed struct {
	file string
	api  *model.API
	list diag.List
	pkg  string
}

// parseForGo checks the definitions for generate, and returns the output
// directory of each: outDir for one definition, outDir/<package> for
// several. The package name follows packageFor; with several definitions
// the directory is named after the name derived from the API name, and a
// definition is checked again when the Go files already there name another
// package. With server, they are checked for a server too; without, the
// server's diagnostics are left out. An error is about the output
// directories, not a definition.
func parseForGo(files []string, outDir, pkg string, server bool) ([]parsed, []string, error) {
	lintFile := func(file, pkg string) (*model.API, diag.List) {
		api, list := lint.File(file, lint.Options{Package: pkg, Server: server})
		if !server {
			list = slices.DeleteFunc(list, func(d diag.Diagnostic) bool { return d.Code == diag.Server })
		}
		return api, list
	}
	if len(files) == 1 {
		name, err := packageFor(outDir, pkg)
		if err != nil {
			return nil, nil, err
		}
		api, list := lintFile(files[0], name)
		return []parsed{{files[0], api, list, name}}, []string{outDir}, nil
	}
	var out []parsed
	var dirs []string
	for _, file := range files {
		api, list := lintFile(file, "")
		dir, name := outDir, ""
		if api != nil && !list.HasErrors() {
			derived := golang.PackageName(api)
			dir = filepath.Join(outDir, derived)
			var err error
			name, err = packageFor(dir, "")
			if err != nil {
				return nil, nil, err
			}
			if name != "" && name != derived {
				api, list = lintFile(file, name)
			}
		}
		out = append(out, parsed{file, api, list, name})
		dirs = append(dirs, dir)
	}
	return out, dirs, nil
}

// goOutputs are the Go packages of the APIs, each in its directory, with
// their servers and events as opts says (its Package is set per file).
func goOutputs(ps []parsed, dirs []string, opts golang.Options) ([]fsout.Output, error) {
	var outs []fsout.Output
	byDir := map[string]string{}
	for i, p := range ps {
		dir := dirs[i]
		if other, dup := byDir[filepath.Clean(dir)]; dup {
			return nil, fmt.Errorf("%s and %s would both be written to %s: give them different names", other, p.file, dir)
		}
		byDir[filepath.Clean(dir)] = p.file
		out, err := goOutput(dir, p, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.file, err)
		}
		outs = append(outs, out)
	}
	return outs, nil
}

// goOutput is the Go package of a checked definition, to be written into
// dir.
func goOutput(dir string, p parsed, opts golang.Options) (fsout.Output, error) {
	opts.Package = p.pkg
	files, diags := golang.Generate(p.api, opts)
	return fsout.Output{Dir: dir, Files: files, Pattern: "*.gen.go", IsOurs: golang.IsGenerated}, diags.Err()
}

// docsOutput is the Markdown docs of the APIs, to be written into dir.
func docsOutput(dir string, ps []parsed) (fsout.Output, error) {
	headers := map[string]bool{}
	for _, p := range ps {
		headers[markdown.Header(p.file)] = true
	}
	out := fsout.Output{
		Dir: dir, Files: map[string][]byte{}, Pattern: "*.md", IsOurs: markdown.IsGenerated,
		// Several runs may share a docs directory: remove only pages
		// generated from this run's definitions.
		IsStale: func(content []byte) bool {
			line, _, _ := strings.Cut(string(content), "\n")
			return headers[line]
		},
	}
	from := map[string]string{}
	for _, p := range ps {
		files, diags := markdown.Generate(p.api, markdown.Options{Package: p.pkg})
		if err := diags.Err(); err != nil {
			return out, fmt.Errorf("%s: %w", p.file, err)
		}
		for name, content := range files {
			if other, dup := from[name]; dup {
				return out, fmt.Errorf("%s and %s would both be documented in %s: give them different names", other, p.file, filepath.Join(dir, name))
			}
			from[name] = p.file
			out.Files[name] = content
		}
	}
	return out, nil
}

func newDocsCmd() *cobra.Command {
	var outDir, pkg string
	var check, quiet bool
	cmd := &cobra.Command{
		Use:   "docs [-o DIR] [-p PACKAGE] [--check] [-q] DEF...",
		Short: "Generate Markdown API documentation from definitions",
		Long: `Docs writes <api_name>.md for each definition into DIR (-o, default the
current directory). The page has the API's description and base URL, how to
make a client, a linked table of contents, and a section for every resource
and method: the Go call, the HTTP method and endpoint, a table of parameters
(where each goes, whether it is required, its default and options, its Go
argument or field) and a curl example. A definition with events gets a
section on how they are delivered and signed, and one per event with its
type, parameters and an example body.

The same rules as for 'apigen generate' apply: nothing is written when a
definition has errors, a file without apigen's generated-code header is never
overwritten, generated pages that are no longer produced are removed, and
--check prints a diff and exits 1 instead of writing. The Go code of the
pages uses the package name the API name gives, or -p's, as 'apigen
generate -p' does.`,
		Example: `  apigen docs -o docs/api definitions/helpdesk.json
  apigen docs --check -o definitions definitions/*.json`,
		Args:              requireDefinitions,
		ValidArgsFunction: definitionFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			var ps []parsed
			for _, file := range args {
				api, list := lint.File(file, lint.Options{Package: pkg})
				ps = append(ps, parsed{file, api, list, pkg})
			}
			if !report(cmd.ErrOrStderr(), ps, quiet, wroteNothing) {
				return &exitError{exitFail}
			}
			out, err := docsOutput(outDir, ps)
			if err != nil {
				return nothingWritten(cmd.ErrOrStderr(), err)
			}
			return writeOutputs(cmd, []fsout.Output{out}, check)
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", ".", "directory to write the Markdown files into")
	cmd.Flags().StringVarP(&pkg, "package", "p", "", "Go package name in the pages' code (default: the API name in lower case, letters and digits only)")
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; print a diff and exit 1 if the docs are stale")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "do not print warnings (errors are always printed)")
	cmd.MarkFlagDirname("out")
	return cmd
}

// wroteNothing is report's last line for the commands that write files.
const wroteNothing = "apigen: nothing was written"

// report prints the diagnostics of the definitions on stderr, as a compiler
// does: errors, and warnings unless quiet, one per line as
// file:line:col: severity: message. When any definition has errors, it
// adds the counts and the line outcome (what the command did not do, such
// as "apigen: nothing was written"), and reports false.
func report(stderr io.Writer, ps []parsed, quiet bool, outcome string) bool {
	var shown diag.List
	errs, warns := 0, 0
	for _, p := range ps {
		e, w := p.list.Count()
		errs, warns = errs+e, warns+w
		for _, d := range p.list {
			if d.Severity == diag.Error || !quiet {
				shown = append(shown, d)
			}
		}
	}
	printDiagnostics(stderr, shown)
	if errs == 0 {
		return true
	}
	fmt.Fprintf(stderr, "%s, %s\n%s\n", plural(errs, "error"), plural(warns, "warning"), outcome)
	return false
}

// writeOutputs writes the outputs, or with check prints what would change.
func writeOutputs(cmd *cobra.Command, outs []fsout.Output, check bool) error {
	changes, err := fsout.Plan(outs)
	if err != nil {
		return nothingWritten(cmd.ErrOrStderr(), err)
	}
	if check {
		if len(changes) == 0 {
			return nil
		}
		fmt.Fprint(cmd.OutOrStdout(), fsout.Diff(changes))
		fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %s out of date; run the same command without --check\n", plural(len(changes), "file"))
		return &exitError{exitFail}
	}
	// Temporary files of runs that were killed while writing go first. Not
	// being able to remove one does not stop the run.
	if _, err := fsout.RemoveLeftovers(outs); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "apigen: warning: %v\n", err)
	}
	if err := fsout.Apply(changes); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %v\n", err)
		return &exitError{exitFail}
	}
	return nil
}

// nothingWritten reports an error found before anything was written, and
// ends the command with exit code 1.
func nothingWritten(stderr io.Writer, err error) error {
	fmt.Fprintf(stderr, "apigen: %v\n%s\n", err, wroteNothing)
	return &exitError{exitFail}
}
