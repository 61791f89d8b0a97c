package generator_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/publish"
)

const basicSite = `
-- site.toml --
title = "Play"
baseURL = "https://example.com/playbook/"
-- content/_index.md --
+++
title = "Home"
+++
Welcome to [discovery](selling/discovery.md#questions).
-- content/selling/_index.md --
+++
title = "Selling"
weight = 20
+++
-- content/selling/discovery.md --
+++
title = "Discovery"
weight = 1
tags = ["discovery", "Buyer Pain"]
audience = ["seller"]
aliases = ["/old/discovery/"]
+++
## Questions

See [the demo](demo.md) and ![chart](../img/chart.png).
-- content/selling/demo.md --
# The demo

Text.
-- content/img/chart.png --
PNG
`

func TestBuildWritesPagesAtPrettyURLs(t *testing.T) {
	s := sitetest.Build(t, basicSite)
	s.AssertFileContains("selling/discovery/index.html", "<h1>Discovery</h1>")
	s.AssertFileContains("selling/demo/index.html", "<h1>The demo</h1>")
	s.AssertFileContains("selling/index.html", "<h1>Selling</h1>")
	s.AssertFileContains("index.html", "<h1>Home</h1>")
	if got := s.File("img/chart.png"); got != "PNG\n" {
		t.Errorf("content file copied as %q", got)
	}
}

func TestBuildResolvesLinksUnderBaseURLSubPath(t *testing.T) {
	s := sitetest.Build(t, basicSite)
	s.AssertFileContains("index.html", `href="/playbook/selling/discovery/#questions"`)
	s.AssertFileContains("selling/discovery/index.html",
		`href="/playbook/selling/demo/"`,
		`src="/playbook/img/chart.png"`,
		`href="/playbook/assets/style.`,
	)
	s.AssertFileContains("sitemap.xml", "<loc>https://example.com/playbook/selling/discovery/</loc>")
}

func TestBuildWithRelativeURLsWorksFromDisk(t *testing.T) {
	s := sitetest.New(t, basicSite)
	s.Edit("site.toml", "title = \"Play\"\nrelativeURLs = true\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("selling/discovery/index.html",
		`href="../../selling/demo/index.html"`,
		`src="../../img/chart.png"`,
		`href="../../assets/style.`,
	)
	s.AssertFileContains("index.html", `href="./selling/discovery/index.html#questions"`)
}

func TestBuildWritesTaxonomyAliasAnd404(t *testing.T) {
	s := sitetest.Build(t, basicSite)
	s.AssertFileContains("tags/buyer-pain/index.html", "Discovery")
	s.AssertFileContains("tags/index.html", "Buyer Pain", "discovery")
	s.AssertFileContains("audience/seller/index.html", "Discovery")
	s.AssertFileContains("old/discovery/index.html", `url=/playbook/selling/discovery/`)
	s.AssertFileContains("404.html", "Page not found")
}

func TestBuildFingerprintsAssets(t *testing.T) {
	s := sitetest.Build(t, basicSite)
	var css string
	for _, n := range s.Out.Names() {
		if strings.HasPrefix(n, "assets/style.") && strings.HasSuffix(n, ".css") {
			css = n
		}
	}
	if css == "" {
		t.Fatalf("no fingerprinted stylesheet in %v", s.Out.Names())
	}
	s.AssertFileContains(css, ".chroma", `[data-theme="dark"] .chroma`)
}

func TestBuildReportsAllBrokenLinksWithPositions(t *testing.T) {
	s, err := sitetest.BuildErr(t, `
-- content/a.md --
+++
title = "A"
+++
Intro [missing](nope.md) and [anchor](b.md#nowhere).

[self](#here)
-- content/b.md --
## Somewhere
`)
	var l diag.List
	if !errors.As(err, &l) {
		t.Fatalf("error is %T, want diag.List", err)
	}
	s.AssertDiag(`content/a.md:4:7: link target "nope.md" not found`)
	s.AssertDiag(`content/a.md:4:30: link target "b.md#nowhere": no heading with id "nowhere" in content/b.md`)
	s.AssertDiag(`content/a.md:6:1: link target "#here": no heading with id "here" in this page`)
}

