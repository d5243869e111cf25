package uritemplate

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// tagTests covers every tag form of the definition format, and the errors
// and warnings of tag content. Problems are written as "index:w|e:substring".
var tagTests = []struct {
	in    string
	want  Tag
	probs []string
}{
	{in: "name", want: Tag{Name: "name", Required: true}},
	{in: "name:!", want: Tag{Name: "name", Required: true}},
	{in: "name:!:a,b", want: Tag{Name: "name", Required: true, Options: []string{"a", "b"}}},
	{in: "name:", want: Tag{Name: "name"}},
	{in: "name:x", want: Tag{Name: "name", Default: "x"}},
	{in: "name::a,b", want: Tag{Name: "name", Options: []string{"a", "b"}}},
	{in: "name:x:a,x", want: Tag{Name: "name", Default: "x", Options: []string{"a", "x"}}},
	{in: "_n2", want: Tag{Name: "_n2", Required: true}},
	{in: "n::a, b ,c", want: Tag{Name: "n", Options: []string{"a", "b", "c"}},
		probs: []string{"5:w:option \"b\" has spaces around it"}},
	{in: "n::a,b,a", want: Tag{Name: "n", Options: []string{"a", "b"}},
		probs: []string{"7:w:option \"a\" is repeated"}},
	{in: "n::a,,b", want: Tag{Name: "n", Options: []string{"a", "b"}},
		probs: []string{"5:e:empty option"}},
	{in: "n::", want: Tag{Name: "n", Options: []string{}},
		probs: []string{"3:e:empty option"}},
	{in: "n:!:", want: Tag{Name: "n", Required: true, Options: []string{}},
		probs: []string{"4:e:empty option"}},
	{in: "n:z:a,b", want: Tag{Name: "n", Default: "z", Options: []string{"a", "b"}},
		probs: []string{"2:e:default \"z\" is not one of the options a,b"}},
	{in: "1n", want: Tag{Name: "1n", Required: true},
		probs: []string{"0:e:invalid parameter name \"1n\""}},
	{in: "a-b:", want: Tag{Name: "a-b"},
		probs: []string{"0:e:invalid parameter name \"a-b\""}},
	// ß is a letter, but not one a parameter name may hold: the message
	// says which letters.
	{in: "ß", want: Tag{Name: "ß", Required: true},
		probs: []string{"0:e:invalid parameter name \"ß\": use ASCII letters"}},
	{in: "", want: Tag{Required: true},
		probs: []string{"0:e:a tag needs a parameter name"}},
	{in: ":x", want: Tag{Default: "x"},
		probs: []string{"0:e:a tag needs a parameter name"}},
	{in: "n::a\nb", want: Tag{Name: "n::a\nb"},
		probs: []string{"4:e:control character '\\n' in a tag"}},
	{in: "n:x:a:b", want: Tag{Name: "n", Default: "x"},
		probs: []string{"5:e:too many ':'"}},
	// {+name} and {name*}.
	{in: "+name", want: Tag{Name: "name", Required: true, MultiSegment: true}},
	{in: "+name:p/x:p/x,q", want: Tag{Name: "name", Default: "p/x", Options: []string{"p/x", "q"}, MultiSegment: true}},
	{in: "ids*", want: Tag{Name: "ids", Required: true, Repeated: true}},
	{in: "ids*:", want: Tag{Name: "ids", Repeated: true}},
	{in: "part*:a:a,b", want: Tag{Name: "part", Default: "a", Options: []string{"a", "b"}, Repeated: true}},
	{in: "part*:z:a,b", want: Tag{Name: "part", Default: "z", Options: []string{"a", "b"}, Repeated: true},
		probs: []string{"6:e:default \"z\" is not one of the options a,b"}},
	{in: "+n*:", want: Tag{Name: "n", MultiSegment: true, Repeated: true},
		probs: []string{"0:e:a tag is either a multi-segment path value ({+name}) or a repeated query value ({name*}), not both"}},
	{in: "++n", want: Tag{Name: "+n", Required: true, MultiSegment: true},
		probs: []string{"1:e:invalid parameter name \"+n\""}},
	{in: "n**", want: Tag{Name: "n*", Required: true, Repeated: true},
		probs: []string{"0:e:invalid parameter name \"n*\""}},
	{in: "*", want: Tag{Required: true, Repeated: true},
		probs: []string{"0:e:a tag needs a parameter name"}},
}

func TestParseTag(t *testing.T) {
	for _, tt := range tagTests {
		got, probs := ParseTag(tt.in, 0)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseTag(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
		checkProblems(t, tt.in, probs, tt.probs)
	}
}

// checkProblems compares problems with "index:w|e:substring" expectations.
func checkProblems(t *testing.T, in string, got []Problem, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%q: got %d problems %v, want %v", in, len(got), got, want)
		return
	}
	for i, p := range got {
		parts := strings.SplitN(want[i], ":", 3)
		kind := "e"
		if p.Warning {
			kind = "w"
		}
		if idx := strconv.Itoa(p.Index); parts[0] != idx || parts[1] != kind || !strings.Contains(p.Msg, parts[2]) {
			t.Errorf("%q: problem %d = %d:%s:%s, want %s", in, i, p.Index, kind, p.Msg, want[i])
		}
	}
}

func TestTagStringRoundTrip(t *testing.T) {
	for _, tt := range tagTests {
		if len(tt.probs) > 0 {
			continue
		}
		s := tt.want.String()
		back, probs := ParseTag(s, 0)
		if len(probs) > 0 || !back.Equal(tt.want) {
			t.Errorf("%q printed as %q parses as %#v (%v)", tt.in, s, back, probs)
		}
	}
}
