package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func buildInfo(version string, settings ...string) func() (*debug.BuildInfo, bool) {
	bi := &debug.BuildInfo{GoVersion: "go1.99.0", Main: debug.Module{Path: "github.com/playbook-ssg/playbook", Version: version}}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return func() (*debug.BuildInfo, bool) { return bi, true }
}

func TestStampedValuesWinOverBuildInfo(t *testing.T) {
	got := get("v1.2.0", "abc123", "2026-11-02T10:00:00Z", buildInfo("v0.9.0", "vcs.revision", "fff", "vcs.time", "2020-01-01T00:00:00Z", "vcs.modified", "true"))
	if got.Version != "v1.2.0" || got.Commit != "abc123" || got.Date != "2026-11-02T10:00:00Z" || got.Go != "go1.99.0" {
		t.Errorf("got %+v", got)
	}
}

func TestUnstampedBuildReadsTheToolchainsRecord(t *testing.T) {
	for _, c := range []struct {
		name     string
		read     func() (*debug.BuildInfo, bool)
		version  string
		commit   string
		date     string
		platform bool
	}{
		{"go install @version", buildInfo("v1.3.0"), "v1.3.0", "", "", true},
		{"clone with edits", buildInfo("v0.0.0-20261102100000-0123456789ab+dirty", "vcs.revision", "0123456789abcdef", "vcs.time", "2026-11-02T10:00:00Z", "vcs.modified", "true"),
			"v0.0.0-20261102100000-0123456789ab+dirty", "0123456789abcdef+dirty", "2026-11-02T10:00:00Z", true},
		{"clean clone", buildInfo("(devel)", "vcs.revision", "0123456789abcdef", "vcs.time", "2026-11-02T10:00:00Z", "vcs.modified", "false"),
			Devel, "0123456789abcdef", "2026-11-02T10:00:00Z", true},
		{"no build info", func() (*debug.BuildInfo, bool) { return nil, false }, Devel, "", "", true},
	} {
		got := get("", "", "", c.read)
		if got.Version != c.version || got.Commit != c.commit || got.Date != c.date || got.Go == "" || got.Platform == "" {
			t.Errorf("%s: got %+v, want version %q commit %q date %q", c.name, got, c.version, c.commit, c.date)
		}
	}
}

func TestStringNamesWhatIsUnknown(t *testing.T) {
	s := Info{Version: "v1.2.0", Go: "go1.26.8", Platform: "linux/amd64"}.String()
	want := "playbook v1.2.0\ncommit: unknown\ndate:   unknown\ngo:     go1.26.8 linux/amd64\n"
	if s != want {
		t.Errorf("got %q, want %q", s, want)
	}
	if s := Get().String(); !strings.HasPrefix(s, "playbook ") {
		t.Errorf("Get: %q", s)
	}
}
