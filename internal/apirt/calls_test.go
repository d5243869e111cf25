package apirt_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/uritemplate"
)

// TestQueryPairNeverDropsAGivenValue checks that a call which sets one
// parameter of a query pair and leaves another unset fails, naming the
// unset one, and sends nothing, instead of leaving the pair out with the
// caller's value.
func TestQueryPairNeverDropsAGivenValue(t *testing.T) {
	srv := newRecorder(t, false, nil)
	c := newClient(t, srv.URL)
	for _, tt := range []struct {
		template string
		values   map[string]string
		want     string // the unset parameter named, or the request URI
	}{
		{"/s?{filter::a,b}={value:}", map[string]string{"value": "42"}, "param filter"},
		{"/s?{filter::a,b}={value:}", map[string]string{"filter": "a"}, "param value"},
		{"/s?{filter::a,b}={value:}", nil, "/s"},
		{"/s?{filter::a,b}={value:}", map[string]string{"filter": "a", "value": "42"}, "/s?a=42"},
		{"/s?{filter::a,b}={value:x}", nil, "/s"},
		{"/s?{filter::a,b}={value:x}", map[string]string{"value": "42"}, "param filter"},
		{"/s?{filter:a:a,b}={value:}", map[string]string{"value": "42"}, "/s?a=42"},
		{"/r?range={from:}-{to:}&n=1", map[string]string{"to": "9"}, "param from"},
	} {
		tmpl, e := endpoint(t, tt.template)
		_, err := c.Call(context.Background(), "GET", e, values(tmpl, tt.values))
		reqs := srv.requests()
		if param, ok := strings.CutPrefix(tt.want, "param "); ok {
			var ve *apirt.ValidationError
			if !errors.As(err, &ve) || ve.Param != param || len(reqs) != 0 {
				t.Errorf("%q with %v: error %v and %d requests, want a ValidationError for %s and none", tt.template, tt.values, err, len(reqs), param)
			}
			continue
		}
		if err != nil || len(reqs) != 1 || reqs[0].URI != tt.want {
			t.Errorf("%q with %v: %v, requests %v, want %s", tt.template, tt.values, err, reqs, tt.want)
		}
	}
}

// TestMaxResponseBytesAtMaxInt64 checks that the largest limit reads the
// body: the limit plus one overflowed, and every body came back empty.
func TestMaxResponseBytesAtMaxInt64(t *testing.T) {
	srv := newRecorder(t, false, nil)
	c := newClient(t, srv.URL, apirt.WithMaxResponseBytes(math.MaxInt64))
	_, e := endpoint(t, "/x")
	resp, err := c.Call(context.Background(), "GET", e, nil)
	if err != nil || string(resp.Body) != `{"ok":true}` {
		t.Fatalf("Call = %v, %v", resp, err)
	}
}

// TestResponseBodyWhateverTheAnnouncedLength checks that the body comes back
// whole and within the limit whether the transport announces its length
// truly, too short, too long or not at all: the announced length only
// sizes the buffer.
func TestResponseBodyWhateverTheAnnouncedLength(t *testing.T) {
	const limit = 16
	for _, tt := range []struct {
		body      string
		announced int64
		want      string // the body, or "error: " and what the error says
	}{
		{`{"id":42}`, 9, `{"id":42}`},
		{`{"id":42}`, -1, `{"id":42}`},
		{`{"id":42}`, 0, `{"id":42}`}, // transports written by hand say 0
		{`{"id":42}`, 3, `{"id":42}`},
		{`{"id":42}`, 12, `{"id":42}`},
		{strings.Repeat("x", limit), limit, strings.Repeat("x", limit)},
		{strings.Repeat("x", limit), -1, strings.Repeat("x", limit)},
		{strings.Repeat("x", limit+1), -1, "error: larger than 16 bytes"},
		{strings.Repeat("x", limit+1), 2, "error: larger than 16 bytes"},
		{"", limit + 1, "error: larger than 16 bytes"}, // refused before reading
		{strings.Repeat("x", 5000), 5000, "error: larger than 16 bytes"},
		{"", 0, ""},
	} {
		hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: tt.announced, Body: io.NopCloser(strings.NewReader(tt.body)), Request: r}, nil
		})}
		c, err := apirt.NewTestClient("https://h.example", apirt.WithHTTPClient(hc), apirt.WithMaxResponseBytes(limit))
		if err != nil {
			t.Fatal(err)
		}
		_, e := endpoint(t, "/x")
		resp, err := c.Call(context.Background(), "GET", e, nil)
		if want, ok := strings.CutPrefix(tt.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%d bytes announced as %d: %v, want an error saying %q", len(tt.body), tt.announced, err, want)
			}
			continue
		}
		if err != nil || string(resp.Body) != tt.want {
			t.Errorf("%d bytes announced as %d: %v, %v, want %q", len(tt.body), tt.announced, resp, err, tt.want)
		}
	}
}

// TestReadErrorsAreWrapped checks that an error while reading the body, such
// as the context's, can still be told with errors.Is.
func TestReadErrorsAreWrapped(t *testing.T) {
	hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: -1, Body: io.NopCloser(iotest.ErrReader(context.Canceled)), Request: r}, nil
	})}
	c, err := apirt.NewTestClient("https://h.example", apirt.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	_, e := endpoint(t, "/x")
	if _, err := c.Call(context.Background(), "GET", e, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Call = %v, want an error wrapping context.Canceled", err)
	}
}

// TestValidationReportsEveryFailure checks that a call with several bad
// values fails with one *ValidationError per failing parameter, path,
// query and body, in an errors.Join that errors.As still sees through,
// and sends nothing.
func TestValidationReportsEveryFailure(t *testing.T) {
	srv := newRecorder(t, false, nil)
	c := newClient(t, srv.URL)
	tmpl, _ := uritemplate.Parse("/t/{a}/{b}/x?v={v::x,y}&{k:}={w:}")
	e := apirt.NewEndpoint("POST", "T.Make", tmpl, []uritemplate.Tag{{Name: "data", Required: true}, {Name: "kind", Options: []string{"p", "q"}}})
	// a missing, b "..", v outside its options, w given without k, data
	// missing, kind outside its options.
	_, err := c.CallWithBody(context.Background(), e, values(tmpl, map[string]string{"b": "..", "v": "z", "w": "1"}), []any{nil, "r"})
	var got []string
	for _, err := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ve *apirt.ValidationError
		if !errors.As(err, &ve) || ve.Method != "T.Make" {
			t.Fatalf("%v is not a *ValidationError of T.Make", err)
		}
		got = append(got, ve.Param)
	}
	if want := "k a v data kind b"; strings.Join(got, " ") != want {
		t.Errorf("failing parameters %q, want %q (%v)", got, want, err)
	}
	var ve *apirt.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("errors.As finds no *ValidationError in %v", err)
	}
	if reqs := srv.requests(); len(reqs) != 0 {
		t.Errorf("sent %v", reqs)
	}
	// One failure is the *ValidationError itself, as before.
	_, err = c.CallWithBody(context.Background(), e, values(tmpl, map[string]string{"a": "1", "b": "2"}), []any{nil, nil})
	if ve, ok := err.(*apirt.ValidationError); !ok || ve.Param != "data" {
		t.Errorf("one failure: %#v, want the *ValidationError of data", err)
	}
}
