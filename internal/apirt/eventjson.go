package apirt

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"
)

// This file reads the body of an event delivery. The body is checked with
// eventValid first (json.Valid, four times faster); then the members of the
// envelope and of its data are found by a small walk over the bytes, which
// needs far fewer allocations than decoding with encoding/json, and only
// values go through encoding/json: strings with escapes, objects and arrays.

// eventEnvelope is what a receiver reads from a delivery's body.
type eventEnvelope struct {
	typ  []byte    // the event's type, unescaped
	time time.Time // when the event occurred
	data []byte    // the data object; nil when absent or null
}

// parseEventEnvelope reads body, which must be a JSON object with a string
// member type, a string member timestamp in RFC 3339 form and, optionally, an
// object member data. Other members are ignored; of members given twice the
// last counts.
func parseEventEnvelope(body []byte) (eventEnvelope, error) {
	var env eventEnvelope
	if !eventValid(body) {
		return env, errors.New("the body is not valid JSON")
	}
	i := eventSkipSpace(body, 0)
	if body[i] != '{' {
		return env, errors.New("the body is not a JSON object")
	}
	var typ, ts []byte
	o := eventObject{b: body[i:]}
	for {
		key, val, ok := o.next()
		if !ok {
			break
		}
		switch string(eventKey(key)) {
		case "type":
			typ = val
		case "timestamp":
			ts = val
		case "data":
			env.data = val
		}
	}
	if typ == nil || typ[0] != '"' {
		return env, errors.New(`the body has no string member "type"`)
	}
	if bytes.IndexByte(typ, '\\') >= 0 {
		var s string
		json.Unmarshal(typ, &s) // valid JSON: cannot fail
		env.typ = []byte(s)
	} else {
		env.typ = typ[1 : len(typ)-1]
	}
	if ts == nil || ts[0] != '"' {
		return env, errors.New(`the body has no string member "timestamp"`)
	}
	t, err := time.Parse(time.RFC3339, string(ts[1:len(ts)-1]))
	if err != nil {
		return env, errors.New(`the body's "timestamp" is not a time in RFC 3339 form`)
	}
	env.time = t
	switch {
	case env.data == nil || env.data[0] == 'n':
		env.data = nil
	case env.data[0] != '{':
		return env, errors.New(`the body's "data" is not a JSON object`)
	}
	return env, nil
}

// eventObject walks the members of a JSON object: b starts with '{' and is
// valid JSON (see eventValid). On text that is not, it stops early but never
// fails.
type eventObject struct {
	b []byte
	i int // where the next member, or a ',' before it, starts; 0 before the '{'
}

// next returns the next member's name as it stands between its quotes and
// its value's text, or false after the last.
func (o *eventObject) next() (key, val []byte, ok bool) {
	b := o.b
	i := o.i
	if i == 0 {
		i = 1 // after the '{'
	}
	i = eventSkipSpace(b, i)
	if i < len(b) && b[i] == ',' {
		i = eventSkipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		o.i = len(b)
		return nil, nil, false
	}
	end := eventStringEnd(b, i)
	key = b[i+1 : end-1]
	i = eventSkipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		o.i = len(b)
		return nil, nil, false
	}
	i = eventSkipSpace(b, i+1)
	if i >= len(b) {
		o.i = len(b)
		return nil, nil, false
	}
	end = eventValueEnd(b, i)
	o.i = end
	return key, b[i:end], true
}

// eventKey returns a member name without its JSON escapes.
func eventKey(key []byte) []byte {
	if bytes.IndexByte(key, '\\') < 0 {
		return key
	}
	var s string
	if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &s) != nil {
		return nil
	}
	return []byte(s)
}

func eventSkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// eventStringEnd returns the index after the string that starts at b[i],
// a '"'; len(b) if it does not end.
func eventStringEnd(b []byte, i int) int {
	for i++; i < len(b); {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return len(b)
		}
		i += j + 1
		// The quote ends the string unless an odd number of backslashes
		// escapes it.
		n := 0
		for k := i - 2; k >= 0 && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return i
		}
	}
	return len(b)
}

// eventValueEnd returns the index after the JSON value that starts at b[i].
func eventValueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return eventStringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = eventStringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return i
}

