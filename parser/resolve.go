package parser

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// httpMethods are the HTTP methods a method may use.
var httpMethods = map[string]bool{
	"GET": true, "PUT": true, "POST": true, "DELETE": true,
	"PATCH": true, "HEAD": true, "OPTIONS": true,
}

// resolve builds the model from the top-level object.
func (r *resolver) resolve(root *node) {
	r.api.Root = r.resource(root, nil, nil, nil, "", nil)
	r.unusedParams()
	for _, v := range r.vals {
		if !v.used && !r.siblingRefs[v.key] {
			r.diags.Warnf(r.at(v.key), diag.UnusedValue, "replacement value %s is not used by any endpoint or value: use it as {%s}, or remove it", diag.Quote(v.name), diag.Clip(v.name))
		}
	}
}

// resource resolves one object of the definition. key is its key node (nil
// for the top level).
func (r *resolver) resource(obj *node, parent *model.Resource, parentScope *scope, parentParams *paramScope, name string, key *node) *model.Resource {
	res := &model.Resource{Name: name, Parent: parent}
	ps := &paramScope{parent: parentParams}
	r.resources++
	if key != nil {
		res.Pos = r.at(key)
	} else {
		res.Pos = r.at(obj)
	}
	seen := map[string]*node{}     // keys other than metadata, for duplicates
	siblings := map[string]*node{} // this object's replacement values
	var methods, events, children []member
	var values []member
	// A repeated _description adds a paragraph. Empty ones before the first
	// non-empty one are left out. More than one are joined at the end, once.
	var desc string
	var descs []string
	for _, m := range obj.members {
		k := m.key.str
		if strings.HasPrefix(k, "_") || strings.HasPrefix(k, "$") {
			if k == "_params" {
				if ps.descs == nil {
					ps.descs = map[string]*paramDesc{}
				}
				r.params(ps, m)
				continue
			}
			if d, ok := r.metadata(res, m); ok {
				switch {
				case descs != nil:
					descs = append(descs, d)
				case desc != "":
					descs = []string{desc, d}
				default:
					desc = d
				}
			}
			continue
		}
		if first, dup := seen[k]; dup {
			r.diags.Add(diag.Diagnostic{Pos: r.at(m.key), End: r.pos(m.key.end), Severity: diag.Error, Code: diag.DuplicateKey, Related: []diag.Pos{r.at(first)},
				Msg: fmt.Sprintf("%q is defined twice in this object (first at %s): JSON keeps only the last one, so rename or remove one", k, r.lineCol(first.off))})
			continue
		}
		seen[k] = m.key
		switch m.val.kind {
		case kString:
			siblings[k] = m.key
			values = append(values, m)
		case kArray:
			if isEvent(m.val) {
				events = append(events, m)
			} else {
				methods = append(methods, m)
			}
		case kObject:
			children = append(children, m)
		default:
			r.errorf(m.val, diag.Kind, "%q: expected a string (replacement value), an array (method) or an object (resource), not %s", k, m.val.kind)
		}
	}
	if descs != nil {
		desc = strings.Join(descs, "\n\n")
	}
	res.Description = desc
	if desc == "" && key != nil {
		r.describe(key, &res.Description, &res.DescriptionPos)
	}
	if res.IsRoot() {
		r.api.Description = res.Description
	}

	// A resource's own values are expanded against its parent's scope.
	sc := &scope{parent: parentScope, vals: make(map[string]*scopeVal, len(values))}
	for _, m := range values {
		t := r.expand(m.val, parentScope, m.key.str, siblings)
		sv := &scopeVal{name: m.key.str, key: m.key, text: t}
		sc.vals[sv.name] = sv
		r.vals = append(r.vals, sv)
		v := &model.Value{Name: sv.name, Text: m.val.str, Expanded: t.s, Pos: r.at(m.key)}
		if r.valueOf == nil {
			r.valueOf = map[*node]*model.Value{}
		}
		r.valueOf[m.val] = v
		r.describe(m.key, &v.Description, &v.DescriptionPos)
		res.Values = append(res.Values, v)
	}
	for _, m := range methods {
		if meth := r.method(res, sc, m); meth != nil {
			r.describe(m.key, &meth.Description, &meth.DescriptionPos)
			describeParams(meth.Params, ps)
			res.Methods = append(res.Methods, meth)
		}
	}
	for _, m := range events {
		if ev := r.event(res, sc, m); ev != nil {
			var at diag.Pos
			r.describe(m.key, &ev.Description, &at)
			describeParams(ev.Params, ps)
			res.Events = append(res.Events, ev)
		}
	}
	for _, m := range children {
		k := m.key.str
		if c, _ := utf8.DecodeRuneInString(k); unicode.IsLower(c) {
			r.diags.Warnf(r.at(m.key), diag.ResourceName, "resource %q should be capitalized (%q): resource names are capitalized by convention", k, string(unicode.ToUpper(c))+k[utf8.RuneLen(c):])
		}
		res.Children = append(res.Children, r.resource(m.val, res, sc, ps, k, m.key))
	}
	return res
}

