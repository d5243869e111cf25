package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildApigen builds the apigen binary into a temporary directory and
// returns that directory, for tests that run it from a shell.
func buildApigen(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds apigen")
	}
	dir := t.TempDir()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "apigen"), ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// bashCompletion is a bash script that loads bash-completion and apigen's
// completion, then completes the line "$1" split into the words that
// follow it as readline splits them (at COMP_WORDBREAKS: "view=p" is
// view, =, p), and prints the replies, one a line. Readline replaces the
// last word with a reply.
const bashCompletion = `
source /usr/share/bash-completion/bash_completion
source <(apigen completion bash)
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1))
__start_apigen apigen "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
`

// TestCallCompletionInShells runs the completion of apigen call in real
// bash (with the bash-completion package) and fish, where they are
// installed: method paths one resource at a time, parameter names, and
// option values after name=, which bash completes after the '=' it breaks
// words at. zsh runs the same `apigen __complete` protocol
// (TestCallCompletion), but completes only inside its line editor.
func TestCallCompletionInShells(t *testing.T) {
	_, bashErr := exec.LookPath("bash")
	if _, err := os.Stat("/usr/share/bash-completion/bash_completion"); err != nil {
		bashErr = err
	}
	_, fishErr := exec.LookPath("fish")
	if bashErr != nil && fishErr != nil {
		t.Skip("neither bash with bash-completion nor fish is installed")
	}
	bin := buildApigen(t)
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	def, err := filepath.Abs("../../definitions/helpdesk.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string   // what is typed
		bash []string // readline's words of the line, as bash splits them
		// The candidates: bash's replies for its last word, and fish's
		// for the whole last argument.
		bashWant, fishWant []string
	}{
		{"Ti", []string{"Ti"}, []string{"Ticket."}, []string{"Ticket."}},
		{"Ticket.N", []string{"Ticket.N"}, []string{"Ticket.Note."}, []string{"Ticket.Note."}},
		{"ticket.note.", []string{"ticket.note."}, []string{"ticket.note.AddNote", "ticket.note.Get", "ticket.note.List"}, []string{"ticket.note.AddNote", "ticket.note.Get", "ticket.note.List"}},
		{"Ticket.List p", []string{"Ticket.List", "p"}, []string{"page=", "per_page="}, []string{"page=", "per_page="}},
		{"Ticket.List view=p", []string{"Ticket.List", "view", "=", "p"}, []string{"pending"}, []string{"view=pending"}},
		{"Ticket.List view=", []string{"Ticket.List", "view", "=", ""}, []string{"open", "pending", "solved", "all_tickets"}, []string{"view=all_tickets", "view=open", "view=pending", "view=solved"}},
	}
	for _, tt := range tests {
		line := "apigen call " + def + " " + tt.line
		if bashErr == nil {
			args := append([]string{"-c", bashCompletion, "bash", line, "apigen", "call", def}, tt.bash...)
			cmd := exec.Command("bash", args...)
			cmd.Env = env
			out, err := cmd.Output()
			got := strings.Fields(string(out))
			if err != nil || strings.Join(got, " ") != strings.Join(tt.bashWant, " ") {
				t.Errorf("bash: %q: %q (%v), want %q", tt.line, got, err, tt.bashWant)
			}
		}
		if fishErr == nil {
			cmd := exec.Command("fish", "--no-config", "-c", "apigen completion fish | source; complete -C $argv[1]", line)
			cmd.Env = env
			out, err := cmd.Output()
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				if l != "" {
					got = append(got, strings.SplitN(l, "\t", 2)[0])
				}
			}
			if err != nil || strings.Join(got, " ") != strings.Join(tt.fishWant, " ") {
				t.Errorf("fish: %q: %q (%v), want %q", tt.line, got, err, tt.fishWant)
			}
		}
	}
}
