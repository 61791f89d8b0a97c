package generator_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/publish"
)

const incSite = `
-- site.toml --
title = "Inc"
-- content/_index.md --
Home [a](s/a.md#one).
-- content/s/_index.md --
+++
title = "S"
+++
-- content/s/a.md --
+++
title = "A"
weight = 1
+++
## One
- [ ] task a
-- content/s/b.md --
+++
title = "B"
weight = 2
+++
Body b with [a](a.md).
-- content/t/c.md --
# C
Text ` + "```go\nfunc x() {}\n```" + `
-- content/t/pic.png --
PNG1
`

// sameAsFresh checks that an incremental site's output equals a fresh
// build of the same files, file for file.
func sameAsFresh(t *testing.T, s *sitetest.Site, step string) {
	t.Helper()
	fresh := sitetest.New(t, "")
	for k, v := range s.Files {
		fresh.Files[k] = v
	}
	fresh.Rebuild()
	if (s.Err == nil) != (fresh.Err == nil) {
		t.Fatalf("%s: incremental err %v, fresh err %v", step, s.Err, fresh.Err)
	}
	if g, w := strings.Join(s.Diags(), "\n"), strings.Join(fresh.Diags(), "\n"); g != w {
		t.Fatalf("%s: diagnostics differ from a fresh build:\nincremental:\n%s\nfresh:\n%s", step, g, w)
	}
	if s.Err != nil {
		return
	}
	got, want := s.Out.Names(), fresh.Out.Names()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s: file sets differ:\nincremental %v\nfresh       %v", step, got, want)
	}
	for _, n := range want {
		if s.File(n) != fresh.File(n) {
			t.Fatalf("%s: %s differs from a fresh build", step, n)
		}
	}
}

func TestIncrementalBuildsMatchFreshBuilds(t *testing.T) {
	s := sitetest.New(t, incSite)
	s.Opts.Incremental = true
	s.Rebuild()
	sameAsFresh(t, s, "initial")

	steps := []struct {
		name, file, text string
		partial          bool // expect a partial render
	}{
		{"body edit", "content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\nNew body b with [a](a.md).\n", true},
		{"title edit", "content/s/b.md", "+++\ntitle = \"B2\"\nweight = 2\n+++\nNew body b.\n", false},
		{"weight edit", "content/s/a.md", "+++\ntitle = \"A\"\nweight = 9\n+++\n## One\n- [ ] task a\n", false},
		{"task added", "content/s/a.md", "+++\ntitle = \"A\"\nweight = 9\n+++\n## One\n- [ ] task a\n- [ ] task b\n", false},
		{"broken link", "content/t/c.md", "# C\n[x](nope.md)\n", false},
		{"other body edit while broken", "content/s/b.md", "+++\ntitle = \"B2\"\nweight = 2\n+++\nBody while broken.\n", false},
		{"fixed", "content/t/c.md", "# C\nFixed.\n", true},
		{"new page", "content/t/d.md", "# D\n", false},
		{"deleted page", "content/t/d.md", "", false},
		{"content file", "content/t/pic.png", "PNG2\n", true},
		{"anchor removed breaks link", "content/s/a.md", "+++\ntitle = \"A\"\nweight = 9\n+++\n## Two\n", false},
		{"anchor back", "content/s/a.md", "+++\ntitle = \"A\"\nweight = 9\n+++\n## One\n- [ ] task a\n- [ ] task b\n", true},
		{"template", "layouts/partials/crumbs.html", "<p>crumbs</p>", false},
		{"config", "site.toml", "title = \"Inc 2\"\n", false},
		{"draft", "content/t/c.md", "+++\ndraft = true\n+++\n# C\n", false},
	}
	for _, st := range steps {
		s.Edit(st.file, st.text)
		s.Rebuild()
		if s.Err == nil && s.Result.Incremental != st.partial {
			t.Errorf("%s: incremental = %v, want %v", st.name, s.Result.Incremental, st.partial)
		}
		sameAsFresh(t, s, st.name)
	}
}

