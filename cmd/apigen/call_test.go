package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apigen-go/apigen/examples/cloud"
	"github.com/apigen-go/apigen/examples/crm"
	"github.com/apigen-go/apigen/examples/gist"
	"github.com/apigen-go/apigen/examples/helpdesk"
	"github.com/apigen-go/apigen/internal/apicall"
	"github.com/apigen-go/apigen/internal/httprec"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
	"github.com/apigen-go/apigen/uritemplate"
)

// newExampleClient makes the generated client of a shipped definition
// (examples/<api>) with a bearer token and one extra header, as the
// `apigen call` runs of TestCallSendsWhatTheClientSends do.
var newExampleClient = map[string]func(base, token, key, value string) (any, error){
	"helpdesk": func(base, token, key, value string) (any, error) {
		return helpdesk.NewClient(base, helpdesk.WithBearerToken(token), helpdesk.WithHeader(key, value))
	},
	"crm": func(base, token, key, value string) (any, error) {
		return crm.NewClient(base, crm.WithBearerToken(token), crm.WithHeader(key, value))
	},
	"gist": func(base, token, key, value string) (any, error) {
		return gist.NewClient(base, gist.WithBearerToken(token), gist.WithHeader(key, value))
	},
	"cloud": func(base, token, key, value string) (any, error) {
		return cloud.NewClient(base, cloud.WithBearerToken(token), cloud.WithHeader(key, value))
	},
}

// argValue is a value for a parameter in a test call: one of its options
// (the last, which is rarely the default), else text that needs escaping in
// a URL; for a body parameter without options, JSON or a plain string. It
// returns the command-line text and the Go value a client's caller passes.
func argValue(p *model.Param, i int) (string, any) {
	switch {
	case p.Options != nil:
		o := p.Options[len(p.Options)-1]
		return o, o
	case p.In != uritemplate.InBody:
		v := fmt.Sprintf("v%d a/b ü&=?#%%", i)
		return v, v
	case i%2 == 0:
		return `{"a":1,"b":[true,"x <y>"],"c":{"d":null}}`,
			map[string]any{"a": 1, "b": []any{true, "x <y>"}, "c": map[string]any{"d": nil}}
	default:
		return "plain <text> & more", "plain <text> & more"
	}
}

// TestCallSendsWhatTheClientSends calls every method of every shipped
// definition twice, with `apigen call` and with the generated client of
// examples/<api>, with the same arguments, and checks that the server
// received the same method, request URI, headers and body. Each method is
// called with every parameter given by name (a list parameter, {name*},
// twice: two elements), and with only its required parameters, given by
// position.
func TestCallSendsWhatTheClientSends(t *testing.T) {
	defs, _ := filepath.Glob("../../definitions/*.json")
	if len(defs) != len(newExampleClient) {
		t.Fatalf("%d shipped definitions, %d example clients: add the new one to newExampleClient", len(defs), len(newExampleClient))
	}
	t.Setenv("APIGEN_TEST_TOKEN", "s3cret-token")
	for _, def := range defs {
		name := strings.TrimSuffix(filepath.Base(def), ".json")
		t.Run(name, func(t *testing.T) {
			s := httprec.New(t)
			base := s.URL + "/base/path/"
			client, err := newExampleClient[name](base, "s3cret-token", "X-Trace", "t-1")
			if err != nil {
				t.Fatal(err)
			}
			m, list := parser.ParseFile(def)
			api, names := apicall.Load(m)
			if list.HasErrors() || names.HasErrors() {
				t.Fatal(list, names)
			}
			calls := 0
			for _, meth := range api.Methods {
				for _, byName := range []bool{true, false} {
					args := []string{"call", "--url", base, "--bearer-env", "APIGEN_TEST_TOKEN", "-H", "x-trace: t-1", def, meth.Path}
					goVals := map[*model.Param]any{}
					params := meth.Model.Params
					if !byName {
						params = meth.Required()
					}
					for i, p := range params {
						text, v := argValue(p, i)
						goVals[p] = v
						if byName {
							text = p.Name + "=" + text
						}
						args = append(args, text)
						if byName && p.Repeated {
							// A list given twice by name: two elements.
							text2, v2 := argValue(p, i+1)
							if p.Options != nil {
								text2, v2 = p.Options[0], p.Options[0]
							}
							args = append(args, p.Name+"="+text2)
							goVals[p] = []any{v, v2}
						}
					}
					code, _, stderr := apigen(t, args...)
					if code != 0 {
						t.Fatalf("apigen %q: exit %d\n%s", args, code, stderr)
					}
					if err := callClient(client, api, meth, goVals); err != nil {
						t.Fatalf("%s: %v", meth.Path, err)
					}
					reqs := s.Requests()
					if len(reqs) != 2 {
						t.Fatalf("%s: %d requests, want 2", meth.Path, len(reqs))
					}
					cli, gen := reqs[0], reqs[1]
					if cli.String() != gen.String() || !reflect.DeepEqual(cli.Header, gen.Header) {
						t.Errorf("%s (by name: %v):\napigen call sent %s\n%v\nthe client sent %s\n%v", meth.Path, byName, cli, cli.Header, gen, gen.Header)
					}
					if got := cli.Header.Get("Authorization"); got != "Bearer s3cret-token" || cli.Header.Get("X-Trace") != "t-1" {
						t.Errorf("%s: Authorization %q, X-Trace %q", meth.Path, got, cli.Header.Get("X-Trace"))
					}
					calls++
				}
			}
			if calls != 2*len(api.Methods) || len(api.Methods) < 5 {
				t.Errorf("%d calls for %d methods", calls, len(api.Methods))
			}
		})
	}
}

