package helpdesk

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// instant is a transport that answers every request at once, so that the
// benchmarks measure the client, not the network. Like net/http's transport
// for a response with a Content-Length header, it announces the length.
type instant struct{}

const instantBody = `{"id":42}`

func (instant) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: int64(len(instantBody)), Body: io.NopCloser(strings.NewReader(instantBody)), Request: r}, nil
}

const benchBase = "https://desk.example.com/api/v2"

var hc = &http.Client{Transport: instant{}}

// The same requests written by hand with net/http, as a careful programmer
// would: escape values, set Accept, read the whole body, check the status.

func handList(ctx context.Context, view, page string) ([]byte, error) {
	u := benchBase + "/tickets.json?view=" + url.QueryEscape(view) + "&page=" + url.QueryEscape(page) + "&per_page=25"
	return handGet(ctx, u)
}

func handNoteGet(ctx context.Context, ticketID, noteID string) ([]byte, error) {
	u := benchBase + "/tickets/" + url.PathEscape(ticketID) + "/notes/" + url.PathEscape(noteID) + ".json"
	return handGet(ctx, u)
}

// bareGet is the least a request can do: a constant URL, no header, no
// escaping, the body read whole.
func bareGet(ctx context.Context, u string) ([]byte, error) {
	return bareRequest(ctx, u, false)
}

var acceptJSON = []string{"application/json"}

// bareRequest is bareGet, with an Accept header when accept is true (what
// a client made with WithHeader("Accept", "application/json") sends): one
// header costs two maps inside net/http, the request's and the copy
// Client.Do makes of it.
func bareRequest(ctx context.Context, u string, accept bool) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	if accept {
		req.Header["Accept"] = acceptJSON
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func handGet(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return body, nil
}

func benchClient(tb testing.TB, opts ...Option) *Client {
	c, err := NewClient(benchBase, append([]Option{WithHTTPClient(hc)}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// The calls compared: a GET with an enum and escaped query values, and a
// GET with two escaped path values.
var (
	listParams = &TicketListParams{View: TicketViewAllTickets, Page: "2 & more"}
	generated  = map[string]func(context.Context, *Client) error{
		"query": func(ctx context.Context, c *Client) error { _, err := c.Ticket.List(ctx, listParams); return err },
		"path": func(ctx context.Context, c *Client) error {
			_, err := c.Ticket.Note.Get(ctx, "a/b c", "ü 7")
			return err
		},
	}
	byHand = map[string]func(context.Context) error{
		"query": func(ctx context.Context) error { _, err := handList(ctx, "all_tickets", "2 & more"); return err },
		"path":  func(ctx context.Context) error { _, err := handNoteGet(ctx, "a/b c", "ü 7"); return err },
	}
	bareURL = map[string]string{
		"query": benchBase + "/tickets.json?view=all_tickets&page=2+%26+more&per_page=25",
		"path":  benchBase + "/tickets/a%2Fb%20c/notes/%C3%BC%207.json",
	}
)

// BenchmarkCall compares the generated client with net/http code written by
// hand in one run, for the same requests: careful code (handwritten/X, which
// escapes values, sets Accept and checks the status) and the least a request
// can do (bare/X: a constant URL, Do, ReadAll). The goals: generated/X no
// slower than handwritten/X, at most 1.3 times bare/X, which sends the same
// headers (none). What an Accept header costs, to a client that sets it with
// WithHeader and to bare code, is generated+accept/X against bare+accept/X.
func BenchmarkCall(b *testing.B) {
	ctx := context.Background()
	c := benchClient(b)
	ca := benchClient(b, WithHeader("Accept", "application/json"))
	for _, name := range []string{"query", "path"} {
		b.Run("generated/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := generated[name](ctx, c); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("generated+accept/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := generated[name](ctx, ca); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("handwritten/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := byHand[name](ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("bare/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bareGet(ctx, bareURL[name]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("bare+accept/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bareRequest(ctx, bareURL[name], true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCallAllocations holds the generated client to no more allocations
// per call than the careful hand-written request, and to at most 2 more
// than the bare one, which sends the same headers (allocation counts,
// unlike timings, do not depend on the machine's load): the string that
// holds the escaped path and query, and the *Response. The bare request
// parses its URL instead, which allocates for an escaped path.
func TestCallAllocations(t *testing.T) {
	ctx := context.Background()
	c := benchClient(t)
	for _, name := range []string{"query", "path"} {
		gen := testing.AllocsPerRun(100, func() { generated[name](ctx, c) })
		hand := testing.AllocsPerRun(100, func() { byHand[name](ctx) })
		bare := testing.AllocsPerRun(100, func() { bareGet(ctx, bareURL[name]) })
		t.Logf("%s: generated %.0f allocations, careful %.0f, bare %.0f", name, gen, hand, bare)
		if gen > hand {
			t.Errorf("%s: generated client makes %.0f allocations per call, careful hand-written code %.0f", name, gen, hand)
		}
		if gen > bare+2 {
			t.Errorf("%s: generated client makes %.0f allocations per call, the bare request %.0f: more than 2 extra", name, gen, bare)
		}
	}
}

// TestSameRequests checks that the benchmark compares like with like.
func TestSameRequests(t *testing.T) {
	var got []string
	hc.Transport = recordURL{&got}
	defer func() { hc.Transport = instant{} }()
	c := benchClient(t)
	for _, name := range []string{"query", "path"} {
		generated[name](context.Background(), c)
		byHand[name](context.Background())
		bareGet(context.Background(), bareURL[name])
	}
	if len(got) != 6 || got[0] != got[1] || got[1] != got[2] || got[3] != got[4] || got[4] != got[5] {
		t.Errorf("requests differ: %q", got)
	}
}

type recordURL struct{ urls *[]string }

func (r recordURL) RoundTrip(req *http.Request) (*http.Response, error) {
	*r.urls = append(*r.urls, req.URL.String())
	return instant{}.RoundTrip(req)
}

// BenchmarkCallRatio times the generated call against each baseline in
// alternating blocks of calls, so that a change in the machine's load
// falls on both sides alike, and reports the ratios: gen/bare (goal at
// most 1.3), gen/careful (goal at most 1) and, for clients that send an
// Accept header, gen+accept/bare+accept.
func BenchmarkCallRatio(b *testing.B) {
	ctx := context.Background()
	c := benchClient(b)
	ca := benchClient(b, WithHeader("Accept", "application/json"))
	for _, name := range []string{"query", "path"} {
		b.Run(name, func(b *testing.B) {
			gen := func() { generated[name](ctx, c) }
			genAccept := func() { generated[name](ctx, ca) }
			careful := func() { byHand[name](ctx) }
			bare := func() { bareGet(ctx, bareURL[name]) }
			bareAccept := func() { bareRequest(ctx, bareURL[name], true) }
			var t [5]time.Duration
			const block = 100
			for n := 0; n < b.N; n += block {
				for i, f := range []func(){gen, bare, careful, genAccept, bareAccept} {
					start := time.Now()
					for range block {
						f()
					}
					t[i] += time.Since(start)
				}
			}
			b.ReportMetric(float64(t[0])/float64(t[1]), "gen/bare")
			b.ReportMetric(float64(t[0])/float64(t[2]), "gen/careful")
			b.ReportMetric(float64(t[3])/float64(t[4]), "gen+accept/bare+accept")
		})
	}
}
