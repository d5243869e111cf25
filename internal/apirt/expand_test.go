package apirt_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigen-go/apigen/internal/apirt"
	"github.com/apigen-go/apigen/internal/expandtable"
	. "github.com/apigen-go/apigen/uritemplate"
)

// TestExpandSharedTable expands every row of the shared table
// (internal/expandtable/expand.json) as apigen does: through the runtime.
func TestExpandSharedTable(t *testing.T) {
	for _, tt := range expandtable.Read(t) {
		tmpl, probs := Parse(tt.Template)
		if hasError(probs) {
			t.Fatalf("Parse(%q): %v", tt.Template, probs)
		}
		got, err := apirt.Expand(tmpl, tt.Base, tt.Values)
		if err != nil {
			got = "error: " + err.Error()
		}
		if msg, ok := strings.CutPrefix(tt.Want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), msg) {
				t.Errorf("Expand(%q, %q, %v) = %q, want error containing %q", tt.Template, tt.Base, tt.Values, got, msg)
			}
			continue
		}
		if got != tt.Want {
			t.Errorf("Expand(%q, %q, %v) = %q, want %q", tt.Template, tt.Base, tt.Values, got, tt.Want)
		}
	}
}

func TestValidationErrorType(t *testing.T) {
	tmpl, _ := Parse("/t/{id}")
	_, err := apirt.Expand(tmpl, "http://h", nil)
	var ve *apirt.ValidationError
	if !errors.As(err, &ve) || ve.Param != "id" {
		t.Fatalf("error %v is not a ValidationError for id", err)
	}
}