func TestRandomEditSequencesMatchFreshBuilds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := sitetest.New(t, incSite)
	s.Opts.Incremental = true
	s.Rebuild()
	bodies := []string{"plain", "[a](a.md#one)", "[gone](zzz.md)", "- [x] done\n- [ ] open", "## Head\n\ntext"}
	files := []string{"content/s/a.md", "content/s/b.md", "content/t/c.md", "content/t/e.md"}
	for i := 0; i < 40; i++ {
		f := files[r.IntN(len(files))]
		var text string
		switch r.IntN(5) {
		case 0:
			text = "" // delete
		case 1:
			text = fmt.Sprintf("+++\ntitle = \"T%d\"\nweight = %d\n+++\n%s\n", r.IntN(3), r.IntN(3), bodies[r.IntN(len(bodies))])
		default:
			text = fmt.Sprintf("+++\ntitle = \"Fixed %s\"\n+++\n## One\n%s\n", f, bodies[r.IntN(len(bodies))])
		}
		s.Edit(f, text)
		s.Rebuild()
		sameAsFresh(t, s, fmt.Sprintf("step %d (%s)", i, f))
	}
}

// quick reports whether the last build took the dev server's edit fast
// path (a build of one "edit" stage).
func quick(s *sitetest.Site) bool {
	return s.Result != nil && len(s.Result.Stages) == 1 && s.Result.Stages[0].Name == "edit"
}

// TestEditFastPath checks the dev server's fast path for body edits: it is
// taken when only bodies change, its output and diagnostics are a fresh
// build's, and warnings of pages it did not touch stay reported.
func TestEditFastPath(t *testing.T) {
	s := sitetest.New(t, strings.Replace(incSite, "title = \"Inc\"\n", "title = \"Inc\"\n[links]\ninternal = \"warning\"\nanchors = \"warning\"\n", 1))
	s.Opts.Incremental = true
	s.Rebuild()
	steps := []struct {
		name, file, text string
		quick            bool
	}{
		{"warning on c", "content/t/c.md", "# C\n[x](nope.md)\n", true},
		{"body edit elsewhere keeps c's warning", "content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\nEdited b [a](a.md#one).\n", true},
		{"bad anchor on b", "content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\nEdited b [a](a.md#nine).\n", true},
		{"markdown warning", "content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\n!!!\n    x\n", true},
		{"fixed", "content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\nFine.\n", true},
		{"anchor renamed", "content/s/a.md", "+++\ntitle = \"A\"\nweight = 1\n+++\n## Two\n- [ ] task a\n", false},
		{"task ticked by default", "content/s/a.md", "+++\ntitle = \"A\"\nweight = 1\n+++\n## Two\n- [x] task a\n", false},
		{"front matter", "content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\ntags = [\"x\"]\n+++\nFine.\n", false},
		{"body of a section page", "content/s/_index.md", "+++\ntitle = \"S\"\n+++\nSection text.\n", true},
		{"home", "content/_index.md", "Home [a](s/a.md#two).\n", true},
		{"content file", "content/t/pic.png", "PNG3\n", false},
	}
	for _, st := range steps {
		s.Edit(st.file, st.text)
		s.Rebuild()
		if s.Err != nil {
			t.Fatalf("%s: %v", st.name, s.Err)
		}
		if quick(s) != st.quick {
			t.Errorf("%s: fast path = %v, want %v", st.name, quick(s), st.quick)
		}
		sameAsFresh(t, s, st.name)
	}
	s.AssertDiag(`content/t/c.md:2:1: warning: link target "nope.md" not found`)
}

