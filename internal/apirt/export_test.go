package apirt

import (
	"context"
	"net/http"
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
