package devserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// collect runs a watcher and returns its batches until quiet for idle.
func startWatcher(t *testing.T, dir string) <-chan []string {
	t.Helper()
	w, err := NewWatcher(dir, "public")
	if err != nil {
		t.Fatal(err)
	}
	// Generous timings: the test checks the mechanism, not the machine.
	w.quiet, w.maxWait = 250*time.Millisecond, 10*time.Second
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch := make(chan []string, 100)
	go func() { _ = w.Run(ctx, ch) }()
	return ch
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
	writeFile(t, dir, "public/index.html", "y")
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
