package apirt_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
)

// Benchmarks of the server runtime on the synthetic definition of 11,000
// methods (internal/deftest.Synth): routing and reading parameters, and a whole
// request through ServeHTTP against a hand-written http.ServeMux handler
// doing the same work. Targets (docs/performance.md): routing with the
// parameters of a three-parameter route at most 150 ns, allocating only the
// values; a whole request at most 1.2 times the hand-written handler's
// time. Allocation counts are checked by tests, timings only here.

var (
	synthOnce sync.Once
	synthEps  []*apirt.Endpoint
)

// synthEndpoints returns the endpoints of the 11,000 methods of the
// synthetic definition with 1,000 resources.
func synthEndpoints(tb testing.TB) []*apirt.Endpoint {
	synthOnce.Do(func() {
		synthEps = serverEndpoints(tb, deftest.Synth(tb, 1000))
	})
	return synthEps
}

// methodIndex returns the index of the method named name.
func methodIndex(tb testing.TB, eps []*apirt.Endpoint, name string) int {
	for i, e := range eps {
		if e.Name() == name {
			return i
		}
	}
	tb.Fatalf("no method %s", name)
	return -1
}

// routeCases are requests of the synthetic API with what routing gives.
var routeCases = []struct {
	name, method, path, query string
	want                      string // method name
	vals                      []string
	allocs                    float64 // the values, and a decoded segment
}{
	{"query3", "GET", "/resources500.json", "state=pending&page=2&per_page=50", "Resource500.List", []string{"pending", "2", "50"}, 1},
	{"query3-defaults", "GET", "/resources500.json", "", "Resource500.List", []string{"open", "", "25"}, 1},
	{"path2", "GET", "/resources500/42/children/7.json", "", "Resource500.Child.Get", []string{"42", "7"}, 1},
	{"path1-escaped", "GET", "/resources500/a%2Fb.json", "", "Resource500.Get", []string{"a/b"}, 2},
	{"querykey", "GET", "/resources500/search.json", "email=x%40y&format=json", "Resource500.Search", []string{"email", "x@y"}, 2},
}

// BenchmarkRoute routes requests of the synthetic API of 11,000 methods and
// reads their parameters, with validation and defaults.
func BenchmarkRoute(b *testing.B) {
	r := apirt.NewRouter(synthEndpoints(b))
	for _, rc := range routeCases {
		b.Run(rc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Lookup(rc.method, rc.path, rc.query)
			}
		})
	}
}

// TestRouteAllocations checks what routing allocates on the synthetic API:
// the slice of values, and the decoded text of escaped values.
func TestRouteAllocations(t *testing.T) {
	eps := synthEndpoints(t)
	r := apirt.NewRouter(eps)
	for _, rc := range routeCases {
		i, vals, err := r.Lookup(rc.method, rc.path, rc.query)
		if err != nil || i < 0 || eps[i].Name() != rc.want || !reflect.DeepEqual(vals, rc.vals) {
			t.Errorf("%s: routed to %d (%v) with %q, %v; want %s with %q", rc.name, i, nameOf(eps, i), vals, err, rc.want, rc.vals)
		}
		if n := testing.AllocsPerRun(100, func() { r.Lookup(rc.method, rc.path, rc.query) }); n != rc.allocs {
			t.Errorf("%s: %v allocations, want %v", rc.name, n, rc.allocs)
		}
	}
}

func nameOf(eps []*apirt.Endpoint, i int) string {
	if i < 0 {
		return "none"
	}
	return eps[i].Name()
}

// listRequest is the request struct that apigen generates for
// Resource500.List (with string in place of the enum type).
type listRequest struct {
	State   string // query parameter state; default "open"
	Page    string // query parameter page
	PerPage string // query parameter per_page; default "25"
}

// listService is the service method both servers call.
func listService(ctx context.Context, req *listRequest) (any, error) {
	return req, nil
}

var listStates = []string{"open", "pending", "closed", "all_items"}

// handList is a hand-written http.ServeMux handler of Resource500.List: it
// does what the generated server does for the method, as directly as
// net/http allows.
func handList(w http.ResponseWriter, r *http.Request) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		http.Error(w, `{"title":"Bad Request","status":400}`, http.StatusBadRequest)
		return
	}
	req := &listRequest{State: "open", PerPage: "25"}
	var bad []string
	for _, f := range []struct {
		key string
		dst *string
	}{{"state", &req.State}, {"page", &req.Page}, {"per_page", &req.PerPage}} {
		switch vs := q[f.key]; {
		case len(vs) > 1:
			bad = append(bad, f.key)
		case len(vs) == 1 && vs[0] != "":
			*f.dst = vs[0]
		}
	}
	valid := false
	for _, s := range listStates {
		valid = valid || req.State == s
	}
	if !valid {
		bad = append(bad, "state")
	}
	if len(bad) > 0 {
		http.Error(w, fmt.Sprintf(`{"title":"Bad Request","status":400,"errors":%q}`, bad), http.StatusBadRequest)
		return
	}
	res, err := listService(r.Context(), req)
	if err != nil {
		http.Error(w, `{"title":"Internal Server Error","status":500}`, http.StatusInternalServerError)
		return
	}
	data, err := json.Marshal(res)
	if err != nil {
		http.Error(w, `{"title":"Internal Server Error","status":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(data)
}

// synthMux returns an http.ServeMux with the routes of the synthetic API
// that its patterns can express ({item_id}.json they cannot), with handList
// for Resource500.List.
func synthMux() *http.ServeMux {
	mux := http.NewServeMux()
	other := func(w http.ResponseWriter, r *http.Request) { http.Error(w, "not implemented", 501) }
	for i := 0; i < 1000; i++ {
		root := fmt.Sprintf("/resources%d", i)
		if i == 500 {
			mux.HandleFunc("GET "+root+".json", handList)
		} else {
			mux.HandleFunc("GET "+root+".json", other)
		}
		mux.HandleFunc("POST "+root+".json", other)
		mux.HandleFunc("GET "+root+"/search.json", other)
		mux.HandleFunc("GET "+root+"/{item_id}/children.json", other)
		mux.HandleFunc("POST "+root+"/{item_id}/children.json", other)
		mux.HandleFunc("GET "+root+"/{item_id}/children/filter/{filter}", other)
	}
	return mux
}

// BenchmarkServe sends one request of Resource500.List (three query
// parameters, one with options, two defaults; a JSON reply) through the
// generated server's ServeHTTP, with the request struct filled as a
// generated server fills it, and through a hand-written http.ServeMux
// handler of the same API. Compare apigen to servemux in one run.
func BenchmarkServe(b *testing.B) {
	eps := synthEndpoints(b)
	list := methodIndex(b, eps, "Resource500.List")
	gen := apirt.NewTestHandler(eps, map[int]any{list: (*listRequest)(nil)}, func(ctx context.Context, i int, req any) (any, error) {
		return listService(ctx, req.(*listRequest))
	})
	target := "/resources500.json?state=pending&page=2"
	want := `{"State":"pending","Page":"2","PerPage":"25"}`
	for _, s := range []struct {
		name string
		h    http.Handler
	}{{"apigen", gen}, {"servemux", synthMux()}} {
		b.Run(s.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", target, nil)
			w := httptest.NewRecorder()
			s.h.ServeHTTP(w, r)
			if w.Code != 200 || w.Body.String() != want {
				b.Fatalf("status %d, body %s", w.Code, w.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				s.h.ServeHTTP(w, r)
			}
		})
	}
}
