package apirt

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an EventHandler that records its calls.
type recorder struct {
	mu    sync.Mutex
	calls []call
	err   error // returned by every method
	panic any   // when not nil, every method panics with it
}

type call struct {
	method string
	ev     Event
	meta   EventMeta
}

func (r *recorder) record(method string, ev Event, meta EventMeta) error {
	r.mu.Lock()
	r.calls = append(r.calls, call{method, ev, meta})
	r.mu.Unlock()
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

func (r *recorder) TicketCreated(_ context.Context, ev *TicketCreated, meta EventMeta) error {
	return r.record("TicketCreated", ev, meta)
}

func (r *recorder) TicketClosed(_ context.Context, ev *TicketClosed, meta EventMeta) error {
	return r.record("TicketClosed", ev, meta)
}

func (r *recorder) TicketNoteAdded(_ context.Context, ev *TicketNoteAdded, meta EventMeta) error {
	return r.record("TicketNoteAdded", ev, meta)
}

func (r *recorder) Pinged(_ context.Context, ev *Pinged, meta EventMeta) error {
	return r.record("Pinged", ev, meta)
}

func (r *recorder) taken() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

// rawResponse is what a receiver answered to a request written byte by byte.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// rawRequest sends the request text req (without Host, Content-Length and
// Connection, which it adds, unless req has its own Transfer-Encoding) to
// srv over a new connection and reads the response.
func rawRequest(t *testing.T, srv *httptest.Server, head []string, body string) rawResponse {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	b.WriteString(head[0] + "\r\nHost: listener.example\r\nConnection: close\r\n")
	chunked := false
	for _, h := range head[1:] {
		b.WriteString(h + "\r\n")
		chunked = chunked || strings.HasPrefix(h, "Transfer-Encoding:")
	}
	if chunked {
		fmt.Fprintf(&b, "\r\n%x\r\n%s\r\n0\r\n\r\n", len(body), body)
	} else {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{resp.StatusCode, resp.Header, data}
}

// signedHead returns the request line and the headers of a delivery of body
// with id at ts, signed with secret by the test's own implementation of the
// specification.
func signedHead(secret, id string, ts int64, body string) []string {
	return []string{
		"POST /hooks HTTP/1.1",
		"Content-Type: application/json",
		"webhook-id: " + id,
		"webhook-timestamp: " + strconv.FormatInt(ts, 10),
		"webhook-signature: " + specSign(secret, id, ts, body),
	}
}

// newTestReceiver serves a receiver of the test's helpdesk events.
func newTestReceiver(t *testing.T, h EventHandler, secrets []string, opts ...EventReceiverOption) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewEventReceiver(h, secrets, opts...))
	t.Cleanup(srv.Close)
	return srv
}

const createdBody = `{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":42,"subject":"Printer on fire","priority":"high"}}`

// TestReceiverAcceptsIndependentlySignedDelivery is the interoperability
// test on the receiving side: a delivery signed by the specification's
// scheme as the test implements it, with the secret listed second, is
// accepted and decoded.
func TestReceiverAcceptsIndependentlySignedDelivery(t *testing.T) {
	rec := &recorder{}
	srv := newTestReceiver(t, rec, []string{testSecret2, testSecret1})
	now := time.Now().Unix()
	resp := rawRequest(t, srv, signedHead(testSecret1, "msg_interop_1", now, createdBody), createdBody)
	if resp.status != http.StatusNoContent {
		t.Fatalf("status %d %s, want 204", resp.status, resp.body)
	}
	calls := rec.taken()
	if len(calls) != 1 || calls[0].method != "TicketCreated" {
		t.Fatalf("calls = %+v, want one of TicketCreated", calls)
	}
	ev := calls[0].ev.(*TicketCreated)
	want := &TicketCreated{TicketID: json.Number("42"), Subject: "Printer on fire", Priority: TicketPriorityHigh}
	if fmt.Sprintf("%#v", ev) != fmt.Sprintf("%#v", want) {
		t.Errorf("event = %#v, want %#v", ev, want)
	}
	wantMeta := EventMeta{ID: "msg_interop_1", Timestamp: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Type: "helpdesk.ticket.created"}
	if m := calls[0].meta; m.ID != wantMeta.ID || !m.Timestamp.Equal(wantMeta.Timestamp) || m.Type != wantMeta.Type {
		t.Errorf("meta = %+v, want %+v", m, wantMeta)
	}
}

