package apirt

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jsonCases are texts at the edges of JSON's grammar, for eventValid and the
// walk over members; the fuzz targets start from them.
var jsonCases = []string{
	``, ` `, `{}`, ` { } `, `[]`, `[ ]`, `{"a":1}`, `{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{"a":}`, `{a:1}`, `{"a":1 "b":2}`,
	`[1,]`, `[,1]`, `[1 2]`, `[[[]]]`, `[[[]]`, `[]]`, `{"a":[1,{"b":[]}],"c":{}}`, `{"a":{"b":{"c":[1,2,{"d":null}]}}}`,
	`0`, `-0`, `01`, `-`, `1.`, `.5`, `1.5`, `1e`, `1e+`, `1E+2`, `1e-07`, `-1.5e300`, `1e400`, `+1`, `0x1`, `1_000`, `12345678901234567890123`,
	`true`, `tru`, `truee`, `false`, `nul`, `null`, `nulll`, `True`, `NaN`, `Infinity`,
	`""`, `"a"`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\uD83C\uDFAB"`, `"\u00zz"`, `"\u12"`, `"\x"`, `"\`, `"a`, "\"\x01\"", "\"\x7f\"", "\"\xff\xfe\"", `"é票"`,
	`{"a":"\"}"}`, `{"a\"b":1}`, `{"a\\":1}`, `["\\\\"]`, `{"a":"\\"}`, `{"a":"x\\\"y"}`,
	" \t\r\n{\"a\" :\t[ 1 , 2 ] }\n", "\v{}", "{}\x00", `{} {}`, `{}]`, `1 2`,
	`{"type":"helpdesk.pinged","timestamp":"2026-11-23T10:00:00Z","data":{}}`, createdBody, smallEvent,
	`{"a":1,"a":2,"A":3}`, `{"\u0061":1,"b":[{"a":2}],"c":"a"}`,
}

func TestEventValidAgreesWithEncodingJSON(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	deepObj := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	cases := append([]string{deep(eventMaxDepth), deep(eventMaxDepth + 1), deepObj(eventMaxDepth), deepObj(eventMaxDepth + 1), deep(64), deep(65)}, jsonCases...)
	for _, c := range cases {
		if got, want := eventValid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("eventValid(%.60q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

func FuzzEventValid(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := eventValid(b), json.Valid(b); got != want {
			t.Errorf("eventValid(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

// FuzzEventObject checks the walk over an object's members against
// encoding/json: the same names (after unescaping) with the same raw
// values, the last one counting for a repeated name.
func FuzzEventObject(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		b = bytes.TrimLeft(b, " \t\r\n")
		if b[0] != '{' {
			return
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		got := map[string]json.RawMessage{}
		o := eventObject{b: b}
		for {
			key, val, ok := o.next()
			if !ok {
				break
			}
			var name string
			if err := json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &name); err != nil {
				t.Fatalf("member name %q: %v", key, err)
			}
			got[name] = val
		}
		if len(got) != len(want) {
			t.Fatalf("%q: members %q, want %q", b, got, want)
		}
		for k, v := range want {
			if !bytes.Equal(got[k], v) {
				t.Errorf("%q: member %q = %q, want %q", b, k, got[k], v)
			}
		}
	})
}

// FuzzEventReceive signs any body and gives it to a receiver of the test's
// API. The reply is 204 or 400, never a panic or a 5xx; an event that is
// handled has exactly the values encoding/json reads from its data
// (numbers exact), defaults applied, and is valid for the sender too.
func FuzzEventReceive(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	for _, c := range []string{
		`{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"subject":null,"priority":"urgent"}}`,
		`{"type":"helpdesk.ticket.note.added","timestamp":"2026-11-23T10:00:00+02:00","data":{"ticket_id":1,"note_id":{"x":[1.0,2e5]},"channel":"\u0077eb"}}`,
		`{"data":{"ticket_id":"\ud83c"},"timestamp":"2026-11-23T10:00:00.123456Z","type":"helpdesk.ticket.closed"}`,
		`{"type":"helpdesk\u002eticket.closed","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":1,"ticket_id":null}}`,
		`{"type":"helpdesk.ticket.created","timestamp":"2026-11-23T10:00:00Z","data":{"ticket_id":true,"subject":false,"body":"","priority":""}}`,
	} {
		f.Add([]byte(c))
	}
	rec := &recorder{}
	rc := NewEventReceiver(rec, []string{testSecret1}).(*eventReceiver)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	rc.now = func() time.Time { return now }
	f.Fuzz(func(t *testing.T, body []byte) {
		rec.calls = nil
		req := httptestRequest(body, "msg_fuzz", now.Unix(), specSign(testSecret1, "msg_fuzz", now.Unix(), string(body)))
		w := &nopWriter{h: http.Header{}}
		rc.ServeHTTP(w, req)
		if w.status != 204 && w.status != 400 {
			t.Fatalf("%q: status %d", body, w.status)
		}
		calls := rec.taken()
		if w.status == 400 && len(calls) > 0 {
			t.Fatalf("%q: 400, and the handler was called", body)
		}
		if len(calls) == 0 {
			return
		}
		if len(calls) != 1 || w.status != 204 {
			t.Fatalf("%q: status %d, %d calls", body, w.status, len(calls))
		}
		ev := calls[0].ev
		if _, err := appendEventBody(nil, ev, now); err != nil {
			t.Errorf("%q: the receiver accepts an event that the sender does not: %v", body, err)
		}
		// What encoding/json reads from the data.
		var env struct {
			Data map[string]any
		}
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if err := d.Decode(&env); err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		params, fields := ev.eventArgs()
		for i, p := range params {
			v := env.Data[p.name]
			if _, enum := fields[i].(*string); enum && v == "" {
				v = nil // an empty option is unset, as for the sender
			}
			if v == nil && p.def != "" {
				v = p.def
			}
			var got any
			switch f := fields[i].(type) {
			case *string:
				got = *f
				if v == nil {
					v = ""
				}
			case *any:
				got = *f
			}
			if canonicalJSON(got) != canonicalJSON(v) {
				t.Errorf("%q: parameter %s = %s, encoding/json reads %s", body, p.name, canonicalJSON(got), canonicalJSON(v))
			}
		}
	})
}

// httptestRequest returns a delivery of body as the receiver gets it.
func httptestRequest(body []byte, id string, ts int64, sig string) *http.Request {
	req := httptest.NewRequest("POST", "/hooks", bytes.NewReader(body))
	req.Header.Set("Webhook-Id", id)
	req.Header.Set("Webhook-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("Webhook-Signature", sig)
	return req
}
