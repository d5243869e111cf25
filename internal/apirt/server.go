package apirt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
)

// This file is the runtime of generated servers (generator/golang's
// server.go writes the rest): the http.Handler that
// NewHandler returns, which routes each request (router.go), reads and
// checks its parameters and body, calls the service and writes the reply.
//
// A generated server package declares, besides the types of its API:
//
//	// Service is the helpdesk API as its server implements it.
//	type Service interface {
//		Ping(ctx context.Context, req *PingRequest) (any, error)
//		TicketList(ctx context.Context, req *TicketListRequest) (any, error)
//	}
//
//	type (
//		// PingRequest is the request of Ping: GET /ping.json.
//		PingRequest struct{}
//		// TicketListRequest is the request of Ticket.List: GET /tickets.json?view={view}&page={page}.
//		TicketListRequest struct {
//			View TicketView // query parameter view; default "open"
//			Page string     // query parameter page
//		}
//	)
//
//	// UnimplementedService answers every method with 501 Not Implemented.
//	// Embed it in a service to implement a subset of the methods.
//	type UnimplementedService struct{}
//
//	// TicketList returns a 501 *StatusError.
//	func (UnimplementedService) TicketList(context.Context, *TicketListRequest) (any, error) {
//		return unimplemented("Ticket.List")
//	}
//
//	// NewHandler returns an http.Handler that serves the API with svc.
//	func NewHandler(svc Service, opts ...HandlerOption) http.Handler {
//		return newHandler(svc, serviceMethods, func(ctx context.Context, i int, req any) (any, error) {
//			return callService(svc, ctx, i, req)
//		}, opts)
//	}
//
//	// serviceMethods lists the methods of Service in definition order: the
//	// request table of each (shared with the client) and its request type.
//	var serviceMethods = []serverMethod{
//		{&pingEndpoint, (*PingRequest)(nil)},
//		{&ticketListEndpoint, (*TicketListRequest)(nil)},
//	}
//
//	// callService calls method i of serviceMethods on svc.
//	func callService(svc Service, ctx context.Context, i int, req any) (any, error) {
//		switch i {
//		case 0:
//			return svc.Ping(ctx, req.(*PingRequest))
//		case 1:
//			return svc.TicketList(ctx, req.(*TicketListRequest))
//		}
//		panic("no method " + strconv.Itoa(i))
//	}
//
// The fields of a request struct are its method's template parameters in
// order, then its body parameters: string (or the parameter's enum type),
// a slice of those for a list parameter ({name*}), and json.RawMessage; the handler fills them by reflection, so that a
// method costs no function of its own beyond those the contract asks for
// (Service's, UnimplementedService's) and a case of callService. Blank
// fields (named _) are skipped.

// defaultMaxRequestBytes is the largest request body a handler reads
// unless WithMaxRequestBytes says otherwise: 8 MiB.
const defaultMaxRequestBytes = 8 << 20

// HandlerOption configures the handler that NewHandler returns.
type HandlerOption func(*handler)

// WithPathPrefix serves the API under prefix, a path such as "/api/v2" as
// it reads unescaped: a request's path must start with it, and the rest is
// matched against the endpoints. Requests outside it get 404.
func WithPathPrefix(prefix string) HandlerOption {
	return func(h *handler) {
		h.prefix = nil
		for _, s := range strings.Split(strings.Trim(prefix, "/"), "/") {
			if s != "" {
				h.prefix = append(h.prefix, s)
			}
		}
	}
}

// WithMaxRequestBytes sets the largest request body the handler reads, for
// methods with body parameters; a larger body gets 413 Content Too Large.
// The default is 8 MiB; n <= 0 restores it.
func WithMaxRequestBytes(n int64) HandlerOption {
	return func(h *handler) {
		h.maxBytes = n
		if n <= 0 {
			h.maxBytes = defaultMaxRequestBytes
		}
	}
}

// WithInterceptor adds an interceptor that wraps every call of the service.
// The interceptor of the first WithInterceptor is the outermost: it sees
// the call first and the result last.
func WithInterceptor(ic Interceptor) HandlerOption {
	return func(h *handler) {
		if ic != nil {
			h.interceptors = append(h.interceptors, ic)
		}
	}
}

