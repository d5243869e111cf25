package parser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseFileRefusesWhatIsNotARegularFile checks that a definition path
// naming a device (through a symbolic link), a directory or a file over the
// size limit is refused with one error at file:1:1, without reading it. A
// link to /dev/zero used to be read until memory ran out.
func TestParseFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	var cases []struct{ path, want string }
	if _, err := os.Stat(os.DevNull); err == nil {
		link := filepath.Join(dir, "zero.json")
		target := "/dev/zero"
		if _, err := os.Stat(target); err != nil {
			target = os.DevNull
		}
		if err := os.Symlink(target, link); err == nil {
			cases = append(cases, struct{ path, want string }{link, "cannot read the definition: it is a device, not a regular file; name a .json file"})
		}
	}
	sub := filepath.Join(dir, "dir.json")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, struct{ path, want string }{sub, "cannot read the definition: it is a directory, not a regular file; name a .json file"})
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(f.Truncate(MaxFileSize+1), f.Close()); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, struct{ path, want string }{big, "file is 33554433 bytes; definitions are limited to 32 MiB"})

	for _, c := range cases {
		_, list := ParseFile(c.path)
		if want := c.path + ":1:1: error: " + c.want; len(list) != 1 || list[0].String() != want {
			t.Errorf("got %v\nwant %s", list, want)
		}
	}
}

// TestReadRegularIsBounded checks that a file that is over the limit when it
// is read (it may grow after it was checked) is refused after reading at most
// MaxFileSize+1 bytes.
func TestReadRegularIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grown.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(f.Truncate(2*MaxFileSize), f.Close()); err != nil {
		t.Fatal(err)
	}
	src, err := readRegular(path)
	if !errors.Is(err, errTooLarge) || len(src) != MaxFileSize+1 {
		t.Errorf("read %d bytes, error %v; want %d bytes and errTooLarge", len(src), err, MaxFileSize+1)
	}
	if !strings.Contains(errTooLarge.Error(), "32 MiB") {
		t.Errorf("errTooLarge = %q", errTooLarge)
	}
}
