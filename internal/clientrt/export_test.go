package clientrt

// Match runs the runtime's match for e, for the tests of package clientrt_test.
func Match(e *Endpoint, path, rawQuery string) ([]string, error) {
	ep := endpoint{name: e.Name, path: pieces(e.Path)}
	for _, q := range e.Query {
		ep.query = append(ep.query, pair{key: pieces(q.Key), value: pieces(q.Value), hasValue: q.HasValue})
	}
	for _, p := range e.Params {
		ep.params = append(ep.params, param{name: p.Name, required: p.Required, def: p.Default, options: p.Options})
	}
	return ep.match(path, rawQuery)
}

// ErrNoMatch is errNoMatch, for tests.
var ErrNoMatch = errNoMatch
