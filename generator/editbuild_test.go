package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
)

// editSite is a small playbook with what makes edits interesting: nested
// sections, prev/next neighbours, tags, audiences, checklists, links
// between pages, a code block, a content file and per-role print pages.
func editSite(t *testing.T) string {
	return cachedSite(t, map[string]string{
		"site.toml":                    "title = \"Edits\"\naudiences = [\"manager\", \"seller\"]\n[links]\nanchors = \"warning\"\n",
		"content/_index.md":            "# Edits\n\nWelcome. See [the first step](onboarding/first.md).\n",
		"content/onboarding/_index.md": "+++\ntitle = \"Onboarding\"\ncurriculum = true\n+++\nStart here.\n",
		"content/onboarding/first.md":  "+++\ntitle = \"First week\"\nweight = 1\ntags = [\"ramp\"]\naudience = [\"seller\"]\n+++\n## Do\n\n- [ ] Meet the team\n- [ ] Read [the second](second.md#practise)\n\n```go\nfmt.Println(\"hi\")\n```\n",
		"content/onboarding/second.md": "+++\ntitle = \"Second week\"\nweight = 2\ntags = [\"ramp\", \"calls\"]\naudience = [\"manager\", \"seller\"]\n+++\n## Practise\n\nShadow three calls.\n\n![map](map.png)\n",
		"content/onboarding/third.md":  "+++\ntitle = \"Third week\"\nweight = 3\n+++\nRun a call alone.\n",
		"content/onboarding/map.png":   "PNG",
		"content/selling/_index.md":    "# Selling\n",
		"content/selling/discovery.md": "+++\ntitle = \"Discovery\"\ntags = [\"calls\"]\n+++\nAsk before you tell.\n",
		// Front matter gob does not carry as written: false flags, an
		// empty list, dates in params.
		"content/selling/objections.md": "+++\ntitle = \"Objections\"\ntoc = false\nsearch = false\nprint = true\ntags = []\ndate = 2026-03-04\nreviewed = 2026-05-06T07:08:09+02:00\n[params]\ndue = 2026-01-02\nlevels = [1, \"two\", {three = 3}]\n+++\n## Price\n\nSee [week three](../onboarding/third.md) and [nothing](#nowhere).\n",
		"content/selling/pricing.md":    "---\ntitle: Pricing\ntoc: false\nowner: Deal desk\ncustom: {a: [1, 2]}\n---\n## Tiers\n\nText [up](../_index.md).\n",
	})
}

