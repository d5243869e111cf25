package apirt

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"reflect"
	"strings"
	"testing"
)

// The server tests send hand-written requests (no client) to the desk API
// of desk_test.go and check the raw replies: one test per rule of the
// Routing, Parameters and Replies sections of the server's contract.

// called is what a recording interceptor saw of one call.
type called struct {
	method string
	req    any
}

// recordingHandler returns a desk server whose calls never reach svc: an
// interceptor records each and answers with the request itself.
func recordingHandler(opts ...HandlerOption) (http.Handler, *[]called) {
	var calls []called
	rec := func(ctx context.Context, method string, req any, next func(context.Context) (any, error)) (any, error) {
		calls = append(calls, called{method, req})
		return req, nil
	}
	return NewHandler(UnimplementedService{}, append(opts, WithInterceptor(rec))...), &calls
}

// request sends a hand-written request to h. header is "Key: value" lines.
func request(h http.Handler, method, target, header, body string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for _, line := range strings.Split(header, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			r.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// problemDoc is an RFC 9457 problem document as a client reads it.
type problemDoc struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Name   string `json:"name"`
		In     string `json:"in"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

// readProblem checks that w is a problem document with status and returns
// it.
func readProblem(t *testing.T, w *httptest.ResponseRecorder, status int) problemDoc {
	t.Helper()
	var p problemDoc
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("the body is not a problem document: %v: %s", err, w.Body)
	}
	if p.Type != "about:blank" || p.Status != status || p.Title != http.StatusText(status) {
		t.Errorf("problem %+v: want type about:blank, status %d, title %q", p, status, http.StatusText(status))
	}
	return p
}

// TestServeRoutes checks which method and which parameter values requests
// reach: literal segments, segments with a parameter and literal text,
// precedence, escaped values, query keys telling methods of one path apart,
// key parameters with options, defaults.
func TestServeRoutes(t *testing.T) {
	tests := []struct {
		target string
		method string
		req    any
	}{
		// A relative endpoint (ping.json) is rooted at '/'.
		{"/ping.json", "Ping", &PingRequest{}},
		{"/tickets.json", "Ticket.List", &TicketListRequest{View: "open", PerPage: "25"}},
		{"/tickets.json?view=solved&page=2&per_page=100", "Ticket.List", &TicketListRequest{View: "solved", Page: "2", PerPage: "100"}},
		{"/tickets.json?page=a+b%26c%3D&unknown=1&&", "Ticket.List", &TicketListRequest{View: "open", Page: "a b&c=", PerPage: "25"}},
		{"/tickets.json?page=", "Ticket.List", &TicketListRequest{View: "open", PerPage: "25"}},
		{"/tickets/42.json", "Ticket.Get", &TicketGetRequest{TicketID: "42"}},
		{"/tickets/a%2Fb%3F%23%25%20%C3%BC.json", "Ticket.Get", &TicketGetRequest{TicketID: "a/b?#% ü"}},
		{"/tickets/x.json.json", "Ticket.Get", &TicketGetRequest{TicketID: "x.json"}},
		{"/tickets/..json", "Ticket.Get", &TicketGetRequest{TicketID: "."}},
		// A literal segment wins over a parameter with literal text.
		{"/tickets/count.json", "Ticket.Count", &TicketCountRequest{View: "open"}},
		{"/tickets/count%2Ejson", "Ticket.Count", &TicketCountRequest{View: "open"}},
		{"/tickets/42/notes/7.json", "Ticket.Note.Get", &TicketNoteGetRequest{TicketID: "42", NoteID: "7"}},
		// Literal segment > parameter with literal text > whole parameter.
		{"/users/me.json", "User.Me", &UserMeRequest{}},
		{"/users/7.json", "User.Get", &UserGetRequest{UserID: "7"}},
		{"/users/me", "User.Find", &UserFindRequest{Login: "me"}},
		// User.Get's {user_id}.json would have no value: what the client
		// sends for User.Find(ctx, ".json") goes to User.Find.
		{"/users/.json", "User.Find", &UserFindRequest{Login: ".json"}},
		{"/users/%C3%A9mile", "User.Find", &UserFindRequest{Login: "émile"}},
		// One path, told apart by the query: the candidate whose needs are
		// present with the most needs; the one with none is the fallback.
		{"/files/f1", "File.Get", &FileGetRequest{FileID: "f1"}},
		{"/files/f1?download=1", "File.Download", &FileDownloadRequest{FileID: "f1"}},
		{"/files/f1?download=2", "File.Get", &FileGetRequest{FileID: "f1"}},
		{"/files/f1?download", "File.Get", &FileGetRequest{FileID: "f1"}},
		{"/files/f1?version=3", "File.Version", &FileVersionRequest{FileID: "f1", Version: "3"}},
		{"/files/f1?version=3&download=1", "File.Download", &FileDownloadRequest{FileID: "f1"}},
		// A query key parameter with options takes the first of its
		// options present as a key.
		{"/users?email=bob%40example.com", "User.Search", &UserSearchRequest{Field: "email", Value: "bob@example.com"}},
		{"/users?email=b&name=a", "User.Search", &UserSearchRequest{Field: "name", Value: "a"}},
		{"/users?other=1", "User.Search", &UserSearchRequest{}},
	}
	for _, tt := range tests {
		h, calls := recordingHandler()
		w := request(h, "GET", tt.target, "", "")
		if w.Code != http.StatusOK || len(*calls) != 1 {
			t.Errorf("GET %s: status %d, %d calls; body %s", tt.target, w.Code, len(*calls), w.Body)
			continue
		}
		c := (*calls)[0]
		if c.method != tt.method || !reflect.DeepEqual(c.req, tt.req) {
			t.Errorf("GET %s reached %s with %#v, want %s with %#v", tt.target, c.method, c.req, tt.method, tt.req)
		}
	}
}

// TestServeEscapedSlashBesideUnescapedBytes checks that a value's %2F
// arrives whole when the raw path also holds bytes that a URL should
// escape but that net/http accepts as sent ('|', '^', '{', raw UTF-8, as
// curl sends them): URL.EscapedPath escapes the decoded path again for
// such a path, and its %2F became a '/' that split the value, so that
// Ticket.Get's request reached Ticket.Note.Get.
func TestServeEscapedSlashBesideUnescapedBytes(t *testing.T) {
	tests := []struct {
		target string
		method string
		req    any
	}{
		{"/tickets/1%2Fnotes%2F2|.json", "Ticket.Get", &TicketGetRequest{TicketID: "1/notes/2|"}},
		{"/tickets/1%2Fnotes%2F2\xc3\xa9.json", "Ticket.Get", &TicketGetRequest{TicketID: "1/notes/2\u00e9"}},
		{"/tickets/a%2fb^{c}.json", "Ticket.Get", &TicketGetRequest{TicketID: "a/b^{c}"}},
		{"/users/a%2Fb|", "User.Find", &UserFindRequest{Login: "a/b|"}},
		{"/api/users/a%2Fb|", "User.Find", &UserFindRequest{Login: "a/b|"}},
	}
	for _, tt := range tests {
		var opts []HandlerOption
		if strings.HasPrefix(tt.target, "/api/") {
			opts = append(opts, WithPathPrefix("/api"))
		}
		h, calls := recordingHandler(opts...)
		w := request(h, "GET", tt.target, "", "")
		if w.Code != http.StatusOK || len(*calls) != 1 {
			t.Errorf("GET %s: status %d, %d calls; body %s", tt.target, w.Code, len(*calls), w.Body)
			continue
		}
		if c := (*calls)[0]; c.method != tt.method || !reflect.DeepEqual(c.req, tt.req) {
			t.Errorf("GET %s reached %s with %#v, want %s with %#v", tt.target, c.method, c.req, tt.method, tt.req)
		}
	}

	// The same through a real connection: the bytes as sent.
	h, _ := recordingHandler()
	srv := httptest.NewServer(h)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /tickets/1%%2Fnotes%%2F2|.json HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"TicketID":"1/notes/2|"}`; resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != want {
		t.Errorf("raw GET /tickets/1%%2Fnotes%%2F2|.json: status %d, body %s; want 200, %s", resp.StatusCode, body, want)
	}
}

// TestServeNotFound checks 404 for paths of no method, and that "." and
// ".." never match a parameter.
func TestServeNotFound(t *testing.T) {
	for _, target := range []string{
		"/", "/nope", "/tickets/42", "/tickets/42.json/x", "/tickets/42.json/", "//tickets/42.json",
		"/users/..", "/users/.", "/users/%2E%2E", "/users/%2e", "/tickets/count.json/a/b/c/d/e/f/g/h/i",
		"/Tickets.json", "/ping.JSON",
	} {
		h, calls := recordingHandler()
		w := request(h, "GET", target, "", "")
		p := readProblem(t, w, http.StatusNotFound)
		if len(*calls) != 0 || p.Detail == "" {
			t.Errorf("GET %s: %d calls, detail %q", target, len(*calls), p.Detail)
		}
	}
}

// TestServeMethodNotAllowed checks 405 with the Allow header for a path
// served under other HTTP methods only, HEAD served by GET routes, and
// OPTIONS.
func TestServeMethodNotAllowed(t *testing.T) {
	tests := []struct{ method, target, allow string }{
		{"DELETE", "/tickets.json", "GET, HEAD, POST"},
		{"POST", "/tickets/42.json", "GET, HEAD, PUT"},
		{"OPTIONS", "/tickets/42/notes.json", "POST"},
		// count.json is a literal segment of Ticket.Count (GET) and the
		// shape of {ticket_id}.json of Ticket.Get and Ticket.Update.
		{"DELETE", "/tickets/count.json", "GET, HEAD, PUT"},
	}
	for _, tt := range tests {
		h, calls := recordingHandler()
		w := request(h, tt.method, tt.target, "", "")
		readProblem(t, w, http.StatusMethodNotAllowed)
		if got := w.Header().Get("Allow"); got != tt.allow || len(*calls) != 0 {
			t.Errorf("%s %s: Allow %q, %d calls; want %q", tt.method, tt.target, got, len(*calls), tt.allow)
		}
	}
}

// TestServeHead checks that a GET route serves HEAD: the same status and
// headers, without a body.
func TestServeHead(t *testing.T) {
	h, calls := recordingHandler()
	get := request(h, "GET", "/tickets/42.json", "", "")
	head := request(h, "HEAD", "/tickets/42.json", "", "")
	if head.Code != http.StatusOK || head.Body.Len() != 0 || len(*calls) != 2 {
		t.Fatalf("HEAD: status %d, body %q, %d calls", head.Code, head.Body, len(*calls))
	}
	if (*calls)[1].method != "Ticket.Get" {
		t.Errorf("HEAD reached %s", (*calls)[1].method)
	}
	for _, k := range []string{"Content-Type", "Content-Length"} {
		if head.Header().Get(k) != get.Header().Get(k) || head.Header().Get(k) == "" {
			t.Errorf("%s: HEAD %q, GET %q", k, head.Header().Get(k), get.Header().Get(k))
		}
	}
	miss := request(h, "HEAD", "/nope", "", "")
	if miss.Code != http.StatusNotFound || miss.Body.Len() != 0 {
		t.Errorf("HEAD /nope: status %d, body %q", miss.Code, miss.Body)
	}
}

// TestServeProblemDocument checks the exact body of a 400: the problem
// document with an entry per failing parameter.
func TestServeProblemDocument(t *testing.T) {
	h, calls := recordingHandler()
	w := request(h, "GET", "/tickets.json?view=x", "", "")
	want := `{"type":"about:blank","title":"Bad Request","status":400,"detail":"parameter view: value \"x\" is not one of open, pending, solved, all_tickets","errors":[{"name":"view","in":"query","detail":"value \"x\" is not one of open, pending, solved, all_tickets"}]}`
	if w.Code != 400 || w.Body.String() != want || w.Header().Get("Content-Type") != "application/problem+json" || len(*calls) != 0 {
		t.Errorf("got %d %s %s, %d calls\nwant 400 %s", w.Code, w.Header().Get("Content-Type"), w.Body, len(*calls), want)
	}
}

// TestServeInvalidParameters checks 400s for parameters: every failing
// parameter of a request at once (path, query and body), malformed query
// escapes, repeated keys, required and empty values.
func TestServeInvalidParameters(t *testing.T) {
	type entry struct{ name, in, detail string }
	tests := []struct {
		method, target, body string
		errors               []entry // nil: no errors member, detail below
		detail               string
	}{
		{"GET", "/tickets.json?view=open&view=solved", "", []entry{{"view", "query", `the query key "view" is given more than once`}}, ""},
		{"GET", "/users?name=a&name=b", "", []entry{{"field", "query", `the query key "name" is given more than once`}}, ""},
		{"GET", "/tickets.json?page=%zz", "", nil, `the query is not validly escaped: invalid URL escape "%zz"`},
		{"GET", "/tickets.json?%zz=1", "", nil, `the query is not validly escaped: invalid URL escape "%zz"`},
		{"GET", "/files/f1?version=", "", []entry{{"version", "query", "a value is required"}}, ""},
		{"GET", "/tickets/.json", "", []entry{{"ticket_id", "path", "a value is required"}}, ""},
		{"GET", "/users?email=", "", nil, ""},
		{"POST", "/tickets//notes.json", `{"visibility":"secret"}`, []entry{
			{"ticket_id", "path", "a value is required"},
			{"body", "body", "a value is required"},
			{"visibility", "body", `value "secret" is not one of public, private`},
		}, "3 parameters are not valid: ticket_id, body, visibility"},
		{"POST", "/tickets/1/notes.json", `{"body":"b","visibility":3}`, []entry{{"visibility", "body", `value 3 is not one of public, private`}}, ""},
		{"POST", "/tickets.json", "", []entry{{"ticket", "body", "a value is required"}}, "parameter ticket: a value is required"},
		{"POST", "/tickets.json", " \n", []entry{{"ticket", "body", "a value is required"}}, ""},
	}
	for _, tt := range tests {
		h, calls := recordingHandler()
		w := request(h, tt.method, tt.target, "", tt.body)
		if tt.errors == nil && tt.detail == "" {
			if w.Code != http.StatusOK {
				t.Errorf("%s %s: status %d, want 200: %s", tt.method, tt.target, w.Code, w.Body)
			}
			continue
		}
		p := readProblem(t, w, http.StatusBadRequest)
		var got []entry
		for _, e := range p.Errors {
			got = append(got, entry{e.Name, e.In, e.Detail})
		}
		if !reflect.DeepEqual(got, tt.errors) || tt.detail != "" && p.Detail != tt.detail || len(*calls) != 0 {
			t.Errorf("%s %s: %d calls; problem %q %q\nwant %q %q", tt.method, tt.target, len(*calls), p.Detail, got, tt.detail, tt.errors)
		}
	}
}

// TestServeMalformedPath checks that a path segment that does not unescape
// is a 400: the net/http server rejects it before any handler, and the
// router rejects it when a handler is given such a path another way.
func TestServeMalformedPath(t *testing.T) {
	srv := httptest.NewServer(NewHandler(UnimplementedService{}))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /tickets/%%zz.json HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("raw request with %%zz in the path: status %d, want 400", resp.StatusCode)
	}

	r, _ := newRouter([]*route{{matcher: *ticketGetEndpoint.load().compile()}})
	for _, path := range []string{"/tickets/%zz.json", "/tickets/%2.json", "/nope/%"} {
		rt, _, _, err := r.lookup("GET", path, "")
		var se *StatusError
		if rt != nil || !errors.As(err, &se) || se.StatusCode != 400 || !strings.Contains(se.Message, "is not validly escaped") {
			t.Errorf("lookup(%q) = %v, %v; want a 400 *StatusError", path, rt, err)
		}
	}
}

