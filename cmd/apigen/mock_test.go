package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigen-go/apigen/internal/deftest"
)

// mockGet sends a request to h and returns the status and body.
func mockDo(h http.Handler, method, target, body string) (int, string, http.Header) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, rd))
	return w.Code, w.Body.String(), w.Header()
}

// TestMockReplies checks what apigen mock answers for the shipped help
// desk: each valid call with its method and parameters (defaults applied,
// unset ones left out, body parameters as sent), invalid ones with the
// generated server's problem documents.
func TestMockReplies(t *testing.T) {
	api := deftest.File(t, "../../definitions/helpdesk.json")
	var logged bytes.Buffer
	h, err := mockHandler(api, mockOptions{errLog: &logged})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, target, body string
		status               int
		want                 string // the body, or for a problem a substring
	}{
		{"GET", "/tickets/42.json", "", 200, `{"method":"Ticket.Get","params":{"ticket_id":"42"}}`},
		{"GET", "/tickets/a%2Fb.json", "", 200, `{"method":"Ticket.Get","params":{"ticket_id":"a/b"}}`},
		{"GET", "/tickets.json", "", 200, `{"method":"Ticket.List","params":{"view":"open","per_page":"25"}}`},
		{"GET", "/tickets.json?view=solved&page=2", "", 200, `{"method":"Ticket.List","params":{"view":"solved","page":"2","per_page":"25"}}`},
		{"GET", "/tickets/count.json", "", 200, `{"method":"Ticket.Count","params":{"view":"open"}}`},
		{"POST", "/tickets.json", `{"subject": "Hi"}`, 200, `{"method":"Ticket.Create","params":{"ticket":{"subject":"Hi"}}}`},
		{"PUT", "/tickets/7.json", `{"ticket": 1, "notify": true}`, 200, `{"method":"Ticket.Update","params":{"ticket_id":"7","ticket":1,"notify":true}}`},
		{"POST", "/tickets/7/comments.json", `{"body": "x"}`, 200, `{"method":"Ticket.Comment.PostComment","params":{"ticket_id":"7","body":"x","visibility":"public"}}`},
		{"GET", "/ping.json", "", 200, `{"method":"Ping","params":{}}`},
		{"GET", "/nope", "", 404, `"status":404`},
		{"DELETE", "/tickets.json", "", 405, `"status":405`},
		{"GET", "/tickets.json?view=x", "", 400, `"errors":[{"name":"view","in":"query","detail":"value \"x\" is not one of open, pending, solved, all_tickets"}]`},
		{"POST", "/tickets.json", `{`, 400, `"detail":"the body is not valid JSON"`},
	}
	for _, tt := range tests {
		status, body, header := mockDo(h, tt.method, tt.target, tt.body)
		ok := status == tt.status
		if tt.status == 200 {
			ok = ok && body == tt.want && header.Get("Content-Type") == "application/json"
		} else {
			ok = ok && strings.Contains(body, tt.want) && header.Get("Content-Type") == "application/problem+json"
		}
		if !ok {
			t.Errorf("%s %s: %d %s\nwant %d %s", tt.method, tt.target, status, body, tt.status, tt.want)
		}
	}
	if logged.Len() > 0 {
		t.Errorf("logged %s", logged.String())
	}
}