// builderOf returns a function that builds site with the options given and
// fails the test on an error.
func builderOf(t *testing.T, site string) func(generator.Options) *generator.Result {
	return func(opts generator.Options) *generator.Result {
		t.Helper()
		opts.Source = site
		res, err := generator.Build(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
}

// outputState is what a build left in the output: each file's bytes and
// its inode and modification time, which change only when it is written.
type outputState map[string]fileState

type fileState struct {
	data  string
	ino   uint64
	mtime int64
}

func stateOf(t *testing.T, dir string) outputState {
	t.Helper()
	st := outputState{}
	for name, data := range readTree(t, dir) {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		st[name] = fileState{data: data, ino: info.Sys().(*syscall.Stat_t).Ino, mtime: info.ModTime().UnixNano()}
	}
	return st
}

// TestEditBuildsWriteExactlyTheFilesThatChanged edits a site in the ways
// writers do and checks after each cached build that the output is a
// fresh build's, byte for byte, and that the files written (by the build's
// own count and by the file system's inodes and times) are exactly those
// whose bytes changed or that are new.
func TestEditBuildsWriteExactlyTheFilesThatChanged(t *testing.T) {
	t.Run("new files", func(t *testing.T) { testEditBuilds(t, false, false) })
	t.Run("files older than the builds", func(t *testing.T) { testEditBuilds(t, true, false) })
	t.Run("cache files mapped", func(t *testing.T) { testEditBuilds(t, true, true) })
}

// testEditBuilds is TestEditBuildsWriteExactlyTheFilesThatChanged; with
// aged set, the site's files are last modified well before the first
// build, so that the files an edit leaves alone are vouched for by their
// stamps and their sources come from the build cache unread. With mapped
// set, the builds map the cache's files (Options.MapCache) as the command
// line's do.
func testEditBuilds(t *testing.T, aged, mapped bool) {
	site := editSite(t)
	if aged {
		age(site)
	}
	out := filepath.Join(site, "public")
	buildWith := builderOf(t, site)
	build := func() *generator.Result { return buildWith(generator.Options{MapCache: mapped}) }
	first := build()
	if first.Cached != 0 || first.Parsed < 7 {
		t.Fatalf("cold build: %d parsed, %d from the cache", first.Parsed, first.Cached)
	}
	steps := []struct {
		name  string
		edit  func()
		wants []string // files that must be among those written
	}{
		// Bytes that render to nothing: the page's print part is
		// rendered again while the others are copied, and the print
		// page's composed sum must come out as it was.
		{"blank lines appended", func() {
			appendTo(t, site, "content/onboarding/second.md", "\n\n\n")
		}, nil},
		{"body edit", func() {
			appendTo(t, site, "content/onboarding/second.md", "\nAsk the manager for feedback afterwards.\n")
		}, []string{"onboarding/second/index.html", "print/index.html"}},
		{"title change", func() {
			replaceIn(t, site, "content/onboarding/second.md", `title = "Second week"`, `title = "Week two"`)
		}, []string{"onboarding/second/index.html", "onboarding/first/index.html", "onboarding/third/index.html", "onboarding/index.html"}},
		{"new page", func() {
			writeTree(t, site, map[string]string{"content/onboarding/fourth.md": "+++\ntitle = \"Fourth week\"\nweight = 4\n+++\nCarry a quota.\n"})
		}, []string{"onboarding/fourth/index.html", "onboarding/third/index.html"}},
		{"deleted page", func() {
			if err := os.Remove(filepath.Join(site, "content/selling/discovery.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"selling/index.html"}},
		{"task added", func() {
			replaceIn(t, site, "content/onboarding/first.md", "- [ ] Meet the team\n", "- [ ] Meet the team\n- [ ] Book the first call\n")
		}, []string{"onboarding/first/index.html", "onboarding/index.html"}},
		{"content file", func() {
			writeTree(t, site, map[string]string{"content/onboarding/map.png": "PNG2"})
		}, []string{"onboarding/map.png"}},
		{"nothing", func() {}, nil},
	}
	for _, step := range steps {
		if !aged {
			// Keep every source too new to vouch for itself, however
			// long the builds before took (a slow machine, -race).
			freshen(t, site)
		}
		before := stateOf(t, out)
		step.edit()
		res := build()
		after := stateOf(t, out)
		var changed, touched []string
		for name, a := range after {
			b, ok := before[name]
			if !ok || b.data != a.data {
				changed = append(changed, name)
			}
			if !ok || b.ino != a.ino || b.mtime != a.mtime {
				touched = append(touched, name)
			}
		}
		sort.Strings(changed)
		sort.Strings(touched)
		written := append([]string(nil), res.Stats.Written...)
		sort.Strings(written)
		if !slices.Equal(written, changed) {
			t.Errorf("%s: wrote %v\nbut these changed: %v", step.name, written, changed)
		}
		if !slices.Equal(touched, changed) {
			t.Errorf("%s: the file system shows %v written\nbut these changed: %v", step.name, touched, changed)
		}
		for _, w := range step.wants {
			if !slices.Contains(written, w) {
				t.Errorf("%s: %s not written (wrote %v)", step.name, w, written)
			}
		}
		if step.name == "nothing" && len(written) != 0 {
			t.Errorf("a build with nothing changed wrote %v", written)
		}
		if step.name == "blank lines appended" && !slices.Equal(written, []string{"search/meta.js"}) {
			// meta.js names the index's version, a hash of every page's
			// bytes; the page, its print part and its words are as they
			// were.
			t.Errorf("blank lines appended to a page wrote %v, want only search/meta.js", written)
		}
		if aged && step.name != "nothing" && res.Unread < 5 {
			t.Errorf("%s: %d pages' sources came from the cache unread, want most of them (parsed %d)", step.name, res.Unread, res.Parsed)
		}
		if !aged && res.Unread != 0 {
			t.Errorf("%s: %d pages' sources came from the cache unread though their files are too new to vouch for them", step.name, res.Unread)
		}
		assertLikeFresh(t, site, out, step.name+": cached output differs from a fresh build")
	}
}

// freshen sets the modification time of every file of the site's
// content folder to now.
func freshen(t *testing.T, site string) {
	t.Helper()
	now := time.Now()
	err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, now, now)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestParsedPageCacheServesUnchangedPages checks that a build parses only
// the pages whose Markdown changed, and that --no-cache parses nothing
// from the cache and leaves it alone.
func TestParsedPageCacheServesUnchangedPages(t *testing.T) {
	site := editSite(t)
	build := builderOf(t, site)
	cold := build(generator.Options{})
	appendTo(t, site, "content/selling/discovery.md", "\nListen twice as much.\n")
	res := build(generator.Options{})
	if res.Parsed != 1 || res.Cached != cold.Parsed-1 {
		t.Errorf("after one edit: parsed %d, from the cache %d (cold build parsed %d)", res.Parsed, res.Cached, cold.Parsed)
	}
	if res := build(generator.Options{NoCache: true}); res.Parsed != 0 || res.Cached != 0 {
		t.Errorf("--no-cache used the page cache: parsed %d, cached %d", res.Parsed, res.Cached)
	}
	// Another markup option parses every page again.
	appendTo(t, site, "site.toml", "[markup]\ntypographer = false\n")
	if res := build(generator.Options{}); res.Cached != 0 {
		t.Errorf("after a markup change, %d pages came from the cache", res.Cached)
	}
}

// TestDamagedPageCacheNeverChangesTheOutput damages the parsed-page cache
// in every way a disk or a dying build can, and checks that the next
// build still makes a fresh build's output.
func TestDamagedPageCacheNeverChangesTheOutput(t *testing.T) {
	damage := map[string]func(t *testing.T, dir string){
		"flipped body bytes": func(t *testing.T, dir string) {
			for _, p := range packs(t, dir) {
				b, _ := os.ReadFile(p)
				for i := 0; i < len(b); i += 7 {
					b[i] ^= 0x20
				}
				mustWrite(t, p, b)
			}
		},
		"truncated pack": func(t *testing.T, dir string) {
			for _, p := range packs(t, dir) {
				if err := os.Truncate(p, 10); err != nil {
					t.Fatal(err)
				}
			}
		},
		"missing pack": func(t *testing.T, dir string) {
			for _, p := range packs(t, dir) {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			}
		},
		"garbage index": func(t *testing.T, dir string) {
			mustWrite(t, filepath.Join(dir, "index"), []byte("playbook-docs 1\n\xff\xff\xff\xff"))
		},
		"truncated index": func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "index"))
			mustWrite(t, filepath.Join(dir, "index"), b[:len(b)*2/3])
		},
		"garbage sources": func(t *testing.T, dir string) {
			mustWrite(t, sourcesFile(dir), []byte("\x10\xff\x81garbage"))
		},
		"truncated sources": func(t *testing.T, dir string) {
			b, _ := os.ReadFile(sourcesFile(dir))
			mustWrite(t, sourcesFile(dir), b[:len(b)/2])
		},
		"a letter changed in sources": func(t *testing.T, dir string) {
			b, _ := os.ReadFile(sourcesFile(dir))
			if !bytes.Contains(b, []byte("Second week")) {
				t.Fatal("no title in the kept sources")
			}
			// "Secomd week", in the title and the source's lines: the
			// entry still decodes, its segment's SHA-256 no longer
			// matches.
			mustWrite(t, sourcesFile(dir), bytes.ReplaceAll(b, []byte("Second week"), []byte("Secomd week")))
		},
		"missing sources": func(t *testing.T, dir string) {
			if err := os.Remove(sourcesFile(dir)); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			site := editSite(t)
			age(site) // so that unchanged pages' sources come from the cache
			if _, err := generator.Build(context.Background(), generator.Options{Source: site}); err != nil {
				t.Fatal(err)
			}
			fn(t, docsDir(t))
			appendTo(t, site, "content/onboarding/third.md", "\nThen debrief.\n")
			res, err := generator.Build(context.Background(), generator.Options{Source: site})
			if err != nil {
				t.Fatal(err)
			}
			if name == "flipped body bytes" && !res.CacheDamaged {
				t.Error("a build that read damaged bodies back does not say so")
			}
			assertLikeFresh(t, site, filepath.Join(site, "public"), "output after damaging the page cache differs from a fresh build")
			// And the cache heals: within two builds, an edit build parses
			// only the page edited.
			for i := 0; i < 2; i++ {
				appendTo(t, site, "content/onboarding/third.md", "\nAnd write it down.\n")
				if res, err = generator.Build(context.Background(), generator.Options{Source: site}); err != nil {
					t.Fatal(err)
				}
			}
			if res.CacheDamaged {
				t.Error("a build after the damage says the cache was damaged")
			}
			if res.Parsed != 1 {
				t.Errorf("after the cache was rebuilt, %d pages parsed again", res.Parsed)
			}
			assertLikeFresh(t, site, filepath.Join(site, "public"), "output after the cache healed differs from a fresh build")
		})
	}
}

// TestPageCacheKeepsFewPacks checks that a run of edit builds does not pile
// up pack files: packs no entry needs go, and small ones are merged.
func TestPageCacheKeepsFewPacks(t *testing.T) {
	site := editSite(t)
	for i := 0; i < 12; i++ {
		appendTo(t, site, "content/onboarding/third.md", strings.Repeat("More. ", i+1)+"\n")
		if _, err := generator.Build(context.Background(), generator.Options{Source: site}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(packs(t, docsDir(t))); n > 6 {
		t.Errorf("%d packs after 12 edit builds", n)
	}
	assertLikeFresh(t, site, filepath.Join(site, "public"), "output after 12 edit builds differs from a fresh build")
}

// TestPageIndexGrowsBySegments checks that an edit build appends the
// entry of the page it parsed to the index of parsed pages rather than
// writing the index again, that a segment cut short loses only itself,
// and that the index is written whole again once entries no build needs
// pile up.
func TestPageIndexGrowsBySegments(t *testing.T) {
	site := editSite(t)
	build := builderOf(t, site)
	out := filepath.Join(site, "public")
	build(generator.Options{})
	index := filepath.Join(docsDir(t), "index")
	size := func() int64 { return sizeOf(t, index) }
	whole := size()
	before, _ := os.ReadFile(index)
	appendTo(t, site, "content/onboarding/third.md", "\nThen debrief.\n")
	if res := build(generator.Options{}); res.Parsed != 1 {
		t.Fatalf("a one-page edit parsed %d pages", res.Parsed)
	}
	grown := size()
	after, _ := os.ReadFile(index)
	if !bytes.HasPrefix(after, before) || grown-whole >= whole/2 {
		t.Fatalf("after a one-page edit the index went from %d to %d bytes, want a small segment appended", whole, grown)
	}
	// A build that parsed nothing leaves the index as it is.
	if build(generator.Options{}); size() != grown {
		t.Errorf("a build that parsed nothing changed the index from %d to %d bytes", grown, size())
	}
	// A segment cut short: the entries of the first still serve.
	if err := os.Truncate(index, grown-3); err != nil {
		t.Fatal(err)
	}
	appendTo(t, site, "content/selling/discovery.md", "\nListen.\n")
	if res := build(generator.Options{}); res.Parsed != 2 {
		t.Errorf("with the last segment cut short, %d pages parsed, want the two edited", res.Parsed)
	}
	assertLikeFresh(t, site, out, "output after a cut segment differs from a fresh build")
	if got := size(); got >= grown {
		t.Errorf("the index after a damaged segment is %d bytes, want it written whole again (under %d)", got, grown)
	}
	// Entries no build needs past a quarter of the live ones: whole.
	for i := range 6 {
		appendTo(t, site, "content/onboarding/third.md", fmt.Sprintf("\nStep %d.\n", i))
		if res := build(generator.Options{}); res.Parsed != 1 {
			t.Errorf("edit %d parsed %d pages", i, res.Parsed)
		}
	}
	if got := size(); got > whole+whole/2 {
		t.Errorf("after 6 edits the index is %d bytes, against %d when whole", got, whole)
	}
	assertLikeFresh(t, site, out, "output after appended segments differs from a fresh build")
}

// sourcesFile is the file of kept sources beside the page cache dir.
// sizeOf returns the size of file, failing the test when it is missing.
func sizeOf(t *testing.T, file string) int64 {
	t.Helper()
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

func sourcesFile(dir string) string { return strings.TrimSuffix(dir, ".docs") + ".sources" }

func docsDir(t *testing.T) string {
	t.Helper()
	cache, _ := os.UserCacheDir()
	dirs, _ := filepath.Glob(filepath.Join(cache, "playbook", "*.docs"))
	if len(dirs) != 1 {
		t.Fatalf("page caches: %v", dirs)
	}
	return dirs[0]
}

func packs(t *testing.T, dir string) []string {
	t.Helper()
	ps, _ := filepath.Glob(filepath.Join(dir, "pack-*"))
	if len(ps) == 0 {
		t.Fatal("no packs in the page cache")
	}
	return ps
}

func mustWrite(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, site, rel, text string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, p, append(b, text...))
}

func replaceIn(t *testing.T, site, rel, old, new string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not hold %q", rel, old)
	}
	mustWrite(t, p, []byte(strings.Replace(string(b), old, new, 1)))
}

// TestInputsOlderThanTheLastBuildAreTrustedByTheirStamp checks the
// shortcut that spares a warm build from reading every file: a file whose
// size and time are unchanged is not read, and any write that moves its
// time, even one keeping its size, is seen.
func TestInputsOlderThanTheLastBuildAreTrustedByTheirStamp(t *testing.T) {
	site := editSite(t)
	page := filepath.Join(site, "content/selling/discovery.md")
	age(site)
	buildWith := builderOf(t, site)
	build := func() *generator.Result { return buildWith(generator.Options{}) }
	build()
	// Same size, new bytes, new time: rebuilt.
	replaceIn(t, site, "content/selling/discovery.md", "Ask before you tell.", "Ask before you sell.")
	if res := build(); !slices.Contains(res.Stats.Written, "selling/discovery/index.html") {
		t.Errorf("an edit keeping the file's size was missed: wrote %v", res.Stats.Written)
	}
	// A touch without a change writes nothing.
	now := time.Now()
	if err := os.Chtimes(page, now, now); err != nil {
		t.Fatal(err)
	}
	if res := build(); len(res.Stats.Written) != 0 {
		t.Errorf("touching a file wrote %v", res.Stats.Written)
	}
	assertLikeFresh(t, site, filepath.Join(site, "public"), "output differs from a fresh build")
}

// TestOutputChangedBehindTheCachesBackIsRepaired changes the output folder
// the ways other tools do (another build with another cache, an edit by
// hand, a first build into a folder without a record) and checks that the
// next build makes a fresh build's output, writing exactly the files that
// differ, and that dot entries at the top of the folder (a gh-pages .git)
// stay.
func TestOutputChangedBehindTheCachesBackIsRepaired(t *testing.T) {
	site := editSite(t)
	out := filepath.Join(site, "public")
	build := builderOf(t, site)
	check := func(step string, res *generator.Result, before outputState) {
		t.Helper()
		after := stateOf(t, out)
		var changed []string
		for name, a := range after {
			if b, ok := before[name]; !ok || b.data != a.data || b.ino != a.ino || b.mtime != a.mtime {
				changed = append(changed, name)
			}
		}
		for name := range before {
			if _, ok := after[name]; !ok && !strings.HasPrefix(name, ".git/") {
				t.Errorf("%s: %s removed", step, name)
			}
		}
		sort.Strings(changed)
		written := append([]string(nil), res.Stats.Written...)
		sort.Strings(written)
		if !slices.Equal(written, changed) {
			t.Errorf("%s: wrote %v\nbut these changed on disk: %v", step, written, changed)
		}
	}
	build(generator.Options{})
	first := os.Getenv("XDG_CACHE_HOME")
	mustWrite(t, filepath.Join(out, ".nojekyll"), nil)
	if err := os.MkdirAll(filepath.Join(out, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(out, ".git/HEAD"), []byte("ref: refs/heads/gh-pages\n"))

	// Another cache builds an edit into the same folder; the edit is
	// undone and the first cache builds again.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	original, _ := os.ReadFile(filepath.Join(site, "content/onboarding/second.md"))
	appendTo(t, site, "content/onboarding/second.md", "\nEDITED ELSEWHERE\n")
	build(generator.Options{})
	mustWrite(t, filepath.Join(site, "content/onboarding/second.md"), original)
	t.Setenv("XDG_CACHE_HOME", first)
	before := stateOf(t, out)
	res := build(generator.Options{})
	check("after another cache's build", res, before)
	assertLikeFreshKeepingDots(t, site, out, "after another cache's build")

	// rewritten builds after a change of the output's file name and
	// checks that the build writes it again, and only what changed.
	rewritten := func(step, name string) {
		t.Helper()
		before := stateOf(t, out)
		res := build(generator.Options{})
		check(step, res, before)
		if !slices.Contains(res.Stats.Written, name) {
			t.Errorf("%s: %s was not written again: %v", step, name, res.Stats.Written)
		}
		assertLikeFreshKeepingDots(t, site, out, step)
	}

	// A file of the output edited by hand.
	mustWrite(t, filepath.Join(out, "selling/discovery/index.html"), []byte("junk"))
	rewritten("after a hand edit of the output", "selling/discovery/index.html")

	// A file of the output changed in place with its size and time put
	// back, as cp -p does: its status change time gives it away.
	if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
		name := filepath.Join(out, "selling/index.html")
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond) // a status change time the write's own cannot equal
		mustWrite(t, name, bytes.Repeat([]byte("x"), int(info.Size())))
		if err := os.Chtimes(name, info.ModTime(), info.ModTime()); err != nil {
			t.Fatal(err)
		}
		rewritten("after an edit with size and time put back", "selling/index.html")
	}

	// No record at all: the files are compared with what the folder holds.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	appendTo(t, site, "content/selling/discovery.md", "\nListen.\n")
	before = stateOf(t, out)
	res = build(generator.Options{})
	check("without a record", res, before)
	if len(res.Stats.Written) > 10 {
		t.Errorf("without a record, %d files written for one edit", len(res.Stats.Written))
	}
	assertLikeFreshKeepingDots(t, site, out, "without a record")

	// --no-cache replaces the folder but keeps its dot entries.
	build(generator.Options{NoCache: true})
	assertLikeFreshKeepingDots(t, site, out, "after --no-cache")
	if b, err := os.ReadFile(filepath.Join(out, ".git/HEAD")); err != nil || !strings.Contains(string(b), "gh-pages") {
		t.Errorf(".git/HEAD after --no-cache: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(out, ".nojekyll")); err != nil {
		t.Errorf(".nojekyll after --no-cache: %v", err)
	}
}

// assertLikeFreshKeepingDots is assertLikeFresh for an output folder that
// also holds dot entries the build keeps.
func assertLikeFreshKeepingDots(t *testing.T, site, out, what string) {
	t.Helper()
	fresh := t.TempDir()
	if _, err := generator.Build(context.Background(), generator.Options{Source: site, Output: fresh, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	for name := range got {
		if strings.HasPrefix(name, ".") {
			delete(got, name)
		}
	}
	if !equalTrees(got, readTree(t, fresh)) {
		t.Error(what + ": output differs from a fresh build")
	}
}

// age sets the modification time of every file of site an hour back,
// then waits out the racy window, since setting a time changes the
// status change time, which no program can set back.
func age(site string) {
	old := time.Now().Add(-time.Hour)
	_ = filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			_ = os.Chtimes(p, old, old)
		}
		return nil
	})
	time.Sleep(racyWindowForTests)
}

// TestSameSizeEditsWithSetTimesAreSeen checks the build cache against
// trees whose modification times were set (an archive, a store path with
// every time at 1): a same-size edit keeping the time is seen, in one
// folder and in two checkouts built into one output.
func TestSameSizeEditsWithSetTimesAreSeen(t *testing.T) {
	epoch := time.Unix(1, 0)
	setTimes := func(dir string) {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				_ = os.Chtimes(p, epoch, epoch)
			}
			return nil
		})
	}
	v1 := map[string]string{"site.toml": "title = \"T\"\n", "content/a.md": "# A\n\nPrice is 100 EUR.\n", "content/b.md": "# B\n"}
	time.Sleep(racyWindowForTests) // ctime too must be older than the window
	t.Run("one folder", func(t *testing.T) {
		site := cachedSite(t, v1)
		setTimes(site)
		time.Sleep(racyWindowForTests)
		out := filepath.Join(site, "public")
		build := builderOf(t, site)
		build(generator.Options{})
		replaceIn(t, site, "content/a.md", "100", "900")
		setTimes(site)
		build(generator.Options{})
		if b, _ := os.ReadFile(filepath.Join(out, "a/index.html")); !strings.Contains(string(b), "900 EUR") {
			t.Error("a same-size edit with the old time was not seen")
		}
	})
	t.Run("two checkouts", func(t *testing.T) {
		one := cachedSite(t, v1)
		two := cachedSite(t, map[string]string{"site.toml": "title = \"T\"\n", "content/a.md": "# A\n\nPrice is 900 EUR.\n", "content/b.md": "# B, longer\n"})
		setTimes(one)
		setTimes(two)
		time.Sleep(racyWindowForTests)
		out := filepath.Join(t.TempDir(), "public")
		builderOf(t, one)(generator.Options{Output: out})
		builderOf(t, two)(generator.Options{Output: out})
		if b, _ := os.ReadFile(filepath.Join(out, "a/index.html")); !strings.Contains(string(b), "900 EUR") {
			t.Error("the second checkout's page was taken from the first's cache")
		}
	})
}

