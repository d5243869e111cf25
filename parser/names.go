package parser

import (
	"go/token"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/clientrt"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/naming"
	"github.com/apigen-go/apigen/uritemplate"
)

// GeneratedNames are the package-level names that generated code declares
// besides the runtime (internal/clientrt) and the names derived from the
// definition. Package generator declares them; every derived name avoids
// them.
var GeneratedNames = []string{"Client", "NewClient", "defaultBaseURL"}

// GeneratedImports are the packages generated code imports besides the
// runtime's (clientrt.Declared lists those); no package-level name may
// shadow them.
var GeneratedImports = []string{"context"}

// MethodLocals are the names generated method bodies use for receivers and
// local variables; argument names avoid them.
var MethodLocals = []string{"c", "r", "ctx", "params", "p"}

// assignNames gives every element of the model its Go names. It is the only
// place where names are derived; the rules are documented in package naming
// and docs/go-client.md.
func (r *resolver) assignNames(opts Options) {
	api := r.api
	r.packageName(opts.Package)

	reserved := append(append(append([]string(nil), clientrt.Declared()...), GeneratedNames...), GeneratedImports...)
	pkg := naming.NewScopeSize(6*r.methods+r.resources, reserved...)

	// Resource types first, so that they keep their natural names.
	api.Root.Walk(func(res *model.Resource) {
		if res.IsRoot() {
			res.TypeName = "Client"
			return
		}
		res.GoName = naming.Exported(res.Name)
		res.Prefix = res.Parent.Prefix + res.GoName
		res.TypeName = pkg.Unique(res.Prefix + "Resource")
		res.GoPath = strings.TrimPrefix(res.Parent.GoPath+"."+res.GoName, ".")
	})
	api.Root.Walk(func(res *model.Resource) {
		r.memberNames(res)
		for _, m := range res.Methods {
			m.FullName = strings.TrimPrefix(res.GoPath+"."+m.GoName, ".")
			if hasOptional(m) {
				m.ParamsType = pkg.Unique(res.Prefix + m.GoName + "Params")
			}
			m.EndpointVar = pkg.Unique(naming.Unexported(res.Prefix+m.GoName) + "Endpoint")
			r.paramNames(m)
		}
		r.enums(res, pkg)
	})
	// Argument names last: they must not shadow any package-level name.
	api.Root.Walk(func(res *model.Resource) {
		for _, m := range res.Methods {
			local := naming.NewScope(MethodLocals...)
			for _, p := range m.Required() {
				if r.clashing[p] {
					continue // an error already; and many would make this loop quadratic
				}
				name := naming.Unexported(p.Name)
				for pkg.Has(name) || local.Has(name) || naming.IsPredeclared(name) || token.IsKeyword(name) {
					name += "_"
				}
				local.Take(name)
				p.ArgName = name
			}
		}
	})
}

// packageName sets the Go package name, from the option or the API name.
func (r *resolver) packageName(override string) {
	name := override
	if name == "" {
		name = strings.Map(func(c rune) rune {
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				return unicode.ToLower(c)
			}
			return -1
		}, r.api.Name)
	}
	switch {
	case override != "" && (!token.IsIdentifier(name) || name == "_"):
		r.diags.Errorf(r.pos(0), "package name %q is not a valid Go identifier", name)
	case override == "" && !token.IsIdentifier(name):
		r.diags.Errorf(r.pos(0), "API name %q gives no valid Go package name (%q): rename the file so that its name starts with a letter, or set the package name (-p)", r.api.Name, name)
	case override != "" && notLibrary[name] != "":
		r.diags.Errorf(r.pos(0), "package name %q cannot hold a client: %s; choose another name", name, notLibrary[name])
	case notLibrary[name] != "":
		r.diags.Errorf(r.pos(0), "API name %q gives the package name %q, which cannot hold a client: %s; rename the file, or set the package name (-p)", r.api.Name, name, notLibrary[name])
	}
	r.api.Package = name
}

// notLibrary holds the package names that cannot be a library package, and
// why.
var notLibrary = map[string]string{
	"main":          "package main is a command, which no other package can import",
	"documentation": "the go command ignores files of package documentation",
}

