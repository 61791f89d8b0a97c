//go:build unix

package publish_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/playbook-ssg/playbook/generator/publish"
)

// TestNewOutputFolderIsReadableByAWebServer checks that a build swapped
// in whole leaves a folder with the permissions any new folder gets, or
// those of the folder it replaces, not os.MkdirTemp's 0700.
func TestNewOutputFolderIsReadableByAWebServer(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, tc := range []struct {
		name     string
		existing os.FileMode // 0: no folder yet
		want     os.FileMode
	}{
		{"new folder", 0, 0o755},
		{"folder of 0750", 0o750, 0o750},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if tc.existing != 0 {
				if err := os.Mkdir(out, tc.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(out, tc.existing); err != nil {
					t.Fatal(err)
				}
			}
			d, err := publish.NewDir(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.WriteFile("index.html", []byte("x")); err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != tc.want {
				t.Errorf("output folder mode %o, want %o", got, tc.want)
			}
		})
	}
}