// racyWindowForTests outlasts the build cache's racy window (2 s), so
// that files written before it are vouched for by their stamps.
const racyWindowForTests = 2100 * time.Millisecond

// TestArraysOfTablesInFrontMatterKeepTheCache checks that front matter
// gob cannot check (an array of tables in params, from Hugo themes) never
// costs the cache of parsed pages.
func TestArraysOfTablesInFrontMatterKeepTheCache(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"site.toml":    "title = \"T\"\n",
		"content/a.md": "+++\ntitle = \"A\"\n[params.hero]\nclasses = [\"wide\", \"dark\"]\n[[params.hero.buttons]]\ntext = \"Start\"\n+++\nA.\n",
		"content/b.md": "+++\ntitle = \"B\"\nkeywords = [\"pricing\"]\n+++\nB.\n",
		"content/c.md": "+++\ntitle = \"C\"\n[params]\nlist = [{x = 1}, {x = 2}]\n+++\nC.\n",
	})
	age(site)
	build := builderOf(t, site)
	for i := 0; i < 8; i++ {
		appendTo(t, site, "content/b.md", fmt.Sprintf("\nMore %d.\n", i))
		res := build(generator.Options{})
		for _, d := range res.Diags {
			if strings.Contains(d.Msg, "not saved") {
				t.Errorf("build %d: %v", i, d)
			}
		}
		if i > 0 && res.Parsed != 1 {
			t.Errorf("build %d parsed %d pages, want the edited one", i, res.Parsed)
		}
	}
}

