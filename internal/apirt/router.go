package apirt

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// This file routes a server's requests: it finds the method a request is
// for, by the shape of its path, its HTTP method and the keys of its query,
// and reads the method's parameters with the method's matcher (match.go).
//
// The router is a tree built once from the request tables of the methods,
// one level per path segment. A node's children are literal segments (found
// by their decoded text) and segment patterns with parameters (tried in
// order). A request is matched depth first, trying at each segment the
// literal child, then the patterns with the most literal text first: the
// first complete match is the most specific path, segment by segment from
// the left. The same code that builds the tree finds what it cannot route
// without ambiguity (see conflict), so that apigen's lint and a server
// cannot disagree.

// route is one method of a server: its request table compiled for reading
// requests, and what the server needs to call it.
type route struct {
	matcher
	index int         // the method's position in the server's table
	needs []queryPair // the required query keys and literal pairs; see choose
	req   reqMaker    // how the server makes the method's request value
}

// router finds the route of a request.
type router struct {
	root    rnode
	maxSegs int // the most segments of any route's path; -1 when a multi-segment parameter makes it unbounded
}

// rnode is a node of the router's tree: the path so far.
type rnode struct {
	lits   map[string]*rnode // children by literal segment, decoded
	few    []rlit            // the same when they are few (see literal), by text
	pats   []rchild          // children by segment pattern, most literal text first
	routes []*route          // the routes whose path ends here, by HTTP method, then most needs first, then by index
	byVerb []rverb           // routes grouped by HTTP method, in the same order (see finish)
}

// rverb is the routes of a node with one HTTP method, most needs first:
// what a request's query chooses from (see choose).
type rverb struct {
	method string
	routes []*route
}

// rlit is a child of a node by its literal segment.
type rlit struct {
	seg  string
	node *rnode
}

// maxFew is the most literal children that a node lists in a slice: a
// string comparison or two costs less than a map's hash.
const maxFew = 8

// literal returns the child of n for the decoded literal segment s, or
// nil.
func (n *rnode) literal(s string) *rnode {
	if n.few == nil {
		return n.lits[s]
	}
	for i := range n.few {
		if n.few[i].seg == s {
			return n.few[i].node
		}
	}
	return nil
}

// rchild is a child of a node whose segment has parameters. Routes whose
// segments have the same literal text share it.
type rchild struct {
	pat  pattern
	node *rnode
}

// conflict is a method that a server cannot serve without ambiguity, or
// (when warning) something about it that does not round-trip.
type conflict struct {
	route, other int // index of the route, and of the other route of a pair (-1 for none)
	arg          int // 1 + index of the parameter at fault in route, or 0
	warning      bool
	msg          string
}

// newRouter builds the router of routes (route i has index i). It returns
// the conflicts among them, sorted; a server of a definition with
// conflicts still routes every request, choosing by definition order where
// the definition is ambiguous.
func newRouter(routes []*route) (*router, []conflict) {
	rt := &router{}
	var cs []conflict
	for _, r := range routes {
		r.needs = r.queryNeeds()
		cs = append(cs, r.problems()...)
		n := &rt.root
		for i := range r.segs {
			n = n.child(&r.segs[i])
		}
		n.routes = append(n.routes, r)
		if r.multi >= 0 || rt.maxSegs < 0 {
			rt.maxSegs = -1
		} else {
			rt.maxSegs = max(rt.maxSegs, len(r.segs))
		}
	}
	rt.root.finish(&cs)
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := &cs[i], &cs[j]
		if a.route != b.route {
			return a.route < b.route
		}
		return a.other < b.other
	})
	return rt, cs
}

// child returns the child of n for segment pattern p, adding it if needed.
func (n *rnode) child(p *pattern) *rnode {
	if len(p.args) == 0 {
		c := n.lits[p.lits[0]]
		if c == nil {
			if n.lits == nil {
				n.lits = map[string]*rnode{}
			}
			c = &rnode{}
			n.lits[p.lits[0]] = c
		}
		return c
	}
	for i := range n.pats {
		if n.pats[i].pat.sameText(p) {
			return n.pats[i].node
		}
	}
	c := &rnode{}
	n.pats = append(n.pats, rchild{pat: pattern{lits: p.lits, args: p.args, multi: p.multi}, node: c})
	return c
}

// sameText reports whether p and q have the same literal text around the
// same number of parameters, and span the same number of segments.
func (p *pattern) sameText(q *pattern) bool {
	if len(p.lits) != len(q.lits) || p.multi != q.multi {
		return false
	}
	for i := range p.lits {
		if p.lits[i] != q.lits[i] {
			return false
		}
	}
	return true
}

