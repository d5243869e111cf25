package apirt

import (
	"context"
	"encoding/json"
	"fmt"
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
		out[i] = m.t.load()
	}
	return out
}

// ParamInfo is a parameter of an endpoint, for tests.
type ParamInfo struct {
	Name     string
	Required bool
	Default  string
	Options  []string
	List     bool // {name*}
	Multi    bool // {+name}
}

func infos(ps []param) []ParamInfo {
	out := make([]ParamInfo, len(ps))
	for i, p := range ps {
		out[i] = ParamInfo{p.name, p.required, p.def, p.options, p.list, p.multi}
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
	i, vals, _, err := r.LookupLists(method, path, rawQuery)
	return i, vals, err
}

// LookupLists is Lookup that also returns the elements of the method's
// list parameters (nil for a method without).
func (r *Router) LookupLists(method, path, rawQuery string) (int, []string, [][]string, error) {
	rt, vals, lists, err := r.r.lookup(method, path, rawQuery)
	if rt == nil {
		return -1, nil, nil, err
	}
	return rt.index, vals, lists, err
}

// NewTestHandler returns a server of eps, as a generated NewHandler does:
// reqs[i], when set, is a nil pointer to method i's request struct, filled
// by reflection; other methods get a *Call. call serves method i.
func NewTestHandler(eps []*Endpoint, reqs map[int]any, call func(ctx context.Context, i int, req any) (any, error), opts ...HandlerOption) http.Handler {
	methods := make([]serverMethod, len(eps))
	for i, e := range eps {
		methods[i] = serverMethod{t: e.table(), req: reqs[i]}
		if methods[i].req == nil {
			methods[i].req = func(vals []string, lists [][]string, body []json.RawMessage) any {
				return &Call{Method: i, Values: vals, Lists: lists, Body: body}
			}
		}
	}
	return newHandler(call, methods, call, opts)
}

// ReadRawAgrees reports whether a server reads a request that Match
// reads (path and rawQuery as for Match) as Match does: the router routes
// it to a server of e alone, and reading its decoded pairs (read) and, for
// an endpoint whose query keys are all literal, its raw query in one pass
// (readRaw, what a server does for the only method of a path) give the
// values and lists that matchAll gives; and what each gave when not.
func ReadRawAgrees(e *Endpoint, path, rawQuery string) (bool, string) {
	vals, lists, err := e.matchAll(path, rawQuery)
	if err != nil {
		return true, ""
	}
	m := e.compile()
	rt, _ := newRouter([]*route{{matcher: *m}})
	segs, err := rt.split("/"+path, nil)
	if err != nil || rt.root.find(segs, e.method, false) == nil {
		return false, "the router does not route it: " + errString(err)
	}
	r := &route{matcher: *m}
	query, qerr := parseQuery(rawQuery, nil)
	general, generalLists := r.newValues()
	gerr := m.read(segs, query, general, generalLists)
	if qerr != nil || gerr != nil {
		return false, "read fails: " + errString(qerr) + errString(gerr)
	}
	if why := differ("read", general, generalLists, vals, lists); why != "" {
		return false, why
	}
	if !m.plain {
		return true, ""
	}
	raw, rawLists := r.newValues()
	if err := m.readRaw(segs, rawQuery, raw, rawLists); err != nil {
		return false, "readRaw fails: " + err.Error()
	}
	if why := differ("readRaw", raw, rawLists, vals, lists); why != "" {
		return false, why
	}
	return true, ""
}

// differ says how the values and lists that a server's reader gave differ
// from those of matchAll, or returns "".
func differ(reader string, vals []string, lists [][]string, want []string, wantLists [][]string) string {
	for i := range want {
		if vals[i] != want[i] {
			return reader + " gives " + quote(vals[i]) + ", matchAll gives " + quote(want[i])
		}
	}
	if len(lists) != len(wantLists) {
		return reader + " gives lists " + fmt.Sprint(lists) + ", matchAll gives " + fmt.Sprint(wantLists)
	}
	for i := range lists {
		if fmt.Sprintf("%q", lists[i]) != fmt.Sprintf("%q", wantLists[i]) {
			return reader + " gives list " + fmt.Sprintf("%q", lists[i]) + ", matchAll gives " + fmt.Sprintf("%q", wantLists[i])
		}
	}
	return ""
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
