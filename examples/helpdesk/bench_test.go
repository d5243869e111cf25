package helpdesk

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// instant is a transport that answers every request at once, so that the
// benchmarks measure the client, not the network.
type instant struct{}

func (instant) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"id":42}`)), Request: r}, nil
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

func benchClient(tb testing.TB) *Client {
	c, err := NewClient(benchBase, WithHTTPClient(hc))
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
)

// BenchmarkCall compares the generated client with hand-written net/http
// code in one run: compare generated/X with handwritten/X.
func BenchmarkCall(b *testing.B) {
	ctx := context.Background()
	c := benchClient(b)
	for _, name := range []string{"query", "path"} {
		b.Run("generated/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := generated[name](ctx, c); err != nil {
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
	}
}

// TestCallAllocations holds the generated client to at most 6 allocations
// per call more than the hand-written request (allocation counts, unlike
// timings, do not depend on the machine's load).
func TestCallAllocations(t *testing.T) {
	ctx := context.Background()
	c := benchClient(t)
	for _, name := range []string{"query", "path"} {
		gen := testing.AllocsPerRun(100, func() { generated[name](ctx, c) })
		hand := testing.AllocsPerRun(100, func() { byHand[name](ctx) })
		t.Logf("%s: generated %.0f allocations, hand-written %.0f", name, gen, hand)
		if gen > hand+6 {
			t.Errorf("%s: generated client makes %.0f allocations per call, hand-written code %.0f: more than 6 extra", name, gen, hand)
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
	}
	if len(got) != 4 || got[0] != got[1] || got[2] != got[3] {
		t.Errorf("requests differ: %q", got)
	}
}

type recordURL struct{ urls *[]string }

func (r recordURL) RoundTrip(req *http.Request) (*http.Response, error) {
	*r.urls = append(*r.urls, req.URL.String())
	return instant{}.RoundTrip(req)
}