// callClient calls a generated client's method by reflection: the method
// at meth.Path, with its required parameters as arguments (converted to
// their Go types) and its optional ones in a params struct.
func callClient(client any, api *apicall.API, meth *apicall.Method, vals map[*model.Param]any) error {
	v := reflect.ValueOf(client)
	parts := strings.Split(meth.Path, ".")
	for _, f := range parts[:len(parts)-1] {
		v = v.Elem().FieldByName(f)
	}
	fn := v.MethodByName(parts[len(parts)-1])
	if !fn.IsValid() {
		return fmt.Errorf("the client has no method %s", meth.Path)
	}
	ft := fn.Type()
	in := []reflect.Value{reflect.ValueOf(context.Background())}
	for i, p := range meth.Required() {
		in = append(in, goValue(vals[p], ft.In(1+i)))
	}
	if ft.NumIn() > len(in) {
		pt := ft.In(len(in)) // *XxxParams
		ps := reflect.New(pt.Elem())
		for _, p := range meth.Model.Params {
			if v, ok := vals[p]; ok && !p.Required {
				f := ps.Elem().FieldByName(api.Names.Param(p).FieldName)
				f.Set(goValue(v, f.Type()))
			}
		}
		in = append(in, ps)
	}
	out := fn.Call(in)
	if err, _ := out[1].Interface().(error); err != nil {
		return err
	}
	return nil
}

func goValue(v any, t reflect.Type) reflect.Value {
	if v == nil {
		return reflect.Zero(t)
	}
	rv := reflect.ValueOf(v)
	if elems, ok := v.([]any); ok && t.Kind() == reflect.Slice { // a list parameter given twice
		out := reflect.MakeSlice(t, len(elems), len(elems))
		for i, e := range elems {
			out.Index(i).Set(reflect.ValueOf(e).Convert(t.Elem()))
		}
		return out
	}
	if t.Kind() == reflect.Slice && rv.Kind() != reflect.Slice { // a list parameter ({name*}): one element
		out := reflect.MakeSlice(t, 1, 1)
		out.Index(0).Set(rv.Convert(t.Elem()))
		return out
	}
	if t.Kind() == reflect.Interface {
		out := reflect.New(t).Elem()
		out.Set(rv)
		return out
	}
	return rv.Convert(t)
}

