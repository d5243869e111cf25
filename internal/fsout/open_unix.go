//go:build unix

package fsout

import (
	"os"
	"syscall"
)

// openExisting opens a file for reading without following a symbolic link
// and without waiting for a named pipe's writer. Reads of a regular file
// are not affected.
func openExisting(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