func TestBuildRejectsFrontMatterErrorsWithPositions(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
+++
title = "A"
weight = "heavy"
+++
-- content/b.md --
+++
title = "B
+++
`)
	s.AssertDiag(`content/a.md:3:1: weight: wrong type: got string, want integer`)
	if d := s.Diags(); len(d) != 2 || !strings.HasPrefix(d[1], "content/b.md:2:") {
		t.Errorf("want one error per file, sorted; got %q", d)
	}
}

func TestBuildWarnsOnUnknownKeysAndFailsUnderStrict(t *testing.T) {
	archive := `
-- site.toml --
titel = "x"
-- content/a.md --
+++
title = "A"
colour = "red"
+++
`
	s := sitetest.Build(t, archive)
	s.AssertDiag(`site.toml:1:1: warning: unknown key "titel"`)
	s.AssertDiag(`content/a.md:3:1: warning: unknown key "colour"`)

	strict := sitetest.New(t, archive)
	strict.Opts.Strict = true
	strict.Rebuild()
	if strict.Err == nil {
		t.Fatal("strict build with warnings succeeded")
	}
}

func TestBuildEscapesTitlesEverywhere(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
+++
title = "<script>alert(1)</script>"
description = "\"><img src=x onerror=alert(1)>"
tags = ["<b>x</b>"]
+++
Body <script>alert(2)</script> and [x](javascript:alert(3)).
`)
	page := s.File("a/index.html")
	for _, bad := range []string{"<script>alert", "<img src=x", "javascript:alert", "<b>x</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	s.AssertFileContains("a/index.html", "&lt;script&gt;alert(1)&lt;/script&gt;")
}

func TestBuildKeepsRawHTMLOnlyWhenUnsafe(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
[markup]
unsafe = true
-- content/a.md --
<div class="x">raw</div>
`)
	s.AssertFileContains("a/index.html", `<div class="x">raw</div>`)
}

func TestBuildLeavesDraftsOutUnlessAsked(t *testing.T) {
	archive := `
-- content/a.md --
+++
draft = true
+++
-- content/b.md --
`
	s := sitetest.Build(t, archive)
	s.AssertNoFile("a/index.html")
	d := sitetest.New(t, archive)
	d.Opts.Drafts = true
	d.Rebuild()
	d.AssertFileContains("a/index.html", "<h1>A</h1>")
}

func TestBuildCopiesPageBundleFiles(t *testing.T) {
	s := sitetest.Build(t, `
-- content/guide/index.md --
+++
title = "Guide"
+++
[sheet](sheet.csv)
-- content/guide/sheet.csv --
a,b
`)
	s.AssertFileContains("guide/index.html", `href="/guide/sheet.csv"`)
	s.AssertFileContains("guide/sheet.csv", "a,b")
}

func TestSiteTemplatesOverrideTheDefaultTheme(t *testing.T) {
	s := sitetest.Build(t, `
-- layouts/partials/crumbs.html --
<p class="custom-crumbs">custom</p>
-- themes/default/layouts/404.html --
theme 404
-- layouts/wide.html --
{{template "base.html" .}}{{define "main"}}<div class="wide">{{.Content}}</div>{{end}}
-- content/a.md --
+++
layout = "wide"
+++
Hello
-- content/s/b.md --
`)
	s.AssertFileContains("s/b/index.html", `<p class="custom-crumbs">custom</p>`)
	s.AssertFileContains("404.html", "theme 404")
	s.AssertFileContains("a/index.html", `<div class="wide"><p>Hello</p>`)
}

func TestBuildOrdersByWeightThenTitle(t *testing.T) {
	s := sitetest.Build(t, `
-- content/s/_index.md --
-- content/s/c.md --
+++
title = "C"
weight = 1
+++
-- content/s/a.md --
+++
title = "A"
+++
-- content/s/b.md --
+++
title = "B"
weight = 2
+++
`)
	page := s.File("s/index.html")
	ic, ib, ia := strings.Index(page, ">C</a>"), strings.Index(page, ">B</a>"), strings.Index(page, ">A</a>")
	if !(ic < ib && ib < ia) || ic < 0 {
		t.Errorf("order C,B,A expected; positions %d %d %d", ic, ib, ia)
	}
	s.AssertFileContains("s/c/index.html", `rel="next"`, `href="/s/b/"`)
}

func TestFailedBuildLeavesPreviousOutputIntact(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", "")
	write("content/a.md", "# A\n")
	opts := generator.Options{Source: dir}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "public/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	write("content/a.md", "# A changed [x](missing.md)\n")
	if _, err := generator.Build(context.Background(), opts); err == nil {
		t.Fatal("broken build succeeded")
	}
	after, err := os.ReadFile(filepath.Join(dir, "public/a/index.html"))
	if err != nil || string(after) != string(before) {
		t.Fatalf("output changed by a failed build (err %v)", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.HasSuffix(e.Name(), ".old") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("# A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(context.Background(), generator.Options{Source: dir, Check: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("check wrote public/ (stat err %v)", err)
	}
}

func TestSymlinkOutsideSiteIsAnError(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content/leak.md")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	res, err := generator.Build(context.Background(), generator.Options{Source: dir, Check: true})
	if err == nil {
		t.Fatal("build through an escaping symlink succeeded")
	}
	want := "content/leak.md: symlink leads outside the site or to nothing"
	if len(res.Diags) == 0 || res.Diags[0].Error() != want {
		t.Errorf("diags %v, want %q", res.Diags, want)
	}
}

func TestOutputThatWouldReplaceTheSiteIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := generator.Build(context.Background(), generator.Options{Source: dir, Output: dir})
	if err == nil || !strings.Contains(err.Error(), "would replace the site itself") {
		t.Fatalf("err = %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "content")); statErr != nil {
		t.Fatal("site was damaged")
	}
}

func TestDuplicateURLsAreReported(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
-- content/b.md --
+++
slug = "a"
+++
`)
	s.AssertDiag("content/b.md:1:1: page URL /a/ is already used by content/a.md")
}