// TestServeBody checks the body rules: one body parameter is the whole
// body, several are members of one JSON object (others ignored), defaults
// as JSON strings, the JSON content types, and invalid JSON.
func TestServeBody(t *testing.T) {
	tests := []struct {
		method, target, header, body string
		status                       int
		req                          any
	}{
		{"POST", "/tickets.json", "Content-Type: application/json", `{"subject": "x"}`, 200, &TicketCreateRequest{Ticket: json.RawMessage(`{"subject": "x"}`)}},
		{"POST", "/tickets.json", "", ` [1,2] `, 200, &TicketCreateRequest{Ticket: json.RawMessage(`[1,2]`)}},
		{"POST", "/tickets.json", "Content-Type: application/json; charset=utf-8", `"s"`, 200, &TicketCreateRequest{Ticket: json.RawMessage(`"s"`)}},
		{"POST", "/tickets.json", "Content-Type: Application/JSON", `null`, 200, &TicketCreateRequest{Ticket: json.RawMessage(`null`)}},
		{"POST", "/tickets.json", "Content-Type: application/merge-patch+json", `{}`, 200, &TicketCreateRequest{Ticket: json.RawMessage(`{}`)}},
		{"PUT", "/tickets/7.json", "", `{"ticket":{"a":1},"notify":true,"extra":[1]}`, 200, &TicketUpdateRequest{TicketID: "7", Ticket: json.RawMessage(`{"a":1}`), Notify: json.RawMessage(`true`)}},
		{"POST", "/tickets/7/notes.json", "", `{"body":"hi"}`, 200, &TicketNoteAddRequest{TicketID: "7", Body: json.RawMessage(`"hi"`), Visibility: json.RawMessage(`"public"`)}},
		{"POST", "/tickets/7/notes.json", "", `{"body":"hi","visibility":"private"}`, 200, &TicketNoteAddRequest{TicketID: "7", Body: json.RawMessage(`"hi"`), Visibility: json.RawMessage(`"private"`)}},
		// A method without body parameters does not read the body.
		{"GET", "/ping.json", "Content-Type: text/plain", `not json`, 200, &PingRequest{}},
		{"POST", "/tickets.json", "Content-Type: text/plain", `{}`, 415, nil},
		{"POST", "/tickets.json", "Content-Type: application/x-www-form-urlencoded", `a=1`, 415, nil},
		{"POST", "/tickets.json", "Content-Type: json", `{}`, 415, nil},
		{"POST", "/tickets.json", "", `{"a":`, 400, nil},
		{"POST", "/tickets.json", "", `{"a":1} x`, 400, nil},
		{"PUT", "/tickets/7.json", "", `[{"ticket":1}]`, 400, nil},
		{"PUT", "/tickets/7.json", "", `null`, 400, nil},
	}
	for _, tt := range tests {
		h, calls := recordingHandler()
		w := request(h, tt.method, tt.target, tt.header, tt.body)
		if tt.status != 200 {
			readProblem(t, w, tt.status)
			if len(*calls) != 0 {
				t.Errorf("%s %s %q: the service was called", tt.method, tt.target, tt.body)
			}
			continue
		}
		if w.Code != 200 || len(*calls) != 1 || !reflect.DeepEqual((*calls)[0].req, tt.req) {
			t.Errorf("%s %s %q: status %d, calls %+v; want %#v", tt.method, tt.target, tt.body, w.Code, *calls, tt.req)
		}
	}
}

