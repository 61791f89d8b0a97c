package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// Any file or folder name builds: its URL is its slug (slug.Segment), and
// links by the name as it is (in <…>, percent-encoded, or plain where
// Markdown allows) resolve to it. Files served as they are keep their
// names, percent-encoded in links.
func TestFileNamesPeopleUseBuild(t *testing.T) {
	s := sitetest.Build(t, `
-- content/Q&A #1 what?.md --
# Questions
-- content/100% done.md --
# Done
-- content/Pricing (EMEA).md --
# Pricing in EMEA
-- content/Sales & Ops/Win rates (Q3).md --
# Win rates
-- content/Q&A chart #2.png --
PNG
-- content/links.md --
# Links

- [angle](<Q&A #1 what?.md>)
- [encoded](Q%26A%20%231%20what%3F.md)
- [percent](<100% done.md>)
- [percent encoded](100%25%20done.md)
- [parens](<Pricing (EMEA).md>)
- [parens encoded](Pricing%20(EMEA).md)
- [anchor](<Pricing (EMEA).md#pricing-in-emea>)
- [folder](<Sales & Ops/Win rates (Q3).md>)
- [site path](</Sales & Ops/Win rates (Q3).md>)
- [by URL](/Sales-Ops/Win-rates-Q3/)
- ![chart](<Q&A chart #2.png>)
- ![chart encoded](Q%26A%20chart%20%232.png)
`)
	for name, h1 := range map[string]string{
		"QA-1-what/index.html":              "Questions",
		"100-done/index.html":               "Done",
		"Pricing-EMEA/index.html":           "Pricing in EMEA",
		"Sales-Ops/Win-rates-Q3/index.html": "Win rates",
	} {
		s.AssertFileContains(name, "<h1>"+h1+"</h1>")
	}
	s.AssertFileContains("Q&A chart #2.png", "PNG")
	s.AssertFileContains("links/index.html",
		`<a href="/QA-1-what/">angle</a>`,
		`<a href="/QA-1-what/">encoded</a>`,
		`<a href="/100-done/">percent</a>`,
		`<a href="/100-done/">percent encoded</a>`,
		`<a href="/Pricing-EMEA/">parens</a>`,
		`<a href="/Pricing-EMEA/">parens encoded</a>`,
		`<a href="/Pricing-EMEA/#pricing-in-emea">anchor</a>`,
		`<a href="/Sales-Ops/Win-rates-Q3/">folder</a>`,
		`<a href="/Sales-Ops/Win-rates-Q3/">site path</a>`,
		`<a href="/Sales-Ops/Win-rates-Q3/">by URL</a>`,
		`<img src="/Q&amp;A%20chart%20%232.png" alt="chart" loading="lazy">`,
		`<img src="/Q&amp;A%20chart%20%232.png" alt="chart encoded" loading="lazy">`)
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("diagnostics: %q", d)
	}
	// No '#', '?' or '%' reaches a page's URL.
	for _, p := range s.Result.Site.Pages {
		if strings.ContainsAny(p.URL, "#?% &") {
			t.Errorf("page URL %q", p.URL)
		}
	}
}

// Two file or folder names with one URL are an error naming both; the
// pages inside two such folders are not reported again.
func TestNamesWithOneURLAreAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/Q&A.md --
-- content/QA.md --
-- content/Sales Team/a.md --
-- content/Sales-Team/a.md --
-- content/Sales-Team/x.png --
-- content/Sales Team/x.png --
-- content/Deal  Review/b.md --
-- content/Deal Review/c.md --
`)
	for _, want := range []string{
		"content/QA.md:1:1: page URL /QA/ is already used by content/Q&A.md",
		"content/Sales-Team: folder content/Sales-Team/ has the URL /Sales-Team/ of the folder content/Sales Team/; rename one of them",
		"content/Deal Review: folder content/Deal Review/ has the URL /Deal-Review/ of the folder content/Deal  Review/; rename one of them",
	} {
		s.AssertDiag(want)
	}
	if d := s.Diags(); len(d) != 3 {
		t.Errorf("%d diagnostics, want 3:\n%s", len(d), strings.Join(d, "\n"))
	}
}

// URLs that differ only in case are one file on macOS and Windows disks:
// an error naming both, for pages and for folders.
func TestURLsThatDifferOnlyInCaseAreAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/Pricing (EMEA).md --
-- content/pricing-emea.md --
-- content/Sales Team/a.md --
-- content/sales-team/b.md --
`)
	want := []string{
		"content/pricing-emea.md:1:1: page URL /pricing-emea/ differs only in case from /Pricing-EMEA/ of content/Pricing (EMEA).md, one file on macOS and Windows disks; rename one of them",
		"content/sales-team: folder content/sales-team/ has a URL that differs only in case from that of the folder content/Sales Team/; rename one of them",
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A front matter slug follows the rule of file names; one that does not is
// an error at its key with the slug that would do.
func TestSlugsFollowTheFileNameRule(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
+++
slug = "Q&A #1"
+++
-- content/b.md --
+++
slug = "café-crème"
+++
`)
	s.AssertDiag(`content/a.md:2:1: slug "Q&A #1" may hold only letters, digits, '-', '_' and '.'; "QA-1" would do`)
	if d := s.Diags(); len(d) != 1 {
		t.Errorf("diagnostics: %q", d)
	}
	s.Edit("content/a.md", "+++\nslug = \"QA-1\"\n+++\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("QA-1/index.html", "<title>")
	s.AssertFileContains("café-crème/index.html", "<title>")
}

// A section's URL comes from its folder: a slug in its own page is a
// warning, never silently dropped.
func TestSlugOfASectionPageIsAWarning(t *testing.T) {
	s := sitetest.Build(t, `
-- content/guide/_index.md --
+++
title = "Guide"
slug = "handbook"
+++
-- content/guide/a.md --
# A
`)
	s.AssertDiag("content/guide/_index.md:3:1: warning: slug is not used in a section's own page: the section's URL comes from its folder's name (rename the folder, and add aliases for old URLs)")
	s.AssertFileContains("guide/index.html", "Guide")
}

// The "Edit this page" link of a file whose name holds characters that
// mean something in a URL escapes them (each folder and the name), so
// that it leads to the file.
func TestEditLinksEscapeTheFilesName(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
editURL = "https://git.example/edit/main/"
-- content/Sales & Ops/Q&A #1 what?.md --
# Questions
`)
	s.AssertFileContains("Sales-Ops/QA-1-what/index.html",
		`href="https://git.example/edit/main/content/Sales%20&amp;%20Ops/Q&amp;A%20%231%20what%3F.md"`)
}
