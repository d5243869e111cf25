package apirt

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// ticketGetEcho answers Ticket.Get with the ticket_id it was given.
type ticketGetEcho struct{ UnimplementedService }

func (ticketGetEcho) TicketGet(_ context.Context, req *TicketGetRequest) (any, error) {
	return req.TicketID, nil
}

// TestTableFirstUseConcurrent calls the methods of unread tables from many
// goroutines at once while a server's handler is made from the same
// tables, as a program's first calls may: every call and every request gets
// what its own values say. Run with -race (CI
// does) to check that the first reads are synchronized.
func TestTableFirstUseConcurrent(t *testing.T) {
	// Fresh, unread copies of desk_test.go's tables.
	methods := make([]serverMethod, len(serviceMethods))
	for i, m := range serviceMethods {
		methods[i] = serverMethod{t: &table{method: m.t.method, name: m.t.name, url: m.t.url, body: m.t.body}, req: m.req}
	}
	get, list := methods[2].t, methods[1].t // Ticket.Get, Ticket.List

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Method+" "+r.URL.RequestURI())
	}))
	defer srv.Close()
	c, err := newConn(srv.URL, "", nil)
	if err != nil {
		t.Fatal(err)
	}

	const workers = 16
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan string, 4*workers)
	for w := range workers {
		wg.Add(2)
		go func() { // a client's first calls
			defer wg.Done()
			<-start
			id := strconv.Itoa(w)
			tab, vals, want := get, []string{id}, "GET /tickets/"+id+".json"
			if w%2 == 1 {
				tab, vals, want = list, []string{"", id, ""}, "GET /tickets.json?view=open&page="+id+"&per_page=25"
			}
			resp, err := c.do(context.Background(), tab, vals, nil)
			switch {
			case err != nil:
				errs <- "call " + id + ": " + err.Error()
			case string(resp.Body) != want:
				errs <- "call " + id + ": got " + string(resp.Body) + ", want " + want
			}
		}()
		go func() { // a handler made and used meanwhile
			defer wg.Done()
			<-start
			h := newHandler(ticketGetEcho{}, methods, func(ctx context.Context, i int, req any) (any, error) {
				return callService(ticketGetEcho{}, ctx, i, req)
			}, nil)
			id := strconv.Itoa(100 + w)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/tickets/"+id+".json", nil))
			if got, want := rec.Body.String(), `"`+id+`"`; rec.Code != 200 || got != want+"\n" && got != want {
				errs <- "handler " + id + ": got " + strconv.Itoa(rec.Code) + " " + got + ", want 200 " + want
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