// TestServeBodyLimit checks that a body over the limit is a 413, whether
// its length is announced or not, and that the limit is inclusive.
func TestServeBodyLimit(t *testing.T) {
	h, calls := recordingHandler(WithMaxRequestBytes(10))
	ok := request(h, "POST", "/tickets.json", "", `"12345678"`) // 10 bytes
	if ok.Code != 200 {
		t.Errorf("a body of 10 bytes: status %d: %s", ok.Code, ok.Body)
	}
	readProblem(t, request(h, "POST", "/tickets.json", "", `"123456789"`), http.StatusRequestEntityTooLarge)

	r := httptest.NewRequest("POST", "/tickets.json", io.MultiReader(strings.NewReader(`"1234`), strings.NewReader(`56789"`)))
	r.ContentLength = -1 // unknown, as with chunked encoding
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	readProblem(t, w, http.StatusRequestEntityTooLarge)
	if len(*calls) != 1 {
		t.Errorf("%d calls, want 1", len(*calls))
	}

	def, _ := recordingHandler()
	big := `"` + strings.Repeat("x", 8<<20) + `"`
	readProblem(t, request(def, "POST", "/tickets.json", "", big), http.StatusRequestEntityTooLarge)
	if w := request(def, "POST", "/tickets.json", "", big[:8<<20-1]+`"`); w.Code != 200 {
		t.Errorf("a body of 8 MiB: status %d", w.Code)
	}
}

