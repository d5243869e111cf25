package apirt

import (
	"context"
	"encoding/json"
	"net/http"
)

// Hooks of the server runtime for the tests of package apirt_test.

// DeskDefinition is the definition that desk_test.go implements by hand.
const DeskDefinition = deskDefinition

// DeskEndpoints returns the request tables of desk_test.go's methods, in
// order.
func DeskEndpoints() []*Endpoint {
	out := make([]*Endpoint, len(serviceMethods))
	for i, m := range serviceMethods {
		out[i] = m.ep
	}
	return out
}

// ParamInfo is a parameter of an endpoint, for tests.
type ParamInfo struct {
	Name     string
	Required bool
	Default  string
	Options  []string
}

func infos(ps []param) []ParamInfo {
	out := make([]ParamInfo, len(ps))
	for i, p := range ps {
		out[i] = ParamInfo{p.name, p.required, p.def, p.options}
	}
	return out
}

// Params returns the template parameters of e.
func (e *endpoint) Params() []ParamInfo { return infos(e.params) }

// Body returns the body parameters of e.
func (e *endpoint) Body() []ParamInfo { return infos(e.body) }

// Router is the router of a server, for benchmarks and tests.
type Router struct{ r *router }

// NewRouter returns the router that a server of eps builds.
func NewRouter(eps []*Endpoint) *Router {
	routes := make([]*route, len(eps))
	for i, e := range eps {
		routes[i] = &route{matcher: *e.compile(), index: i}
	}
	r, _ := newRouter(routes)
	return &Router{r}
}

// Lookup routes a request as a server does: path is the escaped path with
// its leading '/'. It returns the index of the method and its values, or
// -1 and the error.
func (r *Router) Lookup(method, path, rawQuery string) (int, []string, error) {
	rt, vals, err := r.r.lookup(method, path, rawQuery)
	if rt == nil {
		return -1, nil, err
	}
	return rt.index, vals, err
}

// NewTestHandler returns a server of eps, as a generated NewHandler does:
// reqs[i], when set, is a nil pointer to method i's request struct, filled
// by reflection; other methods get a *Call. call serves method i.
func NewTestHandler(eps []*Endpoint, reqs map[int]any, call func(ctx context.Context, i int, req any) (any, error), opts ...HandlerOption) http.Handler {
	methods := make([]serverMethod, len(eps))
	for i, e := range eps {
		methods[i] = serverMethod{ep: e, req: reqs[i]}
		if methods[i].req == nil {
			methods[i].req = func(vals []string, body []json.RawMessage) any {
				return &Call{Method: i, Values: vals, Body: body}
			}
		}
	}
	return newHandler(call, methods, call, opts)
}

// ReadRawAgrees reports, for an endpoint whose query keys are all literal,
// whether reading the raw query in one pass (readRaw, what a server does
// for the only method of a path) gives what reading its decoded pairs
// (read) does, for a path and query that match reads; and what each gave.
func ReadRawAgrees(e *Endpoint, path, rawQuery string) (bool, string) {
	m := e.compile()
	if !m.plain {
		return true, ""
	}
	vals, err := e.match(path, rawQuery)
	if err != nil {
		return true, ""
	}
	segs, _ := (&router{maxSegs: len(m.segs)}).split("/"+path, nil)
	query, qerr := parseQuery(rawQuery, nil)
	general := make([]string, len(e.params))
	gerr := m.read(segs, query, general)
	if qerr != nil || gerr != nil {
		return false, "read fails: " + errString(qerr) + errString(gerr)
	}
	for i := range vals {
		if vals[i] != general[i] {
			return false, "readRaw gives " + quote(vals[i]) + ", read gives " + quote(general[i])
		}
	}
	return true, ""
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// PathShape returns the path table of e as text, for telling endpoints of
// different paths apart in tests.
func (e *endpoint) PathShape() string {
	var b []byte
	for _, p := range e.path {
		if p.arg > 0 {
			b = append(b, '{', '}')
		} else {
			b = append(b, p.lit...)
		}
	}
	return string(b)
}
