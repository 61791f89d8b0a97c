//go:build unix

package generator

import (
	"io/fs"
	"syscall"
)

// inode returns the inode number of the file info describes.
func inode(info fs.FileInfo) uint64 {
	if sys, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Ino)
	}
	return 0
}
