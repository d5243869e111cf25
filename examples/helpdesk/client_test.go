package helpdesk

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/httprec"
)

const def = "../../definitions/helpdesk.json"

func newTestClient(t *testing.T, opts ...Option) (*Client, *httprec.Server) {
	t.Helper()
	s := httprec.New(t)
	c, err := NewClient(s.URL+"/api/v2/", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// TestRequests calls every method of the definition and checks the exact
// request: method, request URI as sent (escaping included) and body.
func TestRequests(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	ticket := map[string]any{"subject": "Printer on fire", "priority": "high"}
	cases := []httprec.Case{
		{"Ping", func() error { _, err := c.Ping(ctx); return err },
			"GET /api/v2/ping.json"},
		{"Ticket.List", func() error { _, err := c.Ticket.List(ctx, nil); return err },
			"GET /api/v2/tickets.json?view=open&per_page=25"},
		{"Ticket.List", func() error {
			_, err := c.Ticket.List(ctx, &TicketListParams{View: TicketViewAllTickets, Page: "2 & 3", PerPage: "100"})
			return err
		}, "GET /api/v2/tickets.json?view=all_tickets&page=2+%26+3&per_page=100"},
		{"Ticket.List", func() error { _, err := c.Ticket.List(ctx, &TicketListParams{View: "everything"}); return err },
			`error: Ticket.List: parameter view: value "everything" is not one of open, pending, solved, all_tickets`},
		{"Ticket.Get", func() error { _, err := c.Ticket.Get(ctx, "42"); return err },
			"GET /api/v2/tickets/42.json"},
		{"Ticket.Get", func() error { _, err := c.Ticket.Get(ctx, "a/b?c#d e&f%g"); return err },
			"GET /api/v2/tickets/a%2Fb%3Fc%23d%20e&f%25g.json"},
		{"Ticket.Get", func() error { _, err := c.Ticket.Get(ctx, "Grüße"); return err },
			"GET /api/v2/tickets/Gr%C3%BC%C3%9Fe.json"},
		{"Ticket.Get", func() error { _, err := c.Ticket.Get(ctx, ""); return err },
			"error: Ticket.Get: parameter ticket_id: a value is required"},
		{"Ticket.Count", func() error { _, err := c.Ticket.Count(ctx, &TicketCountParams{View: TicketViewSolved}); return err },
			"GET /api/v2/tickets/count.json?view=solved"},
		{"Ticket.Create", func() error { _, err := c.Ticket.Create(ctx, ticket); return err },
			`POST /api/v2/tickets.json {"priority":"high","subject":"Printer on fire"}`},
		{"Ticket.Create", func() error { _, err := c.Ticket.Create(ctx, nil); return err },
			"error: Ticket.Create: parameter ticket: a value is required"},
		{"Ticket.Update", func() error { _, err := c.Ticket.Update(ctx, "42", ticket, nil); return err },
			`PUT /api/v2/tickets/42.json {"ticket":{"priority":"high","subject":"Printer on fire"}}`},
		{"Ticket.Update", func() error {
			_, err := c.Ticket.Update(ctx, "42", ticket, &TicketUpdateParams{Notify: true})
			return err
		}, `PUT /api/v2/tickets/42.json {"ticket":{"priority":"high","subject":"Printer on fire"},"notify":true}`},
		{"Ticket.Delete", func() error { _, err := c.Ticket.Delete(ctx, "42"); return err },
			"DELETE /api/v2/tickets/42.json"},
		// ".." is harmless inside a segment ("...json") but not as a whole one.
		{"Ticket.Delete", func() error { _, err := c.Ticket.Delete(ctx, ".."); return err },
			"DELETE /api/v2/tickets/...json"},
		{"Ticket.Note.List", func() error { _, err := c.Ticket.Note.List(ctx, ".."); return err },
			`error: Ticket.Note.List: parameter ticket_id: ".." cannot be a path segment`},
		{"Ticket.Note.List", func() error { _, err := c.Ticket.Note.List(ctx, "42"); return err },
			"GET /api/v2/tickets/42/notes.json"},
		{"Ticket.Note.Get", func() error { _, err := c.Ticket.Note.Get(ctx, "42", "7/8"); return err },
			"GET /api/v2/tickets/42/notes/7%2F8.json"},
		{"Ticket.Note.AddNote", func() error { _, err := c.Ticket.Note.AddNote(ctx, "42", "Called back <ok>"); return err },
			`POST /api/v2/tickets/42/notes.json "Called back \u003cok\u003e"`},
		{"Ticket.Comment.List", func() error { _, err := c.Ticket.Comment.List(ctx, "42", nil); return err },
			"GET /api/v2/tickets/42/comments.json?sort=asc"},
		{"Ticket.Comment.PostComment", func() error { _, err := c.Ticket.Comment.PostComment(ctx, "42", "Thanks!", nil); return err },
			`POST /api/v2/tickets/42/comments.json {"body":"Thanks!","visibility":"public"}`},
		{"Ticket.Comment.PostComment", func() error {
			_, err := c.Ticket.Comment.PostComment(ctx, "42", "Thanks!", &TicketCommentPostCommentParams{Visibility: "private"})
			return err
		}, `POST /api/v2/tickets/42/comments.json {"body":"Thanks!","visibility":"private"}`},
		{"Ticket.Comment.PostComment", func() error {
			_, err := c.Ticket.Comment.PostComment(ctx, "42", "Thanks!", &TicketCommentPostCommentParams{Visibility: "secret"})
			return err
		}, `error: Ticket.Comment.PostComment: parameter visibility: value secret is not one of public, private`},
		{"Ticket.Audit.List", func() error { _, err := c.Ticket.Audit.List(ctx, nil); return err },
			"GET /api/v2/audits.json"},
		{"Ticket.Audit.List", func() error {
			_, err := c.Ticket.Audit.List(ctx, &TicketAuditListParams{Since: "2026-01-01T00:00:00+01:00"})
			return err
		}, "GET /api/v2/audits.json?since=2026-01-01T00%3A00%3A00%2B01%3A00"},
		{"Field.List", func() error { _, err := c.Field.List(ctx); return err },
			"GET /api/v2/ticket_fields.json"},
		{"Field.Get", func() error { _, err := c.Field.Get(ctx, "7"); return err },
			"GET /api/v2/ticket_fields/7.json"},
		{"User.List", func() error { _, err := c.User.List(ctx, &UserListParams{Role: UserRoleAgent}); return err },
			"GET /api/v2/users.json?role=agent"},
		{"User.List", func() error { _, err := c.User.List(ctx, &UserListParams{}); return err },
			"GET /api/v2/users.json"},
		{"User.Get", func() error { _, err := c.User.Get(ctx, "me@example.com"); return err },
			"GET /api/v2/users/me@example.com.json"},
		{"User.Me", func() error { _, err := c.User.Me(ctx); return err },
			"GET /api/v2/users/me.json"},
		{"Community.Forum.List", func() error { _, err := c.Community.Forum.List(ctx, "cat 1"); return err },
			"GET /api/v2/community/categories/cat%201/forums.json"},
		{"Community.Forum.Get", func() error { _, err := c.Community.Forum.Get(ctx, "1", "2"); return err },
			"GET /api/v2/community/categories/1/forums/2.json"},
		{"Community.Forum.Topic.List", func() error {
			_, err := c.Community.Forum.Topic.List(ctx, "1", "2", &CommunityForumTopicListParams{Sort: CommunityForumTopicSortPopular})
			return err
		}, "GET /api/v2/community/categories/1/forums/2/topics.json?sort=popular"},
		{"Community.Forum.Topic.Get", func() error { _, err := c.Community.Forum.Topic.Get(ctx, "1", "2", "3"); return err },
			"GET /api/v2/community/categories/1/forums/2/topics/3.json"},
		{"Community.Forum.Topic.Create", func() error {
			_, err := c.Community.Forum.Topic.Create(ctx, "1", "2", "Hello", []string{"line 1", "line 2"})
			return err
		}, `POST /api/v2/community/categories/1/forums/2/topics.json {"title":"Hello","body":["line 1","line 2"]}`},
	}
	httprec.Run(t, s, def, cases)
}

func TestValidationErrorType(t *testing.T) {
	c, s := newTestClient(t)
	_, err := c.Ticket.Note.List(context.Background(), ".")
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Method != "Ticket.Note.List" || ve.Param != "ticket_id" {
		t.Fatalf("err = %#v", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestHTTPError(t *testing.T) {
	c, s := newTestClient(t)
	s.Status, s.Body = http.StatusNotFound, `{"error": "no such ticket"}`
	resp, err := c.Ticket.Get(context.Background(), "404")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if apiErr.StatusCode != 404 || apiErr.Method != "GET" || apiErr.URL != s.URL+"/api/v2/tickets/404.json" || string(apiErr.Body) != s.Body {
		t.Errorf("Error = %+v", apiErr)
	}
	if resp == nil || resp.StatusCode != 404 || string(resp.Body) != s.Body {
		t.Errorf("Response = %+v", resp)
	}
	want := "GET " + s.URL + `/api/v2/tickets/404.json: 404 Not Found: {"error": "no such ticket"}`
	if err.Error() != want {
		t.Errorf("message = %q\nwant %q", err, want)
	}
	s.Body = strings.Repeat("x", 1000)
	_, err = c.Ticket.Get(context.Background(), "404")
	if len(err.Error()) > 350 || !strings.HasSuffix(err.Error(), "...") {
		t.Errorf("long body not shortened: %d bytes", len(err.Error()))
	}
}

func TestResponseDecode(t *testing.T) {
	c, s := newTestClient(t)
	s.Body = `{"id": 42, "subject": "Hi"}`
	resp, err := c.Ticket.Get(context.Background(), "42")
	if err != nil {
		t.Fatal(err)
	}
	var tk struct {
		ID      int
		Subject string
	}
	if err := resp.Decode(&tk); err != nil || tk.ID != 42 || tk.Subject != "Hi" {
		t.Errorf("Decode = %+v, %v", tk, err)
	}
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Header = %v", resp.Header)
	}
	s.Body = ""
	resp, _ = c.Ticket.Get(context.Background(), "42")
	if err := resp.Decode(&tk); err == nil {
		t.Error("Decode of an empty body succeeded")
	}
}

func TestMaxResponseBytes(t *testing.T) {
	c, s := newTestClient(t, WithMaxResponseBytes(10))
	s.Body = `"0123456789abcdef"`
	_, err := c.Ping(context.Background())
	if err == nil || !strings.Contains(err.Error(), "the response body is larger than 10 bytes") {
		t.Fatalf("err = %v", err)
	}
	s.Body = `"01234567"`
	if _, err := c.Ping(context.Background()); err != nil {
		t.Fatalf("a body within the limit: %v", err)
	}
	// The largest limit once overflowed into an empty body.
	c, s = newTestClient(t, WithMaxResponseBytes(math.MaxInt64))
	s.Body = `"0123456789abcdef"`
	if resp, err := c.Ping(context.Background()); err != nil || string(resp.Body) != s.Body {
		t.Fatalf("no limit: %v, %v", resp, err)
	}
}

func TestOptionsAndHeaders(t *testing.T) {
	edited := false
	c, s := newTestClient(t,
		WithBasicAuth("agent", "s3cret"),
		WithUserAgent("helpdesk-test/1.0"),
		WithHeader("X-Trace", "abc"),
		WithHeader("Accept", "application/json"),
		WithRequestEditor(func(r *http.Request) error { edited = true; r.Header.Set("X-Edited", "yes"); return nil }),
		WithHTTPClient(&http.Client{}),
	)
	if _, err := c.Ticket.Create(context.Background(), map[string]string{"a": "b"}); err != nil {
		t.Fatal(err)
	}
	h := s.Requests()[0].Header
	checks := map[string]string{
		"Authorization": "Basic YWdlbnQ6czNjcmV0",
		"User-Agent":    "helpdesk-test/1.0",
		"X-Trace":       "abc",
		"X-Edited":      "yes",
		"Accept":        "application/json",
		"Content-Type":  "application/json",
	}
	for k, v := range checks {
		if h.Get(k) != v {
			t.Errorf("header %s = %q, want %q", k, h.Get(k), v)
		}
	}
	if !edited {
		t.Error("request editor not called")
	}

	c, s = newTestClient(t, WithBearerToken("tok"))
	c.Ping(context.Background())
	h = s.Requests()[0].Header
	if got := h.Get("Authorization"); got != "Bearer tok" {
		t.Errorf("Authorization = %q", got)
	}
	if a, ok := h["Accept"]; ok {
		t.Errorf("Accept = %q, though no option set it", a)
	}
	if h := s.Requests(); len(h) != 0 {
		t.Errorf("extra requests: %v", h)
	}

	c, s = newTestClient(t, WithRequestEditor(func(*http.Request) error { return errors.New("no thanks") }))
	if _, err := c.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "Ping: request editor: no thanks") {
		t.Errorf("editor error = %v", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent despite the editor's error", n)
	}
}

func TestNewClient(t *testing.T) {
	c, err := NewClient("")
	if err != nil || c.conn.base != "https://desk.example.com/api/v2" {
		t.Errorf("default base URL: %v %v", c, err)
	}
	for _, tt := range []struct {
		base string
		opts []Option
		want string
	}{
		{"ftp://x", nil, `NewClient: base URL "ftp://x" must start with http:// or https://`},
		{"://x", nil, "NewClient: invalid base URL"},
		{"https://x?q=1", nil, "must not have a query or fragment"},
		{"https://x/api#", nil, "must not have a query or fragment"},
		{"http://:80", nil, "name a host"},
		{"http://::", nil, "name a host"},
		{"https://x", []Option{WithHTTPClient(nil)}, "NewClient: WithHTTPClient: the client is nil"},
		{"https://x", []Option{WithRequestEditor(nil)}, "NewClient: WithRequestEditor: the function is nil"},
		{"https://x", []Option{WithMaxResponseBytes(0)}, "WithMaxResponseBytes: the limit must be positive"},
	} {
		if _, err := NewClient(tt.base, tt.opts...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewClient(%q): %v, want %q", tt.base, err, tt.want)
		}
	}
}

func TestErrorsHideCredentials(t *testing.T) {
	s := httprec.New(t)
	s.Status = 500
	base := strings.Replace(s.URL, "http://", "http://agent:s3cret@", 1)
	c, err := NewClient(base, WithBearerToken("tok3n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Ping(context.Background())
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "agent") || strings.Contains(err.Error(), "tok3n") {
		t.Errorf("error leaks credentials: %v", err)
	}
	s.Close() // a transport error
	_, err = c.Ping(context.Background())
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "GET http://127.0.0.1") {
		t.Errorf("transport error = %v", err)
	}
	for _, base := range []string{"ftp://agent:s3cret@x", "http://agent:s3cret@127.0.0.1:badport/api"} {
		if _, err := NewClient(base); err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "agent") {
			t.Errorf("NewClient error leaks credentials: %v", err)
		}
	}
}

// TestErrorsHideTheQuery checks that errors never show the query string,
// where API keys travel, while Error.URL keeps it.
func TestErrorsHideTheQuery(t *testing.T) {
	c, s := newTestClient(t)
	s.Status = http.StatusUnauthorized
	_, err := c.Ticket.List(context.Background(), &TicketListParams{Page: "K3Y"})
	var apiErr *Error
	if !errors.As(err, &apiErr) || strings.Contains(err.Error(), "K3Y") || strings.Contains(err.Error(), "?") {
		t.Fatalf("err = %v", err)
	}
	if want := s.URL + "/api/v2/tickets.json?view=open&page=K3Y&per_page=25"; apiErr.URL != want {
		t.Errorf("Error.URL = %q, want %q", apiErr.URL, want)
	}
	if apiErr.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Error.Header = %v", apiErr.Header)
	}
	s.Close()
	_, err = c.Ticket.List(context.Background(), &TicketListParams{Page: "K3Y"})
	if err == nil || strings.Contains(err.Error(), "K3Y") || !strings.HasPrefix(err.Error(), "GET "+s.URL+"/api/v2/tickets.json: ") {
		t.Errorf("transport error = %v", err)
	}
}

// TestRedirectKeepsCredentialsHome checks, through the generated client,
// that a redirect to another local server (another port) loses the
// Authorization header, and that one within the base URL's origin keeps it.
func TestRedirectKeepsCredentialsHome(t *testing.T) {
	other := httprec.New(t)
	auth := make(chan string, 1)
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/ping.json":
			http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
		case "/api/v2/ticket_fields.json":
			http.Redirect(w, r, "http://"+r.Host+"/api/v2/moved", http.StatusFound)
		default:
			auth <- r.Header.Get("Authorization")
		}
	}))
	defer home.Close()
	c, err := NewClient(home.URL+"/api/v2", WithBearerToken("t0ken"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if reqs := other.Requests(); len(reqs) != 1 || reqs[0].URI != "/elsewhere" || reqs[0].Header.Get("Authorization") != "" {
		t.Errorf("the other origin received %v", reqs)
	}
	if _, err := c.Field.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := <-auth; got != "Bearer t0ken" {
		t.Errorf("after a redirect within the origin, Authorization = %q", got)
	}
}

func TestContextCanceled(t *testing.T) {
	c, _ := newTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Ping(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestEnumValid(t *testing.T) {
	if !TicketViewOpen.Valid() || TicketView("nope").Valid() || !UserRoleAdmin.Valid() {
		t.Error("Valid is wrong")
	}
}
