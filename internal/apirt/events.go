package apirt

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// This file, eventsend.go, eventrecv.go, eventjson.go and webhook.go are
// the runtime of events: they are copied into a generated package with
// --events, with problem.go, which the server shares. The owner of an API fires its events with an
// EventSender; listeners receive them with the http.Handler of
// NewEventReceiver. See the events contract for the wire format.
//
// # What the generator emits
//
// The runtime knows nothing of an API's events; the generated code describes
// each with a table and three small functions, and the package with two
// switches. For the event "created" of resource Ticket of the API helpdesk,
// with parameters ["ticket_id", "subject", "body:", "priority:normal:low,normal,high"]
// (TicketPriority is the enum type the naming pass gives priority):
//
//	// TicketCreated is the event helpdesk.ticket.created: A ticket was opened.
//	type TicketCreated struct {
//		// TicketID is the ticket_id parameter; required.
//		TicketID any
//		// Subject is the subject parameter; required.
//		Subject any
//		// Body is the body parameter; optional.
//		Body any
//		// Priority is the priority parameter; optional; default "normal"; one of low, normal, high.
//		Priority TicketPriority
//	}
//
//	// EventType returns "helpdesk.ticket.created".
//	func (*TicketCreated) EventType() string {
//		return "helpdesk.ticket.created"
//	}
//
//	// eventArgs returns the parameters of the event and pointers to its fields.
//	func (e *TicketCreated) eventArgs() ([]param, []any) {
//		return ticketCreatedEventParams, []any{&e.TicketID, &e.Subject, &e.Body, (*string)(&e.Priority)}
//	}
//
//	// At the end of the file, the event tables:
//	var ticketCreatedEventParams = []param{{name: "ticket_id", required: true}, {name: "subject", required: true}, {name: "body"}, {name: "priority", def: "normal", options: ticketPriorityValues}}
//
// eventArgs lists the parameters in definition order, each with a pointer to
// its field: *any for a parameter without options, and for one with options
// a pointer to its enum field converted to *string (the enum's underlying
// type), so the runtime reads and sets every field without reflection. The
// table is the client's param type: name as in the definition (the member
// of "data"), required, default, options (the enum's values variable).
//
// Once per package, before the event types, in the order of the events
// (each resource's, parents' before children's):
//
//	// EventHandler handles the events of the helpdesk API; see NewEventReceiver.
//	// Embed UnimplementedEventHandler to handle a subset and keep compiling
//	// when the API gains events.
//	type EventHandler interface {
//		// TicketCreated handles helpdesk.ticket.created: A ticket was opened.
//		TicketCreated(ctx context.Context, ev *TicketCreated, meta EventMeta) error
//		...
//	}
//
//	// UnimplementedEventHandler acknowledges every event and does nothing.
//	type UnimplementedEventHandler struct{}
//
//	// TicketCreated acknowledges the event and does nothing.
//	func (UnimplementedEventHandler) TicketCreated(context.Context, *TicketCreated, EventMeta) error {
//		return nil
//	}
//
//	// NewEventReceiver returns an http.Handler that receives the events of
//	// the helpdesk API and passes each to its method of handler. [the
//	// receiver's documentation, see newEventReceiver]
//	func NewEventReceiver(handler EventHandler, secrets []string, opts ...EventReceiverOption) http.Handler {
//		if handler == nil {
//			panic("NewEventReceiver: the handler is nil")
//		}
//		return newEventReceiver(secrets, opts, newEvent, func(ctx context.Context, ev Event, meta EventMeta) error {
//			return handleEvent(ctx, handler, ev, meta)
//		})
//	}
//
//	// newEvent returns a new event of type typ, or nil for a type that the
//	// helpdesk API does not have.
//	func newEvent(typ []byte) Event {
//		switch string(typ) {
//		case "helpdesk.ticket.created":
//			return new(TicketCreated)
//		...
//		}
//		return nil
//	}
//
//	// handleEvent passes ev to its method of h.
//	func handleEvent(ctx context.Context, h EventHandler, ev Event, meta EventMeta) error {
//		switch ev := ev.(type) {
//		case *TicketCreated:
//			return h.TicketCreated(ctx, ev, meta)
//		...
//		}
//		return nil
//	}
//
// All of it is one file, events.gen.go, with the enum types that only
// events use; an API without events gets none of it. internal/apirt's
// events_gen_test.go is that file for testdata/golden/events/helpdesk.json,
// and TestEventsShape in generator/golang keeps it the generator's output.
//
// Names: the runtime's files declare the package-level names Event,
// EventMeta, EventSender, EventSenderOption, EventReceiverOption,
// NewEventSender, WithEventHTTPClient, WithRetries, WithMaxEventBytes,
// WithTolerance, WithSeen, and unexported names that all start with event or
// webhook. The generated code above adds EventHandler,
// UnimplementedEventHandler, NewEventReceiver, newEvent and handleEvent, and
// per event its type and its parameters variable. An event type has the
// methods EventType and eventArgs, so no parameter may take the field name
// EventType.

// Event is an event of the API: a pointer to one of the event types of this
// package. Only those types implement it.
type Event interface {
	// EventType returns the event's type: the API name, the resource path
	// and the event name, dotted.
	EventType() string

	// eventArgs returns the event's parameters and, in the same order,
	// pointers to their fields: *any, or *string for an enum field.
	eventArgs() ([]param, []any)
}

// EventMeta is what a receiver knows of an event besides its data.
type EventMeta struct {
	// ID is the event's id (the webhook-id header): the same on every
	// delivery of the event, so a listener can recognize repeats.
	ID string
	// Timestamp is when the event occurred (the timestamp of the body); it is
	// the same on every delivery of the event.
	Timestamp time.Time
	// Type is the event's type: what its EventType method returns.
	Type string
}

