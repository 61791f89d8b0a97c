package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// Pages, aliases, content files and static files where the build writes
// its own pages (the search page, the taxonomies, the print pages, the
// 404 page, the sitemap, the dev server's endpoints) are errors naming
// them, in any case of their letters. The folder the theme's fingerprinted
// assets share with the site's files is not refused.
func TestReservedOutputPathsAreErrors(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/search/_index.md --
# My search
-- content/search/tips.md --
# Tips
-- content/Tags/a.md --
# A
-- content/print.md --
# Print
-- content/__playbook/x.md --
-- content/deals.md --
+++
slug = "categories"
+++
-- content/old.md --
+++
title = "Old"
aliases = ["/sitemap.xml", "/audience/x/"]
+++
-- content/404.html --
<p>mine</p>
-- content/audience/brief.pdf --
PDF
-- static/404.html --
<p>static</p>
-- static/search/extra.js --
x
-- content/assets/logo.png --
PNG
-- static/assets/site.css --
css
`)
	for _, want := range []string{
		"content/search/_index.md:1:1: folder content/search/ has the URL /search/, where the build writes the search page and index; rename the folder",
		"content/Tags: folder content/Tags/ has the URL /Tags/, where the build writes the tag pages; rename the folder",
		"content/__playbook: folder content/__playbook/ has the URL /__playbook/, where the build writes the dev server's endpoints; rename the folder",
		"content/print.md:1:1: page URL /print/ is where the build writes the print pages; rename the file or give it a slug",
		`content/deals.md:2:1: slug "categories" gives the URL /categories/, where the build writes the category pages; choose another slug`,
		`content/old.md:3:1: alias "/sitemap.xml/" is where the build writes the sitemap`,
		`content/old.md:3:1: alias "/audience/x/" is where the build writes the audience pages`,
		"content/404.html: file URL /404.html is where the build writes the page-not-found page; move the file",
		"content/audience/brief.pdf: file URL /audience/brief.pdf is where the build writes the audience pages; move the file",
	} {
		s.AssertDiag(want)
	}
	if d := s.Diags(); len(d) != 9 {
		t.Errorf("%d diagnostics, want 9:\n%s", len(d), strings.Join(d, "\n"))
	}

	// Static files are checked when the content is fine.
	s, _ = sitetest.BuildErr(t, `
-- content/a.md --
-- static/404.html --
<p>static</p>
-- static/search/extra.js --
x
-- static/sitemap.xml --
<urlset/>
-- static/assets/site.css --
css
-- content/assets/logo.png --
PNG
`)
	for _, want := range []string{
		"static/404.html: output file 404.html is where the build writes the page-not-found page; static/404.html may not be there",
		"static/search/extra.js: output file search/extra.js is where the build writes the search page and index; static/search/extra.js may not be there",
		"static/sitemap.xml: output file sitemap.xml is where the build writes the sitemap; static/sitemap.xml may not be there",
	} {
		s.AssertDiag(want)
	}
	if d := s.Diags(); len(d) != 3 {
		t.Errorf("%d diagnostics, want 3:\n%s", len(d), strings.Join(d, "\n"))
	}
}

// The search results page is the build's own: every page's search form
// targets it, and the site's own layouts/search.html changes it.
func TestSearchPageIsTheBuildsOwn(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
# A
-- layouts/search.html --
{{template "base.html" .}}
{{define "main"}}<p>Our search</p>{{end}}
`)
	s.AssertFileContains("search/index.html", "<p>Our search</p>")
	s.AssertFileContains("a/index.html", `action="/search/"`)
}

// Every file a build writes is a page's, an alias, a content file, a
// static file or under one of layout.GeneratedPaths; and each of those
// paths (but the dev server's) holds some file of a full build. A new kind
// of generated file has to join the list, which the checks refusing
// content in its way read.
func TestGeneratedPathsCoverEverythingTheBuildWrites(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
audiences = ["seller"]
[progress]
url = "https://progress.example.com/"
-- content/_index.md --
# Home
-- content/selling/_index.md --
# Selling
-- content/selling/a.md --
+++
tags = ["Pricing"]
categories = ["Ops"]
audience = ["seller"]
aliases = ["/old/a/"]
+++
# A

![Chart](chart.png)

`+"```mermaid\ngraph TD; A-->B\n```"+`
-- content/selling/chart.png --
PNG
-- static/robots.txt --
User-agent: *
`)
	site := s.Result.Site
	fromSite := map[string]bool{}
	for _, p := range site.Pages {
		fromSite[strings.TrimPrefix(p.URL, "/")+"index.html"] = true
		for _, a := range p.Aliases() {
			fromSite[strings.TrimPrefix(a, "/")+"index.html"] = true
		}
	}
	for _, f := range site.Files {
		fromSite[strings.TrimPrefix(f.URL, "/")] = true
	}
	for name := range site.Static {
		fromSite[name] = true
	}
	used := map[string]bool{}
	for _, name := range s.Out.Names() {
		if fromSite[name] {
			continue
		}
		g, ok := layout.GeneratedAt(name)
		if !ok {
			t.Errorf("the build writes %s, which is no page, alias, content or static file and not in layout.GeneratedPaths", name)
			continue
		}
		used[g.Path] = true
	}
	for _, g := range layout.GeneratedPaths() {
		if !used[g.Path] && g.Path != layout.DevDir+"/" {
			t.Errorf("layout.GeneratedPaths lists %s (%s), which the build did not write", g.Path, g.What)
		}
	}
	if !fromSite["selling/chart.png"] || !fromSite["old/a/index.html"] || !fromSite["robots.txt"] {
		t.Errorf("the fixture lacks a kind of site file: %v", fromSite)
	}
	if u := content.TermURL(layout.TagsDir, "Pricing"); u != "/tags/pricing/" {
		t.Errorf("TermURL = %q", u)
	}
}
