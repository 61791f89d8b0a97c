//go:build unix

package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
)

// TestCacheFilesThatAreFIFOsAreIgnored replaces the build cache's files
// with FIFOs, whose reads would block forever, and checks that the next
// build reads none of them and finishes.
func TestCacheFilesThatAreFIFOsAreIgnored(t *testing.T) {
	site, out, build, _ := agedSite(t, onePageIn(""))
	build()
	c := openCache(out, cachefile.Read)
	base := strings.TrimSuffix(c.path, recordExt)
	packs, _ := filepath.Glob(base + ".docs/pack-*")
	for _, p := range append([]string{c.path, c.sourcesPath(), c.analysesPath(), c.printPartsPath(), base + ".docs/index"}, packs...) {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(site, "content", "one.md"), []byte("# One\n\nMore.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Build(context.Background(), Options{Source: site})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the build blocked on a cache file that is a FIFO")
	}
	b, err := os.ReadFile(filepath.Join(out, "one", "index.html"))
	if err != nil || !strings.Contains(string(b), "More.") {
		t.Errorf("the page was not built again (%v)", err)
	}
}
