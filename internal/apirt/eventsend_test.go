package apirt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// delivered is one request that a scripted listener received.
type delivered struct {
	id, timestamp, signature, contentType string
	body                                  string
}

// script serves the listed replies in turn (the last one again when they
// run out) and records the requests. A reply of status 0 closes the
// connection without answering.
type script struct {
	mu       sync.Mutex
	replies  []reply
	requests []delivered
}

type reply struct {
	status int
	header map[string]string
	body   string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, delivered{
		id: r.Header.Get("webhook-id"), timestamp: r.Header.Get("webhook-timestamp"), signature: r.Header.Get("webhook-signature"),
		contentType: r.Header.Get("Content-Type"), body: string(body),
	})
	n := len(s.requests)
	rp := s.replies[min(n, len(s.replies))-1]
	s.mu.Unlock()
	if rp.status == 0 {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range rp.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rp.status)
	io.WriteString(w, rp.body)
}

func (s *script) taken() []delivered {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivered(nil), s.requests...)
}

// testSender returns a sender whose clock starts at start and advances by
// ten seconds per reading, whose jitter is none, and which records its
// waits instead of waiting.
func testSender(t *testing.T, opts ...EventSenderOption) (*EventSender, *[]time.Duration) {
	t.Helper()
	s, err := NewEventSender(testSecret1, opts...)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s.now = func() time.Time {
		clock = clock.Add(10 * time.Second)
		return clock
	}
	s.jitter = func(int64) int64 { return 0 }
	var waits []time.Duration
	s.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return s, &waits
}

