package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHandedFileIsReadOnce checks siteFiles.hand: the next ReadFile of a
// handed Markdown file returns the handed bytes without reading the
// file, the one after reads it; other files and large ones are not
// kept, and drop forgets what no ReadFile took.
func TestHandedFileIsReadOnce(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/a.md", "on disk")
	write("content/b.md", "on disk")
	write("static/c.css", "on disk")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	s := newSiteFiles(root)
	defer s.Close()
	read := func(name string) string {
		t.Helper()
		b, err := s.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	s.hand("content/a.md", []byte("handed"))
	s.hand("content/b.md", []byte(strings.Repeat("x", handMax+1)))
	s.hand("static/c.css", []byte("handed"))
	if got := read("content/a.md"); got != "handed" {
		t.Errorf("first read of a handed page: %q", got)
	}
	if got := read("content/a.md"); got != "on disk" {
		t.Errorf("second read: %q, want the file's bytes", got)
	}
	if got := read("content/b.md"); got != "on disk" {
		t.Errorf("a page over handMax was kept: %q", got[:10])
	}
	if got := read("static/c.css"); got != "on disk" {
		t.Errorf("a file other than a page was kept: %q", got)
	}
	s.hand("content/a.md", []byte("handed"))
	s.drop()
	if got := read("content/a.md"); got != "on disk" {
		t.Errorf("after drop: %q", got)
	}
}
