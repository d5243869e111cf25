package apirt

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
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
// an earlier option set for the same key. Requests carry no Accept header
// unless set here: WithHeader("Accept", "application/json") for a server
// that chooses the response's format from it.
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

// WithRetry retries the calls of idempotent methods (GET, HEAD, PUT, DELETE,
// OPTIONS) that fail with a network error or answer 429 Too Many Requests
// or 503 Service Unavailable, making at most maxAttempts attempts in all.
// Before attempt n+1 it waits backoff·2^(n-1), a random part of the second
// half of it (jitter) left out, or what the response's Retry-After header
// says. It never waits past the context's deadline: when the wait would end
// after it, the last response or error is returned at once. A request body
// is sent again from its bytes.
func WithRetry(maxAttempts int, backoff time.Duration) Option {
	return func(c *conn) error {
		if maxAttempts < 1 || backoff < 0 {
			return errors.New("WithRetry: at least one attempt and a backoff of zero or more are needed")
		}
		c.attempts, c.backoff = maxAttempts, backoff
		return nil
	}
}

// maxWait is the longest wait between two attempts.
const maxWait = 5 * time.Minute

// conn is what every resource of a client shares: where and how to send.
type conn struct {
	base string // base URL in canonical form, without trailing '/'
	target
	httpClient *http.Client // a copy of the user's client, with redirectPolicy
	header     http.Header
	headers    []headerValues // header, in a slice: faster to copy than a map
	private    []string       // keys of the headers set by options: base origin only
	editors    []func(*http.Request) error
	maxBody    int64
	attempts   int           // 1 unless WithRetry
	backoff    time.Duration // the first wait of WithRetry
}

// target is where requests go: a base URL in parts.
type target struct {
	url   url.URL // the scheme, user info and host
	path  string  // the escaped path, without trailing '/'
	shown string  // the whole URL without user info: the form errors show
}

// newTarget returns the target of a base URL in canonical form.
func newTarget(base string) target {
	u, _ := url.Parse(base) // canonical: it parses
	t := target{url: url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host}, shown: base}
	t.path = base[len(u.Scheme)+len("://"):]
	t.path = t.path[strings.IndexByte(t.path+"/", '/'):]
	if u.User != nil {
		t.shown = u.Scheme + "://" + u.Host + t.path
	}
	return t
}