func serve(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

var testEvent = &TicketCreated{TicketID: 42, Subject: "Printer on fire"}

// checkSigned checks that a request carries a signature of its id,
// timestamp and body that the specification's scheme, as the test
// implements it, verifies with testSecret1.
func checkSigned(t *testing.T, d delivered) {
	t.Helper()
	if !specVerify(testSecret1, d.id, d.timestamp, d.body, d.signature) {
		t.Errorf("the independent implementation rejects the signature %q of %s.%s.%s", d.signature, d.id, d.timestamp, d.body)
	}
}

// TestSenderSignatureVerifiesIndependently is the interoperability test on
// the sending side, and checks the delivery's form: headers and body.
func TestSenderSignatureVerifiesIndependently(t *testing.T) {
	sc := &script{replies: []reply{{status: 204}}}
	srv := serve(t, sc)
	s, err := NewEventSender(testSecret1) // the real clock
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	id, err := s.Send(context.Background(), srv.URL+"/hooks", testEvent)
	if err != nil {
		t.Fatal(err)
	}
	reqs := sc.taken()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	d := reqs[0]
	checkSigned(t, d)
	if d.id != id || !strings.HasPrefix(id, "msg_") || !eventIDValid(id) {
		t.Errorf("webhook-id %q, Send returned %q", d.id, id)
	}
	ts, err := strconv.ParseInt(d.timestamp, 10, 64)
	if err != nil || ts < before.Unix() || ts > time.Now().Unix() {
		t.Errorf("webhook-timestamp %q is not now in Unix seconds", d.timestamp)
	}
	if d.contentType != "application/json" {
		t.Errorf("Content-Type %q", d.contentType)
	}
	var body struct {
		Type      string
		Timestamp time.Time
		Data      map[string]any
	}
	if err := json.Unmarshal([]byte(d.body), &body); err != nil {
		t.Fatalf("body %s: %v", d.body, err)
	}
	wantData := `{"ticket_id":42,"subject":"Printer on fire","priority":"normal"}`
	if !strings.HasPrefix(d.body, `{"type":"helpdesk.ticket.created","timestamp":"`) || !strings.HasSuffix(d.body, `","data":`+wantData+`}`) {
		t.Errorf("body %s, want type, timestamp and data %s", d.body, wantData)
	}
	if body.Timestamp.Location() != time.UTC || body.Timestamp.Before(before.Add(-time.Second)) || body.Timestamp.After(time.Now()) {
		t.Errorf("body timestamp %v is not now in UTC", body.Timestamp)
	}
}

// TestSenderRetries503ThenSucceeds: a 503 is retried after the backoff,
// with the same id, a new timestamp and a new signature.
func TestSenderRetries503ThenSucceeds(t *testing.T) {
	sc := &script{replies: []reply{{status: 503}, {status: 200}}}
	srv := serve(t, sc)
	s, waits := testSender(t)
	id, err := s.Send(context.Background(), srv.URL, testEvent)
	if err != nil {
		t.Fatal(err)
	}
	reqs := sc.taken()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	a, b := reqs[0], reqs[1]
	if a.id != id || b.id != id {
		t.Errorf("ids %q, %q; want both %q", a.id, b.id, id)
	}
	if a.timestamp == b.timestamp || a.signature == b.signature {
		t.Errorf("the retry has the same timestamp %s or signature %s", b.timestamp, b.signature)
	}
	if a.body != b.body {
		t.Errorf("the retry's body differs:\n%s\n%s", a.body, b.body)
	}
	checkSigned(t, a)
	checkSigned(t, b)
	if len(*waits) != 1 || (*waits)[0] != eventFirstWait {
		t.Errorf("waits %v, want [%v]", *waits, eventFirstWait)
	}
}

// TestSenderHonoursRetryAfter: a 429's Retry-After, in seconds or as an
// HTTP date, sets the wait when it is longer than the backoff.
func TestSenderHonoursRetryAfter(t *testing.T) {
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		retryAfter string
		want       time.Duration
	}{
		{"7", 7 * time.Second},
		{"0", eventFirstWait},
		// The sender's clock reads start+10s for the event, start+20s for
		// the attempt and start+30s after it.
		{start.Add(30*time.Second + 90*time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"soon", eventFirstWait},
	} {
		sc := &script{replies: []reply{{status: 429, header: map[string]string{"Retry-After": tt.retryAfter}}, {status: 202}}}
		srv := serve(t, sc)
		s, waits := testSender(t)
		if _, err := s.Send(context.Background(), srv.URL, testEvent); err != nil {
			t.Fatal(err)
		}
		if len(sc.taken()) != 2 || len(*waits) != 1 || (*waits)[0] != tt.want {
			t.Errorf("Retry-After %q: %d requests, waits %v; want 2 and [%v]", tt.retryAfter, len(sc.taken()), *waits, tt.want)
		}
	}
}

// TestSenderGivesUpOnLongRetryAfter: a Retry-After longer than the sender
// waits ends Send at once, with the wait asked for in the error.
func TestSenderGivesUpOnLongRetryAfter(t *testing.T) {
	sc := &script{replies: []reply{{status: 503, header: map[string]string{"Retry-After": "3600"}}}}
	srv := serve(t, sc)
	s, waits := testSender(t)
	_, err := s.Send(context.Background(), srv.URL, testEvent)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 503 || !strings.Contains(err.Error(), "asks to retry after") {
		t.Errorf("error %v, want one saying the listener asks to retry later", err)
	}
	if len(sc.taken()) != 1 || len(*waits) != 0 {
		t.Errorf("%d requests, waits %v; want 1 and none", len(sc.taken()), *waits)
	}
}

// TestSenderStopsOn410: 410 Gone stops at once with an error saying the
// listener is gone.
func TestSenderStopsOn410(t *testing.T) {
	sc := &script{replies: []reply{{status: 410, body: "unsubscribed"}}}
	srv := serve(t, sc)
	s, waits := testSender(t)
	id, err := s.Send(context.Background(), srv.URL+"/hooks?token=s3cr3t", testEvent)
	if err == nil || !strings.Contains(err.Error(), "the listener is gone") {
		t.Fatalf("error %v, want one saying the listener is gone", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 410 || string(e.Body) != "unsubscribed" {
		t.Errorf("error %v: want an *Error with 410 and the body", err)
	}
	if id == "" || !strings.Contains(err.Error(), id) {
		t.Errorf("Send returned the id %q; the error should name it: %v", id, err)
	}
	if n := len(sc.taken()); n != 1 || len(*waits) != 0 {
		t.Errorf("%d requests and waits %v, want 1 and none", n, *waits)
	}
}

// TestSenderStopsOn400WithError: any status other than 2xx, 410, 429 and
// 5xx stops with an *Error.
func TestSenderStopsOn400WithError(t *testing.T) {
	for _, status := range []int{400, 401, 404, 409} {
		sc := &script{replies: []reply{{status: status, body: `{"title":"no"}`}}}
		srv := serve(t, sc)
		s, waits := testSender(t)
		_, err := s.Send(context.Background(), srv.URL+"/hooks", testEvent)
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != status || e.Method != "POST" || e.URL != srv.URL+"/hooks" || string(e.Body) != `{"title":"no"}` {
			t.Errorf("%d: error %#v, want an *Error with the status, method, URL and body", status, err)
		}
		if n := len(sc.taken()); n != 1 || len(*waits) != 0 {
			t.Errorf("%d: %d requests and waits %v, want 1 and none", status, n, *waits)
		}
	}
}

// TestSenderDoesNotFollowRedirects: a redirect is a status like others (an
// *Error), the target is never asked, and the caller's client is left as
// it was.
func TestSenderDoesNotFollowRedirects(t *testing.T) {
	var targetHits int
	mux := http.NewServeMux()
	sc := &script{replies: []reply{{status: 307, header: map[string]string{"Location": "/elsewhere"}}}}
	mux.Handle("/hooks", sc)
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) { targetHits++ })
	srv := serve(t, mux)
	hc := &http.Client{Timeout: time.Minute}
	s, _ := testSender(t, WithEventHTTPClient(hc))
	_, err := s.Send(context.Background(), srv.URL+"/hooks", testEvent)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 307 {
		t.Errorf("error %v, want an *Error with 307", err)
	}
	if len(sc.taken()) != 1 || targetHits != 0 {
		t.Errorf("%d requests, the target got %d; want 1 and 0", len(sc.taken()), targetHits)
	}
	if hc.CheckRedirect != nil || hc.Timeout != time.Minute {
		t.Error("the caller's http.Client was modified")
	}
	if s.client == hc || s.client.Timeout != time.Minute {
		t.Error("the sender does not use a copy of the caller's client")
	}
}

// TestSenderCancelledDuringBackoff: cancelling the context while the
// sender waits to retry ends the wait and Send, with the context's error
// and the last attempt's.
func TestSenderCancelledDuringBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sc := &script{replies: []reply{{status: 503}}}
	srv := serve(t, sc)
	s, err := NewEventSender(testSecret1)
	if err != nil {
		t.Fatal(err)
	}
	// The real wait, made long, and cancelled once it has begun.
	waiting := make(chan struct{})
	s.sleep = func(ctx context.Context, d time.Duration) error {
		close(waiting)
		return eventSleep(ctx, time.Hour)
	}
	go func() {
		<-waiting
		cancel()
	}()
	start := time.Now()
	_, err = s.Send(ctx, srv.URL, testEvent)
	var e *Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &e) || e.StatusCode != 503 {
		t.Errorf("error %v, want context.Canceled and the 503", err)
	}
	if len(sc.taken()) != 1 {
		t.Errorf("%d requests, want 1", len(sc.taken()))
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("Send returned after %v", d) // not a timing goal: without the cancellation it waits an hour
	}
}

