package apirt_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/deftest"
)

// formatDefinition has multi-segment ({+name}) and list ({name*})
// parameters beside the paths they compete with.
const formatDefinition = `{"R": {
	"get": ["GET", "/v1/{+name}?fields={fields*::a,b,c}"],
	"cancel": ["POST", "/v1/{+name}:cancel"],
	"versions": ["GET", "/v1/{+name}/versions/{v}"],
	"one": ["GET", "/v1/x/{id}"],
	"list": ["GET", "/q?id={ids*}&state={state*:on:on,off}&n={n:}"],
	"listX": ["GET", "/q?x=1&id={ids*}"],
	"set": ["POST", "/v2/{+name}"],
	"setCancel": ["POST", "/v2/{+name}:cancel"]
}}`

// TestServeMultiSegmentAndLists sends raw requests to a server of
// formatDefinition and checks where each goes and with what: a {+name}
// takes one or more whole segments, '/' kept, and no empty, ".", ".." or
// escaped-'/' segment; literal segments win over it, as over other tags,
// and a tag of one segment wins over it; a {name*} takes every value of its
// key, each checked against the options, by both ways of reading a query.
func TestServeMultiSegmentAndLists(t *testing.T) {
	api := deftest.Source(t, "format.json", formatDefinition)
	eps := serverEndpoints(t, api)
	if probs := apirt.CheckServer(eps); len(probs) > 0 {
		t.Fatalf("the server's check: %+v", probs)
	}
	h := apirt.ServeEndpoints(eps, func(ctx context.Context, c *apirt.Call) (any, error) {
		return fmt.Sprintf("%s %q %q", eps[c.Method].Name(), c.Values, c.Lists), nil
	})
	for _, tt := range []struct {
		method, target string
		status         int
		want           string // the reply's body contains it
	}{
		{"GET", "/v1/projects/p/zones/z", 200, `R.Get [\"projects/p/zones/z\" \"\"] [[] []]`},
		{"GET", "/v1/p", 200, `R.Get [\"p\" \"\"] [[] []]`},
		{"GET", "/v1/a%20b/c%3Fd?fields=a&fields=c", 200, `R.Get [\"a b/c?d\" \"\"] [[] [\"a\" \"c\"]]`},
		{"GET", "/v1/p?fields=a&fields=x", 400, `element 1: value \"x\" is not one of a, b, c`},
		{"GET", "/v1/p?fields=", 400, `element 0 is empty`},
		{"POST", "/v1/a/b:cancel", 200, `R.Cancel [\"a/b\"]`},
		{"POST", "/v1/a/b%3Acancel", 200, `R.Cancel [\"a/b\"]`},
		{"POST", "/v1/a/b", 405, `it serves GET, HEAD`},
		{"GET", "/v1/a/b/versions/3", 200, `R.Versions [\"a/b\" \"3\"]`},
		{"GET", "/v1/versions/3", 200, `R.Get [\"versions/3\" \"\"]`},
		{"GET", "/v1/x/42", 200, `R.One [\"42\"]`},
		{"GET", "/v1/x/42/43", 200, `R.Get [\"x/42/43\" \"\"]`},
		{"GET", "/v1/x", 200, `R.Get [\"x\" \"\"]`},
		{"POST", "/v2/a/b:cancel", 200, `R.SetCancel [\"a/b\"]`},
		{"POST", "/v2/a/b", 200, `R.Set [\"a/b\"]`},
		{"POST", "/v2/a/b:cancel/c", 200, `R.Set [\"a/b:cancel/c\"]`},
		{"POST", "/v2/a:cancel", 200, `R.SetCancel [\"a\"]`},
		{"GET", "/v1/a//b", 404, ``},
		{"GET", "/v1/a/b/", 404, ``},
		{"GET", "/v1//b", 404, ``},
		{"GET", "/v1/a/./b", 404, ``},
		{"GET", "/v1/a/../b", 404, ``},
		{"GET", "/v1/a/%2E%2E/b", 404, ``},
		{"GET", "/v1/..", 404, ``},
		{"POST", "/v1/a/..:cancel", 405, `it serves GET, HEAD`}, // R.Get's name a/..:cancel
		{"POST", "/v1/a/b/..:cancel", 405, ``},
		{"GET", "/v1/a%2Fb/c", 400, `holds an escaped '/'`},
		{"GET", "/v1/a/b%2Fc", 400, `holds an escaped '/'`},
		{"GET", "/q?id=a&id=b%2Fc&id=a&state=off&state=on&n=1", 200, `R.List [\"\" \"\" \"1\"] [[\"a\" \"b/c\" \"a\"] [\"off\" \"on\"] []]`},
		{"GET", "/q", 400, `parameter ids: a value is required`},
		{"GET", "/q?id=z", 200, `R.List [\"\" \"\" \"\"] [[\"z\"] [\"on\"] []]`},
		{"GET", "/q?id=a&n=1&n=2", 400, `the query key \"n\" is given more than once`},
		{"GET", "/q?state=up&state=on", 400, `element 0: value \"up\" is not one of on, off`},
		{"GET", "/q?x=1&id=a+b&id=c", 200, `R.ListX [\"\"] [[\"a b\" \"c\"]]`},
		{"GET", "/q?x=1&id=", 400, `element 0 is empty`},
		{"GET", "/q?id=%zz", 400, `the query is not validly escaped`},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tt.method, tt.target, nil))
		body := strings.ReplaceAll(w.Body.String(), `\u0026`, "&")
		if w.Code != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s %s: %d %s\nwant %d with %s", tt.method, tt.target, w.Code, body, tt.status, tt.want)
		}
	}
}

// TestServeFillsListFields checks that a generated request type's list
// fields ([]string, or a slice of an enum type) are filled by reflection,
// and a multi-segment field as a string.
func TestServeFillsListFields(t *testing.T) {
	type state string
	type listRequest struct {
		_     [0]func()
		IDs   []string
		State []state
		N     string
	}
	type getRequest struct {
		_      [0]func()
		Name   string
		Fields []string
	}
	eps := serverEndpoints(t, deftest.Source(t, "format.json", formatDefinition))
	var got any
	h := apirt.NewTestHandler(eps, map[int]any{0: (*getRequest)(nil), 4: (*listRequest)(nil)}, func(ctx context.Context, i int, req any) (any, error) {
		got = req
		return nil, nil
	})
	for _, tt := range []struct {
		target, want string
	}{
		{"/q?id=a&id=b&state=off&n=1", `&{_:[] IDs:[a b] State:[off] N:1}`},
		{"/q?id=z", `&{_:[] IDs:[z] State:[on] N:}`},
		{"/v1/a/b?fields=c", `&{_:[] Name:a/b Fields:[c]}`},
	} {
		got = nil
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", tt.target, nil))
		if s := fmt.Sprintf("%+v", got); w.Code != http.StatusNoContent || s != tt.want {
			t.Errorf("GET %s: %d, request %s; want %s", tt.target, w.Code, s, tt.want)
		}
	}
	if r, ok := got.(*getRequest); !ok || r.Fields == nil {
		t.Errorf("request %#v", got)
	}
}
