package generator_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// gitTool is a git repository made by a test, with git run through a
// script on PATH that logs each process, so that a test can count them.
type gitTool struct {
	t   *testing.T
	git string // the real git
	log string // one line per git process run through PATH
}

// newGit puts the logging git first on PATH; it fails the test in CI
// when git is missing and skips it elsewhere.
func newGit(t *testing.T) *gitTool {
	t.Helper()
	real, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is required")
		}
		t.Skip("no git")
	}
	bin := t.TempDir()
	g := &gitTool{t: t, git: real, log: filepath.Join(bin, "calls")}
	script := "#!/bin/sh\necho \"$*\" >> '" + g.log + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	return g
}

// run runs the real git (not counted) in dir; who and date make the
// commit's author and committer.
func (g *gitTool) run(dir, who, date string, args ...string) string {
	g.t.Helper()
	cmd := exec.Command(g.git, append([]string{"-C", dir}, args...)...)
	email := strings.ToLower(strings.Fields(who + " x")[0]) + "@example.com"
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME="+who, "GIT_AUTHOR_EMAIL="+email, "GIT_COMMITTER_NAME="+who,
		"GIT_COMMITTER_EMAIL="+email, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		g.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// commit commits every change in dir.
func (g *gitTool) commit(dir, who, date, msg string) {
	g.t.Helper()
	g.run(dir, who, date, "add", "-A")
	g.run(dir, who, date, "commit", "-q", "--allow-empty", "-m", msg)
}

// calls returns the git commands run through PATH so far (their first
// argument after -C DIR).
func (g *gitTool) calls() []string {
	b, err := os.ReadFile(g.log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		g.t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		for i := 0; i+1 < len(f); i++ {
			if f[i] == "-C" {
				f = f[i+2:]
				break
			}
		}
		for len(f) > 0 && (f[0] == "-c" && len(f) > 1) {
			f = f[2:]
		}
		if len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// buildAt builds the site in dir into dir/public with the build cache on,
// on the day now, and fails the test on errors.
func buildAt(t *testing.T, dir string, now time.Time) *generator.Result {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Source: dir, Now: now})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

func fileText(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGitInfoDatesPagesWithOneGitLogPerBuild(t *testing.T) {
	g := newGit(t)
	repo := cachedSite(t, map[string]string{
		"site/site.toml":               "baseURL = \"https://example.com/\"\nenableGitInfo = true\nreviewAfter = \"30d\"\n[changes]\nbadgeDays = 14\n",
		"site/content/_index.md":       "# Home\n",
		"site/content/a.md":            "+++\ntitle = \"A & <B>\"\nlastmod = 2020-01-01\n+++\nAlpha.\n",
		"site/content/guide/old.md":    "# Old\n\nOld text.\n",
		"site/content/guide/_index.md": "# Guide\n",
	})
	site := filepath.Join(repo, "site")
	g.run(repo, "Cy", "2026-09-01T10:00:00Z", "init", "-q")
	g.commit(repo, "Cy Field", "2026-09-01T10:00:00Z", "Start the playbook")
	writeTree(t, site, map[string]string{"content/a.md": "+++\ntitle = \"A & <B>\"\nlastmod = 2020-01-01\n+++\nAlpha, better.\n"})
	g.commit(repo, "Ana Ruiz", "2026-11-20T09:30:00+01:00", "Tighten A's questions & <answers>")
	// A page never committed takes its front matter's date, without a warning.
	writeTree(t, site, map[string]string{"content/new.md": "+++\ntitle = \"New\"\ndate = 2026-11-25\n+++\nNew.\n"})

	res := buildAt(t, site, sitetest.Now)
	if got := g.calls(); !slices.Equal(got, []string{"rev-parse", "log"}) {
		t.Errorf("git processes of a build: %q, want one rev-parse and one log", got)
	}
	a := fileText(t, site, "a/index.html")
	if !strings.Contains(a, "<li>Updated 2026-11-20 by Ana Ruiz</li>") {
		t.Errorf("a/index.html does not say when and by whom it was updated (git wins over front matter lastmod, as in Hugo):\n%s", a)
	}
	if n := fileText(t, site, "new/index.html"); !strings.Contains(n, "<li>Updated 2026-11-25</li>") {
		t.Errorf("a page never committed does not take its front matter date:\n%s", n)
	}
	sitemap := fileText(t, site, "sitemap.xml")
	for _, want := range []string{
		"<loc>https://example.com/a/</loc>\n    <lastmod>2026-11-20</lastmod>",
		"<loc>https://example.com/guide/old/</loc>\n    <lastmod>2026-09-01</lastmod>",
		"<loc>https://example.com/new/</loc>\n    <lastmod>2026-11-25</lastmod>",
	} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap lacks %q:\n%s", want, sitemap)
		}
	}
	var warnings []string
	for _, d := range res.Diags {
		warnings = append(warnings, d.Error())
	}
	wantWarnings := []string{
		"content/_index.md:1:1: warning: needs review: last changed 2026-09-01 (git), more than 30d ago, and no reviewed date (reviewAfter in site.toml)",
		"content/guide/_index.md:1:1: warning: needs review: last changed 2026-09-01 (git), more than 30d ago, and no reviewed date (reviewAfter in site.toml)",
		"content/guide/old.md:1:1: warning: needs review: last changed 2026-09-01 (git), more than 30d ago, and no reviewed date (reviewAfter in site.toml)",
	}
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}
	home := fileText(t, site, "index.html")
	for _, want := range []string{
		`A &amp; &lt;B&gt; <span class="badge badge-updated">updated</span></a>`,
		`New <span class="badge badge-new">new</span></a>`,
		`<link rel="alternate" type="application/atom+xml" href="/changes/index.xml"`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if strings.Contains(home, `Old <span class="badge`) {
		t.Error("a page last changed in September has a badge")
	}
	changes := fileText(t, site, "changes/index.html")
	iNew, iA, iOld := strings.Index(changes, ">New</a>"), strings.Index(changes, ">A &amp; &lt;B&gt;</a>"), strings.Index(changes, ">Old</a>")
	if iNew < 0 || iA < iNew || iOld < iA {
		t.Errorf("changes page does not list new, a, old in that order:\n%s", changes)
	}
	if !strings.Contains(changes, `<p class="change-subject">Tighten A&#39;s questions &amp; &lt;answers&gt; — Ana Ruiz</p>`) {
		t.Errorf("changes page lacks a's commit subject and author:\n%s", changes)
	}
	if !strings.Contains(changes, `<span class="change-section">in Guide</span>`) {
		t.Error("changes page does not name old.md's section")
	}

	// Nothing changed: the build answers from its record, with the
	// warnings, and reads no history.
	res = buildAt(t, site, sitetest.Now)
	if len(res.Stats.Written) != 0 || len(res.Diags) != 3 {
		t.Errorf("unchanged build wrote %v, warned %v", res.Stats.Written, res.Diags)
	}
	if got := g.calls(); !slices.Equal(got, []string{"rev-parse", "log", "rev-parse"}) {
		t.Errorf("git processes after an unchanged build: %q, want one more rev-parse", got)
	}

	// An edit not yet committed keeps the last commit's date (as Hugo).
	writeTree(t, site, map[string]string{"content/guide/old.md": "# Old\n\nOld text, edited.\n"})
	buildAt(t, site, sitetest.Now)
	if o := fileText(t, site, "guide/old/index.html"); !strings.Contains(o, "<li>Updated 2026-09-01 by Cy Field</li>") || !strings.Contains(o, "Old text, edited.") {
		t.Errorf("an uncommitted edit:\n%s", o)
	}
	// Committing it changes no file, and the next build sees the commit.
	g.commit(repo, "Bo Lee", "2026-11-26T08:00:00Z", "Edit old")
	res = buildAt(t, site, sitetest.Now)
	if o := fileText(t, site, "guide/old/index.html"); !strings.Contains(o, "<li>Updated 2026-11-26 by Bo Lee</li>") {
		t.Errorf("a commit of no new bytes is not seen:\n%s", o)
	}
	written := res.Stats.Written
	for _, want := range []string{"guide/old/index.html", "changes/index.html", "changes/index.xml", "sitemap.xml"} {
		if !slices.Contains(written, want) {
			t.Errorf("the build after the commit did not write %s (wrote %v)", want, written)
		}
	}
	if slices.Contains(written, "a/index.html") {
		t.Errorf("the commit rewrote a/index.html, whose page did not change")
	}
	if len(res.Diags) != 2 {
		t.Errorf("old.md, committed today, still needs review: %v", res.Diags)
	}
	if got := g.calls(); len(got) != 7 || got[5] != "rev-parse" || got[6] != "log" {
		t.Errorf("git processes: %q, want rev-parse and log for each build that read the history", got)
	}
}

func TestGitInfoShowAuthorOffLeavesOutTheName(t *testing.T) {
	g := newGit(t)
	site := cachedSite(t, map[string]string{
		"site.toml":         "enableGitInfo = true\n[gitInfo]\nshowAuthor = false\n",
		"content/_index.md": "# Home\n",
		"content/a.md":      "# A\n\nText.\n",
	})
	g.run(site, "Ana", "2026-11-02T10:00:00Z", "init", "-q")
	g.commit(site, "Ana Ruiz", "2026-11-02T10:00:00Z", "Add A")
	buildAt(t, site, sitetest.Now)
	if a := fileText(t, site, "a/index.html"); !strings.Contains(a, "<li>Updated 2026-11-02</li>") || strings.Contains(a, "Ana") {
		t.Errorf("a/index.html:\n%s", a)
	}
	if c := fileText(t, site, "changes/index.html"); !strings.Contains(c, `<p class="change-subject">Add A</p>`) || strings.Contains(c, "Ana") {
		t.Errorf("changes/index.html:\n%s", c)
	}
}

func TestGitInfoOfAShallowCloneFallsBackToFrontMatterWithOneWarning(t *testing.T) {
	g := newGit(t)
	origin := cachedSite(t, map[string]string{
		"site.toml":         "title = \"T\"\nenableGitInfo = true\n",
		"content/_index.md": "# Home\n",
		"content/a.md":      "+++\ntitle = \"A\"\nlastmod = 2026-10-05\n+++\nText.\n",
		"content/b.md":      "# B\n",
	})
	g.run(origin, "Ana", "2026-11-01T10:00:00Z", "init", "-q")
	g.commit(origin, "Ana", "2026-11-01T10:00:00Z", "One")
	writeTree(t, origin, map[string]string{"content/b.md": "# B\n\nMore.\n"})
	g.commit(origin, "Ana", "2026-11-02T10:00:00Z", "Two")
	clone := filepath.Join(t.TempDir(), "clone")
	g.run(origin, "Ana", "2026-11-03T10:00:00Z", "clone", "-q", "--depth", "1", "file://"+origin, clone)
	before := len(g.calls())

	res := buildAt(t, clone, sitetest.Now)
	var warnings []string
	for _, d := range res.Diags {
		warnings = append(warnings, d.Error())
	}
	want := "site.toml:2:1: warning: enableGitInfo: the site's git history is shallow (a clone made with --depth), so its dates would be wrong; fetch the whole history with git fetch --unshallow; pages take their dates from front matter"
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q, want one: %q", warnings, want)
	}
	if a := fileText(t, clone, "a/index.html"); !strings.Contains(a, "<li>Updated 2026-10-05</li>") {
		t.Errorf("a/index.html does not take its front matter date:\n%s", a)
	}
	if b := fileText(t, clone, "b/index.html"); strings.Contains(b, "Updated") {
		t.Errorf("b/index.html, with no date in front matter, shows one:\n%s", b)
	}
	if got := g.calls()[before:]; !slices.Equal(got, []string{"rev-parse"}) {
		t.Errorf("git processes: %q, want only the rev-parse that found the clone shallow", got)
	}
	if _, err := generator.Build(context.Background(), generator.Options{Source: clone, Now: sitetest.Now, Strict: true, Check: true}); err == nil {
		t.Error("check --strict passes with the shallow history's warning")
	}
}

