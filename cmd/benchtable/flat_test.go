package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The flat site holds every page in content/all/ under its own name,
// with links to pages rewritten and links to section pages made text.
func TestFlatCorpusMovesPagesIntoOneFolderAndKeepsLinks(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "flat")
	files := map[string]string{
		"site.toml":             "title = \"C\"\n",
		"content/a/_index.md":   "# A\n",
		"content/a/one.md":      "# One\n\nSee [two](../b/c/two.md#step) and [A](_index.md) and [web](https://example.com/x.md).\n",
		"content/b/c/two.md":    "# Two\n\nBack to [one](../../a/one.md).\n",
		"content/b/c/_index.md": "# C\n",
		"content/b/three.md":    "# Three\n\n[gone](missing.md)\n",
	}
	for name, text := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pages, dropped, err := flatCorpus(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if pages != 3 || dropped != 2 {
		t.Errorf("pages %d, dropped links %d; want 3 and 2", pages, dropped)
	}
	want := map[string]string{
		"one.md":   "# One\n\nSee [two](two.md#step) and A and [web](https://example.com/x.md).\n",
		"two.md":   "# Two\n\nBack to [one](one.md).\n",
		"three.md": "# Three\n\ngone\n",
	}
	for name, text := range want {
		b, err := os.ReadFile(filepath.Join(dst, "content", "all", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != text {
			t.Errorf("%s:\n%s\nwant:\n%s", name, b, text)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dst, "content", "all"))
	if len(entries) != 4 {
		t.Errorf("content/all holds %d files, want the 3 pages and _index.md", len(entries))
	}
	if _, err := os.Stat(filepath.Join(dst, "content", "_index.md")); err != nil {
		t.Error("no home page")
	}
	if got := warningCount([]byte("built 3 pages, 2 sections, 9 files (9 written) in 5 ms (2 warnings)\n")); got != "2 warnings" {
		t.Errorf("warningCount = %q", got)
	}
	if !strings.HasPrefix(warningCount([]byte("built 3 pages in 5 ms\n")), "no") {
		t.Error("warningCount of a build without warnings")
	}
}
