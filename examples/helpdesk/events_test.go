package helpdesk_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigen-go/apigen/examples/helpdesk"
)

// countingListener counts the events its handler gets.
type countingListener struct {
	helpdesk.UnimplementedEventHandler
	n atomic.Int32
}

func (l *countingListener) TicketStatusChanged(context.Context, *helpdesk.TicketStatusChanged, helpdesk.EventMeta) error {
	l.n.Add(1)
	return nil
}

// deliver posts body to url as a delivery signed, per the Standard
// Webhooks specification, with the key of secret over signedBody.
func deliver(t *testing.T, url, secret, id string, ts int64, body, signedBody string) (int, string) {
	t.Helper()
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "." + signedBody))
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", "v1,"+base64.StdEncoding.EncodeToString(m.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestReceiverOfHelpdesk checks the generated receiver of the help desk
// over HTTP: a delivery signed from the specification is handled; a
// tampered body, a wrong secret and an old timestamp get 401; invalid data
// gets 400 with every failing parameter; the handler sees only the valid
// delivery.
func TestReceiverOfHelpdesk(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	l := &countingListener{}
	srv := httptest.NewServer(helpdesk.NewEventReceiver(l, []string{secret}))
	defer srv.Close()
	now := time.Now().Unix()
	ok := `{"type":"helpdesk.ticket.status_changed","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":42,"status":"solved"}}`
	if code, body := deliver(t, srv.URL, secret, "msg_1", now, ok, ok); code != 204 {
		t.Fatalf("valid delivery: %d %s", code, body)
	}
	tampered := strings.Replace(ok, "42", "43", 1)
	for _, tt := range []struct {
		name, secret, body, signed string
		ts                         int64
		code                       int
	}{
		{"tampered body", secret, tampered, ok, now, 401},
		{"wrong secret", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", ok, ok, now, 401},
		{"old timestamp", secret, ok, ok, now - 3600, 401},
		{"invalid data", secret, `{"type":"helpdesk.ticket.status_changed","timestamp":"2026-11-23T10:00:00Z","data":{"status":"reopened","previous_status":7}}`, "", now, 400},
	} {
		signed := tt.signed
		if signed == "" {
			signed = tt.body
		}
		code, body := deliver(t, srv.URL, tt.secret, "msg_2", tt.ts, tt.body, signed)
		if code != tt.code {
			t.Errorf("%s: %d %s, want %d", tt.name, code, body, tt.code)
		}
		if tt.code == 400 {
			var p struct{ Errors []struct{ Name string } }
			json.Unmarshal([]byte(body), &p)
			var names []string
			for _, e := range p.Errors {
				names = append(names, e.Name)
			}
			if strings.Join(names, " ") != "ticket_id status previous_status" {
				t.Errorf("%s: the problem lists %v, want every failing parameter:\n%s", tt.name, names, body)
			}
		}
	}
	if n := l.n.Load(); n != 1 {
		t.Errorf("the handler was called %d times, want 1", n)
	}
}