func TestGitInfoOutsideARepositoryWarnsOnce(t *testing.T) {
	newGit(t)
	site := cachedSite(t, map[string]string{
		"site.toml":    "\n\nenableGitInfo = true\n",
		"content/a.md": "# A\n",
	})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(site)) // the temporary folder may be inside a repository
	res := buildAt(t, site, sitetest.Now)
	if len(res.Diags) != 1 || !strings.HasPrefix(res.Diags[0].Error(), "site.toml:3:1: warning: enableGitInfo: the site folder's git history cannot be read: not in a git repository (git: fatal: not a git repository") {
		t.Errorf("warnings: %v", res.Diags)
	}
	s := sitetest.Build(t, "-- site.toml --\nenableGitInfo = true\n-- content/a.md --\n# A\n")
	if len(s.Result.Diags) != 1 || s.Result.Diags[0].Error() != "site.toml:1:1: warning: enableGitInfo: the site is not read from a folder on disk; pages take their dates from front matter" {
		t.Errorf("in memory: %v", s.Result.Diags)
	}
}

func TestBadgesFollowTheDayAcrossCachedBuilds(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"site.toml":         "[changes]\nbadgeDays = 7\n",
		"content/_index.md": "# Home\n",
		"content/a.md":      "+++\ntitle = \"A\"\ndate = 2026-11-20\n+++\nText.\n",
		"content/b.md":      "+++\ntitle = \"B\"\ndate = 2026-01-01\nlastmod = 2026-11-21\n+++\nText.\n",
	})
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	buildAt(t, site, day(26))
	home := fileText(t, site, "index.html")
	if !strings.Contains(home, `A <span class="badge badge-new">new</span>`) || !strings.Contains(home, `B <span class="badge badge-updated">updated</span>`) {
		t.Errorf("badges on 26 November:\n%s", home)
	}
	res := buildAt(t, site, day(26).Add(8*time.Hour))
	if len(res.Stats.Written) != 0 {
		t.Errorf("a build later the same day wrote %v", res.Stats.Written)
	}
	// 20 November is the seventh day before the 27th: a's badge ends;
	// b's (the 21st) stays.
	res = buildAt(t, site, day(27))
	home = fileText(t, site, "index.html")
	if strings.Contains(home, `badge-new`) || !strings.Contains(home, `B <span class="badge badge-updated">updated</span>`) {
		t.Errorf("badges on 27 November:\n%s", home)
	}
	if !slices.Contains(res.Stats.Written, "a/index.html") {
		t.Errorf("the next day's build did not rewrite the sidebars: %v", res.Stats.Written)
	}
}

