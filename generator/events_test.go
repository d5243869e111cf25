package generator

import (
	"encoding/json"
	"fmt"
	"go/format"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/generator/markdown"
	"github.com/apigen-go/apigen/model"
)

// randomEventValue returns a random JSON value as a Go expression and as
// the JSON that encoding/json makes of it: strings (hostile ones too),
// integers beyond float64's precision, fractions, booleans, arrays and
// objects.
func randomEventValue(rng *rand.Rand, depth int) (expr string, value any) {
	n := 6
	if depth > 2 {
		n = 4
	}
	switch rng.Intn(n) {
	case 0:
		s := hostileTexts[rng.Intn(len(hostileTexts))]
		return strconv.Quote(s), s
	case 1:
		i := rng.Int63() - rng.Int63()
		return "int64(" + strconv.FormatInt(i, 10) + ")", i
	case 2:
		f := float64(rng.Intn(1000000)) / 64
		return "float64(" + strconv.FormatFloat(f, 'g', -1, 64) + ")", f
	case 3:
		v := rng.Intn(2) == 0
		return strconv.FormatBool(v), v
	case 4:
		var exprs []string
		vals := []any{}
		for i := rng.Intn(3); i > 0; i-- {
			e, v := randomEventValue(rng, depth+1)
			exprs, vals = append(exprs, e), append(vals, v)
		}
		return "[]any{" + strings.Join(exprs, ", ") + "}", vals
	}
	var exprs []string
	vals := map[string]any{}
	for i := rng.Intn(3); i > 0; i-- {
		k := hostileTexts[rng.Intn(len(hostileTexts))]
		e, v := randomEventValue(rng, depth+1)
		if _, dup := vals[k]; !dup {
			vals[k] = v
			exprs = append(exprs, strconv.Quote(k)+": "+e)
		}
	}
	return "map[string]any{" + strings.Join(exprs, ", ") + "}", vals
}

// eventsTest writes a test, inside the generated package of api, that
// delivers every event of api several times with random values from a
// sender to the package's receiver over httptest, and checks that the
// handler's method of the event gets exactly the values sent, with the
// defaults of unset parameters, and the id and type of the delivery.
// Values are compared as JSON: the receiver keeps numbers exact as
// json.Number. It also checks that each event's example body in the docs
// is what the sender sends for the example values.
func eventsTest(t *testing.T, api *model.API, seed int64) string {
	names := goNames(t, api)
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	fmt.Fprintf(&b, `package %s

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

type roundTripRecorder struct {
	mu   sync.Mutex
	got  Event
	meta EventMeta
}

func (r *roundTripRecorder) record(ev Event, meta EventMeta) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got, r.meta = ev, meta
	return nil
}

// take returns what the handler got last, and forgets it.
func (r *roundTripRecorder) take() (Event, EventMeta) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ev, meta := r.got, r.meta
	r.got, r.meta = nil, EventMeta{}
	return ev, meta
}
`, names.Package)
	events := api.Events()
	for _, e := range events {
		tn := names.Event(e).TypeName
		fmt.Fprintf(&b, "\nfunc (r *roundTripRecorder) %s(_ context.Context, ev *%s, meta EventMeta) error { return r.record(ev, meta) }\n", tn, tn)
	}
	b.WriteString(`
func TestEventRoundTrip(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	rec := &roundTripRecorder{}
	srv := httptest.NewServer(NewEventReceiver(rec, []string{"whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", secret}))
	defer srv.Close()
	s, err := NewEventSender(secret, WithEventHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, ev Event, want string) {
		t.Helper()
		id, err := s.Send(context.Background(), srv.URL+"/hooks", ev)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		gotEv, meta := rec.take()
		if gotEv == nil || meta.ID != id || meta.Type != ev.EventType() || time.Since(meta.Timestamp) > time.Minute {
			t.Errorf("%s: the handler got %T %+v", name, gotEv, meta)
			return
		}
		got, err := json.Marshal(gotEv)
		if err != nil || string(got) != want {
			t.Errorf("%s: the handler got\n%s (%v)\nwant\n%s", name, got, err, want)
		}
	}
`)
	for _, e := range events {
		en := names.Event(e)
		for round := 0; round < 3; round++ {
			var fields []string
			want := "{"
			for i, p := range e.Params {
				pn := names.Param(p)
				var expr string
				var value any
				set := p.Required || rng.Intn(2) == 0
				switch {
				case !set:
				case p.Options != nil:
					k := rng.Intn(len(p.Options))
					expr, value = pn.Enum.ConstNames[k], p.Options[k]
				default:
					expr, value = randomEventValue(rng, 0)
				}
				if expr != "" {
					fields = append(fields, pn.FieldName+": "+expr)
				}
				if !set && p.Default != "" {
					value = p.Default
				} else if !set && p.Options != nil {
					value = "" // an unset enum field
				}
				if i > 0 {
					want += ","
				}
				j, err := json.Marshal(value)
				if err != nil {
					t.Fatal(err)
				}
				k, _ := json.Marshal(pn.FieldName)
				want += string(k) + ":" + string(j)
			}
			want += "}"
			fmt.Fprintf(&b, "\tcheck(%q, &%s{%s}, %q)\n", e.Type, en.TypeName, strings.Join(fields, ", "), want)
		}
	}
	b.WriteString("}\n")

	// The docs' example bodies: what the sender sends for the example
	// values, but for the timestamp.
	b.WriteString(`
func TestEventExampleBodies(t *testing.T) {
	var mu sync.Mutex
	var got []byte
	s, err := NewEventSender("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = b
		mu.Unlock()
	}))
	defer srv.Close()
	check := func(ev Event, want string) {
		t.Helper()
		if _, err := s.Send(context.Background(), srv.URL, ev); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		var g, w map[string]any
		json.Unmarshal(got, &g)
		json.Unmarshal([]byte(want), &w)
		delete(g, "timestamp")
		delete(w, "timestamp")
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		if string(gj) != string(wj) {
			t.Errorf("%s: the sender sends\n%s\nthe docs show\n%s", ev.EventType(), got, want)
		}
	}
`)
	for _, e := range events {
		vals := markdown.EventExampleValues(e)
		keys := make([]string, 0, len(vals))
		for k := range vals {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var fields []string
		for _, p := range e.Params {
			v, ok := vals[p.Name]
			if !ok {
				continue
			}
			pn := names.Param(p)
			if pn.Enum != nil {
				fields = append(fields, pn.FieldName+": "+pn.Enum.ConstNames[0])
			} else {
				fields = append(fields, pn.FieldName+": "+strconv.Quote(v.(string)))
			}
		}
		fmt.Fprintf(&b, "\tcheck(&%s{%s}, %q)\n", names.Event(e).TypeName, strings.Join(fields, ", "), markdown.EventExampleBody(e))
	}
	b.WriteString("}\n")
	src := strings.Replace(b.String(), "\t\"encoding/json\"\n", "\t\"encoding/json\"\n\t\"io\"\n\t\"net/http\"\n", 1)
	out, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return string(out)
}
