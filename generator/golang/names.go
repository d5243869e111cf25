package golang

import (
	"fmt"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/naming"
	"github.com/apigen-go/apigen/uritemplate"
)

// Names are the Go names of a definition's elements: the only place where
// they are chosen. The rules are documented in package naming and
// docs/go-client.md; they are the generated packages' public API and do
// not depend on which parts (client, server, events) are generated.
type Names struct {
	Package string
	Enums   []*Enum // enum types, in order of first use
	// Shared are the structs of parameters that a replacement value
	// gives many methods, in order of first use.
	Shared []*SharedParams

	res   map[*model.Resource]*ResourceNames
	meth  map[*model.Method]*MethodNames
	ev    map[*model.Event]*EventNames
	param map[*model.Param]*ParamNames
	// shared is the struct that holds each parameter of a params struct
	// that embeds one.
	shared map[*model.Param]*SharedParams
}

// SharedParams is a struct of the optional parameters that one
// replacement value gives many methods ("std": "alt={alt:json}&key={key:}"
// in "{root}?{std}"): their params structs embed it instead of repeating
// the fields, so that a value of it can be set once and shared.
type SharedParams struct {
	TypeName string         // "StdParams": the value's Go name and "Params"
	Value    *model.Value   // the value whose text holds the parameters' tags
	Params   []*model.Param // its fields: those of the first method of its form
}

// SharedOf returns the struct that holds p in its method's params struct,
// or nil when p is a field of that struct.
func (n *Names) SharedOf(p *model.Param) *SharedParams { return n.shared[p] }

// ResourceNames are the Go names of a resource.
type ResourceNames struct {
	GoName   string // exported form of its name: the field in the parent's type
	TypeName string // Go type: "TicketNoteResource"; "Client" for the root
	Prefix   string // start of its types' names: "TicketNote"; "" for the root
	GoPath   string // field path from a Client: "Ticket.Note"; "" for the root
}

// MethodNames are the Go names of a method.
type MethodNames struct {
	GoName      string // "AddNote"
	FullName    string // Go call path from a Client: "Ticket.AddNote"
	ParamsType  string // "TicketListParams"; "" when it has no optional parameters
	EndpointVar string // unexported variable describing its request

	// The server's names (see server.go), chosen whatever the flags.
	ServiceMethod string // method of Service: the Go call path joined, "TicketNoteGet"
	RequestType   string // its request type: "TicketNoteGetRequest"
}

// EventNames are the Go names of an event.
type EventNames struct {
	GoName    string // exported form of its name, among its resource's members: "Created"
	TypeName  string // its struct, and its method of EventHandler: "TicketCreated"
	ParamsVar string // unexported variable listing its parameters: "ticketCreatedEventParams"
}

// ParamNames are the Go names of a parameter.
type ParamNames struct {
	FieldName string // field of the params or event struct: "TicketID"
	ArgName   string // argument of the method: "ticketID"
	Enum      *Enum  // the Go type of a template or event parameter with options
}

// Enum is a Go string type with one constant per allowed value.
type Enum struct {
	TypeName   string          // "TicketView"
	Options    []string        // the values, in order
	ConstNames []string        // one per option: "TicketViewAllTickets"
	ValuesVar  string          // unexported variable listing the values: "ticketViewValues"
	Home       *model.Resource // the resource of its first use, whose file declares it
	// StringsFunc converts a slice of the type to []string, for the
	// repeated parameters ({name*}) of the type: "ticketViewStrings"; ""
	// when no repeated parameter has the type.
	StringsFunc string
}

// Resource returns the names of r.
func (n *Names) Resource(r *model.Resource) *ResourceNames { return n.res[r] }

// Method returns the names of m.
func (n *Names) Method(m *model.Method) *MethodNames { return n.meth[m] }

// Event returns the names of e.
func (n *Names) Event(e *model.Event) *EventNames { return n.ev[e] }

// Param returns the names of p.
func (n *Names) Param(p *model.Param) *ParamNames { return n.param[p] }