// finish orders the tree below n for matching and adds its conflicts to
// cs: methods of one path that the query does not tell apart, and methods
// whose paths match the same URLs with the same precedence. Patterns of
// one segment come before multi-segment ones, each with the most literal
// text first.
func (n *rnode) finish(cs *[]conflict) {
	sort.SliceStable(n.pats, func(i, j int) bool {
		a, b := &n.pats[i].pat, &n.pats[j].pat
		if a.multi != b.multi {
			return b.multi
		}
		return a.textLen() > b.textLen()
	})
	sort.SliceStable(n.routes, func(i, j int) bool {
		a, b := n.routes[i], n.routes[j]
		if a.e.method != b.e.method {
			return a.e.method < b.e.method
		}
		return len(a.needs) > len(b.needs)
	})
	n.few = nil
	if len(n.lits) <= maxFew {
		for k, c := range n.lits {
			n.few = append(n.few, rlit{k, c})
		}
		sort.Slice(n.few, func(i, j int) bool { return n.few[i].seg < n.few[j].seg })
	}
	n.byVerb = nil
	for i, r := range n.routes {
		if i == 0 || r.e.method != n.routes[i-1].e.method {
			n.byVerb = append(n.byVerb, rverb{method: r.e.method})
		}
		v := &n.byVerb[len(n.byVerb)-1]
		v.routes = append(v.routes, r)
	}
	for i, a := range n.routes {
		for _, b := range n.routes[i+1:] {
			if a.e.method == b.e.method && (a.shadows(b) || b.shadows(a)) {
				*cs = append(*cs, conflict{route: min(a.index, b.index), other: max(a.index, b.index), msg: "the query does not tell them apart: " + apartText(a, b)})
			}
		}
	}
	for i := range n.pats {
		for j := i + 1; j < len(n.pats); j++ {
			a, b := &n.pats[i].pat, &n.pats[j].pat
			if a.multi == b.multi && a.textLen() == b.textLen() && a.overlaps(b) {
				n.pats[i].node.samePaths(n.pats[j].node, cs)
			}
		}
	}
	for _, c := range n.lits {
		c.finish(cs)
	}
	for i := range n.pats {
		n.pats[i].node.finish(cs)
	}
}

// overlaps reports whether some segment has the shapes of both patterns:
// their literal prefixes agree, and so do their suffixes.
func (p *pattern) overlaps(q *pattern) bool {
	ap, bp := p.lits[0], q.lits[0]
	as, bs := p.lits[len(p.lits)-1], q.lits[len(q.lits)-1]
	return (strings.HasPrefix(ap, bp) || strings.HasPrefix(bp, ap)) &&
		(strings.HasSuffix(as, bs) || strings.HasSuffix(bs, as))
}

// samePaths adds to cs a conflict for each two routes with one HTTP method
// below a and b, two nodes that the same paths reach with the same
// precedence: which of them a request gets would depend on the order of
// the definition. Below a multi-segment pattern, which spans any number of
// segments, every route of the one with the same HTTP method as a route
// below the other is taken to conflict with it, whatever its shape.
func (a *rnode) samePaths(b *rnode, cs *[]conflict) {
	for _, ra := range a.routes {
		for _, rb := range b.routes {
			if ra.e.method == rb.e.method {
				*cs = append(*cs, conflict{route: min(ra.index, rb.index), other: max(ra.index, rb.index), msg: "their paths match the same URLs, and neither is more specific"})
			}
		}
	}
	for k, ca := range a.lits {
		if cb := b.lits[k]; cb != nil {
			ca.samePaths(cb, cs)
		}
		for i := range b.pats {
			if !b.pats[i].pat.multi && b.pats[i].pat.fitsLiteral(k) {
				ca.samePaths(b.pats[i].node, cs)
			}
		}
	}
	for i := range a.pats {
		pa := &a.pats[i].pat
		for k, cb := range b.lits {
			switch {
			case pa.multi: // it takes any literal segment, and more
				a.pats[i].node.allPaths(cb, cs)
			case pa.fitsLiteral(k):
				a.pats[i].node.samePaths(cb, cs)
			}
		}
		for j := range b.pats {
			switch {
			case pa.multi || b.pats[j].pat.multi:
				a.pats[i].node.allPaths(b.pats[j].node, cs)
			case pa.overlaps(&b.pats[j].pat):
				a.pats[i].node.samePaths(b.pats[j].node, cs)
			}
		}
	}
	for _, ca := range a.lits {
		for j := range b.pats {
			if b.pats[j].pat.multi {
				ca.allPaths(b.pats[j].node, cs)
			}
		}
	}
}

