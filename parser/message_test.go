package parser

import (
	"strconv"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/safetext"
)

// hiddenIn returns the first line break, control or format character of
// s, or "" when it has none.
func hiddenIn(s string) string {
	for i := 0; i < len(s); {
		n, bad := safetext.Hidden(s[i:])
		if bad {
			return s[i : i+n]
		}
		i += n
	}
	return ""
}

// messageDefinitions put X, some hostile text, where the parser's
// messages may quote it: keys, names, values, methods, endpoints, tags,
// options, events.
var messageDefinitions = []string{
	`{"X": {"get": ["GET", "/a"]}, "X": {}}`,
	`{"R": {"X": ["GET", "/a"], "X": ["GET", "/b"]}}`,
	`{"R": {"get": ["X", "/a"]}}`,
	`{"R": {"get": ["GET", "/a/{X}"]}}`,
	`{"R": {"get": ["GET", "/a/{x:X}"]}}`,
	`{"R": {"get": ["GET", "/a/{x:d:X,b}"]}}`,
	`{"R": {"get": ["GET", "/a/{x:d:{X}}"]}}`,
	`{"o": "X", "R": {"get": ["GET", "/a?x={x:d:{o}}"]}}`,
	`{"R": {"get": ["GET", "X"]}}`,
	`{"R": {"get": ["GET", "/a", "X"]}}`,
	`{"R": {"get": ["GET", "/a", ["X:"]]}}`,
	`{"R": {"get": ["GET", "/a", "b", "X"]}}`,
	`{"R": {"X": ["EVENT", ["X"]]}}`,
	`{"R": {"e": ["EVENT", ["a:d:{X}"]]}}`,
	`{"_url": "X", "R": {"get": ["GET", "/a"]}}`,
	`{"_X": 1, "R": {"get": ["GET", "/a"]}}`,
	`{"X": "v", "R": {"get": ["GET", "/a"]}}`,
	`{"X": 1}`,
	`{"r": "{X}", "R": {"get": ["GET", "{r}"]}}`,
	`{"_params": {"X": "d"}, "R": {"get": ["GET", "/a"]}}`,
	`{"R": {"_params": {"x": "X"}, "get": ["GET", "/a?x={x:}"]}}`,
	`{"R": {"get": ["GET", "/a"], "X": 3}}`,
}

// hostileForMessages are texts with controls, line breaks and format
// characters (those of deftest.HostileTexts, which imports this package).
func hostileForMessages() []string {
	return []string{"x\n//go:generate echo PWNED", "\r", "\r\n", "\u2028", "\u0085x", "\u202e", "admin\u202e\u2066 // check\u2069\u2066",
		"\x00\x1b[31m\x7f", "\ufeff\u200b", "x\x1b]0;title\x07", "\x1b[2J", "a\tb\x1b"}
}

// TestMessagesShowNoHiddenCharacters protects terminals from definition
// text: lint prints messages as they are, so a name, value or endpoint a
// message quotes must have its controls, line breaks and format characters
// written as escapes.
func TestMessagesShowNoHiddenCharacters(t *testing.T) {
	for _, def := range messageDefinitions {
		for _, h := range hostileForMessages() {
			q := strconv.Quote(h)
			src := strings.ReplaceAll(def, "X", q[1:len(q)-1])
			_, list := Parse("m.json", []byte(src))
			for _, d := range list {
				if c := hiddenIn(d.Msg); c != "" {
					t.Errorf("%s: message %q shows %q as it is", src, d.Msg, c)
				}
			}
		}
	}
}