// TestDamagedSearchAndPrintCachesNeverChangeTheOutput damages the build
// cache's search analyses and print part spans, and checks that the next
// build notices (it takes nothing from them) and still makes a fresh
// build's output; and that, undamaged, a one-page edit takes the other
// pages' analyses and print parts from them.
func TestDamagedSearchAndPrintCachesNeverChangeTheOutput(t *testing.T) {
	rewriteSpans := func(t *testing.T, file string, change func(off, n *int64, crc *uint32)) {
		t.Helper()
		if err := generator.RewritePrintSpans(file, change); err != nil {
			t.Fatal(err)
		}
	}
	damage := map[string]struct {
		ext string // the cache file damaged
		do  func(t *testing.T, file string)
	}{
		"search: flipped bytes": {".search", func(t *testing.T, file string) {
			b, _ := os.ReadFile(file)
			b[len(b)/2] ^= 0x01
			mustWrite(t, file, b)
		}},
		"search: cut short": {".search", func(t *testing.T, file string) {
			if err := os.Truncate(file, 40); err != nil {
				t.Fatal(err)
			}
		}},
		"print: wrong checksums": {".print", func(t *testing.T, file string) {
			rewriteSpans(t, file, func(_, _ *int64, crc *uint32) { *crc ^= 1 })
		}},
		"print: shifted spans": {".print", func(t *testing.T, file string) {
			rewriteSpans(t, file, func(off, _ *int64, _ *uint32) {
				if *off > 0 {
					*off--
				}
			})
		}},
		"print: garbage": {".print", func(t *testing.T, file string) {
			mustWrite(t, file, []byte("not a file of print parts"))
		}},
	}
	for name, d := range damage {
		t.Run(name, func(t *testing.T) {
			site := editSite(t)
			out := filepath.Join(site, "public")
			build := builderOf(t, site)
			build(generator.Options{})
			appendTo(t, site, "content/onboarding/second.md", "\nA first edit.\n")
			res := build(generator.Options{})
			if res.Stats.SearchReused == 0 || res.Stats.PrintReused == 0 {
				t.Fatalf("one-page edit: %d search analyses and %d print parts from the cache, want some of each", res.Stats.SearchReused, res.Stats.PrintReused)
			}
			files, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "playbook", "*"+d.ext))
			if len(files) != 1 {
				t.Fatalf("cache files %s: %v", d.ext, files)
			}
			d.do(t, files[0])
			appendTo(t, site, "content/onboarding/second.md", "\nA second edit.\n")
			res = build(generator.Options{})
			if d.ext == ".search" && res.Stats.SearchReused != 0 {
				t.Errorf("%d search analyses came from a damaged file", res.Stats.SearchReused)
			}
			if d.ext == ".print" && res.Stats.PrintReused != 0 {
				t.Errorf("%d print parts came from a damaged file", res.Stats.PrintReused)
			}
			assertLikeFresh(t, site, out, name+": output differs from a fresh build")
			// The build after it has whole caches again.
			appendTo(t, site, "content/onboarding/second.md", "\nA third edit.\n")
			if res = build(generator.Options{}); res.Stats.SearchReused == 0 || res.Stats.PrintReused == 0 {
				t.Errorf("after the damage: %d search analyses and %d print parts from the cache", res.Stats.SearchReused, res.Stats.PrintReused)
			}
			assertLikeFresh(t, site, out, name+": the build after differs from a fresh build")
		})
	}
}

