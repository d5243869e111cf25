package apirt

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// This file writes RFC 9457 problem documents, the body of every error
// reply of a generated server and of an event receiver. It is its own part
// of the runtime (ProblemPart), which a package gets with either.

// problem is an RFC 9457 problem document, with the invalid parameters of
// a rejected request in errors.
type problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Errors []problemError `json:"errors,omitempty"`
}

// problemError is one invalid parameter: its name, where it is (path,
// query or body) when that is known, and what is wrong with it.
type problemError struct {
	Name   string `json:"name"`
	In     string `json:"in,omitempty"`
	Detail string `json:"detail"`
}

// writeProblem replies with p, whose title it sets from its status: the
// fields of header, then the problem's content type and length, and the
// document unless head (the reply to a HEAD request has no body).
func writeProblem(w http.ResponseWriter, p *problem, header http.Header, head bool) {
	p.Title = http.StatusText(p.Status)
	data, _ := json.Marshal(p) // strings and numbers always encode
	hd := w.Header()
	for k, v := range header {
		hd[k] = v
	}
	hd.Set("Content-Type", "application/problem+json")
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(p.Status)
	if !head {
		w.Write(data)
	}
}

// validationErrors returns the *ValidationErrors that err is made of, or
// nil when it holds another error.
func validationErrors(err error) []*ValidationError {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var ves []*ValidationError
		for _, e := range j.Unwrap() {
			sub := validationErrors(e)
			if sub == nil {
				return nil
			}
			ves = append(ves, sub...)
		}
		return ves
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return []*ValidationError{ve}
	}
	return nil
}
