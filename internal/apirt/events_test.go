package apirt

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// randomValue returns a value for an `any` parameter: strings with
// characters JSON must escape or that are not UTF-8, integers beyond
// float64's precision, floats, booleans, json.Number, objects and arrays.
func randomValue(r *rand.Rand, depth int) any {
	switch n := r.IntN(12); {
	case n < 3:
		return randomString(r)
	case n == 3:
		return r.Int64() - r.Int64()
	case n == 4:
		return uint64(math.MaxUint64) - r.Uint64N(1000)
	case n == 5:
		return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(60)-30))
	case n == 6:
		return r.IntN(2) == 0
	case n == 7:
		return json.Number(strconv.FormatUint(r.Uint64(), 10) + "12345678901234567890.5e-3")
	case n == 8 && depth < 3:
		m := map[string]any{}
		for range r.IntN(4) {
			m[randomString(r)] = randomValue(r, depth+1)
		}
		return m
	case n == 9 && depth < 3:
		a := []any{} // nil would encode as null: absent
		for range r.IntN(4) {
			a = append(a, randomValue(r, depth+1))
		}
		return a
	case n == 10:
		return ""
	}
	return int(r.Int32())
}

func randomString(r *rand.Rand) string {
	parts := []string{"a", "Zz", " ", `"`, `\`, "/", "<", ">", "&", "\u2028", "é", "票", "🎫", "\x00", "\x1f", "\t", "\n", "\xff", "\xc3", "%2F", "{", "}", "null"}
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

// randomEvent returns an event of the test's API with random values, and
// the JSON of each parameter that the receiver must hand to the handler:
// the value, or its default; "" for absent.
func randomEvent(r *rand.Rand) (Event, []string) {
	opt := func() any {
		if r.IntN(3) == 0 {
			return nil
		}
		return randomValue(r, 0)
	}
	pick := func(options ...string) string { return options[r.IntN(len(options))] }
	var ev Event
	switch r.IntN(4) {
	case 0:
		ev = &TicketCreated{TicketID: randomValue(r, 0), Subject: randomValue(r, 0), Body: opt(), Priority: TicketPriority(pick("", "low", "normal", "high"))}
	case 1:
		ev = &TicketClosed{TicketID: randomValue(r, 0)}
	case 2:
		ev = &TicketNoteAdded{TicketID: randomValue(r, 0), NoteID: randomValue(r, 0), Channel: TicketNoteChannel(pick("email", "web", "api")), Author: opt()}
	default:
		ev = &Pinged{}
	}
	params, fields := ev.eventArgs()
	want := make([]string, len(params))
	for i, f := range fields {
		var v any
		switch f := f.(type) {
		case *string:
			v = *f
			if *f == "" {
				v = params[i].def
			}
		case *any:
			v = *f
			if *f == nil && params[i].def != "" {
				v = params[i].def
			}
		}
		want[i] = canonicalJSON(v)
	}
	return ev, want
}

// canonicalJSON returns the JSON of v as encoding/json writes it after a
// round trip through its decoder, numbers kept exact: text that is not
// UTF-8 reads as U+FFFD, which is then written as itself.
func canonicalJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "error: " + err.Error()
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var w any
	if err := d.Decode(&w); err != nil {
		return "error: " + err.Error()
	}
	b, _ = json.Marshal(w)
	return string(b)
}

// handlerOf is the method of EventHandler for each event type.
var handlerOf = map[string]string{
	"helpdesk.ticket.created":    "TicketCreated",
	"helpdesk.ticket.closed":     "TicketClosed",
	"helpdesk.ticket.note.added": "TicketNoteAdded",
	"helpdesk.pinged":            "Pinged",
}

// TestEventRoundTrip sends random events with an EventSender to a receiver
// over HTTP, and checks that the handler gets each with the values sent
// (the same JSON: numbers exact, strings equal), defaults applied, and its
// id, type and timestamp. The receiver knows the sender's secret as its
// second, during a rotation.
func TestEventRoundTrip(t *testing.T) {
	rec := &recorder{}
	srv := newTestReceiver(t, rec, []string{testSecret2, testSecret1})
	s, err := NewEventSender(testSecret1)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(13, 1))
	for i := range 300 {
		ev, want := randomEvent(r)
		before := time.Now().Truncate(time.Second)
		id, err := s.Send(context.Background(), srv.URL, ev)
		if err != nil {
			t.Fatalf("event %d %#v: %v", i, ev, err)
		}
		calls := rec.taken()
		if len(calls) != i+1 {
			t.Fatalf("event %d: %d calls", i, len(calls))
		}
		c := calls[i]
		if c.meta.ID != id || c.meta.Type != ev.EventType() || c.meta.Timestamp.Before(before) || c.meta.Timestamp.After(time.Now()) {
			t.Errorf("event %d: meta %+v; want id %s, type %s, now", i, c.meta, id, ev.EventType())
		}
		if c.method != handlerOf[ev.EventType()] {
			t.Errorf("event %d: %s handled by %s", i, ev.EventType(), c.method)
		}
		_, fields := c.ev.eventArgs()
		for j, f := range fields {
			var v any
			switch f := f.(type) {
			case *string:
				v = *f
			case *any:
				v = *f
				if _, isFloat := v.(float64); isFloat {
					t.Errorf("event %d: parameter %d decoded as float64, not json.Number", i, j)
				}
			}
			if got := canonicalJSON(v); got != want[j] {
				t.Errorf("event %d (%s) parameter %d: handler got %s, want %s", i, ev.EventType(), j, got, want[j])
			}
		}
	}
}

// TestEventsConcurrently: one sender and one receiver serve many events at
// once (run with -race), each reaching the handler once with its own id.
func TestEventsConcurrently(t *testing.T) {
	rec := &recorder{}
	srv := newTestReceiver(t, rec, []string{testSecret1})
	s, err := NewEventSender(testSecret1)
	if err != nil {
		t.Fatal(err)
	}
	const n = 64
	ids := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := s.Send(context.Background(), srv.URL, &TicketClosed{TicketID: i})
			if err != nil {
				t.Error(err)
			}
			ids <- id
		}()
	}
	wg.Wait()
	close(ids)
	got := map[string]string{}
	for _, c := range rec.taken() {
		got[c.meta.ID] = canonicalJSON(c.ev.(*TicketClosed).TicketID)
	}
	if len(got) != n {
		t.Errorf("%d events handled, want %d", len(got), n)
	}
	values := map[string]bool{}
	for id := range ids {
		if _, ok := got[id]; !ok {
			t.Errorf("event %s was not handled", id)
		}
		values[got[id]] = true
	}
	if len(values) != n {
		t.Errorf("%d different values handled, want %d", len(values), n)
	}
}

// TestEventSecretRotation: during a rotation the receiver has both
// secrets, and events signed with either are accepted; a third is not.
func TestEventSecretRotation(t *testing.T) {
	rec := &recorder{}
	srv := newTestReceiver(t, rec, []string{testSecret2, testSecret1})
	for _, tt := range []struct {
		secret string
		ok     bool
	}{{testSecret1, true}, {testSecret2, true}, {testSecret3, false}} {
		s, err := NewEventSender(tt.secret, WithRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Send(context.Background(), srv.URL, testEvent)
		if (err == nil) != tt.ok {
			t.Errorf("sent with secret %s...: %v", tt.secret[:10], err)
		}
	}
	if n := len(rec.taken()); n != 2 {
		t.Errorf("%d events handled, want 2", n)
	}
}

// nopWriter is a ResponseWriter that keeps only the status.
type nopWriter struct {
	h      http.Header
	status int
}

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(status int)      { w.status = status }

// receiveBench prepares a delivery of body to a receiver of the test's API
// whose handler does nothing, and returns a function that serves it once.
func receiveBench(t testing.TB, body string) (serve func(), w *nopWriter) {
	rc := NewEventReceiver(UnimplementedEventHandler{}, []string{testSecret1}).(*eventReceiver)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	rc.now = func() time.Time { return now }
	req := httptest.NewRequest("POST", "/hooks", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Webhook-Id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")
	req.Header.Set("Webhook-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("Webhook-Signature", specSign(testSecret1, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now.Unix(), body))
	req.ContentLength = int64(len(body))
	rd := bytes.NewReader(nil)
	req.Body = io.NopCloser(rd)
	w = &nopWriter{h: http.Header{}}
	b := []byte(body)
	return func() {
		rd.Reset(b)
		w.status = 0
		rc.ServeHTTP(w, req)
	}, w
}

// smallEvent is a typical event: a number, two strings and an option.
const smallEvent = `{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":4217,"subject":"Printer on fire","body":"Third floor, next to the kitchen.","priority":"high"}}`

// kibEvent is an event of 1 KiB.
var kibEvent = func() string {
	head, tail := `{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":4217,"subject":"Printer on fire","priority":"high","body":"`, `"}}`
	return head + strings.Repeat("All work and no play. ", 50)[:1024-len(head)-len(tail)] + tail
}()

// TestReceiverAllocations protects the receiver's cost per delivery:
// reading, verifying, decoding, validating and dispatching an event with
// four parameters takes at most 20 allocations (the target of issue 13).
func TestReceiverAllocations(t *testing.T) {
	for _, body := range []string{smallEvent, kibEvent} {
		serve, w := receiveBench(t, body)
		serve()
		if w.status != 204 {
			t.Fatalf("status %d", w.status)
		}
		allocs := testing.AllocsPerRun(200, serve)
		t.Logf("%d-byte event: %.0f allocations per delivery", len(body), allocs)
		if allocs > 20 {
			t.Errorf("%d-byte event: %.0f allocations per delivery, want at most 20", len(body), allocs)
		}
	}
}

func BenchmarkWebhookSign1KiB(b *testing.B) {
	k, _ := parseWebhookSecret(testSecret1, "s")
	content := append(webhookContent(nil, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231), kibEvent...)
	dst := make([]byte, 0, 64)
	b.ReportAllocs()
	b.SetBytes(int64(len(kibEvent)))
	for b.Loop() {
		dst = k.sign(dst[:0], content)
	}
}

func BenchmarkWebhookVerify1KiB(b *testing.B) {
	k, _ := parseWebhookSecret(testSecret1, "s")
	content := append(webhookContent(nil, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231), kibEvent...)
	sig := string(k.sign(nil, content))
	keys := []*webhookKey{k}
	b.ReportAllocs()
	b.SetBytes(int64(len(kibEvent)))
	for b.Loop() {
		if !webhookVerify(keys, sig, content) {
			b.Fatal("no match")
		}
	}
}

// BenchmarkEventReceive measures a receiver's whole work per delivery but
// HTTP: headers, tolerance, reading the body, verifying, decoding,
// validating, and calling a handler that does nothing.
func BenchmarkEventReceive(b *testing.B) {
	for _, bc := range []struct{ name, body string }{{"small", smallEvent}, {"1KiB", kibEvent}} {
		b.Run(bc.name, func(b *testing.B) {
			serve, w := receiveBench(b, bc.body)
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				serve()
			}
			if w.status != 204 {
				b.Fatalf("status %d", w.status)
			}
		})
	}
}

// BenchmarkEventEncode measures the sender's validation and encoding of
// a typical event.
func BenchmarkEventEncode(b *testing.B) {
	ev := &TicketCreated{TicketID: 4217, Subject: "Printer on fire", Body: "Third floor, next to the kitchen.", Priority: TicketPriorityHigh}
	ts := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var dst []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = appendEventBody(dst[:0], ev, ts); err != nil {
			b.Fatal(err)
		}
	}
}