// allPaths adds to cs a conflict for each two routes with one HTTP method,
// one in the tree below a and the other below b (see samePaths).
func (a *rnode) allPaths(b *rnode, cs *[]conflict) {
	var ra, rb []*route
	a.collect(&ra)
	b.collect(&rb)
	for _, x := range ra {
		for _, y := range rb {
			if x.e.method == y.e.method {
				*cs = append(*cs, conflict{route: min(x.index, y.index), other: max(x.index, y.index), msg: "their paths match the same URLs, and neither is more specific"})
			}
		}
	}
}

// collect appends the routes of n and of the tree below it to rs.
func (n *rnode) collect(rs *[]*route) {
	*rs = append(*rs, n.routes...)
	for _, c := range n.lits {
		c.collect(rs)
	}
	for i := range n.pats {
		n.pats[i].node.collect(rs)
	}
}

// fitsLiteral reports whether literal segment s has the shape of p.
func (p *pattern) fitsLiteral(s string) bool {
	return s != "." && s != ".." && p.match(s, nil, nil)
}

// queryNeeds returns what a request for the route always has in its query:
// the literal pairs, and the keys of the pairs with a literal key and a
// required parameter.
func (r *route) queryNeeds() []queryPair {
	var needs []queryPair
	for i := range r.e.query {
		key, value := &r.keys[i], &r.values[i]
		switch {
		case len(key.args) > 0:
		case len(value.args) == 0:
			needs = append(needs, queryPair{key: key.lits[0], value: value.lits[0], hasValue: r.e.query[i].hasValue})
		default:
			for _, a := range value.args {
				if r.e.params[a-1].required {
					needs = append(needs, queryPair{key: key.lits[0]})
					break
				}
			}
		}
	}
	return needs
}

// apartText says how the query needs of two conflicting routes compare:
// "neither requires a query key", "both require query "q"", or each's.
func apartText(a, b *route) string {
	at, bt := a.needsText(), b.needsText()
	if at != bt {
		return at + " and " + bt
	}
	if len(a.needs) == 0 {
		return "neither requires a query key"
	}
	return "both require " + at
}

// needsText describes the query needs of a route, for conflicts.
func (r *route) needsText() string {
	if len(r.needs) == 0 {
		return "no required query key"
	}
	var b strings.Builder
	for i, q := range r.needs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(q.key))
		if q.hasValue {
			b.WriteString("=" + strconv.Quote(q.value))
		}
	}
	return "query " + b.String()
}

// shadows reports whether r can take a request that a client makes for o,
// another route of the same path and HTTP method: a request for o can hold
// all of r's needs, and r is tried first (see choose).
func (r *route) shadows(o *route) bool {
	if len(r.needs) < len(o.needs) || len(r.needs) == len(o.needs) && r.index > o.index {
		return false
	}
	for _, need := range r.needs {
		if !o.canSend(need) {
			return false
		}
	}
	return true
}

// canSend reports whether some request that a client makes for r has the
// query key (and value, when need.hasValue) of need.
func (r *route) canSend(need queryPair) bool {
	for i := range r.e.query {
		key, value := &r.keys[i], &r.values[i]
		var keyOK bool
		switch {
		case len(key.args) == 0:
			keyOK = key.lits[0] == need.key
		case r.options[i] != nil:
			keyOK = oneOf(need.key, r.options[i])
		default:
			keyOK = !r.isLiteral(need.key) && key.match(need.key, nil, nil)
		}
		if !keyOK {
			continue
		}
		if !need.hasValue {
			return true
		}
		if value.match(need.value, nil, nil) {
			if len(value.args) != 1 || value.textLen() > 0 {
				return true
			}
			p := &r.e.params[value.args[0]-1]
			if p.options == nil || oneOf(need.value, p.options) {
				return true
			}
		}
	}
	return false
}

// problems returns the conflicts of a route on its own: parameters that
// cannot be told apart within a path segment or a query key or value, and
// parameter keys without options.
func (r *route) problems() []conflict {
	var cs []conflict
	for i := range r.segs {
		cs = r.split(cs, &r.segs[i], "path segment")
	}
	for i := range r.e.query {
		cs = r.split(cs, &r.keys[i], "query key")
		cs = r.split(cs, &r.values[i], "query value")
		if key := &r.keys[i]; len(key.args) > 0 && r.options[i] == nil {
			cs = append(cs, conflict{route: r.index, other: -1, arg: key.args[0], msg: "parameter " + strconv.Quote(r.e.params[key.args[0]-1].name) + " is a query key without options: a server cannot tell which key of a request it is; give it options ({name::a,b,c})"})
		}
	}
	return cs
}

