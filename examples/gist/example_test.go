package gist_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/apigen-go/apigen/examples/gist"
)

func Example() {
	// A stand-in for the gist server that echoes what it receives.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, `{"request": %q}`, r.Method+" "+r.RequestURI+" "+string(body))
	}))
	defer srv.Close()

	c, err := gist.NewClient(srv.URL, gist.WithBearerToken("token"))
	if err != nil {
		log.Fatal(err)
	}
	files := map[string]any{"hello.go": map[string]string{"content": "package main"}}
	resp, err := c.Gist.Create(context.Background(), files, &gist.GistCreateParams{Description: "Hello"})
	if err != nil {
		log.Fatal(err)
	}
	var echo struct{ Request string }
	if err := resp.Decode(&echo); err != nil {
		log.Fatal(err)
	}
	fmt.Println(echo.Request)
	// Output:
	// POST /gists {"files":{"hello.go":{"content":"package main"}},"description":"Hello","public":"false"}
}
