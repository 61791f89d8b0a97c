package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// The whole files of the "Bring your own Markdown" issue build as written.
func TestFrontMatterFilesFromOtherGeneratorsBuild(t *testing.T) {
	s := sitetest.Build(t, `
-- content/_index.md --
# Home
-- content/pricing.md --
---
title: Pricing
sidebar_position: 3
---
-- content/calls.md --

+++
title = "Calls"
+++
-- content/agenda.md --
+++
title = "Agenda"
weight = 2
+++
-- content/zebra.md --
# Zebra
`)
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("diagnostics: %q", d)
	}
	s.AssertFileContains("pricing/index.html", "<h1>Pricing</h1>")
	s.AssertFileContains("calls/index.html", "<h1>Calls</h1>")
	s.AssertFileLacks("calls/index.html", "+++", "title =")
	// sidebar_position orders like weight: 2, 3, then the pages without.
	nav := s.File("index.html")
	order := []string{`>Agenda</a>`, `>Pricing</a>`, `>Calls</a>`, `>Zebra</a>`}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(nav, order[i-1]), strings.Index(nav, order[i]); a < 0 || b < a {
			t.Errorf("sidebar has %s at %d and %s at %d, want them in that order", order[i-1], a, order[i], b)
		}
	}
}

func TestJSONFrontMatterBuilds(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
{
	"title": "Objections",
	"tags": ["pricing"],
	"description": "What buyers say"
}
Body text.
`)
	s.AssertFileContains("a/index.html", "<h1>Objections</h1>", `<p class="lead">What buyers say</p>`, "<p>Body text.</p>", `href="/tags/pricing/"`)
	s.AssertFileLacks("a/index.html", `"title"`)
}

func TestLinkTitleIsTheTitleInNavigation(t *testing.T) {
	s := sitetest.Build(t, `
-- content/_index.md --
# Home
-- content/selling/_index.md --
---
title: Selling to enterprise buyers
sidebar_label: Selling
weight: 1
---
-- content/selling/a.md --
+++
title = "Qualifying a lead in the first call"
linkTitle = "Qualifying"
weight = 1
+++
-- content/selling/b.md --
---
title: Discovery questions that uncover pain
nav_title: Discovery
weight: 2
---
-- content/selling/c.md --
# Closing
`)
	s.AssertFileContains("selling/b/index.html",
		"<h1>Discovery questions that uncover pain</h1>",
		"<title>Discovery questions that uncover pain",
		`<li><a href="/selling/">Selling</a></li>`,                        // breadcrumbs
		"\n<a href=\"/selling/\" aria-current=\"true\">Selling</a>\n",     // sidebar: the open section
		"\n<a href=\"/selling/b/\" aria-current=\"page\">Discovery</a>\n", // sidebar: the current page
		"\n<a href=\"/selling/a/\">Qualifying</a>\n",                      // sidebar
		`rel="prev"><span>Previous</span>Qualifying</a>`,                  // pager
		`rel="next"><span>Next</span>Closing</a>`,                         // no linkTitle: the title
	)
	s.AssertFileLacks("selling/b/index.html", ">Discovery questions that uncover pain</a>", ">Selling to enterprise buyers</a>")
	s.AssertFileContains("selling/index.html", "<h1>Selling to enterprise buyers</h1>")
}

// sitetest builds at 2026-11-27 12:00 UTC.
func TestPublishAndExpiryDatesLeavePagesOutLikeDrafts(t *testing.T) {
	archive := `
-- content/_index.md --
# Home
-- content/later.md --
---
title: Later
publishDate: 2026-11-28
---
-- content/today.md --
---
title: Today
publishDate: 2026-11-27T11:00:00Z
---
-- content/gone.md --
+++
title = "Gone"
expiryDate = 2026-11-27T12:00:00Z
+++
-- content/kept.md --
+++
title = "Kept"
expiryDate = "2026-12-01"
+++
`
	s := sitetest.Build(t, archive)
	s.AssertNoFile("later/index.html")
	s.AssertNoFile("gone/index.html")
	s.AssertFileContains("today/index.html", "<h1>Today</h1>")
	s.AssertFileContains("kept/index.html", "<h1>Kept</h1>")
	s.AssertFileLacks("index.html", "/later/", "/gone/")

	d := sitetest.New(t, archive)
	d.Opts.Drafts = true
	d.Rebuild()
	if d.Err != nil {
		t.Fatal(d.Err)
	}
	d.AssertFileContains("later/index.html", "<h1>Later</h1>")
	d.AssertFileContains("gone/index.html", "<h1>Gone</h1>")
	// Built for review, but, like drafts, not printed.
	d.AssertFileLacks("print/index.html", "<h1>Later</h1>", "Gone")
	d.AssertFileContains("print/index.html", "Kept")
}

func TestSummaryStandsInForTheDescription(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
---
title: A
summary: From the summary.
---
-- content/b.md --
+++
title = "B"
summary = "Not shown."
description = "From the description."
+++
`)
	s.AssertFileContains("a/index.html", `<p class="lead">From the summary.</p>`, `<meta name="description" content="From the summary.">`)
	s.AssertFileContains("b/index.html", `<p class="lead">From the description.</p>`)
	s.AssertFileLacks("b/index.html", "Not shown.")
}

