package uritemplate

import (
	"testing"

	"github.com/apigen-go/apigen/internal/safetext"
)

// hiddenIn returns the first line break, control or format character of
// s, or "" when it has none.
func hiddenIn(s string) string {
	for i := 0; i < len(s); {
		if n, bad := safetext.Hidden(s[i:]); bad {
			return s[i : i+n]
		} else {
			i += n
		}
	}
	return ""
}

// messageTemplates are templates that put hostile text where messages
// quote it: names, defaults, options, literal text.
var messageTemplates = []string{
	"/a/{x\x1b[2J}", "/a/{x\x1b[2J:}", "/a/{x:\x1b[2J}", "/a/{x:d:a\x1b[2J,b}",
	"/a/{x:}/{x:\x1b}", "/a/{x}/{x:!:a\u202e}", "/a/{x*\x1b}?q={q\r\n:}", "/a/{+x\x00:}",
	"/a\x1b[2J/{x}", "/a?{k\x1b}={v}", "/a/{x:a,\x1b]0;t\x07}/{x}", "/{\u2028}", "/a/{x}}\x1b",
	"/a/{x*}?x={x*\x1b:}", "/a/{x:\u202e:{y}}", "/a/{x\x1b*}", "/a?{x\x1b*}=1", "/a/{x\u2028*:}",
}

// TestMessagesShowNoHiddenCharacters protects terminals from definition
// text: a message quotes a name, option or literal with its controls,
// line breaks and format characters escaped, never as they are, since
// lint prints messages as they are.
func TestMessagesShowNoHiddenCharacters(t *testing.T) {
	for _, s := range messageTemplates {
		checkMessages(t, s)
	}
}

func checkMessages(t *testing.T, s string) {
	t.Helper()
	_, probs := Parse(s)
	for _, p := range probs {
		if h := hiddenIn(p.Msg); h != "" {
			t.Errorf("Parse(%q): message %q shows %q as it is", s, p.Msg, h)
		}
	}
}