// metadata handles a key that starts with '_' or '$'. Unknown ones are
// ignored; known ones must be strings. It returns the text of a
// _description, which the caller collects.
func (r *resolver) metadata(res *model.Resource, m member) (description string, ok bool) {
	k := m.key.str
	var dst *string
	switch k {
	case "_description":
	case "_url", "_version":
		if !res.IsRoot() {
			r.diags.Warnf(r.at(m.key), diag.Metadata, "%q is only used at the top level of a definition; here it is ignored", k)
			return "", false
		}
		dst = &r.api.URL
		if k == "_version" {
			dst = &r.api.Version
		}
	default:
		if known := nearMetadataKey(k); known != "" {
			r.diags.Warnf(r.at(m.key), diag.Metadata, "unknown metadata key %q is ignored: did you mean %q?", k, known)
		}
		return "", false
	}
	if m.val.kind != kString {
		r.errorf(m.val, diag.Kind, "%q must be a string, not %s", k, m.val.kind)
		return "", false
	}
	if k == "_url" {
		r.checkURL(m.val)
	}
	switch {
	case dst == nil:
		return m.val.str, true
	case *dst == "":
		*dst = m.val.str
	default:
		r.diags.Warnf(r.at(m.key), diag.Metadata, "%q is given more than once; the last one is used", k)
		*dst = m.val.str
	}
	return "", false
}

// metadataKeys are the metadata keys that mean something to apigen.
var metadataKeys = []string{"_url", "_description", "_version", "_params", "$schema"}

// nearMetadataKey returns the known metadata key that k, an unknown one,
// looks like a typing slip of, or "": the same key in another case, or one
// byte added, left out, changed or two swapped (_ulr, _descripton,
// _param). Other unknown keys (_TODO, _author) are quietly ignored.
func nearMetadataKey(k string) string {
	for _, known := range metadataKeys {
		if k == known {
			return ""
		}
		if strings.EqualFold(k, known) || oneSlip(k, known) {
			return known
		}
	}
	return ""
}

// oneSlip reports whether a and b differ by one added, left out or changed
// byte, or by two neighbouring bytes swapped.
func oneSlip(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(b) {
		return len(a) != len(b) // one added at the end, or equal
	}
	if len(a) > len(b) {
		return a[i+1:] == b[i:] // one added
	}
	return a[i+1:] == b[i+1:] || // one changed
		i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // two swapped
}

// checkURL reports a _url that cannot be a generated client's default base
// URL. Empty means no default. Otherwise it must be an http or https URL
// with a host, without query or fragment, and it must be plain text: it
// goes into generated code, docs and every request.
func (r *resolver) checkURL(n *node) {
	s := n.str
	if s == "" {
		return
	}
	for _, c := range s {
		if unicode.IsControl(c) || unicode.In(c, unicode.Cf, unicode.Zl, unicode.Zp) {
			r.errorf(n, diag.URL, "\"_url\" contains the control or formatting character %U: remove it, or percent-encode it", c)
			return
		}
	}
	const example = ", such as \"https://api.example.com/v2\""
	u, err := url.Parse(s)
	if err != nil {
		// Only the reason: url.Error quotes the whole URL, user info included.
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		r.errorf(n, diag.URL, "\"_url\" is not a valid URL (%v): write an http or https URL%s", err, example)
		return
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		r.errorf(n, diag.URL, "\"_url\" must start with http:// or https://%s", example)
	case u.Opaque != "" || u.Hostname() == "" || strings.Contains(u.Hostname(), ":") && !strings.HasPrefix(u.Host, "["):
		// url.Parse takes "a::" for the host "a:" with an empty port.
		r.errorf(n, diag.URL, "\"_url\" must name a host after the scheme%s", example)
	case u.User != nil:
		// A definition is committed, and its _url is written into the
		// generated client and its docs: no credentials there.
		r.errorf(n, diag.URL, "\"_url\" must not hold a user name or password: it is written into generated code and docs; authenticate with the client's options (WithBasicAuth) instead")
	case u.RawQuery != "" || u.ForceQuery:
		r.errorf(n, diag.URL, "\"_url\" must not have a query ('?'): put query parameters in the endpoints")
	case strings.Contains(s, "#"):
		r.errorf(n, diag.URL, "\"_url\" must not have a fragment ('#'): remove it")
	}
}

