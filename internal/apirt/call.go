package apirt

import (
	"context"
	"errors"
	"strings"
)

// This file is not copied into generated packages: it lets `apigen call`
// send a request through the very code a generated client runs (newConn,
// conn.do, buildURL, encodeBody), so that both send the same bytes for the
// same arguments.

// Do sends one request of e as a generated client made with
// NewClient(baseURL, opts...) does: vals are the values of e's template
// parameters in order ("" for unset), body those of its body parameters
// (nil for unset); neither is modified. Validation failures are
// *ValidationError values and nothing is sent; a status other than 2xx
// returns the Response and an *Error. An empty baseURL is an error: the
// caller resolves defaults.
func Do(ctx context.Context, baseURL string, e *Endpoint, vals []string, body []any, opts ...Option) (*Response, error) {
	if baseURL == "" {
		return nil, errors.New("no base URL")
	}
	c, err := newConn(baseURL, "", opts)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "NewClient: "))
	}
	return c.do(ctx, tableOf(e), append([]string(nil), vals...), append([]any(nil), body...))
}

// DoLists is Do with the elements of list parameters ({name*}): lists is
// nil, or holds the elements of each list parameter by index (nil for the
// others); a list parameter with an empty list takes its value from vals,
// as BuildLists does. Nothing is modified.
func DoLists(ctx context.Context, baseURL string, e *Endpoint, vals []string, lists [][]string, body []any, opts ...Option) (*Response, error) {
	if baseURL == "" {
		return nil, errors.New("no base URL")
	}
	c, err := newConn(baseURL, "", opts)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "NewClient: "))
	}
	var ls [][]string
	if lists != nil {
		ls = make([][]string, len(lists))
		for i, l := range lists {
			ls[i] = append([]string(nil), l...)
		}
	}
	return c.doLists(ctx, tableOf(e), append([]string(nil), vals...), ls, append([]any(nil), body...))
}
