package golang

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
)

// TestDeskServerIsGenerated checks that internal/apirt's desk_test.go,
// which the server runtime's raw HTTP tests drive, holds exactly what the
// generator writes: its definition is the golden case's, and its server
// half is the generated server file after its imports.
func TestDeskServerIsGenerated(t *testing.T) {
	desk, err := os.ReadFile("../../internal/apirt/desk_test.go")
	if err != nil {
		t.Fatal(err)
	}
	def, err := os.ReadFile("../../testdata/golden/server/desk.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(desk, []byte("const deskDefinition = `"+string(def)+"`")) {
		t.Error("deskDefinition in desk_test.go is not testdata/golden/server/desk.json")
	}
	files := generateWith(t, deftest.File(t, "../../testdata/golden/server/desk.json"), Options{Server: true})
	_, body, _ := bytes.Cut(files[ServerFile], []byte("\n)\n"))
	const marker = "// The server half, as apigen generate --server writes it.\n"
	_, half, ok := bytes.Cut(desk, []byte(marker))
	if !ok || !bytes.Equal(half, body) {
		t.Errorf("the server half of desk_test.go is not the generated %s; copy it from testdata/golden/server/%s", ServerFile, ServerFile)
	}
}

// TestServerOnlyWithOption checks that the server's files are written
// only with Options.Server, and that the option changes no other file:
// names do not depend on the flags.
func TestServerOnlyWithOption(t *testing.T) {
	for _, def := range []string{"../../definitions/helpdesk.json", "../../testdata/golden/names/names.json"} {
		api := deftest.File(t, def)
		client := generate(t, api)
		both := generateWith(t, api, Options{Server: true, Events: true})
		for _, name := range []string{ServerFile, ServerRuntimeFile} {
			if _, ok := client[name]; ok {
				t.Errorf("%s: %s without Options.Server", def, name)
			}
			if _, ok := both[name]; !ok {
				t.Errorf("%s: no %s with Options.Server", def, name)
			}
			delete(both, name)
		}
		// Problem documents come with the server, or with events.
		if _, ok := both[ProblemRuntimeFile]; !ok {
			t.Errorf("%s: no %s with Options.Server", def, ProblemRuntimeFile)
		}
		if _, events := client[EventsFile]; events != (client[ProblemRuntimeFile] != nil) {
			t.Errorf("%s: %s without the server: %v, events: %v", def, ProblemRuntimeFile, client[ProblemRuntimeFile] != nil, events)
		} else if !events {
			delete(both, ProblemRuntimeFile)
		}
		if len(both) != len(client) {
			t.Errorf("%s: %d files with the server, %d without, besides the server's", def, len(both), len(client))
		}
		for name, content := range client {
			if !bytes.Equal(content, both[name]) {
				t.Errorf("%s: %s changes with Options.Server", def, name)
			}
		}
	}
}

