package apirt

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// This file writes RFC 9457 problem documents, the body of every error
// reply of an event receiver. (The server's runtime writes the same
// documents; the two are to become one file.)

// eventProblem is an RFC 9457 problem document, with the invalid
// parameters of a rejected request in errors.
type eventProblem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail,omitempty"`
	Errors []eventProblemError `json:"errors,omitempty"`
}

// eventProblemError is one invalid parameter: its name, where it is (path,
// query or body) and what is wrong with it.
type eventProblemError struct {
	Name   string `json:"name"`
	In     string `json:"in"`
	Detail string `json:"detail"`
}

// writeEventProblem replies with status and a problem document saying
// detail, listing the *ValidationError values in err (one, or several
// joined) as errors of body parameters.
func writeEventProblem(w http.ResponseWriter, status int, detail string, err error) {
	p := eventProblem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else if err != nil {
		errs = []error{err}
	}
	for _, err := range errs {
		var ve *ValidationError
		if errors.As(err, &ve) {
			p.Errors = append(p.Errors, eventProblemError{Name: ve.Param, In: "body", Detail: ve.Reason})
		}
	}
	b, _ := json.Marshal(p) // strings and numbers always encode
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
