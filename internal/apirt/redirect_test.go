package apirt_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apigen-go/apigen/internal/apirt"
)

// redirector answers /redirect?to=URL with a redirect to URL.
func redirector(w http.ResponseWriter, r *http.Request) {
	if to := r.URL.Query().Get("to"); r.URL.Path == "/api/redirect" && to != "" {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	io.WriteString(w, `{"ok":true}`)
}

// credentialHeaders are the headers that the options of credentialOpts
// set, with the values they set.
var credentialHeaders = map[string]string{
	"Authorization": "Bearer t0ken",
	"X-Api-Key":     "k3y",
	"User-Agent":    "tester/1.0",
}

var credentialOpts = []apirt.Option{
	apirt.WithBasicAuth("agent", "s3cr3t"), // replaced by the bearer token
	apirt.WithBearerToken("t0ken"),
	apirt.WithHeader("X-Api-Key", "k3y"),
	apirt.WithUserAgent("tester/1.0"),
}

// TestCredentialsStayWithTheBaseOrigin follows redirects between two local
// servers on different ports. Headers set by options, Authorization and the
// Referer (which carries the query) reach only the base URL's origin; a
// redirect back to it gets them again.
func TestCredentialsStayWithTheBaseOrigin(t *testing.T) {
	base := newRecorder(t, false, redirector)
	other := newRecorder(t, false, redirector)
	tmpl, e := endpoint(t, "/redirect?to={to}&api_key=K3Y")
	call := func(c *apirt.Client, to string) {
		t.Helper()
		if _, err := c.Call(context.Background(), "GET", e, values(tmpl, map[string]string{"to": to})); err != nil {
			t.Fatal(err)
		}
	}
	assertHeaders := func(what string, h http.Header, sent bool) {
		t.Helper()
		for k, v := range credentialHeaders {
			if got := h.Get(k); (got == v) != sent {
				t.Errorf("%s: %s = %q (sent: %v)", what, k, got, sent)
			}
		}
		if a, ok := h["Accept"]; ok {
			t.Errorf("%s: Accept = %q, though no option set it", what, a)
		}
	}

	c := newClient(t, base.URL+"/api", credentialOpts...)
	call(c, other.URL+"/landing")
	if reqs := base.requests(); len(reqs) != 1 {
		t.Fatalf("base server: %v", reqs)
	} else {
		assertHeaders("first request", reqs[0].Header, true)
	}
	reqs := other.requests()
	if len(reqs) != 1 || reqs[0].URI != "/landing" {
		t.Fatalf("other server: %v", reqs)
	}
	assertHeaders("after a redirect to another port", reqs[0].Header, false)
	if ref := reqs[0].Header.Get("Referer"); ref != "" {
		t.Errorf("Referer %q sent to another origin", ref)
	}

	// Back from the other origin to the base URL's: the headers return.
	call(c, other.URL+"/api/redirect?to="+base.URL+"/api/home")
	if reqs := base.requests(); len(reqs) != 2 || reqs[1].URI != "/api/home" {
		t.Fatalf("base server: %v", reqs)
	} else {
		assertHeaders("back at the base origin", reqs[1].Header, true)
	}
	if reqs := other.requests(); len(reqs) != 1 {
		t.Fatalf("other server: %v", reqs)
	} else {
		assertHeaders("passing through another origin", reqs[0].Header, false)
	}

	// Within the base origin, the headers follow.
	call(c, base.URL+"/api/home")
	if reqs := base.requests(); len(reqs) != 2 {
		t.Fatalf("base server: %v", reqs)
	} else {
		assertHeaders("after a redirect within the origin", reqs[1].Header, true)
	}

	// An Authorization header set by a request editor, or from the base
	// URL's user info, is dropped too.
	host := strings.TrimPrefix(base.URL, "http://")
	for _, c := range []*apirt.Client{
		newClient(t, base.URL+"/api", apirt.WithRequestEditor(func(r *http.Request) error {
			r.Header.Set("Authorization", "Bearer t0ken")
			return nil
		})),
		newClient(t, "http://agent:s3cr3t@"+host+"/api"),
	} {
		call(c, other.URL+"/landing")
		if reqs := base.requests(); len(reqs) != 1 || reqs[0].Header.Get("Authorization") == "" {
			t.Errorf("base server: %v", reqs)
		}
		if reqs := other.requests(); len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "" {
			t.Errorf("other server: %v", reqs)
		}
	}
}

// TestCredentialsReturnAfterAnotherHost protects the promise that a
// redirect back to the base URL's origin gets the options' headers again,
// Authorization included, also when the redirect went through another host
// name: net/http then stops copying Authorization for the rest of the
// redirects, so the client sets it again itself.
func TestCredentialsReturnAfterAnotherHost(t *testing.T) {
	base := newRecorder(t, false, redirector)
	other := newRecorder(t, false, redirector)
	// other.invalid is the other server: another host name, not only
	// another port.
	otherAddr := strings.TrimPrefix(other.URL, "http://")
	_, port, _ := strings.Cut(otherAddr, ":")
	otherURL := "http://other.invalid:" + port
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "other.invalid:") {
			addr = otherAddr
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	opts := append([]apirt.Option{apirt.WithHTTPClient(&http.Client{Transport: tr})}, credentialOpts...)
	c := newClient(t, base.URL+"/api", opts...)
	tmpl, e := endpoint(t, "/redirect?to={to}")
	to := otherURL + "/api/redirect?to=" + url.QueryEscape(base.URL+"/api/home")
	if _, err := c.Call(context.Background(), "GET", e, values(tmpl, map[string]string{"to": to})); err != nil {
		t.Fatal(err)
	}
	reqs := other.requests()
	if len(reqs) != 1 {
		t.Fatalf("other server: %v", reqs)
	}
	for k, v := range credentialHeaders {
		if reqs[0].Header.Get(k) == v {
			t.Errorf("other host: %s = %q sent", k, v)
		}
	}
	reqs = base.requests()
	if len(reqs) != 2 || reqs[1].URI != "/api/home" {
		t.Fatalf("base server: %v", reqs)
	}
	for k, v := range credentialHeaders {
		if got := reqs[1].Header.Get(k); got != v {
			t.Errorf("back at the base origin: %s = %q, want %q", k, got, v)
		}
	}
}

// TestRedirectFromHTTPSToHTTPRefused checks that a client refuses to follow
// a redirect from https to http, which would send the request, credentials
// included, unencrypted.
func TestRedirectFromHTTPSToHTTPRefused(t *testing.T) {
	tlsSrv := newRecorder(t, true, redirector)
	plain := newRecorder(t, false, nil)
	c := newClient(t, tlsSrv.URL+"/api", append(credentialOpts, apirt.WithHTTPClient(tlsSrv.Client()))...)
	tmpl, e := endpoint(t, "/redirect?to={to}&api_key=K3Y")
	_, err := c.Call(context.Background(), "GET", e, values(tmpl, map[string]string{"to": plain.URL + "/landing"}))
	want := "GET " + tlsSrv.URL + "/api/redirect: refused a redirect from https to " + plain.URL + ": it would send the request unencrypted"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if reqs := plain.requests(); len(reqs) != 0 {
		t.Errorf("the http server received %v", reqs)
	}
	if reqs := tlsSrv.requests(); len(reqs) != 1 {
		t.Errorf("the https server received %v", reqs)
	}
}

// TestUserHTTPClientUnchanged checks that NewClient and calls leave the
// http.Client given to WithHTTPClient (and http.DefaultClient) as they
// were, and that the client's redirect policy still applies the user's.
func TestUserHTTPClientUnchanged(t *testing.T) {
	base := newRecorder(t, false, redirector)
	other := newRecorder(t, false, nil)
	var policyCalls int
	policy := func(req *http.Request, via []*http.Request) error {
		policyCalls++
		if req.Header.Get("Authorization") != "" {
			t.Errorf("the user's policy sees Authorization on a redirect to %s", req.URL)
		}
		return http.ErrUseLastResponse
	}
	transport := &http.Transport{}
	jar := fakeJar{}
	hc := &http.Client{Transport: transport, CheckRedirect: policy, Jar: jar, Timeout: time.Minute}
	snapshot := func(hc *http.Client) []any {
		return []any{hc.Transport, reflect.ValueOf(hc.CheckRedirect).Pointer(), hc.Jar, hc.Timeout}
	}
	want := snapshot(hc)
	defaultWant := snapshot(http.DefaultClient)

	c := newClient(t, base.URL+"/api", apirt.WithHTTPClient(hc), apirt.WithBearerToken("t0ken"))
	if c.HTTPClient() == hc {
		t.Error("the client sends with the user's http.Client itself, not a copy")
	}
	if got := c.HTTPClient(); got.Transport != transport || got.Jar != jar || got.Timeout != time.Minute {
		t.Errorf("the copy differs from the user's client: %+v", got)
	}
	tmpl, e := endpoint(t, "/redirect?to={to}")
	resp, err := c.Call(context.Background(), "GET", e, values(tmpl, map[string]string{"to": other.URL + "/landing"}))
	var apiErr *apirt.Error // the redirect itself is the response, and not a 2xx one
	if !errors.As(err, &apiErr) || resp.StatusCode != http.StatusFound || policyCalls != 1 {
		t.Errorf("with the user's policy (ErrUseLastResponse): %v, %v, %d calls", resp, err, policyCalls)
	}
	if reqs := other.requests(); len(reqs) != 0 {
		t.Errorf("the redirect was followed: %v", reqs)
	}
	newClient(t, base.URL+"/api", apirt.WithBearerToken("t0ken"))
	if got := snapshot(hc); !reflect.DeepEqual(got, want) {
		t.Errorf("the user's client changed: %v, was %v", got, want)
	}
	if got := snapshot(http.DefaultClient); !reflect.DeepEqual(got, defaultWant) {
		t.Errorf("http.DefaultClient changed: %v, was %v", got, defaultWant)
	}
}

// TestRedirectLimit checks that without a policy of the user's, net/http's
// default limit of 10 redirects still applies.
func TestRedirectLimit(t *testing.T) {
	var loop *recorder
	loop = newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+"/again", http.StatusFound)
	})
	c := newClient(t, loop.URL)
	_, e := endpoint(t, "/start")
	if _, err := c.Call(context.Background(), "GET", e, nil); err == nil || !strings.HasSuffix(err.Error(), "stopped after 10 redirects") {
		t.Errorf("err = %v", err)
	}
	if n := len(loop.requests()); n != 10 {
		t.Errorf("%d requests, want 10", n)
	}
}

// fakeJar is a cookie jar that keeps nothing.
type fakeJar struct{}

func (fakeJar) SetCookies(*url.URL, []*http.Cookie) {}
func (fakeJar) Cookies(*url.URL) []*http.Cookie     { return nil }