func TestGitInfoCommitRerendersTheCommittedPageAlone(t *testing.T) {
	g := newGit(t)
	site := cachedSite(t, map[string]string{
		"site.toml":         "enableGitInfo = true\n[changes]\nlimit = 0\n",
		"content/_index.md": "# Home\n",
		"content/a.md":      "# A\n\nText.\n",
		"content/b.md":      "# B\n\nText.\n",
	})
	g.run(site, "Ana", "2026-11-02T10:00:00Z", "init", "-q")
	g.commit(site, "Ana Ruiz", "2026-11-02T10:00:00Z", "Add A and B")
	writeTree(t, site, map[string]string{"content/a.md": "# A\n\nText, edited.\n"})
	buildAt(t, site, sitetest.Now)
	g.commit(site, "Bo Lee", "2026-11-03T10:00:00Z", "Edit A")
	res := buildAt(t, site, sitetest.Now)
	slices.Sort(res.Stats.Written)
	if want := []string{"a/index.html", "sitemap.xml"}; !slices.Equal(res.Stats.Written, want) {
		t.Errorf("after a commit of a, the build wrote %v, want %v", res.Stats.Written, want)
	}
	if a := fileText(t, site, "a/index.html"); !strings.Contains(a, "<li>Updated 2026-11-03 by Bo Lee</li>") {
		t.Errorf("a/index.html:\n%s", a)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "changes")); !os.IsNotExist(err) {
		t.Errorf("[changes] limit = 0 still writes changes/: %v", err)
	}
}