// TestKeptSourcesGrowBySegments checks that an edit build appends the
// edited page's source to the file of kept sources rather than writing
// it again, that a segment cut short loses only itself, and that the
// file is written whole again once appended entries pile up.
func TestKeptSourcesGrowBySegments(t *testing.T) {
	site := editSite(t)
	age(site)
	build := builderOf(t, site)
	out := filepath.Join(site, "public")
	build(generator.Options{})
	file := sourcesFile(docsDir(t))
	size := func() int64 { return sizeOf(t, file) }
	whole := size()
	appendTo(t, site, "content/onboarding/third.md", "\nThen debrief.\n")
	build(generator.Options{})
	grown := size()
	if grown <= whole || grown-whole >= whole/2 {
		t.Fatalf("after a one-page edit the file went from %d to %d bytes, want a small segment appended", whole, grown)
	}
	// A segment cut short: the first one still serves.
	if err := os.Truncate(file, grown-3); err != nil {
		t.Fatal(err)
	}
	appendTo(t, site, "content/selling/discovery.md", "\nListen.\n")
	res := build(generator.Options{})
	if res.Unread < 5 {
		t.Errorf("with the last segment cut short, %d sources came from the cache unread, want those of the first", res.Unread)
	}
	assertLikeFresh(t, site, out, "output after a cut segment differs from a fresh build")
	if got := size(); got >= grown {
		t.Errorf("the file after a damaged segment is %d bytes, want it written whole again (under %d)", got, grown)
	}
	// Appended entries past a quarter of the pages: written whole.
	for i := range 4 {
		appendTo(t, site, "content/onboarding/third.md", fmt.Sprintf("\nStep %d.\n", i))
		build(generator.Options{})
	}
	if got := size(); got > whole+whole/2 {
		t.Errorf("after 4 edits the file is %d bytes, against %d when whole", got, whole)
	}
	assertLikeFresh(t, site, out, "output after appended segments differs from a fresh build")
}