func TestRebuildReusesUnchangedPagesAndMatchesFreshBuild(t *testing.T) {
	s := sitetest.Build(t, basicSite)
	s.Edit("content/selling/demo.md", "# The new demo\n\nChanged.\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	fresh := sitetest.New(t, basicSite)
	fresh.Edit("content/selling/demo.md", "# The new demo\n\nChanged.\n")
	fresh.Rebuild()
	for _, n := range fresh.Out.Names() {
		if s.File(n) != fresh.File(n) {
			t.Errorf("%s differs between incremental and fresh build", n)
		}
	}
	if len(s.Out.Names()) != len(fresh.Out.Names()) {
		t.Errorf("file sets differ: %d vs %d", len(s.Out.Names()), len(fresh.Out.Names()))
	}
}

func TestPageBesideFolderOfTheSameNameIsAnErrorNotACrash(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/x.md --
# X
-- content/x/y.md --
# Y
`)
	s.AssertDiag("content/x.md:1:1: page URL /x/ collides with the section folder content/x/; move the page to content/x/_index.md")
}

func TestPathologicalLinkCountsAreBoundedWithAnError(t *testing.T) {
	s := sitetest.New(t, `
-- site.toml --
[limits]
maxLinks = 3
-- content/a.md --
[a](b.md) [b](b.md) [c](b.md) ![x](
-- content/b.md --
`)
	s.Rebuild()
	if s.Err == nil {
		t.Fatal("too many links passed")
	}
	s.AssertDiag("content/a.md:1:34: more than 3 links in one file (limits.maxLinks in site.toml)")
}

func TestDeeplyNestedOrderedListsAreAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, "\n-- content/a.md --\n"+strings.Repeat("1. ", 40)+"x\n")
	s.AssertDiag("content/a.md:1:1: nesting deeper than 32 levels (limits.maxNesting in site.toml)")
}

// A one-shot build to disk keeps rendered bodies in a spill file rather
// than in memory; its output must be the in-memory build's, byte for byte,
// and nothing of the spill may stay behind.
func TestBuildToDiskMatchesBuildInMemory(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: "..", Output: out, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	mem := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Source: "..", Target: mem}); err != nil {
		t.Fatal(err)
	}
	names := mem.Names()
	if len(names) < 50 {
		t.Fatalf("only %d files built", len(names))
	}
	for _, n := range names {
		want, _ := mem.File(n)
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(n)))
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if string(got) != string(want) {
			t.Errorf("%s differs between the build to disk and the build in memory", n)
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		var left []string
		for _, e := range entries {
			left = append(left, e.Name())
		}
		t.Errorf("beside the output: %q, want only public", left)
	}
}

// Two jobs writing one output file is an error naming both; a page's own
// alias written twice ("/old" and "/old/") is one alias.
func TestOutputFileWrittenTwiceIsAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
-- content/b.md --
+++
aliases = ["/old", "/old/", "/a/"]
+++
-- content/c.md --
+++
aliases = ["/old/"]
+++
`)
	s.AssertDiag(`content/b.md:2:1: output file a/index.html is written twice: by the page /a/ and by an alias of /b/`)
	s.AssertDiag(`content/c.md:2:1: output file old/index.html is written twice: by an alias of /b/ and by an alias of /c/`)
	if d := s.Diags(); len(d) != 2 {
		t.Errorf("%d diagnostics, want 2: %q", len(d), d)
	}
}

// A broken partial whose HTML is cached across pages (list entries, the
// sidebar) fails the build; it does not turn into a comment in the page.
func TestBrokenCachedPartialIsAnError(t *testing.T) {
	for _, partial := range []string{"entry", "nav"} {
		s, err := sitetest.BuildErr(t, `
-- content/_index.md --
# Home
-- content/a.md --
-- layouts/partials/`+partial+`.html --
<li>{{.NoSuchField}}</li>
`)
		if err == nil {
			t.Fatalf("%s: build succeeded", partial)
		}
		found := false
		for _, d := range s.Diags() {
			found = found || strings.Contains(d, "partials/"+partial+".html") && strings.Contains(d, "NoSuchField")
		}
		if !found {
			t.Errorf("%s: no diagnostic names the partial: %q", partial, s.Diags())
		}
	}
}

// The loader and the watcher share one layout: editor noise is neither
// published nor watched, and a custom content folder is the only one read.
func TestBuildReadsTheConfiguredContentFolderWithoutEditorNoise(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
contentDir = "docs"
-- docs/_index.md --
# Home
-- docs/a.md --
# A
-- docs/notes.bak --
old
-- docs/draft.md.swo --
x
-- docs/img/chart.svg --
<svg/>
-- content/stray.md --
# Stray
`)
	s.AssertFileContains("a/index.html", "<h1>A</h1>")
	if got := s.File("img/chart.svg"); got != "<svg/>\n" {
		t.Errorf("content file copied as %q", got)
	}
	for _, name := range []string{"notes.bak", "draft.md.swo", "stray/index.html"} {
		s.AssertNoFile(name)
	}
}

func TestOutputInsideTheContentFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("contentDir = \"docs\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := generator.Build(context.Background(), generator.Options{Source: dir, Output: filepath.Join(dir, "docs", "out")})
	if err == nil || !strings.Contains(err.Error(), "inside the content folder docs/") {
		t.Fatalf("err = %v", err)
	}
}

// A rebuild reuses the Sources of unchanged files and derives everything
// else anew: the previous build's pages keep their own URLs and resolved
// links, and the new build's pages are new.
func TestRebuildDerivesPagesAnewAndLeavesTheLastBuildAlone(t *testing.T) {
	s := sitetest.Build(t, basicSite)
	before := s.Result.Site
	home := before.ByPath["_index.md"]
	if len(home.Links) != 1 || home.Links[0].URL != "/selling/discovery/" {
		t.Fatalf("home links = %+v", home.Links)
	}
	// A slug moves the page the home page links to.
	s.Edit("content/selling/discovery.md", "+++\ntitle = \"Discovery\"\nslug = \"find\"\n+++\n## Questions\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	after := s.Result.Site
	newHome := after.ByPath["_index.md"]
	if newHome == home {
		t.Fatal("the new build reused the last build's Page")
	}
	if newHome.Source != home.Source {
		t.Error("the unchanged home page was parsed again, not reused")
	}
	if got := newHome.Links[0].URL; got != "/selling/find/" {
		t.Errorf("new build's home link = %q, want /selling/find/", got)
	}
	if got := home.Links[0].URL; got != "/selling/discovery/" {
		t.Errorf("the last build's home link changed to %q", got)
	}
	if got := before.ByPath["selling/discovery.md"].URL; got != "/selling/discovery/" {
		t.Errorf("the last build's page URL changed to %q", got)
	}
	s.AssertFileContains("index.html", `href="/playbook/selling/find/#questions"`)
}

// A theme or content folder that site.toml names but the site lacks is an
// error at its key, not a silent fallback.
func TestMissingThemeAndContentFolderAreErrorsAtTheirKeys(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- site.toml --
title = "T"
theme = "nosuch"
contentDir = "docs"
-- content/a.md --
# A
`)
	s.AssertDiag(`site.toml:2:1: theme "nosuch" not found: no folder themes/nosuch/ (the built-in theme is "default")`)
	s.AssertDiag(`site.toml:3:1: content folder docs/ not found (contentDir = "docs")`)
}