func TestGitInfoInTheDevServerReadsTheHistoryWhenHEADMoves(t *testing.T) {
	g := newGit(t)
	site := cachedSite(t, map[string]string{
		"site.toml":         "enableGitInfo = true\n",
		"content/_index.md": "# Home\n",
		"content/a.md":      "# A\n\nText.\n",
		"content/b.md":      "# B\n\nText.\n",
	})
	g.run(site, "Ana", "2026-11-02T10:00:00Z", "init", "-q")
	g.commit(site, "Ana Ruiz", "2026-11-02T10:00:00Z", "Add A and B")
	b := generator.NewBuilder(generator.Options{Source: site, Incremental: true, Now: sitetest.Now})
	t.Cleanup(func() { _ = b.Close() })
	build := func(changed ...string) {
		t.Helper()
		b.Changed(changed...)
		if _, err := b.Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		b.Wait()
	}
	page := func(name string) string {
		t.Helper()
		data, ok := b.Output().File(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(data)
	}
	build()
	writeTree(t, site, map[string]string{"content/a.md": "# A\n\nText, edited.\n"})
	build("content/a.md") // a body edit: the fast path, no git
	writeTree(t, site, map[string]string{"content/b.md": "# Bee\n\nText.\n"})
	build("content/b.md") // a new title: a full build, the same HEAD
	if got := g.calls(); !slices.Equal(got, []string{"rev-parse", "log", "rev-parse"}) {
		t.Errorf("git processes: %q, want the history read once while HEAD stays", got)
	}
	g.commit(site, "Bo Lee", "2026-11-03T10:00:00Z", "Edit A and B")
	build("")
	if a := page("a/index.html"); !strings.Contains(a, "<li>Updated 2026-11-03 by Bo Lee</li>") || !strings.Contains(a, "Text, edited.") {
		t.Errorf("a/index.html after the commit:\n%s", a)
	}
	if got := g.calls(); !slices.Equal(got, []string{"rev-parse", "log", "rev-parse", "rev-parse", "log"}) {
		t.Errorf("git processes: %q, want the history read again once HEAD moved", got)
	}
}

// TestGitInfoFollowsAnUncommittedMailmap checks that editing .mailmap,
// which git log applies without a commit, renames the authors in a build
// with the cache on as it does in a fresh one (found by a user trial: the
// build found no input changed).
func TestGitInfoFollowsAnUncommittedMailmap(t *testing.T) {
	g := newGit(t)
	repo := t.TempDir()
	site := filepath.Join(repo, "site")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	writeTree(t, site, map[string]string{
		"site.toml":         "enableGitInfo = true\n",
		"content/_index.md": "# Home\n",
		"content/a.md":      "# A\n\nText.\n",
	})
	g.run(repo, "Ana", "2026-11-02T10:00:00Z", "init", "-q")
	g.commit(repo, "Ana Ruiz", "2026-11-02T10:00:00Z", "Add A")
	buildAt(t, site, sitetest.Now)
	if a := fileText(t, site, "a/index.html"); !strings.Contains(a, "by Ana Ruiz</li>") {
		t.Fatalf("a/index.html does not name Ana Ruiz:\n%s", a)
	}
	for _, name := range []string{"Ana Ruiz-Mapped", "Ana R. Second"} {
		writeTree(t, repo, map[string]string{".mailmap": name + " <ana@example.com> Ana Ruiz <ana@example.com>\n"})
		buildAt(t, site, sitetest.Now)
		if a := fileText(t, site, "a/index.html"); !strings.Contains(a, "by "+name+"</li>") {
			t.Errorf(".mailmap maps Ana Ruiz to %s; a/index.html:\n%s", name, a)
		}
	}
}
