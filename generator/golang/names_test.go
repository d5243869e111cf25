package golang

import (
	"go/token"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/diag"
	"github.com/apigen-go/apigen/internal/deftest"
	"github.com/apigen-go/apigen/model"
	"github.com/apigen-go/apigen/parser"
)

// names parses src as api.json and runs the naming pass; any error fails
// the test.
func names(t *testing.T, src string) (*model.API, *Names) {
	t.Helper()
	api := deftest.Source(t, "api.json", src)
	n, diags := Name(api, "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return api, n
}

// nameFile runs the naming pass on an empty definition named file, with
// the package name override.
func nameFile(t *testing.T, file, override string) (*Names, diag.List) {
	api, list := parser.Parse(file, []byte(`{}`))
	if list.HasErrors() {
		t.Fatalf("%s: %v", file, list)
	}
	return Name(api, override)
}

func TestNames(t *testing.T) {
	api, n := names(t, `{
		"search": ["GET", "/s?sort={sort::a,b}&type={type}&string={string:}&ctx={ctx}"],
		"Ticket": {
			"list": ["GET", "/t?view={view::open,all_tickets}&order={order::asc,desc}"],
			"count": ["GET", "/c?view={view::all_tickets,open}&order={order::up,down}"],
			"Note": {"get": ["GET", "/n/{ticket_id}/{note_id}"]}
		},
		"TicketList": {"x": ["GET", "/x?{k::-,+,a-b,a_b}={v:}"]},
		"Client": {},
		"Error": {"get": ["GET", "/e?p={p::x}"]}
	}`)
	var got []string
	api.Root.Walk(func(r *model.Resource) {
		got = append(got, "type "+n.Resource(r).TypeName)
		for _, m := range r.Methods {
			got = append(got, "params "+n.Method(m).ParamsType+" var "+n.Method(m).EndpointVar)
			for _, p := range m.Required() {
				got = append(got, "arg "+n.Param(p).ArgName)
			}
		}
	})
	for _, e := range n.Enums {
		got = append(got, "enum "+e.TypeName+" "+strings.Join(e.ConstNames, ","))
	}
	want := []string{
		"type Client",
		"params SearchParams var searchEndpoint",
		"arg type_", "arg ctx_",
		"enum Sort SortA,SortB",
		"type TicketResource",
		"params TicketListParams var ticketListEndpoint",
		"params TicketCountParams var ticketCountEndpoint",
		"enum TicketView TicketViewOpen,TicketViewAllTickets",
		"enum TicketListOrder TicketListOrderAsc,TicketListOrderDesc",
		"enum TicketCountOrder TicketCountOrderUp,TicketCountOrderDown",
		"type TicketNoteResource",
		"params  var ticketNoteGetEndpoint",
		"arg ticketID", "arg noteID",
		"type TicketListResource",
		"params TicketListXParams var ticketListXEndpoint",
		"enum TicketListK TicketListKMinus,TicketListKPlus,TicketListKAB,TicketListKAB2",
		"type ClientResource",
		"type ErrorResource",
		"params ErrorGetParams var errorGetEndpoint",
		"enum ErrorP ErrorPX",
	}
	// Enums are listed after all resources above; reorder want to match.
	var wantTypes, wantEnums []string
	for _, w := range want {
		if strings.HasPrefix(w, "enum ") {
			wantEnums = append(wantEnums, w)
		} else {
			wantTypes = append(wantTypes, w)
		}
	}
	want = append(wantTypes, wantEnums...)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPackageName(t *testing.T) {
	for _, tt := range []struct{ file, override, want, err string }{
		{"help_desk.ticket.json", "", "helpdeskticket", ""},
		{"dir/HelpDesk.json", "", "helpdesk", ""},
		{"x.json", "mypkg", "mypkg", ""},
		{"x.json", "my-pkg", "", `package name "my-pkg" is not a valid Go identifier`},
		{"x.json", "_", "", `package name "_" is not a valid Go identifier`},
		{"2.json", "", "", `gives no valid Go package name`},
	} {
		n, list := nameFile(t, tt.file, tt.override)
		if tt.err != "" {
			if len(list) != 1 || !strings.Contains(list[0].Msg, tt.err) || list[0].Pos.Line != 1 {
				t.Errorf("%s -p %q: got %v, want error %q", tt.file, tt.override, list, tt.err)
			}
			continue
		}
		if len(list) != 0 || n.Package != tt.want {
			t.Errorf("%s -p %q: package %q %v, want %q", tt.file, tt.override, n.Package, list, tt.want)
		}
	}
}

// TestPackageNameCannotBeMainOrDocumentation protects users from a package
// that does not build as a library: main is a command, the go command
// ignores package documentation, and a package init cannot be imported
// without another name.
func TestPackageNameCannotBeMainOrDocumentation(t *testing.T) {
	for _, tt := range []struct{ file, override, want string }{
		{"main.json", "", `API name "main" gives the package name "main", which cannot hold a client: package main is a command`},
		{"Main.json", "", `package name "main", which cannot hold a client`},
		{"documentation.json", "", `package name "documentation", which cannot hold a client: the go command ignores files of package documentation`},
		{"x.json", "main", `package name "main" cannot hold a client`},
		{"x.json", "documentation", `package name "documentation" cannot hold a client`},
		// A package init compiles, but `import "x/init"` is an error
		// ("cannot import package as init").
		{"init.json", "", `API name "init" gives the package name "init", which cannot hold a client: no package can import it`},
		{"x.json", "init", `package name "init" cannot hold a client`},
		// A keyword is named as one, not as a name to start with a letter.
		{"go.json", "", `API name "go" gives the package name "go", which is a Go keyword`},
		{"Func.json", "", `package name "func", which is a Go keyword`},
	} {
		_, list := nameFile(t, tt.file, tt.override)
		if len(list) != 1 || list[0].Pos.Line != 1 || !strings.Contains(list[0].Msg, tt.want) {
			t.Errorf("%s -p %q: got %v, want %q", tt.file, tt.override, list, tt.want)
		}
	}
	if _, list := nameFile(t, "main.json", "mainapi"); len(list) != 0 {
		t.Errorf("-p mainapi: %v", list)
	}
}

// TestNamesWithoutUpperCaseFormAreExported protects the contract that every
// resource and method is reachable from the client's users: 票据 has no
// upper-case form, so it becomes X票据 (field, type and method alike).
func TestNamesWithoutUpperCaseFormAreExported(t *testing.T) {
	api, n := names(t, `{"票据": {"列表": ["GET", "/p?x={x:}"], "項目": {"取得": ["GET", "/q"]}}, "取得": ["GET", "/r"]}`)
	var got []string
	api.Root.Walk(func(r *model.Resource) {
		if rn := n.Resource(r); !r.IsRoot() {
			got = append(got, rn.GoName, rn.TypeName, rn.GoPath)
		}
		for _, m := range r.Methods {
			mn := n.Method(m)
			got = append(got, mn.GoName, mn.FullName, mn.ParamsType)
		}
	})
	want := "X取得 X取得  X票据 X票据Resource X票据 X列表 X票据.X列表 X票据X列表Params X項目 X票据X項目Resource X票据.X項目 X取得 X票据.X項目.X取得 "
	if strings.Join(got, " ") != want {
		t.Errorf("names:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	for _, n := range got {
		for _, part := range strings.Split(n, ".") {
			if part != "" && !token.IsExported(part) {
				t.Errorf("%q is not exported", part)
			}
		}
	}
}

// TestSignedOptionsGetReadableConstants protects distinct, readable enum
// constants for options +1 and -1, which used to become ...1 and ...12.
func TestSignedOptionsGetReadableConstants(t *testing.T) {
	_, n := names(t, `{"R": {"list": ["GET", "/r?delta={delta::+1,-1,1,-created_at}"]}}`)
	if got := strings.Join(n.Enums[0].ConstNames, " "); got != "RDeltaPlus1 RDeltaMinus1 RDelta1 RDeltaMinusCreatedAt" {
		t.Errorf("constants = %s", got)
	}
}

// TestEnumTypesSharedAcrossTheAPI protects the naming rule of enum types:
// one type per parameter name and set of options in the whole API, named
// <Param> when several resources use it and the name has no other set,
// else after the resource (and, where the resource uses the name with
// other sets too, the method) of its first use.
func TestEnumTypesSharedAcrossTheAPI(t *testing.T) {
	api, n := names(t, `{
  "states": "open,closed",
  "Ticket": {
    "list": ["GET", "/t?state={state:open:{states}}&sort={sort::asc,desc}&view={view::a,b}"],
    "count": ["GET", "/t/count?state={state::closed,open}&view={view::c}"]
  },
  "User": {
    "list": ["GET", "/u?state={state::{states}}&sort={sort::desc,asc}&kind={kind::x,y}"],
    "Note": {"list": ["GET", "/u/n?view={view::b,a}&kind={kind::x}"]}
  },
  "search": ["GET", "/s?client={client::a}&order={order::up}&x={order2::up}"],
  "Org": {"list": ["GET", "/o?client={client::a}"]}
}`)
	var got []string
	api.Root.Walk(func(r *model.Resource) {
		for _, m := range r.Methods {
			for _, p := range m.Params {
				got = append(got, n.Method(m).FullName+"."+p.Name+"="+n.TypeName(p))
			}
		}
	})
	want := []string{
		"Search.client=Client2", "Search.order=Order", "Search.order2=Order2",
		"Ticket.List.state=State", "Ticket.List.sort=Sort", "Ticket.List.view=TicketListView",
		"Ticket.Count.state=State", "Ticket.Count.view=TicketCountView",
		"User.List.state=State", "User.List.sort=Sort", "User.List.kind=UserKind",
		"User.Note.List.view=TicketListView", "User.Note.List.kind=UserNoteKind",
		"Org.List.client=Client2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("types:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var types []string
	for _, e := range n.Enums {
		types = append(types, e.TypeName)
	}
	if want := "Client2 Order Order2 State Sort TicketListView TicketCountView UserKind UserNoteKind"; strings.Join(types, " ") != want {
		t.Errorf("enum types %s, want %s", strings.Join(types, " "), want)
	}
}

// TestSharedParamsNeedAGoName checks that a value whose Go name would not
// start with a letter gives no struct of shared parameters (its name would
// not compile), while its parameters stay fields of each params struct;
// lint accepts such values, as it did before values had Go names.
func TestSharedParamsNeedAGoName(t *testing.T) {
	api, n := names(t, `{
  "2fa": "otp={otp:}&kind={kind:}",
  "-": "c={c:}&d={d:}",
  "ok": "e={e:}&f={f:}",
  "R": {
    "one": ["GET", "/one?{2fa}&{-}&{ok}"],
    "two": ["GET", "/two?{2fa}&{-}&{ok}"]
  }
}`)
	var shared []string
	for _, sp := range n.Shared {
		shared = append(shared, sp.TypeName)
	}
	if strings.Join(shared, " ") != "OkParams" {
		t.Errorf("shared structs %q, want only OkParams", shared)
	}
	for _, m := range api.Root.Children[0].Methods {
		for _, p := range m.Params {
			if in := n.SharedOf(p) != nil; in != (p.Name == "e" || p.Name == "f") {
				t.Errorf("%s: parameter %s in a shared struct: %v", m.Name, p.Name, in)
			}
		}
	}
}

// TestSharedParamsNameOnlyWhenMade checks that a value whose methods all
// keep their fields (each has a field named like the struct) leaves the
// struct's name free: a value of the same name in a child resource, which
// does make a struct, gets the name without a number.
func TestSharedParamsNameOnlyWhenMade(t *testing.T) {
	_, n := names(t, `{
  "self": "self_params={self_params:}&z={z:}",
  "a": ["GET", "/a?{self}"],
  "b": ["GET", "/b?{self}"],
  "R": {
    "self": "x={x:}&y={y:}",
    "c": ["GET", "/c?{self}"],
    "d": ["GET", "/d?{self}"]
  }
}`)
	var shared []string
	for _, sp := range n.Shared {
		shared = append(shared, sp.TypeName+" of "+sp.Value.Pos.LineCol())
	}
	if want := "SelfParams of 6:5"; strings.Join(shared, ", ") != want {
		t.Errorf("shared structs %q, want %s", shared, want)
	}
}
