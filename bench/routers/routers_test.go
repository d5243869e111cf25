package routers

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/generator/golang"
	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
	"github.com/go-chi/chi/v5"
)

// The synthetic API has, per resource N (root /resourcesN):
//
//	List        GET    {root}.json?state={state:open:{states}}&page={page:}&per_page={per_page:25}
//	Get         GET    {root}/{item_id}.json
//	Search      GET    {root}/search.json?{field::{fields}}={value:}&format=json
//	Create      POST   {root}.json
//	Update      PUT    {root}/{item_id}.json
//	Delete      DELETE {root}/{item_id}.json?reason={reason:!:spam,duplicate,other}
//	Child.List  GET    {root}/{item_id}/children.json?sort={sort:asc:asc,desc}
//	Child.Get   GET    {root}/{item_id}/children/{child_id}.json
//	Child.AddChild POST {root}/{item_id}/children.json
//	Child.Filter GET   {root}/{item_id}/children/filter/{filter:!:{fields}}
//	Child.Remove DELETE {root}/{item_id}/children/{child_id}.json
//
// ServeMux patterns take whole segments only, so it cannot express the
// routes with {item_id}.json or {child_id}.json; they are left out of it.
// chi can, but its parameter ends at the first '.', so a value with a '.'
// gets 404 there.

var (
	states = []string{"open", "pending", "closed", "all_items"}
	fields = []string{"name", "email", "company_email"}
	sorts  = []string{"asc", "desc"}
)

// routeCase is a request of the synthetic API, with the values that every
// router's handler must read from it (defaults applied).
type routeCase struct {
	name, method, target string
	want                 []string
	mux                  bool // whether ServeMux can express the route
}

var routeCases = []routeCase{
	{"query3", "GET", "/resources500.json?state=pending&page=2&per_page=50", []string{"pending", "2", "50"}, true},
	{"query3-defaults", "GET", "/resources500.json", []string{"open", "", "25"}, true},
	{"path1-query1", "GET", "/resources500/42/children.json?sort=desc", []string{"42", "desc"}, true},
	{"path1-escaped", "GET", "/resources500/a%2Fb/children.json", []string{"a/b", "asc"}, true},
	{"path2", "GET", "/resources500/42/children/filter/email", []string{"42", "email"}, true},
	{"path2-suffix", "GET", "/resources500/42/children/7.json", []string{"42", "7"}, false},
	{"path1-suffix-escaped", "GET", "/resources500/a%2Fb.json", []string{"a/b"}, false},
	{"querykey", "GET", "/resources500/search.json?email=x%40y&format=json", []string{"email", "x@y"}, true},
}

// got holds the values that the last request's handler read.
var got []string

// qparam is a query parameter as a hand-written handler reads it: key
// (when keys is nil) or the first of keys present.
type qparam struct {
	key      string
	keys     []string // a parameter that is the key: the first present, then its value
	def      string
	options  []string
	required bool
}

