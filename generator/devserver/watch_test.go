package devserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// startWatcher runs a watcher of the site folder dir with the default
// layout and returns its batches.
func startWatcher(t *testing.T, dir string) <-chan []string {
	t.Helper()
	cfg := config.Default()
	ch, _ := startWatcherOf(t, dir, layout.New(&cfg))
	return ch
}

func startWatcherOf(t *testing.T, dir string, lay *layout.Layout) (<-chan []string, *watcher) {
	t.Helper()
	w, err := newWatcher(dir, lay)
	if err != nil {
		t.Fatal(err)
	}
	// Generous timings: the test checks the mechanism, not the machine.
	w.quiet, w.maxWait = 250*time.Millisecond, 10*time.Second
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch := make(chan []string, 100)
	go func() { _ = w.Run(ctx, ch) }()
	return ch, w
}

func nextBatch(t *testing.T, ch <-chan []string) []string {
	t.Helper()
	select {
	case b := <-ch:
		sort.Strings(b)
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
		return nil
	}
}

func noBatch(t *testing.T, ch <-chan []string, d time.Duration) {
	t.Helper()
	select {
	case b := <-ch:
		t.Fatalf("unexpected batch %v", b)
	case <-time.After(d):
	}
}

func TestWatcherBatchesABurstIntoOneRebuild(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/_index.md", "x")
	ch := startWatcher(t, dir)
	for i := 0; i < 500; i++ {
		writeFile(t, dir, fmt.Sprintf("content/p%03d.md", i), "x")
	}
	if b := nextBatch(t, ch); len(b) != 500 {
		t.Errorf("burst of 500 writes gave a batch of %d paths, want 500 in one", len(b))
	}
	noBatch(t, ch, 500*time.Millisecond)
}

func TestWatcherIgnoresEditorNoiseAndOutput(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/a.md", "x")
	writeFile(t, dir, "public/index.html", "x")
	ch := startWatcher(t, dir)
	writeFile(t, dir, "content/.a.md.swp", "x")
	writeFile(t, dir, "content/a.md~", "x")
	writeFile(t, dir, "content/#a.md#", "x")
	writeFile(t, dir, "content/4913", "x")
	writeFile(t, dir, "content/notes.bak", "x")
	writeFile(t, dir, "content/x.swo", "x")
	writeFile(t, dir, "public/index.html", "y")
	writeFile(t, dir, "themes/other/layouts/page.html", "x")
	writeFile(t, dir, "notes.txt", "x")
	noBatch(t, ch, 300*time.Millisecond)
	// An atomic save: write a temp file, rename it over the page.
	writeFile(t, dir, "content/.a.md.tmp", "new")
	if err := os.Rename(filepath.Join(dir, "content/.a.md.tmp"), filepath.Join(dir, "content/a.md")); err != nil {
		t.Fatal(err)
	}
	if b := nextBatch(t, ch); len(b) != 1 || b[0] != "content/a.md" {
		t.Errorf("atomic save gave %v, want [content/a.md]", b)
	}
}

func TestWatcherFollowsNewAndRemovedFolders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/a.md", "x")
	ch := startWatcher(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "content/new/deeper"), 0o755); err != nil {
		t.Fatal(err)
	}
	noBatch(t, ch, 200*time.Millisecond) // empty folders change nothing
	writeFile(t, dir, "content/new/deeper/b.md", "x")
	if b := nextBatch(t, ch); len(b) != 1 || b[0] != "content/new/deeper/b.md" {
		t.Errorf("file in a new folder: %v", b)
	}
	if err := os.RemoveAll(filepath.Join(dir, "content/new")); err != nil {
		t.Fatal(err)
	}
	if b := nextBatch(t, ch); len(b) == 0 {
		t.Error("removing a folder gave no batch")
	}
	writeFile(t, dir, "site.toml", "title = \"x\"\n")
	if b := nextBatch(t, ch); len(b) != 1 || b[0] != "site.toml" {
		t.Errorf("site.toml: %v", b)
	}
}

// The watcher watches the folders the site's layout names: a custom
// content folder and theme, and the new ones after site.toml changes.
func TestWatcherFollowsTheSiteLayout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "docs/a.md", "x")
	writeFile(t, dir, "content/stray.md", "x")
	cfg := config.Default()
	cfg.ContentDir, cfg.Theme = "docs", "handbook"
	ch, w := startWatcherOf(t, dir, layout.New(&cfg))
	writeFile(t, dir, "docs/a.md", "y")
	if b := nextBatch(t, ch); len(b) != 1 || b[0] != "docs/a.md" {
		t.Errorf("edit under contentDir gave %v, want [docs/a.md]", b)
	}
	writeFile(t, dir, "content/stray.md", "y")
	noBatch(t, ch, 300*time.Millisecond)
	// The theme folder does not exist yet: creating it is seen.
	writeFile(t, dir, "themes/handbook/layouts/page.html", "x")
	if b := nextBatch(t, ch); len(b) != 1 || b[0] != "themes/handbook/layouts/page.html" {
		t.Errorf("new theme template gave %v", b)
	}
	// site.toml moves the content folder back.
	cfg.ContentDir = "content"
	w.Use(layout.New(&cfg))
	writeFile(t, dir, "content/stray.md", "z")
	if b := nextBatch(t, ch); len(b) != 1 || b[0] != "content/stray.md" {
		t.Errorf("edit under the new contentDir gave %v", b)
	}
}
