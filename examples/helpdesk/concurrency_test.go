package helpdesk

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentUse shares one client among goroutines, as the contract
// allows: each call must get the response to its own request. Run with
// -race (CI does where cgo is available) to check the client's state too.
func TestConcurrentUse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.RequestURI(), r.Header.Get("X-Caller"))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithBearerToken("t"), WithHeader("X-Caller", "shared"),
		WithRequestEditor(func(r *http.Request) error {
			r.Header.Set("X-Caller", r.URL.Query().Get("view")+r.URL.Path)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	const workers, calls = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				id := strconv.Itoa(w*calls + i)
				resp, err := c.Ticket.Comment.List(context.Background(), id, nil)
				want := "GET /tickets/" + id + "/comments.json?sort=asc /tickets/" + id + "/comments.json"
				if err != nil {
					errs <- err
				} else if string(resp.Body) != want {
					errs <- fmt.Errorf("call %s got %q, want %q", id, resp.Body, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
