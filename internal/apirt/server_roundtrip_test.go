package apirt_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
)

var (
	shippedOnce sync.Once
	shippedEps  [][]*apirt.Endpoint
)

// shippedAPIs returns the endpoints of the desk API of desk_test.go and of
// every shipped definition, each API's in definition order.
func shippedAPIs(tb testing.TB) [][]*apirt.Endpoint {
	shippedOnce.Do(func() {
		shippedEps = append(shippedEps, apirt.DeskEndpoints())
		files, _ := filepath.Glob("../../definitions/*.json")
		if len(files) == 0 {
			tb.Fatal("no shipped definitions")
		}
		for _, f := range files {
			shippedEps = append(shippedEps, serverEndpoints(tb, deftest.File(tb, f)))
		}
	})
	return shippedEps
}

// roundTripAPI returns the methods of a server for the round trip: those
// of the desk API or of a shipped definition, and random ones (see
// randomTemplate) under a literal first segment of their own, some with
// body parameters, and twins of some that a required query key or a
// literal pair tells apart. It returns nil when the server lint rejects
// them.
func roundTripAPI(t testing.TB, rng *rand.Rand) []*apirt.Endpoint {
	apis := shippedAPIs(t)
	eps := append([]*apirt.Endpoint(nil), apis[rng.IntN(len(apis))]...)
	verbs := []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
	bodies := []string{"", "b", "b:", "b:dflt", "b:!:x,y z", "b:x:x,y z", "b; c:", "b:; c:d; e::p,q"}
	for i := rng.IntN(4) + 1; i > 0; i-- {
		tmpl := fmt.Sprintf("/r%d%s", i, randomTemplate(rng))
		m := fmt.Sprintf("%s %s | %s", verbs[rng.IntN(len(verbs))], tmpl, bodies[rng.IntN(len(bodies))])
		methods := []string{m}
		switch rng.IntN(3) {
		case 0:
			methods = append(methods, m[:strings.Index(m, " | ")]+sep(tmpl)+"twin=1 | ")
		case 1:
			methods = append(methods, m[:strings.Index(m, " | ")]+sep(tmpl)+"version={version} | ")
		}
		eps = append(eps, endpointsNamed(t, len(eps), methods)...)
	}
	for _, p := range apirt.CheckServer(eps) {
		if !p.Warning {
			return nil
		}
	}
	return eps
}

// sep returns the separator that adds a query pair to a template.
func sep(tmpl string) string {
	if strings.Contains(tmpl, "?") {
		return "&"
	}
	return "?"
}

// FuzzServeRoundTrip checks the server's guarantee: a request that the
// client runtime builds (Build and EncodeBody, what a generated client
// sends) for any values it accepts reaches the method it was built for,
// with the same values, defaults applied, and the body parameters as sent.
// The API is the desk API or a shipped definition, plus random methods
// that the server lint accepts, served under the base URL's path. A
// request that a client of another method sends just as well, for a more
// specific path (Ticket.Get of "count" is Ticket.Count's path), must reach
// that path's method.
func FuzzServeRoundTrip(f *testing.F) {
	f.Add(uint64(1), "42", "a/b?c#d%e f&=+\u00fc", uint8(0), uint8(0))
	f.Add(uint64(2), "", "..", uint8(1), uint8(1))
	f.Add(uint64(3), "x.json", "o1", uint8(2), uint8(2))
	f.Add(uint64(4), "-", "key1a", uint8(3), uint8(3))
	f.Add(uint64(5), "%2F", "pre", uint8(4), uint8(4))
	f.Add(uint64(6), "count", "me.json", uint8(5), uint8(5))
	f.Add(uint64(7), "me", "x", uint8(6), uint8(6))
	f.Add(uint64(8), "open", "private", uint8(7), uint8(7))
	f.Add(uint64(9), "", " ", uint8(8), uint8(8))
	f.Fuzz(func(t *testing.T, seed uint64, v1, v2 string, b, pick uint8) {
		serveRoundTrip(t, seed, v1, v2, b, pick)
	})
}

