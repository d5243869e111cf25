package helpdesk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/apigen-go/apigen/examples/helpdesk"
)

// listener is a service that listens to the help desk's events. It
// handles two of them; UnimplementedEventHandler acknowledges the others.
type listener struct {
	helpdesk.UnimplementedEventHandler
}

func (listener) TicketCreated(ctx context.Context, ev *helpdesk.TicketCreated, meta helpdesk.EventMeta) error {
	fmt.Printf("%s: ticket %v %q, priority %s\n", meta.Type, ev.TicketID, ev.Subject, ev.Priority)
	return nil
}

func (listener) TicketStatusChanged(ctx context.Context, ev *helpdesk.TicketStatusChanged, meta helpdesk.EventMeta) error {
	fmt.Printf("%s: ticket %v from %s to %s (id %s)\n", meta.Type, ev.TicketID, ev.PreviousStatus, ev.Status, meta.ID)
	return nil
}

// The help desk fires its events with an EventSender; a listener receives
// them, verified and typed, with the http.Handler of NewEventReceiver.
func Example_events() {
	// Both sides share the secret; a real one comes from configuration.
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

	// The listener's side.
	srv := httptest.NewServer(helpdesk.NewEventReceiver(listener{}, []string{secret}))
	defer srv.Close()

	// The help desk's side.
	s, err := helpdesk.NewEventSender(secret, helpdesk.WithEventHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	hooks := srv.URL + "/hooks"

	// Send gives the event a new id.
	if _, err := s.Send(ctx, hooks, &helpdesk.TicketCreated{TicketID: 42, Subject: "Printer on fire"}); err != nil {
		log.Fatal(err)
	}

	// SendWithID takes the id from the caller, such as the key of the
	// event in an outbox: delivered again, it is the same event.
	ev := &helpdesk.TicketStatusChanged{TicketID: 42, Status: helpdesk.TicketStatusSolved, PreviousStatus: helpdesk.TicketPreviousStatusOpen}
	if err := s.SendWithID(ctx, hooks, "outbox-17", ev); err != nil {
		log.Fatal(err)
	}

	// Events are checked before they leave: nothing is sent.
	_, err = s.Send(ctx, hooks, &helpdesk.TicketCreated{Priority: "someday"})
	var ve *helpdesk.ValidationError
	fmt.Println(errors.As(err, &ve))
	fmt.Println(err)
	// Output:
	// helpdesk.ticket.created: ticket 42 "Printer on fire", priority normal
	// helpdesk.ticket.status_changed: ticket 42 from open to solved (id outbox-17)
	// true
	// helpdesk.ticket.created: parameter ticket_id: a value is required
	// helpdesk.ticket.created: parameter subject: a value is required
	// helpdesk.ticket.created: parameter priority: value "someday" is not one of low, normal, high, urgent
}
