package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/lint"
	"github.com/apigen-go/apigen/model"
)

func newMockCmd() *cobra.Command {
	var addr string
	var latency time.Duration
	var failRate float64
	var quiet bool
	cmd := &cobra.Command{
		Use:   "mock [--addr HOST:PORT] [--latency D] [--fail-rate F] [-q] DEF",
		Short: "Serve a fake of an API, with the generated server's routing and validation",
		Long: `Mock serves the API of a definition with the routing and validation of a
server generated with 'apigen generate --server' (the same code): every valid
request gets 200 and a JSON document naming the method (its Go call path)
and its parameters, after defaults, with body parameters as sent:

  {"method":"Ticket.Get","params":{"ticket_id":"42"}}

An invalid request gets the same 404, 405, 400, 413 or 415 problem document
(application/problem+json) as a generated server would send. A client's
tests can run against it without the real API.

--latency delays every reply; --fail-rate answers that fraction of valid
requests (0 to 1, at random) with 503 Service Unavailable instead, to test
a client's timeouts and retries.

A client that takes more than 10 seconds to send a request's headers, or
more than 30 seconds (after the --latency delay) to send its body, or
leaves a connection idle for 2 minutes, is disconnected.

Mock prints the address it listens on (--addr, default 127.0.0.1:8080; port
0 picks a free one) and serves until interrupted (Ctrl-C), then stops
cleanly. The definition is checked first as by 'apigen lint --server':
errors are printed and nothing is served.`,
		Example: `  apigen mock definitions/helpdesk.json
  apigen mock --addr 127.0.0.1:0 --latency 200ms --fail-rate 0.1 definitions/helpdesk.json
  curl -s 'http://127.0.0.1:8080/tickets.json?view=solved'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return errors.New("name one definition file, such as definitions/helpdesk.json")
			}
			return nil
		},
		ValidArgsFunction: definitionFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Also NaN, which no comparison holds for and which would
			// silently fail nothing.
			if !(failRate >= 0 && failRate <= 1) {
				return fmt.Errorf("--fail-rate must be between 0 and 1, not %v", failRate)
			}
			if latency < 0 {
				return fmt.Errorf("--latency must not be negative, not %v", latency)
			}
			// mock writes no Go: any valid package name will do, so that
			// an API named main or init is served as it is exported.
			api, list := lint.File(args[0], lint.Options{Package: mockPackage, Server: true})
			if !report(cmd.ErrOrStderr(), []parsed{{args[0], api, list, ""}}, quiet, "apigen mock: nothing is served") {
				return &exitError{exitFail}
			}
			h, err := mockHandler(api, mockOptions{latency: latency, failRate: failRate, errLog: cmd.ErrOrStderr()})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "apigen: %v\n", err)
				return &exitError{exitFail}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "apigen mock: serving %s at http://%s (Ctrl-C stops)\n", api.Name, ln.Addr())
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serveUntil(ctx, cmd.ErrOrStderr(), mockServer(h, latency, mockTimeouts{}), ln)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (port 0: a free port)")
	cmd.Flags().DurationVar(&latency, "latency", 0, "delay every reply by this long, such as 200ms")
	cmd.Flags().Float64Var(&failRate, "fail-rate", 0, "answer this fraction of valid requests (0 to 1) with 503 Service Unavailable")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "do not print warnings (errors are always printed)")
	return cmd
}

// mockTimeouts bound how long a client may hold a connection of apigen
// mock without sending: the request's headers, its body (after the
// --latency delay, which is the mock's), and the wait for the next request
// on a kept-alive connection. A zero field is its default.
type mockTimeouts struct {
	header, body, idle time.Duration
}

// mockServer returns the server of apigen mock for the handler h of
// mockHandler with latency: a client that sends its headers or body too
// slowly, or keeps a connection idle too long, is disconnected, so that
// slow or stalled clients cannot hold connections (and file descriptors)
// forever.
func mockServer(h http.Handler, latency time.Duration, t mockTimeouts) *http.Server {
	if t.header <= 0 {
		t.header = 10 * time.Second
	}
	if t.body <= 0 {
		t.body = 30 * time.Second
	}
	if t.idle <= 0 {
		t.idle = 2 * time.Minute
	}
	read := latency + t.body
	if read < latency {
		read = 0 // the latency is so long that the sum overflows: no limit
	}
	return &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if read > 0 {
				// The read deadline after the headers is the body's.
				http.NewResponseController(w).SetReadDeadline(time.Now().Add(read))
			}
			h.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: t.header,
		IdleTimeout:       t.idle,
	}
}

// serveUntil serves on ln until ctx is done, then shuts the server down,
// letting requests in flight finish for up to 5 seconds.
func serveUntil(ctx context.Context, stderr io.Writer, srv *http.Server, ln net.Listener) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "apigen: %v\n", err)
		return &exitError{exitFail}
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "apigen: %v\n", err)
		return &exitError{exitFail}
	}
	<-done
	fmt.Fprintln(stderr, "apigen mock: stopped")
	return nil
}

// mockOptions are the behaviours of a mock besides its API.
type mockOptions struct {
	latency  time.Duration
	failRate float64
	random   func() float64 // in [0, 1); nil for math/rand/v2
	errLog   io.Writer      // where errors other than injected failures go
}

// mockMethod is a method of a mocked API: its endpoint and the names of
// its parameters, for the reply.
type mockMethod struct {
	ep         *apirt.Endpoint
	params     []string
	bodyParams []string
}

// mockPackage is the Go package name mock checks and names the API for. It
// writes no Go code, so the API's own name (main, init) does not matter.
const mockPackage = "api"

// errInjected is the failure that --fail-rate injects.
var errInjected = errors.New("a failure injected by --fail-rate")

// mockHandler returns the handler of apigen mock for api, which the server
// lint accepts: apirt.ServeEndpoints, the generated server's routing and
// validation, answering each valid request with its method and
// parameters.
func mockHandler(api *model.API, opts mockOptions) (http.Handler, error) {
	names, diags := golang.Name(api, mockPackage)
	if err := diags.Err(); err != nil {
		return nil, err
	}
	var methods []mockMethod
	var eps []*apirt.Endpoint
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			ep := apirt.ForMethod(m, names.Method(m).FullName)
			params, body := ep.ParamNames()
			methods = append(methods, mockMethod{ep, params, body})
			eps = append(eps, ep)
		}
	})
	random := opts.random
	if random == nil {
		random = rand.Float64
	}
	errLog := func(ctx context.Context, method string, err error) {
		if !errors.Is(err, errInjected) && opts.errLog != nil {
			fmt.Fprintf(opts.errLog, "apigen mock: %s: %v\n", method, err)
		}
	}
	h := apirt.ServeEndpoints(eps, func(ctx context.Context, c *apirt.Call) (any, error) {
		if opts.failRate > 0 && random() < opts.failRate {
			return nil, apirt.Errorf(http.StatusServiceUnavailable, "the mock failed this call on purpose (--fail-rate): %w", errInjected)
		}
		return mockReply(&methods[c.Method], c), nil
	}, apirt.WithErrorLog(errLog))
	if opts.latency <= 0 {
		return h, nil
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(opts.latency)
		defer t.Stop()
		select {
		case <-t.C:
			h.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}), nil
}

// mockReply is the JSON reply to a valid call: the method's Go call path,
// and its parameters in definition order. Template parameters are strings
// (list parameters arrays of strings), after defaults, left out when
// unset; body parameters are the JSON sent (or their default), left out
// when absent.
func mockReply(m *mockMethod, c *apirt.Call) json.RawMessage {
	var b bytes.Buffer
	b.WriteString(`{"method":`)
	name, _ := json.Marshal(m.ep.Name())
	b.Write(name)
	b.WriteString(`,"params":{`)
	n := 0
	member := func(key string, value []byte) {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(value)
	}
	for i, v := range c.Values {
		switch {
		case c.Lists != nil && c.Lists[i] != nil:
			s, _ := json.Marshal(c.Lists[i])
			member(m.params[i], s)
		case v != "":
			s, _ := json.Marshal(v)
			member(m.params[i], s)
		}
	}
	for i, v := range c.Body {
		if v != nil {
			member(m.bodyParams[i], v)
		}
	}
	b.WriteString("}}")
	return b.Bytes()
}
