package apirt

// This file is, written by hand, the code that apigen generate --events
// emits for the events of this definition (helpdesk.json), besides the
// client; see the comment at the top of events.go. The tests of the event
// runtime run against it, and the generator's output for the same
// definition must match it (phase 2 of issue 13).
//
//	{
//	  "Ticket": {
//	    "root": "/tickets",
//	    "get": ["GET", "{root}/{ticket_id}.json"],
//	    // A ticket was opened.
//	    "created": ["EVENT", ["ticket_id", "subject", "body:", "priority:normal:low,normal,high"]],
//	    // A ticket was closed.
//	    "closed": ["EVENT", "ticket_id"],
//	    "Note": {
//	      "root": "{root}/{ticket_id}/notes",
//	      // A note was added to a ticket.
//	      "added": ["EVENT", ["ticket_id", "note_id", "channel:!:email,web,api", "author:anonymous"]]
//	    }
//	  },
//	  // Someone checked that the help desk sends events.
//	  "pinged": ["EVENT"]
//	}

import (
	"context"
	"net/http"
)

// EventHandler handles the events of the helpdesk API; see NewEventReceiver.
// Embed UnimplementedEventHandler to handle a subset of them and keep
// compiling when the API gains events.
type EventHandler interface {
	// TicketCreated handles helpdesk.ticket.created: A ticket was opened.
	TicketCreated(ctx context.Context, ev *TicketCreated, meta EventMeta) error
	// TicketClosed handles helpdesk.ticket.closed: A ticket was closed.
	TicketClosed(ctx context.Context, ev *TicketClosed, meta EventMeta) error
	// TicketNoteAdded handles helpdesk.ticket.note.added: A note was added to a ticket.
	TicketNoteAdded(ctx context.Context, ev *TicketNoteAdded, meta EventMeta) error
	// Pinged handles helpdesk.pinged: Someone checked that the help desk sends events.
	Pinged(ctx context.Context, ev *Pinged, meta EventMeta) error
}

// UnimplementedEventHandler acknowledges every event and does nothing.
type UnimplementedEventHandler struct{}

// TicketCreated acknowledges the event and does nothing.
func (UnimplementedEventHandler) TicketCreated(context.Context, *TicketCreated, EventMeta) error {
	return nil
}

// TicketClosed acknowledges the event and does nothing.
func (UnimplementedEventHandler) TicketClosed(context.Context, *TicketClosed, EventMeta) error {
	return nil
}

// TicketNoteAdded acknowledges the event and does nothing.
func (UnimplementedEventHandler) TicketNoteAdded(context.Context, *TicketNoteAdded, EventMeta) error {
	return nil
}

// Pinged acknowledges the event and does nothing.
func (UnimplementedEventHandler) Pinged(context.Context, *Pinged, EventMeta) error {
	return nil
}

// NewEventReceiver returns an http.Handler that receives the events of the
// helpdesk API and passes each to its method of handler.
//
// A delivery is a POST whose webhook-signature header has a signature, over
// the raw body, with one of secrets (each "whsec_" and the base64 of a key;
// several while secrets rotate), and whose webhook-timestamp is at most the
// tolerance from the receiver's clock (see WithTolerance); otherwise it gets
// 401. A body larger than WithMaxEventBytes gets 413. The event's data is
// decoded, numbers kept exact as json.Number, defaults applied and every
// parameter validated as the sender does: an invalid event gets 400 and a
// problem document listing every failing parameter. An event of a type this
// package does not know is acknowledged (204) and ignored, as is a repeat
// that the WithSeen function reports. An error or panic of the handler is a
// 500, and the sender delivers the event again; otherwise the reply is 204.
//
// NewEventReceiver panics when handler is nil, when secrets is empty or
// holds a malformed secret, and when an option is invalid; its messages
// never contain a secret.
func NewEventReceiver(handler EventHandler, secrets []string, opts ...EventReceiverOption) http.Handler {
	if handler == nil {
		panic("NewEventReceiver: the handler is nil")
	}
	return newEventReceiver(secrets, opts, newEvent, func(ctx context.Context, ev Event, meta EventMeta) error {
		return handleEvent(ctx, handler, ev, meta)
	})
}

// newEvent returns a new event of type typ, or nil for a type that the
// helpdesk API does not have.
func newEvent(typ []byte) Event {
	switch string(typ) {
	case "helpdesk.ticket.created":
		return new(TicketCreated)
	case "helpdesk.ticket.closed":
		return new(TicketClosed)
	case "helpdesk.ticket.note.added":
		return new(TicketNoteAdded)
	case "helpdesk.pinged":
		return new(Pinged)
	}
	return nil
}

