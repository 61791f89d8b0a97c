package generator

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
)

// TestRecordedFoldersAreTrustedOnlyUntilTheyChange builds a site, ages the
// output's folders past the racy window, and checks that the next build
// records their stamps, that a patching build then takes an unchanged
// folder's entries from the record, and that a file added to a recorded
// folder by something else changes its stamp, so that the folder is read
// and the file removed, as a fresh build would not have it.
func TestRecordedFoldersAreTrustedOnlyUntilTheyChange(t *testing.T) {
	site, out, build, ageDirs := agedSite(t, map[string]string{
		"site.toml":           "title = \"T\"\n",
		"content/_index.md":   "# Home\n",
		"content/a/_index.md": "# A\n",
		"content/a/one.md":    "# One\n\nBody.\n",
		"content/a/two.md":    "# Two\n\nBody.\n",
		"content/b/three.md":  "# Three\n\nBody.\n",
	})
	edit := func(name, text string) {
		t.Helper()
		p := filepath.Join(site, "content", name)
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.WriteString(text)
		_ = f.Close()
	}
	build()
	ageDirs()
	edit("a/one.md", "\nMore.\n")
	build() // stamps the aged folders

	c := openCache(out, cachefile.Read)
	if c.prev == nil || len(c.prev.Dirs) == 0 {
		t.Fatal("the record holds no folder stamps")
	}
	l := c.listing(out)
	files2, dirs, ok := l.Entries("b/three")
	if !ok || !slices.Equal(files2, []string{"index.html"}) || len(dirs) != 0 {
		t.Fatalf("b/three: files %v, folders %v, known %v; want index.html alone, known", files2, dirs, ok)
	}

	// Something else drops a file into the recorded folder.
	stray := filepath.Join(out, "b", "three", "stray.txt")
	if err := os.WriteFile(stray, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := openCache(out, cachefile.Read).listing(out).Entries("b/three"); ok {
		t.Fatal("a folder that gained a file is still taken from the record")
	}
	edit("a/two.md", "\nMore.\n")
	build()
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("the stray file in a recorded folder survived a patching build: %v", err)
	}
}

// agedSite writes files into a new site folder and returns it, its
// output folder, a build and a function that ages the output's folders
// past the racy window (so that the next build records their stamps).
func agedSite(t *testing.T, files map[string]string) (site, out string, build func(), ageDirs func()) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	site = t.TempDir()
	for name, body := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out = filepath.Join(site, "public")
	build = func() {
		t.Helper()
		if _, err := Build(context.Background(), Options{Source: site}); err != nil {
			t.Fatal(err)
		}
	}
	ageDirs = func() {
		old := time.Now().Add(-time.Hour)
		_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				err = os.Chtimes(p, old, old)
			}
			return err
		})
	}
	return site, out, build, ageDirs
}

// onePageIn is a site of a home page and one page in the folder dir of
// content/ ("" for content/ itself).
func onePageIn(dir string) map[string]string {
	return map[string]string{
		"site.toml":                         "title = \"T\"\n",
		"content/_index.md":                 "# Home\n",
		path.Join("content", dir, "one.md"): "# One\n\nBody.\n",
	}
}

