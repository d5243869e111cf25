package openapi

import (
	"github.com/apigen-go/apigen/internal/ojson"
	"github.com/apigen-go/apigen/model"
)

// webhooks returns the API's events as the document's webhooks, or nil
// when it has none.
//
// Events (["EVENT", PARAMS] entries, spec/events.md) are not in the model
// yet. When they are, this is where each becomes a webhook: call
// g.webhook(type, description, params) for every event in definition order
// and set the result under the event's type ("helpdesk.ticket.created").
// OpenAPI 3.0 has no webhooks: there, warn at each event that it is left
// out.
func (g *gen) webhooks() *ojson.Object {
	return nil
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