// TestServerNames checks the names of the server: Service methods are the
// Go call path joined, made unique in Service by a number; request types
// add Request and yield to every client name, taking the next number; the
// server's file keeps its name beside a resource named Server.
func TestServerNames(t *testing.T) {
	api := deftest.Source(t, "x.json", `{
		"ping": ["GET", "/ping"],
		"TicketNote": {"get": ["GET", "/tn/{a}"]},
		"Ticket": {
			"Note": {"get": ["GET", "/t/{b}/n"]},
			"noteGet": ["GET", "/t/{c}/ng"],
			"list": ["GET", "/t?{f::x,y}={v:}"],
			"find": ["GET", "/t/f?{list_request::a,b}=1"]
		},
		"Service": {"request": ["GET", "/s/r"]},
		"Server": {"x": ["GET", "/server"]}
	}`)
	names, diags := Name(api, "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var got []string
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			mn := names.Method(m)
			got = append(got, mn.FullName+"="+mn.ServiceMethod+","+mn.RequestType)
		}
	})
	want := []string{
		"Ping=Ping,PingRequest",
		"TicketNote.Get=TicketNoteGet,TicketNoteGetRequest",
		"Ticket.NoteGet=TicketNoteGet2,TicketNoteGet2Request",
		"Ticket.List=TicketList,TicketListRequest2", // TicketListRequest is the enum of list_request
		"Ticket.Find=TicketFind,TicketFindRequest",
		"Ticket.Note.Get=TicketNoteGet3,TicketNoteGet3Request",
		"Service.Request=ServiceRequest,ServiceRequestRequest",
		"Server.X=ServerX,ServerXRequest",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("names:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	files := generateWith(t, api, Options{Server: true})
	for _, name := range []string{"server_resource.gen.go", ServerFile, ServerRuntimeFile} {
		if _, ok := files[name]; !ok {
			t.Errorf("no file %s", name)
		}
	}
}

// TestServerCheck checks the server's diagnostics from the Go target: at
// the definition's positions, errors with Options.Server and warnings
// without, both methods named with both positions where two collide.
func TestServerCheck(t *testing.T) {
	src := `{
  "File": {
    "get": ["GET", "/files/{file_id}"],
    "find": ["GET", "/files/{name}"],
    "split": ["GET", "/s/{a}{b}"],
    "range": ["GET", "/r/{from}-{to}"],
    "search": ["GET", "/q?{key}={value}"]
  }
}`
	api := deftest.Source(t, "def.json", src)
	for _, server := range []bool{false, true} {
		var got []string
		for _, d := range Check(api, Options{Server: server}) {
			s := fmt.Sprintf("%s: %s: %s: %s", d.Pos.LineCol(), d.Severity, d.Code, d.Msg)
			for _, r := range d.Related {
				s += " [related " + r.LineCol() + "]"
			}
			got = append(got, s)
		}
		sev := "warning"
		if server {
			sev = "error"
		}
		want := []string{
			"4:5: " + sev + ": server: a server cannot tell File.Find GET from File.Get GET (at 3:5): the query does not tell them apart: neither requires a query key; give one of them another path, a literal query pair or a required query key [related 3:5]",
			"5:29: " + sev + `: server: File.Split: parameters "a" and "b" are side by side in one path segment: a server cannot split them; put literal text between them, or make them one parameter`,
			`6:33: warning: server: File.Range: parameters of one path segment are split at the first "-" after the text before them: a value of "from" that holds it does not reach a server as sent`,
			"7:27: " + sev + `: server: File.Search: parameter "key" is a query key without options: a server cannot tell which key of a request it is; give it options ({name::a,b,c})`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("server %v:\n%s\nwant\n%s", server, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		files, diags := Generate(api, Options{Server: server})
		if server != (files == nil) || server != diags.HasErrors() {
			t.Errorf("server %v: Generate gave %d files, %d diagnostics", server, len(files), len(diags))
		}
	}
	if n := len(Check(deftest.File(t, "../../definitions/helpdesk.json"), Options{Server: true})); n != 0 {
		t.Errorf("helpdesk.json: %d server diagnostics", n)
	}
}

// TestServerLinesPerMethod checks the size budget of the server half: at
// most 15 lines per method in the server file of the 1,100-method
// synthetic definition. It logs the figure with the server's runtime file
// too, which has the same lines whatever the API's size.
func TestServerLinesPerMethod(t *testing.T) {
	api := deftest.Synth(t, 100)
	files := generateWith(t, api, Options{Server: true})
	lines := bytes.Count(files[ServerFile], []byte("\n"))
	perMethod := float64(lines) / 1100
	runtime := bytes.Count(files[ServerRuntimeFile], []byte("\n"))
	t.Logf("%s: %d lines, %.1f per method; with %s (%d lines), %.1f per method",
		ServerFile, lines, perMethod, ServerRuntimeFile, runtime, float64(lines+runtime)/1100)
	if perMethod > 15 {
		t.Errorf("%.1f lines per method, the budget is 15", perMethod)
	}
}