// WithErrorLog sets the function called for every reply with a 5xx status,
// with the Go call path of the method ("Ticket.Get") and the error: the
// error the service returned, or the panic with its stack. The default
// logs with log/slog's default logger. The text of such errors is never
// sent to the client, unless it is a *StatusError's message.
func WithErrorLog(fn func(ctx context.Context, method string, err error)) HandlerOption {
	return func(h *handler) {
		h.errorLog = fn
		if fn == nil {
			h.errorLog = logError
		}
	}
}

// logError is the default error log.
func logError(ctx context.Context, method string, err error) {
	slog.ErrorContext(ctx, "API method failed", "method", method, "error", err)
}

// Interceptor wraps every call of the service, after routing and
// validation: the way to write authentication, logging and metrics once
// for all methods. method is the Go call path of the called method
// ("Ticket.Get"), req its *...Request value. An interceptor calls next to
// go on, possibly with a new context, or returns without calling it.
type Interceptor func(ctx context.Context, method string, req any, next func(context.Context) (any, error)) (any, error)

// Reply is a result of a service method that sets the status and headers
// of the reply.
type Reply struct {
	StatusCode int         // 0 means 200
	Header     http.Header // added to the reply's headers
	Body       any         // encoded as JSON; nil for no body
}

// StatusError is an error of a service method that the client gets as
// its status code (400 to 599) and a problem document whose detail is
// Message. Make one with Errorf.
type StatusError struct {
	StatusCode int
	Message    string

	err    error       // the error Errorf's %w wrapped
	header http.Header // headers of the reply, such as a 405's Allow
}

// Errorf returns a *StatusError with the status and the message
// fmt.Sprintf(format, args...). Like fmt.Errorf, a %w verb wraps its
// argument, which Unwrap returns. The message is sent to the client.
func Errorf(status int, format string, args ...any) *StatusError {
	err := fmt.Errorf(format, args...)
	return &StatusError{StatusCode: status, Message: err.Error(), err: errors.Unwrap(err)}
}

// Error returns the status and the message.
func (e *StatusError) Error() string {
	return strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode) + ": " + e.Message
}

// Unwrap returns the error that Errorf wrapped, or nil.
func (e *StatusError) Unwrap() error { return e.err }

// unimplemented returns the result of a method of UnimplementedService: a
// 501 *StatusError that names the method (its Go call path).
//
// It is not inlined: inlined, its allocation and concatenation were
// compiled into every method of UnimplementedService and again into the
// pointer wrapper the compiler writes for each, about a fifth of the
// compile time of a 1,100-method package with its server. A call of it is
// about the smallest body a method can have
// (TestCompiledFunctionsPerResource holds this).
//
//go:noinline
func unimplemented(method string) (any, error) {
	return nil, &StatusError{StatusCode: http.StatusNotImplemented, Message: method + " is not implemented"}
}

// callCtx is the context of a service call: the request's context, with
// the method and the request for MethodFromContext and RequestFromContext.
type callCtx struct {
	context.Context
	method string
	r      *http.Request
}

type callKey struct{}