// A site read through an fs.FS needs site.toml as one on disk does.
func TestSiteWithoutSiteTomlIsAnError(t *testing.T) {
	files := fstest.MapFS{"content/a.md": &fstest.MapFile{Data: []byte("# A\n")}}
	_, err := generator.Build(context.Background(), generator.Options{FS: files, Target: publish.NewMemory()})
	want := "no site.toml in the site folder: a site folder holds site.toml and content/"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// A template that asks a layout for a field it does not have fails the
// build with the layout's name, not a Go type's.
func TestTemplateFieldErrorsNameTheLayout(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
# A
-- layouts/404.html --
{{define "main"}}{{.Tasks}}{{end}}{{template "base.html" .}}
`)
	got := strings.Join(s.Diags(), "\n")
	if !strings.Contains(got, `can't evaluate field Tasks in the data of the "404" layout (README, Themes, lists the fields of each layout)`) {
		t.Errorf("diagnostics:\n%s", got)
	}
}

// Docusaurus writes slugs as paths from the site's root; Hugo and Docsy
// set type for their layouts.
func TestSlugPathsAndForeignTypesBuild(t *testing.T) {
	s := sitetest.Build(t, `
-- content/_index.md --
# Home
-- content/onboarding/first-week.md --
---
slug: /new-sellers/first-week
type: docs
---
# First week
`)
	s.AssertFileContains("new-sellers/first-week/index.html", "<h1>First week</h1>")
	s.AssertDiag(`content/onboarding/first-week.md:3:1: warning: unknown type "docs" is ignored; playbook's types are "curriculum" (in _index.md), "module", "play" and "page"`)
}