// TestCallListing checks the listing of a definition against the format of
// the spec: required parameters bare, optional ones in brackets, options
// after '='.
func TestCallListing(t *testing.T) {
	code, stdout, stderr := apigen(t, "call", "../../definitions/helpdesk.json")
	want := `helpdesk  https://desk.example.com/api/v2
  ping()
  Ticket
    list([view=open|pending|solved|all_tickets], [page], [per_page])
    get(ticket_id)
    count([view=open|pending|solved|all_tickets])
    create(ticket)
    update(ticket_id, ticket, [notify])
    delete(ticket_id)
    Note
      list(ticket_id)
      get(ticket_id, note_id)
      add_note(ticket_id, body)
    Comment
      list(ticket_id, [sort=asc|desc])
      post_comment(ticket_id, body, [visibility=public|private])
    Audit
      list([ticket_id], [since])
  Field
    list()
    get(field_id)
  User
    list([role=end_user|agent|admin])
    get(user_id)
    me()
  Community
    Forum
      list(category_id)
      get(category_id, forum_id)
      Topic
        list(category_id, forum_id, [sort=recent|popular])
        get(category_id, forum_id, topic_id)
        create(category_id, forum_id, title, body)
`
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("exit %d, stderr %q, listing:\n%s\nwant:\n%s", code, stderr, stdout, want)
	}
	dir := t.TempDir()
	def := writeFile(t, dir, "nourl.json", `{"R": {"filter": ["GET", "/r/{f:!:a,b}?q={q:x:x,y}"]}}`)
	_, stdout, _ = apigen(t, "call", def)
	if stdout != "nourl\n  R\n    filter(f=a|b, [q=x|y])\n" {
		t.Errorf("listing without _url:\n%s", stdout)
	}
}

// TestCallExitCodes checks the exit code, output and error of each kind of
// outcome, against a local server.
func TestCallExitCodes(t *testing.T) {
	s := httprec.New(t)
	def := "../../definitions/helpdesk.json"
	url := "--url=" + s.URL
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.json", `{"R": {"get": ["FETCH", "/r"]}}`)
	tests := []struct {
		name   string
		status int
		args   []string
		code   int
		stdout string
		stderr []string // substrings, in order
		sent   int
	}{
		{"2xx", 200, []string{"call", url, def, "Ticket.Get", "42"}, 0, `{"ok": true}`, nil, 1},
		{"404 prints the body", 404, []string{"call", url, def, "Ticket.Get", "42"}, 1, `{"ok": true}`, []string{"apigen call: HTTP/1.1 404 Not Found"}, 1},
		{"written name, any case", 200, []string{"call", url, def, "ticket.NOTE.add_note", "1", "hi"}, 0, `{"ok": true}`, nil, 1},
		{"unknown method", 200, []string{"call", url, def, "Ticket.Nope"}, 2, "", []string{`apigen call: the API has no method "Ticket.Nope"; try Ticket.List,`, "Run 'apigen call --help'"}, 0},
		{"no definition", 200, []string{"call"}, 2, "", []string{"name a definition file"}, 0},
		{"definition with errors", 200, []string{"call", bad, "R.Get"}, 2, "", []string{bad + `:1:16: error: unknown HTTP method "FETCH"`, "has errors; nothing was sent"}, 0},
		{"bad argument", 200, []string{"call", url, def, "Ticket.Get"}, 3, "", []string{def + ":25:28: error: Ticket.Get: parameter ticket_id is required", "nothing was sent"}, 0},
		{"bad header", 200, []string{"call", url, "-H", "nocolon", def, "Ping"}, 2, "", []string{"write it as 'Key: Value'"}, 0},
		{"bad url", 200, []string{"call", "--url", "ftp://x", def, "Ping"}, 2, "", []string{"must start with http:// or https://"}, 0},
		{"two auths", 200, []string{"call", url, "--bearer-env", "A", "--basic-env", "B", def, "Ping"}, 2, "", []string{"not both"}, 0},
		{"unset secret", 200, []string{"call", url, "--bearer-env", "APIGEN_TEST_UNSET_VAR", def, "Ping"}, 2, "", []string{"APIGEN_TEST_UNSET_VAR is empty or not set"}, 0},
		{"unset secret, dry run", 200, []string{"call", url, "--bearer-env", "APIGEN_TEST_UNSET_VAR", "--dry-run", def, "Ping"}, 0, "curl --globoff --path-as-is '" + s.URL + "/ping.json' \\\n  -H \"Authorization: Bearer $APIGEN_TEST_UNSET_VAR\"\n", nil, 0},
		{"bad flags and bad arguments at once", 200, []string{"call", url, "-H", "nocolon", "--bearer-env", "APIGEN_TEST_UNSET_VAR", def, "Ticket.List", "view=x", "nope=1"},
			2, "", []string{def + ":24:5: error: Ticket.List has no parameter \"nope\"", def + `:24:39: error: Ticket.List: parameter view: "x" is not one of`, "2 errors", "apigen call: -H: a header has no ':'", "APIGEN_TEST_UNSET_VAR is empty or not set", "nothing was sent"}, 0},
		{"an unset secret and bad arguments", 200, []string{"call", url, "--bearer-env", "APIGEN_TEST_UNSET_VAR", def, "Ticket.Get"},
			2, "", []string{def + ":25:28: error: Ticket.Get: parameter ticket_id is required", "APIGEN_TEST_UNSET_VAR is empty or not set", "nothing was sent"}, 0},
	}
	for _, tt := range tests {
		s.Status = tt.status
		code, stdout, stderr := apigen(t, tt.args...)
		if code != tt.code || stdout != tt.stdout {
			t.Errorf("%s: exit %d, stdout %q; want %d, %q\n%s", tt.name, code, stdout, tt.code, tt.stdout, stderr)
		}
		rest := stderr
		for _, want := range tt.stderr {
			i := strings.Index(rest, want)
			if i < 0 {
				t.Errorf("%s: stderr lacks %q:\n%s", tt.name, want, stderr)
				break
			}
			rest = rest[i+len(want):]
		}
		if tt.stderr == nil && stderr != "" {
			t.Errorf("%s: stderr %q", tt.name, stderr)
		}
		if n := len(s.Requests()); n != tt.sent {
			t.Errorf("%s: %d requests sent, want %d", tt.name, n, tt.sent)
		}
	}
}

