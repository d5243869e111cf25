package apirt

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
)

// Client is, for the tests of package apirt_test, what a generated
// NewClient makes: the connection every resource shares.
type Client struct{ c *conn }

// NewTestClient makes a client as a generated NewClient does, with no _url.
func NewTestClient(baseURL string, opts ...Option) (*Client, error) {
	c, err := newConn(baseURL, "", opts)
	if err != nil {
		return nil, err
	}
	return &Client{c}, nil
}

// Base returns the client's base URL in its canonical form.
func (c *Client) Base() string { return c.c.base }

// HTTPClient returns the http.Client the client sends with.
func (c *Client) HTTPClient() *http.Client { return c.c.httpClient }

// Call sends the request of e with vals, as a generated method with no
// body parameters does: through the runtime's do.
func (c *Client) Call(ctx context.Context, method string, e *Endpoint, vals []string) (*Response, error) {
	ep := *e
	ep.method = method
	return c.c.do(ctx, ep.table(), append([]string(nil), vals...), nil)
}

// CallLists is Call with the elements of list parameters, by index (see
// checkValues), through the runtime's doLists.
func (c *Client) CallLists(ctx context.Context, e *Endpoint, vals []string, lists [][]string) (*Response, error) {
	return c.c.doLists(ctx, e.table(), append([]string(nil), vals...), lists, nil)
}

// CallWithBody is Call with the values of e's body parameters.
func (c *Client) CallWithBody(ctx context.Context, e *Endpoint, vals []string, body []any) (*Response, error) {
	return c.c.do(ctx, e.table(), append([]string(nil), vals...), body)
}

// EscapeLiteral is escapeLiteral, for tests.
var EscapeLiteral = escapeLiteral

// ReadTable is readTable: the endpoint that a generated package reads from
// a table's text.
var ReadTable = readTable

// ReadBack returns the endpoint that a generated package reads from the
// table apigen writes for e.
func ReadBack(e *Endpoint) *Endpoint {
	t := e.table()
	return readTable(t.method, t.name, t.url, t.body)
}

// TableFields returns the fields of the table apigen writes for e, as
// ReadTable takes them.
func TableFields(e *Endpoint) (method, name, url, body string) {
	t := e.table()
	return t.method, t.name, t.url, t.body
}

// TableText returns the text of e's table, for messages.
func TableText(e *Endpoint) string {
	t := e.table()
	return fmt.Sprintf("url %q body %q", t.url, t.body)
}

// SameEndpoint reports whether a and b describe the same endpoint: equal
// but for empty slices that are nil in one and not in the other.
func SameEndpoint(a, b *Endpoint) bool {
	return reflect.DeepEqual(tidy(*a), tidy(*b))
}

func tidy(e endpoint) endpoint {
	e.path = noPieces(e.path)
	if len(e.params) == 0 {
		e.params = nil
	}
	if len(e.body) == 0 {
		e.body = nil
	}
	if len(e.query) == 0 {
		e.query = nil
	}
	e.query = append([]pair(nil), e.query...)
	for i := range e.query {
		e.query[i].key, e.query[i].value = noPieces(e.query[i].key), noPieces(e.query[i].value)
	}
	return e
}

// noPieces returns ps, or nil when it is empty.
func noPieces(ps []piece) []piece {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
