//go:build unix

package publish_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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

// SameAsOld compares a file written with Create with the previous
// output's, byte for byte and across windows.
func TestSameAsOldComparesBytes(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 1<<17) // two windows
	cases := []struct {
		name, old, new string
		same           bool
	}{
		{"same", "hello", "hello", true},
		{"same, across windows", big, big, true},
		{"one byte differs in the second window", big, big[:len(big)-1] + "X", false},
		{"new is a prefix of old", big, big[:len(big)-5], false},
		{"old is a prefix of new", "hell", "hello", false},
		{"both empty", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "f.html"), []byte(c.old), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := publish.NewDir(out)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			w, err := d.Create("f.html")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, c.new); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got := d.SameAsOld("f.html"); got != c.same {
				t.Errorf("SameAsOld = %v, want %v", got, c.same)
			}
		})
	}
	d, err := publish.NewDir(filepath.Join(t.TempDir(), "none"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if d.SameAsOld("missing.html") {
		t.Error("SameAsOld of files that do not exist = true")
	}
}

// TestPatchReplacesFoldersAndFilesInTheWay patches an output where
// folders (one holding only an empty folder, one a file) sit at files'
// names and a file at a folder's name: each gives way to what the new
// build makes.
func TestPatchReplacesFoldersAndFilesInTheWay(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(filepath.Join(out, "a", "index.html", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"d/index.html/stray.txt": "hand-made",
		"b":                      "a file where a folder goes",
		"c/index.html":           "unchanged",
	} {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := publish.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Patch([]string{"a/index.html", "b/index.html", "c/index.html", "d/index.html"}, nil) {
		t.Fatal("Patch refused a real folder without symlinks")
	}
	for _, name := range []string{"a/index.html", "b/index.html", "d/index.html"} {
		if err := d.WriteFile(name, []byte("new "+name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a/index.html": "new a/index.html", "b/index.html": "new b/index.html", "c/index.html": "unchanged", "d/index.html": "new d/index.html"} {
		if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(b) != want {
			t.Errorf("%s holds %q, %v; want %q", name, b, err, want)
		}
	}
}

// TestNewDirRemovesTheFoldersOfKilledBuilds leaves temporary folders
// beside the output as builds do: one of a killed build (no lock, an hour
// old), one of a running build (locked) and one just made (not yet
// locked). NewDir removes the first alone, and so does RemoveLeftovers,
// which a build whose output is up to date calls.
func TestNewDirRemovesTheFoldersOfKilledBuilds(t *testing.T) {
	for name, remove := range map[string]func(t *testing.T, out string) int{
		"NewDir": func(t *testing.T, out string) int {
			d, err := publish.NewDir(out)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(d.Abort)
			return d.Removed
		},
		"RemoveLeftovers": func(_ *testing.T, out string) int { return publish.RemoveLeftovers(out) },
	} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			mk := func(name string, age time.Duration) string {
				p := filepath.Join(parent, name)
				if err := os.MkdirAll(filepath.Join(p, "a"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(p, "a", "index.html"), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
				old := time.Now().Add(-age)
				if err := os.Chtimes(p, old, old); err != nil {
					t.Fatal(err)
				}
				return p
			}
			killed := mk(".public.tmp-killed", time.Hour)
			running := mk(".public.tmp-running", time.Hour)
			fresh := mk(".public.tmp-fresh", 0)
			other := mk(".other.tmp-killed", time.Hour)
			lock, err := os.Open(running)
			if err != nil {
				t.Fatal(err)
			}
			defer lock.Close()
			if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
				t.Fatal(err)
			}
			if n := remove(t, out); n != 1 {
				t.Errorf("removed %d folders, want 1", n)
			}
			for p, want := range map[string]bool{killed: false, running: true, fresh: true, other: true} {
				if _, err := os.Stat(p); (err == nil) != want {
					t.Errorf("%s: there %v, want %v", filepath.Base(p), err == nil, want)
				}
			}
		})
	}
}
