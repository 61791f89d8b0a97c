package generator

import (
	"errors"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// A record reads back as written, and bytes cut short, flipped or of
// another format read as no record.
func TestRecordRoundTripsAndRejectsDamage(t *testing.T) {
	var diags diag.List
	diags.Warnf(diag.Pos{File: "site.toml", Line: 5, Col: 1}, "unknown key %q", "languageCode")
	m := &manifest{
		Program: "prog", Output: "/out",
		Files: map[string]outFile{
			"a/index.html": {Key: "k1", Sum: "s1", Stamp: outStamp{Size: 10, MTime: -5, CTime: 3, Ino: 1 << 40}, Stamped: true},
			"b.css":        {Key: "k2"},
		},
		Dirs:      map[string]outStamp{".": {Size: 4096, MTime: 7, CTime: 8, Ino: 2}},
		InputsKey: "ik",
		Inputs:    map[string]inputStamp{"content/a.md": {Size: 3, MTime: 4, CTime: 5, Ino: 6, Sum: "abc"}},
		Pages:     1, Sections: 2, Diags: diags,
	}
	b, err := encodeRecord(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, m)
	}
	empty, err := encodeRecord(&manifest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeRecord(empty); err != nil {
		t.Errorf("empty record: %v", err)
	}
	for i := range len(b) {
		if _, err := decodeRecord(b[:i]); !errors.Is(err, errBadRecord) {
			t.Fatalf("cut at %d: %v", i, err)
		}
		flipped := append([]byte(nil), b...)
		flipped[i] ^= 0x10
		if _, err := decodeRecord(flipped); !errors.Is(err, errBadRecord) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
}

// TestGoBuildIDIsToolchains checks the build ID read from the test binary
// against `go tool buildid`'s reading of the same file.
func TestGoBuildIDIsToolchains(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := goBuildID(exe); got != want {
		t.Errorf("goBuildID = %q, go tool buildid says %q", got, want)
	}
	if !strings.HasSuffix(programID(), "-"+want) {
		t.Errorf("programID() = %q, want it to end in the build ID", programID())
	}
	if got := goBuildID("/etc/hostname"); got != "" {
		t.Errorf("goBuildID of a text file = %q, want empty", got)
	}
}
