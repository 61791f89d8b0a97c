//go:build !unix

package generator

import "io/fs"

// inode returns 0: the size and modification time stand for the file.
func inode(fs.FileInfo) uint64 { return 0 }
