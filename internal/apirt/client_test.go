package apirt_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/parser"
	"github.com/apigen-go/apigen/uritemplate"
)

// seen is a request as a test server received it.
type seen struct {
	URI    string // the request URI as sent: path and query, still escaped
	Header http.Header
}

// recorder is a local test server that records every request it receives
// and answers with serve, or with 200 and {"ok":true} when serve is nil.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newRecorder(t *testing.T, tls bool, serve http.HandlerFunc) *recorder {
	r := &recorder{}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.reqs = append(r.reqs, seen{req.RequestURI, req.Header.Clone()})
		r.mu.Unlock()
		if serve != nil {
			serve(w, req)
			return
		}
		io.WriteString(w, `{"ok":true}`)
	})
	if tls {
		r.Server = httptest.NewTLSServer(h)
	} else {
		r.Server = httptest.NewServer(h)
	}
	t.Cleanup(r.Close)
	return r
}

// requests returns the requests received so far and forgets them.
func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	reqs := r.reqs
	r.reqs = nil
	return reqs
}

// endpoint parses template text into the runtime's form, as the generator
// does for the endpoint tables of a generated client.
func endpoint(t testing.TB, template string) (*uritemplate.Template, *apirt.Endpoint) {
	t.Helper()
	tmpl, probs := uritemplate.Parse(template)
	for _, p := range probs {
		if !p.Warning {
			t.Fatalf("%q: %s", template, p.Msg)
		}
	}
	return tmpl, apirt.NewEndpoint("GET", "M", tmpl, nil)
}

// values orders named values as the parameters of tmpl.
func values(tmpl *uritemplate.Template, named map[string]string) []string {
	vals := make([]string, len(tmpl.Params))
	for i, p := range tmpl.Params {
		vals[i] = named[p.Name]
	}
	return vals
}

