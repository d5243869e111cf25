package apicall

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
)

// FuzzBind binds arbitrary arguments to the methods of the argument tests'
// definition. It never panics, and what Bind accepts the runtime accepts:
// building the request (as --dry-run does) never fails validation, so a
// call never gets past Bind's checks and then fails half-way.
func FuzzBind(f *testing.F) {
	seeds := [][]string{
		{"1", "2"}, {"sub=2", "1"}, {"id=a=b", "sub=@x"}, {"..", "."}, {"id:=[1]", "sub:=nope"},
		{"1", `{"a": [1, 2]}`}, {"1", "item=@-", "note=@-"}, {"view=mine", "key=b", "val=v", "q=a&b"},
		{"z", "choice:=1"}, {"x", `choice:="right"`}, {"", ""}, {"1", "item="},
	}
	for i, s := range seeds {
		f.Add(i%4, strings.Join(s, "\x00"), "stdin")
	}
	api := loadTest(f)
	f.Fuzz(func(t *testing.T, method int, args, stdin string) {
		if method < 0 {
			method = -method
		}
		m := api.Methods[method%len(api.Methods)]
		c, diags := m.Bind(strings.Split(args, "\x00"), Input{Stdin: strings.NewReader(stdin), ReadFile: readFile})
		if diags.HasErrors() {
			if c != nil {
				t.Fatalf("a call despite errors: %v", diags)
			}
			for _, d := range diags {
				if d.Pos.Line == 0 {
					t.Fatalf("an error without a position: %v", d)
				}
			}
			return
		}
		if len(c.Vals) != len(m.Model.Template.Params) || len(c.Vals)+len(c.Body) != len(m.Model.Params) {
			t.Fatalf("%d values, %d body values for %d parameters", len(c.Vals), len(c.Body), len(m.Model.Params))
		}
		_, err := c.Curl(Options{BaseURL: "http://127.0.0.1:1"})
		var ve *apirt.ValidationError
		if errors.As(err, &ve) {
			t.Fatalf("Bind accepted %q, the runtime rejects it: %v", args, err)
		}
	})
}