func TestHideTOCAndTOCFalseLeaveOutTheContents(t *testing.T) {
	body := "## One\n\n## Two\n"
	s := sitetest.Build(t, `
-- content/shown.md --
---
title: Shown
---
`+body+`
-- content/hidden.md --
---
title: Hidden
hide:
  - toc
---
`+body+`
-- content/off.md --
+++
title = "Off"
toc = false
+++
`+body)
	s.AssertFileContains("shown/index.html", `<nav class="toc" aria-label="On this page">`)
	for _, name := range []string{"hidden/index.html", "off/index.html"} {
		s.AssertFileLacks(name, `<nav class="toc"`)
		s.AssertFileContains(name, `<h2 id="two">`)
	}
}

func TestCategoriesAreATaxonomyLikeTags(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
---
title: A
categories: [Playbooks, Enterprise Sales]
tags: [calls]
---
-- content/b.md --
+++
title = "B"
categories = ["Playbooks"]
+++
`)
	s.AssertFileContains("a/index.html",
		`<ul class="tags" aria-label="Categories"><li><a href="/categories/playbooks/">Playbooks</a></li><li><a href="/categories/enterprise-sales/">Enterprise Sales</a></li></ul>`,
		`<a href="/tags/calls/">calls</a>`)
	s.AssertFileContains("categories/index.html", `href="/categories/enterprise-sales/"`, `href="/categories/playbooks/"`)
	s.AssertFileContains("categories/playbooks/index.html", "<h1>Playbooks</h1>", `<a href="/categories/">Categories</a>`)
	for term, want := range map[string]int{"playbooks": 2, "enterprise-sales": 1} {
		page := s.File("categories/" + term + "/index.html")
		_, entries, _ := strings.Cut(page, `<ul class="entries">`)
		if got := strings.Count(entries, `<li class="entry`); got != want {
			t.Errorf("/categories/%s/ lists %d pages, want %d", term, got, want)
		}
	}
}