// memberNames names a resource's child fields and methods, which share the
// Go type's namespace, and reports names that are invalid or collide.
func (r *resolver) memberNames(res *model.Resource) {
	type owner struct {
		what, name string
		pos        diag.Pos
	}
	taken := map[string]owner{}
	claim := func(goName, what, name string, pos diag.Pos) {
		if goName == "" || !startsWithLetter(goName) {
			r.diags.Errorf(pos, "%s name %q cannot become a Go name: start it with a letter", what, name)
			return
		}
		if o, dup := taken[goName]; dup {
			r.diags.Errorf(pos, "%s %q and %s %q (at %d:%d) both become the Go name %s: rename one", what, name, o.what, o.name, o.pos.Line, o.pos.Col, goName)
			return
		}
		taken[goName] = owner{what, name, pos}
	}
	for _, c := range res.Children {
		claim(c.GoName, "resource", c.Name, c.Pos)
	}
	for _, m := range res.Methods {
		m.GoName = naming.Exported(m.Name)
		claim(m.GoName, "method", m.Name, m.Pos)
	}
}

func startsWithLetter(s string) bool {
	c, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(c)
}

// paramNames sets the Go field names of a method's parameters and reports
// parameters whose Go names collide.
func (r *resolver) paramNames(m *model.Method) {
	taken := map[string]*model.Param{}
	for _, p := range m.Params {
		p.FieldName = naming.Exported(p.Name)
		if !uritemplate.ValidName(p.Name) {
			continue // reported by the tag parser
		}
		if !startsWithLetter(p.FieldName) {
			r.diags.Errorf(p.Pos, "parameter %q cannot become a Go name: use a name with a letter in it", p.Name)
			continue
		}
		if q, dup := taken[p.FieldName]; dup {
			r.diags.Errorf(p.Pos, "parameters %q and %q (at %d:%d) of method %q both become the Go name %s: rename one", p.Name, q.Name, q.Pos.Line, q.Pos.Col, m.Name, p.FieldName)
			if r.clashing == nil {
				r.clashing = map[*model.Param]bool{}
			}
			r.clashing[p] = true
			continue
		}
		taken[p.FieldName] = p
	}
}

// enums gives a Go type to every template parameter of res with options.
// Methods of one resource whose parameter has the same name and the same
// option set share one type, <Resource><Param>; where the option sets of a
// name differ, each method's type is <Resource><Method><Param>.
func (r *resolver) enums(res *model.Resource, pkg *naming.Scope) {
	type use struct {
		m *model.Method
		p *model.Param
	}
	var order []string
	byName := map[string][]use{}
	for _, m := range res.Methods {
		for _, p := range m.Params {
			if p.Options == nil || p.In == uritemplate.InBody {
				continue
			}
			if _, ok := byName[p.Name]; !ok {
				order = append(order, p.Name)
			}
			byName[p.Name] = append(byName[p.Name], use{m, p})
		}
	}
	for _, name := range order {
		uses := byName[name]
		shared := true
		for _, u := range uses[1:] {
			shared = shared && sameSet(u.p.Options, uses[0].p.Options)
		}
		if shared {
			e := r.newEnum(pkg, res.Prefix+naming.Exported(name), uses[0].p.Options)
			for _, u := range uses {
				u.p.Enum = e
			}
			continue
		}
		for _, u := range uses {
			u.p.Enum = r.newEnum(pkg, res.Prefix+u.m.GoName+naming.Exported(name), u.p.Options)
		}
	}
}

func (r *resolver) newEnum(pkg *naming.Scope, typeName string, options []string) *model.Enum {
	e := &model.Enum{TypeName: pkg.Unique(typeName), Options: options}
	e.ValuesVar = pkg.Unique(naming.Unexported(e.TypeName) + "Values")
	for i, o := range options {
		suffix := naming.OptionName(o)
		if suffix == "" {
			suffix = "Value" + strconv.Itoa(i+1)
		}
		e.ConstNames = append(e.ConstNames, pkg.Unique(e.TypeName+suffix))
	}
	r.api.Enums = append(r.api.Enums, e)
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
