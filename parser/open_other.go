//go:build !unix

package parser

import "os"

// openNoBlock opens a file for reading. Systems other than Unix have no
// named pipes in the file system that opening could wait for.
func openNoBlock(name string) (*os.File, error) { return os.Open(name) }