// TestServePathPrefix checks WithPathPrefix: the API under the prefix, 404
// outside it.
func TestServePathPrefix(t *testing.T) {
	for _, prefix := range []string{"/api/v2", "api/v2/", "/api/v2/"} {
		h, calls := recordingHandler(WithPathPrefix(prefix))
		for target, status := range map[string]int{
			"/api/v2/tickets/1.json":   200,
			"/api/v%32/tickets/1.json": 200,
			"/api/v2/ping.json?x=1":    200,
			"/tickets/1.json":          404,
			"/api/v2x/tickets/1.json":  404,
			"/api/tickets/1.json":      404,
			"/api/v2":                  404,
			"/api/v2/":                 404,
			"/api%2Fv2/tickets/1.json": 404,
			"/v2/api/tickets/1.json":   404,
		} {
			w := request(h, "GET", target, "", "")
			if status == 404 {
				readProblem(t, w, 404)
			} else if w.Code != status {
				t.Errorf("prefix %q: GET %s: status %d, want %d", prefix, target, w.Code, status)
			}
		}
		if len(*calls) != 3 {
			t.Errorf("prefix %q: %d calls, want 3", prefix, len(*calls))
		}
	}
	h, _ := recordingHandler(WithPathPrefix("/"))
	if w := request(h, "GET", "/ping.json", "", ""); w.Code != 200 {
		t.Errorf(`prefix "/": status %d`, w.Code)
	}
}

