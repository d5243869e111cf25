//go:build unix

package parser

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestParseFileRefusesNamedPipe checks that a named pipe is refused at
// file:1:1 without waiting for a writer, both by ParseFile and by the
// reading step alone (which a pipe put in the file's place after the check
// would reach). Reading a pipe used to block for ever.
func TestParseFileRefusesNamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan string, 2)
	go func() {
		_, list := ParseFile(fifo)
		done <- list.Error()
		_, err := readRegular(fifo)
		done <- err.Error()
	}()
	want := []string{
		fifo + ":1:1: error: cannot read the definition: it is a named pipe (FIFO), not a regular file; name a .json file",
		"it is a named pipe (FIFO), not a regular file; name a .json file",
	}
	for _, w := range want {
		select {
		case got := <-done:
			if got != w {
				t.Errorf("got %s\nwant %s", got, w)
			}
		case <-time.After(time.Minute):
			t.Fatal("reading a named pipe blocked") // a hang, not a speed goal
		}
	}
}
