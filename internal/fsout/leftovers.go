package fsout

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// A temporary file of Apply is named .NAME.apigen-PID-N.tmp, beside the
// file NAME it will replace: PID is the process that writes it, N counts the
// process's temporary files. A run killed while writing (kill -9, a crash,
// a power cut) leaves such files behind; RemoveLeftovers removes them.

// tempName returns the name of the n-th temporary file of this process for
// the file at path.
func tempName(path string, n int64) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".apigen-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatInt(n, 10)+".tmp")
}

// tempPID returns the process ID in a temporary file name, and whether the
// name is one that tempName makes.
func tempPID(name string) (int, bool) {
	rest, ok := strings.CutSuffix(name, ".tmp")
	i := strings.LastIndex(rest, ".apigen-")
	if !ok || !strings.HasPrefix(name, ".") || i < 2 {
		return 0, false
	}
	pid, seq, ok := strings.Cut(rest[i+len(".apigen-"):], "-")
	p, err1 := strconv.Atoi(pid)
	_, err2 := strconv.ParseUint(seq, 10, 63)
	if !ok || err1 != nil || err2 != nil || p <= 0 || pid[0] == '+' {
		return 0, false
	}
	return p, true
}

// RemoveLeftovers removes, from the directories of the outputs, the
// temporary files of runs that were killed while writing: files named as
// Apply names its temporary files whose process no longer runs on this
// machine. The files of a run still going, in this process or another, and
// every other file are left alone. A directory that does not exist is
// skipped. It returns the paths removed, sorted.
func RemoveLeftovers(outs []Output) ([]string, error) {
	var removed []string
	var errs []error
	seen := map[string]bool{}
	for _, o := range outs {
		dir := filepath.Clean(o.Dir)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", dir, unwrap(err)))
			continue
		}
		for _, e := range entries {
			pid, ok := tempPID(e.Name())
			if !ok || !e.Type().IsRegular() || pid == os.Getpid() || processRuns(pid) {
				continue
			}
			path := filepath.Join(dir, e.Name())
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("cannot remove %s, left by an interrupted run: %w", path, unwrap(err)))
				continue
			}
			removed = append(removed, path)
		}
	}
	sort.Strings(removed)
	return removed, errors.Join(errs...)
}