// TestFileLeavesAFolderTooNewToRecord checks that a file no longer made
// is deleted from a folder whose stamp was too recent to record while
// its parent's was recorded: the parent's listing still walks into it.
func TestFileLeavesAFolderTooNewToRecord(t *testing.T) {
	site, out, build, ageDirs := agedSite(t, map[string]string{
		"site.toml":         "title = \"T\"\n",
		"content/_index.md": "# Home\n",
		"content/one.md":    "# One\n\nBody.\n",
		"static/sub/a.txt":  "a",
	})
	build()
	ageDirs()
	if err := os.WriteFile(filepath.Join(site, "content", "one.md"), []byte("# One\n\nMore.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build() // records the aged folders' stamps
	b := filepath.Join(site, "static", "sub", "b.txt")
	if err := os.WriteFile(b, []byte("b"), 0o644); err != nil {
		t.Fatal(err)
	}
	build() // writes sub/b.txt: sub is too new to record, "." is not
	if c := openCache(out, cachefile.Read); c.prev == nil || c.prev.Dirs["."] == (outStamp{}) {
		t.Fatal("the output folder's own stamp was not recorded")
	} else if _, ok := c.prev.Dirs["sub"]; ok {
		t.Fatal("sub's stamp was recorded though it just changed")
	}
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	build()
	if _, err := os.Lstat(filepath.Join(out, "sub", "b.txt")); err == nil {
		t.Error("sub/b.txt, no longer made, is still in the output")
	}
}

// TestStrayFilesGoThoughNothingChanged checks that files put into the
// output by hand are removed by the next build even when no input
// changed: the folders' stamps tell the build the output is not as it
// left it.
func TestStrayFilesGoThoughNothingChanged(t *testing.T) {
	site, out, build, ageDirs := agedSite(t, onePageIn("a"))
	build()
	ageDirs()
	if err := os.WriteFile(filepath.Join(site, "content", "a", "one.md"), []byte("# One\n\nMore.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build() // records the aged folders' stamps
	strays := []string{filepath.Join(out, "stray.txt"), filepath.Join(out, "a", "one", "stray.html")}
	for _, p := range strays {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build()
	for _, p := range strays {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s, put there by hand, survived a build", p)
		}
	}
}

// TestStrayFilesGoFromFoldersTooNewToRecord checks that files put by hand
// into folders the last build changed too recently to stamp (here every
// folder: the build just made them) are removed by a build that finds no
// input changed, and that such a build still answers early when the
// folders hold what the record lists.
func TestStrayFilesGoFromFoldersTooNewToRecord(t *testing.T) {
	site, out, build, _ := agedSite(t, onePageIn("a"))
	build()
	stages := func() int {
		t.Helper()
		res, err := Build(context.Background(), Options{Source: site})
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Stages)
	}
	if n := stages(); n != 1 {
		t.Fatalf("nothing changed: %d stages, want the early answer (open only)", n)
	}
	strays := []string{filepath.Join(out, "stray.txt"), filepath.Join(out, "a", "one", "stray.html"), filepath.Join(out, "search", "stray.js")}
	for _, p := range strays {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(out, "strayd", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	strays = append(strays, filepath.Join(out, "strayd"))
	build()
	for _, p := range strays {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s, put there by hand, survived a build that found no input changed", p)
		}
	}
	if n := stages(); n != 1 {
		t.Errorf("nothing changed after the strays went: %d stages, want the early answer", n)
	}
}

// TestKilledBuildsFolderGoesThoughNothingChanged checks that the
// temporary folder a killed build left beside the output goes with the
// next build even when that build finds no input changed and answers
// early (found by a user trial: a run of kill -9'd builds left one each).
func TestKilledBuildsFolderGoesThoughNothingChanged(t *testing.T) {
	site, _, build, _ := agedSite(t, onePageIn("a"))
	build()
	killed := filepath.Join(site, ".public.tmp-killed")
	if err := os.MkdirAll(filepath.Join(killed, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(killed, old, old); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Source: site})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stages) != 1 {
		t.Fatalf("nothing changed: %d stages, want the early answer", len(res.Stages))
	}
	if _, err := os.Lstat(killed); err == nil {
		t.Error("the killed build's folder survived a build that found no input changed")
	}
}

// TestOnOpenSaysWhetherTheBuildIsIncremental checks Options.OnOpen: a
// build from scratch and one without the cache are not incremental, one
// after it (with an edit or none) is.
func TestOnOpenSaysWhetherTheBuildIsIncremental(t *testing.T) {
	site, _, _, _ := agedSite(t, onePageIn(""))
	open := func(noCache bool) []bool {
		t.Helper()
		var got []bool
		if _, err := Build(context.Background(), Options{Source: site, NoCache: noCache, OnOpen: func(inc bool) { got = append(got, inc) }}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := open(false); len(got) != 1 || got[0] {
		t.Errorf("first build: OnOpen got %v, want [false]", got)
	}
	if got := open(false); len(got) != 1 || !got[0] {
		t.Errorf("nothing changed: OnOpen got %v, want [true]", got)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "one.md"), []byte("# One\n\nMore.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := open(false); len(got) != 1 || !got[0] {
		t.Errorf("after an edit: OnOpen got %v, want [true]", got)
	}
	if got := open(true); len(got) != 1 || got[0] {
		t.Errorf("--no-cache: OnOpen got %v, want [false]", got)
	}
}
