package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/internal/apicall"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/parser"
)

// exitInvalid is the exit code of `apigen call` when an argument is
// invalid: nothing was sent.
const exitInvalid = 3

// isTerminal reports whether w is a terminal, where JSON is pretty-printed.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// callTransport is the transport of `apigen call`; tests replace it.
var callTransport http.RoundTripper = http.DefaultTransport

func newCallCmd() *cobra.Command {
	var (
		o       apicall.Options
		dryRun  bool
		include bool
		timeout time.Duration
		outFile string
	)
	cmd := &cobra.Command{
		Use:   "call DEF.json [METHOD [ARG...]]",
		Short: "List an API's methods, or call one from the shell",
		Long: `Without METHOD, call prints the API as a document: its resources and
methods, one method a line, required parameters bare and optional ones in
brackets, with their options after '='.

With METHOD, it sends one request, built by the same runtime code as a
generated client, so both send the same request for the same arguments.
METHOD is the Go call path (Ticket.Note.Get) or the path as written in the
definition (Ticket.add_note), in any case where that is unambiguous.

Arguments:
  VALUE         the next required parameter, in the Go method's order
  name=VALUE    any parameter; a body parameter's value is JSON when it
                parses as JSON, a string otherwise; a path or query
                parameter's value is a string, exactly
  name:=JSON    JSON (an error when it does not parse)
  name=@FILE    a string read from FILE (@- is standard input)
  name:=@FILE   JSON read from FILE

Every bad argument (an unknown name, a missing required parameter, a value
outside the options) is reported at once, at the parameter's tag in the
definition, and nothing is sent.

The base URL is --url, else $APIGEN_URL, else the definition's _url.
Secrets come from the environment only: --bearer-env TOKEN reads the bearer
token from $TOKEN, --basic-env CRED reads user:password from $CRED.
--dry-run prints the request as a curl command that refers to those
variables, and sends nothing.

The response body goes to standard output (or -o FILE), JSON pretty-printed
when standard output is a terminal and as received otherwise; -i prints the
status line and headers to standard error.

Exit codes: 0 on a 2xx response (or a listing, or --dry-run), 1 on another
status (the body is still printed) or when the request fails, 2 on a usage
error (also when the definition has errors, or a --bearer-env or
--basic-env variable is not set), 3 when an argument is invalid. Problems
of flags and of arguments are reported together; then the exit code is 2.`,
		Example: `  apigen call definitions/helpdesk.json
  apigen call definitions/helpdesk.json Ticket.Get 42
  apigen call definitions/helpdesk.json Ticket.list view=pending per_page=10
  apigen call definitions/helpdesk.json Ticket.Create 'ticket:={"subject":"Hi"}' --bearer-env HELPDESK_TOKEN
  apigen call definitions/helpdesk.json Ticket.Note.AddNote 42 body=@note.txt --dry-run
  APIGEN_URL=http://127.0.0.1:8080 apigen call definitions/helpdesk.json ping -i`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("name a definition file, such as definitions/helpdesk.json")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			api, err := loadForCall(stderr, args[0])
			if err != nil {
				return err
			}
			if len(args) == 1 {
				return api.List(stdout)
			}
			m, err := api.Find(args[1])
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("url") {
				o.BaseURL = os.Getenv("APIGEN_URL")
				if o.BaseURL == "" {
					o.BaseURL = api.Model.URL
				}
			}
			// Every problem of the command line is reported at once:
			// those of the flags (a usage error, exit 2) and those of the
			// arguments (exit 3).
			optErr := o.Check()
			if !dryRun {
				optErr = errors.Join(optErr, o.CheckSecrets())
			}
			call, diags := m.Bind(args[2:], apicall.Input{Stdin: cmd.InOrStdin()})
			if diags.HasErrors() {
				writeDiagnostics(stderr, diags.Errors())
				code := exitInvalid
				if optErr != nil {
					fmt.Fprintf(stderr, "apigen call: %v\n", optErr)
					code = exitUsage
				}
				fmt.Fprintln(stderr, "apigen call: nothing was sent")
				return &exitError{code}
			}
			if optErr != nil {
				return optErr
			}
			if dryRun {
				s, err := call.Curl(o)
				if err != nil {
					return sendError(stderr, err)
				}
				_, err = io.WriteString(stdout, s)
				return err
			}
			rec := &recordTransport{base: callTransport}
			o.HTTPClient = &http.Client{Transport: rec}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			if timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, timeout)
				defer cancel()
			}
			resp, err := call.Send(ctx, o)
			if resp == nil {
				return sendError(stderr, err)
			}
			if include {
				writeStatus(stderr, rec, resp)
			}
			if werr := writeBody(stdout, outFile, resp.Body); werr != nil {
				fmt.Fprintf(stderr, "apigen call: %v\n", werr)
				return &exitError{exitFail}
			}
			if err != nil {
				if !include {
					fmt.Fprintf(stderr, "apigen call: %s %s\n", rec.proto, rec.status)
				}
				return &exitError{exitFail}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.BaseURL, "url", "", "base URL of the API (default: $APIGEN_URL, else the definition's _url)")
	f.StringArrayVarP(&o.Headers, "header", "H", nil, "add a request header, as 'Key: Value' (repeatable)")
	f.StringVar(&o.BearerEnv, "bearer-env", "", "send a bearer token read from this environment variable")
	f.StringVar(&o.BasicEnv, "basic-env", "", "send basic authentication, user:password read from this environment variable")
	f.BoolVar(&dryRun, "dry-run", false, "print the request as a curl command (secrets as $VAR) and send nothing")
	f.BoolVarP(&include, "include", "i", false, "print the response's status line and headers on standard error")
	f.DurationVar(&timeout, "timeout", 60*time.Second, "give up on the request after this long (0 waits forever)")
	f.StringVarP(&outFile, "output", "o", "", "write the response body to this file instead of standard output")
	cmd.RegisterFlagCompletionFunc("bearer-env", completeEnvNames)
	cmd.RegisterFlagCompletionFunc("basic-env", completeEnvNames)
	cmd.RegisterFlagCompletionFunc("url", cobra.NoFileCompletions)
	cmd.RegisterFlagCompletionFunc("header", cobra.NoFileCompletions)
	cmd.ValidArgsFunction = completeCall
	return cmd
}