// serveRoundTrip sends a request that the client runtime builds for a random
// method of a random API (see FuzzServeRoundTrip) and checks what the
// server's method gets. It returns "ok", or why the request was not sent or
// reached another method by precedence.
func serveRoundTrip(t *testing.T, seed uint64, v1, v2 string, b, pick uint8) string {
	bases := []string{"https://h.example", "https://h.example/api/v2", "http://h:8080/caf%C3%A9/", "https://h.example/a%20b/"}
	rng := rand.New(rand.NewPCG(seed, seed>>7))
	eps := roundTripAPI(t, rng)
	if eps == nil {
		return "lint rejects"
	}
	base, err := apirt.NormalizeBase(bases[int(b)%len(bases)])
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	var got *apirt.Call
	h := apirt.ServeEndpoints(eps, func(ctx context.Context, c *apirt.Call) (any, error) {
		got = c
		return nil, nil
	}, apirt.WithPathPrefix(u.Path))

	k := int(pick) % len(eps)
	ep := eps[k]
	params, bodyParams := ep.Params(), ep.Body()
	vals := make([]string, len(params))
	want := make([]string, len(params))
	var lists, wantLists [][]string
	for i, p := range params {
		if p.List {
			if lists == nil {
				lists, wantLists = make([][]string, len(params)), make([][]string, len(params))
			}
			switch n := rng.IntN(5); {
			case p.Options != nil && n < 3:
				lists[i] = []string{p.Options[rng.IntN(len(p.Options))], p.Options[0]}
			case n == 0:
				lists[i] = []string{v1, v2}
			case n == 1:
				lists[i] = []string{v2}
			case p.Required:
				lists[i] = []string{v1, v1}
			}
			wantLists[i] = lists[i]
			if lists[i] == nil && p.Default != "" {
				wantLists[i] = []string{p.Default}
			}
			continue
		}
		// Mostly values the client accepts: an option for a parameter
		// with options, a value for a required one.
		switch n := rng.IntN(10); {
		case p.Options != nil && n < 7:
			vals[i] = p.Options[rng.IntN(len(p.Options))]
		case n < 4:
			vals[i] = v1
		case n < 8:
			vals[i] = v2
		case p.Required:
			vals[i] = v1
		}
		want[i] = vals[i]
		if want[i] == "" {
			want[i] = p.Default
		}
	}
	body := make([]any, len(bodyParams))
	wantBody := make([]json.RawMessage, len(bodyParams))
	for i, p := range bodyParams {
		switch rng.IntN(6) {
		case 0:
			body[i] = v1
		case 1:
			body[i] = map[string]any{"v": v2, "n": []int{1, 2}}
		case 2:
			body[i] = 42.5
		case 3:
			if p.Options != nil {
				body[i] = p.Options[rng.IntN(len(p.Options))]
			}
		case 4:
			body[i] = ""
		}
		switch {
		case body[i] != nil:
			wantBody[i], _ = json.Marshal(body[i])
		case p.Default != "":
			wantBody[i], _ = json.Marshal(p.Default)
		}
	}
	built, err := ep.BuildLists(base, vals, lists)
	if err != nil {
		return "client rejects" // values the client rejects are never sent
	}
	data, err := ep.EncodeBody(body)
	if err != nil {
		return "client rejects"
	}
	r := httptest.NewRequest(ep.Method(), built, bytes.NewReader(data))
	if data != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNoContent || got == nil {
		t.Fatalf("%s %s (values %q, body %s): status %d: %s", ep.Method(), built, vals, data, w.Code, w.Body)
	}
	if got.Method != k {
		// Precedence: another method of the same HTTP method and a more
		// specific path took a request that its own client sends too.
		other := eps[got.Method]
		if shadowed(ep, other, base, built, got.Values) {
			return "shadowed"
		}
		t.Fatalf("%s %s built for %s (values %q) reached %s with %q", ep.Method(), built, ep.Name(), vals, other.Name(), got.Values)
	}
	if !reflect.DeepEqual(got.Values, want) || !reflect.DeepEqual(got.Lists, wantLists) {
		t.Fatalf("%s %s (%s): values %q lists %q, want %q %q", ep.Method(), built, ep.Name(), got.Values, got.Lists, want, wantLists)
	}
	for i := range wantBody {
		if !bytes.Equal(got.Body[i], wantBody[i]) || (got.Body[i] == nil) != (wantBody[i] == nil) {
			t.Fatalf("%s %s (%s) with body %s: body parameter %s = %s, want %s", ep.Method(), built, ep.Name(), data, bodyParams[i].Name, got.Body[i], wantBody[i])
		}
	}
	return "ok"
}

// shadowed reports whether a request built for ep reached other by
// precedence, as it should: other has the same HTTP method and another,
// more specific path (the router's tests check which is more specific),
// and other's client sends the same path for the values other got.
func shadowed(ep, other *apirt.Endpoint, base, built string, vals []string) bool {
	if other.Method() != ep.Method() || other.PathShape() == ep.PathShape() {
		return false
	}
	again, err := other.Build(base, vals)
	return err == nil && pathOf(again) == pathOf(built)
}

