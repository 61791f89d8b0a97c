// Package version says which build of playbook is running: the version,
// commit and date that `make dist` stamps into a release binary at link
// time, else what the Go toolchain recorded in the binary.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Stamped at link time by `make dist` (cmd/dist):
//
//	-ldflags "-X github.com/playbook-ssg/playbook/internal/version.version=v1.2.0
//	          -X github.com/playbook-ssg/playbook/internal/version.commit=HASH
//	          -X github.com/playbook-ssg/playbook/internal/version.date=2026-11-02T10:00:00Z"
//
// -X sets only variables initialised to a constant, so these stay empty
// in a build that does not stamp them.
var (
	version string
	commit  string
	date    string
)

// Devel is the version of a binary that carries none: built by `go build`
// or `go run` without a stamp or a module version.
const Devel = "devel"

// Info is what `playbook version` prints.
type Info struct {
	// Version is the stamped version, else the module version the Go
	// toolchain recorded ("v1.2.0" from `go install ...@v1.2.0`,
	// "v0.0.0-20261102100000-0123456789ab+dirty" from a build in a
	// clone), else Devel.
	Version string
	// Commit is the commit's full hash with "+dirty" when the working tree
	// had uncommitted changes; "" when unknown.
	Commit string
	// Date is the commit's time, RFC 3339; "" when unknown.
	Date string
	// Go is the Go release that built the binary; Platform its GOOS/GOARCH.
	Go, Platform string
}

// Get returns the running binary's Info.
func Get() Info { return get(version, commit, date, debug.ReadBuildInfo) }

// get returns the Info of the stamped values v, c and d, filling what is
// empty from read (debug.ReadBuildInfo).
func get(v, c, d string, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: v, Commit: c, Date: d, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := read(); ok {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			info.Go = bi.GoVersion
		}
		var modified bool
		rev, at := "", ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if info.Commit == "" && rev != "" {
			info.Commit = rev
			if modified {
				info.Commit += "+dirty"
			}
		}
		if info.Date == "" {
			info.Date = at
		}
	}
	if info.Version == "" {
		info.Version = Devel
	}
	return info
}

// String formats info as `playbook version` prints it: the version on
// the first line, then the commit, its date (the commit's time, which a
// reproducible build uses as its build date) and the Go release, with
// "unknown" for what the binary does not say.
func (info Info) String() string {
	unknown := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return s
	}
	return fmt.Sprintf("playbook %s\ncommit: %s\ndate:   %s\ngo:     %s %s\n",
		info.Version, unknown(info.Commit), unknown(info.Date), info.Go, info.Platform)
}
