package apirt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// EventSender delivers the events of the API to listeners, signed with the
// owner's secret. Make one with NewEventSender; it is safe for concurrent
// use. It does not queue: each Send delivers one event to one URL and
// returns when the delivery has succeeded or the sender has given up.
type EventSender struct {
	key     *webhookKey
	client  *http.Client // a copy of the user's, which does not follow redirects
	retries int

	// For tests: the clock, the wait between attempts, and the jitter, a
	// random duration in [0, n).
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(n int64) int64
}

// EventSenderOption configures an EventSender; pass options to
// NewEventSender.
type EventSenderOption func(*EventSender) error

// WithEventHTTPClient sends events with hc instead of a client with a
// timeout of 30 seconds per attempt. The sender uses a copy of hc that does
// not follow redirects; hc itself is not modified.
func WithEventHTTPClient(hc *http.Client) EventSenderOption {
	return func(s *EventSender) error {
		if hc == nil {
			return errors.New("WithEventHTTPClient: the client is nil")
		}
		c := *hc
		s.client = &c
		return nil
	}
}

// WithRetries sets how many times a failed delivery is retried; 0 means it
// is attempted once. The default is 5.
func WithRetries(n int) EventSenderOption {
	return func(s *EventSender) error {
		if n < 0 {
			return errors.New("WithRetries: the number of retries must not be negative")
		}
		s.retries = n
		return nil
	}
}

// NewEventSender returns a sender that signs events with secret, written
// "whsec_" followed by the base64 of a key of 24 to 64 bytes. Its errors
// never contain the secret.
func NewEventSender(secret string, opts ...EventSenderOption) (*EventSender, error) {
	key, err := parseWebhookSecret(secret, "the secret")
	if err != nil {
		return nil, errors.New("NewEventSender: " + err.Error())
	}
	s := &EventSender{
		key:     key,
		client:  &http.Client{Timeout: 30 * time.Second},
		retries: 5,
		now:     time.Now,
		sleep:   eventSleep,
		jitter:  eventRandom,
	}
	for _, opt := range opts {
		if err := opt(s); err != nil {
			return nil, errors.New("NewEventSender: " + err.Error())
		}
	}
	s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return s, nil
}

// Send validates ev, gives it a new unique id and delivers it to url with
// POST. It returns the id, also with an error from the delivery, so that the
// caller can try again later with SendWithID and the same id.
//
// Validation comes first: a missing required parameter (nil) or a value
// outside a parameter's options returns a *ValidationError per failing
// parameter, joined, and nothing is sent (nor an id returned).
//
// A 2xx status is success. Network errors, 429 and 5xx are retried, at most
// as many times as WithRetries says, after a wait that grows exponentially
// from half a second (at most a minute, with random jitter) and is at least
// what a Retry-After header asks; the sender gives up at once when the wait
// would end after ctx's deadline or when Retry-After asks for more than ten
// minutes. Every attempt has the same id and a fresh timestamp and
// signature. A 410 Gone stops at once with an error saying that the
// listener is gone; any other status stops with an *Error; redirects are
// not followed.
func (s *EventSender) Send(ctx context.Context, url string, ev Event) (id string, err error) {
	body, err := appendEventBody(nil, ev, s.now())
	if err != nil {
		return "", err
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("event %s: making an id: %w", ev.EventType(), err)
	}
	id = "msg_" + base64.RawURLEncoding.EncodeToString(b[:])
	return id, s.deliver(ctx, url, id, ev.EventType(), body)
}

// SendWithID is Send with an id chosen by the caller, such as the key of
// the event in the owner's outbox, so that delivering the event again does
// not look like a new event to the listener. The id must be 1 to 256
// visible ASCII characters other than '.'.
func (s *EventSender) SendWithID(ctx context.Context, url, id string, ev Event) error {
	body, err := appendEventBody(nil, ev, s.now())
	if err != nil {
		return err
	}
	if !eventIDValid(id) {
		return errors.New("event " + ev.EventType() + ": the id " + quote(id) + " is not 1 to 256 visible ASCII characters other than '.'")
	}
	return s.deliver(ctx, url, id, ev.EventType(), body)
}

// eventIDValid reports whether id can be a webhook-id: 1 to 256 visible
// ASCII characters, without the '.' that separates the signed parts.
func eventIDValid(id string) bool {
	if id == "" || len(id) > 256 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '.' {
			return false
		}
	}
	return true
}