// TestCallOutput checks -i, -o, pretty-printing on a terminal and raw
// output otherwise, and $APIGEN_URL.
func TestCallOutput(t *testing.T) {
	s := httprec.New(t)
	s.Body = `{"a":[1,2],"b":"x"}`
	def := "../../definitions/helpdesk.json"
	t.Setenv("APIGEN_URL", s.URL+"/v9")

	code, stdout, stderr := apigen(t, "call", "-i", def, "ping")
	if code != 0 || stdout != s.Body {
		t.Errorf("raw output: exit %d, %q", code, stdout)
	}
	if !strings.HasPrefix(stderr, "HTTP/1.1 200 OK\nContent-Length: 19\nContent-Type: application/json\nDate: ") || !strings.HasSuffix(stderr, "\n\n") {
		t.Errorf("-i: %q", stderr)
	}
	if r := s.Requests(); len(r) != 1 || r[0].URI != "/v9/ping.json" {
		t.Errorf("$APIGEN_URL: %v", r)
	}

	old := isTerminal
	isTerminal = func(io.Writer) bool { return true }
	defer func() { isTerminal = old }()
	_, stdout, _ = apigen(t, "call", def, "ping")
	if stdout != "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"x\"\n}\n" {
		t.Errorf("pretty output: %q", stdout)
	}
	out := filepath.Join(t.TempDir(), "body.json")
	code, stdout, _ = apigen(t, "call", "-o", out, def, "ping")
	if got, _ := os.ReadFile(out); code != 0 || stdout != "" || string(got) != s.Body {
		t.Errorf("-o: exit %d, stdout %q, file %q", code, stdout, got)
	}
}

// TestCallTimeout checks that --timeout ends a request that gets no
// answer, with exit 1.
func TestCallTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := newHangingServer(t, release)
	defer close(release)
	start := time.Now()
	code, _, stderr := apigen(t, "call", "--url", srv, "--timeout", "100ms", "../../definitions/helpdesk.json", "ping")
	if code != 1 || !strings.Contains(stderr, "context deadline exceeded") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the timeout did not end the request (%v)", d)
	}
}

