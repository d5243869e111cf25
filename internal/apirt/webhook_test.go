package apirt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
)

// specSign and specVerify are an independent implementation of the
// Standard Webhooks signature, written from the specification's text
// (spec/standard-webhooks.md, "Signature scheme", "Webhook headers",
// "Verifying signatures"), not from webhook.go: the content to sign is
// "{msg_id}.{timestamp}.{payload}"; the symmetric scheme is HMAC-SHA256 with
// the key whose base64 follows "whsec_"; a signature is "v1", a comma and
// the base64 of the MAC; the header lists signatures separated by spaces.
func specSign(secret, msgID string, timestamp int64, payload string) string {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		panic("specSign: bad test secret")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID + "." + strconv.FormatInt(timestamp, 10) + "." + payload))
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func specVerify(secret, msgID, timestamp, payload, header string) bool {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	want := specSign(secret, msgID, ts, payload)
	for _, sig := range strings.Split(header, " ") {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// The test vector that the Standard Webhooks reference libraries publish.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func signWith(t testing.TB, secret, id string, ts int64, body string) string {
	t.Helper()
	k, err := parseWebhookSecret(secret, "secret")
	if err != nil {
		t.Fatal(err)
	}
	return string(k.sign(nil, append(webhookContent(nil, id, ts), body...)))
}

func TestWebhookSignMatchesPublishedVector(t *testing.T) {
	if got := signWith(t, vectorSecret, vectorID, vectorTimestamp, vectorBody); got != vectorSignature {
		t.Errorf("sign = %s, want %s", got, vectorSignature)
	}
	if got := specSign(vectorSecret, vectorID, vectorTimestamp, vectorBody); got != vectorSignature {
		t.Errorf("the test's own specSign = %s, want %s", got, vectorSignature)
	}
}

// Keys of the tests: 32 random-looking bytes each.
var (
	testSecret1 = "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	testSecret2 = "whsec_" + base64.StdEncoding.EncodeToString([]byte("the second key, rotated in: 32 b"))
	testSecret3 = "whsec_" + base64.StdEncoding.EncodeToString([]byte("a key nobody gave the receiver!!"))
)

func TestWebhookVerify(t *testing.T) {
	id, ts, body := "msg_1", int64(1700000000), `{"type":"x"}`
	content := []byte(id + "." + strconv.FormatInt(ts, 10) + "." + body)
	sig1 := specSign(testSecret1, id, ts, body)
	sig2 := specSign(testSecret2, id, ts, body)
	sig3 := specSign(testSecret3, id, ts, body)
	k1, _ := parseWebhookSecret(testSecret1, "s")
	k2, _ := parseWebhookSecret(testSecret2, "s")
	tests := []struct {
		name   string
		keys   []*webhookKey
		header string
		want   bool
	}{
		{"one signature, one secret", []*webhookKey{k1}, sig1, true},
		{"signed with the new secret, receiver has new and old", []*webhookKey{k2, k1}, sig2, true},
		{"signed with the old secret, receiver has new and old", []*webhookKey{k2, k1}, sig1, true},
		{"two signatures, the second matches", []*webhookKey{k1}, sig3 + " " + sig1, true},
		{"asymmetric signature first", []*webhookKey{k1}, "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== " + sig1, true},
		{"several spaces between", []*webhookKey{k1}, sig3 + "   " + sig1 + " ", true},
		{"wrong secret", []*webhookKey{k1, k2}, sig3, false},
		{"empty header", []*webhookKey{k1}, "", false},
		{"no version", []*webhookKey{k1}, strings.TrimPrefix(sig1, "v1,"), false},
		{"other version", []*webhookKey{k1}, "v2," + strings.TrimPrefix(sig1, "v1,"), false},
		{"truncated", []*webhookKey{k1}, sig1[:len(sig1)-1], false},
		{"one character changed", []*webhookKey{k1}, sig1[:10] + string(sig1[10]^1) + sig1[11:], false},
		{"comma-separated", []*webhookKey{k1}, sig3 + "," + sig1, false},
	}
	for _, tt := range tests {
		if got := webhookVerify(tt.keys, tt.header, content); got != tt.want {
			t.Errorf("%s: verify(%q) = %v, want %v", tt.name, tt.header, got, tt.want)
		}
	}
	// Any change to the signed content fails.
	for _, c := range []string{"msg_2." + strconv.FormatInt(ts, 10) + "." + body, id + "." + strconv.FormatInt(ts+1, 10) + "." + body, id + "." + strconv.FormatInt(ts, 10) + "." + body + " "} {
		if webhookVerify([]*webhookKey{k1}, sig1, []byte(c)) {
			t.Errorf("verify accepts the signature of %q for %q", content, c)
		}
	}
}

func TestParseWebhookSecretRejectsMalformedWithoutEchoingIt(t *testing.T) {
	key24 := base64.StdEncoding.EncodeToString([]byte("twenty-four bytes of key"))
	tests := []struct {
		secret string
		err    string // "" for valid
	}{
		{"whsec_" + key24, ""},
		{vectorSecret, ""},
		{"whsec_" + base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef!")), ""}, // without padding
		{"whsec_" + base64.StdEncoding.EncodeToString(make([]byte, 64)), ""},
		{key24, "does not start with whsec_"},
		{"WHSEC_" + key24, "does not start with whsec_"},
		{"whsk_" + key24, "does not start with whsec_"},
		{"", "does not start with whsec_"},
		{"whsec_" + key24[:10] + "!" + key24[11:], "not valid base64"},
		{"whsec_" + key24 + "=", "not valid base64"},
		{"whsec_", "wrong size"},
		{"whsec_" + base64.StdEncoding.EncodeToString([]byte("23 bytes are too few...")), "wrong size"},
		{"whsec_" + base64.StdEncoding.EncodeToString(make([]byte, 65)), "wrong size"},
	}
	for _, tt := range tests {
		_, err := parseWebhookSecret(tt.secret, "secret 1 of 1")
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("parse(%q): %v", tt.secret, err)
		case tt.err != "" && err == nil:
			t.Errorf("parse(%q) succeeded, want an error containing %q", tt.secret, tt.err)
		case tt.err != "":
			msg := err.Error()
			if !strings.Contains(msg, tt.err) || !strings.HasPrefix(msg, "secret 1 of 1 ") {
				t.Errorf("parse(%q) = %q, want it to name the secret and say %q", tt.secret, msg, tt.err)
			}
			if leaks(msg, tt.secret) {
				t.Errorf("parse(%q) = %q: the error shows part of the secret", tt.secret, msg)
			}
		}
	}
}

// leaks reports whether msg contains 6 or more consecutive characters of
// the secret's key text.
func leaks(msg, secret string) bool {
	key := strings.TrimPrefix(secret, "whsec_")
	for i := 0; i+6 <= len(key); i++ {
		if strings.Contains(msg, key[i:i+6]) {
			return true
		}
	}
	return false
}