func TestUnknownKeysAreWarningsAndReachTemplatesAsParams(t *testing.T) {
	archive := `
-- layouts/wide.html --
{{template "base.html" .}}{{define "main"}}<p class="by">{{index .Params "author"}} {{.Params.icon}} {{index .Params "keywords"}} {{index .Params "nothing"}}</p>{{end}}
-- content/a.md --
---
id: pricing-page
title: Pricing
layout: wide
author: Ana
keywords: [price, discount]
sidebar_class_name: red
pagination_next: null
hide_title: true
params:
  icon: tag
  author: From params
---
-- content/b.md --
+++
title = "B"
layout = "wide"
author = "Ben"
icon = "dot"
[menu.main]
weight = 1
+++
`
	s := sitetest.Build(t, archive)
	// Docusaurus' id names the page in its URL, as a slug does.
	s.AssertFileContains("pricing-page/index.html", `<p class="by">From params tag [price discount] </p>`)
	s.AssertFileContains("b/index.html", `<p class="by">Ben dot  </p>`)
	want := []string{
		`content/a.md:5:1: warning: unknown key "author"`,
		`content/a.md:6:1: warning: unknown key "keywords"`,
		`content/a.md:7:1: warning: unknown key "sidebar_class_name"`,
		`content/a.md:8:1: warning: unknown key "pagination_next"`,
		`content/a.md:9:1: warning: unknown key "hide_title"`,
		`content/b.md:4:1: warning: unknown key "author"`,
		`content/b.md:5:1: warning: unknown key "icon"`,
		`content/b.md:6:2: warning: unknown key "menu.main"`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	strict := sitetest.New(t, archive)
	strict.Opts.Strict = true
	strict.Rebuild()
	if strict.Err == nil {
		t.Error("a strict build with unknown keys succeeded")
	}
}

func TestOurKeyWinsOverItsOtherName(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
---
title: A
weight: 2
sidebar_position: 1
linkTitle: Short
sidebar_label: Other
---
-- content/b.md --
---
title: B
sidebar_position: 1
nav_order: 3
---
-- content/c.md --
+++
title = "C"
weight = 3
nav_order = 0
+++
`)
	for _, want := range []string{
		`content/a.md:4:1: warning: sidebar_position is ignored: weight is set too (sidebar_position is another name for it)`,
		`content/a.md:6:1: warning: sidebar_label is ignored: linkTitle is set too (sidebar_label is another name for it)`,
		`content/b.md:4:1: warning: nav_order is ignored: sidebar_position sets the weight already`,
		`content/c.md:4:1: warning: nav_order is ignored: weight is set too (nav_order is another name for it)`,
	} {
		s.AssertDiag(want)
	}
	// b (1), a (2), c (3)
	nav := s.File("a/index.html")
	if b, a, c := strings.Index(nav, `>B</a>`), strings.Index(nav, `>Short</a>`), strings.Index(nav, `>C</a>`); !(b >= 0 && b < a && a < c) {
		t.Errorf("sidebar order: B at %d, Short at %d, C at %d", b, a, c)
	}
}

// A page whose front matter fails is still a link target: the build
// fails with its error alone, not with one more for every link to it.
func TestFrontMatterErrorDoesNotBreakLinksToThePage(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
See [pricing](pricing.md), [its table](pricing.md#table) and [calls](calls.md#agenda).
-- content/pricing.md --
---
title: Pricing: the basics
---
## Table
-- content/calls.md --
{
  "title": "Calls",
}
## Agenda
`)
	want := []string{
		`content/calls.md:3:1: invalid character '}' looking for beginning of object key string`,
		`content/pricing.md:2:1: mapping values are not allowed in this context (put a value that holds ": " in quotes)`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Passes after loading find YAML and JSON keys as they find TOML ones.
func TestLaterChecksPointAtYAMLAndJSONKeys(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/course/_index.md --
{
  "type": "curriculum"
}
-- content/course/one.md --
---
title: One
requires:
  - nowhere
---
`)
	s.AssertDiag(`content/course/one.md:3:1: requires "nowhere": no module of that name in Course`)
	s, _ = sitetest.BuildErr(t, `
-- content/a.md --
{
  "title": "A",
  "layout": "missing"
}
`)
	s.AssertDiag(`content/a.md:3:3: layout "missing" not found in the theme (layouts/missing.html)`)
}

// Control characters in the texts a page shows are left out with a
// warning at their key: HTML forbids them, and a reader sees nothing or a
// box.
func TestControlCharactersInTitlesAreLeftOutWithAWarning(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
---
title: "Plan\x01 the week"
---
Body.
-- content/b.md --
+++
title = "B"
description = "Ask\u007f first\u0085."
+++
Body.
`)
	s.AssertDiag(`content/a.md:2:1: warning: title holds the control character U+0001, which no reader sees; it is left out`)
	s.AssertDiag(`content/b.md:3:1: warning: description holds the control character U+007F, which no reader sees; it is left out`)
	s.AssertFileContains("a/index.html", "<title>Plan the week")
	s.AssertFileContains("b/index.html", `<meta name="description" content="Ask first.">`)
	for _, name := range []string{"a/index.html", "b/index.html", "print/index.html", "index.html"} {
		s.AssertFileLacks(name, "\x01", "\x7f", "\u0085")
	}
}
