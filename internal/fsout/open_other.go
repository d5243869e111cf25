//go:build !unix

package fsout

import "os"

// openExisting opens a file for reading. readExisting has checked that it
// is a regular file.
func openExisting(name string) (*os.File, error) { return os.Open(name) }