// eventArgsOf returns the parameters of ev and pointers to its fields, or
// an error for a nil event.
func eventArgsOf(ev Event) ([]param, []any, error) {
	if ev == nil {
		return nil, nil, errors.New("the event is nil")
	}
	if v := reflect.ValueOf(ev); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, nil, errors.New("the event is a nil " + v.Type().String())
	}
	params, fields := ev.eventArgs()
	return params, fields, nil
}

// appendEventBody validates ev and appends the body of its delivery to dst:
// {"type":...,"timestamp":...,"data":{...}} with a member of data per set
// parameter, defaults applied, in definition order. ev is not modified. It
// returns the errors of every failing parameter at once: a *ValidationError
// for a missing required parameter (nil, or a value that encodes as null) or
// a value outside the parameter's options, and the encoding error of a
// value that encoding/json cannot encode.
func appendEventBody(dst []byte, ev Event, ts time.Time) ([]byte, error) {
	params, fields, err := eventArgsOf(ev)
	if err != nil {
		return nil, err
	}
	typ := ev.EventType()
	dst = append(dst, `{"type":`...)
	dst = eventAppendJSON(dst, typ)
	dst = append(dst, `,"timestamp":`...)
	dst = eventAppendJSON(dst, ts.UTC().Format(time.RFC3339Nano))
	dst = append(dst, `,"data":{`...)
	var errs []error
	n := 0
	for i := range params {
		p := &params[i]
		var val []byte
		switch f := fields[i].(type) {
		case *string:
			v := *f
			if v == "" {
				v = p.def
			}
			switch {
			case v == "" && p.required:
				errs = append(errs, &ValidationError{typ, p.name, "a value is required"})
				continue
			case v == "":
				continue
			case p.options != nil && !oneOf(v, p.options):
				errs = append(errs, &ValidationError{typ, p.name, "value " + quote(v) + " is not one of " + strings.Join(p.options, ", ")})
				continue
			}
			val, _ = json.Marshal(v)
		case *any:
			if *f != nil {
				b, err := json.Marshal(*f)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: parameter %s: %w", typ, p.name, err))
					continue
				}
				if string(b) != "null" {
					val = b
				}
			}
			switch {
			case val == nil && p.required:
				errs = append(errs, &ValidationError{typ, p.name, "a value is required"})
				continue
			case val == nil && p.def == "":
				continue
			case val == nil:
				val, _ = json.Marshal(p.def)
			}
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = eventAppendJSON(dst, p.name)
		dst = append(dst, ':')
		dst = append(dst, val...)
	}
	if errs != nil {
		return nil, errors.Join(errs...)
	}
	return append(dst, "}}"...), nil
}

// eventAppendJSON appends s as a JSON string.
func eventAppendJSON(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always encodes
	return append(dst, b...)
}

// decodeEventData sets the fields of ev from the members of data (a JSON
// object that eventValid accepts, or nil for none), applies defaults and
// validates like appendEventBody: members that are not parameters are
// ignored, null is absent, numbers are json.Number, and a parameter with
// options must be a JSON string among them. It returns the errors of every
// failing parameter at once, one per parameter, in the order of the
// parameters, joined.
func decodeEventData(ev Event, data []byte) error {
	params, fields := ev.eventArgs()
	typ := ev.EventType()
	var bad []error // by parameter, made at the first error
	fail := func(i int, reason string) {
		if bad == nil {
			bad = make([]error, len(params))
		}
		if bad[i] == nil {
			bad[i] = &ValidationError{typ, params[i].name, reason}
		}
	}
	failed := func(i int) bool { return bad != nil && bad[i] != nil }
	if data != nil {
		o := eventObject{b: data}
		for {
			key, val, ok := o.next()
			if !ok {
				break
			}
			i := eventParamIndex(params, key)
			if i < 0 {
				continue
			}
			p := &params[i]
			switch f := fields[i].(type) {
			case *string:
				s, ok := eventDecodeString(val, p.options)
				switch {
				case ok:
				case p.options == nil:
					fail(i, "value "+eventQuoteJSON(val)+" is not a string")
				default:
					fail(i, "value "+eventQuoteJSON(val)+" is not one of "+strings.Join(p.options, ", "))
				}
				*f = s
			case *any:
				v, err := eventDecodeAny(val)
				if err != nil {
					fail(i, "the value does not decode: "+err.Error())
				}
				*f = v
			}
		}
	}
	for i := range params {
		p := &params[i]
		switch f := fields[i].(type) {
		case *string:
			if *f == "" {
				*f = p.def
			}
			switch {
			case failed(i):
			case *f == "" && p.required:
				fail(i, "a value is required")
			case *f != "" && p.options != nil && !oneOf(*f, p.options):
				fail(i, "value "+quote(*f)+" is not one of "+strings.Join(p.options, ", "))
			}
		case *any:
			switch {
			case failed(i):
			case *f == nil && p.required:
				fail(i, "a value is required")
			case *f == nil && p.def != "":
				*f = p.def
			}
		}
	}
	if bad == nil {
		return nil
	}
	// In the order of the parameters, whatever the order of the members.
	return errors.Join(bad...)
}

// eventParamIndex returns the index of the parameter named key (a member
// name as it stands in JSON, without quotes), or -1.
func eventParamIndex(params []param, key []byte) int {
	key = eventKey(key)
	for i := range params {
		if string(key) == params[i].name {
			return i
		}
	}
	return -1
}

// eventQuoteJSON returns a JSON value for a message, shortened when long.
func eventQuoteJSON(val []byte) string {
	if len(val) > 40 {
		return string(val[:40]) + "..."
	}
	return string(val)
}
