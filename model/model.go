// Package model is the resolved form of an API definition: what the parser
// produces and every generator reads.
//
// Everything the definition decides is resolved here: replacement values
// are expanded, endpoints are parsed, parameters are in call order, and every
// element carries its name as written and its source position. Generators
// only read the model; they never re-parse text. What an output target calls
// things is the target's to decide (Go names: generator/golang's naming
// pass), so the model holds no target's names.
package model

import (
	"strings"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/uritemplate"
)

// API is one definition file.
type API struct {
	Name        string // the file's base name without ".json", such as "helpdesk"
	File        string // the file as named to the parser
	URL         string // default base URL (_url), "" when not given
	Description string // _description of the top-level object
	Version     string // _version of the top-level object
	Root        *Resource
}

// PublicURL returns URL without its user info ("user:password@"), and
// whether it had any: documents written for others (exports) carry the
// base URL, never a credential in it.
func (a *API) PublicURL() (string, bool) {
	scheme, rest, ok := strings.Cut(a.URL, "://")
	if !ok {
		return a.URL, false
	}
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	i := strings.LastIndexByte(authority, '@')
	if i < 0 {
		return a.URL, false
	}
	return scheme + "://" + authority[i+1:] + path, true
}

// ExportURL returns PublicURL for a document written for others (an
// export), and when the definition's _url has user info, adds to diags a
// warning at the top of the file that the export leaves it out.
func (a *API) ExportURL(diags *diag.List) string {
	u, had := a.PublicURL()
	if had {
		diags.Warnf(a.Root.Pos, diag.Export, "\"_url\" has a user name or password: the export leaves them out; remove them from the definition, and give credentials to the client instead")
	}
	return u
}

// Resource is an object of the definition. The top-level object is the root
// resource; its methods are methods of the generated Client.
type Resource struct {
	Name        string // key in the parent; "" for the root
	Parent      *Resource
	Description string // _description, or else the comment above its key
	// DescriptionPos is where the comment that describes it is written;
	// zero when it has none, or when it comes from _description.
	DescriptionPos diag.Pos
	Values         []*Value // its own replacement values, in order
	Methods        []*Method
	Events         []*Event
	Children       []*Resource
	Pos            diag.Pos // position of its key (of the file, for the root)
}

// IsRoot reports whether r is the top-level object.
func (r *Resource) IsRoot() bool { return r.Parent == nil }

// Walk calls fn for r and each resource below it, parents first, in
// definition order.
func (r *Resource) Walk(fn func(*Resource)) {
	fn(r)
	for _, c := range r.Children {
		c.Walk(fn)
	}
}

// Events returns every event of the API, parents' before their children's,
// each resource's in definition order.
func (a *API) Events() []*Event {
	var out []*Event
	a.Root.Walk(func(r *Resource) { out = append(out, r.Events...) })
	return out
}

// Value is a replacement value.
type Value struct {
	Name     string
	Text     string // as written
	Expanded string // expanded against the parent's scope
	Pos      diag.Pos
	// Description is the comment above its key; DescriptionPos is where
	// it is written (zero for none).
	Description    string
	DescriptionPos diag.Pos
}

// Method is an API method.
type Method struct {
	Name       string // as in the definition, such as "add_note"
	Resource   *Resource
	HTTPMethod string // upper case
	Endpoint   string // as written
	Expanded   string // after replacement values
	Template   *uritemplate.Template
	Params     []*Param // template parameters in order of first use, then body parameters
	Pos        diag.Pos
	// Description is the comment above its key; DescriptionPos is where
	// it is written (zero for none).
	Description    string
	DescriptionPos diag.Pos
}

// Required returns the parameters that are arguments of the Go method, in
// order: required template parameters, then required body parameters.
func (m *Method) Required() []*Param { return m.filter(true) }

// Optional returns the parameters that are fields of the params struct.
func (m *Method) Optional() []*Param { return m.filter(false) }

func (m *Method) filter(required bool) []*Param {
	var out []*Param
	for _, p := range m.Params {
		if p.Required == required {
			out = append(out, p)
		}
	}
	return out
}

// Body returns the body parameters, in definition order.
func (m *Method) Body() []*Param {
	var out []*Param
	for _, p := range m.Params {
		if p.In == uritemplate.InBody {
			out = append(out, p)
		}
	}
	return out
}

// Param is a parameter of a method or an event.
type Param struct {
	Name     string
	In       uritemplate.Location
	Required bool
	Default  string   // "" for none
	Options  []string // nil for any value
	// MultiSegment is a path value that may hold '/' ({+name}); Repeated
	// a query value that is a list ({name*}).
	MultiSegment, Repeated bool
	Pos                    diag.Pos // its first tag, or its body entry
	// Value is the replacement value whose text holds the first tag of
	// an endpoint parameter ("std" for a method "{root}?{std}" where
	// "std": "alt={alt:json}&key={key:}"); nil when the endpoint itself
	// holds it, and for body parameters. Methods whose parameters come
	// from one value share them: a target may declare them once.
	Value *Value
	// Description comes from the nearest _params entry of its name, in its
	// method's resource or above; DescriptionPos is that entry's key (zero
	// for none).
	Description    string
	DescriptionPos diag.Pos
}

// Event is an event of a resource: `"created": ["EVENT", PARAMS]`. Only the
// owner of the API fires it; listeners receive it as a signed webhook whose
// body holds Type and a data member per parameter (see
// docs/definition-format.md).
type Event struct {
	Name        string // as in the definition, such as "created"
	Resource    *Resource
	Type        string   // its type on the wire: "helpdesk.ticket.created"
	Description string   // the line comments right above its key, "" for none
	Params      []*Param // in definition order; each In uritemplate.InBody
	Pos         diag.Pos // position of its key
}

// Required returns the parameters that must be set.
func (e *Event) Required() []*Param {
	var out []*Param
	for _, p := range e.Params {
		if p.Required {
			out = append(out, p)
		}
	}
	return out
}
