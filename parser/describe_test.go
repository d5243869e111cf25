package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/model"
)

// descriptions prints every description of api, one per line, as
// "what name@line:col: text" (the description's position), in definition
// order.
func descriptions(api *model.API) []string {
	var out []string
	add := func(what, name, text string, pos diag.Pos) {
		at := "-"
		if pos.Line > 0 {
			at = pos.LineCol()
		}
		if text != "" {
			out = append(out, fmt.Sprintf("%s %s@%s: %q", what, name, at, text))
		}
	}
	api.Root.Walk(func(r *model.Resource) {
		add("resource", r.Name, r.Description, r.DescriptionPos)
		for _, v := range r.Values {
			add("value", v.Name, v.Description, v.DescriptionPos)
		}
		for _, m := range r.Methods {
			add("method", m.Name, m.Description, m.DescriptionPos)
			for _, p := range m.Params {
				add("param", m.Name+"."+p.Name, p.Description, p.DescriptionPos)
			}
		}
	})
	return out
}

func TestDescriptions(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"line comments above keys", `{
  // Where tickets live.
  "root": "/tickets",
  "Ticket": {
    // Lists the tickets
    // of a view.
    "list": ["GET", "{root}?view={view:}"],
    "get": ["GET", "{root}/{id}"], // a trailing comment describes nothing
    "x": ["GET", "/x"]
  }
}`, []string{
			`value root@2:3: "Where tickets live."`,
			`method list@5:5: "Lists the tickets\nof a view."`,
		}},
		{"a blank line keeps a comment a note", `{
  "Ticket": {
    // A note for readers of the definition.

    "list": ["GET", "/t"],
    //
    "get": ["GET", "/t/{id}"]
  }
}`, nil},
		{"block comments, one only", `{
  /* Tickets of the help desk.
   *
   * Each has notes. */
  "Ticket": {
    /** Gets a ticket. */
    "get": ["GET", "/t/{id}"],
    /* first */ /* second */
    "put": ["PUT", "/t/{id}"],
    // line
    /* block */
    "del": ["DELETE", "/t/{id}"]
  }
}`, []string{
			`resource Ticket@2:3: "Tickets of the help desk.\n\nEach has notes."`,
			`method get@6:5: "Gets a ticket."`,
			`method del@11:5: "block"`,
		}},
		{"the key must start its line; the comment must stand alone", `{
  "T": { // not this one
    // Only the first key of a line can have one.
    "a": ["GET", "/a"], "b": ["GET", "/b"],
    "c": ["GET", "/c"], // nor a comment after a value
    "d": ["GET", "/d"]
  }
}`, []string{`method a@3:5: "Only the first key of a line can have one."`}},
		{"_description wins over a comment", `{
  // Comment.
  "T": {
    "_description": "Description.",
    "a": ["GET", "/a"]
  }
}`, []string{`resource T@-: "Description."`}},
		{"comment markers inside strings are text", `{
  "T": {
    "a": ["GET", "/a?x=//"],
    "b": ["GET", "/b/*"], "c": ["GET", "/c*/"],
    "d": ["GET", "/d"]
  }
}`, nil},
		{"_params: inherited, overridden, for every kind of parameter", `{
  "_params": {"id": "The ticket's number.", "view": "Which tickets to list.", "data": "The ticket."},
  "Ticket": {
    "_params": {"view": "Which of the ticket's notes to list."},
    "list": ["GET", "/t?view={view:}"],
    "put": ["PUT", "/t/{id}", "data"]
  },
  "Other": {
    "list": ["GET", "/o?view={view:}"]
  }
}`, []string{
			`param list.view@4:17: "Which of the ticket's notes to list."`,
			`param put.id@2:15: "The ticket's number."`,
			`param put.data@2:79: "The ticket."`,
			`param list.view@2:45: "Which tickets to list."`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api := mustParse(t, tt.src)
			got := descriptions(api)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("descriptions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
