package apirt_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/uritemplate"
)

// script is a server that answers the requests it gets with the statuses
// and Retry-After headers of its script in turn (200 once it runs out),
// recording what each request carried.
type script struct {
	mu     sync.Mutex
	answer []string // "503", "429 2" (Retry-After: 2), "drop" (close the connection)
	got    []attempt
	srv    *httptest.Server
}

type attempt struct {
	at     time.Time
	method string
	uri    string
	body   string
}

func newScript(t *testing.T, answer ...string) *script {
	s := &script{answer: answer}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.got = append(s.got, attempt{time.Now(), r.Method, r.RequestURI, string(body)})
		a := "200"
		if len(s.answer) > 0 {
			a, s.answer = s.answer[0], s.answer[1:]
		}
		s.mu.Unlock()
		if a == "drop" {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		status, after, _ := strings.Cut(a, " ")
		if after != "" {
			w.Header().Set("Retry-After", after)
		}
		code, _ := strconv.Atoi(status)
		w.WriteHeader(code)
		io.WriteString(w, `{"status":`+status+`}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *script) attempts() []attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]attempt(nil), s.got...)
}

// call sends method to /x with a JSON body parameter when it is not GET.
func call(ctx context.Context, t *testing.T, c *apirt.Client, method string) (*apirt.Response, error) {
	t.Helper()
	tmpl, _ := uritemplate.Parse("/x?q={q}")
	var body []uritemplate.Tag
	var vals []any
	if method != "GET" && method != "HEAD" {
		body, vals = []uritemplate.Tag{{Name: "data", Required: true}}, []any{map[string]int{"n": 1}}
	}
	e := apirt.NewEndpoint(method, "X.Do", tmpl, body)
	return c.CallWithBody(ctx, e, []string{"a b"}, vals)
}

// TestRetryIdempotentMethods checks which answers WithRetry tries again and
// that a retried request is the same request, body included.
func TestRetryIdempotentMethods(t *testing.T) {
	for _, tt := range []struct {
		method string
		answer []string
		tries  int // attempts the server sees
		status int // of the call's result; 0 for a network error
	}{
		{"GET", []string{"503", "503"}, 3, 200},
		{"GET", []string{"429", "200"}, 2, 200},
		{"PUT", []string{"503"}, 2, 200},
		{"DELETE", []string{"drop"}, 2, 200},
		{"HEAD", []string{"503"}, 2, 200},
		{"OPTIONS", []string{"429"}, 2, 200},
		{"GET", []string{"503", "503", "503", "503"}, 3, 503}, // at most 3 attempts
		{"GET", []string{"drop", "drop", "drop"}, 3, 0},
		{"GET", []string{"500"}, 1, 500}, // other statuses are answers
		{"GET", []string{"502"}, 1, 502},
		{"GET", []string{"404"}, 1, 404},
		{"POST", []string{"503"}, 1, 503}, // not idempotent
		{"PATCH", []string{"drop"}, 1, 0},
	} {
		s := newScript(t, tt.answer...)
		c := newClient(t, s.srv.URL, apirt.WithRetry(3, time.Millisecond))
		resp, err := call(context.Background(), t, c, tt.method)
		got := s.attempts()
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		if len(got) != tt.tries || status != tt.status || (tt.status == 200) != (err == nil) {
			t.Errorf("%s after %v: %d attempts, status %d, %v; want %d attempts, status %d", tt.method, tt.answer, len(got), status, err, tt.tries, tt.status)
		}
		for _, a := range got[1:] {
			if a.method != got[0].method || a.uri != got[0].uri || a.body != got[0].body {
				t.Errorf("%s after %v: retried %+v, first %+v", tt.method, tt.answer, a, got[0])
			}
		}
		if tt.method == "PUT" && got[0].body != `{"n":1}` {
			t.Errorf("PUT sent body %q", got[0].body)
		}
	}
}

// TestRetryWaits checks the waits: the backoff doubles, Retry-After (in
// seconds or as a date) replaces it, and no wait outlasts the context.
func TestRetryWaits(t *testing.T) {
	gaps := func(as []attempt) []time.Duration {
		var d []time.Duration
		for i := 1; i < len(as); i++ {
			d = append(d, as[i].at.Sub(as[i-1].at))
		}
		return d
	}
	t.Run("backoff", func(t *testing.T) {
		s := newScript(t, "503", "503")
		c := newClient(t, s.srv.URL, apirt.WithRetry(3, 40*time.Millisecond))
		if _, err := call(context.Background(), t, c, "GET"); err != nil {
			t.Fatal(err)
		}
		// Waits of 40 and 80 ms, less at most half each for jitter.
		g := gaps(s.attempts())
		if len(g) != 2 || g[0] < 20*time.Millisecond || g[1] < 40*time.Millisecond {
			t.Errorf("waits %v, want at least 20ms then 40ms", g)
		}
	})
	t.Run("Retry-After seconds", func(t *testing.T) {
		s := newScript(t, "429 1")
		c := newClient(t, s.srv.URL, apirt.WithRetry(2, time.Millisecond))
		if _, err := call(context.Background(), t, c, "GET"); err != nil {
			t.Fatal(err)
		}
		if g := gaps(s.attempts()); len(g) != 1 || g[0] < 900*time.Millisecond {
			t.Errorf("waits %v, want about 1s", g)
		}
	})
	t.Run("Retry-After date", func(t *testing.T) {
		s := newScript(t, "503 "+time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
		c := newClient(t, s.srv.URL, apirt.WithRetry(2, time.Millisecond))
		if _, err := call(context.Background(), t, c, "GET"); err != nil {
			t.Fatal(err)
		}
		if g := gaps(s.attempts()); len(g) != 1 || g[0] < 900*time.Millisecond {
			t.Errorf("waits %v, want over a second (the date is 1-2 s away)", g)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		s := newScript(t, "503 30")
		c := newClient(t, s.srv.URL, apirt.WithRetry(5, time.Millisecond))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		resp, err := call(ctx, t, c, "GET")
		var ae *apirt.Error
		if !errors.As(err, &ae) || resp.StatusCode != 503 || len(s.attempts()) != 1 || time.Since(start) > time.Second {
			t.Errorf("got %v after %v and %d attempts; want the 503 at once, as waiting 30s would outlast the deadline", err, time.Since(start), len(s.attempts()))
		}
	})
	t.Run("cancel while waiting", func(t *testing.T) {
		s := newScript(t, "503 3")
		c := newClient(t, s.srv.URL, apirt.WithRetry(5, time.Millisecond))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := call(ctx, t, c, "GET")
		if !errors.Is(err, context.Canceled) || len(s.attempts()) != 1 {
			t.Errorf("got %v after %d attempts, want context.Canceled after 1", err, len(s.attempts()))
		}
	})
}

// TestRetryOptionChecked checks that WithRetry refuses what makes no sense.
func TestRetryOptionChecked(t *testing.T) {
	for _, opt := range []apirt.Option{apirt.WithRetry(0, time.Second), apirt.WithRetry(3, -time.Second)} {
		if _, err := apirt.NewTestClient("https://h.example", opt); err == nil || !strings.Contains(err.Error(), "WithRetry") {
			t.Errorf("NewClient = %v, want WithRetry's error", err)
		}
	}
}

// TestCallOptions checks the options a context carries for one call: a
// header that replaces the client's, and another base URL, which gets the
// client's headers; the client's own calls are unchanged.
func TestCallOptions(t *testing.T) {
	a := newRecorder(t, false, nil)
	b := newRecorder(t, false, nil)
	c := newClient(t, a.URL+"/api", apirt.WithHeader("X-Team", "blue"), apirt.WithBearerToken("t0ken"))
	ctx := apirt.WithCallHeader(context.Background(), "x-team", "red")
	ctx = apirt.WithCallHeader(ctx, "X-Request-Id", "r1")
	ctx = apirt.WithCallHeader(ctx, "X-Request-Id", "r2")
	if _, err := call(ctx, t, c, "GET"); err != nil {
		t.Fatal(err)
	}
	if _, err := call(apirt.WithCallBaseURL(ctx, b.URL+"/v2/"), t, c, "GET"); err != nil {
		t.Fatal(err)
	}
	if _, err := call(context.Background(), t, c, "GET"); err != nil {
		t.Fatal(err)
	}
	ra, rb := a.requests(), b.requests()
	if len(ra) != 2 || len(rb) != 1 {
		t.Fatalf("%d and %d requests", len(ra), len(rb))
	}
	for _, tt := range []struct {
		got                 seen
		uri, team, id, auth string
	}{
		{ra[0], "/api/x?q=a+b", "red", "r2", "Bearer t0ken"},
		{rb[0], "/v2/x?q=a+b", "red", "r2", "Bearer t0ken"},
		{ra[1], "/api/x?q=a+b", "blue", "", "Bearer t0ken"},
	} {
		h := tt.got.Header
		if tt.got.URI != tt.uri || h.Get("X-Team") != tt.team || h.Get("X-Request-Id") != tt.id || h.Get("Authorization") != tt.auth || len(h.Values("X-Team")) != 1 {
			t.Errorf("sent %s with %v; want %s, X-Team %s, X-Request-Id %q", tt.got.URI, h, tt.uri, tt.team, tt.id)
		}
	}
	_, err := call(apirt.WithCallBaseURL(ctx, "ftp://user:s3cr3t@h"), t, c, "GET")
	if err == nil || !strings.Contains(err.Error(), "WithCallBaseURL") || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("a bad base URL for one call: %v", err)
	}
}

// TestCallHeadersStayWithTheOrigin checks that a header set for one call is
// dropped, like the client's, on a redirect to another origin.
func TestCallHeadersStayWithTheOrigin(t *testing.T) {
	other := newRecorder(t, false, nil)
	base := newRecorder(t, false, redirector)
	c := newClient(t, base.URL+"/api")
	tmpl, e := endpoint(t, "/redirect?to={to}")
	ctx := apirt.WithCallHeader(context.Background(), "X-Api-Key", "k3y")
	if _, err := c.Call(ctx, "GET", e, values(tmpl, map[string]string{"to": other.URL + "/x"})); err != nil {
		t.Fatal(err)
	}
	if r := base.requests(); len(r) != 1 || r[0].Header.Get("X-Api-Key") != "k3y" {
		t.Errorf("base got %v", r)
	}
	if r := other.requests(); len(r) != 1 || r[0].Header.Get("X-Api-Key") != "" {
		t.Errorf("the other origin got %v", r)
	}
}