// Value returns c for callKey{}, and otherwise the value of the request's
// context.
func (c *callCtx) Value(key any) any {
	if _, ok := key.(callKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// MethodFromContext returns the Go call path of the method being served
// ("Ticket.Note.Get"), in a service method or an interceptor; "" outside.
func MethodFromContext(ctx context.Context) string {
	if c, ok := ctx.Value(callKey{}).(*callCtx); ok {
		return c.method
	}
	return ""
}

// RequestFromContext returns the HTTP request being served, in a service
// method or an interceptor; nil outside.
func RequestFromContext(ctx context.Context) *http.Request {
	if c, ok := ctx.Value(callKey{}).(*callCtx); ok {
		return c.r
	}
	return nil
}

// serverMethod is a row of a generated server's method table: the method's
// request table, and a nil pointer of its request type, whose fields the
// handler fills (see the top of this file). apigen's own server (apigen
// mock) gives instead a func([]string, [][]string, []json.RawMessage) any
// that makes the request value from the values of the parameters, the
// elements of the list parameters and the body parameters.
type serverMethod struct {
	t   *table
	req any
}

// reqMaker makes the request values of a method.
type reqMaker struct {
	typ    reflect.Type // the request struct; nil when fn makes them
	fields []int        // the struct's field of each parameter, then of each body parameter
	fn     func(vals []string, lists [][]string, body []json.RawMessage) any
}

// maker returns the maker of m's requests. It panics when m's request
// type does not fit its endpoint: generated code is wrong.
func (m *serverMethod) maker() reqMaker {
	ep := m.t.load()
	if fn, ok := m.req.(func([]string, [][]string, []json.RawMessage) any); ok {
		return reqMaker{fn: fn}
	}
	t := reflect.TypeOf(m.req)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		panic("NewHandler: the request type of " + ep.name + " is not a pointer to a struct")
	}
	mk := reqMaker{typ: t.Elem()}
	for i := 0; i < mk.typ.NumField(); i++ {
		if mk.typ.Field(i).Name != "_" {
			mk.fields = append(mk.fields, i)
		}
	}
	if len(mk.fields) != len(ep.params)+len(ep.body) {
		panic("NewHandler: the request type of " + ep.name + " does not have a field per parameter")
	}
	for i, f := range mk.fields {
		k := mk.typ.Field(f).Type
		var ok bool
		switch {
		case i >= len(ep.params):
			ok = k.Kind() == reflect.Slice && k.Elem().Kind() == reflect.Uint8
		case ep.params[i].list:
			ok = k.Kind() == reflect.Slice && k.Elem().Kind() == reflect.String
		default:
			ok = k.Kind() == reflect.String
		}
		if !ok {
			panic("NewHandler: field " + mk.typ.Field(f).Name + " of the request type of " + ep.name + " has the wrong type")
		}
	}
	return mk
}

// make returns a new request value holding vals, lists (see
// matcher.read) and body.
func (mk *reqMaker) make(vals []string, lists [][]string, body []json.RawMessage) any {
	if mk.typ == nil {
		return mk.fn(vals, lists, body)
	}
	v := reflect.New(mk.typ)
	s := v.Elem()
	for i, f := range mk.fields {
		if i < len(vals) {
			if lists != nil && lists[i] != nil {
				l := reflect.MakeSlice(s.Field(f).Type(), len(lists[i]), len(lists[i]))
				for j, e := range lists[i] {
					l.Index(j).SetString(e)
				}
				s.Field(f).Set(l)
			} else if vals[i] != "" {
				s.Field(f).SetString(vals[i])
			}
		} else if b := body[i-len(vals)]; b != nil {
			s.Field(f).SetBytes(b)
		}
	}
	return v.Interface()
}

// handler is the http.Handler of a server.
type handler struct {
	router       *router
	call         func(ctx context.Context, i int, req any) (any, error)
	prefix       []string // the decoded segments of the path prefix
	maxBytes     int64
	interceptors []Interceptor
	errorLog     func(ctx context.Context, method string, err error)
}

// newHandler returns the handler of a server of svc: methods are the
// methods of its API, call calls method i of svc with a request value.
func newHandler(svc any, methods []serverMethod, call func(ctx context.Context, i int, req any) (any, error), opts []HandlerOption) http.Handler {
	if svc == nil {
		panic("NewHandler: the service is nil")
	}
	routes := make([]*route, len(methods))
	for i := range methods {
		routes[i] = &route{matcher: *methods[i].t.load().compile(), index: i, req: methods[i].maker()}
	}
	rt, _ := newRouter(routes) // apigen generates no server for a definition with conflicts
	h := &handler{router: rt, call: call, maxBytes: defaultMaxRequestBytes, errorLog: logError}
	for _, opt := range opts {
		opt(h)
	}
	return h
}

// ServeHTTP serves one request.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := h.strip(escapedPath(r.URL))
	if !ok {
		h.fail(w, r, nil, &StatusError{StatusCode: http.StatusNotFound, Message: "the path is outside the API"})
		return
	}
	rt, vals, lists, err := h.router.lookup(r.Method, path, r.URL.RawQuery)
	if rt == nil {
		h.fail(w, r, nil, err)
		return
	}
	var body []json.RawMessage
	if len(rt.e.body) > 0 {
		var berr error
		body, berr = h.readBody(w, r, rt)
		if se, ok := berr.(*StatusError); ok {
			h.fail(w, r, rt, se)
			return
		}
		if berr != nil {
			err = errors.Join(err, berr)
		}
	}
	if err != nil {
		h.fail(w, r, rt, err)
		return
	}
	ctx := &callCtx{Context: r.Context(), method: rt.e.name, r: r}
	status, header, data, err := h.serve(ctx, rt, rt.req.make(vals, lists, body))
	if err != nil {
		h.fail(w, r, rt, err)
		return
	}
	hd := w.Header()
	for k, v := range header {
		hd[k] = v
	}
	if data != nil && status != http.StatusNoContent && status != http.StatusNotModified {
		if _, ok := hd["Content-Type"]; !ok {
			hd.Set("Content-Type", "application/json")
		}
		hd.Set("Content-Length", strconv.Itoa(len(data)))
	} else {
		data = nil
	}
	w.WriteHeader(status)
	if data != nil && r.Method != http.MethodHead {
		w.Write(data)
	}
}

