package parser

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// hostileShapes are definitions that grow in one direction only. Each once
// took quadratic time or memory in the size of the file (the comment says
// where); parsing must now cost time and memory linear in it.
var hostileShapes = []struct {
	name string
	def  func(n int) string
}{
	// Splitting a template at '&' copied the tokens after it, each time.
	{"query_pairs", func(n int) string {
		return method(`"GET", "/x?` + repeat(n, "&", func(i int) string { return fmt.Sprintf("a%d={a%d:}", i, i) }) + `"`)
	}},
	// A repeated option was looked for among all options before it.
	{"options", func(n int) string {
		return method(`"GET", "/x?s={s::` + repeat(n, ",", func(i int) string { return "o" + strconv.Itoa(i) }) + `}"`)
	}},
	// A parameter was looked up among all parameters before it.
	{"path_tags", func(n int) string {
		return method(`"GET", "/x` + repeat(n, "", func(i int) string { return fmt.Sprintf("/{a%d}", i) }) + `"`)
	}},
	// A body parameter was compared with every parameter before it.
	{"body_params", func(n int) string {
		return method(`"POST", "/x", [` + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"b%d:"`, i) }) + `]`)
	}},
	{"values_in_one_endpoint", func(n int) string {
		return `{` + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"v%d": "/x%d"`, i, i) }) +
			`, "R": {"get": ["GET", "` + repeat(n, "", func(i int) string { return fmt.Sprintf("{v%d}", i) }) + `"]}}`
	}},
	// Each '{' was matched by scanning to the end of the string, and its
	// error quoted all the text after it.
	{"open_braces", func(n int) string { return method(`"GET", "/` + strings.Repeat("{", n) + `"`) }},
	{"nested_braces", func(n int) string {
		return method(`"GET", "/` + strings.Repeat("{", n) + strings.Repeat("}", n) + `"`)
	}},
	// Literal text split by unmatched '}' was joined one piece at a time.
	{"unmatched_closing_braces", func(n int) string { return method(`"GET", "/` + strings.Repeat("a}", n) + `"`) }},
	// The position of a tag in a string with escapes was found by decoding
	// the string from its start.
	{"escaped_endpoint", func(n int) string {
		return method(`"GET", "/x` + repeat(n, "", func(i int) string { return fmt.Sprintf(`/\u0061{a%d}`, i) }) + `"`)
	}},
	// A repeated _description was appended to one string.
	{"descriptions", func(n int) string {
		return `{` + repeat(n, ",", func(int) string { return `"_description": "one more paragraph"` }) + `}`
	}},
	// Descriptions: a comment above every method; a comment, a long run of
	// spaces and then every method on one line (each key looked back at
	// that comment); a long run of comment lines above one key; _params
	// inherited by every method.
	{"comment_per_method", func(n int) string {
		return `{"R": {` + repeat(n, ",", func(i int) string { return fmt.Sprintf("\n  // Method %d.\n  \"m%d\": [\"GET\", \"/x\"]", i, i) }) + `}}`
	}},
	{"one_line_after_a_comment", func(n int) string {
		return "// note" + strings.Repeat(" ", n) + "\n{\"R\": {" + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"m%d": ["GET", "/x"]`, i) }) + `}}`
	}},
	{"long_comment_block", func(n int) string {
		return "{\"R\": {\n" + strings.Repeat("  // a line\n", n) + `  "m": ["GET", "/x"]}}`
	}},
	{"params_descriptions", func(n int) string {
		return `{"_params": {` + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"a%d": "d"`, i) }) + `}, "R": {` +
			repeat(n, ",", func(i int) string { return fmt.Sprintf(`"m%d": ["GET", "/x/{a%d}"]`, i, i) }) + `}}`
	}},
	{"errors", func(n int) string {
		return `{"R": {` + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"m%d": ["FETCH", "/x"]`, i) }) + `}}`
	}},
	// Each disagreeing repeat of a tag printed the whole first tag.
	{"disagreeing_repeats_of_a_long_tag", func(n int) string {
		return method(`"GET", "/x/{x::` + repeat(n, ",", func(i int) string { return "o" + strconv.Itoa(i) }) + `}` + strings.Repeat("/{x}", n) + `"`)
	}},
	// Options with one Go name were numbered by trying 2, 3, ... each time.
	{"options_with_one_go_name", func(n int) string {
		return method(`"GET", "/x?s={s::` + repeat(n, ",", func(i int) string { return "a" + punctuation(i) }) + `}"`)
	}},
	// Parameters with one Go name got argument names one '_' longer each.
	{"parameters_with_one_go_name", func(n int) string {
		return method(`"GET", "/x` + repeat(n, "", func(i int) string { return "/{a" + underscores(i) + "}" }) + `"`)
	}},
	// Each reference to a sibling quoted the whole (long) key in its error.
	{"sibling_references_under_a_long_key", func(n int) string {
		return `{"a": "x", "R": {"` + strings.Repeat("k", n) + `": "` + strings.Repeat("{a}", n) + `", "a": "y"}}`
	}},
	{"resources", func(n int) string {
		return `{` + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"R%d": {"get": ["GET", "/x"]}`, i) }) + `}`
	}},
	{"long_literal", func(n int) string { return method(`"GET", "/` + strings.Repeat("abcdefgh", n) + `"`) }},
	// The comment above an event is looked for on the lines above its key;
	// on one line, that must not scan the line for each event.
	{"events_on_one_line", func(n int) string {
		return "// c\n{" + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"e%d": ["EVENT", "p"]`, i) }) + `}`
	}},
	{"event_comments", func(n int) string {
		return "{\n" + repeat(n, ",\n", func(i int) string { return fmt.Sprintf("// e%d\n// happened\n\"e%d\": [\"EVENT\", \"p\"]", i, i) }) + "}"
	}},
	{"event_params", func(n int) string {
		return `{"e": ["EVENT", [` + repeat(n, ",", func(i int) string { return fmt.Sprintf(`"b%d:"`, i) }) + `]]}`
	}},
}

// method returns a definition with one method whose array holds elems.
func method(elems string) string { return `{"R": {"m": [` + elems + `]}}` }

// repeat joins f(0), ..., f(n-1) with sep.
func repeat(n int, sep string, f func(i int) string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(f(i))
	}
	return b.String()
}

// punctuation returns a distinct string of punctuation for each i: options
// "a" + punctuation(i) all have the Go name A.
func punctuation(i int) string {
	const p = "!@*()-+=[];~.<>'"
	s := ""
	for ; i > 0; i /= len(p) {
		s += string(p[i%len(p)])
	}
	return s
}

// underscores returns a distinct pattern of "_a" and "_A" for each i:
// parameters "a" + underscores(i) all have the Go name A.
func underscores(i int) string {
	s := ""
	for ; i > 0; i /= 2 {
		s += [...]string{"_A", "_a"}[i%2]
	}
	return s
}

// TestHostileShapesParseInLinearMemory parses each hostile shape at n and
// 4n and compares the allocations: linear growth gives about 4 times as
// many (and as many bytes), quadratic growth 16. Allocation counts do not
// depend on the machine's load, unlike timings; BenchmarkHostileShapes
// shows the time.
func TestHostileShapesParseInLinearMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("parses large definitions")
	}
	Parse("warm.json", []byte(`{"R": {"get": ["GET", "/x"]}}`)) // one-time setup
	const n = 2000
	for _, shape := range hostileShapes {
		t.Run(shape.name, func(t *testing.T) {
			small, large := []byte(shape.def(n)), []byte(shape.def(4*n))
			allocs1, bytes1 := parseAllocs(small)
			allocs4, bytes4 := parseAllocs(large)
			size := float64(len(large)) / float64(len(small))
			if r := allocs4 / allocs1; r > 1.5*size {
				t.Errorf("%d times the input (%d bytes) made %.1f times the allocations (%.0f -> %.0f)", int(size+0.5), len(large), r, allocs1, allocs4)
			}
			if r := bytes4 / bytes1; r > 1.5*size {
				t.Errorf("%d times the input (%d bytes) allocated %.1f times the bytes (%.0f -> %.0f)", int(size+0.5), len(large), r, bytes1, bytes4)
			}
		})
	}
}

// parseAllocs returns the allocations and allocated bytes of one parse.
func parseAllocs(src []byte) (allocs, bytes float64) {
	const runs = 2
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		Parse("hostile.json", src)
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / runs, float64(after.TotalAlloc-before.TotalAlloc) / runs
}

// BenchmarkHostileShapes parses each hostile shape at two sizes, ten times
// apart: linear parsing takes about ten times as long for the larger.
func BenchmarkHostileShapes(b *testing.B) {
	for _, shape := range hostileShapes {
		for _, n := range []int{5000, 50000} {
			src := []byte(shape.def(n))
			b.Run(shape.name+"/n="+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					Parse("hostile.json", src)
				}
			})
		}
	}
}

// TestValuesBuiltOnTheirParentsCannotExplode checks the bound on expansion:
// each level's root is ten copies of its parent's, so the eighth level would
// be a hundred million copies of the first. The definition is small, but
// expanding it must stop at MaxExpansion with one error at the reference
// where the bound was passed, and allocate not much more than the bound.
func TestValuesBuiltOnTheirParentsCannotExplode(t *testing.T) {
	ten := strings.Repeat("{root}", 10)
	src := `{"root": "0123456789abcdefghijkl",` + "\n" // 22 bytes
	for range 8 {
		src += `"A": {"root": "` + ten + `",` + "\n"
	}
	src += `"get": ["GET", "{root}"]` + strings.Repeat("}", 9)
	// Level k holds 10^k copies of the 22-byte top value, each with its
	// origin. Find the reference that passes the bound: its line is the
	// level's, and each {root} before it in the value is 6 bytes.
	copyCost, spent, copies := 22+originSize, 0, 1
	line, col := 0, 0
	for level := 1; line == 0; level++ {
		for ref := 0; ref < 10 && line == 0; ref++ {
			if spent += copies * copyCost; spent > MaxExpansion {
				line, col = level+1, len(`"A": {"root": "`)+1+6*ref
			}
		}
		copies *= 10
	}
	want := fmt.Sprintf("nested.json:%d:%d: error: replacement values expand to more than 8 MiB", line, col)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, list := Parse("nested.json", []byte(src))
	runtime.ReadMemStats(&after)
	if len(list) != 1 || !strings.HasPrefix(list[0].String(), want) {
		t.Errorf("got %v\nwant one error: %s...", list, want)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 4*MaxExpansion {
		t.Errorf("parsing allocated %d bytes, more than four times MaxExpansion", got)
	}
}