// TestMockServesCloud checks that apigen mock serves multi-segment values
// ({+name}) whole and lists ({name*}) as JSON arrays.
func TestMockServesCloud(t *testing.T) {
	h, err := mockHandler(deftest.File(t, "../../definitions/cloud.json"), mockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		method, target string
		status         int
		want           string
	}{
		{"GET", "/projects/p/zones/z/instances?state=running&state=stopped", 200, `{"method":"Instance.List","params":{"project":"p","zone":"z","state":["running","stopped"]}}`},
		{"GET", "/projects/p/zones/z/instances:batchGet?id=a&id=b%26c", 200, `{"method":"Instance.BatchGet","params":{"project":"p","zone":"z","ids":["a","b\u0026c"]}}`},
		{"POST", "/projects/p/operations/zones/z/operations/op%201:cancel", 200, `{"method":"Operation.Cancel","params":{"project":"p","operation":"zones/z/operations/op 1"}}`},
		{"GET", "/b/bk/o/logs/2026/app.log?include=acl", 200, `{"method":"Bucket.Object.Get","params":{"bucket":"bk","path":"logs/2026/app.log","include":["acl"]}}`},
		{"GET", "/projects/p/zones/z/instances?state=gone", 400, `element 0: value \"gone\" is not one of running, stopped, suspended`},
	} {
		status, body, _ := mockDo(h, tt.method, tt.target, "")
		if status != tt.status || (status == 200 && body != tt.want) || (status != 200 && !strings.Contains(body, tt.want)) {
			t.Errorf("%s %s: %d %s\nwant %d %s", tt.method, tt.target, status, body, tt.status, tt.want)
		}
	}
}