// split adds the conflict of a pattern with more than one parameter:
// parameters side by side cannot be split at all, and parameters with
// text between them are split at its first occurrence.
func (r *route) split(cs []conflict, p *pattern, where string) []conflict {
	for i := 1; i < len(p.args); i++ {
		a, b := r.e.params[p.args[i-1]-1].name, r.e.params[p.args[i]-1].name
		if p.lits[i] == "" {
			return append(cs, conflict{route: r.index, other: -1, arg: p.args[i], msg: "parameters " + strconv.Quote(a) + " and " + strconv.Quote(b) + " are side by side in one " + where + ": a server cannot split them; put literal text between them, or make them one parameter"})
		}
	}
	if len(p.args) > 1 {
		return append(cs, conflict{route: r.index, other: -1, arg: p.args[1], warning: true, msg: "parameters of one " + where + " are split at the first " + strconv.Quote(p.lits[1]) + " after the text before them: a value of " + strconv.Quote(r.e.params[p.args[0]-1].name) + " that holds it does not reach a server as sent"})
	}
	return cs
}

// lookup finds the route of a request and reads its parameters. path is
// the request's escaped path with its leading '/', after the server's path
// prefix; rawQuery its raw query. It returns the route, the values of its
// parameters and the elements of its list parameters (see matcher.read;
// nil for a route without), defaults applied, with an error joining a
// *ValidationError for each invalid parameter; or a nil route and a
// *StatusError: 404 for a path of no route, 405 for a path of routes of
// other HTTP methods only (with the Allow header), 400 for a malformed
// escape. Matching allocates only the values and, for escaped text, its
// decoded form.
func (rt *router) lookup(method, path, rawQuery string) (*route, []string, [][]string, error) {
	var segBuf [16]string
	segs, err := rt.split(path, segBuf[:0])
	if err != nil {
		return nil, nil, nil, err
	}
	v := rt.root.find(segs, method, true)
	if v == nil {
		// No route where every value has text: one that takes an empty
		// value says what is missing (400), else 404 or 405.
		if v = rt.root.find(segs, method, false); v == nil {
			return nil, nil, nil, rt.notFound(segs, method)
		}
	}
	if r := v.routes[0]; len(v.routes) == 1 && r.plain {
		vals, lists := r.newValues()
		err := r.readRaw(segs, rawQuery, vals, lists)
		if se, ok := err.(*StatusError); ok {
			return nil, nil, nil, se
		}
		return r, vals, lists, err
	}
	return v.lookupQuery(segs, rawQuery)
}

// lookupQuery is lookup for the routes v of a path when the query chooses
// among them, or when the query has keys with parameters: it decodes the
// query's pairs first. (A function of its own, so that lookup's frame has
// no room for the pairs.)
func (v *rverb) lookupQuery(segs []string, rawQuery string) (*route, []string, [][]string, error) {
	var queryBuf [16]queryPair
	query, err := parseQuery(rawQuery, queryBuf[:0])
	if err != nil {
		return nil, nil, nil, &StatusError{StatusCode: http.StatusBadRequest, Message: "the query is not validly escaped: " + err.Error()}
	}
	r := v.choose(query)
	vals, lists := r.newValues()
	return r, vals, lists, r.read(segs, query, vals, lists)
}

// newValues returns the values of a request for r, all unset, and its
// lists: nil when r has no list parameter.
func (r *route) newValues() ([]string, [][]string) {
	vals := make([]string, len(r.e.params))
	if !r.lists {
		return vals, nil
	}
	return vals, make([][]string, len(r.e.params))
}

// split appends the decoded segments of an escaped path to segs. A path
// with more segments than any route has nil segments (unless a route has
// a multi-segment parameter). Segments are decoded only when the path has
// a '%'.
func (rt *router) split(path string, segs []string) ([]string, error) {
	if path == "" || path[0] != '/' {
		return nil, nil
	}
	esc := strings.IndexByte(path, '%') >= 0
	path = path[1:]
	for {
		if len(segs) == rt.maxSegs { // never when maxSegs is -1
			return nil, nil
		}
		seg, more := path, false
		if i := strings.IndexByte(path, '/'); i >= 0 {
			seg, path, more = path[:i], path[i+1:], true
		}
		if esc && strings.IndexByte(seg, '%') >= 0 {
			s, err := url.PathUnescape(seg)
			if err != nil {
				return nil, &StatusError{StatusCode: http.StatusBadRequest, Message: "the path segment " + quote(seg) + " is not validly escaped"}
			}
			seg = s
		}
		segs = append(segs, seg)
		if !more {
			return segs, nil
		}
	}
}

