package apicall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/apigen-go/apigen/internal/apirt"
)

// validHeaderName reports whether s is an HTTP token (RFC 9110, 5.6.2).
func validHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// validHeaderValue reports whether s has no control character but tab.
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// Options say where and how a call is sent.
type Options struct {
	BaseURL string   // the base URL; "" is an error
	Headers []string // "Key: Value", in order (-H)

	// BearerEnv and BasicEnv name environment variables holding a bearer
	// token, or "user:password" for basic authentication. Secrets are read
	// from the environment only, and never printed: a curl command refers to
	// the variable.
	BearerEnv, BasicEnv string
	Getenv              func(string) string // nil is os.Getenv

	HTTPClient *http.Client // nil is http.DefaultClient
}

// Check reports problems with the options that no request can fix: a bad
// base URL, a malformed header, an environment variable name that is not
// one, or both kinds of authentication. It never reads a secret.
func (o *Options) Check() error {
	var errs []error
	if o.BaseURL == "" {
		errs = append(errs, errors.New("no base URL: the definition has no _url; give --url or set $APIGEN_URL"))
	} else if u, err := url.Parse(o.BaseURL); err == nil && u.User != nil {
		errs = append(errs, errors.New("the base URL has a user name or password: pass credentials with --basic-env or --bearer-env, never on the command line"))
	} else if _, err := apirt.NormalizeBase(o.BaseURL); err != nil {
		errs = append(errs, err)
	}
	for _, h := range o.Headers {
		if _, _, err := splitHeader(h); err != nil {
			errs = append(errs, err)
		}
	}
	for _, f := range []struct{ flag, v string }{{"--bearer-env", o.BearerEnv}, {"--basic-env", o.BasicEnv}} {
		// The value is not shown: what is not a variable name is most
		// likely the secret itself.
		if f.v != "" && !isEnvName(f.v) {
			errs = append(errs, fmt.Errorf("%s: the value is not an environment variable name (letters, digits and '_', not starting with a digit), so it is not shown: name the variable that holds the secret, not the secret", f.flag))
		}
	}
	if o.BearerEnv != "" && o.BasicEnv != "" {
		errs = append(errs, errors.New("give --bearer-env or --basic-env, not both"))
	}
	if o.BearerEnv != "" || o.BasicEnv != "" {
		for _, h := range o.Headers {
			if k, _, err := splitHeader(h); err == nil && k == "Authorization" {
				errs = append(errs, errors.New("-H Authorization and --bearer-env or --basic-env both set the Authorization header: give one"))
			}
		}
	}
	return errors.Join(errs...)
}

// CheckSecrets reports an authentication variable that is empty or not
// set, or a --basic-env variable that does not hold user:password. The
// errors name the variable, never its value.
func (o *Options) CheckSecrets() error {
	if o.BearerEnv != "" && !isEnvName(o.BearerEnv) || o.BasicEnv != "" && !isEnvName(o.BasicEnv) {
		return nil // Check reports the name
	}
	_, err := o.auth()
	return err
}

// splitHeader splits "Key: Value" and checks both.
func splitHeader(h string) (key, value string, err error) {
	k, v, ok := strings.Cut(h, ":")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	switch {
	case !ok || k == "":
		// The argument is not echoed: it may hold a secret.
		return "", "", errors.New("-H: a header has no ':' or no name; write it as 'Key: Value'")
	case !validHeaderName(k):
		return "", "", fmt.Errorf("-H: %s is not a valid header name", quoteArg(k))
	case v == "":
		return "", "", fmt.Errorf("-H %s: the header has no value", quoteArg(k))
	case !validHeaderValue(v):
		return "", "", fmt.Errorf("-H %s: the value has a character a header cannot carry", quoteArg(k))
	}
	k = http.CanonicalHeaderKey(k)
	switch k {
	case "Host", "Content-Length", "Transfer-Encoding":
		return "", "", fmt.Errorf("-H %s: this header is set by the request itself (change --url for Host)", k)
	}
	return k, v, nil
}

func isEnvName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' && i > 0) {
			return false
		}
	}
	return s != ""
}

