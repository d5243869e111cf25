package apirt

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The client: its options, the connection its resources share, and how a
// call sends its request and reads the response.

// DefaultMaxResponseBytes is the largest response body a client reads unless
// WithMaxResponseBytes says otherwise: 32 MiB.
const DefaultMaxResponseBytes = 32 << 20

// Option configures a client; pass options to NewClient.
type Option func(*conn) error

// WithHTTPClient sends requests with hc instead of http.DefaultClient. The
// client works on a copy of hc whose redirect policy also keeps credentials
// to the base URL's origin; hc itself is never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *conn) error {
		if hc == nil {
			return errors.New("WithHTTPClient: the client is nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithBasicAuth authenticates every request with HTTP basic authentication.
func WithBasicAuth(user, password string) Option {
	return func(c *conn) error {
		c.header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
		return nil
	}
}

// WithBearerToken authenticates every request with a bearer token.
func WithBearerToken(token string) Option {
	return func(c *conn) error {
		c.header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// WithHeader sets the header key to value on every request, replacing what
// an earlier option set for the same key.
func WithHeader(key, value string) Option {
	return func(c *conn) error {
		c.header.Set(key, value)
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option {
	return WithHeader("User-Agent", ua)
}

// WithRequestEditor calls fn on every request just before it is sent, after
// all headers are set. An error from fn is returned and the request is not
// sent.
func WithRequestEditor(fn func(*http.Request) error) Option {
	return func(c *conn) error {
		if fn == nil {
			return errors.New("WithRequestEditor: the function is nil")
		}
		c.editors = append(c.editors, fn)
		return nil
	}
}

// WithMaxResponseBytes sets the largest response body the client reads; a
// larger body is an error. The default is DefaultMaxResponseBytes.
func WithMaxResponseBytes(n int64) Option {
	return func(c *conn) error {
		if n <= 0 {
			return errors.New("WithMaxResponseBytes: the limit must be positive")
		}
		c.maxBody = n
		return nil
	}
}

// conn is what every resource of a client shares: where and how to send.
type conn struct {
	base       string       // base URL in canonical form, without trailing '/'
	shown      string       // base without user info: the form errors show
	httpClient *http.Client // a copy of the user's client, with redirectPolicy
	header     http.Header
	private    []string // keys of the headers set by options: base origin only
	editors    []func(*http.Request) error
	maxBody    int64

	// The base URL's origin, for redirects: scheme, host name, port.
	scheme, host, port string
}

// newConn makes the connection of a new client. baseURL "" means def.
func newConn(baseURL, def string, opts []Option) (*conn, error) {
	if baseURL == "" {
		baseURL = def
	}
	if baseURL == "" {
		return nil, errors.New("NewClient: no base URL: pass one, since the definition has no _url")
	}
	base, err := normalizeBase(baseURL)
	if err != nil {
		return nil, errors.New("NewClient: " + err.Error())
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, errors.New("NewClient: the base URL does not parse once escaped") // cannot happen
	}
	c := &conn{base: base, shown: base, httpClient: http.DefaultClient, header: http.Header{}, maxBody: DefaultMaxResponseBytes}
	if u.User != nil {
		c.shown = u.Scheme + "://" + u.Host + u.EscapedPath()
	}
	c.scheme, c.host, c.port = origin(u)
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, errors.New("NewClient: " + err.Error())
		}
	}
	for k := range c.header {
		c.private = append(c.private, k)
	}
	if _, ok := c.header["Accept"]; !ok {
		c.header.Set("Accept", "application/json")
	}
	hc := *c.httpClient // the user's client stays as it is
	hc.CheckRedirect = c.redirectPolicy(hc.CheckRedirect)
	c.httpClient = &hc
	return c, nil
}

// origin returns the scheme, host name (lower case) and port of u, with the
// scheme's default port when u names none.
func origin(u *url.URL) (scheme, host, port string) {
	port = u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return u.Scheme, strings.ToLower(u.Hostname()), port
}

// redirectPolicy returns the CheckRedirect function of the client's copy of
// the user's http.Client. It refuses a redirect from https to http. On a
// redirect to another origin than the base URL's, it removes the
// Authorization header, the headers set by options, and the Referer, which
// would carry the query; on a redirect to the base URL's origin, it sets
// the headers of options again. Then it applies next, the user's own policy, or
// else net/http's default of at most 10 redirects.
func (c *conn) redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return errors.New("refused a redirect from https to " + req.URL.Scheme + "://" + req.URL.Host + ": it would send the request unencrypted")
		}
		if scheme, host, port := origin(req.URL); scheme != c.scheme || host != c.host || port != c.port {
			req.Header.Del("Authorization")
			req.Header.Del("Referer")
			for _, k := range c.private {
				delete(req.Header, k)
			}
		} else {
			// Back at the base URL's origin. net/http stops copying
			// Authorization for good once a redirect has left the
			// host: set again what the options set.
			for _, k := range c.private {
				if _, ok := req.Header[k]; !ok {
					req.Header[k] = c.header[k]
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// Response is a response of the API with a 2xx status.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte // the whole body, at most the client's maximum response size
}

// Decode unmarshals the JSON body into v.
func (r *Response) Decode(v any) error {
	if len(bytes.TrimSpace(r.Body)) == 0 {
		return errors.New("decode: the response body is empty")
	}
	return json.Unmarshal(r.Body, v)
}

// Error is returned, with the Response, when the API answers with a status
// other than 2xx.
type Error struct {
	Method     string      // HTTP method
	URL        string      // request URL, with its query but without user info
	StatusCode int         // the response's status code
	Header     http.Header // the response's header
	Body       []byte      // the response body
}

// Error returns the method, the URL without its query (where API keys
// travel), the status, and the start of the body.
func (e *Error) Error() string {
	u, _, _ := strings.Cut(e.URL, "?")
	msg := e.Method + " " + u + ": " + strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
	if body := strings.TrimSpace(string(e.Body)); body != "" {
		msg += ": " + shorten(body, 200)
	}
	return msg
}

// do validates the arguments of a method, then sends its request and reads
// the response. vals are the template parameters' values in order ("" for
// unset); body are the body parameters' values (nil for unset).
func (c *conn) do(ctx context.Context, e *endpoint, vals []string, body []any) (*Response, error) {
	u, err := e.buildURL(c.base, vals)
	if err != nil {
		return nil, err
	}
	var rd io.Reader
	if len(e.body) > 0 {
		b, err := e.encodeBody(body)
		if err != nil {
			return nil, err
		}
		if b != nil {
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequestWithContext(ctx, e.method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.name, bare(err))
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, edit := range c.editors {
		if err := edit(req); err != nil {
			return nil, fmt.Errorf("%s: request editor: %w", e.name, err)
		}
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", e.method, c.shownURL(u, false), bare(err))
	}
	defer resp.Body.Close()
	limit := c.maxBody + 1 // reading one byte more tells a body that is too large
	if limit < 0 {
		limit = c.maxBody // no body is larger than math.MaxInt64 bytes
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the response: %w", e.method, c.shownURL(u, false), err)
	}
	if int64(len(data)) > c.maxBody {
		return nil, fmt.Errorf("%s %s: the response body is larger than %d bytes (see WithMaxResponseBytes)", e.method, c.shownURL(u, false), c.maxBody)
	}
	r := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return r, &Error{Method: e.method, URL: c.shownURL(u, true), StatusCode: resp.StatusCode, Header: resp.Header, Body: data}
	}
	return r, nil
}

// shownURL returns u, a URL that buildURL made after c.base, without user
// info and, unless withQuery, without its query: the form errors show.
func (c *conn) shownURL(u string, withQuery bool) string {
	u = c.shown + u[len(c.base):]
	if !withQuery {
		u, _, _ = strings.Cut(u, "?")
	}
	return u
}

// bare returns the error inside a *url.Error, whose message would quote the
// whole URL, user info and query included.
func bare(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