// TestCallSecretsStayHidden checks that a secret read from the environment
// appears in no output: not in --dry-run's command, not in errors, not when
// the server fails.
func TestCallSecretsStayHidden(t *testing.T) {
	const secret = "hunter2-very-secret"
	t.Setenv("APIGEN_TEST_SECRET", secret)
	t.Setenv("APIGEN_TEST_CRED", "alice:"+secret)
	s := httprec.New(t)
	s.Status = 500
	s.Body = "oops"
	def := "../../definitions/helpdesk.json"
	runs := [][]string{
		{"call", "--url", s.URL, "--bearer-env", "APIGEN_TEST_SECRET", "--dry-run", def, "Ticket.Get", "42"},
		{"call", "--url", s.URL, "--basic-env", "APIGEN_TEST_CRED", "--dry-run", def, "Ticket.Get", "42"},
		{"call", "--url", s.URL, "--bearer-env", "APIGEN_TEST_SECRET", "-i", def, "Ticket.Get", "42"},
		{"call", "--url", s.URL, "--basic-env", "APIGEN_TEST_CRED", def, "Ticket.Get", ""},
		{"call", "--url", "http://alice:" + secret + "@127.0.0.1:1", def, "Ticket.Get", "42"},
		{"call", "--url", s.URL, "-H", "Authorization " + secret, def, "Ticket.Get", "42"},
	}
	for _, args := range runs {
		_, stdout, stderr := apigen(t, args...)
		if strings.Contains(stdout+stderr, secret[:6]) {
			t.Errorf("apigen %q printed the secret:\n%s\n%s", args[:len(args)-3], stdout, stderr)
		}
	}
	if r := s.Requests(); len(r) != 1 || r[0].Header.Get("Authorization") != "Bearer "+secret {
		t.Errorf("requests: %v", r)
	}
}

// TestCallDryRunCurl runs the curl command that --dry-run prints with sh
// against a local server, and checks that it sends the request `apigen
// call` sends: method, request URI, body, and the headers apigen sets
// (curl adds its own User-Agent and Accept-Encoding, as Go's transport
// does, and Accept: */*, which says what no Accept header says).
func TestCallDryRunCurl(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	t.Setenv("APIGEN_TEST_TOKEN", "tok'en $x")
	t.Setenv("APIGEN_TEST_CRED", "al'ice:p@ss:word")
	s := httprec.New(t)
	defs, _ := filepath.Glob("../../definitions/*.json")
	for _, def := range defs {
		m, _ := parser.ParseFile(def)
		api, _ := apicall.Load(m)
		for i, meth := range api.Methods {
			auth := []string{"--bearer-env", "APIGEN_TEST_TOKEN"}
			if i%2 == 1 {
				auth = []string{"--basic-env", "APIGEN_TEST_CRED"}
			}
			args := append([]string{"call", "--url", s.URL + "/a'b/", "-H", "X-Quote: it's \"quoted\" $HOME `x`"}, auth...)
			args = append(args, def, meth.Path)
			for j, p := range meth.Model.Params {
				text, _ := argValue(p, j)
				args = append(args, p.Name+"="+text)
			}
			code, _, stderr := apigen(t, args...)
			if code != 0 {
				t.Fatalf("apigen %q: %d %s", args, code, stderr)
			}
			code, curl, stderr := apigen(t, append(args, "--dry-run")...)
			if code != 0 || stderr != "" {
				t.Fatalf("--dry-run: %d %s", code, stderr)
			}
			if strings.Contains(curl, "tok'en") || strings.Contains(curl, "p@ss") {
				t.Fatalf("the curl command holds a secret:\n%s", curl)
			}
			cmd := exec.Command("sh", "-c", curl)
			cmd.Stdout = new(bytes.Buffer)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v\n%s", curl, err, errb.String())
			}
			reqs := s.Requests()
			if len(reqs) != 2 {
				t.Fatalf("%d requests", len(reqs))
			}
			a, c := reqs[0], reqs[1]
			if a.String() != c.String() {
				t.Errorf("%s:\napigen call sent %s\ncurl sent        %s\n%s", meth.Path, a, c, curl)
			}
			for _, h := range []string{"Content-Type", "Authorization", "X-Quote"} {
				if !reflect.DeepEqual(a.Header[h], c.Header[h]) {
					t.Errorf("%s: header %s: apigen call sent %q, curl %q\n%s", meth.Path, h, a.Header[h], c.Header[h], curl)
				}
			}
			if a.Header.Get("Authorization") == "" {
				t.Errorf("%s: no Authorization header", meth.Path)
			}
		}
	}
}

