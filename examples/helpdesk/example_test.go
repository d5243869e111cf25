package helpdesk_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/apigen-go/apigen/examples/helpdesk"
)

// A stand-in for the help desk server, so that the example runs anywhere.
func fakeDesk() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/tickets/42.json":
			fmt.Fprint(w, `{"id": 42, "subject": "Printer on fire", "status": "open"}`)
		case "/api/v2/tickets.json":
			fmt.Fprintf(w, `[{"id": 42, "subject": "query: %s"}]`, r.URL.RawQuery)
		default:
			http.Error(w, `{"error": "not found"}`, http.StatusNotFound)
		}
	}))
}

func Example() {
	srv := fakeDesk()
	defer srv.Close()

	// Pass "" to use the definition's _url, https://desk.example.com/api/v2.
	c, err := helpdesk.NewClient(srv.URL+"/api/v2", helpdesk.WithBasicAuth("agent@example.com", "secret"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	resp, err := c.Ticket.Get(ctx, "42")
	if err != nil {
		log.Fatal(err)
	}
	var ticket struct {
		ID      int
		Subject string
	}
	if err := resp.Decode(&ticket); err != nil {
		log.Fatal(err)
	}
	fmt.Println(ticket.ID, ticket.Subject)

	// Optional parameters go in a params struct; nil sends the defaults.
	resp, err = c.Ticket.List(ctx, &helpdesk.TicketListParams{View: helpdesk.TicketViewPending})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(resp.Body))

	// Non-2xx answers are *helpdesk.Error values.
	_, err = c.Ticket.Note.Get(ctx, "42", "7")
	fmt.Println(err != nil)
	// Output:
	// 42 Printer on fire
	// [{"id": 42, "subject": "query: view=pending&per_page=25"}]
	// true
}
