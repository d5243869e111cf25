package apirt_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apigen-go/apigen/internal/apirt"
)

// TestErrorsNeverShowSecrets checks every kind of error a client returns
// for the password of a base URL's user info and for the query string,
// where API keys travel. The URL field of *Error keeps the query.
func TestErrorsNeverShowSecrets(t *testing.T) {
	secrets := []string{"agent", "s3cr3t", "K3Y"}
	check := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
			return
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) {
				t.Errorf("%s: the error shows %q: %v", what, s, err)
			}
		}
	}
	for _, base := range []string{
		"http://agent:s3cr3t@127.0.0.1:badport/api",
		"http://agent:s3cr3t@127.0.0.1:badport/api?api_key=K3Y",
		"http://agent:s3cr%zz3t@127.0.0.1/api",
		"http://agent:s3cr3t@127.0.0.1/a%zzpi",
		"http://agent:s3cr3t@127.0.0.1/api\x7f",
		"ftp://agent:s3cr3t@127.0.0.1/api",
		"http:agent:s3cr3t@127.0.0.1/api",
		"https://agent:s3cr3t@127.0.0.1/api?api_key=K3Y",
		"https://agent:s3cr3t@127.0.0.1/api#K3Y",
	} {
		_, err := apirt.NewTestClient(base)
		check("NewClient("+base+")", err)
	}
	if _, err := apirt.NewTestClient("http://agent:s3cr3t@127.0.0.1:badport/api"); err == nil ||
		err.Error() != `NewClient: invalid base URL "http://127.0.0.1:badport/api": invalid port ":badport" after host` {
		t.Errorf("NewClient with a bad port: %v", err)
	}

	srv := newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "r1")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error":"no"}`)
	})
	host := strings.TrimPrefix(srv.URL, "http://")
	tmpl, e := endpoint(t, "/x?api_key={key}")
	vals := values(tmpl, map[string]string{"key": "K3Y"})
	c := newClient(t, "http://agent:s3cr3t@"+host+"/api")

	_, err := c.Call(context.Background(), "GET", e, vals)
	check("an API error", err)
	var apiErr *apirt.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	if want := srv.URL + "/api/x?api_key=K3Y"; apiErr.URL != want {
		t.Errorf("Error.URL = %q, want %q", apiErr.URL, want)
	}
	if want := "GET " + srv.URL + `/api/x: 403 Forbidden: {"error":"no"}`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if apiErr.Header.Get("X-Request-Id") != "r1" {
		t.Errorf("Error.Header = %v", apiErr.Header)
	}
	if reqs := srv.requests(); len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "Basic YWdlbnQ6czNjcjN0" {
		t.Errorf("the user info of the base URL is not sent as basic authentication: %v", reqs)
	}

	small := newClient(t, "http://agent:s3cr3t@"+host+"/api", apirt.WithMaxResponseBytes(3))
	_, err = small.Call(context.Background(), "GET", e, vals)
	check("a body that is too large", err)
	if err == nil || !strings.Contains(err.Error(), "GET "+srv.URL+"/api/x: the response body is larger than 3 bytes") {
		t.Errorf("body too large: %v", err)
	}

	srv.Close()
	_, err = c.Call(context.Background(), "GET", e, vals)
	check("a transport error", err)
	if err == nil || !strings.HasPrefix(err.Error(), "GET "+srv.URL+"/api/x: ") {
		t.Errorf("transport error = %v", err)
	}
}

// TestMessagesCutBetweenCharacters checks that error messages shorten long
// bodies and values between two UTF-8 characters, never inside one.
func TestMessagesCutBetweenCharacters(t *testing.T) {
	for _, pad := range []int{197, 198, 199, 200} {
		body := strings.Repeat("a", pad) + strings.Repeat("é", 10)
		msg := (&apirt.Error{Method: "GET", URL: "https://h/x", StatusCode: 500, Body: []byte(body)}).Error()
		if !utf8.ValidString(msg) || !strings.HasSuffix(msg, "...") || len(msg) > len("GET https://h/x: 500 Internal Server Error: ")+203 {
			t.Errorf("body of %d bytes then é: message %q", pad, msg)
		}
	}
	srv := newRecorder(t, false, nil)
	c := newClient(t, srv.URL)
	tmpl, e := endpoint(t, "/x?view={view::open,closed}")
	for _, pad := range []int{37, 38, 39, 40} {
		_, err := c.Call(context.Background(), "GET", e, values(tmpl, map[string]string{"view": strings.Repeat("a", pad) + "€€€"}))
		if err == nil || !utf8.ValidString(err.Error()) || !strings.Contains(err.Error(), `..." is not one of open, closed`) {
			t.Errorf("value of %d bytes then €: %v", pad, err)
		}
	}
}
