package apirt

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
)

// This file is not copied: it gives apigen's other packages the server's
// runtime, for the server lint (CheckServer), apigen mock and tests
// (ServeEndpoints).

// ServerProblem is a method that a server cannot serve without ambiguity
// (an error of apigen generate --server and apigen lint --server), or,
// when Warning is set, something about a method that a server serves but
// that does not round-trip every value.
type ServerProblem struct {
	Method  int  // index of the method's endpoint in the list given to CheckServer
	Other   int  // index of the other method of a pair, or -1
	Param   int  // 1 + index into the method's template parameters of the one at fault, or 0
	Warning bool // a warning, not an error
	Msg     string
}

// CheckServer returns the problems of serving the methods of eps with one
// handler, sorted by method: two parameters side by side in a path segment
// or query key or value, a parameter query key without options, and two
// methods with one HTTP method whose requests the router cannot tell
// apart. It reports what the router that a generated server builds finds:
// the same code.
func CheckServer(eps []*Endpoint) []ServerProblem {
	routes := make([]*route, len(eps))
	for i, e := range eps {
		routes[i] = &route{matcher: *e.compile(), index: i}
	}
	_, cs := newRouter(routes)
	var out []ServerProblem
	for _, c := range cs {
		out = append(out, ServerProblem{Method: c.route, Other: c.other, Param: c.arg, Warning: c.warning, Msg: c.msg})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Method < out[b].Method })
	return out
}

// Call is a request that a handler of ServeEndpoints routed and validated.
type Call struct {
	Method int      // index of the method's endpoint
	Values []string // the values of its template parameters, defaults applied ("" for unset, and for list parameters)
	// Lists holds the elements of the list parameters ({name*}) by
	// parameter index, in the order sent, or their default as a list of
	// one (nil for unset, and for other parameters); nil when the method
	// has no list parameter.
	Lists [][]string
	Body  []json.RawMessage // the values of its body parameters, as sent (nil for absent) or their default
}

// ServeEndpoints returns a handler that routes and validates requests for
// the methods of eps exactly as a generated server does, and calls fn with
// each valid request; fn answers as a service method does. Interceptors
// get the *Call as the request. It is what apigen mock serves.
func ServeEndpoints(eps []*Endpoint, fn func(ctx context.Context, c *Call) (any, error), opts ...HandlerOption) http.Handler {
	methods := make([]serverMethod, len(eps))
	for i, e := range eps {
		methods[i] = serverMethod{t: tableOf(e), req: func(vals []string, lists [][]string, body []json.RawMessage) any {
			return &Call{Method: i, Values: vals, Lists: lists, Body: body}
		}}
	}
	return newHandler(fn, methods, func(ctx context.Context, _ int, req any) (any, error) {
		return fn(ctx, req.(*Call))
	}, opts)
}

// Method returns the endpoint's HTTP method.
func (e *endpoint) Method() string { return e.method }

// Name returns the endpoint's method name, its Go call path.
func (e *endpoint) Name() string { return e.name }

// ParamNames returns the names of the endpoint's template parameters and
// of its body parameters, in order.
func (e *endpoint) ParamNames() (params, body []string) {
	for i := range e.params {
		params = append(params, e.params[i].name)
	}
	for i := range e.body {
		body = append(body, e.body[i].name)
	}
	return params, body
}
