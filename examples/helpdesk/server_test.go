package helpdesk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/examples/helpdesk"
)

// memoryDesk is a help desk kept in memory: the server side of a few
// methods of the API. Embedding UnimplementedService answers the others
// with 501 Not Implemented, and keeps memoryDesk a helpdesk.Service when
// the definition gains methods.
type memoryDesk struct {
	helpdesk.UnimplementedService

	mu      sync.Mutex
	last    int
	tickets map[string]*ticket
}

type ticket struct {
	ID      int      `json:"id"`
	Subject string   `json:"subject"`
	Status  string   `json:"status"`
	Notes   []string `json:"notes,omitempty"`
}

func newMemoryDesk() *memoryDesk { return &memoryDesk{tickets: map[string]*ticket{}} }

// Ping answers with no content (204).
func (d *memoryDesk) Ping(ctx context.Context, req *helpdesk.PingRequest) (any, error) {
	return nil, nil
}

// TicketCreate stores the ticket in the body and answers 201 with it and
// its location.
func (d *memoryDesk) TicketCreate(ctx context.Context, req *helpdesk.TicketCreateRequest) (any, error) {
	var t ticket
	if err := json.Unmarshal(req.Ticket, &t); err != nil || t.Subject == "" {
		return nil, helpdesk.Errorf(http.StatusUnprocessableEntity, "a ticket needs a subject")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last++
	t.ID, t.Status = d.last, "open"
	d.tickets[strconv.Itoa(t.ID)] = &t
	return &helpdesk.Reply{
		StatusCode: http.StatusCreated,
		Header:     http.Header{"Location": {fmt.Sprintf("/api/v2/tickets/%d.json", t.ID)}},
		Body:       t,
	}, nil
}

// find returns the ticket with the id, or a 404 *StatusError. d.mu is held.
func (d *memoryDesk) find(id string) (*ticket, error) {
	t, ok := d.tickets[id]
	if !ok {
		return nil, helpdesk.Errorf(http.StatusNotFound, "no ticket %q", id)
	}
	return t, nil
}

func (d *memoryDesk) TicketGet(ctx context.Context, req *helpdesk.TicketGetRequest) (any, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.find(req.TicketID)
	if err != nil {
		return nil, err
	}
	return *t, nil
}

// TicketList lists the tickets of a view, a page at a time. The view has
// its default ("open") when the client did not set it.
func (d *memoryDesk) TicketList(ctx context.Context, req *helpdesk.TicketListRequest) (any, error) {
	perPage, err := strconv.Atoi(req.PerPage) // "25" by default
	if err != nil || perPage < 1 {
		return nil, &helpdesk.ValidationError{Method: "Ticket.List", Param: "per_page", Reason: "not a positive number"}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var list []ticket
	for i := 1; i <= d.last; i++ {
		t, ok := d.tickets[strconv.Itoa(i)]
		if ok && (req.View == helpdesk.TicketViewAllTickets || string(req.View) == t.Status) {
			list = append(list, *t)
		}
	}
	return list[:min(perPage, len(list))], nil
}

// TicketUpdate changes the status of a ticket.
func (d *memoryDesk) TicketUpdate(ctx context.Context, req *helpdesk.TicketUpdateRequest) (any, error) {
	var change struct{ Status string }
	if err := json.Unmarshal(req.Ticket, &change); err != nil {
		return nil, helpdesk.Errorf(http.StatusBadRequest, "the ticket is not an object: %v", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.find(req.TicketID)
	if err != nil {
		return nil, err
	}
	t.Status = change.Status
	return *t, nil
}

// TicketNoteAddNote adds a note, the JSON string of the body, to a ticket.
func (d *memoryDesk) TicketNoteAddNote(ctx context.Context, req *helpdesk.TicketNoteAddNoteRequest) (any, error) {
	var note string
	if err := json.Unmarshal(req.Body, &note); err != nil {
		return nil, helpdesk.Errorf(http.StatusBadRequest, "a note is a string")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.find(req.TicketID)
	if err != nil {
		return nil, err
	}
	t.Notes = append(t.Notes, note)
	return &helpdesk.Reply{StatusCode: http.StatusCreated}, nil
}

func (d *memoryDesk) TicketNoteList(ctx context.Context, req *helpdesk.TicketNoteListRequest) (any, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.find(req.TicketID)
	if err != nil {
		return nil, err
	}
	return t.Notes, nil
}

// bearerAuth is an interceptor that lets only calls with the token through,
// and records the methods called.
func bearerAuth(token string, called *[]string) helpdesk.Interceptor {
	var mu sync.Mutex
	return func(ctx context.Context, method string, req any, next func(context.Context) (any, error)) (any, error) {
		mu.Lock()
		*called = append(*called, method)
		mu.Unlock()
		if helpdesk.RequestFromContext(ctx).Header.Get("Authorization") != "Bearer "+token {
			return nil, helpdesk.Errorf(http.StatusUnauthorized, "a valid token is required")
		}
		return next(ctx)
	}
}

// TestServerWithClient drives the in-memory server with the generated
// client, under a path prefix and behind an authentication interceptor:
// what the client sends is what the server's methods get.
func TestServerWithClient(t *testing.T) {
	var called, logged []string
	srv := httptest.NewServer(helpdesk.NewHandler(newMemoryDesk(),
		helpdesk.WithPathPrefix("/api/v2"),
		helpdesk.WithInterceptor(bearerAuth("s3cret", &called)),
		helpdesk.WithErrorLog(func(ctx context.Context, method string, err error) {
			logged = append(logged, method+": "+err.Error())
		})))
	defer srv.Close()
	c, err := helpdesk.NewClient(srv.URL+"/api/v2", helpdesk.WithBearerToken("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	decode := func(resp *helpdesk.Response, err error, status int, v any) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != status {
			t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, resp.Body)
		}
		if v != nil {
			if err := resp.Decode(v); err != nil {
				t.Fatal(err)
			}
		}
	}

	resp, err := c.Ping(ctx)
	decode(resp, err, http.StatusNoContent, nil)

	// Create: the body parameter is the whole body; 201 with Location.
	var created ticket
	resp, err = c.Ticket.Create(ctx, map[string]any{"subject": "Printer on fire / 100% & more?"})
	decode(resp, err, http.StatusCreated, &created)
	if created.ID != 1 || created.Subject != "Printer on fire / 100% & more?" || resp.Header.Get("Location") != "/api/v2/tickets/1.json" {
		t.Errorf("created %+v at %q", created, resp.Header.Get("Location"))
	}
	resp, err = c.Ticket.Create(ctx, map[string]any{"subject": "Second"})
	decode(resp, err, http.StatusCreated, nil)

	// Update: several body parameters are the members of one object.
	var updated ticket
	resp, err = c.Ticket.Update(ctx, "2", map[string]string{"Status": "solved"}, &helpdesk.TicketUpdateParams{Notify: true})
	decode(resp, err, http.StatusOK, &updated)
	if updated.Status != "solved" {
		t.Errorf("updated %+v", updated)
	}

	// List: defaults apply (view "open", per_page "25"); an enum value.
	var open, solved, all []ticket
	resp, err = c.Ticket.List(ctx, nil)
	decode(resp, err, http.StatusOK, &open)
	resp, err = c.Ticket.List(ctx, &helpdesk.TicketListParams{View: helpdesk.TicketViewSolved})
	decode(resp, err, http.StatusOK, &solved)
	resp, err = c.Ticket.List(ctx, &helpdesk.TicketListParams{View: helpdesk.TicketViewAllTickets, PerPage: "1"})
	decode(resp, err, http.StatusOK, &all)
	if len(open) != 1 || open[0].ID != 1 || len(solved) != 1 || solved[0].ID != 2 || len(all) != 1 {
		t.Errorf("open %v, solved %v, all (one per page) %v", open, solved, all)
	}

	// Nested resource: the path parameter of the parent reaches the method.
	resp, err = c.Ticket.Note.AddNote(ctx, "1", "Called the fire brigade.")
	decode(resp, err, http.StatusCreated, nil)
	var notes []string
	resp, err = c.Ticket.Note.List(ctx, "1")
	decode(resp, err, http.StatusOK, &notes)
	if !slices.Equal(notes, []string{"Called the fire brigade."}) {
		t.Errorf("notes %q", notes)
	}

	// Errors of the service reach the client as *helpdesk.Error with the
	// status and a problem document.
	var apiErr *helpdesk.Error
	_, err = c.Ticket.Get(ctx, "a/b?c")
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || !json.Valid(apiErr.Body) {
		t.Errorf("Get of a missing ticket: %v", err)
	}
	var problem struct {
		Status int
		Detail string
	}
	json.Unmarshal(apiErr.Body, &problem)
	if problem.Status != 404 || problem.Detail != `no ticket "a/b?c"` {
		t.Errorf("problem %+v", problem)
	}
	_, err = c.User.Me(ctx)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotImplemented {
		t.Errorf("an unimplemented method: %v", err)
	}
	_, err = c.Ticket.List(ctx, &helpdesk.TicketListParams{PerPage: "0"})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("a *ValidationError of the service: %v", err)
	}

	// Without the token, the interceptor stops every call.
	anon, _ := helpdesk.NewClient(srv.URL + "/api/v2")
	if _, err := anon.Ticket.Get(ctx, "1"); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a token: %v", err)
	}

	want := []string{"Ping", "Ticket.Create", "Ticket.Create", "Ticket.Update", "Ticket.List", "Ticket.List", "Ticket.List",
		"Ticket.Note.AddNote", "Ticket.Note.List", "Ticket.Get", "User.Me", "Ticket.List", "Ticket.Get"}
	if !slices.Equal(called, want) {
		t.Errorf("the interceptor saw\n%q\nwant\n%q", called, want)
	}
	if want := []string{"User.Me: 501 Not Implemented: User.Me is not implemented"}; !slices.Equal(logged, want) {
		t.Errorf("error log %q, want %q", logged, want)
	}
}

// ExampleNewHandler serves the help desk API from an implementation of a
// few of its methods, and calls it with the generated client.
func ExampleNewHandler() {
	// In a real service: http.ListenAndServe(":8080", helpdesk.NewHandler(...)).
	srv := httptest.NewServer(helpdesk.NewHandler(newMemoryDesk(),
		helpdesk.WithPathPrefix("/api/v2"),
		// Every 5xx goes to the error log; the default logs with log/slog.
		helpdesk.WithErrorLog(func(ctx context.Context, method string, err error) {
			fmt.Println("error log:", method, err)
		})))
	defer srv.Close()

	c, err := helpdesk.NewClient(srv.URL + "/api/v2")
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Ticket.Create(ctx, map[string]string{"subject": "Printer on fire"}); err != nil {
		log.Fatal(err)
	}
	resp, err := c.Ticket.Get(ctx, "1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(resp.Body))

	// A method that memoryDesk does not implement.
	_, err = c.User.Me(ctx)
	var apiErr *helpdesk.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, string(apiErr.Body))
	}
	// Output:
	// {"id":1,"subject":"Printer on fire","status":"open"}
	// error log: User.Me 501 Not Implemented: User.Me is not implemented
	// 501 {"type":"about:blank","title":"Not Implemented","status":501,"detail":"User.Me is not implemented"}
}

// The contract: the struct type UnimplementedService is a Service, and so
// is a pointer to it.
var (
	_ helpdesk.Service = helpdesk.UnimplementedService{}
	_ helpdesk.Service = &helpdesk.UnimplementedService{}
)
