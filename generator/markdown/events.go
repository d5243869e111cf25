package markdown

import (
	"strconv"
	"strings"
	"time"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/safetext"
	"github.com/apigen-go/apigen/model"
)

// The events section: how events travel and how to verify them, then one
// section per event with its type, parameters and an example body built by
// the runtime's own sender code.

// titleEvents is the heading of the events section.
const titleEvents = "Events"

// Example values of the events section: a delivery's time, id and secret.
// The secret is an example: it only shows how a signature is computed.
var (
	exampleEventTime = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	exampleEventID   = "msg_2Lh9hGKNGd4FtYcfVR1ecpAbQjB"
	exampleSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
)

// EventExampleValues returns the parameter values of an event's example:
// the first option of a required parameter with options, the name in upper
// case for other required ones, and nothing (so defaults apply) for
// optional ones.
func EventExampleValues(e *model.Event) map[string]any {
	vals := map[string]any{}
	for _, p := range e.Params {
		switch {
		case !p.Required:
		case p.Options != nil:
			vals[p.Name] = p.Options[0]
		default:
			vals[p.Name] = strings.ToUpper(p.Name)
		}
	}
	return vals
}

// EventExampleBody returns the body with which a generated sender delivers
// the event with EventExampleValues at the example time: the runtime's own
// encoding, so that the docs and senders cannot disagree.
func EventExampleBody(e *model.Event) []byte {
	b, err := apirt.EventBody(e, EventExampleValues(e), exampleEventTime)
	if err != nil {
		return nil // example values always validate
	}
	return b
}

// events writes the events section, when the API has events.
func (d *mdGen) events(events []*model.Event) {
	pkg := d.pkg
	d.f("## %s\n\n", titleEvents)
	d.f("Only the owner of the %s API fires these events; any service may listen to them. ", mdLine(d.api.Name))
	d.f("Each is delivered as an HTTP `POST` of a JSON body to the listener's URL, signed in the [Standard Webhooks](https://www.standardwebhooks.com/) conventions. ")
	d.f("Generate the Go package with `apigen generate --events` to get a type per event, the sender and the receiver.\n\n")
	d.f("The body holds the event's type, when it occurred, and in `data` a member per parameter that is set (defaults applied):\n\n")
	first := events[0] // the example: the first event with parameters
	for _, e := range events {
		if len(e.Params) > 0 {
			first = e
			break
		}
	}
	body := EventExampleBody(first)
	writeFence(&d.b, "json", string(body))
	d.f("Each delivery has three headers: `webhook-id`, the event's id, the same on every retry of one event; `webhook-timestamp`, the Unix time of this attempt in seconds; ")
	d.f("and `webhook-signature`, `v1,` followed by the base64 of the HMAC-SHA256 of the id, the timestamp and the raw body joined by `.`, keyed with the secret (`whsec_` and the base64 of the key). ")
	d.f("While secrets rotate it may hold several signatures, separated by spaces; a delivery is genuine when one of them matches. ")
	d.f("A receiver rejects a delivery whose timestamp is more than five minutes from its clock.\n\n")

	d.f("To check a signature by hand, with openssl (the values are those of the example above, with an example secret):\n\n")
	sig, _ := apirt.SignEvent(exampleSecret, exampleEventID, exampleEventTime.Unix(), body)
	var sh strings.Builder
	sh.WriteString("id=" + shellQuote(exampleEventID) + "\n")
	sh.WriteString("ts=" + strconv.FormatInt(exampleEventTime.Unix(), 10) + "\n")
	sh.WriteString("body=" + shellQuote(string(body)) + "\n")
	sh.WriteString("secret=" + shellQuote(exampleSecret) + "\n")
	sh.WriteString("key=$(printf '%s' \"${secret#whsec_}\" | base64 -d | od -An -v -tx1 | tr -d ' \\n')\n")
	sh.WriteString("printf '%s.%s.%s' \"$id\" \"$ts\" \"$body\" |\n")
	sh.WriteString("  openssl dgst -sha256 -mac HMAC -macopt \"hexkey:$key\" -binary | base64\n")
	sh.WriteString("# prints " + strings.TrimPrefix(sig, "v1,") + ": webhook-signature is v1, and this\n")
	writeFence(&d.b, "sh", sh.String())

	d.f("In Go, the generated receiver checks all of this, then decodes and validates the event and calls its method of your `%s.EventHandler` (embed `%s.UnimplementedEventHandler` to handle only some events):\n\n", pkg, pkg)
	fn := d.names.Event(first).TypeName
	var g strings.Builder
	g.WriteString("type listener struct{ " + pkg + ".UnimplementedEventHandler }\n\n")
	g.WriteString("func (listener) " + fn + "(ctx context.Context, ev *" + pkg + "." + fn + ", meta " + pkg + ".EventMeta) error {\n")
	g.WriteString("\t// meta.ID is the same on every delivery of the event\n\treturn nil\n}\n\n")
	g.WriteString("http.Handle(\"/hooks\", " + pkg + ".NewEventReceiver(listener{}, []string{os.Getenv(\"WEBHOOK_SECRET\")}))\n")
	writeFence(&d.b, "go", g.String())
	d.f("The owner fires an event with a sender, which validates it first (required parameters, options) and retries failed deliveries:\n\n")
	writeFence(&d.b, "go", "s, err := "+pkg+".NewEventSender(os.Getenv(\"WEBHOOK_SECRET\"))\n// ...\nid, err := s.Send(ctx, \"https://listener.example.com/hooks\", "+d.eventLiteral(first)+")\n")

	for _, e := range events {
		d.event(e)
	}
}

// eventLiteral is the Go expression of an event with its example values.
func (d *mdGen) eventLiteral(e *model.Event) string {
	vals := EventExampleValues(e)
	var fields []string
	for _, p := range e.Params {
		v, ok := vals[p.Name]
		if !ok {
			continue
		}
		pn := d.names.Param(p)
		expr := strconv.Quote(safetext.OneLine(v.(string)))
		if pn.Enum != nil {
			expr = d.pkg + "." + pn.Enum.ConstNames[0]
		}
		fields = append(fields, pn.FieldName+": "+expr)
	}
	return "&" + d.pkg + "." + d.names.Event(e).TypeName + "{" + strings.Join(fields, ", ") + "}"
}

// event writes the section of one event.
func (d *mdGen) event(e *model.Event) {
	pkg, tn := d.pkg, d.names.Event(e).TypeName
	d.f("### %s\n\n", mdLine(e.Type))
	if e.Description != "" {
		d.f("%s\n\n", mdText(e.Description))
	}
	d.f("In Go: `%s.%s`, handled by the method `%s` of `%s.EventHandler`.", pkg, tn, tn, pkg)
	if len(e.Params) == 0 {
		d.f(" It has no parameters.")
	}
	d.f("\n\n")
	if len(e.Params) > 0 {
		described := d.paramsHead("| Parameter | Required | Default | Options | Go |", e.Params)
		for _, p := range e.Params {
			req, def, opts := paramCells(p)
			pn := d.names.Param(p)
			typ := d.names.TypeName(p)
			if pn.Enum != nil {
				typ = pkg + "." + typ
			}
			d.f("| %s | %s | %s | %s | `%s` (`%s`) |", cell(code(p.Name)), req, def, opts, pn.FieldName, typ)
			if described {
				d.f(" %s |", mdLine(p.Description))
			}
			d.b.WriteByte('\n')
		}
		d.b.WriteByte('\n')
	}
	d.f("Example body:\n\n")
	writeFence(&d.b, "json", string(EventExampleBody(e)))
}
