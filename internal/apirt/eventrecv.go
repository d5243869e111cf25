package apirt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// EventReceiverOption configures the receiver of NewEventReceiver.
type EventReceiverOption func(*eventReceiver) error

// WithMaxEventBytes sets the largest body the receiver reads; a larger one
// gets 413. The default is 1 MiB.
func WithMaxEventBytes(n int64) EventReceiverOption {
	return func(rc *eventReceiver) error {
		if n <= 0 {
			return errors.New("WithMaxEventBytes: the limit must be positive")
		}
		rc.maxBytes = n
		return nil
	}
}

// WithTolerance sets how far the webhook-timestamp of a delivery may be from
// the receiver's clock, before or after; beyond, the delivery gets 401. The
// default is 5 minutes.
func WithTolerance(d time.Duration) EventReceiverOption {
	return func(rc *eventReceiver) error {
		if d <= 0 {
			return errors.New("WithTolerance: the tolerance must be positive")
		}
		rc.tolerance = d
		return nil
	}
}

// WithSeen has the receiver call seen with the id of each verified delivery
// of a known event type, before decoding it: when seen reports true, the
// delivery is acknowledged (204) without calling the handler. seen should
// report whether an event with this id was handled successfully; record
// the id (EventMeta.ID) when the handler succeeds, not in seen, since a
// delivery whose handler fails is delivered again.
func WithSeen(seen func(ctx context.Context, id string) bool) EventReceiverOption {
	return func(rc *eventReceiver) error {
		if seen == nil {
			return errors.New("WithSeen: the function is nil")
		}
		rc.seen = seen
		return nil
	}
}

// eventReceiver is the http.Handler of NewEventReceiver.
type eventReceiver struct {
	keys      []*webhookKey
	maxBytes  int64
	tolerance time.Duration
	seen      func(ctx context.Context, id string) bool
	newEvent  func(typ []byte) Event
	handle    func(ctx context.Context, ev Event, meta EventMeta) error
	now       func() time.Time // for tests
	bufs      sync.Pool        // of *[]byte, for bodies
}

// newEventReceiver returns the receiver of NewEventReceiver: newEvent
// returns a new event of a type, or nil for an unknown type, and handle
// passes an event to the user's handler. Invalid secrets or options are
// programming errors: it panics, with a message that never contains a
// secret.
//
// The receiver answers deliveries (POST) only, 405 otherwise. It checks, in
// this order, and replies with a problem document when a check fails:
//   - the headers webhook-id, webhook-timestamp and webhook-signature, each
//     present once and well formed (401);
//   - the timestamp, at most the tolerance away from now (401);
//   - the body's size, at most the limit (413);
//   - that a signature of the header, over the raw bytes of the body, is the
//     signature with one of the secrets, compared in constant time (401);
//   - the body: a JSON object with a string "type", a "timestamp" in RFC
//     3339 form and an object "data" (400).
//
// An unknown event type is then acknowledged (204) and ignored, so that the
// owner can add events; so is an id that the WithSeen function has seen.
// The data is decoded into the event, numbers kept exact as json.Number,
// defaults are applied and every parameter validated as the sender does (400
// listing every failing parameter). A handler's error or panic is a 500 (the
// sender retries), logged with log/slog; success is a 204.
func newEventReceiver(secrets []string, opts []EventReceiverOption, newEvent func([]byte) Event, handle func(context.Context, Event, EventMeta) error) *eventReceiver {
	if len(secrets) == 0 {
		panic("NewEventReceiver: no secrets: pass at least one")
	}
	rc := &eventReceiver{maxBytes: 1 << 20, tolerance: 5 * time.Minute, newEvent: newEvent, handle: handle, now: time.Now}
	for i, s := range secrets {
		k, err := parseWebhookSecret(s, "secret "+strconv.Itoa(i+1)+" of "+strconv.Itoa(len(secrets)))
		if err != nil {
			panic("NewEventReceiver: " + err.Error())
		}
		rc.keys = append(rc.keys, k)
	}
	for _, opt := range opts {
		if err := opt(rc); err != nil {
			panic("NewEventReceiver: " + err.Error())
		}
	}
	return rc
}

