//go:build windows

package fsout

import "os"

// processRuns reports whether a process with the given ID runs on this
// machine: on Windows, finding a process opens it, which fails when it has
// exited.
func processRuns(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
