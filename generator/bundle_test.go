package generator_test

import (
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

const bundleSite = `
-- site.toml --
title = "T"
-- content/deals/q3-review/index.md --
+++
slug = "quarterly"
+++
# Q3 review

![Chart](chart.png) [Call notes](notes/call%20notes.pdf) [Raw](<notes/call notes.pdf>)
-- content/deals/q3-review/chart.png --
PNG
-- content/deals/q3-review/notes/call notes.pdf --
PDF
-- content/deals/won.md --
# Won

![Chart](q3-review/chart.png) ![Same](/deals/quarterly/chart.png)
-- content/Sales Team/Deal Review/index.md --
# Deal review

![Board](board.png)
-- content/Sales Team/Deal Review/board.png --
BOARD
-- content/Sales Team/roster.md --
# Roster

![Team](team.png)
-- content/Sales Team/team.png --
TEAM
-- content/guide/_index.md --
# Guide

![Map](map.png)
-- content/guide/map.png --
MAP
-- content/guide/step.md --
# Step

![Map](map.png)
-- content/guide/img/detail.png --
DETAIL
-- content/drafts/secret/index.md --
+++
draft = true
+++
# Secret
![Plan](plan.png)
-- content/drafts/secret/plan.png --
PLAN
-- content/drafts/secret/more/extra.png --
EXTRA
-- content/later/index.md --
+++
publishDate = 2099-01-01
+++
-- content/later/soon.png --
SOON
-- content/gone/index.md --
+++
expiryDate = 2020-01-01
+++
-- content/gone/old.png --
OLD
`

// A page bundle's files are published where its page is: under its slug
// and the slugs of its folders, and linked there from its page and from
// others. Section folders keep their files beside their page too.
func TestBundleFilesArePublishedBesideTheirPage(t *testing.T) {
	s := sitetest.Build(t, bundleSite)
	s.AssertFileContains("deals/quarterly/index.html",
		`<img src="/deals/quarterly/chart.png" alt="Chart" loading="lazy">`,
		`<a href="/deals/quarterly/notes/call%20notes.pdf">Call notes</a>`,
		`<a href="/deals/quarterly/notes/call%20notes.pdf">Raw</a>`)
	s.AssertFileContains("deals/quarterly/chart.png", "PNG")
	s.AssertFileContains("deals/quarterly/notes/call notes.pdf", "PDF")
	s.AssertFileContains("deals/won/index.html",
		`<img src="/deals/quarterly/chart.png" alt="Chart" loading="lazy">`,
		`<img src="/deals/quarterly/chart.png" alt="Same" loading="lazy">`)

	s.AssertFileContains("Sales-Team/Deal-Review/index.html", `<img src="/Sales-Team/Deal-Review/board.png" alt="Board" loading="lazy">`)
	s.AssertFileContains("Sales-Team/Deal-Review/board.png", "BOARD")
	s.AssertFileContains("Sales-Team/roster/index.html", `<img src="/Sales-Team/team.png" alt="Team" loading="lazy">`)
	s.AssertFileContains("Sales-Team/team.png", "TEAM")

	s.AssertFileContains("guide/index.html", `<img src="/guide/map.png" alt="Map" loading="lazy">`)
	s.AssertFileContains("guide/step/index.html", `<img src="/guide/map.png" alt="Map" loading="lazy">`)
	s.AssertFileContains("guide/img/detail.png", "DETAIL")
	// The print page shows the same images, from where they are.
	s.AssertFileContains("print/index.html",
		`<img src="/deals/quarterly/chart.png" alt="Chart" loading="lazy">`,
		`<img src="/Sales-Team/Deal-Review/board.png" alt="Board" loading="lazy">`)

	for _, name := range []string{
		"deals/q3-review/chart.png", "deals/q3-review/notes/call notes.pdf",
		"Sales Team/Deal Review/board.png", "Sales Team/team.png",
		// Files of pages this build leaves out: a draft, a page not yet
		// published, an expired one.
		"drafts/secret/plan.png", "drafts/secret/more/extra.png", "later/soon.png", "gone/old.png",
	} {
		s.AssertNoFile(name)
	}
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("diagnostics: %q", d)
	}
}

// With --drafts, a draft bundle publishes its page and its files.
func TestDraftBundleFilesArePublishedWithDrafts(t *testing.T) {
	s := sitetest.New(t, bundleSite)
	s.Opts.Drafts = true
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("drafts/secret/index.html", `<img src="/drafts/secret/plan.png" alt="Plan" loading="lazy">`)
	s.AssertFileContains("drafts/secret/plan.png", "PLAN")
	s.AssertFileContains("drafts/secret/more/extra.png", "EXTRA")
	s.AssertFileContains("later/soon.png", "SOON")
	s.AssertFileContains("gone/old.png", "OLD")
}

// A link from a published page to a file of a draft bundle does not
// resolve: the file is not published.
func TestLinkToAFileOfADraftBundleIsAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
![Plan](drafts/secret/plan.png)
-- content/drafts/secret/index.md --
+++
draft = true
+++
-- content/drafts/secret/plan.png --
PLAN
`)
	s.AssertDiag(`content/a.md:1:1: link target "drafts/secret/plan.png" not found`)
}

// In the dev server, a bundle that stops being a draft publishes its
// files, and one that becomes a draft takes them away.
func TestDraftBundleEditPublishesItsFiles(t *testing.T) {
	s := sitetest.New(t, `
-- content/a.md --
# A
-- content/deals/q3/index.md --
+++
draft = true
slug = "quarterly"
+++
-- content/deals/q3/chart.png --
PNG
`)
	s.Opts.Incremental = true
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertNoFile("deals/quarterly/chart.png")
	s.AssertNoFile("deals/q3/chart.png")
	s.Edit("content/deals/q3/index.md", "+++\nslug = \"quarterly\"\n+++\n![Chart](chart.png)\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("deals/quarterly/chart.png", "PNG")
	s.AssertFileContains("deals/quarterly/index.html", `<img src="/deals/quarterly/chart.png" alt="Chart" loading="lazy">`)
	s.Edit("content/deals/q3/index.md", "+++\ndraft = true\n+++\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertNoFile("deals/quarterly/chart.png")
	s.AssertNoFile("deals/q3/chart.png")
}