// clientOptions are the runtime options for o. With secrets false, the
// authentication options are left out (a curl command refers to the
// variables instead).
func (o *Options) clientOptions(hc *http.Client, secrets bool) ([]apirt.Option, error) {
	var opts []apirt.Option
	opts = append(opts, apirt.WithHTTPClient(hc))
	for _, h := range o.Headers {
		k, v, err := splitHeader(h)
		if err != nil {
			return nil, err
		}
		opts = append(opts, apirt.WithHeader(k, v))
	}
	if !secrets {
		return opts, nil
	}
	auth, err := o.auth()
	if err != nil {
		return nil, err
	}
	if auth != nil {
		opts = append(opts, auth)
	}
	return opts, nil
}

// auth reads the secret of --bearer-env or --basic-env from the
// environment and returns the option that sends it, or nil for none.
func (o *Options) auth() (apirt.Option, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	switch {
	case o.BearerEnv != "":
		tok := getenv(o.BearerEnv)
		if tok == "" {
			return nil, fmt.Errorf("--bearer-env: the environment variable %s is empty or not set", o.BearerEnv)
		}
		return apirt.WithBearerToken(tok), nil
	case o.BasicEnv != "":
		cred := getenv(o.BasicEnv)
		user, pass, ok := strings.Cut(cred, ":")
		if !ok {
			return nil, fmt.Errorf("--basic-env: the environment variable %s must hold user:password", o.BasicEnv)
		}
		return apirt.WithBasicAuth(user, pass), nil
	}
	return nil, nil
}

// Send sends the call through the runtime of generated clients. A status
// other than 2xx returns the response and a *apirt.Error.
func (c *Call) Send(ctx context.Context, o Options) (*apirt.Response, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	hc := o.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	opts, err := o.clientOptions(hc, true)
	if err != nil {
		return nil, err
	}
	return apirt.DoLists(ctx, o.BaseURL, c.Method.Endpoint(), c.Vals, c.Lists, c.Body, opts...)
}

// errDryRun stops a request that was only built.
var errDryRun = errors.New("dry run")

// capture is a transport that keeps the request and sends nothing.
type capture struct {
	req  *http.Request
	body []byte
}

func (t *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	t.req = r
	if r.Body != nil {
		t.body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	return nil, errDryRun
}

// Curl returns a curl command that sends the request Send would send: the
// same method, URL, headers set by apigen and the runtime, and body. Secrets
// stay in their environment variables: the command refers to them as
// "$VAR", so that a shell fills them in.
func (c *Call) Curl(o Options) (string, error) {
	if err := o.Check(); err != nil {
		return "", err
	}
	t := &capture{}
	opts, err := o.clientOptions(&http.Client{Transport: t}, false)
	if err != nil {
		return "", err
	}
	_, err = apirt.DoLists(context.Background(), o.BaseURL, c.Method.Endpoint(), c.Vals, c.Lists, c.Body, opts...)
	if t.req == nil {
		if err == nil {
			err = errors.New("no request was built")
		}
		return "", err
	}
	return curlCommand(t.req, t.body, o), nil
}

// curlCommand formats a request as a curl command for a POSIX shell.
// --globoff keeps curl from reading [] and {} in the URL as patterns, and
// --path-as-is from removing "." and ".." segments, so that the URL is sent
// as built.
func curlCommand(r *http.Request, body []byte, o Options) string {
	var b strings.Builder
	b.WriteString("curl --globoff --path-as-is")
	switch {
	case r.Method == http.MethodHead:
		b.WriteString(" --head")
	case r.Method != http.MethodGet || len(body) > 0:
		b.WriteString(" -X " + r.Method)
	}
	b.WriteString(" " + shellQuote(r.URL.String()))
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		for _, v := range r.Header[k] {
			b.WriteString(" \\\n  -H " + shellQuote(k+": "+v))
		}
	}
	switch {
	case o.BearerEnv != "":
		b.WriteString(" \\\n  -H \"Authorization: Bearer $" + o.BearerEnv + "\"")
	case o.BasicEnv != "":
		b.WriteString(" \\\n  -u \"$" + o.BasicEnv + "\"")
	}
	if len(body) > 0 {
		b.WriteString(" \\\n  --data-binary " + shellQuote(string(body)))
	}
	b.WriteString("\n")
	return b.String()
}

// shellQuote quotes s for a POSIX shell: in single quotes, where nothing is
// special but the single quote itself.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Pretty returns a JSON body indented for a terminal, or body unchanged
// when it is not JSON.
func Pretty(body []byte) []byte {
	if !json.Valid(body) {
		return body
	}
	var b bytes.Buffer
	if err := json.Indent(&b, body, "", "  "); err != nil {
		return body
	}
	b.WriteByte('\n')
	return b.Bytes()
}