// replyService is a desk service whose methods answer in every way a
// service method can.
type replyService struct {
	UnimplementedService
	answer func(ctx context.Context) (any, error)
	req    any
}

func (s *replyService) TicketGet(ctx context.Context, req *TicketGetRequest) (any, error) {
	s.req = req
	return s.answer(ctx)
}

// TestServeReplies checks each kind of result of a service method: nil,
// a value, *Reply, *StatusError, *ValidationError, other errors, panics,
// and what the error log gets.
func TestServeReplies(t *testing.T) {
	type logged struct {
		method string
		err    error
	}
	boom := errors.New("secret database password in the error")
	tests := []struct {
		name   string
		answer func(ctx context.Context) (any, error)
		status int
		header string // "Key: value" expected in the reply
		body   string // the exact body; for a problem, its detail
		log    string // a substring of the logged error; "" for none
	}{
		{"nil", func(context.Context) (any, error) { return nil, nil }, 204, "", "", ""},
		{"value", func(context.Context) (any, error) { return map[string]any{"id": 42, "s": "<&>"}, nil }, 200, "Content-Type: application/json", `{"id":42,"s":"\u003c\u0026\u003e"}`, ""},
		{"raw JSON", func(context.Context) (any, error) { return json.RawMessage(`[1, 2]`), nil }, 200, "Content-Length: 5", `[1,2]`, ""},
		{"reply", func(context.Context) (any, error) {
			return &Reply{StatusCode: 201, Header: http.Header{"Location": {"/tickets/9.json"}}, Body: []int{9}}, nil
		}, 201, "Location: /tickets/9.json", `[9]`, ""},
		{"reply without body", func(context.Context) (any, error) { return &Reply{StatusCode: 202}, nil }, 202, "", "", ""},
		{"reply status 0", func(context.Context) (any, error) { return &Reply{Body: "x"}, nil }, 200, "Content-Type: application/json", `"x"`, ""},
		{"reply content type", func(context.Context) (any, error) {
			return &Reply{Header: http.Header{"Content-Type": {"application/vnd.x+json"}}, Body: 1}, nil
		}, 200, "Content-Type: application/vnd.x+json", `1`, ""},
		{"reply 204 with body", func(context.Context) (any, error) { return &Reply{StatusCode: 204, Body: 1}, nil }, 204, "", "", ""},
		{"nil reply", func(context.Context) (any, error) { return (*Reply)(nil), nil }, 204, "", "", ""},
		{"status error", func(context.Context) (any, error) { return nil, Errorf(409, "ticket %d is closed", 42) }, 409, "", "ticket 42 is closed", ""},
		{"wrapped status error", func(context.Context) (any, error) {
			return nil, fmt.Errorf("in the store: %w", Errorf(404, "no ticket"))
		}, 404, "", "no ticket", ""},
		{"status error 503", func(context.Context) (any, error) { return nil, Errorf(503, "down for %s", "maintenance") }, 503, "", "down for maintenance", "down for maintenance"},
		{"validation error", func(context.Context) (any, error) {
			return nil, &ValidationError{Method: "Ticket.Get", Param: "ticket_id", Reason: "no such ticket"}
		}, 400, "", "parameter ticket_id: no such ticket", ""},
		{"other error", func(context.Context) (any, error) { return nil, boom }, 500, "", "", "secret database password"},
		{"status error out of range", func(context.Context) (any, error) { return nil, Errorf(200, "fine") }, 500, "", "", "200 OK: fine"},
		{"panic", func(context.Context) (any, error) { panic("kaboom") }, 500, "", "", "panic: kaboom"},
		{"unencodable", func(context.Context) (any, error) { return map[string]any{"f": func() {}}, nil }, 500, "", "", "encoding the reply as JSON"},
		{"bad reply status", func(context.Context) (any, error) { return &Reply{StatusCode: 99}, nil }, 500, "", "", "not a final HTTP status"},
	}
	for _, tt := range tests {
		var logs []logged
		svc := &replyService{answer: tt.answer}
		h := NewHandler(svc, WithErrorLog(func(ctx context.Context, method string, err error) {
			logs = append(logs, logged{method, err})
		}))
		w := request(h, "GET", "/tickets/42.json", "", "")
		if !reflect.DeepEqual(svc.req, &TicketGetRequest{TicketID: "42"}) {
			t.Errorf("%s: the service got %#v", tt.name, svc.req)
		}
		if w.Code >= 400 {
			p := readProblem(t, w, tt.status)
			if p.Detail != tt.body || strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "kaboom") {
				t.Errorf("%s: problem %s, want detail %q", tt.name, w.Body, tt.body)
			}
		} else if w.Code != tt.status || w.Body.String() != tt.body {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, w.Code, w.Body, tt.status, tt.body)
		}
		if k, v, ok := strings.Cut(tt.header, ": "); ok && w.Header().Get(k) != v {
			t.Errorf("%s: %s %q, want %q", tt.name, k, w.Header().Get(k), v)
		}
		switch {
		case tt.log == "" && len(logs) > 0:
			t.Errorf("%s: logged %v", tt.name, logs)
		case tt.log != "" && (len(logs) != 1 || logs[0].method != "Ticket.Get" || !strings.Contains(logs[0].err.Error(), tt.log)):
			t.Errorf("%s: logged %v, want one error of Ticket.Get containing %q", tt.name, logs, tt.log)
		}
	}
}