// headerValues is one header of every request.
type headerValues struct {
	key    string
	values []string
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
	c := &conn{base: base, target: newTarget(base), httpClient: http.DefaultClient, header: http.Header{}, maxBody: DefaultMaxResponseBytes, attempts: 1}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, errors.New("NewClient: " + err.Error())
		}
	}
	for k := range c.header {
		c.private = append(c.private, k)
	}
	for k, v := range c.header {
		c.headers = append(c.headers, headerValues{k, v})
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
// redirect to another origin than the first request's (the base URL's), it
// removes the Authorization header, the headers set by options and by the
// call's context, and the Referer, which would carry the query; on a
// redirect back to that origin, it sets those headers again. Then it
// applies next, the user's own policy, or else net/http's default of at
// most 10 redirects.
func (c *conn) redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return redirectError("refused a redirect from https to " + req.URL.Scheme + "://" + req.URL.Host + ": it would send the request unencrypted")
		}
		if len(via) > 0 && !sameOrigin(req.URL, via[0].URL) {
			req.Header.Del("Authorization")
			req.Header.Del("Referer")
			for _, k := range c.private {
				delete(req.Header, k)
			}
			if co, ok := req.Context().Value(callOptionsKey{}).(*callOptions); ok {
				for _, h := range co.header {
					delete(req.Header, h.key)
				}
			}
		} else {
			// Back at the base URL's origin. net/http stops copying
			// Authorization for good once a redirect has left the
			// host: set again what the options set, and the call's.
			if co, ok := req.Context().Value(callOptionsKey{}).(*callOptions); ok {
				for _, h := range co.header {
					if _, ok := req.Header[h.key]; !ok {
						req.Header[h.key] = h.values
					}
				}
			}
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

// redirectError is the error of a redirect that the client refuses: no
// retry would change it.
type redirectError string

func (e redirectError) Error() string { return string(e) }

// sameOrigin reports whether a and b have the same scheme, host name and
// port.
func sameOrigin(a, b *url.URL) bool {
	as, ah, ap := origin(a)
	bs, bh, bp := origin(b)
	return as == bs && ah == bh && ap == bp
}

// callOptionsKey is the key of a context's *callOptions.
type callOptionsKey struct{}

// callOptions are what a context says about the calls made with it.
type callOptions struct {
	header []headerValues
	base   *target // nil for the client's
	err    error   // WithCallBaseURL's, returned by every call
}

// withCall returns a context whose call options are a copy of ctx's,
// changed by edit.
func withCall(ctx context.Context, edit func(*callOptions)) context.Context {
	var co callOptions
	if old, ok := ctx.Value(callOptionsKey{}).(*callOptions); ok {
		co = *old
		co.header = append([]headerValues(nil), old.header...)
	}
	edit(&co)
	return context.WithValue(ctx, callOptionsKey{}, &co)
}

// WithCallHeader returns a copy of ctx that makes the calls made with it
// send the header key: value, replacing a header of the same key set by
// the client's options or by an earlier WithCallHeader. Like those of the
// options, it goes only to the base URL's origin.
func WithCallHeader(ctx context.Context, key, value string) context.Context {
	key = http.CanonicalHeaderKey(key)
	return withCall(ctx, func(co *callOptions) {
		for i, h := range co.header {
			if h.key == key {
				co.header[i].values = []string{value}
				return
			}
		}
		co.header = append(co.header, headerValues{key, []string{value}})
	})
}

// WithCallBaseURL returns a copy of ctx that makes the calls made with it
// go to baseURL instead of the client's base URL, with the client's options
// and headers. A base URL that NewClient would refuse makes every such call
// fail, with NewClient's error.
func WithCallBaseURL(ctx context.Context, baseURL string) context.Context {
	base, err := normalizeBase(baseURL)
	return withCall(ctx, func(co *callOptions) {
		co.base, co.err = nil, nil
		if err != nil {
			co.err = errors.New("WithCallBaseURL: " + err.Error())
			return
		}
		t := newTarget(base)
		co.base = &t
	})
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
func (c *conn) do(ctx context.Context, tab *table, vals []string, body []any) (*Response, error) {
	return c.doLists(ctx, tab, vals, nil, body)
}

// doLists is do for a method with list parameters ({name*}): lists holds
// their elements by parameter index (see checkValues).
func (c *conn) doLists(ctx context.Context, tab *table, vals []string, lists [][]string, body []any) (*Response, error) {
	e := tab.load()
	var errs []error
	if len(e.params) > 0 {
		errs = e.checkValues(vals, lists, nil)
	}
	if len(e.body) > 0 {
		errs = e.checkBody(body, errs)
	}
	t := &c.target
	co, _ := ctx.Value(callOptionsKey{}).(*callOptions)
	if co != nil && co.err != nil {
		return nil, co.err
	}
	if co != nil && co.base != nil {
		t = co.base
	}
	// The path and query are written once, escaped, into one string, with
	// the decoded path after them when it differs: the fields of url.URL,
	// so that net/http need not parse the URL again.
	var b strings.Builder
	b.Grow(2*len(t.path) + 128)
	b.WriteString(t.path)
	b.WriteByte('/')
	query, errs := e.writeURL(&b, vals, lists, errs)
	if errs != nil {
		return nil, joinErrors(errs)
	}
	end := b.Len()
	escaped := b.String()[:query]
	path, raw := escaped, ""
	if strings.ContainsAny(escaped, "%!'()*") {
		// net/http sends RawPath, unless it is not an encoding of
		// Path, or it is the encoding net/http would choose for it.
		raw = escaped
		if strings.IndexByte(escaped, '%') >= 0 {
			writeUnescaped(&b, escaped)
			path = b.String()[end:]
		}
	}
	s := b.String()[:end]
	var data []byte
	if len(e.body) > 0 {
		var err error
		if data, err = e.writeBody(body); err != nil {
			return nil, err
		}
	}
	req, err := c.newRequest(ctx, e, t, data)
	if err != nil {
		return nil, err
	}
	u := req.URL
	*u = t.url
	u.Path, u.RawPath = path, raw
	if query < end {
		u.RawQuery = s[query+1:]
	}
	req.Host = u.Host
	for _, h := range c.headers {
		req.Header[h.key] = h.values
	}
	if co != nil {
		for _, h := range co.header {
			req.Header[h.key] = h.values
		}
	}
	if data != nil {
		req.Header["Content-Type"] = jsonType
	}
	for _, edit := range c.editors {
		if err := edit(req); err != nil {
			return nil, fmt.Errorf("%s: request editor: %w", e.name, err)
		}
	}
	for attempt := 1; ; attempt++ {
		r, err := c.send(req, t, s)
		if attempt == c.attempts || !retryable(e.method, r, err) || ctx.Err() != nil {
			return r, err
		}
		wait := c.backoff << (attempt - 1)
		if wait > maxWait || wait <= 0 && c.backoff > 0 {
			wait = maxWait
		}
		wait -= time.Duration(rand.Int63n(int64(wait/2) + 1)) // jitter
		if r != nil {
			if after, ok := retryAfter(r.Header.Get("Retry-After"), time.Now()); ok {
				wait = after
			}
		}
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait || wait > maxWait {
			return r, err // the next attempt could not finish in time
		}
		if err := sleep(ctx, wait); err != nil {
			return r, err
		}
		req = req.Clone(ctx)
		if data != nil {
			req.Body = io.NopCloser(bytes.NewReader(data))
		}
	}
}

// newRequest returns a request of e with the body data, to be sent to t.
// Its URL and headers are left for do to fill in.
func (c *conn) newRequest(ctx context.Context, e *endpoint, t *target, data []byte) (*http.Request, error) {
	var rd io.Reader
	if data != nil {
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, e.method, "", rd)
	if err != nil {
		return nil, errors.New(e.name + ": " + err.Error())
	}
	return req, nil
}

// send sends req, whose path and query after t.path are s, and reads the
// response.
func (c *conn) send(req *http.Request, t *target, s string) (*Response, error) {
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, t.shownURL(s, false), bare(err))
	}
	defer resp.Body.Close()
	data, err := readBody(resp.Body, resp.ContentLength, c.maxBody)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, t.shownURL(s, false), err)
	}
	r := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return r, &Error{Method: req.Method, URL: t.shownURL(s, true), StatusCode: resp.StatusCode, Header: resp.Header, Body: data}
	}
	return r, nil
}

