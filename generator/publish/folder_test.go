package publish

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func newFolder(t *testing.T) *Folder {
	t.Helper()
	f, err := NewFolder(filepath.Join(t.TempDir(), "serve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func begin(t *testing.T, f *Folder) *Batch {
	t.Helper()
	b, err := f.Begin()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantFile(t *testing.T, f *Folder, name, want string) {
	t.Helper()
	got, ok := f.File(name)
	if !ok || string(got) != want {
		t.Errorf("%s = %q, %v; want %q", name, got, ok, want)
	}
}

func TestFolderShowsABatchOnlyOnceCommitted(t *testing.T) {
	f := newFolder(t)
	b := begin(t, f)
	if err := b.WriteFile("a/index.html", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.File("a/index.html"); ok {
		t.Error("a staged file is served before commit")
	}
	if err := b.Commit(nil); err != nil {
		t.Fatal(err)
	}
	wantFile(t, f, "a/index.html", "one")

	// A failed build's batch leaves the last good files.
	b = begin(t, f)
	_ = b.WriteFile("a/index.html", []byte("broken"))
	_ = b.WriteFile("b/index.html", []byte("new"))
	b.Abort()
	wantFile(t, f, "a/index.html", "one")
	if _, ok := f.File("b/index.html"); ok {
		t.Error("an aborted batch's new file is served")
	}
	if entries, _ := os.ReadDir(f.dir); len(entries) != 1 {
		t.Errorf("staging folders left behind: %v", entries)
	}
}

func TestFolderCommitDropsFilesTheBuildNoLongerMakes(t *testing.T) {
	f := newFolder(t)
	b := begin(t, f)
	for _, n := range []string{"a/index.html", "b/index.html", "style.css"} {
		_ = b.WriteFile(n, []byte(n))
	}
	if err := b.Commit(nil); err != nil {
		t.Fatal(err)
	}
	// A partial batch keeps the other files; a full one lists them all.
	b = begin(t, f)
	_ = b.WriteFile("a/index.html", []byte("a2"))
	if err := b.Commit(nil); err != nil {
		t.Fatal(err)
	}
	b = begin(t, f)
	_ = b.WriteFile("a/index.html", []byte("a3"))
	if err := b.Commit([]string{"a/index.html", "style.css"}); err != nil {
		t.Fatal(err)
	}
	if got, want := f.Names(), []string{"a/index.html", "style.css"}; !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	wantFile(t, f, "a/index.html", "a3")
	if _, err := os.Stat(filepath.Join(f.Dir(), "b")); !os.IsNotExist(err) {
		t.Errorf("the folder of a dropped page stays: %v", err)
	}
}

func TestFolderLeavesFilesWithTheSameBytesAlone(t *testing.T) {
	f := newFolder(t)
	b := begin(t, f)
	_ = b.WriteFile("a.html", []byte("same"))
	w, err := b.Create("print.html")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(w, "big")
	_ = w.Close()
	if err := b.Commit(nil); err != nil {
		t.Fatal(err)
	}
	before := map[string]os.FileInfo{}
	for _, n := range []string{"a.html", "print.html"} {
		before[n], _ = os.Stat(filepath.Join(f.Dir(), n))
	}
	b = begin(t, f)
	_ = b.WriteFile("a.html", []byte("same"))
	w, _ = b.Create("print.html")
	_, _ = io.WriteString(w, "big")
	_ = w.Close()
	if err := b.Commit(nil); err != nil {
		t.Fatal(err)
	}
	for n, old := range before {
		now, err := os.Stat(filepath.Join(f.Dir(), n))
		if err != nil || !os.SameFile(old, now) {
			t.Errorf("%s was replaced though its bytes did not change", n)
		}
	}
	wantFile(t, f, "print.html", "big")
}

func TestFolderRefusesNamesOutsideIt(t *testing.T) {
	f := newFolder(t)
	b := begin(t, f)
	defer b.Abort()
	for _, n := range []string{"../x", "/etc/passwd", `a\b`, ""} {
		if err := b.WriteFile(n, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", n)
		}
		if _, ok := f.File(n); ok {
			t.Errorf("File(%q) found", n)
		}
	}
}
