// Package apicall is the engine of `apigen call`: it finds a method of a
// definition by its call path, turns command-line arguments into the values
// a generated client's method takes, checks them all at once with the
// positions of the definition's tags, lists an API as a document, and
// prints a request as a curl command.
//
// It sends nothing itself: requests go through internal/apirt, the
// runtime that generated clients carry, so that `apigen call` and a
// generated client send the same request for the same arguments. Go names
// (call paths) come from generator/golang's naming pass.
package apicall

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/safetext"
	"github.com/apigen-go/apigen/model"
)

// API is a definition ready to be called.
type API struct {
	Model   *model.API
	Names   *golang.Names
	Methods []*Method // every method, in definition order (parents first)
}

// Method is a method of the API.
type Method struct {
	Model *model.Method
	Path  string // Go call path: "Ticket.Note.Get"

	written  string
	required []*model.Param
	endpoint *apirt.Endpoint
}

// Load prepares api for calls. It runs the Go naming pass, whose errors
// (names that collide) it returns; the API is usable only without errors.
// It does little else, so that a call and a shell completion on a large
// definition start fast: lookups scan the methods.
func Load(api *model.API) (*API, diag.List) {
	// The package name does not matter for call paths; a fixed one keeps a
	// file name that makes no package name from being an error here.
	names, diags := golang.Name(api, "api")
	a := &API{Model: api, Names: names}
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			a.Methods = append(a.Methods, &Method{Model: m, Path: names.Method(m).FullName})
		}
	})
	return a, diags
}

// Written is the method's path as written in the definition:
// "Ticket.Note.get".
func (m *Method) Written() string {
	if m.written == "" {
		m.written = writtenPath(m.Model)
	}
	return m.written
}

// Required returns the parameters of the Go method's signature, in order:
// positional arguments fill them.
func (m *Method) Required() []*model.Param {
	if m.required == nil {
		m.required = m.Model.Required()
	}
	return m.required
}

// writtenPath is the method's path with names as written: "Ticket.add_note".
func writtenPath(m *model.Method) string {
	parts := []string{m.Name}
	for r := m.Resource; !r.IsRoot(); r = r.Parent {
		parts = append(parts, r.Name)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}

// Find returns the method named name: its Go call path or its path as
// written, exactly, or either in any case when only one method matches.
func (a *API) Find(name string) (*Method, error) {
	for _, m := range a.Methods {
		if m.Path == name {
			return m, nil
		}
	}
	for _, m := range a.Methods {
		if m.Written() == name {
			return m, nil
		}
	}
	var found []*Method
	for _, m := range a.Methods {
		if strings.EqualFold(m.Path, name) || strings.EqualFold(m.Written(), name) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, a.unknown(name)
	default:
		var paths []string
		for _, m := range found {
			paths = append(paths, m.Path)
		}
		return nil, fmt.Errorf("method %q is ambiguous when case is ignored: write one of %s", name, strings.Join(paths, ", "))
	}
}

// unknown is the error for a method that does not exist: it names the
// methods of the resource the name points into, or the top-level names.
func (a *API) unknown(name string) error {
	prefix := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		prefix = strings.ToLower(name[:i+1])
	}
	seen := map[string]bool{}
	var near []string
	for _, m := range a.Methods {
		if !strings.HasPrefix(strings.ToLower(m.Path), prefix) {
			continue
		}
		next := m.Path[len(prefix):]
		if i := strings.IndexByte(next, '.'); i >= 0 {
			next = next[:i+1]
		}
		if !seen[next] {
			seen[next] = true
			near = append(near, m.Path[:len(prefix)]+next)
		}
	}
	msg := fmt.Sprintf("the API has no method %q", name)
	if len(near) > 0 {
		if len(near) > 20 {
			near = append(near[:20], "...")
		}
		msg += "; try " + strings.Join(near, ", ")
	}
	return fmt.Errorf("%s (list them all with: apigen call %s)", msg, a.Model.File)
}

// Endpoint returns the runtime's table of the method's request, named by
// its Go call path as in a generated package.
func (m *Method) Endpoint() *apirt.Endpoint {
	if m.endpoint == nil {
		m.endpoint = apirt.ForMethod(m.Model, m.Path)
	}
	return m.endpoint
}