// TestReceiverAppliesDefaults: absent optional parameters get their
// defaults, and null is absent.
func TestReceiverAppliesDefaults(t *testing.T) {
	rec := &recorder{}
	srv := newTestReceiver(t, rec, []string{testSecret1})
	body := `{"type":"helpdesk.ticket.note.added","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":"7","note_id":1e400,"channel":"web","author":null,"unknown":[1,2]}}`
	resp := rawRequest(t, srv, signedHead(testSecret1, "msg_2", time.Now().Unix(), body), body)
	if resp.status != http.StatusNoContent {
		t.Fatalf("status %d %s, want 204", resp.status, resp.body)
	}
	calls := rec.taken()
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	want := &TicketNoteAdded{TicketID: "7", NoteID: json.Number("1e400"), Channel: TicketNoteChannelWeb, Author: "anonymous"}
	if got := calls[0].ev; fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Errorf("event = %#v, want %#v", got, want)
	}
}

// TestReceiverRejects checks each reason to reject a delivery: the status,
// the problem document, and that the handler is not called.
func TestReceiverRejects(t *testing.T) {
	now := time.Now().Unix()
	sign := func(body string) []string { return signedHead(testSecret1, "msg_reject", now, body) }
	without := func(head []string, name string) []string {
		var out []string
		for _, h := range head {
			if !strings.HasPrefix(h, name+":") {
				out = append(out, h)
			}
		}
		return out
	}
	with := func(head []string, name, value string) []string {
		return append(without(head, name), name+": "+value)
	}
	tampered := strings.Replace(createdBody, "42", "43", 1)
	big := `{"type":"helpdesk.ticket.closed","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":"` + strings.Repeat("x", 200) + `"}}`
	tests := []struct {
		name   string
		head   []string
		body   string
		status int
		detail string   // in the problem document
		errors []string // "name: detail" of each invalid parameter listed
	}{
		{name: "tampered body", head: sign(createdBody), body: tampered, status: 401, detail: "no signature"},
		{name: "wrong secret", head: signedHead(testSecret3, "msg_reject", now, createdBody), body: createdBody, status: 401, detail: "no signature"},
		{name: "signature of another id", head: with(sign(createdBody), "webhook-id", "msg_other"), body: createdBody, status: 401, detail: "no signature"},
		{name: "signature of another timestamp", head: with(sign(createdBody), "webhook-timestamp", strconv.FormatInt(now-1, 10)), body: createdBody, status: 401, detail: "no signature"},
		{name: "no webhook-id", head: without(sign(createdBody), "webhook-id"), body: createdBody, status: 401, detail: "needs one webhook-id"},
		{name: "no webhook-timestamp", head: without(sign(createdBody), "webhook-timestamp"), body: createdBody, status: 401, detail: "needs one webhook-id"},
		{name: "no webhook-signature", head: without(sign(createdBody), "webhook-signature"), body: createdBody, status: 401, detail: "needs one webhook-id"},
		{name: "two webhook-ids", head: append(sign(createdBody), "webhook-id: msg_reject"), body: createdBody, status: 401, detail: "needs one webhook-id"},
		{name: "id with a dot", head: signedHead(testSecret1, "msg.1", now, createdBody), body: createdBody, status: 401, detail: "webhook-id header is not"},
		{name: "timestamp not a number", head: with(sign(createdBody), "webhook-timestamp", "17e8"), body: createdBody, status: 401, detail: "not a number of seconds"},
		{name: "negative timestamp", head: with(sign(createdBody), "webhook-timestamp", "-5"), body: createdBody, status: 401, detail: "not a number of seconds"},
		{name: "signature without version", head: with(sign(createdBody), "webhook-signature", strings.TrimPrefix(specSign(testSecret1, "msg_reject", now, createdBody), "v1,")), body: createdBody, status: 401, detail: "no signature"},
		{name: "signature not base64", head: with(sign(createdBody), "webhook-signature", "v1,!!!!"), body: createdBody, status: 401, detail: "no signature"},
		{name: "timestamp too old", head: signedHead(testSecret1, "msg_reject", now-301, createdBody), body: createdBody, status: 401, detail: "further from the receiver's clock"},
		{name: "timestamp too new", head: signedHead(testSecret1, "msg_reject", now+301, createdBody), body: createdBody, status: 401, detail: "further from the receiver's clock"},
		{name: "body over the limit", head: sign(big), body: big, status: 413, detail: "larger than 200 bytes"},
		{name: "body over the limit, chunked", head: append(sign(big), "Transfer-Encoding: chunked"), body: big, status: 413, detail: "larger than 200 bytes"},
		{name: "GET", head: append([]string{"GET /hooks HTTP/1.1"}, sign(createdBody)[1:]...), body: createdBody, status: 405, detail: "POST"},
		{name: "not JSON", head: sign(`{"type":`), body: `{"type":`, status: 400, detail: "not valid JSON"},
		{name: "not an object", head: sign(`["helpdesk.ticket.closed"]`), body: `["helpdesk.ticket.closed"]`, status: 400, detail: "not a JSON object"},
		{name: "no type", head: sign(`{"timestamp":"2026-11-23T10:00:00Z","data":{}}`), body: `{"timestamp":"2026-11-23T10:00:00Z","data":{}}`, status: 400, detail: `no string member "type"`},
		{name: "type not a string", head: sign(`{"type":7,"timestamp":"2026-11-23T10:00:00Z"}`), body: `{"type":7,"timestamp":"2026-11-23T10:00:00Z"}`, status: 400, detail: `no string member "type"`},
		{name: "no timestamp", head: sign(`{"type":"helpdesk.pinged"}`), body: `{"type":"helpdesk.pinged"}`, status: 400, detail: `no string member "timestamp"`},
		{name: "timestamp not RFC 3339", head: sign(`{"type":"helpdesk.pinged","timestamp":"23/11/2026"}`), body: `{"type":"helpdesk.pinged","timestamp":"23/11/2026"}`, status: 400, detail: "RFC 3339"},
		{name: "data not an object", head: sign(`{"type":"helpdesk.pinged","timestamp":"2026-11-23T10:00:00Z","data":"x"}`), body: `{"type":"helpdesk.pinged","timestamp":"2026-11-23T10:00:00Z","data":"x"}`, status: 400, detail: `"data" is not a JSON object`},
		{
			name:   "invalid data: every failing parameter",
			head:   sign(`{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"subject":null,"priority":"urgent"}}`),
			body:   `{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"subject":null,"priority":"urgent"}}`,
			status: 400, detail: "the data of event helpdesk.ticket.created is invalid",
			errors: []string{"ticket_id: a value is required", "subject: a value is required", `priority: value "urgent" is not one of low, normal, high`},
		},
		{
			name:   "invalid data: an option that is not a string",
			head:   sign(`{"type":"helpdesk.ticket.note.added","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":1,"note_id":2,"channel":5}}`),
			body:   `{"type":"helpdesk.ticket.note.added","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":1,"note_id":2,"channel":5}}`,
			status: 400, detail: "the data of event helpdesk.ticket.note.added is invalid",
			errors: []string{"channel: value 5 is not one of email, web, api"},
		},
		{
			name:   "invalid data: a missing required option, and no data",
			head:   sign(`{"type":"helpdesk.ticket.note.added","timestamp":"2026-11-23T10:00:00Z"}`),
			body:   `{"type":"helpdesk.ticket.note.added","timestamp":"2026-11-23T10:00:00Z"}`,
			status: 400, detail: "the data of event helpdesk.ticket.note.added is invalid",
			errors: []string{"ticket_id: a value is required", "note_id: a value is required", "channel: a value is required"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			srv := newTestReceiver(t, rec, []string{testSecret2, testSecret1}, WithMaxEventBytes(200))
			resp := rawRequest(t, srv, tt.head, tt.body)
			if resp.status != tt.status {
				t.Fatalf("status %d %s, want %d", resp.status, resp.body, tt.status)
			}
			if n := len(rec.taken()); n != 0 {
				t.Errorf("the handler was called %d times", n)
			}
			checkProblem(t, resp, tt.status, tt.detail, tt.errors)
			if tt.status == 405 && resp.header.Get("Allow") != "POST" {
				t.Errorf("Allow = %q, want POST", resp.header.Get("Allow"))
			}
		})
	}
}

