package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/uritemplate"
)

// describeEvents prints each event of api as one line: type, position,
// description, then each parameter as its tag with its position.
func describeEvents(api *model.API) []string {
	var out []string
	for _, e := range api.Events() {
		var ps []string
		for _, p := range e.Params {
			if p.In != uritemplate.InBody {
				ps = append(ps, "NOT IN BODY")
			}
			tag := uritemplate.Tag{Name: p.Name, Required: p.Required, Default: p.Default, Options: p.Options}
			ps = append(ps, tag.String()+"@"+p.Pos.LineCol())
		}
		out = append(out, fmt.Sprintf("%s@%s %q [%s]", e.Type, e.Pos.LineCol(), e.Description, strings.Join(ps, " ")))
	}
	return out
}

func TestEvents(t *testing.T) {
	src := `{
  "priorities": "low,normal,high",
  "Ticket": {
    "root": "/tickets",
    "get": ["GET", "{root}/{ticket_id}.json"],
    // A ticket was opened.
    //
    //   By a customer.
    "created": ["EVENT", ["ticket_id", "subject", "body:", "priority:normal:{priorities}"]],
    "closed": ["event", "ticket_id"], // not a description
    "TicketNote": {
      // Not a description: a blank line follows.

      "added": ["Event", ["note_id", "channel:!:email,web"]]
    },
    "HTTPLog": {"written": ["EVENT"]}
  },
  /* block comments are not descriptions */ "pinged": ["EVENT"],
  "get": ["GET", "/x"]
}`
	api, list := Parse("helpdesk.json", []byte(src))
	if list.HasErrors() {
		t.Fatal(list)
	}
	want := []string{
		`helpdesk.pinged@18:45 "" []`,
		`helpdesk.ticket.created@9:5 "A ticket was opened.\n\n  By a customer." [ticket_id@9:28 subject@9:41 body:@9:52 priority:normal:low,normal,high@9:61]`,
		`helpdesk.ticket.closed@10:5 "" [ticket_id@10:26]`,
		`helpdesk.ticket.ticket_note.added@14:7 "" [note_id@14:28 channel:!:email,web@14:39]`,
		`helpdesk.ticket.http_log.written@16:17 "" []`,
	}
	if got := describeEvents(api); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(api.Root.Methods) + len(api.Root.Children[0].Methods); n != 2 {
		t.Errorf("%d methods, want 2: events are not methods", n)
	}
	var warnings []string
	for _, d := range list {
		warnings = append(warnings, d.Pos.LineCol()+" "+string(d.Code)+" "+d.Msg)
	}
	wantWarnings := []string{
		`10:16 event "event" should be upper case: "EVENT"`,
		`14:17 event "Event" should be upper case: "EVENT"`,
	}
	if strings.Join(warnings, "\n") != strings.Join(wantWarnings, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}
}

// TestEventErrors checks that every error of events is reported at once,
// each at its position, and that a repeated type names both places.
func TestEventErrors(t *testing.T) {
	src := `{
  "Ticket": {
    "created": ["EVENT", ["ticket_id", "x", "x:", 3, "y:z:a,b", "{q}"]],
    "long": ["EVENT", "a", "b"],
    "shape": ["EVENT", {"a": 1}],
    "bad-name": ["EVENT"]
  },
  "ticket": {"created": ["EVENT"]},
  "TICKET": {"created": ["EVENT"]}
}`
	_, list := Parse("helpdesk.json", []byte(src))
	var got []string
	for _, d := range list {
		s := fmt.Sprintf("%s %s %s %s", d.Pos.LineCol(), d.Severity, d.Code, d.Msg)
		for _, r := range d.Related {
			s += " [related " + r.LineCol() + "]"
		}
		got = append(got, s)
	}
	want := []string{
		`3:46 error parameter parameter "x" is already a parameter of the event (at 3:41): rename one [related 3:41]`,
		`3:51 error event event "created": a parameter must be a string such as "data" or "data:", not a number`,
		`3:57 error option default "z" is not one of the options a,b: add it to the options or change the default`,
		`3:66 error tag invalid parameter name "{q}": use ASCII letters, digits and _, not starting with a digit`,
		`4:13 error event event "long": expected ["EVENT"] or ["EVENT", parameters], got an array of 3`,
		`5:24 error event event "shape": parameters are a string such as "data" or an array of strings, not an object`,
		`6:5 error event event name "bad-name" is part of the event's type on the wire: use letters, digits and '_' only, starting with a letter, such as "note_added"`,
		`8:3 warning resource-name resource "ticket" should be capitalized ("Ticket"): resource names are capitalized by convention`,
		`8:14 error event event "created" has the type helpdesk.ticket.created, as the event "created" (at 3:5) has: rename one of them or of their resources [related 3:5]`,
		`9:14 error event event "created" has the type helpdesk.ticket.created, as the event "created" (at 3:5) has: rename one of them or of their resources [related 3:5]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !list.HasErrors() || list[0].Severity != diag.Error {
		t.Error("no errors")
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Ticket": "ticket", "TicketNote": "ticket_note", "HTTPLog": "http_log", "Ticket2Note": "ticket2_note",
		"ticket_fields": "ticket_fields", "Ticket Fields": "ticket_fields", "Ticket.Note": "ticket_note",
		"APIs": "apis", "APIsList": "apis_list", "HTTPServer": "http_server", "Grüße": "grüße", "ÄrgerNote": "ärger_note", "x": "x", "_A_": "a", "ID": "id",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}