// escapedPath returns the path of a request as it was sent, escapes kept:
// url.Parse keeps it in RawPath when it differs from the default escaping
// of the decoded path. (URL.EscapedPath drops RawPath when it holds a byte
// that a URL should escape, such as '|' or a raw non-ASCII byte, and
// escapes the decoded path again: a value's %2F would become a '/' that
// splits it.) RawPath is used only while it is an encoding of Path.
func escapedPath(u *url.URL) string {
	if u.RawPath != "" {
		if p, err := url.PathUnescape(u.RawPath); err == nil && p == u.Path {
			return u.RawPath
		}
	}
	return u.EscapedPath()
}

// strip returns the escaped path after the handler's prefix, and false
// when the path is outside it.
func (h *handler) strip(path string) (string, bool) {
	if len(h.prefix) == 0 {
		return path, true
	}
	for _, want := range h.prefix {
		if !strings.HasPrefix(path, "/") {
			return "", false
		}
		seg, _, _ := strings.Cut(path[1:], "/")
		if s, err := url.PathUnescape(seg); err != nil || s != want {
			return "", false
		}
		path = path[1+len(seg):]
	}
	if path == "" {
		return "/", true
	}
	return path, true
}

// serve calls the service through the interceptors, and encodes its
// result: the status, the headers and the JSON body (nil for none) of the
// reply. A panic of the service is an error, except http.ErrAbortHandler,
// which goes on.
func (h *handler) serve(ctx *callCtx, rt *route, req any) (status int, header http.Header, data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == any(http.ErrAbortHandler) {
				panic(p)
			}
			status, header, data = 0, nil, nil
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	res, err := h.invoke(ctx, rt, req, 0)
	if err != nil {
		return 0, nil, nil, err
	}
	status = http.StatusOK
	if rep, ok := res.(*Reply); ok {
		if rep == nil {
			return http.StatusNoContent, nil, nil, nil
		}
		if rep.StatusCode != 0 {
			status = rep.StatusCode
		}
		if status < 200 || status > 599 {
			return 0, nil, nil, fmt.Errorf("the reply's status %d is not a final HTTP status", status)
		}
		header, res = rep.Header, rep.Body
	} else if res == nil {
		return http.StatusNoContent, nil, nil, nil
	}
	if res != nil {
		if data, err = json.Marshal(res); err != nil {
			return 0, nil, nil, fmt.Errorf("encoding the reply as JSON: %w", err)
		}
	}
	return status, header, data, nil
}

// invoke calls the service through interceptors i and after.
func (h *handler) invoke(ctx context.Context, rt *route, req any, i int) (any, error) {
	if i == len(h.interceptors) {
		return h.call(ctx, rt.index, req)
	}
	return h.interceptors[i](ctx, rt.e.name, req, func(ctx context.Context) (any, error) {
		return h.invoke(ctx, rt, req, i+1)
	})
}

