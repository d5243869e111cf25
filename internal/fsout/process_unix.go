//go:build unix

package fsout

import (
	"errors"
	"syscall"
)

// processRuns reports whether a process with the given ID runs on this
// machine. Signal 0 checks without sending anything; EPERM means that the
// process exists but belongs to another user. When in doubt, it says yes.
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return !errors.Is(err, syscall.ESRCH)
}
