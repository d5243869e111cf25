package parser

import (
	"go/token"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/model"
)

// TestAPINameWithUnsafeCharactersIsAnError protects generate from file names
// that lint accepted but that break the header of every generated file: a
// newline ends the header comment, and "-->" closes the Markdown header.
// Lint and generate agree: such a name is an error at 1:1, which names the
// file and a name to rename it to.
func TestAPINameWithUnsafeCharactersIsAnError(t *testing.T) {
	for _, tt := range []struct{ file, suggest string }{
		{"dir/x\ny.json", `"x_y.json"`},
		{`x"y.json`, `"x_y.json"`},
		{"x-->y.json", `"x--_y.json"`},
		{"my api.json", `"my_api.json"`},
		{"x*/y.json", ""}, // the directory part is not the name
		{"a\u202eb.json", `"a_b.json"`},
	} {
		_, list := Parse(tt.file, []byte(`{}`), Options{})
		if tt.suggest == "" {
			if list.HasErrors() {
				t.Errorf("%q: unexpected %v", tt.file, list)
			}
			continue
		}
		if len(list) != 1 || list[0].Pos.Line != 1 || list[0].Pos.Col != 1 ||
			!strings.Contains(list[0].Msg, "may only hold letters, digits, '_', '-' and '.': rename the file, such as to "+tt.suggest) {
			t.Errorf("%q: got %v, want one error at 1:1 suggesting %s", tt.file, list, tt.suggest)
		}
	}
	for _, file := range []string{"help_desk.ticket.json", "crm-v2.json", "Grüße.json", "票据.json"} {
		if _, list := Parse(file, []byte(`{}`), Options{Package: "x"}); len(list) != 0 {
			t.Errorf("%q: unexpected %v", file, list)
		}
	}
}

// TestPackageNameCannotBeMainOrDocumentation protects users from a package
// that does not build as a library: main is a command, and the go command
// ignores package documentation.
func TestPackageNameCannotBeMainOrDocumentation(t *testing.T) {
	for _, tt := range []struct{ file, override, want string }{
		{"main.json", "", `API name "main" gives the package name "main", which cannot hold a client: package main is a command`},
		{"Main.json", "", `package name "main", which cannot hold a client`},
		{"documentation.json", "", `package name "documentation", which cannot hold a client: the go command ignores files of package documentation`},
		{"x.json", "main", `package name "main" cannot hold a client`},
		{"x.json", "documentation", `package name "documentation" cannot hold a client`},
	} {
		_, list := Parse(tt.file, []byte(`{}`), Options{Package: tt.override})
		if len(list) != 1 || list[0].Pos.Line != 1 || !strings.Contains(list[0].Msg, tt.want) {
			t.Errorf("%s -p %q: got %v, want %q", tt.file, tt.override, list, tt.want)
		}
	}
	if _, list := Parse("main.json", []byte(`{}`), Options{Package: "mainapi"}); len(list) != 0 {
		t.Errorf("-p mainapi: %v", list)
	}
}

// TestNamesWithoutUpperCaseFormAreExported protects the contract that every
// resource and method is reachable from the client's users: 票据 has no
// upper-case form, so it becomes X票据 (field, type and method alike).
func TestNamesWithoutUpperCaseFormAreExported(t *testing.T) {
	api := mustParse(t, `{"票据": {"列表": ["GET", "/p?x={x:}"], "項目": {"取得": ["GET", "/q"]}}, "取得": ["GET", "/r"]}`)
	var got []string
	api.Root.Walk(func(r *model.Resource) {
		if !r.IsRoot() {
			got = append(got, r.GoName, r.TypeName, r.GoPath)
		}
		for _, m := range r.Methods {
			got = append(got, m.GoName, m.FullName, m.ParamsType)
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
	api := mustParse(t, `{"R": {"list": ["GET", "/r?delta={delta::+1,-1,1,-created_at}"]}}`)
	if got := strings.Join(api.Enums[0].ConstNames, " "); got != "RDeltaPlus1 RDeltaMinus1 RDelta1 RDeltaMinusCreatedAt" {
		t.Errorf("constants = %s", got)
	}
}

// TestURLErrorsDoNotQuoteTheURL protects the password of a _url that does
// not parse: url.Parse's error quotes the whole URL.
func TestURLErrorsDoNotQuoteTheURL(t *testing.T) {
	_, list := Parse("a.json", []byte(`{"_url": "http://user:s3cr3t@[::1:80/"}`), Options{})
	if len(list) != 1 || strings.Contains(list.Error(), "s3cr3t") || !strings.Contains(list[0].Msg, "missing ']' in host") {
		t.Errorf("got %v", list)
	}
}