// method resolves `"name": ["METHOD", "endpoint", PARAMS]`.
func (r *resolver) method(res *model.Resource, sc *scope, m member) *model.Method {
	arr := m.val
	if n := len(arr.elems); n < 2 || n > 3 {
		r.errorf(arr, diag.Method, "method %q: expected [\"HTTP_METHOD\", \"endpoint\"] or [\"HTTP_METHOD\", \"endpoint\", body parameters], got an array of %d", m.key.str, n)
		return nil
	}
	meth := &model.Method{Name: m.key.str, Resource: res, Pos: r.at(m.key)}
	r.methods++
	ok := true
	verb, ep := arr.elems[0], arr.elems[1]
	if verb.kind != kString {
		r.errorf(verb, diag.Method, "method %q: the HTTP method must be a string such as \"GET\", not %s", meth.Name, verb.kind)
		ok = false
	} else {
		up := strings.ToUpper(verb.str)
		switch {
		case !httpMethods[up]:
			r.errorf(verb, diag.HTTPMethod, "unknown HTTP method %q: use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS", verb.str)
			ok = false
		case up != verb.str:
			r.diags.Warnf(r.at(verb), diag.HTTPMethod, "HTTP method %q should be upper case: %q", verb.str, up)
		}
		meth.HTTPMethod = up
	}
	if ep.kind != kString {
		r.errorf(ep, diag.Method, "method %q: the endpoint must be a string such as \"/tickets/{ticket_id}\", not %s", meth.Name, ep.kind)
		return nil
	}
	if ep.str == "" {
		r.errorf(ep, diag.Method, "method %q: the endpoint is empty: write its path, such as \"/tickets.json\"", meth.Name)
		return nil
	}
	meth.Endpoint = ep.str
	t := r.expand(ep, sc, "", nil)
	if r.overExpanded {
		return nil // reported once; the text is incomplete
	}
	meth.Expanded = t.s
	tmpl, probs := uritemplate.Parse(t.s)
	r.problems(t, probs)
	meth.Template = tmpl
	r.doubleSlash(t)
	// One allocation for all of the method's parameters.
	slab := make([]model.Param, len(tmpl.Params))
	meth.Params = make([]*model.Param, len(tmpl.Params), len(tmpl.Params)+bodyCount(arr))
	for i, p := range tmpl.Params {
		o, ok := t.origin(p.Index) // where the tag is written, and in which value
		slab[i] = model.Param{
			Name: p.Name, In: p.In, Required: p.Required, Default: p.Default,
			Options: p.Options, MultiSegment: p.MultiSegment, Repeated: p.Repeated,
			Pos: r.originPos(o, ok, p.Index), Value: r.valueOf[o.n],
		}
		meth.Params[i] = &slab[i]
	}
	if len(arr.elems) == 3 {
		r.bodyParams(meth, sc, arr.elems[2])
	}
	if !ok {
		return nil
	}
	return meth
}

// bodyCount is the number of body parameter entries of a method array.
func bodyCount(arr *node) int {
	switch {
	case len(arr.elems) < 3:
		return 0
	case arr.elems[2].kind == kArray:
		return len(arr.elems[2].elems)
	}
	return 1
}