// TestServeUnimplemented checks UnimplementedService: 501 naming the
// method, which the error log gets.
func TestServeUnimplemented(t *testing.T) {
	var logged []string
	h := NewHandler(UnimplementedService{}, WithErrorLog(func(ctx context.Context, method string, err error) {
		logged = append(logged, method+": "+err.Error())
	}))
	p := readProblem(t, request(h, "GET", "/tickets/count.json", "", ""), http.StatusNotImplemented)
	if p.Detail != "Ticket.Count is not implemented" || len(logged) != 1 || logged[0] != "Ticket.Count: 501 Not Implemented: Ticket.Count is not implemented" {
		t.Errorf("detail %q, logged %q", p.Detail, logged)
	}
	var svc Service = UnimplementedService{}
	_, err := svc.UserMe(context.Background(), &UserMeRequest{})
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 501 {
		t.Errorf("UserMe returned %v", err)
	}
}

// TestServeAbortHandler checks that http.ErrAbortHandler goes on up to
// net/http, which aborts the reply without logging.
func TestServeAbortHandler(t *testing.T) {
	h := NewHandler(&replyService{answer: func(context.Context) (any, error) { panic(http.ErrAbortHandler) }})
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	request(h, "GET", "/tickets/1.json", "", "")
	t.Error("ServeHTTP returned")
}

