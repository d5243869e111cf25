// Package clientrt is the runtime of generated Go clients: the code that
// builds request URLs, validates parameters, sends requests and reads
// responses.
//
// Its source files (see Files) are copied verbatim into every generated
// package, with only the package clause changed, so that generated clients
// depend on nothing but the standard library. Because it is also an ordinary
// package of this module, the same code is tested here directly, and
// apigen's own URL expansion (package uritemplate) runs through it: the
// tool and the clients it generates cannot disagree about a URL.
//
// This file is not copied: it exports what apigen's other packages use.
package clientrt

// Piece is literal text, or the value of parameter Arg-1 when Arg > 0.
type Piece struct {
	Lit string
	Arg int
}

// Pair is one key[=value] pair of a query.
type Pair struct {
	Key, Value []Piece
	HasValue   bool
}

// Param is a parameter of an endpoint template.
type Param struct {
	Name     string
	Required bool
	Default  string
	Options  []string
}

// Endpoint describes a request URL template.
type Endpoint struct {
	Name   string // the method's Go name, for errors
	Path   []Piece
	Query  []Pair
	Params []Param
}

// BuildURL expands e with vals (one value per parameter, "" for unset) after
// base, exactly as a generated client does. base must not end in '/'.
func BuildURL(e *Endpoint, base string, vals []string) (string, error) {
	ep := endpoint{name: e.Name, path: pieces(e.Path)}
	for _, q := range e.Query {
		ep.query = append(ep.query, pair{key: pieces(q.Key), value: pieces(q.Value), hasValue: q.HasValue})
	}
	for _, p := range e.Params {
		ep.params = append(ep.params, param{name: p.Name, required: p.Required, def: p.Default, options: p.Options})
	}
	return ep.buildURL(base, append([]string(nil), vals...))
}

func pieces(ps []Piece) []piece {
	out := make([]piece, len(ps))
	for i, p := range ps {
		out[i] = piece{lit: p.Lit, arg: p.Arg}
	}
	return out
}

// NormalizeBase checks a base URL as a generated client's NewClient does and
// returns it without trailing slashes.
func NormalizeBase(s string) (string, error) { return normalizeBase(s) }

// EscapeLiteral percent-encodes literal text of an endpoint's path (or,
// with query true, of its query) as generated clients expect it in their
// endpoint tables: see escapeLiteral.
func EscapeLiteral(s string, query bool) string { return escapeLiteral(s, query) }

// EncodeBody returns the request body that a generated client sends for a
// method's body parameters ps, given their values in order (nil for unset):
// the runtime's own encoding, so that apigen's docs and the clients cannot
// disagree. It returns nil when the client sends no body. name is the
// method's Go name, for errors.
func EncodeBody(name string, ps []Param, vals []any) ([]byte, error) {
	e := endpoint{name: name, body: make([]param, len(ps))}
	for i, p := range ps {
		e.body[i] = param{name: p.Name, required: p.Required, def: p.Default, options: p.Options}
	}
	return e.encodeBody(append([]any(nil), vals...))
}
