package apirt_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
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