// find returns the routes that serve method at the most specific route
// path that segs fits. When full is set, a segment fits a parameter with
// literal text around it only when the parameter's value would not be
// empty: "/users/.json" is User.Find's {login} before it is User.Get's
// {user_id}.json without a value, which no client sends.
func (n *rnode) find(segs []string, method string, full bool) *rverb {
	if len(segs) == 0 {
		return n.serves(method)
	}
	s := segs[0]
	if c := n.literal(s); c != nil {
		if f := c.find(segs[1:], method, full); f != nil {
			return f
		}
	}
	if len(n.pats) == 0 {
		return nil
	}
	for i := range n.pats {
		p := &n.pats[i].pat
		if p.multi {
			// The fewest segments first, so that literal segments after
			// the value match as literal text.
			for k := range segs {
				if k > 0 && !wholePart(segs[k-1]) {
					break
				}
				if p.fitsLast(segs[k], k) {
					if f := n.pats[i].node.find(segs[k+1:], method, full); f != nil {
						return f
					}
				}
			}
			continue
		}
		if full && len(p.args) == 1 && len(s) == p.textLen() && len(s) > 0 {
			continue // literal text only: the value would be empty
		}
		if s != "." && s != ".." && p.match(s, nil, nil) {
			if f := n.pats[i].node.find(segs[1:], method, full); f != nil {
				return f
			}
		}
	}
	return nil
}

// serves returns the routes of n that serve a request with method: those
// of method itself, or of GET for HEAD. It returns nil for none.
func (n *rnode) serves(method string) *rverb {
	var get *rverb
	for i := range n.byVerb {
		v := &n.byVerb[i]
		switch v.method {
		case method:
			return v
		case http.MethodGet:
			if method == http.MethodHead {
				get = v
			}
		}
	}
	return get
}

// choose returns the route of v whose query needs are all in query, with
// the most needs first; or, when none has its needs, the last one (the
// fewest needs), whose validation says what is missing.
func (v *rverb) choose(query []queryPair) *route {
	for _, r := range v.routes {
		if r.satisfied(query) {
			return r
		}
	}
	return v.routes[len(v.routes)-1]
}

// satisfied reports whether every need of r is in query.
func (r *route) satisfied(query []queryPair) bool {
	for _, need := range r.needs {
		found := false
		for j := range query {
			if query[j].key == need.key && (!need.hasValue || query[j].value == need.value) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// notFound returns the error for a request that no route serves: 405 with
// the Allow header when routes of other HTTP methods have its path, 404
// otherwise.
func (rt *router) notFound(segs []string, method string) error {
	allowed := map[string]bool{}
	if segs != nil {
		rt.root.allow(segs, allowed)
	}
	if len(allowed) == 0 {
		return &StatusError{StatusCode: http.StatusNotFound, Message: "no method of the API has this path"}
	}
	if allowed[http.MethodGet] {
		allowed[http.MethodHead] = true
	}
	list := make([]string, 0, len(allowed))
	for m := range allowed {
		list = append(list, m)
	}
	sort.Strings(list)
	allow := strings.Join(list, ", ")
	return &StatusError{StatusCode: http.StatusMethodNotAllowed, Message: "the path does not serve " + method + "; it serves " + allow, header: http.Header{"Allow": {allow}}}
}

// allow adds to allowed the HTTP methods of every route whose path segs
// fits.
func (n *rnode) allow(segs []string, allowed map[string]bool) {
	if len(segs) == 0 {
		for _, r := range n.routes {
			allowed[r.e.method] = true
		}
		return
	}
	s := segs[0]
	if c := n.literal(s); c != nil {
		c.allow(segs[1:], allowed)
	}
	for i := range n.pats {
		p := &n.pats[i].pat
		if p.multi {
			for k := range segs {
				if k > 0 && !wholePart(segs[k-1]) {
					break
				}
				if p.fitsLast(segs[k], k) {
					n.pats[i].node.allow(segs[k+1:], allowed)
				}
			}
			continue
		}
		if s != "." && s != ".." && p.match(s, nil, nil) {
			n.pats[i].node.allow(segs[1:], allowed)
		}
	}
}
