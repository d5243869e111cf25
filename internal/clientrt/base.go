package clientrt

import (
	"errors"
	"net/url"
	"strings"
)

// normalizeBase checks a base URL and returns it without trailing slashes,
// ready for an endpoint path to be joined to it with one '/'.
func normalizeBase(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", errors.New("invalid base URL: " + err.Error())
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", errors.New("base URL " + quote(u.Redacted()) + " must start with http:// or https:// and name a host")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", errors.New("base URL " + quote(u.Redacted()) + " must not have a query or fragment")
	}
	return strings.TrimRight(s, "/"), nil
}
