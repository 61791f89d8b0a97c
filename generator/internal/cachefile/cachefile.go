// Package cachefile reads and writes the files of the build cache: a read
// refuses anything but a regular file (a FIFO would block the build), a
// whole file is written through a temporary file renamed over it, and a
// segment is appended in one write. The record, the kept sources, the
// search words, the print parts and the parsed-page cache all use it, so
// that a reader sees the old file or the new one, or a cut-short last
// segment that its sum gives away.
//
// A file is read whole (Read) or mapped (Map). Mapping spares a build the
// fresh memory a copy needs (at 10,000 pages the record, kept sources,
// parsed-page index and search words are about 50 MB) but asks two
// things of the caller: the mapping is never released, since what is
// decoded from it points into it, so only a process that builds once and
// ends should map; and the files must not be cut short while mapped,
// which a build never does (it replaces a file by renaming a new one over
// it and only ever appends), as another program that truncated one would
// crash the process.
package cachefile

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
)

// regular returns an error unless name is a regular file.
func regular(name string) error {
	info, err := os.Lstat(name)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", name)
	}
	return nil
}

// Open opens name for reading when it is a regular file.
func Open(name string) (*os.File, error) {
	if err := regular(name); err != nil {
		return nil, err
	}
	return os.Open(name)
}

// Read returns the bytes of name when it is a regular file, read into
// memory.
func Read(name string) ([]byte, error) {
	if err := regular(name); err != nil {
		return nil, err
	}
	return os.ReadFile(name)
}

// Write replaces name with b through a temporary file in its folder
// (created when missing), so that a reader never sees part of b.
func Write(name string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// Append appends b to the existing file name in one write; an error
// wrapping fs.ErrNotExist when there is none. A write cut short leaves a
// last segment that does not match its sum, which the reader drops.
func Append(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Seal returns b followed by its SHA-256, for a file written whole that
// Unseal checks.
func Seal(b []byte) []byte {
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// Unseal returns what Seal was given, without magic, its first bytes; ok
// is false when b does not start with magic or does not end with the
// SHA-256 of the bytes before it.
func Unseal(b []byte, magic string) (body []byte, ok bool) {
	if len(b) < len(magic)+sha256.Size || !bytes.HasPrefix(b, []byte(magic)) {
		return nil, false
	}
	n := len(b) - sha256.Size
	if sum := sha256.Sum256(b[:n]); !bytes.Equal(sum[:], b[n:]) {
		return nil, false
	}
	return b[len(magic):n], true
}
