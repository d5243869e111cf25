package naming

import (
	"go/token"
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"filterCompany", []string{"filter", "Company"}},
		{"add_note", []string{"add", "note"}},
		{"HTTPResponse", []string{"HTTP", "Response"}},
		{"ticket_id", []string{"ticket", "id"}},
		{"oauth2Token", []string{"oauth2", "Token"}},
		{"help_desk.ticket", []string{"help", "desk", "ticket"}},
		{"__x__", []string{"x"}},
		{"ID", []string{"ID"}},
		{"getID", []string{"get", "ID"}},
		{"-", nil},
		{"", nil},
		{"Café au-lait", []string{"Café", "au", "lait"}},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExported(t *testing.T) {
	tests := []struct{ in, exp, unexp string }{
		{"filterCompany", "FilterCompany", "filterCompany"},
		{"add_note", "AddNote", "addNote"},
		{"ticket_id", "TicketID", "ticketID"},
		{"url", "URL", "url"},
		{"URL", "URL", "url"},
		{"all_tickets", "AllTickets", "allTickets"},
		{"post_comment", "PostComment", "postComment"},
		{"Ticket", "Ticket", "ticket"},
		{"api_version", "APIVersion", "apiVersion"},
		{"2fa", "2fa", "2fa"},
		{"type", "Type", "type"},
		{"-", "", ""},
	}
	for _, tt := range tests {
		if got := Exported(tt.in); got != tt.exp {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.exp)
		}
		if got := Unexported(tt.in); got != tt.unexp {
			t.Errorf("Unexported(%q) = %q, want %q", tt.in, got, tt.unexp)
		}
	}
}

func TestScope(t *testing.T) {
	s := NewScope("Client", "Error")
	for _, tc := range []struct{ in, want string }{
		{"Ticket", "Ticket"},
		{"Ticket", "Ticket2"},
		{"Ticket", "Ticket3"},
		{"Client", "Client2"},
		{"Error", "Error2"},
		{"type", "type2"},
		{"Ticket2", "Ticket22"},
	} {
		if got := s.Unique(tc.in); got != tc.want {
			t.Errorf("Unique(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if s.Take("Client") {
		t.Error("Take of a reserved name succeeded")
	}
	if !s.Take("Fresh") || !s.Has("Fresh") {
		t.Error("Take of a free name failed")
	}
}

func TestPredeclared(t *testing.T) {
	for _, n := range []string{"string", "any", "nil", "len", "error"} {
		if !IsPredeclared(n) {
			t.Errorf("IsPredeclared(%q) = false", n)
		}
	}
	if IsPredeclared("Ticket") {
		t.Error("identifier classification is wrong")
	}
}

func TestInitialismsFitBuffer(t *testing.T) {
	for k := range initialisms {
		if len(k) > maxInitialism {
			t.Errorf("initialism %q is longer than maxInitialism", k)
		}
	}
}

// TestExportedNameOfLetterWithoutUpperCase protects the rule that makes a
// name whose first letter has no upper-case form an exported Go name: an X
// goes in front. Without it, a resource 票据 would become an unexported
// field and type, out of reach of the client's users.
func TestExportedNameOfLetterWithoutUpperCase(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"票据", "X票据"},
		{"票据_list", "X票据List"},
		{"_票据", "X票据"},
		{"ᾳ", "Xᾼ"}, // upper-cases to a title-case letter, which Go does not export
		{"ß", "Xß"}, // no single upper-case letter
		{"ümlaut", "Ümlaut"},
		{"list_票据", "List票据"},
		{"2fa", "2fa"}, // a digit is not a letter: lint rejects it
	} {
		got := Exported(tt.in)
		if got != tt.want {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if startsWithLetter(got) && !token.IsExported(got) {
			t.Errorf("Exported(%q) = %q is not exported", tt.in, got)
		}
	}
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// TestOptionNameOfSignedOptions protects readable, distinct constant names
// for options with a leading sign: +1 and -1 used to become 1 and 12.
func TestOptionNameOfSignedOptions(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"+1", "Plus1"},
		{"-1", "Minus1"},
		{"1", "1"},
		{"-created_at", "MinusCreatedAt"},
		{"-", "Minus"},
		{"+", "Plus"},
		{"--x", "MinusX"},
		{"all_tickets", "AllTickets"},
		{"票据", "票据"}, // after a type name, no X is needed
		{"%", ""},
		{"", ""},
	} {
		if got := OptionName(tt.in); got != tt.want {
			t.Errorf("OptionName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