// problems reports uritemplate problems found in text t.
func (r *resolver) problems(t text, probs []uritemplate.Problem) {
	for _, p := range probs {
		d := diag.Diagnostic{Pos: r.textPos(t, p.Index), Severity: diag.Error, Code: p.Code, Msg: p.Msg}
		if p.Warning {
			d.Severity = diag.Warning
		}
		if p.Related >= 0 {
			rel := r.textPos(t, p.Related)
			d.Msg += " (first at " + rel.LineCol() + ")"
			d.Related = []diag.Pos{rel}
		}
		r.diags.Add(d)
	}
}

// doubleSlash warns about "//" in the path of an expanded endpoint, which
// usually comes from "/{root}" where root already starts with '/'.
func (r *resolver) doubleSlash(t text) {
	path := t.s
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if i := strings.Index(path, "//"); i >= 0 {
		r.diags.Warnf(r.textPos(t, i), diag.Endpoint, "'//' in an endpoint path after expansion: remove one '/' (does a replacement value already start with '/'?)")
	}
}

// bodyParams resolves the third element of a method: one body parameter
// entry, or an array of them.
func (r *resolver) bodyParams(meth *model.Method, sc *scope, n *node) {
	r.paramEntries(owner{code: diag.Method, what: "method", name: meth.Name, param: "body parameter"}, &meth.Params, sc, n)
}

// owner names what parameter entries belong to, for messages.
type owner struct {
	code  diag.Code
	what  string // "method" or "event"
	name  string // its key
	param string // what its entries are: "body parameter" or "parameter"
}

// paramEntries resolves parameter entries in the tag syntax without braces
// (one string, or an array of strings) and appends them to params, as body
// parameters.
func (r *resolver) paramEntries(o owner, params *[]*model.Param, sc *scope, n *node) {
	entries := []*node{n}
	switch n.kind {
	case kString:
	case kArray:
		entries = n.elems
	default:
		r.errorf(n, o.code, "%s %q: %ss are a string such as \"data\" or an array of strings, not %s", o.what, o.name, o.param, n.kind)
		return
	}
	// Names already taken, looked up in a map when there are many.
	var taken map[string]*model.Param
	if len(*params)+len(entries) > 16 {
		taken = make(map[string]*model.Param, len(*params)+len(entries))
		for _, p := range *params {
			taken[p.Name] = p
		}
	}
	find := func(name string) *model.Param {
		if taken != nil {
			return taken[name]
		}
		for _, p := range *params {
			if p.Name == name {
				return p
			}
		}
		return nil
	}
	for _, e := range entries {
		if e.kind != kString {
			r.errorf(e, o.code, "%s %q: a %s must be a string such as \"data\" or \"data:\", not %s", o.what, o.name, o.param, e.kind)
			continue
		}
		t := r.expand(e, sc, "", nil)
		if r.overExpanded {
			return // reported once; the text is incomplete
		}
		tag, probs := uritemplate.ParseTag(t.s, 0)
		r.problems(t, probs)
		pos := r.textPos(t, 0)
		if tag.MultiSegment || tag.Repeated {
			r.diags.Errorf(pos, diag.Tag, "body parameter %s: '+' ({+name}) and '*' ({name*}) are for endpoint tags; a body parameter takes any JSON value, lists included: remove them", diag.Quote(tag.Name))
			continue
		}
		if p := find(tag.Name); p != nil && tag.Name != "" {
			msg := fmt.Sprintf("%s %s is already a parameter of the endpoint (at %s): rename one", o.param, diag.Quote(tag.Name), p.Pos.LineCol())
			switch {
			case o.what == "event":
				msg = fmt.Sprintf("%s %s is already a parameter of the event (at %s): rename one", o.param, diag.Quote(tag.Name), p.Pos.LineCol())
			case p.In == uritemplate.InBody:
				msg = fmt.Sprintf("%s %s is given twice (first at %s): remove or rename one", o.param, diag.Quote(tag.Name), p.Pos.LineCol())
			}
			r.diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: diag.Parameter, Related: []diag.Pos{p.Pos}, Msg: msg})
			continue
		}
		p := &model.Param{
			Name: tag.Name, In: uritemplate.InBody, Required: tag.Required,
			Default: tag.Default, Options: tag.Options, Pos: pos,
		}
		*params = append(*params, p)
		if taken != nil {
			taken[p.Name] = p
		}
	}
}
