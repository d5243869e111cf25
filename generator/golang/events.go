package golang

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/model"
)

// Events: with Options.Events, a package gets EventsFile, the code of the
// definition's events, and EventsRuntimeFile, the runtime's EventsPart
// (signing, the sender, the receiver). The shape of the code is documented
// at the top of internal/apirt/events.go, and internal/apirt's
// events_gen_test.go is what this file emits for its definition.

// Names of the files of events.
const (
	EventsFile        = "events.gen.go"
	EventsRuntimeFile = "events_runtime.gen.go"
)

// eventNames are the package-level names that the code of events below
// declares or imports besides those derived from the definition. They are
// reserved in every package, with events or not.
var eventNames = []string{"EventHandler", "UnimplementedEventHandler", "NewEventReceiver", "newEvent", "handleEvent", "context", "http"}

// eventsFile writes the code of every event: the handler interface, its
// do-nothing implementation, the receiver, the two switches over the
// events, then each event's type, the enum types that only events use, and
// the table of each event's parameters.
func (g *generator) eventsFile() []byte {
	api, events := g.api, g.api.Events()
	f := newFile(Header(api.File), g.names.Package)
	ctx, http := f.use("context"), f.use("net/http")

	f.p()
	f.doc("", "EventHandler handles the events of the "+api.Name+" API; see NewEventReceiver.\nEmbed UnimplementedEventHandler to handle a subset of them and keep\ncompiling when the API gains events.")
	f.p("type EventHandler interface {")
	for _, e := range events {
		en := g.names.Event(e)
		doc := en.TypeName + " handles " + e.Type
		if e.Description != "" {
			doc += ": " + firstSentence(e.Description)
		} else {
			doc += "."
		}
		f.doc("\t", doc)
		f.p("\t", en.TypeName, "(ctx ", ctx, ".Context, ev *", en.TypeName, ", meta EventMeta) error")
	}
	f.p("}")
	f.p()
	f.p("// UnimplementedEventHandler acknowledges every event and does nothing.")
	f.p("type UnimplementedEventHandler struct{}")
	for _, e := range events {
		tn := g.names.Event(e).TypeName
		f.p()
		f.p("// ", tn, " acknowledges the event and does nothing.")
		f.p("func (UnimplementedEventHandler) ", tn, "(", ctx, ".Context, *", tn, ", EventMeta) error {")
		f.p("\treturn nil")
		f.p("}")
	}

	f.p()
	f.doc("", "NewEventReceiver returns an http.Handler that receives the events of the\n"+api.Name+" API and passes each to its method of handler."+receiverDoc)
	f.p("func NewEventReceiver(handler EventHandler, secrets []string, opts ...EventReceiverOption) ", http, ".Handler {")
	f.p("\tif handler == nil {")
	f.p("\t\tpanic(\"NewEventReceiver: the handler is nil\")")
	f.p("\t}")
	f.p("\treturn newEventReceiver(secrets, opts, newEvent, func(ctx ", ctx, ".Context, ev Event, meta EventMeta) error {")
	f.p("\t\treturn handleEvent(ctx, handler, ev, meta)")
	f.p("\t})")
	f.p("}")

	f.p()
	f.p("// newEvent returns a new event of type typ, or nil for a type that the")
	f.p("// ", api.Name, " API does not have.")
	f.p("func newEvent(typ []byte) Event {")
	f.p("\tswitch string(typ) {")
	for _, e := range events {
		f.p("\tcase ", strconv.Quote(e.Type), ":")
		f.p("\t\treturn new(", g.names.Event(e).TypeName, ")")
	}
	f.p("\t}")
	f.p("\treturn nil")
	f.p("}")

	f.p()
	f.p("// handleEvent passes ev to its method of h.")
	f.p("func handleEvent(ctx ", ctx, ".Context, h EventHandler, ev Event, meta EventMeta) error {")
	f.p("\tswitch ev := ev.(type) {")
	for _, e := range events {
		tn := g.names.Event(e).TypeName
		f.p("\tcase *", tn, ":")
		f.p("\t\treturn h.", tn, "(ctx, ev, meta)")
	}
	f.p("\t}")
	f.p("\treturn nil")
	f.p("}")

	for _, e := range events {
		g.eventType(f, e)
	}
	// Enum types that no method uses: the methods' files have the others.
	methodEnums := map[*Enum]bool{}
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			for _, p := range m.Params {
				methodEnums[g.names.Param(p).Enum] = true
			}
		}
	})
	for _, e := range events {
		for _, p := range e.Params {
			if en := g.names.Param(p).Enum; en != nil && !methodEnums[en] {
				methodEnums[en] = true
				g.enum(f, en)
			}
		}
	}

	f.p()
	f.p("// Event tables: the parameters of each event.")
	for _, e := range events {
		if len(e.Params) > 0 {
			g.eventParamsVar(&f.b, e)
		}
	}
	return f.bytes()
}

