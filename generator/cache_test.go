package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cachedSite writes files into a new site folder (with an empty site.toml
// unless files has one), with a build cache of its own for the test.
func cachedSite(t *testing.T, files map[string]string) string {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	site := t.TempDir()
	writeTree(t, site, map[string]string{"site.toml": ""})
	writeTree(t, site, files)
	return site
}

func TestBuildCacheRewritesOnlyWhatChanged(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"content/_index.md": "# Home\n",
		"content/a.md":      "+++\ntitle = \"A\"\n+++\nAlpha.\n",
		"content/b.md":      "+++\ntitle = \"B\"\n+++\nBeta.\n",
		"content/pic.png":   "PNG",
	})
	build := func(opts generator.Options) []string {
		t.Helper()
		opts.Source = site
		res, err := generator.Build(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		w := append([]string(nil), res.Stats.Written...)
		sort.Strings(w)
		return w
	}
	first := build(generator.Options{})
	if len(first) < 10 {
		t.Fatalf("cold build wrote %d files", len(first))
	}
	cold := readTree(t, filepath.Join(site, "public"))

	if w := build(generator.Options{}); len(w) != 0 {
		t.Errorf("warm build wrote %v, want nothing", w)
	}
	// Unchanged inputs: the build answers from the cache record, with the
	// same counts and warnings.
	res, err := generator.Build(context.Background(), generator.Options{Source: site})
	if err != nil || res.Stats.Pages != 2 || len(res.Stats.Names) < 10 || res.Site != nil {
		t.Errorf("up-to-date build: err %v, pages %d, names %d, site loaded %v", err, res.Stats.Pages, len(res.Stats.Names), res.Site != nil)
	}
	if got := readTree(t, filepath.Join(site, "public")); !equalTrees(got, cold) {
		t.Error("warm build output differs from the cold build")
	}

	// A body edit rewrites that page and the files built from every body.
	writeTree(t, site, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nAlpha, edited.\n"})
	w := build(generator.Options{})
	if !contains(w, "a/index.html") || contains(w, "b/index.html") || contains(w, "index.html") || contains(w, "pic.png") {
		t.Errorf("body edit wrote %v", w)
	}
	assertLikeFresh(t, site, filepath.Join(site, "public"), "cached output differs from a fresh build after an edit")

	// A template change re-renders every page, and writes those whose
	// bytes changed: pages with breadcrumbs, not the home page.
	writeTree(t, site, map[string]string{"layouts/partials/crumbs.html": "<p>crumbs</p>"})
	if w := build(generator.Options{}); !contains(w, "b/index.html") || contains(w, "index.html") {
		t.Errorf("template change wrote %v", w)
	}

	// A corrupt cache record is ignored: everything is rendered again.
	cacheDir, _ := os.UserCacheDir()
	matches, _ := filepath.Glob(filepath.Join(cacheDir, "playbook", "*.record"))
	if len(matches) != 1 {
		t.Fatalf("cache records: %v", matches)
	}
	if err := os.WriteFile(matches[0], []byte("not a record"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without a record, files are compared with what the output holds:
	// nothing differs, so nothing is written.
	if w := build(generator.Options{}); len(w) != 0 {
		t.Errorf("after corrupting the cache record, %d files written: %v", len(w), w)
	}
	assertLikeFresh(t, site, filepath.Join(site, "public"), "output after corrupting the cache record differs from a fresh build")
	// A file removed from the output by hand is written again.
	if err := os.Remove(filepath.Join(site, "public/b/index.html")); err != nil {
		t.Fatal(err)
	}
	if w := build(generator.Options{}); len(w) != 1 || w[0] != "b/index.html" {
		t.Errorf("after deleting an output file: wrote %v", w)
	}
	// --no-cache writes everything.
	if w := build(generator.Options{NoCache: true}); len(w) < 10 {
		t.Errorf("--no-cache wrote %d files", len(w))
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// With a cache record, a build updates the output folder in place: files
// it did not change stay the same files, and what it no longer makes goes,
// empty folders included.
func TestCachedBuildPatchesTheOutputInPlace(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"content/_index.md":      "# Home\n",
		"content/a.md":           "+++\ntitle = \"A\"\n+++\nAlpha.\n",
		"content/deep/_index.md": "# Deep\n",
		"content/deep/b.md":      "+++\ntitle = \"B\"\n+++\nBeta.\n",
	})
	build := func() {
		t.Helper()
		if _, err := generator.Build(context.Background(), generator.Options{Source: site}); err != nil {
			t.Fatal(err)
		}
	}
	build()
	out := filepath.Join(site, "public")
	before, err := os.Stat(filepath.Join(out, "deep/b/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	dirBefore, _ := os.Stat(filepath.Join(out, "deep/b"))
	writeTree(t, site, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nAlpha, edited.\n"})
	build()
	after, err := os.Stat(filepath.Join(out, "deep/b/index.html"))
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("an unchanged page's file was replaced (%v)", err)
	}
	if dirAfter, _ := os.Stat(filepath.Join(out, "deep/b")); !os.SameFile(dirBefore, dirAfter) {
		t.Errorf("the output folder was rebuilt rather than patched")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/index.html")); !strings.Contains(string(b), "Alpha, edited.") {
		t.Errorf("edited page not updated")
	}

	// A section removed takes its files and folders with it.
	if err := os.RemoveAll(filepath.Join(site, "content/deep")); err != nil {
		t.Fatal(err)
	}
	build()
	if _, err := os.Stat(filepath.Join(out, "deep")); !os.IsNotExist(err) {
		t.Errorf("output of a removed section still there (%v)", err)
	}
	assertLikeFresh(t, site, out, "patched output differs from a fresh build")
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}

// An output folder that is, or holds, a symlink is replaced whole, never
// patched: the walk for stale files does not see through a link, and
// patching would delete it and lose the files behind it.
func TestCachedBuildWithSymlinksInTheOutputStaysComplete(t *testing.T) {
	for _, link := range []string{".", "deep"} { // the folder itself, one below
		t.Run(link, func(t *testing.T) {
			site := cachedSite(t, map[string]string{
				"content/_index.md":      "# Home\n",
				"content/a.md":           "+++\ntitle = \"A\"\n+++\nAlpha.\n",
				"content/deep/_index.md": "# Deep\n",
				"content/deep/b.md":      "+++\ntitle = \"B\"\n+++\nBeta.\n",
			})
			out := filepath.Join(site, "public")
			build := func() {
				t.Helper()
				if _, err := generator.Build(context.Background(), generator.Options{Source: site}); err != nil {
					t.Fatal(err)
				}
			}
			build()
			// What was built moves elsewhere, and a link takes its place.
			at := filepath.Join(out, link)
			elsewhere := filepath.Join(t.TempDir(), "moved")
			if err := os.Rename(at, elsewhere); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(elsewhere, at); err != nil {
				t.Skip("no symlinks here:", err)
			}
			writeTree(t, site, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nAlpha, edited.\n"})
			build()
			assertLikeFresh(t, site, out, "output differs from a fresh build")
		})
	}
}

// A --no-cache build makes the record of the folder it replaces wrong, so
// it deletes it: a later cached build must not take the no-cache build's
// files for those of the inputs the record describes.
func TestNoCacheBuildForgetsTheRecord(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"content/_index.md": "# Home\n",
		"content/a.md":      "+++\ntitle = \"A\"\n+++\nAlpha.\n",
	})
	build := func(noCache bool) {
		t.Helper()
		if _, err := generator.Build(context.Background(), generator.Options{Source: site, NoCache: noCache}); err != nil {
			t.Fatal(err)
		}
	}
	build(false)
	writeTree(t, site, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nAlpha, edited.\n"})
	build(true)
	writeTree(t, site, map[string]string{"content/a.md": "+++\ntitle = \"A\"\n+++\nAlpha.\n"})
	build(false)
	if b, _ := os.ReadFile(filepath.Join(site, "public/a/index.html")); strings.Contains(string(b), "edited") {
		t.Error("a cached build kept the no-cache build's page for inputs it was not made from")
	}
}

// assertLikeFresh builds site afresh, without the cache, and compares the
// result with the folder out.
func assertLikeFresh(t *testing.T, site, out, what string) {
	t.Helper()
	fresh := t.TempDir()
	if _, err := generator.Build(context.Background(), generator.Options{Source: site, Output: fresh, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	if !equalTrees(readTree(t, out), readTree(t, fresh)) {
		t.Error(what)
	}
}

// A build with no folder for its cache (no HOME, no XDG_CACHE_HOME, as in
// some containers) builds everything and says why; a relative
// XDG_CACHE_HOME is ignored, as the XDG Base Directory specification
// asks, for ~/.cache.
func TestBuildWithoutACacheFolder(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"content/_index.md": "# Home\n",
		"content/a.md":      "+++\ntitle = \"A\"\n+++\nAlpha.\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	for range 2 {
		res, err := generator.Build(context.Background(), generator.Options{Source: site, Output: out})
		if err != nil {
			t.Fatal(err)
		}
		if res.CacheOff == nil {
			t.Errorf("no HOME: the build does not say its cache is off")
		}
		if res.Stats.Files != len(res.Stats.Names) || res.Stats.Files == 0 {
			t.Errorf("no cache: %d of %d files written, want all", res.Stats.Files, len(res.Stats.Names))
		}
	}
	if got := readTree(t, out)["a/index.html"]; !strings.Contains(got, "Alpha.") {
		t.Errorf("a/index.html lacks its body: %.200q", got)
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "relative/cache")
	res, err := generator.Build(context.Background(), generator.Options{Source: site, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.CacheOff != nil {
		t.Errorf("relative XDG_CACHE_HOME: cache off (%v), want ~/.cache", res.CacheOff)
	}
	if m, _ := filepath.Glob(filepath.Join(home, ".cache", "playbook", "*.record")); len(m) != 1 {
		t.Errorf("relative XDG_CACHE_HOME: records in ~/.cache/playbook: %q, want one", m)
	}
}