// retryable reports whether WithRetry tries again a call of an HTTP method
// that got r and err: a call of an idempotent method that failed on the
// network or got 429 or 503.
func retryable(method string, r *Response, err error) bool {
	switch method {
	case "GET", "HEAD", "PUT", "DELETE", "OPTIONS":
	default:
		return false
	}
	if r != nil {
		return r.StatusCode == http.StatusTooManyRequests || r.StatusCode == http.StatusServiceUnavailable
	}
	var re redirectError
	return err != nil && !errors.As(err, &re)
}

// retryAfter returns the wait a Retry-After header asks for: a number of
// seconds or an HTTP date, counted from now.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(h, 10, 32); err == nil {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

// sleep waits d or until ctx is done, and then returns ctx's error.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// jsonType is the Content-Type of every request body.
var jsonType = []string{"application/json"}

// errTooLarge is returned by readBody for a body over its limit.
type errTooLarge int64

func (n errTooLarge) Error() string {
	return "the response body is larger than " + strconv.FormatInt(int64(n), 10) + " bytes (see WithMaxResponseBytes)"
}

// readBody reads r to its end, at most max bytes. size is the body's
// announced length, or -1: a buffer of that size is all it allocates when
// the announcement is true.
func readBody(r io.Reader, size, max int64) ([]byte, error) {
	if size > max {
		return nil, errTooLarge(max)
	}
	n := 512
	if size > 0 {
		n = int(size) + 1 // one byte more, to see the end without growing
	}
	b := make([]byte, 0, n)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		room := b[len(b):cap(b)]
		if left := max - int64(len(b)); int64(len(room)) > left {
			room = room[:left+1] // one byte over the limit tells it is exceeded
		}
		n, err := r.Read(room)
		b = b[:len(b)+n]
		if int64(len(b)) > max {
			return nil, errTooLarge(max)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the response: %w", err)
		}
	}
}

// shownURL returns the URL of a request whose path and query after t.path
// are u, without user info and, unless withQuery, without its query: the
// form errors show.
func (t *target) shownURL(u string, withQuery bool) string {
	u = t.shown + u[len(t.path):]
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