// TestSearchAnalysesGrowBySegments checks that an edit build appends the
// edited page's search analysis to the cache's file rather than writing
// the file again, that a segment cut short loses only itself, and that
// the file is written whole again once unused entries pile up.
func TestSearchAnalysesGrowBySegments(t *testing.T) {
	site := editSite(t)
	build := builderOf(t, site)
	out := filepath.Join(site, "public")
	first := build(generator.Options{})
	file := strings.TrimSuffix(docsDir(t), ".docs") + ".search"
	size := func() int64 { return sizeOf(t, file) }
	whole := size()
	before, _ := os.ReadFile(file)
	appendTo(t, site, "content/onboarding/third.md", "\nThen debrief.\n")
	res := build(generator.Options{})
	grown := size()
	after, _ := os.ReadFile(file)
	if !bytes.HasPrefix(after, before) || grown-whole >= whole/2 {
		t.Fatalf("after a one-page edit the file went from %d to %d bytes, want a small segment appended", whole, grown)
	}
	if res.Stats.SearchReused == 0 {
		t.Fatalf("one-page edit: no search analysis from the cache (first build: %d)", first.Stats.SearchReused)
	}
	reused := res.Stats.SearchReused
	// A segment cut short: the first one still serves.
	if err := os.Truncate(file, grown-3); err != nil {
		t.Fatal(err)
	}
	appendTo(t, site, "content/selling/discovery.md", "\nListen.\n")
	res = build(generator.Options{})
	if res.Stats.SearchReused != reused-1 {
		t.Errorf("with the last segment cut short, %d analyses came from the cache, want %d: all but the two edited pages'", res.Stats.SearchReused, reused-1)
	}
	assertLikeFresh(t, site, out, "output after a cut segment differs from a fresh build")
	if got := size(); got >= grown {
		t.Errorf("the file after a damaged segment is %d bytes, want it written whole again (under %d)", got, grown)
	}
	// Unused entries past a fifth of the used: written whole.
	for i := range 6 {
		appendTo(t, site, "content/onboarding/third.md", fmt.Sprintf("\nStep %d.\n", i))
		if res = build(generator.Options{}); res.Stats.SearchReused != reused {
			t.Errorf("edit %d: %d analyses from the cache, want %d", i, res.Stats.SearchReused, reused)
		}
	}
	if got := size(); got > whole+whole/2 {
		t.Errorf("after 6 edits the file is %d bytes, against %d when whole", got, whole)
	}
	assertLikeFresh(t, site, out, "output after appended segments differs from a fresh build")
}

