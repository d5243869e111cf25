package markdown

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/deftest"
)

// fences returns the contents of the fenced code blocks of lang in page,
// for pages whose fences are three backticks.
func fences(page, lang string) []string {
	var out []string
	for _, m := range regexp.MustCompile("(?s)\n```"+lang+"\n(.*?)\n```\n").FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// specSignature computes a Standard Webhooks signature from the
// specification, not from apigen's code: HMAC-SHA256, keyed with the
// base64-decoded text after "whsec_", over id.timestamp.body.
func specSignature(t *testing.T, secret, id, ts, body string) string {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + ts + "." + body))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// TestEventDocsVerifySignature checks the events section of the pages of
// the golden and shipped definitions with events: every example body is a
// delivery body of its event (type, timestamp, data with the example
// values and defaults), and the openssl example prints the signature that
// the page says, which is the signature of the specification; the snippet
// is run with bash when openssl is installed.
func TestEventDocsVerifySignature(t *testing.T) {
	checked := 0
	for _, def := range markdownDefs(t) {
		api := deftest.File(t, def)
		events := api.Events()
		if len(events) == 0 {
			continue
		}
		checked++
		page := string(markdown(t, api))
		bodies := fences(page, "json")
		if len(bodies) != len(events)+1 {
			t.Fatalf("%s: %d JSON examples for %d events", def, len(bodies), len(events))
		}
		for i, e := range events {
			var got struct {
				Type, Timestamp string
				Data            map[string]any
			}
			if err := json.Unmarshal([]byte(bodies[i+1]), &got); err != nil {
				t.Fatalf("%s: %s: %v", def, e.Type, err)
			}
			if got.Type != e.Type || got.Timestamp != "2026-11-23T10:00:00Z" {
				t.Errorf("%s: example of %s has type %q and timestamp %q", def, e.Type, got.Type, got.Timestamp)
			}
			vals := EventExampleValues(e)
			for _, p := range e.Params {
				want, set := vals[p.Name], true
				if want == nil && p.Default != "" {
					want = p.Default
				} else if want == nil {
					set = false
				}
				if v, ok := got.Data[p.Name]; ok != set || ok && v != want {
					t.Errorf("%s: example of %s: %s is %v (set %v), want %v (set %v)", def, e.Type, p.Name, v, ok, want, set)
				}
			}
		}
		sh := fences(page, "sh")
		script := sh[len(sh)-1]
		vars := map[string]string{}
		for _, m := range regexp.MustCompile(`(?m)^(id|ts|body|secret)=(.*)$`).FindAllStringSubmatch(script, -1) {
			vars[m[1]] = shellUnquote(m[2])
		}
		if vars["body"] != bodies[0] {
			t.Errorf("%s: the signed body is not the example body", def)
		}
		want := specSignature(t, vars["secret"], vars["id"], vars["ts"], vars["body"])
		if !strings.Contains(script, "\n# prints "+want+":") {
			t.Errorf("%s: the openssl example does not print %s:\n%s", def, want, script)
		}
		if _, err := exec.LookPath("openssl"); err != nil {
			continue
		}
		out, err := exec.Command("bash", "-c", script).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("%s: the openssl example printed %q (%v), want %s", def, out, err, want)
		}
	}
	if checked == 0 {
		t.Fatal("no definition with events")
	}
}

// shellUnquote undoes shellQuote, and leaves other text as it is.
func shellUnquote(s string) string {
	if !strings.HasPrefix(s, "'") {
		return s
	}
	return strings.ReplaceAll(s[1:len(s)-1], `'\''`, "'")
}