// Param returns the method's parameter named name, or nil.
func (m *Method) Param(name string) *model.Param {
	for _, p := range m.Model.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Signature is the method as the listing shows it: its name as written,
// required parameters bare in the Go signature's order, then optional ones
// in brackets; options follow a parameter's name after '='. A
// multi-segment path value ({+name}) is shown as +name, a list ({name*})
// as name*.
//
//	list([view=open|pending|solved|all_tickets], [page], [per_page])
//	get(+name, [fields*=name|zone])
func (m *Method) Signature() string {
	var b strings.Builder
	b.WriteString(safetext.OneLine(m.Model.Name))
	b.WriteByte('(')
	n := 0
	sep := func() {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
	}
	for _, p := range m.Required() {
		sep()
		writeParam(&b, p)
	}
	for _, p := range m.Model.Params {
		if !p.Required {
			sep()
			b.WriteByte('[')
			writeParam(&b, p)
			b.WriteByte(']')
		}
	}
	b.WriteByte(')')
	return b.String()
}

func writeParam(b *strings.Builder, p *model.Param) {
	if p.MultiSegment {
		b.WriteByte('+')
	}
	b.WriteString(p.Name)
	if p.Repeated {
		b.WriteByte('*')
	}
	if p.Options != nil {
		b.WriteByte('=')
		b.WriteString(joinOptions(p.Options, "|"))
	}
}

// joinOptions joins options for a terminal: definition text, whose line
// breaks, controls and format characters are shown as escapes.
func joinOptions(options []string, sep string) string {
	return safetext.OneLine(strings.Join(options, sep))
}

// List writes the API as a document: its name and base URL, then each
// resource with its methods and children, indented by depth; a method's
// description follows its signature after "  # " (see Summary). Definition
// text is shown on one line, with escapes for line breaks, controls and
// format characters, so that it cannot steer a terminal.
func (a *API) List(w io.Writer) error {
	var b strings.Builder
	b.WriteString(safetext.OneLine(a.Model.Name))
	if a.Model.URL != "" {
		b.WriteString("  ")
		b.WriteString(safetext.OneLine(a.Model.URL))
	}
	b.WriteByte('\n')
	byModel := make(map[*model.Method]*Method, len(a.Methods))
	for _, m := range a.Methods {
		byModel[m.Model] = m
	}
	var walk func(r *model.Resource, indent string)
	walk = func(r *model.Resource, indent string) {
		if !r.IsRoot() {
			b.WriteString(indent)
			b.WriteString(safetext.OneLine(r.Name))
			b.WriteByte('\n')
		}
		for _, m := range r.Methods {
			b.WriteString(indent + "  ")
			b.WriteString(byModel[m].Signature())
			if d := Summary(m.Description); d != "" {
				b.WriteString("  # ")
				b.WriteString(d)
			}
			b.WriteByte('\n')
		}
		for _, c := range r.Children {
			walk(c, indent+"  ")
		}
	}
	walk(a.Model.Root, "")
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary is a description on one line, for a terminal: the lines of its
// first paragraph joined by spaces, with " ..." when more paragraphs
// follow, and every control and format character shown as an escape.
func Summary(desc string) string {
	var b strings.Builder
	more := false
	safetext.Paragraphs(desc, func(line string, first, newParagraph bool) {
		switch {
		case more:
		case newParagraph:
			more = true
		default:
			if !first {
				b.WriteByte(' ')
			}
			b.WriteString(line)
		}
	})
	if more {
		b.WriteString(" ...")
	}
	return safetext.OneLine(b.String())
}

// Complete returns the call paths that start with prefix, ignoring case,
// cut after the next '.' so that a shell completes one resource at a time:
// "Ti" gives "Ticket." (and "Tiers" if a top-level method is named so).
// Each candidate keeps prefix as typed ("ticket.N" gives "ticket.Note."),
// since shells such as bash offer only candidates that extend the typed
// word; Find ignores case where that is unambiguous. The second result
// reports whether any candidate ends in '.', where a shell should not add
// a space.
func (a *API) Complete(prefix string) ([]string, bool) {
	seen := map[string]bool{}
	var out []string
	partial := false
	for _, m := range a.Methods {
		if len(m.Path) < len(prefix) || !strings.EqualFold(m.Path[:len(prefix)], prefix) {
			continue
		}
		c := prefix + m.Path[len(prefix):]
		if i := strings.IndexByte(m.Path[len(prefix):], '.'); i >= 0 {
			c = c[:len(prefix)+i+1]
			partial = true
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out, partial
}