// TestServePanicKeepsConnection checks that after a panic of the service,
// the client gets a 500 and its connection stays usable.
func TestServePanicKeepsConnection(t *testing.T) {
	n := 0
	srv := httptest.NewServer(NewHandler(&replyService{answer: func(context.Context) (any, error) {
		n++
		if n == 1 {
			panic("first call")
		}
		return "ok", nil
	}}, WithErrorLog(func(context.Context, string, error) {})))
	defer srv.Close()
	reused := make([]bool, 2)
	for i := range reused {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused[i] = info.Reused }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", srv.URL+"/tickets/1.json", nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if want := []int{500, 200}[i]; resp.StatusCode != want {
			t.Errorf("request %d: status %d, want %d", i, resp.StatusCode, want)
		}
	}
	if !reused[1] {
		t.Error("the second request did not reuse the connection")
	}
}

// ctxKey is the key of a context value that the tests' interceptors add.
type ctxKey struct{}

// TestServeInterceptors checks the order of interceptors, what they see,
// a context passed on to next, short-circuiting, and MethodFromContext and
// RequestFromContext in interceptors and service methods.
func TestServeInterceptors(t *testing.T) {
	var trace []string
	ic := func(name string) Interceptor {
		return func(ctx context.Context, method string, req any, next func(context.Context) (any, error)) (any, error) {
			r := RequestFromContext(ctx)
			trace = append(trace, fmt.Sprintf("%s in %s %s %T %s %s", name, method, MethodFromContext(ctx), req, r.Method, r.URL.Path))
			res, err := next(context.WithValue(ctx, ctxKey{}, name))
			trace = append(trace, fmt.Sprintf("%s out %v %v", name, res, err))
			return res, err
		}
	}
	svc := &replyService{answer: func(ctx context.Context) (any, error) {
		trace = append(trace, fmt.Sprintf("service %s %v %s", MethodFromContext(ctx), ctx.Value(ctxKey{}), RequestFromContext(ctx).URL.Path))
		return "done", nil
	}}
	h := NewHandler(svc, WithInterceptor(ic("outer")), WithInterceptor(nil), WithInterceptor(ic("inner")))
	w := request(h, "GET", "/tickets/5.json", "", "")
	want := []string{
		"outer in Ticket.Get Ticket.Get *apirt.TicketGetRequest GET /tickets/5.json",
		"inner in Ticket.Get Ticket.Get *apirt.TicketGetRequest GET /tickets/5.json",
		"service Ticket.Get inner /tickets/5.json",
		"inner out done <nil>",
		"outer out done <nil>",
	}
	if w.Code != 200 || !reflect.DeepEqual(trace, want) {
		t.Errorf("status %d, trace:\n%s\nwant:\n%s", w.Code, strings.Join(trace, "\n"), strings.Join(want, "\n"))
	}

	deny := func(ctx context.Context, method string, req any, next func(context.Context) (any, error)) (any, error) {
		if RequestFromContext(ctx).Header.Get("Authorization") != "Bearer ok" {
			return nil, Errorf(http.StatusUnauthorized, "who are you?")
		}
		return next(ctx)
	}
	svc.req = nil
	h = NewHandler(svc, WithInterceptor(deny))
	if p := readProblem(t, request(h, "GET", "/tickets/5.json", "", ""), 401); p.Detail != "who are you?" || svc.req != nil {
		t.Errorf("denied: detail %q, service got %v", p.Detail, svc.req)
	}
	if w := request(h, "GET", "/tickets/5.json", "Authorization: Bearer ok", ""); w.Code != 200 {
		t.Errorf("allowed: status %d", w.Code)
	}
	if m, r := MethodFromContext(context.Background()), RequestFromContext(context.Background()); m != "" || r != nil {
		t.Errorf("outside a call: %q, %v", m, r)
	}
}