// TypeName returns the Go type of a parameter: the enum type of a template
// or event parameter with options, any for other body and event
// parameters, else string; a slice of that for a repeated parameter
// ({name*}).
func (n *Names) TypeName(p *model.Param) string {
	t := "string"
	switch {
	case n.param[p].Enum != nil:
		t = n.param[p].Enum.TypeName
	case p.In == uritemplate.InBody:
		return "any"
	}
	if p.Repeated {
		return "[]" + t
	}
	return t
}

// packageScope are the names that generated code declares at package level
// besides the runtime's and those derived from the definition, and the
// packages it imports besides the runtime's. They live beside the code that
// emits them (see client.go); every derived name avoids them.
func packageScope() []string {
	var names []string
	names = append(names, runtimeDeclared()...)
	names = append(names, clientNames...)
	names = append(names, serverNames...)
	names = append(names, eventNames...)
	return names
}

// methodLocals are the names that generated method bodies use for the
// receiver and local variables; argument names avoid them.
var methodLocals = []string{"c", "r", "ctx", "params", "p"}

// Name chooses the Go names of api's elements, in a generated package named
// pkg ("" derives it from the API name). It reports, at their positions,
// names that cannot become Go names and names that collide.
func Name(api *model.API, pkg string) (*Names, diag.List) {
	nr := &namer{api: api, n: &Names{
		res:   map[*model.Resource]*ResourceNames{},
		meth:  map[*model.Method]*MethodNames{},
		ev:    map[*model.Event]*EventNames{},
		param: map[*model.Param]*ParamNames{},
	}}
	nr.packageName(pkg)
	methods, resources, events := 0, 0, 0
	api.Root.Walk(func(r *model.Resource) {
		resources++
		methods += len(r.Methods)
		events += len(r.Events)
	})
	scope := naming.NewScopeSize(7*methods+resources+4*events, packageScope()...)

	nr.enumGroups()
	// Resource types first, so that they keep their natural names.
	api.Root.Walk(func(r *model.Resource) {
		rn := &ResourceNames{}
		nr.n.res[r] = rn
		if r.IsRoot() {
			rn.TypeName = "Client"
			return
		}
		parent := nr.n.res[r.Parent]
		rn.GoName = naming.Exported(r.Name)
		rn.Prefix = parent.Prefix + rn.GoName
		rn.TypeName = scope.Unique(rn.Prefix + "Resource")
		rn.GoPath = strings.TrimPrefix(parent.GoPath+"."+rn.GoName, ".")
	})
	// Then event types, which are named like resources: the event type
	// TicketCreated is the event "created" of the resource Ticket.
	api.Root.Walk(func(r *model.Resource) {
		for _, e := range r.Events {
			en := &EventNames{GoName: naming.Exported(e.Name)}
			en.TypeName = scope.Unique(nr.n.res[r].Prefix + en.GoName)
			nr.n.ev[e] = en
		}
	})
	api.Root.Walk(func(r *model.Resource) {
		rn := nr.n.res[r]
		nr.memberNames(r)
		for _, m := range r.Methods {
			mn := nr.n.meth[m]
			mn.FullName = strings.TrimPrefix(rn.GoPath+"."+mn.GoName, ".")
			if hasOptional(m) {
				mn.ParamsType = scope.Unique(rn.Prefix + mn.GoName + "Params")
			}
			mn.EndpointVar = scope.Unique(naming.Unexported(rn.Prefix+mn.GoName) + "Endpoint")
			nr.paramNames("method", m.Name, m.Params)
		}
		for _, e := range r.Events {
			en := nr.n.ev[e]
			en.ParamsVar = scope.Unique(naming.Unexported(en.TypeName) + "EventParams")
			nr.paramNames("event", e.Name, e.Params)
		}
		nr.enums(r, scope)
	})
	nr.eventEnums(scope)
	nr.sharedParams(scope)
	// The server's names after the client's, so that they never change a
	// client's: Service's methods in their own scope, request types in the
	// package's.
	service := naming.NewScope()
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			mn := nr.n.meth[m]
			mn.ServiceMethod = service.Unique(nr.n.res[r].Prefix + mn.GoName)
			mn.RequestType = scope.Unique(mn.ServiceMethod + "Request")
		}
	})
	// Argument names last: they must not shadow any package-level name.
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			local := naming.NewScope(methodLocals...)
			for _, p := range m.Required() {
				if nr.clashing[p] {
					continue // an error already; and many would make this loop quadratic
				}
				name := naming.Unexported(p.Name)
				for scope.Has(name) || local.Has(name) || naming.IsPredeclared(name) || token.IsKeyword(name) {
					name += "_"
				}
				local.Take(name)
				nr.n.param[p].ArgName = name
			}
		}
	})
	nr.diags.Sort()
	return nr.n, nr.diags
}

