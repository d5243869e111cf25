package clientrt

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
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
// would carry the query. Then it applies next, the user's own policy, or
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

// normalizeBase checks a base URL and returns it in canonical form, ready
// for an endpoint path to be joined to it with one '/': its path escaped
// like the literal text of an endpoint (so net/http sends it as written),
// without trailing slashes. Its errors never quote user info or a query.
func normalizeBase(s string) (string, error) {
	if strings.ContainsAny(s, "?#") {
		return "", errors.New("base URL " + quote(shownBase(s)) + " must not have a query or fragment")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Parse's message quotes the URL, user info included: parse
		// the URL again without it for a message that shows no secret.
		shown := shownBase(s)
		why := "the user info does not parse"
		if _, err := url.Parse(shown); err != nil {
			why = bare(err).Error()
		}
		return "", errors.New("invalid base URL " + quote(shown) + ": " + why)
	}
	name := u.Hostname() // url.Parse accepts hosts such as ":" and "::"
	if u.Scheme != "http" && u.Scheme != "https" || name == "" || strings.Contains(name, ":") && u.Host[0] != '[' {
		return "", errors.New("base URL " + quote(shownBase(s)) + " must start with http:// or https:// and name a host")
	}
	// url.Parse keeps the path as written in RawPath when that differs
	// from the default escaping of the decoded path.
	path := u.RawPath
	if path == "" {
		path = u.EscapedPath()
	}
	b := u.Scheme + "://"
	if u.User != nil {
		b += u.User.String() + "@"
	}
	host := strings.TrimSuffix(u.Host, ":") // an empty port, as net/http drops it
	return b + host + strings.TrimRight(escapeLiteral(path, false), "/"), nil
}

// shownBase returns the part of a base URL that errors may quote, even when
// it does not parse: without user info, query or fragment.
func shownBase(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	scheme := ""
	if i := strings.Index(s, "://"); i >= 0 && !strings.ContainsAny(s[:i], "/@") {
		scheme, s = s[:i+3], s[i+3:]
	}
	// The user info ends at the last '@' before the path.
	auth := s
	if i := strings.IndexByte(s, '/'); i >= 0 {
		auth = s[:i]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		s = s[i+1:]
	}
	return scheme + s
}

