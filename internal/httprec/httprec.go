// Package httprec is a test helper: an httptest server that records every
// request it receives and answers with a status and body the test chooses.
// Tests of generated clients use it to assert the exact requests they send.
package httprec

import (
	"github.com/apigen-go/apigen/generator/golang"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

// Request is what the server received.
type Request struct {
	Method string
	URI    string // the request URI as sent: path and query, still escaped
	Body   string
	Header http.Header
}

// String formats the request as "METHOD URI" and, when there is a body,
// a space and the body.
func (r Request) String() string {
	s := r.Method + " " + r.URI
	if r.Body != "" {
		s += " " + r.Body
	}
	return s
}

// Server records requests. Set Status and Body to change the answer.
type Server struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []Request
	Status int    // default 200
	Body   string // default {"ok": true}
}

// New starts a server that is closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{Status: http.StatusOK, Body: `{"ok": true}`}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, URI: r.RequestURI, Body: string(body), Header: r.Header.Clone()})
	status, respBody := s.Status, s.Body
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.Copy(w, strings.NewReader(respBody))
}

// Requests returns the requests received so far and forgets them.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reqs
	s.reqs = nil
	return r
}

// MethodNames returns the Go call path of every method of the definition
// file ("Ticket.Note.Get"), so that a test can check that it covers them all.
func MethodNames(t testing.TB, defFile string) []string {
	t.Helper()
	api, list := parser.ParseFile(defFile)
	if list.HasErrors() {
		t.Fatalf("%s: %v", defFile, list)
	}
	goNames, diags := golang.Name(api, "")
	if diags.HasErrors() {
		t.Fatalf("%s: %v", defFile, diags)
	}
	var names []string
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			names = append(names, goNames.Method(m).FullName)
		}
	})
	return names
}

// Case is one call of a generated method and the request it must send:
// "METHOD URI" or "METHOD URI BODY", or "error: <text>" for a call that must
// fail before sending anything. It is an unnamed struct type, so that test
// tables may list its fields without keys.
type Case = struct {
	Method string // the method's Go call path, such as "Ticket.Get"
	Call   func() error
	Want   string
}

// Run makes each call against s and checks the request it sent, then checks
// that the cases cover every method of the definition.
func Run(t *testing.T, s *Server, defFile string, cases []Case) {
	t.Helper()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.Method] = true
		err := c.Call()
		reqs := s.Requests()
		if msg, ok := strings.CutPrefix(c.Want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), msg) || len(reqs) != 0 {
				t.Errorf("%s: error %v and %d requests, want error %q and none", c.Method, err, len(reqs), msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.Method, err)
			continue
		}
		if len(reqs) != 1 || reqs[0].String() != c.Want {
			t.Errorf("%s:\n got %v\nwant %s", c.Method, reqs, c.Want)
		}
	}
	for _, name := range MethodNames(t, defFile) {
		if !covered[name] {
			t.Errorf("no case calls %s", name)
		}
	}
}
