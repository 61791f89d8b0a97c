//go:build unix

package publish

import (
	"os"
	"syscall"
)

// lockFolder takes an exclusive lock (flock) on the folder p, held until
// the returned file is closed or the process ends, however it ends.
func lockFolder(p string) (*os.File, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}
