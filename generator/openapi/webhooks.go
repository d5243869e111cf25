package openapi

import (
	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/ojson"
	"github.com/apigen-go/apigen/model"
)

// webhooks returns the API's events as the document's webhooks, under
// their types ("helpdesk.ticket.created") in definition order, or nil when
// it has none. OpenAPI 3.0 has no webhooks: there, each event is left out
// with a warning at its position.
func (g *gen) webhooks() *ojson.Object {
	events := g.api.Events()
	if len(events) == 0 {
		return nil
	}
	if g.v30 {
		for _, e := range events {
			g.diags.Warnf(e.Pos, diag.Export, "OpenAPI 3.0 has no webhooks: event %s (%s) is left out of the export; export OpenAPI 3.1 to keep it", e.Name, e.Type)
		}
		return nil
	}
	wh := &ojson.Object{}
	for _, e := range events {
		wh.Set(e.Type, g.webhook(e.Type, e.Description, e.Params))
	}
	return wh
}

// webhook is the path item of one event: a POST of the Standard Webhooks
// envelope {"type", "timestamp", "data"}, with data holding a member per
// parameter (tag syntax as for body parameters), signed with the
// webhook-id, webhook-timestamp and webhook-signature headers.
func (g *gen) webhook(eventType, description string, params []*model.Param) *ojson.Object {
	props := &ojson.Object{}
	var required []any
	for _, p := range params {
		props.Set(p.Name, bodySchema(p))
		if p.Required {
			required = append(required, p.Name)
		}
	}
	data := ojson.New("type", "object", "properties", props)
	if len(required) > 0 {
		data.Set("required", required)
	}
	envelope := ojson.New("type", "object",
		"properties", ojson.New(
			"type", ojson.New("type", "string", "enum", []any{eventType}),
			"timestamp", ojson.New("type", "string", "format", "date-time"),
			"data", data,
		),
		"required", []any{"type", "timestamp", "data"},
	)
	var headers []any
	for _, h := range []struct{ name, desc string }{
		{"webhook-id", "Unique per event; the same on every retry."},
		{"webhook-timestamp", "Unix seconds of this attempt."},
		{"webhook-signature", "v1, and the base64 HMAC-SHA256 of id.timestamp.body; several, space-separated, while secrets rotate."},
	} {
		headers = append(headers, ojson.New("name", h.name, "in", "header", "required", true,
			"description", h.desc, "schema", ojson.New("type", "string")))
	}
	op := ojson.New("operationId", eventType)
	if description != "" {
		op.Set("description", description)
	}
	op.Set("parameters", headers)
	op.Set("requestBody", ojson.New("required", true,
		"content", ojson.New("application/json", ojson.New("schema", envelope))))
	op.Set("responses", ojson.New(
		"2XX", ojson.New("description", "The listener accepted the event."),
		"default", ojson.New("description", "The listener did not accept the event; the sender retries on 429 and 5xx."),
	))
	return ojson.New("post", op)
}