// escapeLiteral percent-encodes literal text of a URL path (or, with query
// true, of a query) into a canonical encoding that net/http sends exactly as
// written. It keeps unreserved characters, sub-delims, ':', '@', '/', valid
// %XX escapes and, in a query, '?'. Every other byte is encoded: non-ASCII
// characters as their UTF-8 bytes, a '%' that starts no escape as %25. The
// generator applies it to the literal text of endpoints, and NewClient to
// the path of the base URL.
func escapeLiteral(s string, query bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !keepLiteral(s, i, query) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; keepLiteral(s, i, query) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// keepLiteral reports whether escapeLiteral keeps s[i] as it is.
func keepLiteral(s string, i int, query bool) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
		return true
	case c == '?':
		return query
	case c == '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
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

// shorten returns s when it has at most n bytes, or else its first n bytes
// or fewer, cut between two UTF-8 characters, and "...".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
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

// encodeBody returns the JSON request body: the value of a single body
// parameter, or an object with a member per set parameter. It returns nil
// when there is nothing to send.
func (e *endpoint) encodeBody(vals []any) ([]byte, error) {
	var buf bytes.Buffer
	if len(e.body) > 1 {
		buf.WriteByte('{')
	}
	n := 0
	for i := range e.body {
		p := &e.body[i]
		v := vals[i]
		if v == nil {
			if p.required {
				return nil, &ValidationError{e.name, p.name, "a value is required"}
			}
			if p.def == "" {
				continue
			}
			v = p.def
		}
		if p.options != nil {
			rv := reflect.ValueOf(v)
			if rv.Kind() != reflect.String || !oneOf(rv.String(), p.options) {
				return nil, &ValidationError{e.name, p.name, fmt.Sprintf("value %v is not one of %s", v, strings.Join(p.options, ", "))}
			}
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("%s: body parameter %s: %w", e.name, p.name, err)
		}
		if len(e.body) == 1 {
			return b, nil
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(p.name)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(b)
		n++
	}
	if len(e.body) == 1 {
		return nil, nil
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// endpoint describes how one API method builds its request URL: the path and
// query of its endpoint template in pieces, and its parameters.
type endpoint struct {
	method string  // HTTP method
	name   string  // the method's Go name, such as "Ticket.Get", for errors
	path   []piece // path after the base URL, without its leading '/'
	query  []pair  // query pairs, in order
	params []param // the template's parameters; piece.arg refers to them
	body   []param // the body parameters
}

// piece is literal text, or the value of a parameter when arg > 0.
type piece struct {
	lit string
	arg int // 1 + index into endpoint.params; 0 for literal text
}

// pair is one key[=value] pair of the query. It is left out when a
// parameter in it is unset.
type pair struct {
	key, value []piece
	hasValue   bool // false for a bare key such as "?flag"
}

// param is a parameter of a template, with what a value must satisfy.
type param struct {
	name     string
	required bool
	def      string   // default sent when unset; "" for none
	options  []string // allowed values; nil for any
}

// ValidationError reports a parameter value that the API does not accept.
// No request was sent.
type ValidationError struct {
	Method string // the method's Go name, such as "Ticket.Get"
	Param  string // the parameter's name in the definition
	Reason string // what is wrong with the value
}

// Error returns a message naming the method, the parameter and the reason.
func (e *ValidationError) Error() string {
	return e.Method + ": parameter " + e.Param + ": " + e.Reason
}

// validate replaces unset values by their defaults, in place, and checks
// every value against its parameter.
func (e *endpoint) validate(vals []string) error {
	for i := range e.query {
		if err := e.checkPair(&e.query[i], vals); err != nil {
			return err
		}
	}
	for i := range e.params {
		p := &e.params[i]
		v := vals[i]
		if v == "" {
			if p.required {
				return &ValidationError{e.name, p.name, "a value is required"}
			}
			v = p.def
			vals[i] = v
		}
		if v != "" && p.options != nil && !oneOf(v, p.options) {
			return &ValidationError{e.name, p.name, "value " + quote(v) + " is not one of " + strings.Join(p.options, ", ")}
		}
	}
	return nil
}

// oneOf reports whether v is one of options. Every enum type's Valid method
// calls it, and the compiler also builds a pointer wrapper for each Valid, so
// it stays a call: inlined, its loop would be compiled twice per enum type,
// which made a large client about a fifth slower to recompile.
//
//go:noinline
func oneOf(v string, options []string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

// checkPair rejects values (before defaults) that set a parameter of the
// query pair q but leave another one unset with no default: the pair would
// be left out, and the caller's value silently with it.
func (e *endpoint) checkPair(q *pair, vals []string) error {
	given, unset := 0, 0 // 1 + index of a parameter of each kind
	for _, ps := range [...][]piece{q.key, q.value} {
		for _, pc := range ps {
			if pc.arg == 0 {
				continue
			}
			if p := &e.params[pc.arg-1]; vals[pc.arg-1] != "" {
				given = pc.arg
			} else if !p.required && p.def == "" && unset == 0 {
				unset = pc.arg // a required one fails on its own
			}
		}
	}
	if given > 0 && unset > 0 {
		return &ValidationError{e.name, e.params[unset-1].name, "a value is required when " + e.params[given-1].name + " is set: they form one query pair"}
	}
	return nil
}

// quote returns v in double quotes and Go's escapes, shortened when it is
// long.
func quote(v string) string {
	return strconv.Quote(shorten(v, 40))
}

// buildURL validates vals (the values of e.params, in order; "" is unset),
// then returns base, a '/', the expanded path and the query. base must not
// end in '/'.
func (e *endpoint) buildURL(base string, vals []string) (string, error) {
	if err := e.validate(vals); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(base) + 64)
	b.WriteString(base)
	b.WriteByte('/')
	seg := b.Len() // where the current path segment starts
	argInSeg := 0  // 1 + index of the first parameter in the segment
	for _, pc := range e.path {
		if pc.arg > 0 {
			b.WriteString(url.PathEscape(vals[pc.arg-1]))
			if argInSeg == 0 {
				argInSeg = pc.arg
			}
			continue
		}
		lit := pc.lit
		for {
			i := strings.IndexByte(lit, '/')
			if i < 0 {
				b.WriteString(lit)
				break
			}
			b.WriteString(lit[:i])
			if err := e.checkSegment(b.String()[seg:], argInSeg); err != nil {
				return "", err
			}
			b.WriteByte('/')
			seg, argInSeg = b.Len(), 0
			lit = lit[i+1:]
		}
	}
	if err := e.checkSegment(b.String()[seg:], argInSeg); err != nil {
		return "", err
	}
	sep := byte('?')
	for i := range e.query {
		q := &e.query[i]
		if !allSet(q.key, vals) || !allSet(q.value, vals) {
			continue
		}
		b.WriteByte(sep)
		sep = '&'
		writeQuery(&b, q.key, vals)
		if q.hasValue {
			b.WriteByte('=')
			writeQuery(&b, q.value, vals)
		}
	}
	return b.String(), nil
}

// checkSegment rejects a path segment that a parameter made "." or "..",
// which would move the request to another path.
func (e *endpoint) checkSegment(seg string, arg int) error {
	if arg > 0 && dotSegment(seg) {
		return &ValidationError{e.name, e.params[arg-1].name, quote(seg) + " cannot be a path segment"}
	}
	return nil
}

// dotSegment reports whether seg is "." or "..", also where literal text
// writes a dot as %2E, which servers may decode before they resolve dots.
func dotSegment(seg string) bool {
	dots := 0
	for i := 0; i < len(seg); i++ {
		switch {
		case seg[i] == '.':
		case seg[i] == '%' && i+2 < len(seg) && seg[i+1] == '2' && seg[i+2]|0x20 == 'e':
			i += 2
		default:
			return false
		}
		dots++
	}
	return dots == 1 || dots == 2
}

func allSet(ps []piece, vals []string) bool {
	for _, pc := range ps {
		if pc.arg > 0 && vals[pc.arg-1] == "" {
			return false
		}
	}
	return true
}

func writeQuery(b *strings.Builder, ps []piece, vals []string) {
	for _, pc := range ps {
		if pc.arg > 0 {
			b.WriteString(url.QueryEscape(vals[pc.arg-1]))
		} else {
			b.WriteString(pc.lit)
		}
	}
}