// loadForCall parses a definition and prepares it for calls. A definition
// with errors is a usage error: its errors are printed.
func loadForCall(stderr io.Writer, file string) (*apicall.API, error) {
	m, list := parser.ParseFile(file)
	if !list.HasErrors() {
		api, names := apicall.Load(m)
		list = append(list, names...)
		if !list.HasErrors() {
			return api, nil
		}
	}
	writeDiagnostics(stderr, list.Errors())
	fmt.Fprintf(stderr, "apigen call: %s has errors; nothing was sent\n", file)
	return nil, &exitError{exitUsage}
}

// sendError reports a request that could not be built or sent: exit 3 when
// the runtime rejected a value, 1 otherwise.
func sendError(stderr io.Writer, err error) error {
	fmt.Fprintf(stderr, "apigen call: %v\n", err)
	var ve *apirt.ValidationError
	if errors.As(err, &ve) {
		return &exitError{exitInvalid}
	}
	return &exitError{exitFail}
}

// recordTransport remembers the protocol and status line of the response.
type recordTransport struct {
	base          http.RoundTripper
	proto, status string
}

func (t *recordTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if resp != nil {
		t.proto, t.status = resp.Proto, resp.Status
	}
	return resp, err
}

// writeStatus prints the status line and the headers, sorted, as -i does.
func writeStatus(w io.Writer, rec *recordTransport, resp *apirt.Response) {
	var b strings.Builder
	b.WriteString(rec.proto + " " + rec.status + "\n")
	for _, k := range slices.Sorted(maps.Keys(resp.Header)) {
		for _, v := range resp.Header[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}

// writeBody writes the response body to file, replacing it atomically, or
// to stdout: pretty-printed when it is JSON and stdout is a terminal.
func writeBody(stdout io.Writer, file string, body []byte) error {
	if file == "" {
		if isTerminal(stdout) {
			body = apicall.Pretty(body)
		}
		_, err := stdout.Write(body)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// completeCall completes the arguments of `apigen call`: the definition
// file, then the method's call path one resource at a time, then parameter
// names (view=) and option values (view=open). It reads only the
// definition.
func completeCall(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return definitionFiles(cmd, args, toComplete)
	}
	none := cobra.ShellCompDirectiveNoFileComp
	api, err := loadForCall(io.Discard, args[0])
	if err != nil {
		return nil, none
	}
	if len(args) == 1 {
		paths, partial := api.Complete(toComplete)
		if partial {
			return paths, none | cobra.ShellCompDirectiveNoSpace
		}
		return paths, none
	}
	m, err := api.Find(args[1])
	if err != nil {
		return nil, none
	}
	if name, prefix, ok := strings.Cut(toComplete, "="); ok {
		p := m.Param(name)
		if p == nil {
			// Also name:=, whose value is JSON: an option as it stands
			// is not JSON, and a quoted one needs the shell's quoting.
			return nil, none
		}
		var out []string
		for _, opt := range p.Options {
			// Only an option that is one word to every shell as it
			// stands is offered: the shells insert what is common to
			// the candidates as it is, so "$(cmd)" in an option would
			// become a command on the line, and a tab or a line break
			// would break the completion protocol.
			if strings.HasPrefix(opt, prefix) && shellWord(opt) {
				out = append(out, name+"="+opt)
			}
		}
		return out, none
	}
	given := map[string]bool{}
	for _, a := range args[2:] {
		if name, _, ok := strings.Cut(a, "="); ok {
			given[strings.TrimSuffix(name, ":")] = true
		}
	}
	var out []string
	for _, p := range m.Model.Params {
		if !given[p.Name] && strings.HasPrefix(p.Name, toComplete) {
			out = append(out, p.Name+"=")
		}
	}
	return out, none | cobra.ShellCompDirectiveNoSpace
}

// completeEnvNames completes the names (never the values) of environment
// variables.
func completeEnvNames(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, kv := range os.Environ() {
		if name, _, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, toComplete) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, cobra.ShellCompDirectiveNoFileComp
}

// shellWord reports whether s, after "name=", stays one word with no
// expansion in bash, zsh and fish without quotes: it holds only letters,
// digits and - _ . , : / @ % +.
func shellWord(s string) bool {
	for _, c := range s {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("-_.,:/@%+", c) {
			return false
		}
	}
	return true
}