// TestNewHandlerChecksRequestTypes checks that a request type that does not
// fit its endpoint is caught when the handler is made.
func TestNewHandlerChecksRequestTypes(t *testing.T) {
	type noFields struct{}
	type wrongKind struct{ ID int }
	type withBlank struct {
		_  [0]func()
		ID string
	}
	for _, tt := range []struct {
		req  any
		fail bool
	}{
		{(*TicketGetRequest)(nil), false},
		{(*withBlank)(nil), false},
		{(*noFields)(nil), true},
		{(*wrongKind)(nil), true},
		{TicketGetRequest{}, true},
		{nil, true},
	} {
		func() {
			defer func() {
				if p := recover(); (p != nil) != tt.fail {
					t.Errorf("%T: recovered %v", tt.req, p)
				}
			}()
			newHandler(1, []serverMethod{{&ticketGetEndpoint, tt.req}}, nil, nil)
		}()
	}
}

// TestServeFillsBlankFieldStructs checks that a request struct with a blank
// field (as a generator may add to make it not comparable) is filled.
func TestServeFillsBlankFieldStructs(t *testing.T) {
	type noteGet struct {
		_        [0]func()
		TicketID string
		NoteID   string
	}
	var got any
	h := newHandler(1, []serverMethod{{&ticketNoteGetEndpoint, (*noteGet)(nil)}}, func(ctx context.Context, i int, req any) (any, error) {
		got = req
		return nil, nil
	}, nil)
	request(h, "GET", "/tickets/1/notes/2.json", "", "")
	if r, ok := got.(*noteGet); !ok || r.TicketID != "1" || r.NoteID != "2" {
		t.Errorf("got %#v", got)
	}
}
