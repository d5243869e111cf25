// Package ojson writes JSON objects whose keys keep the order they were set
// in: the exports (OpenAPI, Core JSON) and the definition format's JSON
// Schema follow the definition's order and are deterministic, which Go maps
// are not.
package ojson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/apigen-go/apigen/internal/safetext"
)

// Object is a JSON object with ordered keys. The zero value is empty.
type Object struct {
	keys []string
	vals []any
}

// New returns an object with the given key, value pairs.
func New(kv ...any) *Object {
	o := &Object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// Set adds key with value v at the end, or replaces the value of an
// existing key in its place.
func (o *Object) Set(key string, v any) *Object {
	for i, k := range o.keys {
		if k == key {
			o.vals[i] = v
			return o
		}
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	return o
}

// Get returns the value of key, or nil.
func (o *Object) Get(key string) any {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i]
		}
	}
	return nil
}

// Has reports whether the object has key.
func (o *Object) Has(key string) bool {
	for _, k := range o.keys {
		if k == key {
			return true
		}
	}
	return false
}

// Len returns the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// MarshalJSON writes the members in order.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encode(&b, k); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := encode(&b, o.vals[i]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encode writes v as compact JSON without escaping <, > and & (the
// documents are JSON files, not HTML), and without a newline.
func encode(b *bytes.Buffer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return nil
}

// Marshal returns v as JSON indented by two spaces, with a final newline.
// Characters that must not be written as themselves (format characters
// such as bidirectional overrides, U+2028, controls: see safetext.Hidden)
// are written as \u escapes, which mean the same JSON, so that definition
// text cannot change how a document reads in an editor.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return escapeHidden(b.Bytes()), nil
}

// escapeHidden writes the hidden characters of JSON text as \u escapes.
// The encoder escapes ASCII controls but DEL already, and writes non-ASCII
// text only inside strings, where an escape means the same character.
func escapeHidden(text []byte) []byte {
	i := 0
	for i < len(text) && text[i] < utf8.RuneSelf && text[i] != 0x7f {
		i++
	}
	if i == len(text) {
		return text
	}
	out := make([]byte, 0, len(text)+16)
	out = append(out, text[:i]...)
	for i < len(text) {
		if text[i] == 0x7f {
			out = append(out, `\u007f`...)
			i++
			continue
		}
		if text[i] < utf8.RuneSelf {
			out = append(out, text[i])
			i++
			continue
		}
		s := string(text[i:min(i+utf8.UTFMax, len(text))])
		n, hidden := safetext.Hidden(s)
		if !hidden {
			out = append(out, text[i:i+n]...)
			i += n
			continue
		}
		r, _ := utf8.DecodeRuneInString(s)
		for _, u := range utf16.Encode([]rune{r}) {
			out = append(out, fmt.Sprintf(`\u%04x`, u)...)
		}
		i += n
	}
	return out
}