// TestMockFailRateAndLatency checks --fail-rate (a 503 problem document
// for the calls the random source picks, not logged) and --latency (every
// reply waits).
func TestMockFailRateAndLatency(t *testing.T) {
	api := deftest.File(t, "../../definitions/helpdesk.json")
	rolls := []float64{0.05, 0.5, 0.09, 0.95}
	var logged bytes.Buffer
	h, err := mockHandler(api, mockOptions{failRate: 0.1, errLog: &logged, random: func() float64 {
		r := rolls[0]
		rolls = rolls[1:]
		return r
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for range 4 {
		status, body, _ := mockDo(h, "GET", "/tickets/1.json", "")
		got = append(got, status)
		if status == 503 && !strings.Contains(body, `"detail":"the mock failed this call on purpose (--fail-rate): a failure injected by --fail-rate"`) {
			t.Errorf("503 body %s", body)
		}
	}
	if want := []int{503, 200, 503, 200}; !equalInts(got, want) || logged.Len() > 0 {
		t.Errorf("statuses %v, want %v; logged %q", got, want, logged.String())
	}
	// Invalid requests do not roll.
	if status, _, _ := mockDo(h, "GET", "/nope", ""); status != 404 {
		t.Errorf("status %d", status)
	}

	h, _ = mockHandler(api, mockOptions{latency: 50 * time.Millisecond})
	start := time.Now()
	if status, _, _ := mockDo(h, "GET", "/ping.json", ""); status != 200 || time.Since(start) < 50*time.Millisecond {
		t.Errorf("with --latency 50ms: status %d after %v", status, time.Since(start))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// syncBuffer is a bytes.Buffer safe for a command's goroutine and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMockCommand runs apigen mock on a free port, calls it over HTTP,
// and stops it as Ctrl-C would (by its context).
func TestMockCommand(t *testing.T) {
	base, stop := startMock(t, "../../definitions/helpdesk.json")
	resp, err := http.Get(base + "/tickets/42.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"method":"Ticket.Get","params":{"ticket_id":"42"}}` {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	stop()
}

// startMock runs apigen mock on def at a free port, and returns its base
// URL and a function that stops it and checks that it stopped.
func startMock(t *testing.T, def string) (string, func()) {
	t.Helper()
	var stdout, stderr syncBuffer
	root := newRootCmd(&stdout, &stderr)
	root.SetArgs([]string{"mock", "--addr", "127.0.0.1:0", def})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

	addrRx := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+) `)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addrRx.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no address printed: %q %q", stdout.String(), stderr.String())
	}
	return base, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil || !strings.Contains(stderr.String(), "apigen mock: stopped") {
				t.Errorf("stopped with %v; stderr %q", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatal("mock did not stop")
		}
	}
}

// TestMockServesAnyAPIName checks that mock, which writes no Go, serves an
// API whose name gives no Go package (main.json), as export and call do.
func TestMockServesAnyAPIName(t *testing.T) {
	def := writeFile(t, t.TempDir(), "main.json", `{"_url": "https://x.example.com", "Ping": {"get": ["GET", "/ping/{id}"]}}`)
	base, stop := startMock(t, def)
	defer stop()
	resp, err := http.Get(base + "/ping/7")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"method":"Ping.Get","params":{"id":"7"}}` {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

// TestMockRefusesAmbiguousDefinitions checks that mock reports what the
// server lint rejects and serves nothing.
func TestMockRefusesAmbiguousDefinitions(t *testing.T) {
	dir := t.TempDir()
	def := writeFile(t, dir, "shop.json", ambiguousDef)
	code, stdout, stderr := apigen(t, "mock", "--addr", "127.0.0.1:0", def)
	if code != 1 || stdout != "" || !strings.Contains(stderr, def+":4:5: error: a server cannot tell R.Find GET from R.Get GET") ||
		!strings.HasSuffix(stderr, "\napigen mock: nothing is served\n") || strings.Contains(stderr, "written") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if code, _, stderr := apigen(t, "mock", "--fail-rate", "2", def); code != 2 || !strings.Contains(stderr, "--fail-rate must be between 0 and 1") {
		t.Errorf("--fail-rate 2: exit %d %s", code, stderr)
	}
}

// TestMockRejectsBadFlagValues checks the edges of --fail-rate and
// --latency: NaN (which every comparison fails, so a range check written
// as "< 0 || > 1" let it through and nothing ever failed), infinities,
// negatives. Each is a usage error before the definition is read.
func TestMockRejectsBadFlagValues(t *testing.T) {
	def := writeFile(t, t.TempDir(), "shop.json", ambiguousDef)
	for _, tt := range [][]string{
		{"--fail-rate", "NaN"}, {"--fail-rate", "nan"}, {"--fail-rate", "Inf"}, {"--fail-rate", "-0.5"}, {"--fail-rate", "1.0000001"},
		{"--latency", "-1ns"},
	} {
		code, stdout, stderr := apigen(t, append([]string{"mock", "--addr", "127.0.0.1:0"}, append(tt, def)...)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt[0]+" must") {
			t.Errorf("%s %s: exit %d\nstdout %s\nstderr %s", tt[0], tt[1], code, stdout, stderr)
		}
	}
}

// TestMockServerDisconnectsStalledClients protects apigen mock from slow
// clients (slowloris): a client that stops in the middle of its headers,
// stops in the middle of its body, or keeps an idle connection open is
// disconnected after the timeouts of mockServer, here made short. The
// --latency delay is not counted against the body: a request whose whole
// body is sent at once still gets its reply when the latency is longer than
// the body timeout.
func TestMockServerDisconnectsStalledClients(t *testing.T) {
	api := deftest.File(t, "../../definitions/helpdesk.json")
	const latency = 300 * time.Millisecond
	h, err := mockHandler(api, mockOptions{latency: latency})
	if err != nil {
		t.Fatal(err)
	}
	srv := mockServer(h, latency, mockTimeouts{header: 100 * time.Millisecond, body: 100 * time.Millisecond, idle: 100 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	// send writes req on a new connection and reads until the server
	// closes it, or until a deadline far beyond the timeouts.
	send := func(req string) (string, error) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(20 * time.Second))
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(c)
		return string(got), err
	}
	tests := []struct {
		name, req, want string
	}{
		{"stalled headers", "GET /ping.json HTTP/1.1\r\nHost: x\r\n", ""},
		{"stalled body", "POST /tickets.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{", "HTTP/1.1 400 Bad Request"},
		{"idle connection", "GET /ping.json HTTP/1.1\r\nHost: x\r\n\r\n", `{"method":"Ping","params":{}}`},
		{"body in time, latency longer than the body timeout", "POST /tickets.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n\"x\"",
			`{"method":"Ticket.Create","params":{"ticket":"x"}}`},
	}
	for _, tt := range tests {
		got, err := send(tt.req)
		if err != nil || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, %v; want the connection closed after %q", tt.name, got, err, tt.want)
		}
	}
}