// Waits between attempts.
const (
	eventFirstWait     = 500 * time.Millisecond
	eventMaxWait       = time.Minute
	eventMaxRetryAfter = 10 * time.Minute
)

// deliver posts body to rawURL until an attempt succeeds, a status says to
// stop, the retries are used up or the next attempt would come too late.
func (s *EventSender) deliver(ctx context.Context, rawURL, id, typ string, body []byte) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("event " + typ + ": the URL must start with http:// or https:// and name a host")
	}
	what := "event " + typ + " (id " + id + ") to " + eventURLText(u)
	for attempt := 0; ; attempt++ {
		wait, err := s.attempt(ctx, u, id, body)
		if err == nil {
			return nil
		}
		if wait < 0 {
			return fmt.Errorf("%s: %w", what, err)
		}
		if attempt == s.retries {
			return fmt.Errorf("%s: giving up after attempt %d: %w", what, attempt+1, err)
		}
		if wait > eventMaxRetryAfter {
			return fmt.Errorf("%s: the listener asks to retry after %v, later than the sender waits: %w", what, wait, err)
		}
		if d := s.backoff(attempt); d > wait {
			wait = d
		}
		if deadline, ok := ctx.Deadline(); ok && !s.now().Add(wait).Before(deadline) {
			return fmt.Errorf("%s: giving up after attempt %d, since the next would be after the context's deadline: %w", what, attempt+1, err)
		}
		if cerr := s.sleep(ctx, wait); cerr != nil {
			return fmt.Errorf("%s: %w, after %d attempts; the last: %w", what, cerr, attempt+1, err)
		}
	}
}

// attempt makes one delivery. It returns nil on success; otherwise the error
// and, for an error worth retrying, how long the listener asks to wait (0
// when it does not say), or -1 when the delivery must stop.
func (s *EventSender) attempt(ctx context.Context, u *url.URL, id string, body []byte) (time.Duration, error) {
	ts := s.now().Unix()
	content := webhookContent(make([]byte, 0, len(id)+24+len(body)), id, ts)
	content = append(content, body...)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return -1, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Webhook-Id", id)
	req.Header.Set("Webhook-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("Webhook-Signature", string(s.key.sign(nil, content)))
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL, with the query
		}
		if ctx.Err() != nil {
			return -1, err
		}
		return 0, err
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection can be reused
	resp.Body.Close()
	code := resp.StatusCode
	if code >= 200 && code <= 299 {
		return 0, nil
	}
	shown := *u
	shown.User = nil // the URL as errors show it: without user info
	e := &Error{Method: http.MethodPost, URL: shown.String(), StatusCode: code, Header: resp.Header, Body: data}
	switch {
	case code == http.StatusGone:
		return -1, fmt.Errorf("the listener is gone (410 Gone): stop sending it events: %w", e)
	case code == http.StatusTooManyRequests || code >= 500:
		return eventRetryAfter(resp.Header.Get("Retry-After"), s.now()), e
	}
	return -1, e
}

// backoff returns the wait before retry n+1: eventFirstWait doubled n
// times, at most eventMaxWait, then a random part of its second half
// removed, so that senders that failed together do not retry together.
func (s *EventSender) backoff(n int) time.Duration {
	d := eventMaxWait
	if n < 20 {
		d = min(eventFirstWait<<n, eventMaxWait)
	}
	return d - time.Duration(s.jitter(int64(d/2)+1))
}

// eventRetryAfter returns the wait that a Retry-After header asks for, in
// seconds or as an HTTP date; 0 when it asks for none or cannot be read.
func eventRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if strings.Trim(v, "0123456789") == "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n > uint64(eventMaxRetryAfter/time.Second) {
			return eventMaxRetryAfter + time.Second // more than the sender waits
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// eventRandom returns a random number in [0, n), n > 0.
func eventRandom(n int64) int64 {
	var b [8]byte
	rand.Read(b[:])
	var u uint64
	for _, c := range b {
		u = u<<8 | uint64(c)
	}
	return int64(u % uint64(n))
}

// eventSleep waits for d or until ctx is done, and then returns ctx's error.
func eventSleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// eventURLText returns u for messages: without user info and query, where
// credentials travel.
func eventURLText(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return v.String()
}