type namer struct {
	api      *model.API
	n        *Names
	diags    diag.List
	clashing map[*model.Param]bool // parameters whose Go name is another's (an error)

	groups       map[*model.Param]*enumGroup // of each parameter with options
	groupsOfName map[string]int              // how many groups have each name
	byKey        map[string]*enumGroup       // the groups, by enumKey
}

// filePos is the position of the definition file as a whole.
func (nr *namer) filePos() diag.Pos { return diag.FilePos(nr.api.File) }

// packageName sets the Go package name, from the option or the API name.
func (nr *namer) packageName(override string) {
	name := override
	if name == "" {
		name = PackageName(nr.api)
	}
	switch {
	case override != "" && (!token.IsIdentifier(name) || name == "_"):
		nr.diags.Errorf(nr.filePos(), diag.Package, "package name %q is not a valid Go identifier", name)
	case override == "" && token.IsKeyword(name):
		nr.diags.Errorf(nr.filePos(), diag.Package, "API name %q gives the package name %q, which is a Go keyword: rename the file, or set the package name (-p)", nr.api.Name, name)
	case override == "" && !token.IsIdentifier(name):
		nr.diags.Errorf(nr.filePos(), diag.Package, "API name %q gives no valid Go package name (%q): rename the file so that its name starts with a letter, or set the package name (-p)", nr.api.Name, name)
	case override != "" && notLibrary[name] != "":
		nr.diags.Errorf(nr.filePos(), diag.Package, "package name %q cannot hold a client: %s; choose another name", name, notLibrary[name])
	case notLibrary[name] != "":
		nr.diags.Errorf(nr.filePos(), diag.Package, "API name %q gives the package name %q, which cannot hold a client: %s; rename the file, or set the package name (-p)", nr.api.Name, name, notLibrary[name])
	}
	nr.n.Package = name
}

// PackageName returns the Go package name derived from the API name: in
// lower case, letters and digits only ("help_desk.ticket" ->
// "helpdeskticket"). Name reports it when it is not a valid package name.
func PackageName(api *model.API) string {
	return strings.Map(func(c rune) rune {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			return unicode.ToLower(c)
		}
		return -1
	}, api.Name)
}

// notLibrary holds the package names that cannot be a library package, and
// why.
var notLibrary = map[string]string{
	"main":          "package main is a command, which no other package can import",
	"documentation": "the go command ignores files of package documentation",
	"init":          "no package can import it under its own name, which Go keeps for init functions",
}

// memberNames names a resource's child fields and methods, which share the
// Go type's namespace, and reports names that are invalid or collide.
func (nr *namer) memberNames(r *model.Resource) {
	type owner struct {
		what, name string
		pos        diag.Pos
	}
	taken := map[string]owner{}
	claim := func(goName, what, name string, pos diag.Pos) {
		if goName == "" || !startsWithLetter(goName) {
			nr.diags.Errorf(pos, diag.GoName, "%s name %q cannot become a Go name: start it with a letter", what, name)
			return
		}
		if o, dup := taken[goName]; dup {
			nr.diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: diag.GoNameConflict, Related: []diag.Pos{o.pos},
				Msg: fmt.Sprintf("%s %q and %s %q (at %s) both become the Go name %s: rename one", what, name, o.what, o.name, o.pos.LineCol(), goName)})
			return
		}
		taken[goName] = owner{what, name, pos}
	}
	for _, c := range r.Children {
		claim(nr.n.res[c].GoName, "resource", c.Name, c.Pos)
	}
	for _, m := range r.Methods {
		mn := &MethodNames{GoName: naming.Exported(m.Name)}
		nr.n.meth[m] = mn
		claim(mn.GoName, "method", m.Name, m.Pos)
	}
	for _, e := range r.Events {
		claim(nr.n.ev[e].GoName, "event", e.Name, e.Pos)
	}
}

