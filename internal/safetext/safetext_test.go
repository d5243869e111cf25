package safetext

import "testing"

// TestOneLineEscapesBreaks protects text quoted within one comment line
// (templates, options): it cannot start a new line.
func TestOneLineEscapesBreaks(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/tickets/{id}", "/tickets/{id}"},
		{"a\nb\rc\u2028d", `a\nb\rc\u2028d`},
		{"ü\u202e", `ü\u202e`},
	} {
		if got := OneLine(tt.in); got != tt.want {
			t.Errorf("OneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
