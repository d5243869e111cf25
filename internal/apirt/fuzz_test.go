package apirt_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/expandtable"
	"github.com/apigen-go/apigen/uritemplate"
)

// FuzzRequestURL checks the URL property of generated clients: whatever
// the literal text of an endpoint (path and query), whatever the base URL
// and whatever the values, the request a client sends through net/http
//   - is a canonical encoding that net/http sends exactly as the runtime
//     built it, and the same URL that apigen's own expansion gives;
//   - keeps the base URL's host, and its path segments with their meaning;
//   - has the template's path segments, literal ones unchanged, and no
//     segment with a value in it that decodes to "." or "..";
//   - has one query pair per pair the template keeps (one per element of a
//     list, {name*}), literal keys and values unchanged, so that no value
//     adds or changes a query key;
//   - where a multi-segment value ({+name}) stands, has one segment per
//     part of the value, none of them empty, "." or "..".
//
// Each parameter gets v1 or v2 in turn; "" leaves it unset. A list
// parameter gets the list [v1, v2] ([v1] when v2 is empty). Calls that fail
// validation send nothing and are fine; any other failure is not.
func FuzzRequestURL(f *testing.F) {
	for _, row := range expandtable.Read(f) {
		tmpl, _ := uritemplate.Parse(row.Template)
		var vs [2]string
		for i, p := range tmpl.Params {
			if i < 2 {
				vs[i] = row.Values[p.Name]
			}
		}
		f.Add(row.Template, row.Base, vs[0], vs[1])
	}
	for _, s := range [][4]string{
		{"/café/{id}", "https://h.example", "../../admin", "a/b"},
		{"/a b\"\\|^`<>[]/{id}?q=José María&{k:}={v:}", "https://h.example/ü/x%2Fy//", "k=1&x", "%2E%2E"},
		{"/{a}%2E/%2e{b}/x", "http://user:p%40ss@127.0.0.1:8080/a b", ".", "."},
		{"//{root:x}/{id}?a=b=c&+={v:}", "https://[::1]:8443/v1/", "/..", "a+b c"},
		{"{a:}/{b:}?{a:}&{b:}={a:}", "HTTPS://H.example:443", "", "?#&="},
		{"/t/{id}.json?view={view:open:open,closed}", "https://h.example/api/v2", "é\u0085\u2028", "closed"},
		{"/v1/{+name}:cancel?id={id*:}", "https://h.example", "a/../b", "x&y=z"},
		{"/v1/{+name:a/b}.{x}/c?ids={ids*}", "https://h.example/v", "a/%2E%2E/b?c#d", ".."},
		{"{+p}?q={q*::a,b}", "https://h.example", "a/.", "b"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, template, base, v1, v2 string) {
		tmpl, probs := uritemplate.Parse(template)
		for _, p := range probs {
			if !p.Warning {
				return // lint rejects the template: no client has it
			}
		}
		var sent *http.Request
		hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			sent = r
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
		})}
		c, err := apirt.NewTestClient(base, apirt.WithHTTPClient(hc))
		if err != nil {
			return // NewClient refuses the base URL
		}
		named := map[string]string{}
		vals := make([]string, len(tmpl.Params))
		var lists [][]string
		for i, p := range tmpl.Params {
			if p.Repeated {
				if lists == nil {
					lists = make([][]string, len(tmpl.Params))
				}
				lists[i] = []string{v1, v2}
				if v2 == "" {
					lists[i] = lists[i][:1]
				}
				continue
			}
			vals[i] = v1
			if i%2 == 1 {
				vals[i] = v2
			}
			named[p.Name] = vals[i]
		}
		ep := apirt.NewEndpoint("GET", "template", tmpl, nil)
		_, err = c.CallLists(context.Background(), ep, vals, lists)
		built, expandErr := apirt.Expand(tmpl, base, named)
		if lists != nil {
			built, expandErr = ep.BuildLists(c.Base(), vals, lists)
		}
		if (err == nil) != (expandErr == nil) {
			t.Fatalf("the client says %v, apigen's expansion %v", err, expandErr)
		}
		var ve *apirt.ValidationError
		if errors.As(err, &ve) {
			if sent != nil {
				t.Fatalf("a request was sent despite %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q after %q with %q, %q: %v", template, base, v1, v2, err)
		}
		if err := checkRequest(tmpl, base, c.Base(), vals, lists, built, sent.URL); err != nil {
			t.Fatalf("%q after %q with %q, %q: %v", template, base, v1, v2, err)
		}
	})
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// checkRequest checks the URL of a request against the property of
// FuzzRequestURL. base is the base URL as given, canon the client's
// canonical form of it, vals the values of tmpl's parameters, lists the
// elements of its list parameters (or nil), and built the URL as apigen's
// expansion gives it.
func checkRequest(tmpl *uritemplate.Template, base, canon string, vals []string, lists [][]string, built string, sent *url.URL) error {
	escPath, rawQuery := sent.EscapedPath(), sent.RawQuery
	if !canonical(escPath, false) || !canonical(rawQuery, true) || sent.Fragment != "" {
		return fmt.Errorf("request URI %q is not a canonical encoding", sent.RequestURI())
	}
	// The canonical base is scheme://authority, then its path.
	i := strings.Index(canon, "://") + 3
	i += strings.IndexByte(canon[i:]+"/", '/')
	authority, basePath := canon[:i], canon[i:]
	if want := strings.TrimPrefix(built, authority); want == built || sent.RequestURI() != want {
		return fmt.Errorf("net/http sends %q, the runtime built %q", sent.RequestURI(), built)
	}
	// The client fills in the request's URL itself: its fields must be
	// those url.Parse gives for the URL built, for transports and request
	// editors that read them.
	if p, err := url.Parse(built); err != nil || p.Path != sent.Path || p.EscapedPath() != sent.EscapedPath() || p.RawQuery != sent.RawQuery || p.Host != sent.Host || p.User.String() != sent.User.String() || p.String() != sent.String() {
		return fmt.Errorf("request URL %#v, url.Parse of %q gives %#v (%v)", sent, built, p, err)
	}
	wantHost := authority
	if sent.User != nil {
		wantHost = strings.Replace(authority, sent.User.String()+"@", "", 1)
	}
	if sent.Scheme+"://"+sent.Host != wantHost {
		return fmt.Errorf("request to %s://%s, the base URL is %s", sent.Scheme, sent.Host, canon)
	}

	// The base URL's path keeps its segments and their meaning.
	given := base[strings.Index(base, "://")+3:]
	if j := strings.IndexByte(given, '/'); j >= 0 {
		given = given[j:]
	} else {
		given = ""
	}
	if got, want := segments(basePath), segments(strings.TrimRight(given, "/")); got != want {
		return fmt.Errorf("base path %q became %q: segments %s, want %s", given, basePath, got, want)
	}
	rest, ok := strings.CutPrefix(escPath, basePath+"/")
	if !ok {
		return fmt.Errorf("path %q does not start with the base path %q", escPath, basePath)
	}

	// The endpoint's path segments.
	value := func(arg int) string {
		if v := vals[arg]; v != "" {
			return v
		}
		return tmpl.Params[arg].Default
	}
	type segment struct {
		text  string // decoded
		value bool   // a value is part of it
		multi bool   // a part of a multi-segment value is part of it
	}
	want := []segment{{}}
	for k, pc := range tmpl.Path {
		if pc.Arg > 0 {
			parts := []string{value(pc.Arg - 1)}
			multi := tmpl.Params[pc.Arg-1].MultiSegment
			if multi {
				parts = strings.Split(parts[0], "/")
			}
			for i, p := range parts {
				if i > 0 {
					want = append(want, segment{})
				}
				want[len(want)-1].text += p
				want[len(want)-1].value = true
				want[len(want)-1].multi = multi && parts[0] != ""
			}
			continue
		}
		lit := pc.Lit
		if k == 0 {
			lit = strings.TrimLeft(lit, "/")
		}
		parts := strings.Split(lit, "/")
		want[len(want)-1].text += unescape(parts[0], false)
		for _, p := range parts[1:] {
			want = append(want, segment{text: unescape(p, false)})
		}
	}
	got := strings.Split(rest, "/")
	if len(got) != len(want) {
		return fmt.Errorf("path %q has %d segments after the base path, the template %d", escPath, len(got), len(want))
	}
	for k, s := range got {
		d := unescape(s, false)
		if d != want[k].text {
			return fmt.Errorf("segment %d is %q (%q decoded), want %q", k, s, d, want[k].text)
		}
		if want[k].value && (d == "." || d == "..") {
			return fmt.Errorf("a value made segment %d %q", k, s)
		}
		if want[k].multi && d == "" {
			return fmt.Errorf("a multi-segment value made segment %d empty", k)
		}
	}

	// The query: one pair per kept pair, keys and values as given.
	var wantPairs []string
	for _, q := range tmpl.Query {
		text := func(ps []uritemplate.Piece) (string, bool) {
			var b strings.Builder
			for _, pc := range ps {
				if pc.Arg == 0 {
					b.WriteString(unescape(pc.Lit, true))
				} else if v := value(pc.Arg - 1); v != "" {
					b.WriteString(v)
				} else {
					return "", false
				}
			}
			return b.String(), true
		}
		key, ok1 := text(q.Key)
		if len(q.Value) == 1 && q.Value[0].Arg > 0 && lists != nil && len(lists[q.Value[0].Arg-1]) > 0 {
			for _, v := range lists[q.Value[0].Arg-1] {
				wantPairs = append(wantPairs, key+"\x00"+v)
			}
			continue
		}
		val, ok2 := text(q.Value)
		if !ok1 || !ok2 {
			continue
		}
		if q.HasValue {
			key += "\x00" + val
		}
		wantPairs = append(wantPairs, key)
	}
	var gotPairs []string
	if rawQuery != "" || sent.ForceQuery {
		for _, p := range strings.Split(rawQuery, "&") {
			k, v, hasValue := strings.Cut(p, "=")
			k = unescape(k, true)
			if hasValue {
				k += "\x00" + unescape(v, true)
			}
			gotPairs = append(gotPairs, k)
		}
	}
	if fmt.Sprintf("%q", gotPairs) != fmt.Sprintf("%q", wantPairs) {
		return fmt.Errorf("query %q has the pairs (key NUL value) %q, want %q", rawQuery, gotPairs, wantPairs)
	}
	return nil
}