func newClient(t *testing.T, base string, opts ...apirt.Option) *apirt.Client {
	t.Helper()
	c, err := apirt.NewTestClient(base, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLiteralTextNeverUndoesValueEscaping sends requests whose endpoint or
// base URL has literal text that is not allowed raw in a URL, and checks
// the request line the server received. Before literal text was encoded at
// generation, "/café/{id}" with "../../admin" arrived as
// /caf%C3%A9/../../admin: net/http found the URL string invalid, decoded
// its path and encoded it again, turning the value's %2F back into '/'.
func TestLiteralTextNeverUndoesValueEscaping(t *testing.T) {
	srv := newRecorder(t, false, nil)
	for _, tt := range []struct {
		base, template string
		values         map[string]string
		want           string // the request URI the server receives
	}{
		{srv.URL, "/café/{id}", map[string]string{"id": "../../admin"}, "/caf%C3%A9/..%2F..%2Fadmin"},
		{srv.URL, "/café/{id}", map[string]string{"id": "a/b"}, "/caf%C3%A9/a%2Fb"},
		{srv.URL, "/a b\"\\|^`<>[]/{id}", map[string]string{"id": "../x"}, "/a%20b%22%5C%7C%5E%60%3C%3E%5B%5D/..%2Fx"},
		{srv.URL, "/ok-._~!$&'()*+,;=:@%2F/{id}", map[string]string{"id": "a/b"}, "/ok-._~!$&'()*+,;=:@%2F/a%2Fb"},
		{srv.URL + "/ü/", "/{id}", map[string]string{"id": "../../admin"}, "/%C3%BC/..%2F..%2Fadmin"},
		{srv.URL + "/a|b^c`d//", "{id}", map[string]string{"id": "a/b"}, "/a%7Cb%5Ec%60d/a%2Fb"},
		{srv.URL + "/x%2Fy/ü", "/{id}", map[string]string{"id": "a/b"}, "/x%2Fy/%C3%BC/a%2Fb"},
		{srv.URL, "/q?name=José María&path=a/b?c&{k:}={v:}", map[string]string{"k": "x&y=z", "v": "1+1"},
			"/q?name=Jos%C3%A9%20Mar%C3%ADa&path=a/b?c&x%26y%3Dz=1%2B1"},
	} {
		tmpl, e := endpoint(t, tt.template)
		c := newClient(t, tt.base)
		if _, err := c.Call(context.Background(), "GET", e, values(tmpl, tt.values)); err != nil {
			t.Errorf("%s + %q: %v", tt.base, tt.template, err)
			continue
		}
		if reqs := srv.requests(); len(reqs) != 1 || reqs[0].URI != tt.want {
			t.Errorf("%s + %q with %q: the server received %v, want %s", tt.base, tt.template, tt.values, reqs, tt.want)
		}
	}
}

// TestEndpointJoinsBaseWithOneSlash checks that all leading slashes of an
// expanded endpoint go: "/{root}" with a root that starts with '/' must not
// request //Projects.
func TestEndpointJoinsBaseWithOneSlash(t *testing.T) {
	def := `{"root": "/Projects", "Project": {"list": ["GET", "/{root}"], "get": ["GET", "///{root}/{id}"]}}`
	api, list := parser.Parse("insightly.json", []byte(def))
	if list.HasErrors() {
		t.Fatal(list)
	}
	srv := newRecorder(t, false, nil)
	for _, base := range []string{srv.URL + "/v2.1", srv.URL + "/v2.1/", srv.URL + "/v2.1//"} {
		c := newClient(t, base)
		for _, m := range api.Root.Children[0].Methods {
			vals := make([]string, len(m.Template.Params))
			for i := range vals {
				vals[i] = "7"
			}
			if _, err := c.Call(context.Background(), "GET", apirt.ForMethod(m, m.Name), vals); err != nil {
				t.Fatal(err)
			}
		}
		reqs := srv.requests()
		if len(reqs) != 2 || reqs[0].URI != "/v2.1/Projects" || reqs[1].URI != "/v2.1/Projects/7" {
			t.Errorf("base %s: requests %v, want /v2.1/Projects and /v2.1/Projects/7", base, reqs)
		}
	}
}

// TestBaseURLWithQueryOrFragmentRejected checks that NewClient refuses a
// base URL with a query or a fragment, even an empty one: with a '#' at the
// end, every request lost its path.
func TestBaseURLWithQueryOrFragmentRejected(t *testing.T) {
	for _, base := range []string{"https://h/api#", "https://h/api#top", "https://h/#", "https://h/api?", "https://h/api?k=v", "https://h?"} {
		if _, err := apirt.NewTestClient(base); err == nil || !strings.Contains(err.Error(), "must not have a query or fragment") {
			t.Errorf("NewClient(%q): %v", base, err)
		}
	}
}

// TestBaseURLIsCanonical checks the base URL a client keeps: its path is
// escaped like literal text (so net/http sends it as written), what is
// already escaped stays so, and trailing slashes go.
func TestBaseURLIsCanonical(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://h/ü", "https://h/%C3%BC"},
		{"https://h/ü/", "https://h/%C3%BC"},
		{"https://h/a%2Fb/c%20d/", "https://h/a%2Fb/c%20d"},
		{"https://h/a b|c^d`e\"f[g]//", "https://h/a%20b%7Cc%5Ed%60e%22f%5Bg%5D"},
		{"https://h/x%2fy/é", "https://h/x%2fy/%C3%A9"},
		{"HTTPS://h:8443", "https://h:8443"},
		{"https://h:/v1", "https://h/v1"},
		{"https://us%20er:p@ss@h/v1", "https://us%20er:p%40ss@h/v1"},
	} {
		c, err := apirt.NewTestClient(tt.in)
		if err != nil || c.Base() != tt.want {
			t.Errorf("NewClient(%q): base %q, %v; want %q", tt.in, c.Base(), err, tt.want)
		}
	}
}
