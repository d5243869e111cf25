package diag

import (
	"encoding/json"
	"io"
)

// The JSON report, as `apigen lint --format json` writes it:
//
//	{"diagnostics": [{"file": "api.json", "line": 3, "col": 5, "offset": 40,
//	  "end": {"line": 3, "col": 9, "offset": 44}, "severity": "error",
//	  "code": "duplicate-key", "message": "...",
//	  "related": [{"file": "api.json", "line": 2, "col": 5, "offset": 20}]}],
//	 "errors": 1, "warnings": 0}
//
// Positions are 1-based, columns in bytes; end and related are left out
// when there are none.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
}

type jsonDiagnostic struct {
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Col      int       `json:"col"`
	Offset   int       `json:"offset"`
	End      *jsonPos  `json:"end,omitempty"`
	Severity string    `json:"severity"`
	Code     Code      `json:"code"`
	Message  string    `json:"message"`
	Related  []jsonPos `json:"related,omitempty"`
}

type jsonPos struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	Offset int    `json:"offset"`
}

// WriteJSON writes the list as the JSON report, indented.
func WriteJSON(w io.Writer, l List) error {
	rep := jsonReport{Diagnostics: []jsonDiagnostic{}}
	for _, d := range l {
		p := d.Pos.valid()
		jd := jsonDiagnostic{File: p.File, Line: p.Line, Col: p.Col, Offset: p.Offset,
			Severity: d.Severity.String(), Code: d.Code, Message: d.Msg}
		if d.End.Line > 0 {
			jd.End = &jsonPos{Line: d.End.Line, Col: d.End.Col, Offset: d.End.Offset}
		}
		for _, r := range d.Related {
			r = r.valid()
			jd.Related = append(jd.Related, jsonPos{File: r.File, Line: r.Line, Col: r.Col, Offset: r.Offset})
		}
		rep.Diagnostics = append(rep.Diagnostics, jd)
	}
	rep.Errors, rep.Warnings = l.Count()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