// handleEvent passes ev to its method of h.
func handleEvent(ctx context.Context, h EventHandler, ev Event, meta EventMeta) error {
	switch ev := ev.(type) {
	case *TicketCreated:
		return h.TicketCreated(ctx, ev, meta)
	case *TicketClosed:
		return h.TicketClosed(ctx, ev, meta)
	case *TicketNoteAdded:
		return h.TicketNoteAdded(ctx, ev, meta)
	case *Pinged:
		return h.Pinged(ctx, ev, meta)
	}
	return nil
}

// Pinged is the event helpdesk.pinged: Someone checked that the help desk
// sends events.
type Pinged struct{}

// EventType returns "helpdesk.pinged".
func (*Pinged) EventType() string { return "helpdesk.pinged" }

func (*Pinged) eventArgs() ([]param, []any) { return nil, nil }

// The events of a resource go in its file (ticket.gen.go), after the
// client's code.

// TicketCreated is the event helpdesk.ticket.created: A ticket was opened.
type TicketCreated struct {
	// TicketID is the ticket_id parameter; required.
	TicketID any
	// Subject is the subject parameter; required.
	Subject any
	// Body is the body parameter; optional.
	Body any
	// Priority is the priority parameter; optional; default "normal"; one of low, normal, high.
	Priority TicketPriority
}

// EventType returns "helpdesk.ticket.created".
func (*TicketCreated) EventType() string { return "helpdesk.ticket.created" }

func (e *TicketCreated) eventArgs() ([]param, []any) {
	return ticketCreatedEventParams, []any{&e.TicketID, &e.Subject, &e.Body, (*string)(&e.Priority)}
}

// TicketClosed is the event helpdesk.ticket.closed: A ticket was closed.
type TicketClosed struct {
	// TicketID is the ticket_id parameter; required.
	TicketID any
}

// EventType returns "helpdesk.ticket.closed".
func (*TicketClosed) EventType() string { return "helpdesk.ticket.closed" }

func (e *TicketClosed) eventArgs() ([]param, []any) {
	return ticketClosedEventParams, []any{&e.TicketID}
}

// TicketNoteAdded is the event helpdesk.ticket.note.added: A note was added to
// a ticket.
type TicketNoteAdded struct {
	// TicketID is the ticket_id parameter; required.
	TicketID any
	// NoteID is the note_id parameter; required.
	NoteID any
	// Channel is the channel parameter; required; one of email, web, api.
	Channel TicketNoteChannel
	// Author is the author parameter; optional; default "anonymous".
	Author any
}

// EventType returns "helpdesk.ticket.note.added".
func (*TicketNoteAdded) EventType() string { return "helpdesk.ticket.note.added" }

func (e *TicketNoteAdded) eventArgs() ([]param, []any) {
	return ticketNoteAddedEventParams, []any{&e.TicketID, &e.NoteID, (*string)(&e.Channel), &e.Author}
}

// TicketPriority is a value the API accepts for a parameter: one of its constants.
type TicketPriority string

// Values of TicketPriority.
const (
	TicketPriorityLow    TicketPriority = "low"
	TicketPriorityNormal TicketPriority = "normal"
	TicketPriorityHigh   TicketPriority = "high"
)

// TicketNoteChannel is a value the API accepts for a parameter: one of its constants.
type TicketNoteChannel string

// Values of TicketNoteChannel.
const (
	TicketNoteChannelEmail TicketNoteChannel = "email"
	TicketNoteChannelWeb   TicketNoteChannel = "web"
	TicketNoteChannelAPI   TicketNoteChannel = "api"
)

// Valid reports whether v is one of the values of TicketPriority.
func (v TicketPriority) Valid() bool {
	return oneOf(string(v), ticketPriorityValues)
}

// Valid reports whether v is one of the values of TicketNoteChannel.
func (v TicketNoteChannel) Valid() bool {
	return oneOf(string(v), ticketNoteChannelValues)
}

// Request tables: how each method of this file builds its request (here
// none), the values of its enum types, and the parameters of its events.
var ticketPriorityValues = []string{"low", "normal", "high"}
var ticketNoteChannelValues = []string{"email", "web", "api"}
var ticketCreatedEventParams = []param{{name: "ticket_id", required: true}, {name: "subject", required: true}, {name: "body"}, {name: "priority", def: "normal", options: ticketPriorityValues}}
var ticketClosedEventParams = []param{{name: "ticket_id", required: true}}
var ticketNoteAddedEventParams = []param{{name: "ticket_id", required: true}, {name: "note_id", required: true}, {name: "channel", required: true, options: ticketNoteChannelValues}, {name: "author", def: "anonymous"}}
