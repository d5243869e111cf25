package apirt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"hash"
	"strconv"
	"strings"
	"sync"
)

// This file is the signature scheme of events, in the Standard Webhooks
// conventions: a secret is "whsec_" and the base64 of an HMAC-SHA256 key; a
// delivery is signed over its id, its timestamp (Unix seconds) and its body,
// joined by '.'; a signature is "v1," and the base64 of the MAC; the
// webhook-signature header holds one or more, separated by spaces.

// webhookSigLen is the length of a signature's base64: 44 for 32 bytes.
const webhookSigLen = 44

// webhookKey is the key of one secret, with a pool of hashes keyed with it.
// It holds the key only inside the pool's function, so printing a value that
// holds a *webhookKey never shows the key.
type webhookKey struct {
	pool sync.Pool // of *webhookMAC
}

// webhookMAC is a keyed HMAC-SHA256 and room for its results, reused so that
// signing and verifying do not allocate.
type webhookMAC struct {
	h       hash.Hash
	sum     [sha256.Size]byte
	enc     [webhookSigLen]byte // base64 of sum
	scratch [webhookSigLen]byte // a signature from a header, to compare
}

// parseWebhookSecret returns the key of a secret written "whsec_" + base64
// of 24 to 64 bytes. what names the secret in errors ("secret 2 of 3");
// errors never contain any of the secret's text.
func parseWebhookSecret(s, what string) (*webhookKey, error) {
	b64, ok := strings.CutPrefix(s, "whsec_")
	if !ok {
		return nil, errors.New(what + " does not start with whsec_: write it as whsec_ followed by the base64 of the key")
	}
	enc := base64.StdEncoding
	if len(b64)%4 != 0 {
		enc = base64.RawStdEncoding // accept the key without its padding
	}
	key, err := enc.DecodeString(b64)
	if err != nil {
		return nil, errors.New(what + " is malformed: the text after whsec_ is not valid base64")
	}
	if len(key) < 24 || len(key) > 64 {
		return nil, errors.New(what + " has a key of the wrong size: it must be 24 to 64 bytes (32 to 88 base64 characters)")
	}
	k := &webhookKey{}
	k.pool.New = func() any { return &webhookMAC{h: hmac.New(sha256.New, key)} }
	return k, nil
}

// mac computes the MAC of content and its base64 into m.enc. Put m back with
// k.pool.Put when done.
func (k *webhookKey) mac(content []byte) *webhookMAC {
	m := k.pool.Get().(*webhookMAC)
	m.h.Reset()
	m.h.Write(content)
	m.h.Sum(m.sum[:0])
	base64.StdEncoding.Encode(m.enc[:], m.sum[:])
	return m
}

// sign appends the signature of content, "v1," and the MAC's base64, to dst.
// content is the id, '.', the timestamp, '.' and the body.
func (k *webhookKey) sign(dst, content []byte) []byte {
	m := k.mac(content)
	dst = append(dst, "v1,"...)
	dst = append(dst, m.enc[:]...)
	k.pool.Put(m)
	return dst
}

// webhookVerify reports whether one of the signatures in header (the value
// of webhook-signature) is the signature of content with one of keys. Every
// signature is compared with every key's, in constant time, without stopping
// at the first match; signatures of other schemes (such as v1a) are ignored.
func webhookVerify(keys []*webhookKey, header string, content []byte) bool {
	match := 0
	for _, k := range keys {
		m := k.mac(content)
		for rest := header; rest != ""; {
			var sig string
			sig, rest, _ = strings.Cut(rest, " ")
			v, ok := strings.CutPrefix(sig, "v1,")
			if !ok || len(v) != webhookSigLen {
				continue // another scheme, or not a signature of ours: its length is no secret
			}
			copy(m.scratch[:], v)
			if hmac.Equal(m.scratch[:], m.enc[:]) {
				match = 1
			}
		}
		k.pool.Put(m)
	}
	return match == 1
}

// webhookContent appends to dst what is signed before the body: the id, '.',
// the timestamp and '.'.
func webhookContent(dst []byte, id string, ts int64) []byte {
	dst = append(dst, id...)
	dst = append(dst, '.')
	dst = strconv.AppendInt(dst, ts, 10)
	return append(dst, '.')
}