func startsWithLetter(s string) bool {
	c, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(c)
}

// paramNames sets the Go field names of the parameters of a method or an
// event (what, name) and reports parameters whose Go names collide. An
// event's field that would be EventType, the method of every event type,
// is EventType_.
func (nr *namer) paramNames(what, name string, params []*model.Param) {
	taken := map[string]*model.Param{}
	for _, p := range params {
		pn := &ParamNames{FieldName: naming.Exported(p.Name)}
		if what == "event" && pn.FieldName == "EventType" {
			pn.FieldName += "_"
		}
		nr.n.param[p] = pn
		if !uritemplate.ValidName(p.Name) {
			continue // reported by the tag parser
		}
		if !startsWithLetter(pn.FieldName) {
			nr.diags.Errorf(p.Pos, diag.GoName, "parameter %q cannot become a Go name: use a name with a letter in it", p.Name)
			continue
		}
		if q, dup := taken[pn.FieldName]; dup {
			nr.diags.Add(diag.Diagnostic{Pos: p.Pos, Severity: diag.Error, Code: diag.GoNameConflict, Related: []diag.Pos{q.Pos},
				Msg: fmt.Sprintf("parameters %q and %q (at %s) of %s %q both become the Go name %s: rename one", p.Name, q.Name, q.Pos.LineCol(), what, name, pn.FieldName)})
			if nr.clashing == nil {
				nr.clashing = map[*model.Param]bool{}
			}
			nr.clashing[p] = true
			continue
		}
		taken[pn.FieldName] = p
	}
}

// sharedParams finds the parameters that replacement values give many
// methods and names their structs. A value's optional parameters become
// a struct when at least two of them come from its text (each parameter
// counts where its first tag is) and at least two methods have them all
// alike: same names, defaults, options and descriptions. When methods
// differ (a _params entry describes one of them differently), the struct
// takes the form that the most methods have, the first one used on a tie,
// whatever the order of the methods; the others keep their fields. A value
// whose Go name would not start with a letter ("1x", "-") makes no struct,
// nor does a method whose own field would have the struct's name embed
// one.
func (nr *namer) sharedParams(scope *naming.Scope) {
	type member struct {
		m  *model.Method
		ps []*model.Param // its parameters from the value
	}
	// A form is one way that methods have a value's parameters; its
	// members have them alike.
	type form struct {
		members []member
	}
	type candidate struct {
		v     *model.Value
		forms []*form          // in order of first use
		byKey map[string]*form // the forms by their key (see shape)
	}
	byValue := map[*model.Value]*candidate{}
	var order []*candidate
	var key strings.Builder
	nr.api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			// The method's optional parameters by value, in order.
			var from []member
			for _, p := range m.Params {
				if p.Value == nil || p.Required || nr.clashing[p] {
					continue
				}
				i := slices.IndexFunc(from, func(mb member) bool { return mb.ps[0].Value == p.Value })
				if i < 0 {
					i = len(from)
					from = append(from, member{m, nil})
				}
				from[i].ps = append(from[i].ps, p)
			}
			for _, f := range from {
				v, ps := f.ps[0].Value, f.ps
				if len(ps) < 2 {
					continue
				}
				c := byValue[v]
				if c == nil {
					c = &candidate{v: v, byKey: map[string]*form{}}
					byValue[v] = c
					order = append(order, c)
				}
				key.Reset()
				nr.shape(&key, ps)
				fm := c.byKey[key.String()]
				if fm == nil {
					fm = &form{}
					c.byKey[key.String()] = fm
					c.forms = append(c.forms, fm)
				}
				fm.members = append(fm.members, f)
			}
		}
	})
	for _, c := range order {
		if !startsWithLetter(naming.Exported(c.v.Name)) {
			continue // only a name that starts with a letter is a Go name
		}
		best := c.forms[0]
		for _, fm := range c.forms[1:] {
			if len(fm.members) > len(best.members) {
				best = fm
			}
		}
		if len(best.members) < 2 {
			continue
		}
		sp := &SharedParams{Value: c.v, Params: best.members[0].ps}
		name := scope.Free(naming.Exported(sp.Value.Name) + "Params")
		var embed [][]*model.Param
		for _, mb := range best.members {
			if !nr.hasField(mb.m, name) {
				embed = append(embed, mb.ps)
			}
		}
		if len(embed) < 2 {
			continue // the name stays free
		}
		sp.TypeName = scope.Unique(naming.Exported(sp.Value.Name) + "Params")
		if nr.n.shared == nil {
			nr.n.shared = map[*model.Param]*SharedParams{}
		}
		for _, ps := range embed {
			for _, p := range ps {
				nr.n.shared[p] = sp
			}
		}
		nr.n.Shared = append(nr.n.Shared, sp)
	}
}