// eventDecodeString decodes the JSON value val into a string for a
// parameter with options: null is "", a string is its text (an option's own
// string when it is one, so that valid values cost no allocation). It
// reports false for any other value.
func eventDecodeString(val []byte, options []string) (string, bool) {
	if val[0] == 'n' {
		return "", true
	}
	if val[0] != '"' {
		return "", false
	}
	raw := val[1 : len(val)-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		for _, o := range options {
			if string(raw) == o {
				return o, true
			}
		}
	}
	s, _ := eventDecodeAny(val)
	return s.(string), true
}

// eventDecodeAny decodes the JSON value val as encoding/json decodes into an
// any with UseNumber: numbers stay exact as json.Number.
func eventDecodeAny(val []byte) (any, error) {
	switch val[0] {
	case 'n':
		return nil, nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case '"':
		raw := val[1 : len(val)-1]
		if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
			return string(raw), nil
		}
		var s string
		err := json.Unmarshal(val, &s)
		return s, err
	case '{', '[':
		var v any
		d := json.NewDecoder(bytes.NewReader(val))
		d.UseNumber()
		err := d.Decode(&v)
		return v, err
	}
	return json.Number(val), nil
}

// eventMaxDepth is the deepest nesting of arrays and objects that eventValid
// accepts, as encoding/json.
const eventMaxDepth = 10000

// eventValid reports whether b is one JSON value between optional white
// space, exactly as json.Valid does (strings need not be UTF-8).
func eventValid(b []byte) bool {
	var inObject [eventMaxDepth/64 + 1]uint64 // per level: 1 in an object
	depth := 0
	i := eventSkipSpace(b, 0)
	for {
		// A value starts at i.
		if i < 0 || i >= len(b) {
			return false
		}
		switch c := b[i]; c {
		case '{', '[':
			if depth == eventMaxDepth {
				return false
			}
			if c == '{' {
				inObject[depth/64] |= 1 << (depth % 64)
			} else {
				inObject[depth/64] &^= 1 << (depth % 64)
			}
			depth++
			i = eventSkipSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' and ']' follow '{' and '[' by 2
				depth--
				i++
				break
			}
			if c == '{' {
				if i = eventValidMember(b, i); i < 0 {
					return false
				}
			}
			continue
		case '"':
			i = eventValidString(b, i)
		case 't':
			i = eventValidLiteral(b, i, "true")
		case 'f':
			i = eventValidLiteral(b, i, "false")
		case 'n':
			i = eventValidLiteral(b, i, "null")
		default:
			i = eventValidNumber(b, i)
		}
		// After a value: the end, or what follows in its container.
		for {
			if i < 0 {
				return false
			}
			i = eventSkipSpace(b, i)
			if depth == 0 {
				return i == len(b)
			}
			if i >= len(b) {
				return false
			}
			obj := inObject[(depth-1)/64]&(1<<((depth-1)%64)) != 0
			if c := b[i]; obj && c == '}' || !obj && c == ']' {
				depth--
				i++
				continue
			}
			if b[i] != ',' {
				return false
			}
			i = eventSkipSpace(b, i+1)
			if obj {
				i = eventValidMember(b, i)
			}
			break
		}
	}
}

// eventValidMember checks a member's name and colon at b[i] and returns
// where its value starts, or -1.
func eventValidMember(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i = eventValidString(b, i); i < 0 {
		return -1
	}
	i = eventSkipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return eventSkipSpace(b, i+1)
}

// eventValidString checks the string that starts at b[i], a '"', and
// returns the index after it, or -1.
func eventValidString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1
		case c < 0x20:
			return -1
		case c == '\\':
			if i++; i >= len(b) {
				return -1
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return -1
				}
				for _, h := range b[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return -1
					}
				}
				i += 4
			default:
				return -1
			}
		}
	}
	return -1
}

// eventValidLiteral checks that lit stands at b[i] and returns the index
// after it, or -1.
func eventValidLiteral(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// eventValidNumber checks the number that starts at b[i] and returns the
// index after it, or -1: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func eventValidNumber(b []byte, i int) int {
	digits := func(i int) (int, bool) {
		start := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i, i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i, _ = digits(i)
	default:
		return -1
	}
	var ok bool
	if i < len(b) && b[i] == '.' {
		if i, ok = digits(i + 1); !ok {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i, ok = digits(i); !ok {
			return -1
		}
	}
	return i
}