// pathOf returns a URL without its query.
func pathOf(u string) string {
	p, _, _ := strings.Cut(u, "?")
	return p
}

// TestServeRoundTripReachesMethods checks that the round trip is not
// vacuous: most random requests are sent and reach their method, on every
// shipped API.
func TestServeRoundTripReachesMethods(t *testing.T) {
	outcomes := map[string]int{}
	for seed := uint64(0); seed < 400; seed++ {
		outcomes[serveRoundTrip(t, seed, "v/1 %", "", uint8(seed), uint8(seed*7))]++
	}
	t.Logf("outcomes of 400 round trips: %v", outcomes)
	if outcomes["ok"] < 200 {
		t.Errorf("only %d of 400 round trips reached their method: %v", outcomes["ok"], outcomes)
	}
}

// TestServeRoundTripEveryShippedMethod sends, for every method of every
// shipped definition, a request that a client builds with hostile values
// for every parameter (or an option), and checks that it reaches the
// method with them.
func TestServeRoundTripEveryShippedMethod(t *testing.T) {
	base := "https://h.example/api/v2"
	sent, methods := 0, 0
	defer func() {
		if sent < 2*methods {
			t.Errorf("only %d requests sent for %d methods", sent, methods)
		}
	}()
	for _, eps := range shippedAPIs(t) {
		methods += len(eps)
		var got *apirt.Call
		h := apirt.ServeEndpoints(eps, func(ctx context.Context, c *apirt.Call) (any, error) {
			got = c
			return nil, nil
		}, apirt.WithPathPrefix("/api/v2"))
		for k, ep := range eps {
			for _, v := range []string{"a/b?c#d%e f&=+\u00fc", "x.json", ""} {
				params := ep.Params()
				vals := make([]string, len(params))
				var lists [][]string
				for i, p := range params {
					switch {
					case p.List:
						// Two elements: hostile ones, or the last two
						// options; none when v is "".
						if lists == nil {
							lists = make([][]string, len(params))
						}
						switch {
						case p.Options != nil:
							lists[i] = p.Options[max(len(p.Options)-2, 0):]
						case v != "":
							lists[i] = []string{v, v + "2"}
						case p.Required:
							lists[i] = []string{"r"}
						}
					case p.Options != nil:
						vals[i] = p.Options[len(p.Options)-1]
					case v == "" && p.Required:
						vals[i] = "r"
					default:
						vals[i] = v
					}
				}
				built, err := ep.BuildLists(base, vals, lists)
				if err != nil {
					continue // as when v is "" for a pair of key and value
				}
				sent++
				bodyVals := make([]any, len(ep.Body()))
				for i, p := range ep.Body() {
					bodyVals[i] = map[string]any{"v": v}
					if p.Options != nil {
						bodyVals[i] = p.Options[0]
					}
				}
				data, err := ep.EncodeBody(bodyVals)
				if err != nil {
					t.Fatalf("%s: %v", ep.Name(), err)
				}
				got = nil
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(ep.Method(), built, bytes.NewReader(data)))
				if w.Code == http.StatusNoContent && got != nil && got.Method != k && shadowed(ep, eps[got.Method], base, built, got.Values) {
					continue
				}
				if w.Code != http.StatusNoContent || got == nil || got.Method != k {
					name := "nothing"
					if got != nil {
						name = eps[got.Method].Name()
					}
					t.Errorf("%s %s (%s): status %d, reached %s: %s", ep.Method(), built, ep.Name(), w.Code, name, w.Body)
					continue
				}
				for i, p := range params {
					if p.List {
						want := lists[i]
						if want == nil && p.Default != "" {
							want = []string{p.Default}
						}
						if !reflect.DeepEqual(got.Lists[i], want) || got.Values[i] != "" {
							t.Errorf("%s %s: %s = %q (value %q), want %q", ep.Name(), built, p.Name, got.Lists[i], got.Values[i], want)
						}
						continue
					}
					if want := cmp.Or(vals[i], p.Default); got.Values[i] != want {
						t.Errorf("%s %s: %s = %q, want %q", ep.Name(), built, p.Name, got.Values[i], want)
					}
				}
				for i, p := range ep.Body() {
					if want, _ := json.Marshal(bodyVals[i]); !bytes.Equal(got.Body[i], want) {
						t.Errorf("%s %s: body parameter %s = %s, want %s", ep.Name(), built, p.Name, got.Body[i], want)
					}
				}
			}
		}
	}
}
