//go:build unix

package cachefile

import (
	"fmt"
	"os"
	"syscall"
)

// Map returns the bytes of name, a regular file, mapped read-only into
// memory rather than copied into the heap; see the package comment for
// what the mapping asks of the caller.
func Map(name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := info.Size()
	switch {
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", name)
	case size == 0:
		return []byte{}, nil
	case size != int64(int(size)):
		return nil, fmt.Errorf("%s: %d bytes do not fit in memory", name, size)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return os.ReadFile(name) // a file system that cannot map still reads
	}
	return b, nil
}
