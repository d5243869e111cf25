package apirt

// Endpoint tables: the one definition of an endpoint, that is how a
// method's request is described. Generated packages declare one table per
// method; building a request and matching one read them.

// endpoint describes how one API method builds its request URL: the path and
// query of its endpoint template in pieces, and its parameters.
type endpoint struct {
	method string  // HTTP method
	name   string  // the method's Go name, such as "Ticket.Get", for errors
	path   []piece // path after the base URL, without its leading '/'
	query  []pair  // query pairs, in order
	params []param // the template's parameters; piece.arg refers to them
	body   []param // the body parameters
}

// piece is literal text, or the value of a parameter when arg > 0.
type piece struct {
	lit string
	arg int // 1 + index into endpoint.params; 0 for literal text
}

// pair is one key[=value] pair of the query. It is left out when a
// parameter in it is unset.
type pair struct {
	key, value []piece
	hasValue   bool // false for a bare key such as "?flag"
}

// param is a parameter of a template, with what a value must satisfy.
type param struct {
	name     string
	multi    bool // {+name}: a path value whose '/' are kept, filling whole segments
	list     bool // {name*}: a query value that is a list, one pair per element
	required bool
	def      string   // default sent when unset; "" for none
	options  []string // allowed values; nil for any
}