// TestPagesWithLocalTOMLDatesAreKept checks that a page whose front matter
// holds TOML local dates (reviewed = 2026-11-04, as the example playbook's
// pages do) has its source kept, so that the next build takes it unread.
func TestPagesWithLocalTOMLDatesAreKept(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"content/_index.md":  "# Home\n",
		"content/dated.md":   "+++\ntitle = \"Dated\"\nreviewed = 2026-11-04\ndate = 2026-01-02T10:00:00\n+++\nBody.\n",
		"content/other.md":   "+++\ntitle = \"Other\"\n+++\nBody.\n",
		"content/quoted.md":  "+++\ntitle = \"Quoted\"\nreviewed = \"2026-11-04\"\n+++\nBody.\n",
		"content/offset.md":  "+++\ntitle = \"Offset\"\nreviewed = 2026-11-04T10:00:00Z\n+++\nBody.\n",
		"content/yamlish.md": "---\ntitle: YAML\nreviewed: 2026-11-04\n---\nBody.\n",
	})
	age(site)
	build := builderOf(t, site)
	build(generator.Options{})
	appendTo(t, site, "content/other.md", "\nMore.\n")
	res := build(generator.Options{})
	if res.Unread != 5 {
		t.Errorf("%d of the 5 unchanged pages came from the cache unread (parsed %d)", res.Unread, res.Parsed)
	}
	assertLikeFresh(t, site, filepath.Join(site, "public"), "output differs from a fresh build")
}