// readBody reads the body of a request for rt, which has body parameters,
// and returns their values: nil for an absent one, or its default as a
// JSON string. It returns a *StatusError for a body that is not JSON, too
// large or unreadable, and an error joining a *ValidationError per invalid
// body parameter.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request, rt *route) ([]json.RawMessage, error) {
	if !isJSON(r.Header.Get("Content-Type")) {
		return nil, &StatusError{StatusCode: http.StatusUnsupportedMediaType, Message: "the body must be JSON (Content-Type application/json)"}
	}
	tooLarge := &StatusError{StatusCode: http.StatusRequestEntityTooLarge, Message: "the body is larger than " + strconv.FormatInt(h.maxBytes, 10) + " bytes"}
	if r.ContentLength > h.maxBytes {
		return nil, tooLarge
	}
	var data []byte
	if r.Body != nil {
		var err error
		data, err = io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBytes))
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, tooLarge
		}
		if err != nil {
			return nil, &StatusError{StatusCode: http.StatusBadRequest, Message: "reading the body: " + err.Error()}
		}
	}
	e := rt.e
	body := make([]json.RawMessage, len(e.body))
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 {
		if !json.Valid(trimmed) {
			return nil, &StatusError{StatusCode: http.StatusBadRequest, Message: "the body is not valid JSON"}
		}
		if len(e.body) == 1 {
			body[0] = trimmed
		} else {
			var members map[string]json.RawMessage
			if trimmed[0] != '{' || json.Unmarshal(trimmed, &members) != nil {
				return nil, &StatusError{StatusCode: http.StatusBadRequest, Message: "the body must be a JSON object with a member per body parameter"}
			}
			for i := range e.body {
				body[i] = members[e.body[i].name]
			}
		}
	}
	var errs []error
	for i := range e.body {
		p := &e.body[i]
		switch {
		case body[i] == nil && p.required:
			errs = append(errs, &ValidationError{e.name, p.name, "a value is required"})
		case body[i] == nil && p.def != "":
			body[i], _ = json.Marshal(p.def)
		case body[i] != nil && p.options != nil:
			var s string
			if json.Unmarshal(body[i], &s) != nil || !oneOf(s, p.options) {
				v := string(body[i])
				if len(v) > 40 {
					v = v[:40] + "..."
				}
				errs = append(errs, &ValidationError{e.name, p.name, "value " + v + " is not one of " + strings.Join(p.options, ", ")})
			}
		}
	}
	return body, errors.Join(errs...)
}

// isJSON reports whether a Content-Type is JSON: application/json, a type
// whose subtype ends in +json, or none.
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	if mt == "" {
		return true
	}
	typ, sub, ok := strings.Cut(mt, "/")
	return ok && typ != "" && (strings.EqualFold(mt, "application/json") ||
		len(sub) > len("+json") && strings.EqualFold(sub[len(sub)-len("+json"):], "+json"))
}

// fail writes the problem document of err, an error of the request for rt
// (nil before routing): a *StatusError's status and message, 400 listing
// every parameter of *ValidationErrors, or 500 saying nothing of the error,
// which goes to the error log. Every 5xx goes to the error log.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, rt *route, err error) {
	p := problem{Type: "about:blank", Status: http.StatusInternalServerError}
	var header http.Header
	var se *StatusError
	if errors.As(err, &se) && se.StatusCode >= 400 && se.StatusCode <= 599 {
		p.Status, p.Detail, header = se.StatusCode, se.Message, se.header
	} else if ves := validationErrors(err); ves != nil {
		p.Status = http.StatusBadRequest
		names := make([]string, len(ves))
		p.Errors = make([]problemError, len(ves))
		for i, ve := range ves {
			names[i] = ve.Param
			p.Errors[i].Name, p.Errors[i].Detail = ve.Param, ve.Reason
			if rt != nil {
				p.Errors[i].In = rt.e.paramIn(ve.Param)
			}
		}
		if len(ves) == 1 {
			p.Detail = "parameter " + ves[0].Param + ": " + ves[0].Reason
		} else {
			p.Detail = strconv.Itoa(len(ves)) + " parameters are not valid: " + strings.Join(names, ", ")
		}
	}
	if p.Status >= 500 {
		method := ""
		if rt != nil {
			method = rt.e.name
		}
		h.errorLog(r.Context(), method, err)
	}
	writeProblem(w, &p, header, r.Method == http.MethodHead)
}

// paramIn returns where parameter name of e is: "path" or "query" (where
// it first appears), or "body"; "" when e has no such parameter.
func (e *endpoint) paramIn(name string) string {
	for i := range e.body {
		if e.body[i].name == name {
			return "body"
		}
	}
	for i := range e.params {
		if e.params[i].name != name {
			continue
		}
		for _, pc := range e.path {
			if pc.arg == i+1 {
				return "path"
			}
		}
		return "query"
	}
	return ""
}