// handle is the work of a careful hand-written handler: the path values
// (already read by the router), the query parsed strictly, a key given
// twice rejected, defaults applied, required values and options checked;
// a 400 for a bad request, else 204. The values go to got.
func handle(w http.ResponseWriter, r *http.Request, path []string, qs []qparam) {
	vals := make([]string, 0, len(path)+2*len(qs))
	vals = append(vals, path...)
	var q url.Values
	if len(qs) > 0 {
		var err error
		if q, err = url.ParseQuery(r.URL.RawQuery); err != nil {
			http.Error(w, "bad query", http.StatusBadRequest)
			return
		}
	}
	bad := false
	for _, p := range qs {
		if p.keys != nil {
			key, value := "", ""
			for _, k := range p.keys {
				if vs, ok := q[k]; ok {
					key, value, bad = k, vs[0], bad || len(vs) > 1
					break
				}
			}
			vals = append(vals, key, value)
			continue
		}
		v := p.def
		switch vs := q[p.key]; {
		case len(vs) > 1:
			bad = true
		case len(vs) == 1 && vs[0] != "":
			v = vs[0]
		}
		bad = bad || p.required && v == "" || v != "" && p.options != nil && !oneOf(v, p.options)
		vals = append(vals, v)
	}
	if bad {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	got = vals
	w.WriteHeader(http.StatusNoContent)
}

func oneOf(v string, options []string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

// The query parameters of the routes measured.
var (
	listQuery      = []qparam{{key: "state", def: "open", options: states}, {key: "page"}, {key: "per_page", def: "25"}}
	childListQuery = []qparam{{key: "sort", def: "asc", options: sorts}}
	searchQuery    = []qparam{{keys: fields}}
)

func other(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}

// muxHandler returns the ServeMux of the synthetic API's routes that its
// patterns can express.
func muxHandler(n int) http.Handler {
	mux := http.NewServeMux()
	for i := 0; i < n; i++ {
		root := fmt.Sprintf("/resources%d", i)
		mux.HandleFunc("GET "+root+".json", func(w http.ResponseWriter, r *http.Request) { handle(w, r, nil, listQuery) })
		mux.HandleFunc("POST "+root+".json", other)
		mux.HandleFunc("GET "+root+"/search.json", func(w http.ResponseWriter, r *http.Request) { handle(w, r, nil, searchQuery) })
		mux.HandleFunc("GET "+root+"/{item_id}/children.json", func(w http.ResponseWriter, r *http.Request) {
			handle(w, r, []string{r.PathValue("item_id")}, childListQuery)
		})
		mux.HandleFunc("POST "+root+"/{item_id}/children.json", other)
		mux.HandleFunc("GET "+root+"/{item_id}/children/filter/{filter}", func(w http.ResponseWriter, r *http.Request) {
			f := r.PathValue("filter")
			if !oneOf(f, fields) {
				http.Error(w, "bad filter", http.StatusBadRequest)
				return
			}
			handle(w, r, []string{r.PathValue("item_id"), f}, nil)
		})
	}
	return mux
}

// chiHandler returns the chi router of all the synthetic API's routes.
// chi gives a value as it is in the escaped path: handlers decode it.
func chiHandler(n int) http.Handler {
	r := chi.NewRouter()
	param := func(r *http.Request, name string) (string, bool) {
		v, err := url.PathUnescape(chi.URLParam(r, name))
		return v, err == nil
	}
	path := func(names ...string) func(w http.ResponseWriter, r *http.Request, qs []qparam) {
		return func(w http.ResponseWriter, r *http.Request, qs []qparam) {
			vals := make([]string, len(names))
			for i, name := range names {
				v, ok := param(r, name)
				if !ok || name == "filter" && !oneOf(v, fields) {
					http.Error(w, "bad "+name, http.StatusBadRequest)
					return
				}
				vals[i] = v
			}
			handle(w, r, vals, qs)
		}
	}
	item, itemChild, itemFilter := path("item_id"), path("item_id", "child_id"), path("item_id", "filter")
	for i := 0; i < n; i++ {
		root := fmt.Sprintf("/resources%d", i)
		r.Get(root+".json", func(w http.ResponseWriter, r *http.Request) { handle(w, r, nil, listQuery) })
		r.Get(root+"/{item_id}.json", func(w http.ResponseWriter, r *http.Request) { item(w, r, nil) })
		r.Get(root+"/search.json", func(w http.ResponseWriter, r *http.Request) { handle(w, r, nil, searchQuery) })
		r.Post(root+".json", other)
		r.Put(root+"/{item_id}.json", other)
		r.Delete(root+"/{item_id}.json", other)
		r.Get(root+"/{item_id}/children.json", func(w http.ResponseWriter, r *http.Request) { item(w, r, childListQuery) })
		r.Get(root+"/{item_id}/children/{child_id}.json", func(w http.ResponseWriter, r *http.Request) { itemChild(w, r, nil) })
		r.Post(root+"/{item_id}/children.json", other)
		r.Get(root+"/{item_id}/children/filter/{filter}", func(w http.ResponseWriter, r *http.Request) { itemFilter(w, r, nil) })
		r.Delete(root+"/{item_id}/children/{child_id}.json", other)
	}
	return r
}

// apigenHandler returns the handler of a generated server of the
// synthetic API (apirt.ServeEndpoints: the generated server's routing,
// reading and validation), answering 204.
func apigenHandler(tb testing.TB, api *model.API) http.Handler {
	names, diags := golang.Name(api, "")
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	var eps []*apirt.Endpoint
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			eps = append(eps, apirt.ForMethod(m, names.Method(m).FullName))
		}
	})
	return apirt.ServeEndpoints(eps, func(ctx context.Context, c *apirt.Call) (any, error) {
		got = c.Values
		return nil, nil
	})
}