// canonical reports whether s has only unreserved characters, sub-delims,
// ':', '@', '/', %XX escapes and, in a query, '?'.
func canonical(s string, query bool) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
		case c == '?' && query:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

// segments returns the decoded segments of an escaped path, quoted.
func segments(path string) string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		out = append(out, unescape(s, false))
	}
	return fmt.Sprintf("%q", out)
}

// unescape decodes the %XX escapes of s and, with plus, '+' as a space;
// it leaves a '%' that starts no escape as it is.
func unescape(s string, plus bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+' && plus:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// TestRequestURLPropertyCatchesDefects feeds checkRequest requests as the
// client sent them before literal text was escaped, and others that break
// the property, to show that FuzzRequestURL would fail on them.
func TestRequestURLPropertyCatchesDefects(t *testing.T) {
	for _, tt := range []struct {
		template, sent, why string
		vals                []string
		lists               [][]string
	}{
		{"/café/{id}", "http://h/caf%C3%A9/../../admin", "segments", []string{"../../admin"}, nil},
		{"/café/{id}", "http://h/caf%C3%A9/a/b", "segments", []string{"a/b"}, nil},
		{"/café/{id}", "http://h/caf%C3%A9/a%2Fb", "", []string{"a/b"}, nil},
		{"/t/{id}", "http://h/t/a%20b", "", []string{"a b"}, nil},
		{"/t/{id}", "http://h/t/a b", "net/http sends", []string{"a b"}, nil},
		{"/t/{id}", "http://h/t/a|b", "net/http sends", []string{"a|b"}, nil},
		{"/t/{id}", "http://h/t/..", "a value made", []string{".."}, nil},
		{"/t/{id}%2E", "http://h/t/.%2E", "a value made", []string{"."}, nil},
		{"/t/{id}", "http://h/t/%2E%2E", "segment 1", []string{"%2E%2E"}, nil}, // not escaped again
		{"/t/{id}", "http://h/x/1", "segment 0", []string{"1"}, nil},
		{"/t?k={v}", "http://h/t?k=1&admin=1", "pairs", []string{"1&admin=1"}, nil},
		{"/t?k={v}", "http://h/t?k=1%26admin%3D1", "", []string{"1&admin=1"}, nil},
		{"/t?{k}=1", "http://h/t?a=1", "pairs", []string{"b"}, nil},
		{"/t?k={v:}", "http://h/t?", "pairs", []string{""}, nil},
		{"/t?k={v:}", "http://h/t", "", []string{""}, nil},
		{"/v/{+n}:x", "http://h/v/a/b:x", "", []string{"a/b"}, nil},
		{"/v/{+n}:x", "http://h/v/a%2Fb:x", "segments", []string{"a/b"}, nil},
		{"/v/{+n}:x", "http://h/v/a/../b:x", "a value made segment 2", []string{"a/../b"}, nil},
		{"/v/{+n}:x", "http://h/v/a//b:x", "made segment 2 empty", []string{"a//b"}, nil},
		{"/v/{+n}", "http://h/v/a/", "made segment 2 empty", []string{"a/"}, nil},
		{"/v?id={id*}", "http://h/v?id=a&id=b", "", []string{""}, [][]string{{"a", "b"}}},
		{"/v?id={id*}", "http://h/v?id=a%26id%3Db", "pairs", []string{""}, [][]string{{"a", "b"}}},
		{"/v?id={id*}", "http://h/v?id=a&id=b&x=1", "pairs", []string{""}, [][]string{{"a", "b"}}},
	} {
		tmpl, _ := endpoint(t, tt.template)
		u, err := url.Parse(tt.sent)
		if err != nil {
			t.Fatal(err)
		}
		err = checkRequest(tmpl, "http://h", "http://h", tt.vals, tt.lists, tt.sent, u)
		if tt.why == "" && err != nil || tt.why != "" && (err == nil || !strings.Contains(err.Error(), tt.why)) {
			t.Errorf("%s sent as %s: %v, want an error about %q", tt.template, tt.sent, err, tt.why)
		}
	}
}