// TestPrintCoverFollowsTheDay checks that a cached build on a later day
// renders the print page again: its cover carries the build's date.
func TestPrintCoverFollowsTheDay(t *testing.T) {
	site := editSite(t)
	build := builderOf(t, site)
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	build(generator.Options{Now: day})
	build(generator.Options{Now: day.AddDate(0, 0, 1)})
	b, err := os.ReadFile(filepath.Join(site, "public", "print", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "3 November 2026") {
		t.Error("the print page's cover kept the day before's date")
	}
}

// TestSearchWordsOutliveABuildThatMakesNoIndex checks that a build whose
// search files were all up to date (only a content file changed) keeps
// the pages' search words for the build after it.
func TestSearchWordsOutliveABuildThatMakesNoIndex(t *testing.T) {
	site := editSite(t)
	build := builderOf(t, site)
	build(generator.Options{})
	writeTree(t, site, map[string]string{"content/onboarding/map.png": "PNG2"})
	if res := build(generator.Options{}); res.Stats.SearchReused != 0 {
		t.Fatalf("a build that changed only an image indexed %d pages", res.Stats.SearchReused)
	}
	appendTo(t, site, "content/onboarding/second.md", "\nOne more line.\n")
	if res := build(generator.Options{}); res.Stats.SearchReused == 0 {
		t.Error("after a build without a search index, no page's words came from the cache")
	}
	assertLikeFresh(t, site, filepath.Join(site, "public"), "output differs from a fresh build")
}
