package apirt

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// eventRuntimeFiles are the runtime files that a package generated with
// --events gets besides the client's.
var eventRuntimeFiles = partFiles[EventsPart]

// The package-level names that the event runtime declares: the exported
// ones are the contract's (and the types its functions need); the
// unexported ones are reserved in every generated package. A change here is
// a change of what generated packages reserve.
var (
	eventExported = []string{
		"Event", "EventMeta", "EventReceiverOption", "EventSender", "EventSenderOption",
		"NewEventSender", "WithEventHTTPClient", "WithMaxEventBytes", "WithRetries", "WithSeen", "WithTolerance",
	}
	eventUnexported = []string{
		"appendEventBody", "decodeEventData", "eventAppendJSON", "eventArgsOf", "eventDecodeAny", "eventDecodeString",
		"eventEnvelope", "eventFirstWait", "eventIDValid", "eventKey", "eventMaxDepth", "eventMaxRetryAfter",
		"eventMaxWait", "eventObject", "eventParamIndex", "eventQuoteJSON", "eventRandom",
		"eventReadBody", "eventReceiver", "eventRetryAfter", "eventSkipSpace", "eventSleep", "eventStringEnd", "eventURLText",
		"eventUnixSeconds", "eventValid", "eventValidLiteral", "eventValidMember", "eventValidNumber", "eventValidString",
		"eventValueEnd", "newEventReceiver", "parseEventEnvelope", "parseWebhookSecret", "webhookContent", "webhookKey",
		"webhookMAC", "webhookSigLen", "webhookVerify", "writeEventProblem",
	}
	// Names that the generated code of events declares once per package
	// (see the comment at the top of events.go).
	eventGenerated = []string{"EventHandler", "UnimplementedEventHandler", "NewEventReceiver", "newEvent", "handleEvent"}
	// The server contract's names (spec/go-server.md).
	serverNames = []string{
		"Service", "UnimplementedService", "NewHandler", "HandlerOption", "WithPathPrefix", "WithMaxRequestBytes",
		"WithInterceptor", "WithErrorLog", "MethodFromContext", "RequestFromContext", "Interceptor", "Reply",
		"StatusError", "Errorf",
	}
)

// TestEventRuntimeNames checks what the event runtime's files may contain
// as files copied into generated packages: standard library imports only,
// no generics, exported names of the contract only, and package-level
// names that collide neither with the client runtime's, nor the server's
// contract, nor the generated code's.
func TestEventRuntimeNames(t *testing.T) {
	fset := token.NewFileSet()
	var exported, unexported []string
	imports := map[string]bool{}
	for _, name := range eventRuntimeFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.Split(path, "/")[0], ".") {
				t.Errorf("%s imports %s, which is not in the standard library", name, path)
			}
			if imp.Name != nil {
				t.Errorf("%s renames the import %s: Declared reserves a package's own name", name, path)
			}
			imports[path[strings.LastIndex(path, "/")+1:]] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncType:
				if n.TypeParams != nil {
					t.Errorf("%s: generic function at %v", name, fset.Position(n.Pos()))
				}
			case *ast.TypeSpec:
				if n.TypeParams != nil {
					t.Errorf("%s: generic type %s", name, n.Name.Name)
				}
			}
			return true
		})
		for _, id := range packageLevelNames(f) {
			if token.IsExported(id) {
				exported = append(exported, id)
			} else {
				unexported = append(unexported, id)
			}
		}
	}
	sort.Strings(exported)
	sort.Strings(unexported)
	if strings.Join(exported, " ") != strings.Join(eventExported, " ") {
		t.Errorf("exported names:\n%s\nwant (the contract's):\n%s", strings.Join(exported, " "), strings.Join(eventExported, " "))
	}
	if strings.Join(unexported, " ") != strings.Join(eventUnexported, " ") {
		t.Errorf("unexported names:\n%s\nwant:\n%s\n(update the list: these names are reserved in every generated package)", strings.Join(unexported, " "), strings.Join(eventUnexported, " "))
	}
	client := map[string]bool{}
	for _, part := range []Part{ClientPart, ServerPart} {
		for _, name := range partFiles[part] {
			f, _ := parse(name, fileSource(name))
			for _, n := range packageLevelNames(f) {
				client[n] = true
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				client[path[strings.LastIndex(path, "/")+1:]] = true
			}
		}
	}
	declared := map[string]bool{}
	for _, n := range Declared() {
		declared[n] = true
	}
	for _, n := range append(exported, unexported...) {
		if !declared[n] {
			t.Errorf("Declared() does not reserve %s, which the event runtime declares", n)
		}
	}
	seen := map[string]string{}
	for _, list := range []struct {
		what  string
		names []string
	}{{"the event runtime", append(exported, unexported...)}, {"the generated event code", eventGenerated}, {"the server contract", serverNames}} {
		for _, n := range list.names {
			if client[n] && list.what != "the server contract" { // the server runtime declares the contract
				t.Errorf("%s declares %s, which the client or server runtime declares or imports", list.what, n)
			}
			if imports[n] {
				t.Errorf("%s declares %s, which the event runtime imports", list.what, n)
			}
			if other, dup := seen[n]; dup {
				t.Errorf("%s and %s both declare %s", list.what, other, n)
			}
			seen[n] = list.what
		}
	}
}

func packageLevelNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}

// TestEventRuntimeCompilesAlone builds what a generated package with
// events holds: the client runtime, the event runtime and the generated
// code of events (events_gen_test.go as a package file), alone in a module,
// and vets it. So the event runtime needs no file that is not copied.
func TestEventRuntimeCompilesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package with the go command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	write := func(name string, content []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module example.com/helpdesk\n\ngo 1.24\n"))
	write("runtime.gen.go", Source(ClientPart, "helpdesk"))
	write("eventsrt.gen.go", Source(EventsPart, "helpdesk"))
	write("problemrt.gen.go", Source(ProblemPart, "helpdesk"))
	b, err := os.ReadFile("events_gen_test.go")
	if err != nil {
		t.Fatal(err)
	}
	write("events.gen.go", []byte(strings.Replace(string(b), "package apirt", "package helpdesk", 1)))
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command(gobin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