// receiverDoc is the rest of NewEventReceiver's doc comment.
const receiverDoc = `

A delivery is a POST whose webhook-signature header has a signature, over
the raw body, with one of secrets (each "whsec_" and the base64 of a key;
several while secrets rotate), and whose webhook-timestamp is at most the
tolerance from the receiver's clock (see WithTolerance); otherwise it gets
401. A body larger than WithMaxEventBytes gets 413. The event's data is
decoded, numbers kept exact as json.Number, defaults applied and every
parameter validated as the sender does: an invalid event gets 400 and a
problem document listing every failing parameter. An event of a type this
package does not know is acknowledged (204) and ignored, as is a repeat
that the WithSeen function reports. An error or panic of the handler is a
500, and the sender delivers the event again; otherwise the reply is 204.

NewEventReceiver panics when handler is nil, when secrets is empty or
holds a malformed secret, and when an option is invalid; its messages
never contain a secret.`

// eventType writes an event's struct, with a field per parameter, and its
// methods EventType and eventArgs.
func (g *generator) eventType(f *file, e *model.Event) {
	tn := g.names.Event(e).TypeName
	doc := tn + " is the event " + e.Type
	if d := prose(e.Description); d != "" {
		doc += ": " + d
	} else {
		doc += "."
	}
	f.p()
	f.doc("", doc)
	if len(e.Params) == 0 {
		f.p("type ", tn, " struct{}")
	} else {
		f.p("type ", tn, " struct {")
		for _, p := range e.Params {
			pn := g.names.Param(p)
			doc := pn.FieldName + " is the " + p.Name + " parameter; " + eventParamDoc(p) + "."
			if p.Description != "" {
				doc = prose(p.Description) + "\n\n" + doc
			}
			f.doc("\t", doc)
			f.p("\t", pn.FieldName, " ", g.names.TypeName(p))
		}
		f.p("}")
	}
	f.p()
	f.p("// EventType returns ", strconv.Quote(e.Type), ".")
	f.p("func (*", tn, ") EventType() string {")
	f.p("\treturn ", strconv.Quote(e.Type))
	f.p("}")
	f.p()
	f.p("// eventArgs returns the parameters of the event and pointers to its fields.")
	if len(e.Params) == 0 {
		f.p("func (*", tn, ") eventArgs() ([]param, []any) {")
		f.p("\treturn nil, nil")
		f.p("}")
		return
	}
	fields := make([]string, len(e.Params))
	for i, p := range e.Params {
		pn := g.names.Param(p)
		fields[i] = "&e." + pn.FieldName
		if pn.Enum != nil {
			fields[i] = "(*string)(&e." + pn.FieldName + ")"
		}
	}
	f.p("func (e *", tn, ") eventArgs() ([]param, []any) {")
	f.p("\treturn ", g.names.Event(e).ParamsVar, ", []any{", strings.Join(fields, ", "), "}")
	f.p("}")
}

// eventParamDoc says whether an event parameter is required, and its
// default and options.
func eventParamDoc(p *model.Param) string {
	parts := []string{"optional"}
	if p.Required {
		parts[0] = "required"
	}
	return strings.Join(append(parts, valueDoc(p)...), "; ")
}

// eventParamsVar writes the table of an event's parameters on one line:
//
//	var ticketCreatedEventParams = []param{{name: "ticket_id", required: true}, {name: "priority", def: "normal", options: ticketPriorityValues}}
func (g *generator) eventParamsVar(b *bytes.Buffer, e *model.Event) {
	b.WriteString("var " + g.names.Event(e).ParamsVar + " = ")
	apirt.ForEvent(e).WriteGo(b, func(i int) string {
		if en := g.names.Param(e.Params[i]).Enum; en != nil {
			return en.ValuesVar
		}
		return ""
	})
	b.WriteString("\n")
}