// TestSenderRespectsDeadline: the sender gives up, without waiting, when
// the next attempt would come after the context's deadline.
func TestSenderRespectsDeadline(t *testing.T) {
	sc := &script{replies: []reply{{status: 503, header: map[string]string{"Retry-After": "120"}}}}
	srv := serve(t, sc)
	s, waits := testSender(t)
	// The test clock starts at 10:00:00 and reads 10:00:20 after the
	// first attempt: 120 s later is past the deadline.
	ctx, cancel := context.WithDeadline(context.Background(), time.Date(2026, 11, 23, 10, 1, 0, 0, time.UTC))
	defer cancel()
	ctx = contextWithoutDone{ctx}
	_, err := s.Send(ctx, srv.URL, testEvent)
	if err == nil || !strings.Contains(err.Error(), "after the context's deadline") {
		t.Errorf("error %v, want one about the deadline", err)
	}
	if len(sc.taken()) != 1 || len(*waits) != 0 {
		t.Errorf("%d requests, waits %v; want 1 and none", len(sc.taken()), *waits)
	}
}

// contextWithoutDone has its parent's deadline, but is never done: the
// deadline of TestSenderRespectsDeadline is in the test clock's time,
// which the real one has passed.
type contextWithoutDone struct{ context.Context }

func (contextWithoutDone) Done() <-chan struct{} { return nil }
func (contextWithoutDone) Err() error            { return nil }

