//go:build linux

package generator

import (
	"io/fs"
	"syscall"
)

// ctime returns the status change time of the file info describes, in
// Unix nanoseconds: no program can set it, so a file rewritten with its
// old modification time still shows the change.
func ctime(info fs.FileInfo) int64 {
	if sys, ok := info.Sys().(*syscall.Stat_t); ok {
		return sys.Ctim.Sec*1e9 + sys.Ctim.Nsec
	}
	return 0
}
