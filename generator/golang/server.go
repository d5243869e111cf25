package golang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/safetext"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// The server half of a package (apigen generate --server): the Service
// interface, a request type per method, UnimplementedService, NewHandler
// and the method table that NewHandler builds its router from. The
// runtime's server part (internal/apirt: router.go, server.go) does the
// rest; see the top of its server.go for the shape written here.

// serverNames are the package-level names that the server's code below
// declares besides those derived from the definition. Like every name of
// the package, they are reserved whether or not the server is generated.
var serverNames = []string{"Service", "UnimplementedService", "NewHandler", "serviceMethods", "callService"}

// serverFile writes ServerFile:
//
//	type Service interface { Ping(ctx context.Context, req *PingRequest) (any, error); ... }
//	type ( PingRequest struct{}; TicketGetRequest struct { TicketID string // path parameter ticket_id; required }; ... )
//	type UnimplementedService struct{}
//	func (UnimplementedService) Ping(context.Context, *PingRequest) (any, error) { return unimplemented("Ping") }
//	func NewHandler(svc Service, opts ...HandlerOption) http.Handler { ... }
//	var serviceMethods = []serverMethod{{&pingEndpoint, (*PingRequest)(nil)}, ...}
//	func callService(svc Service, ctx context.Context, i int, req any) (any, error) { switch i { case 0: return svc.Ping(ctx, req.(*PingRequest)) ... } }
func (g *generator) serverFile() []byte {
	f := newFile(Header(g.api.File), g.names.Package)
	var methods []*model.Method
	g.api.Root.Walk(func(r *model.Resource) { methods = append(methods, r.Methods...) })
	ctx, http := f.use("context"), f.use("net/http")
	api := g.api.Name

	f.p()
	f.doc("", "Service is the "+api+" API as its server implements it: a method per method\n"+
		"of the definition, in definition order. Each gets the request's parameters,\n"+
		"checked and with defaults applied, and returns the reply's body, a *Reply,\n"+
		"or an error (see NewHandler). Embed UnimplementedService in an\n"+
		"implementation to implement a subset of the methods.")
	f.p("type Service interface {")
	for _, m := range methods {
		mn := g.names.Method(m)
		f.p("\t", mn.ServiceMethod, "(ctx ", ctx, ".Context, req *", mn.RequestType, ") (any, error)")
	}
	f.p("}")

	if len(methods) > 0 {
		f.p()
		f.p("type (")
		for _, m := range methods {
			g.requestType(f, m)
		}
		f.p(")")
	}

	f.p()
	f.doc("", "UnimplementedService answers every method of Service with a 501\n"+
		"*StatusError. Embed it in a service to implement a subset of the methods;\n"+
		"the service keeps compiling when the definition grows. Both\n"+
		"UnimplementedService and a pointer to it are a Service, and so is a\n"+
		"struct that embeds it, or a pointer to one.")
	f.p("type UnimplementedService struct{}")
	for _, m := range methods {
		mn := g.names.Method(m)
		f.p()
		f.p("// ", mn.ServiceMethod, " returns a 501 *StatusError.")
		f.p("func (UnimplementedService) ", mn.ServiceMethod, "(", ctx, ".Context, *", mn.RequestType, ") (any, error) {")
		f.p("\treturn unimplemented(", strconv.Quote(mn.FullName), ")")
		f.p("}")
	}

	f.p()
	f.doc("", "NewHandler returns an http.Handler that serves the "+api+" API with svc.\n"+
		"It routes each request to its method, checks every parameter as the client\n"+
		"does (a 400 problem document lists all that fail), and writes what the\n"+
		"method returns: nil as 204 No Content, a *Reply as it says, another value\n"+
		"as 200 with its JSON; a *StatusError as its status, a *ValidationError as\n"+
		"400, any other error or a panic as 500. The router is built once, here.")
	f.p("func NewHandler(svc Service, opts ...HandlerOption) ", http, ".Handler {")
	f.p("\treturn newHandler(svc, serviceMethods, func(ctx ", ctx, ".Context, i int, req any) (any, error) {")
	f.p("\t\treturn callService(svc, ctx, i, req)")
	f.p("\t}, opts)")
	f.p("}")

	f.p()
	f.p("// serviceMethods lists the methods of Service in definition order: the")
	f.p("// request table of each and its request type.")
	if len(methods) == 0 {
		f.p("var serviceMethods = []serverMethod{}")
	} else {
		f.p("var serviceMethods = []serverMethod{")
		for _, m := range methods {
			mn := g.names.Method(m)
			f.p("\t{&", mn.EndpointVar, ", (*", mn.RequestType, ")(nil)},")
		}
		f.p("}")
	}

	f.p()
	f.p("// callService calls method i of serviceMethods on svc with req, a request")
	f.p("// of its type.")
	f.p("func callService(svc Service, ctx ", ctx, ".Context, i int, req any) (any, error) {")
	if len(methods) > 0 {
		f.p("\tswitch i {")
		for i, m := range methods {
			mn := g.names.Method(m)
			f.p("\tcase ", strconv.Itoa(i), ":")
			f.p("\t\treturn svc.", mn.ServiceMethod, "(ctx, req.(*", mn.RequestType, "))")
		}
		f.p("\t}")
	}
	f.p("\tpanic(\"callService: no method \" + ", f.use("strconv"), ".Itoa(i))")
	f.p("}")
	return f.bytes()
}

