package parser

import (
	"strings"
	"testing"
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
		_, list := Parse(tt.file, []byte(`{}`))
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
		if _, list := Parse(file, []byte(`{}`)); len(list) != 0 {
			t.Errorf("%q: unexpected %v", file, list)
		}
	}
}

// TestURLErrorsDoNotQuoteTheURL protects the password of a _url that does
// not parse: url.Parse's error quotes the whole URL.
func TestURLErrorsDoNotQuoteTheURL(t *testing.T) {
	_, list := Parse("a.json", []byte(`{"_url": "http://user:s3cr3t@[::1:80/"}`))
	if len(list) != 1 || strings.Contains(list.Error(), "s3cr3t") || !strings.Contains(list[0].Msg, "missing ']' in host") {
		t.Errorf("got %v", list)
	}
}