func (rc *eventReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeEventProblem(w, http.StatusMethodNotAllowed, "events are delivered with POST", nil)
		return
	}
	ids, tss, sigs := r.Header["Webhook-Id"], r.Header["Webhook-Timestamp"], r.Header["Webhook-Signature"]
	if len(ids) != 1 || len(tss) != 1 || len(sigs) == 0 {
		writeEventProblem(w, http.StatusUnauthorized, "a delivery needs one webhook-id, one webhook-timestamp and a webhook-signature header", nil)
		return
	}
	id := ids[0]
	if !eventIDValid(id) {
		writeEventProblem(w, http.StatusUnauthorized, "the webhook-id header is not 1 to 256 visible ASCII characters other than '.'", nil)
		return
	}
	ts, ok := eventUnixSeconds(tss[0])
	if !ok {
		writeEventProblem(w, http.StatusUnauthorized, "the webhook-timestamp header is not a number of seconds", nil)
		return
	}
	now := rc.now().Unix()
	if tol := int64(rc.tolerance / time.Second); ts < now-tol || ts > now+tol {
		writeEventProblem(w, http.StatusUnauthorized, "the webhook-timestamp header is further from the receiver's clock than it accepts", nil)
		return
	}
	if r.ContentLength > rc.maxBytes {
		writeEventProblem(w, http.StatusRequestEntityTooLarge, "the body is larger than "+strconv.FormatInt(rc.maxBytes, 10)+" bytes", nil)
		return
	}
	bp, _ := rc.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer func() {
		if cap(*bp) <= 64<<10 {
			rc.bufs.Put(bp)
		}
	}()
	// The signed content is the id, the timestamp and the body, joined by
	// '.': the body is read after the first two, and verified in one piece.
	content := webhookContent((*bp)[:0], id, ts)
	n := len(content)
	content, tooLarge, err := eventReadBody(content, r.Body, r.ContentLength, rc.maxBytes)
	*bp = content
	switch {
	case tooLarge:
		writeEventProblem(w, http.StatusRequestEntityTooLarge, "the body is larger than "+strconv.FormatInt(rc.maxBytes, 10)+" bytes", nil)
		return
	case err != nil:
		writeEventProblem(w, http.StatusBadRequest, "reading the body failed", nil)
		return
	}
	ok = false
	for _, sig := range sigs {
		ok = webhookVerify(rc.keys, sig, content) || ok
	}
	if !ok {
		writeEventProblem(w, http.StatusUnauthorized, "no signature of the webhook-signature header matches", nil)
		return
	}
	rc.deliver(w, r, id, content[n:])
}

// deliver decodes a verified body and passes the event to the handler.
func (rc *eventReceiver) deliver(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	env, err := parseEventEnvelope(body)
	if err != nil {
		writeEventProblem(w, http.StatusBadRequest, err.Error(), nil)
		return
	}
	ev := rc.newEvent(env.typ)
	if ev == nil {
		w.WriteHeader(http.StatusNoContent) // an event this package does not know yet
		return
	}
	meta := EventMeta{ID: id, Timestamp: env.time, Type: ev.EventType()}
	ctx := r.Context()
	if rc.seen != nil && rc.seen(ctx, id) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if err := decodeEventData(ev, env.data); err != nil {
		writeEventProblem(w, http.StatusBadRequest, "the data of event "+meta.Type+" is invalid", err)
		return
	}
	if err := rc.call(ctx, ev, meta); err != nil {
		slog.ErrorContext(ctx, "event handler failed", "type", meta.Type, "id", meta.ID, "error", err)
		writeEventProblem(w, http.StatusInternalServerError, "the event was not handled", nil)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// call calls the handler, turning a panic into an error; it lets the
// panic of http.ErrAbortHandler through, which aborts the reply.
func (rc *eventReceiver) call(ctx context.Context, ev Event, meta EventMeta) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return rc.handle(ctx, ev, meta)
}

// eventUnixSeconds parses a webhook-timestamp: 1 to 18 decimal digits.
func eventUnixSeconds(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// eventReadBody appends the body read from r to b and reports whether it is
// longer than limit. size is the request's Content-Length, -1 if unknown.
func eventReadBody(b []byte, r io.Reader, size, limit int64) ([]byte, bool, error) {
	start := len(b)
	need := 512
	if size >= 0 {
		need = int(size) + 1 // room to see the end
	}
	if cap(b)-len(b) < need {
		nb := make([]byte, len(b), len(b)+need)
		copy(nb, b)
		b = nb
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)-start) > limit {
			return b, true, nil
		}
		if err == io.EOF {
			return b, false, nil
		}
		if err != nil {
			return b, false, err
		}
	}
}

// writeEventProblem replies with status and a problem document saying
// detail, listing the *ValidationError values that err is made of (one,
// or several joined) as errors of body parameters.
func writeEventProblem(w http.ResponseWriter, status int, detail string, err error) {
	p := problem{Type: "about:blank", Status: status, Detail: detail}
	for _, ve := range validationErrors(err) {
		p.Errors = append(p.Errors, problemError{Name: ve.Param, In: "body", Detail: ve.Reason})
	}
	writeProblem(w, &p, nil, false)
}