// requestType writes the request type of a method, as a spec of a type
// group: a field per parameter, in order, each with a comment saying where
// it is and its default.
func (g *generator) requestType(f *file, m *model.Method) {
	mn := g.names.Method(m)
	f.doc("\t", fmt.Sprintf("%s is the request of %s: %s %s.", mn.RequestType, mn.FullName, m.HTTPMethod, safetext.OneLine(servedPath(m))))
	if len(m.Params) == 0 {
		f.p("\t", mn.RequestType, " struct{}")
		return
	}
	f.p("\t", mn.RequestType, " struct {")
	var rows [][]string
	if len(m.Params) > 1 && len(m.Body()) == 0 {
		// A struct of several strings is comparable, and the compiler
		// writes an equality function for it: one per method, which
		// slows the package's compilation. A blank field of a func type
		// makes it incomparable (a body parameter's json.RawMessage
		// does too); NewHandler skips blank fields.
		rows = append(rows, []string{"_", "[0]func()"})
	}
	for _, p := range m.Params {
		typ := g.names.TypeName(p)
		if p.In == uritemplate.InBody {
			typ = f.use("encoding/json") + ".RawMessage"
		}
		rows = append(rows, []string{g.names.Param(p).FieldName, typ, "// " + requestFieldDoc(m, p)})
	}
	f.aligned("\t\t", rows)
	f.p("\t}")
}

// servedPath is a method's template as the server matches it, rooted at
// '/', with each tag written as its name alone, with its '+' or '*':
// "/tickets.json?view={view}&page={page}", "/v1/{+name}?id={ids*}".
func servedPath(m *model.Method) string {
	t := m.Template
	var b strings.Builder
	pieces := func(ps []uritemplate.Piece) {
		for _, p := range ps {
			if p.Arg > 0 {
				tag := t.Params[p.Arg-1]
				switch {
				case tag.MultiSegment:
					b.WriteString("{+" + tag.Name + "}")
				case tag.Repeated:
					b.WriteString("{" + tag.Name + "*}")
				default:
					b.WriteString("{" + tag.Name + "}")
				}
			} else {
				b.WriteString(p.Lit)
			}
		}
	}
	pieces(t.Path)
	for i, q := range t.Query {
		b.WriteByte("?&"[min(i, 1)])
		pieces(q.Key)
		if q.HasValue {
			b.WriteByte('=')
			pieces(q.Value)
		}
	}
	s := b.String()
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	return s
}

// requestFieldDoc says where a parameter is, and whether it is required or
// its default: "query parameter view; default \"open\"".
func requestFieldDoc(m *model.Method, p *model.Param) string {
	s := p.In.String() + " parameter " + p.Name
	if p.In == uritemplate.InBody && len(m.Body()) == 1 {
		s += " (the whole body)"
	}
	switch {
	case p.Required:
		s += "; required"
	case p.Default != "":
		s += "; default " + strconv.Quote(p.Default)
	}
	return safetext.OneLine(s)
}

// serverFiles adds the server's files to files.
func (g *generator) serverFiles(files map[string][]byte) {
	files[ServerFile] = g.serverFile()
	files[ServerRuntimeFile] = g.runtimePart(apirt.ServerPart)
}

// checkServer reports what a server of api cannot serve without ambiguity
// (see apirt.CheckServer), at the definition's positions: as errors when
// asErrors, else as warnings; a split that does not round-trip every value
// is always a warning.
func checkServer(api *model.API, names *Names, asErrors bool) diag.List {
	var methods []*model.Method
	var eps []*apirt.Endpoint
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			methods = append(methods, m)
			eps = append(eps, apirt.ForMethod(m, names.Method(m).FullName))
		}
	})
	var list diag.List
	for _, p := range apirt.CheckServer(eps) {
		m := methods[p.Method]
		d := diag.Diagnostic{Pos: m.Pos, Severity: diag.Warning, Code: diag.Server}
		if asErrors && !p.Warning {
			d.Severity = diag.Error
		}
		switch {
		case p.Other >= 0:
			// Reported at the later method, naming the earlier one.
			o := methods[p.Other]
			d.Pos, d.Related = o.Pos, []diag.Pos{m.Pos}
			d.Msg = fmt.Sprintf("a server cannot tell %s %s from %s %s (at %s): %s; give one of them another path, a literal query pair or a required query key",
				names.Method(o).FullName, o.HTTPMethod, names.Method(m).FullName, m.HTTPMethod, m.Pos.LineCol(), p.Msg)
		case p.Param > 0:
			d.Pos = m.Params[p.Param-1].Pos
			d.Msg = names.Method(m).FullName + ": " + p.Msg
		default:
			d.Msg = names.Method(m).FullName + ": " + p.Msg
		}
		list.Add(d)
	}
	return list
}