// shape writes to b a key of what a method's parameters from one value
// would be as fields: two methods have them alike when their keys are
// equal.
func (nr *namer) shape(b *strings.Builder, ps []*model.Param) {
	for _, p := range ps {
		pn := nr.n.param[p]
		enum := ""
		if pn.Enum != nil {
			enum = pn.Enum.TypeName
		}
		fmt.Fprintf(b, "%q %d %q %t %q %q %q %d", p.Name, p.In, p.Default, p.Repeated, p.Description, enum, pn.FieldName, len(p.Options))
		for _, o := range p.Options {
			b.WriteString(" " + strconv.Quote(o))
		}
		b.WriteString("\n")
	}
}

// hasField reports whether the params struct of m has a field named name.
func (nr *namer) hasField(m *model.Method, name string) bool {
	for _, p := range m.Params {
		if !p.Required && nr.n.param[p].FieldName == name {
			return true
		}
	}
	return false
}

// enumGroup is the parameters of the API that share one enum type: those
// with the same name and the same set of options.
type enumGroup struct {
	name      string
	home      *model.Resource // the resource of its first use
	method    *model.Method   // the method of its first use
	resources int             // how many resources use it
	last      *model.Resource // the last resource counted
	list      bool            // a repeated parameter ({name*}) has it
	e         *Enum
}

// enumGroups sorts the template parameters with options of the API into
// groups, in definition order, and counts the groups of each name.
func (nr *namer) enumGroups() {
	nr.groups = map[*model.Param]*enumGroup{}
	nr.groupsOfName = map[string]int{}
	nr.byKey = map[string]*enumGroup{}
	byKey := nr.byKey
	nr.api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			for _, p := range m.Params {
				if p.Options == nil || p.In == uritemplate.InBody {
					continue
				}
				key := enumKey(p)
				g := byKey[key]
				if g == nil {
					g = &enumGroup{name: p.Name, home: r, method: m}
					byKey[key] = g
					nr.groupsOfName[p.Name]++
				}
				if g.last != r {
					g.resources++
					g.last = r
				}
				g.list = g.list || p.Repeated
				nr.groups[p] = g
			}
		}
	})
}

// enums gives a Go type to every template parameter of r with options
// whose group has none yet. One type serves every parameter of the API
// with the same name and the same set of options. It is named <Param> when
// several resources use it and no other set of options has that name;
// otherwise after the resource R and method M of its first use:
// <R><Param>, or <R><M><Param> when R uses the name with other options too.
func (nr *namer) enums(r *model.Resource, scope *naming.Scope) {
	local := map[string]int{} // groups of a name that r's methods use
	seen := map[*enumGroup]bool{}
	for _, m := range r.Methods {
		for _, p := range m.Params {
			if g := nr.groups[p]; g != nil && !seen[g] {
				seen[g] = true
				local[g.name]++
			}
		}
	}
	prefix := nr.n.res[r].Prefix
	for _, m := range r.Methods {
		for _, p := range m.Params {
			g := nr.groups[p]
			if g == nil {
				continue
			}
			if g.e == nil {
				name := naming.Exported(g.name)
				switch {
				case g.resources > 1 && nr.groupsOfName[g.name] == 1:
				case local[g.name] == 1:
					name = prefix + name
				default:
					name = prefix + nr.n.meth[g.method].GoName + name
				}
				g.e = nr.newEnum(scope, name, p.Options, r, g.list)
			}
			nr.n.param[p].Enum = g.e
		}
	}
}