var (
	routersOnce sync.Once
	routers     []namedRouter
)

type namedRouter struct {
	name string
	h    http.Handler
}

// allRouters returns the three routers of the synthetic API of 1,000
// resources (11,000 methods).
func allRouters(tb testing.TB) []namedRouter {
	routersOnce.Do(func() {
		const n = 1000
		routers = []namedRouter{
			{"apigen", apigenHandler(tb, deftest.Synth(tb, n))},
			{"servemux", muxHandler(n)},
			{"chi", chiHandler(n)},
		}
	})
	return routers
}

// discard is a ResponseWriter that keeps only the status, so that what
// is measured is the router and its handler.
type discard struct {
	header http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(status int)      { d.status = status }

// TestRoutersAgree checks that every router that can express a route
// routes its request to a handler that reads the values apigen's
// generated server reads, so that the benchmark compares the same work.
func TestRoutersAgree(t *testing.T) {
	for _, rc := range routeCases {
		for _, rt := range allRouters(t) {
			if rt.name == "servemux" && !rc.mux {
				continue
			}
			got = nil
			w := &discard{header: http.Header{}}
			rt.h.ServeHTTP(w, httptest.NewRequest(rc.method, rc.target, nil))
			if w.status != http.StatusNoContent || !reflect.DeepEqual(got, rc.want) {
				t.Errorf("%s, %s %s: status %d, values %q; want 204 and %q", rt.name, rc.method, rc.target, w.status, got, rc.want)
			}
		}
	}
}

// TestChiStopsAtDot records what chi cannot express that apigen's router
// can: a value with a '.' in a segment like {child_id}.json.
func TestChiStopsAtDot(t *testing.T) {
	for _, rt := range allRouters(t) {
		w := &discard{header: http.Header{}}
		rt.h.ServeHTTP(w, httptest.NewRequest("GET", "/resources500/v1.2.json", nil))
		want := http.StatusNoContent
		switch rt.name {
		case "chi":
			want = http.StatusNotFound
		case "servemux":
			continue // it has no such route
		}
		if w.status != want {
			t.Errorf("%s: status %d, want %d", rt.name, w.status, want)
		}
	}
}

// BenchmarkRouters serves each request of routeCases with each router
// whose patterns can express it: routing, reading the values, defaults
// and checks, and a 204 reply.
func BenchmarkRouters(b *testing.B) {
	for _, rc := range routeCases {
		for _, rt := range allRouters(b) {
			b.Run(rc.name+"/"+rt.name, func(b *testing.B) {
				if rt.name == "servemux" && !rc.mux {
					b.Skip("ServeMux patterns cannot express this route")
				}
				r := httptest.NewRequest(rc.method, rc.target, nil)
				w := &discard{header: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.header)
					rt.h.ServeHTTP(w, r)
				}
				if w.status != http.StatusNoContent {
					b.Fatalf("status %d", w.status)
				}
			})
		}
	}
}