// checkProblem checks that resp is an RFC 9457 problem document with
// status, a detail containing detail, and exactly the listed errors.
func checkProblem(t *testing.T, resp rawResponse, status int, detail string, errs []string) {
	t.Helper()
	if ct := resp.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var p struct {
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
	if err := json.Unmarshal(resp.body, &p); err != nil {
		t.Fatalf("problem document %s: %v", resp.body, err)
	}
	if p.Type != "about:blank" || p.Title != http.StatusText(status) || p.Status != status || !strings.Contains(p.Detail, detail) {
		t.Errorf("problem document %s: want about:blank, %q, %d and a detail containing %q", resp.body, http.StatusText(status), status, detail)
	}
	var got []string
	for _, e := range p.Errors {
		if e.In != "body" {
			t.Errorf("error %+v: in = %q, want body", e, e.In)
		}
		got = append(got, e.Name+": "+e.Detail)
	}
	if strings.Join(got, "\n") != strings.Join(errs, "\n") {
		t.Errorf("errors listed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(errs, "\n"))
	}
}

// TestReceiverToleranceBoundary: a timestamp just inside the tolerance, set
// with WithTolerance, is accepted; just outside it is not.
func TestReceiverToleranceBoundary(t *testing.T) {
	now := time.Now().Unix()
	for _, tt := range []struct {
		ts     int64
		status int
	}{{now - 55, 204}, {now + 55, 204}, {now - 65, 401}, {now + 65, 401}} {
		rec := &recorder{}
		srv := newTestReceiver(t, rec, []string{testSecret1}, WithTolerance(time.Minute))
		resp := rawRequest(t, srv, signedHead(testSecret1, "msg_t", tt.ts, createdBody), createdBody)
		if resp.status != tt.status || (len(rec.taken()) == 1) != (tt.status == 204) {
			t.Errorf("timestamp now%+d: status %d, %d calls; want %d", tt.ts-now, resp.status, len(rec.taken()), tt.status)
		}
	}
}

// TestReceiverBodyAtTheLimit: a body of exactly the limit is read whole.
func TestReceiverBodyAtTheLimit(t *testing.T) {
	head, tail := `{"type":"helpdesk.ticket.closed","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":"`, `"}}`
	body := head + strings.Repeat("y", 300-len(head)-len(tail)) + tail
	if len(body) != 300 {
		t.Fatalf("body of %d bytes", len(body))
	}
	for _, limit := range []int64{300, 299} {
		rec := &recorder{}
		srv := newTestReceiver(t, rec, []string{testSecret1}, WithMaxEventBytes(limit))
		for _, chunked := range []bool{false, true} {
			head := signedHead(testSecret1, "msg_l", time.Now().Unix(), body)
			if chunked {
				head = append(head, "Transfer-Encoding: chunked")
			}
			want := 204
			if limit < 300 {
				want = 413
			}
			if resp := rawRequest(t, srv, head, body); resp.status != want {
				t.Errorf("limit %d, chunked %v: status %d, want %d", limit, chunked, resp.status, want)
			}
		}
	}
}

// TestReceiverDropsSeenIDs: with WithSeen, a delivery whose id has been
// seen is acknowledged without calling the handler; others are handled.
func TestReceiverDropsSeenIDs(t *testing.T) {
	rec := &recorder{}
	var asked []string
	seen := func(ctx context.Context, id string) bool {
		asked = append(asked, id)
		return id == "msg_dup"
	}
	srv := newTestReceiver(t, rec, []string{testSecret1}, WithSeen(seen))
	now := time.Now().Unix()
	for _, id := range []string{"msg_dup", "msg_new"} {
		if resp := rawRequest(t, srv, signedHead(testSecret1, id, now, createdBody), createdBody); resp.status != 204 {
			t.Errorf("%s: status %d, want 204", id, resp.status)
		}
	}
	calls := rec.taken()
	if len(calls) != 1 || calls[0].meta.ID != "msg_new" {
		t.Errorf("calls = %+v, want only msg_new", calls)
	}
	if strings.Join(asked, ",") != "msg_dup,msg_new" {
		t.Errorf("seen was asked about %v", asked)
	}
	// A delivery that fails verification never reaches seen.
	asked = nil
	rawRequest(t, srv, signedHead(testSecret3, "msg_forged", now, createdBody), createdBody)
	if asked != nil {
		t.Errorf("seen was asked about %v for a forged delivery", asked)
	}
}

// TestReceiverAcknowledgesUnknownTypes: an event type the package does not
// know gets 204, so that the owner can add events.
func TestReceiverAcknowledgesUnknownTypes(t *testing.T) {
	rec := &recorder{}
	srv := newTestReceiver(t, rec, []string{testSecret1})
	body := `{"type":"helpdesk.ticket.reopened","timestamp":"2026-11-23T10:00:00Z","data":{"anything":[true]}}`
	if resp := rawRequest(t, srv, signedHead(testSecret1, "msg_u", time.Now().Unix(), body), body); resp.status != 204 {
		t.Errorf("status %d %s, want 204", resp.status, resp.body)
	}
	if len(rec.taken()) != 0 {
		t.Error("the handler was called")
	}
}

// TestReceiverHandlerFailureIs500: a handler's error or panic is a 500
// whose problem document does not show the error's text.
// The failure goes to the log, with the event's type and id.
func TestReceiverHandlerFailureIs500(t *testing.T) {
	var logged strings.Builder
	var mu sync.Mutex
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(lockedWriter{&mu, &logged}, nil)))
	for _, rec := range []*recorder{{err: errors.New("database password hunter2 rejected")}, {panic: "the handler's own panic"}} {
		srv := newTestReceiver(t, rec, []string{testSecret1})
		resp := rawRequest(t, srv, signedHead(testSecret1, "msg_e", time.Now().Unix(), createdBody), createdBody)
		if resp.status != 500 {
			t.Errorf("status %d, want 500", resp.status)
		}
		checkProblem(t, resp, 500, "not handled", nil)
		if strings.Contains(string(resp.body), "hunter2") {
			t.Errorf("the reply shows the handler's error: %s", resp.body)
		}
		if strings.Contains(string(resp.body), "panic") {
			t.Errorf("the reply shows the handler's panic: %s", resp.body)
		}
		if len(rec.taken()) != 1 {
			t.Errorf("%d calls, want 1", len(rec.taken()))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{
		`level=ERROR msg="event handler failed" type=helpdesk.ticket.created id=msg_e error="database password hunter2 rejected"`,
		`level=ERROR msg="event handler failed" type=helpdesk.ticket.created id=msg_e error="panic: the handler's own panic"`,
	} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("the log:\n%s\nwant a line with %s", logged.String(), want)
		}
	}
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// TestUnimplementedEventHandlerAcknowledges: the embeddable handler accepts
// every event.
func TestUnimplementedEventHandlerAcknowledges(t *testing.T) {
	srv := newTestReceiver(t, UnimplementedEventHandler{}, []string{testSecret1})
	for _, body := range []string{createdBody, `{"type":"helpdesk.pinged","timestamp":"2026-11-23T10:00:00Z"}`} {
		if resp := rawRequest(t, srv, signedHead(testSecret1, "msg_x", time.Now().Unix(), body), body); resp.status != 204 {
			t.Errorf("%s: status %d, want 204", body, resp.status)
		}
	}
}

// TestNewEventReceiverPanicsWithoutShowingSecrets: configuration errors
// are panics whose messages name the secret by position only.
func TestNewEventReceiverPanicsWithoutShowingSecrets(t *testing.T) {
	bad := "whsec_c2hvcnQ=" // base64 of "short"
	tests := []struct {
		name    string
		h       EventHandler
		secrets []string
		opts    []EventReceiverOption
		want    string
	}{
		{"nil handler", nil, []string{testSecret1}, nil, "the handler is nil"},
		{"no secrets", &recorder{}, nil, nil, "no secrets"},
		{"malformed second secret", &recorder{}, []string{testSecret1, bad}, nil, "secret 2 of 2 has a key of the wrong size"},
		{"secret without prefix", &recorder{}, []string{strings.TrimPrefix(testSecret1, "whsec_")}, nil, "secret 1 of 1 does not start with whsec_"},
		{"zero limit", &recorder{}, []string{testSecret1}, []EventReceiverOption{WithMaxEventBytes(0)}, "WithMaxEventBytes"},
		{"negative tolerance", &recorder{}, []string{testSecret1}, []EventReceiverOption{WithTolerance(-time.Second)}, "WithTolerance"},
		{"nil seen", &recorder{}, []string{testSecret1}, []EventReceiverOption{WithSeen(nil)}, "WithSeen"},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				p := recover()
				msg, _ := p.(string)
				if !strings.HasPrefix(msg, "NewEventReceiver: ") || !strings.Contains(msg, tt.want) {
					t.Errorf("%s: panic %v, want one saying %q", tt.name, p, tt.want)
				}
				for _, s := range tt.secrets {
					if leaks(msg, s) {
						t.Errorf("%s: the panic shows a secret: %s", tt.name, msg)
					}
				}
			}()
			NewEventReceiver(tt.h, tt.secrets, tt.opts...)
		}()
	}
}