// TestSenderGivesUpAfterRetries: WithRetries(2) makes three attempts, with
// waits growing exponentially, and the error has the last status.
func TestSenderGivesUpAfterRetries(t *testing.T) {
	sc := &script{replies: []reply{{status: 502}, {status: 504}, {status: 500, body: "still down"}}}
	srv := serve(t, sc)
	s, waits := testSender(t, WithRetries(2))
	_, err := s.Send(context.Background(), srv.URL, testEvent)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 500 || !strings.Contains(err.Error(), "giving up after attempt 3") {
		t.Errorf("error %v, want giving up after attempt 3 with the 500", err)
	}
	if len(sc.taken()) != 3 || len(*waits) != 2 || (*waits)[0] != eventFirstWait || (*waits)[1] != 2*eventFirstWait {
		t.Errorf("%d requests, waits %v; want 3 and [%v %v]", len(sc.taken()), *waits, eventFirstWait, 2*eventFirstWait)
	}
}

// TestSenderRetriesNetworkErrors: a connection closed without a reply is
// retried.
func TestSenderRetriesNetworkErrors(t *testing.T) {
	sc := &script{replies: []reply{{status: 0}, {status: 0}, {status: 201}}}
	srv := serve(t, sc)
	s, waits := testSender(t)
	if _, err := s.Send(context.Background(), srv.URL, testEvent); err != nil {
		t.Fatal(err)
	}
	reqs := sc.taken()
	if len(reqs) != 3 || len(*waits) != 2 {
		t.Errorf("%d requests, waits %v; want 3 and two waits", len(reqs), *waits)
	}
	for _, d := range reqs {
		checkSigned(t, d)
	}
	// With no retries, the network error is returned, without the query.
	s, _ = testSender(t, WithRetries(0))
	sc.mu.Lock()
	sc.requests, sc.replies = nil, []reply{{status: 0}}
	sc.mu.Unlock()
	_, err := s.Send(context.Background(), srv.URL+"/?token=s3cr3t", testEvent)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "giving up after attempt 1") {
		t.Errorf("error %v: want giving up, without the query", err)
	}
}