// TestInterruptedBackgroundRenderIsRedone checks, on disk, that the print
// page and the search index, rendered in the background after a body
// edit, are rendered again when the next change interrupts them, even
// when that change has no body to render (an identical save, a content
// file), and that the site's static files outlive the background render
// (it reads the site through a file system the build has closed).
func TestInterruptedBackgroundRenderIsRedone(t *testing.T) {
	files := map[string]string{}
	for _, f := range txtar.Parse([]byte(strings.TrimLeft(incSite, "\n"))).Files {
		files[f.Name] = string(f.Data)
	}
	files["static/robots.txt"] = "User-agent: *\n"
	for i := 0; i < 400; i++ { // enough pages that the background render is still running
		files[fmt.Sprintf("content/many/p%03d.md", i)] = fmt.Sprintf("# Page %d\n\nWords of page %d and [b](../s/b.md).\n", i, i)
	}
	for _, second := range []struct{ file, text string }{
		{"content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\nMARKER %d body b.\n"}, // saved again, the same
		{"content/t/pic.png", "PNG %d\n"},
	} {
		dir := t.TempDir()
		writeTree(t, dir, files)
		b := generator.NewBuilder(generator.Options{Source: dir, Incremental: true, Now: sitetest.Now})
		t.Cleanup(func() { _ = b.Close() })
		build := func(changed ...string) {
			t.Helper()
			b.Changed(changed...)
			if _, err := b.Build(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		build()
		for i := 0; i < 3; i++ {
			page := fmt.Sprintf("+++\ntitle = \"B\"\nweight = 2\n+++\nMARKER %d body b.\n", i)
			writeTree(t, dir, map[string]string{"content/s/b.md": page})
			build("content/s/b.md") // its background render starts
			writeTree(t, dir, map[string]string{second.file: strings.ReplaceAll(second.text, "%d", fmt.Sprint(i))})
			build(second.file) // and is interrupted
			b.Wait()
			fresh := publish.NewMemory()
			if _, err := generator.Build(context.Background(), generator.Options{Source: dir, Target: fresh, Now: sitetest.Now}); err != nil {
				t.Fatal(err)
			}
			out := b.Output()
			if got, want := strings.Join(out.Names(), " "), strings.Join(fresh.Names(), " "); got != want {
				t.Fatalf("%s, round %d: files\n%s\nwant\n%s", second.file, i, got, want)
			}
			for _, n := range fresh.Names() {
				g, _ := out.File(n)
				w, _ := fresh.File(n)
				if string(g) != string(w) {
					t.Fatalf("%s, round %d: %s differs from a fresh build", second.file, i, n)
				}
			}
		}
	}
}

// TestSearchFilesOfAShrunkPageGo checks that search files no longer made
// after a body edit (a page that held many words holds few again) leave
// the dev server's output.
func TestSearchFilesOfAShrunkPageGo(t *testing.T) {
	s := sitetest.New(t, incSite)
	s.Opts.Incremental = true
	s.Rebuild()
	var big strings.Builder
	big.WriteString("+++\ntitle = \"B\"\nweight = 2\n+++\n")
	for i := 0; i < 40000; i++ {
		fmt.Fprintf(&big, "w%dq%d ", i, i*7)
	}
	s.Edit("content/s/b.md", big.String())
	s.Rebuild()
	sameAsFresh(t, s, "big page")
	s.Edit("content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\nSmall again.\n")
	s.Rebuild()
	if !quick(s) {
		t.Error("the shrinking edit did not take the fast path")
	}
	sameAsFresh(t, s, "small page again")
}

// TestThemeWarningsSurviveEdits checks that the theme's warnings (a
// partial no layout calls) stay reported through page-only rebuilds and
// the fast path, as a fresh build reports them.
func TestThemeWarningsSurviveEdits(t *testing.T) {
	s := sitetest.New(t, incSite+"-- layouts/partials/unused/x.html --\n<p>x</p>\n")
	s.Opts.Incremental = true
	s.Rebuild()
	for i, body := range []string{"## New heading\n", "## New heading\n\nMore.\n", "Plain again.\n"} {
		s.Edit("content/s/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\n"+body)
		s.Rebuild()
		sameAsFresh(t, s, fmt.Sprintf("edit %d", i))
	}
}
