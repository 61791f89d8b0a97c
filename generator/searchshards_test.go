package generator_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
)

// shardsSite is a playbook with enough Markdown (1.4 MB) for a search
// index of several t-files, of made-up words that spread over them.
func shardsSite(t *testing.T) string {
	rng := rand.New(rand.NewPCG(7, 11))
	word := func() string {
		b := make([]byte, 4+rng.IntN(6))
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	vocabulary := make([]string, 3000)
	for i := range vocabulary {
		vocabulary[i] = word()
	}
	files := map[string]string{"content/_index.md": "# Shards\n"}
	for p := range 100 {
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Lesson %d\"\nweight = %d\n+++\n", p, p)
		for range 150 {
			for range 12 {
				b.WriteString(vocabulary[rng.IntN(len(vocabulary))] + " ")
			}
			b.WriteString("\n\n")
		}
		files[fmt.Sprintf("content/lessons/lesson-%02d.md", p)] = b.String()
	}
	return cachedSite(t, files)
}

// TestSearchTermFilesFollowTheTermsAnEditTouches edits pages of a site
// whose index has several t-files and checks that an edit build keeps
// the t-files the edit's terms do not fall in without reading every
// page's words for them, writes exactly the files that changed, and
// makes a fresh build's output: after a body edit that adds a word, one
// that takes it out again, a title change (every t-file made anew), a
// t-file changed by hand, and a damaged record of the t-files.
func TestSearchTermFilesFollowTheTermsAnEditTouches(t *testing.T) {
	site := shardsSite(t)
	out := filepath.Join(site, "public")
	build := builderOf(t, site)
	build(generator.Options{})
	tfiles, _ := filepath.Glob(filepath.Join(out, "search", "t-*.js"))
	if len(tfiles) < 2 {
		t.Fatalf("the index has %d t-files, want several", len(tfiles))
	}
	shards := len(tfiles)
	lesson := "content/lessons/lesson-03.md"

	step := func(name string, edit func(), kept func(int) bool) {
		t.Helper()
		freshen(t, site)
		before := stateOf(t, out)
		edit()
		res := build(generator.Options{})
		if !kept(res.Stats.SearchKept) {
			t.Errorf("%s: %d of %d t-files kept as they were", name, res.Stats.SearchKept, shards)
		}
		// A page counts once, though the changed pages are looked up
		// before the index and a whole index may be built beside it.
		if n := res.Stats.Pages + res.Stats.Sections; res.Stats.SearchReused > n {
			t.Errorf("%s: %d pages' words from the cache, of %d pages", name, res.Stats.SearchReused, n)
		}
		after := stateOf(t, out)
		var changed []string
		for n, a := range after {
			if b, ok := before[n]; !ok || b.data != a.data {
				changed = append(changed, n)
			}
		}
		sort.Strings(changed)
		written := append([]string(nil), res.Stats.Written...)
		sort.Strings(written)
		if !slices.Equal(written, changed) {
			t.Errorf("%s: wrote %v\nbut these changed: %v", name, written, changed)
		}
		assertLikeFresh(t, site, out, name+": output differs from a fresh build")
	}
	some := func(n int) bool { return n > 0 && n < shards }

	step("a word added", func() { appendTo(t, site, lesson, "\nQuixotically.\n") }, some)
	step("the word taken out", func() { replaceIn(t, site, lesson, "\nQuixotically.\n", "") }, some)
	step("a word's count changed", func() {
		appendTo(t, site, "content/lessons/lesson-40.md", "\n"+strings.Repeat("Lesson ", 10)+"\n")
	}, some)
	// The count stops at 9: the term's posting is as it was, and only
	// the new word's shard changes.
	step("a new form of a word counted in full", func() { appendTo(t, site, "content/lessons/lesson-40.md", "\nLessoned.\n") }, some)
	step("a title changed", func() {
		replaceIn(t, site, lesson, `title = "Lesson 3"`, `title = "Lesson three"`)
	}, func(n int) bool { return n == 0 })
	// The output folder gone: every file is made again.
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	step("the output deleted", func() {}, func(n int) bool { return n == 0 })

	// A t-file the next edit does not touch, changed by hand, is made
	// again from a whole index.
	for _, f := range tfiles {
		mustWrite(t, f, []byte("junk"))
	}
	none := func(n int) bool { return n == 0 }
	step("t-files changed by hand, then a word added", func() { appendTo(t, site, lesson, "\nZygomorphic.\n") }, none)

	// A damaged record of the t-files makes every one anew.
	records, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "playbook", "*.shards"))
	if len(records) != 1 {
		all, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "playbook", "*"))
		t.Fatalf("record of the t-files: %v (%v)", records, all)
	}
	step("a damaged record, then a word added", func() {
		b, err := os.ReadFile(records[0])
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 1
		mustWrite(t, records[0], b)
		appendTo(t, site, lesson, "\nXenial.\n")
	}, none)
	step("then another word", func() { appendTo(t, site, lesson, "\nWaggish.\n") }, some)
}