// TestCallCompletion checks the completion of call paths, parameter names
// and option values, from the definition alone.
func TestCallCompletion(t *testing.T) {
	def := "../../definitions/helpdesk.json"
	tests := []struct {
		args []string
		want []string
		dir  string // the directive line
	}{
		{[]string{"call", def, ""}, []string{"Community.", "Field.", "Ping", "Ticket.", "User."}, ":6"},
		{[]string{"call", def, "Ticket.N"}, []string{"Ticket.Note."}, ":6"},
		{[]string{"call", def, "ticket.note."}, []string{"ticket.note.AddNote", "ticket.note.Get", "ticket.note.List"}, ":4"},
		{[]string{"call", def, "ticket.N"}, []string{"ticket.Note."}, ":6"},
		{[]string{"call", def, "Ticket.List", ""}, []string{"view=", "page=", "per_page="}, ":6"},
		{[]string{"call", def, "Ticket.List", "view=open", "p"}, []string{"page=", "per_page="}, ":6"},
		{[]string{"call", def, "Ticket.List", "view="}, []string{"view=open", "view=pending", "view=solved", "view=all_tickets"}, ":4"},
		{[]string{"call", def, "Ticket.List", "view=p"}, []string{"view=pending"}, ":4"},
		{[]string{"call", def, "Ticket.Comment.PostComment", "visibility=p"}, []string{"visibility=public", "visibility=private"}, ":4"},
		{[]string{"call", def, "Ticket.Comment.PostComment", "visibility:=p"}, nil, ":4"}, // JSON: "public" with quotes
		{[]string{"call", def, "Nope", ""}, nil, ":4"},
		{[]string{"call", "--bearer-env", "APIGEN_TEST_COMPL"}, []string{"APIGEN_TEST_COMPLETION_VAR"}, ":4"},
	}
	t.Setenv("APIGEN_TEST_COMPLETION_VAR", "secret-value")
	for _, tt := range tests {
		code, stdout, _ := apigen(t, append([]string{"__complete"}, tt.args...)...)
		lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		got, dir := lines[:len(lines)-1], lines[len(lines)-1]
		if code != 0 || dir != tt.dir || strings.Join(got, " ") != strings.Join(tt.want, " ") || strings.Contains(stdout, "secret-value") {
			t.Errorf("complete %q: %q %s, want %q %s", tt.args, got, dir, tt.want, tt.dir)
		}
	}
	// The definition file itself completes to .json files.
	_, stdout, _ := apigen(t, "__complete", "call", "")
	if !strings.Contains(stdout, "json\n:8") {
		t.Errorf("completion of the definition: %q", stdout)
	}
}

// TestCallCompletionOffersNoShellCode protects the shell from definition
// text: an option that is not one plain word (a command substitution,
// backquotes, quotes, a space, a glob, a tilde) is not offered, because
// readline and zsh insert the text common to the candidates as it is, so
// options "$(cmd)1" and "$(cmd)2" would put "$(cmd)" on the command line
// unquoted.
func TestCallCompletionOffersNoShellCode(t *testing.T) {
	def := filepath.Join(t.TempDir(), "h.json")
	src := `{"_url": "https://x.example.com",
  "states": "ok,$(touch pwned)1,$(touch pwned)2,` + "`id`" + `,a b,x'y,a\"b,c\\d,e;f|g&h,*,[a],~root,!1,v1.2_beta-3+x/z@w%20,grüße",
  "Ticket": {"list": ["GET", "/t?state={state:ok:{states}}"]}}`
	if err := os.WriteFile(def, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := apigen(t, "lint", def); code != 0 {
		t.Fatalf("lint: %s", stderr)
	}
	for _, prefix := range []string{"", "$", "a", "v"} {
		code, stdout, _ := apigen(t, "__complete", "call", def, "Ticket.list", "state="+prefix)
		var want []string
		for _, opt := range []string{"state=ok", "state=v1.2_beta-3+x/z@w%20", "state=grüße"} {
			if strings.HasPrefix(opt, "state="+prefix) {
				want = append(want, opt)
			}
		}
		want = append(want, ":4")
		if got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n"); code != 0 || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("complete state=%s: %q, want %q", prefix, got, want)
		}
	}
}

// newHangingServer starts a loopback server that answers nothing until
// release is closed or the client gives up.
func newHangingServer(t *testing.T, release chan struct{}) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