// eventEnums gives a Go type to every parameter of the API's events with
// options, once the methods' parameters have theirs. An event's parameter
// takes the type of the methods' parameters with the same name and option
// set, if there are any; the others share types by the methods' rule (see
// enums), named after the resource and event of their first use. So adding
// an event never renames a method's type.
func (nr *namer) eventEnums(scope *naming.Scope) {
	type group struct {
		name      string
		home      *model.Resource
		event     *model.Event
		resources int
		last      *model.Resource
		e         *Enum
	}
	groups := map[*model.Param]*group{}
	byKey := map[string]*group{}
	ofName := map[string]int{}
	local := map[*model.Resource]map[string]int{} // groups of a name each resource's events use
	var order []*model.Param
	nr.api.Root.Walk(func(r *model.Resource) {
		seen := map[*group]bool{}
		for _, ev := range r.Events {
			for _, p := range ev.Params {
				if p.Options == nil {
					continue
				}
				key := enumKey(p)
				if g := nr.byKey[key]; g != nil {
					nr.n.param[p].Enum = g.e
					continue
				}
				g := byKey[key]
				if g == nil {
					g = &group{name: p.Name, home: r, event: ev}
					byKey[key] = g
					ofName[p.Name]++
				}
				if g.last != r {
					g.resources++
					g.last = r
				}
				if !seen[g] {
					seen[g] = true
					if local[r] == nil {
						local[r] = map[string]int{}
					}
					local[r][g.name]++
				}
				groups[p] = g
				order = append(order, p)
			}
		}
	})
	for _, p := range order {
		g := groups[p]
		if g.e == nil {
			name := naming.Exported(g.name)
			prefix := nr.n.res[g.home].Prefix
			switch {
			case g.resources > 1 && ofName[g.name] == 1:
			case local[g.home][g.name] == 1:
				name = prefix + name
			default:
				name = prefix + nr.n.ev[g.event].GoName + name
			}
			g.e = nr.newEnum(scope, name, p.Options, nil, false)
		}
		nr.n.param[p].Enum = g.e
	}
}

// enumKey is what parameters sharing an enum type have in common: their
// name and their set of options.
func enumKey(p *model.Param) string {
	set := append([]string(nil), p.Options...)
	sort.Strings(set)
	return p.Name + "\x00" + strings.Join(set, "\x00")
}

func (nr *namer) newEnum(scope *naming.Scope, typeName string, options []string, home *model.Resource, list bool) *Enum {
	e := &Enum{TypeName: scope.Unique(typeName), Options: options, Home: home}
	e.ValuesVar = scope.Unique(naming.Unexported(e.TypeName) + "Values")
	if list {
		e.StringsFunc = scope.Unique(naming.Unexported(e.TypeName) + "Strings")
	}
	for i, o := range options {
		suffix := naming.OptionName(o)
		if suffix == "" {
			suffix = "Value" + strconv.Itoa(i+1)
		}
		e.ConstNames = append(e.ConstNames, scope.Unique(e.TypeName+suffix))
	}
	nr.n.Enums = append(nr.n.Enums, e)
	return e
}

// sameSet reports whether two option lists hold the same values.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	as, bs := append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(as)
	sort.Strings(bs)
	for i := range as {
		if as[i] != bs[i] {
			return false
		}
	}
	return true
}

func hasOptional(m *model.Method) bool {
	for _, p := range m.Params {
		if !p.Required {
			return true
		}
	}
	return false
}