// TestSenderValidatesFirst: invalid events are reported, every failing
// parameter at once, and nothing is sent.
func TestSenderValidatesFirst(t *testing.T) {
	sc := &script{replies: []reply{{status: 204}}}
	srv := serve(t, sc)
	s, _ := testSender(t)
	var nilEvent *TicketCreated
	tests := []struct {
		name string
		ev   Event
		want []string
	}{
		{"missing required", &TicketCreated{Body: "x"}, []string{
			"helpdesk.ticket.created: parameter ticket_id: a value is required",
			"helpdesk.ticket.created: parameter subject: a value is required"}},
		{"value encoding as null", &TicketClosed{TicketID: json.RawMessage("null")}, []string{
			"helpdesk.ticket.closed: parameter ticket_id: a value is required"}},
		{"outside options", &TicketCreated{TicketID: 1, Subject: "s", Priority: "urgent"}, []string{
			`helpdesk.ticket.created: parameter priority: value "urgent" is not one of low, normal, high`}},
		{"required option missing, another outside", &TicketNoteAdded{TicketID: 1, NoteID: 2, Author: nil}, []string{
			"helpdesk.ticket.note.added: parameter channel: a value is required"}},
		{"all at once", &TicketNoteAdded{Channel: "fax"}, []string{
			"helpdesk.ticket.note.added: parameter ticket_id: a value is required",
			"helpdesk.ticket.note.added: parameter note_id: a value is required",
			`helpdesk.ticket.note.added: parameter channel: value "fax" is not one of email, web, api`}},
	}
	for _, tt := range tests {
		id, err := s.Send(context.Background(), srv.URL, tt.ev)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || id != "" {
			t.Errorf("%s: error %v and id %q, want *ValidationError and no id", tt.name, err, id)
		}
		if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: errors\n%s\nwant\n%s", tt.name, err, strings.Join(tt.want, "\n"))
		}
		if err := s.SendWithID(context.Background(), srv.URL, "msg_1", tt.ev); err == nil || !errors.As(err, &ve) {
			t.Errorf("%s: SendWithID: error %v, want *ValidationError", tt.name, err)
		}
	}
	for _, ev := range []Event{nil, nilEvent, &TicketClosed{TicketID: func() {}}} {
		if _, err := s.Send(context.Background(), srv.URL, ev); err == nil {
			t.Errorf("Send(%#v): no error", ev)
		}
	}
	for _, bad := range []string{"", "msg.1", "msg 1", "msg\n1", "é", strings.Repeat("x", 257)} {
		if err := s.SendWithID(context.Background(), srv.URL, bad, testEvent); err == nil {
			t.Errorf("SendWithID with id %q: no error", bad)
		}
	}
	for _, bad := range []string{"ftp://listener.example/", "/hooks", "http://", "http://a b/"} {
		if _, err := s.Send(context.Background(), bad, testEvent); err == nil {
			t.Errorf("Send to %q: no error", bad)
		}
	}
	if n := len(sc.taken()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

// TestSendWithIDUsesTheID: the caller's id is the webhook-id of every
// attempt.
func TestSendWithIDUsesTheID(t *testing.T) {
	sc := &script{replies: []reply{{status: 500}, {status: 200}}}
	srv := serve(t, sc)
	s, _ := testSender(t)
	if err := s.SendWithID(context.Background(), srv.URL, "outbox:17", &Pinged{}); err != nil {
		t.Fatal(err)
	}
	for _, d := range sc.taken() {
		if d.id != "outbox:17" || !strings.HasSuffix(d.body, `"data":{}}`) {
			t.Errorf("request %+v, want id outbox:17 and empty data", d)
		}
		checkSigned(t, d)
	}
}

// TestSendIDsAreUnique: Send gives every event a new id.
func TestSendIDsAreUnique(t *testing.T) {
	srv := serve(t, &script{replies: []reply{{status: 204}}})
	s, _ := testSender(t)
	seen := map[string]bool{}
	for range 200 {
		id, err := s.Send(context.Background(), srv.URL, testEvent)
		if err != nil {
			t.Fatal(err)
		}
		if seen[id] {
			t.Fatalf("id %s given twice", id)
		}
		seen[id] = true
	}
}

func TestNewEventSenderErrors(t *testing.T) {
	for _, tt := range []struct {
		secret string
		opts   []EventSenderOption
		want   string
	}{
		{"whsec_n0t@b64!!", nil, "NewEventSender: the secret is malformed"},
		{strings.TrimPrefix(testSecret1, "whsec_"), nil, "NewEventSender: the secret does not start with whsec_"},
		{testSecret1, []EventSenderOption{WithRetries(-1)}, "WithRetries"},
		{testSecret1, []EventSenderOption{WithEventHTTPClient(nil)}, "WithEventHTTPClient"},
	} {
		_, err := NewEventSender(tt.secret, tt.opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || leaks(err.Error(), tt.secret) {
			t.Errorf("NewEventSender: error %v, want one with %q and without the secret", err, tt.want)
		}
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	s, _ := testSender(t)
	var max, got []time.Duration
	s.jitter = func(n int64) int64 { return 0 }
	for n := range 10 {
		max = append(max, s.backoff(n))
	}
	s.jitter = func(n int64) int64 { return n - 1 }
	for n := range 10 {
		got = append(got, s.backoff(n))
	}
	for n := range 10 {
		want := min(eventFirstWait<<n, eventMaxWait)
		if max[n] != want || got[n] != want-want/2 {
			t.Errorf("backoff(%d) from %v to %v, want %v to %v", n, got[n], max[n], want/2, want)
		}
	}
	if d := s.backoff(1000); d < eventMaxWait/2 || d > eventMaxWait {
		t.Errorf("backoff(1000) = %v", d)
	}
}

func TestEventRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration
	}{
		{"", 0}, {"0", 0}, {" 12 ", 12 * time.Second}, {"-3", 0}, {"1.5", 0},
		{"600", 10 * time.Minute}, {"601", eventMaxRetryAfter + time.Second}, {"99999999999999999999999", eventMaxRetryAfter + time.Second},
		{"Mon, 23 Nov 2026 10:00:30 GMT", 30 * time.Second},
		{"Mon, 23 Nov 2026 09:00:00 GMT", 0},
		{"Monday, 23-Nov-26 10:01:00 GMT", time.Minute},
	} {
		if got := eventRetryAfter(tt.v, now); got != tt.want {
			t.Errorf("Retry-After %q: %v, want %v", tt.v, got, tt.want)
		}
	}
}
