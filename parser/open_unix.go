//go:build unix

package parser

import (
	"os"
	"syscall"
)

// openNoBlock opens a file for reading without waiting: opening a named pipe
// for reading otherwise blocks until a writer opens it. Reads of a regular
// file are not affected.
func openNoBlock(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
