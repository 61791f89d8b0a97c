package themes_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"playbook/internal/browsertest"
)

// partSite is an mdBook whose SUMMARY.md groups chapters into parts.
const partSite = `
-- site.toml --
title = "Book"
-- content/SUMMARY.md --
[Introduction](README.md)

# User Guide

- [Installation](install.md)
- [Reading](reading.md)
    - [Nested](nested.md)
-- content/README.md --
# Introduction
-- content/install.md --
# Installation
-- content/reading.md --
# Reading
-- content/nested.md --
# Nested
`

// A part title reads as a heading over its chapters: not a link, its
// chapters level with the chapters outside parts, its text within WCAG
// contrast in both schemes.
func TestSidebarPartTitlesAreHeadingsOverTheirChapters(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, browsertest.Serve(t, buildFixture(t, partSite))+"/reading/")
	type title struct{ Text, Tag string }
	part := browsertest.Eval[title](t, ctx, `(() => { const e = document.querySelector("#sidebar .nav-part-title");
		return {Text: e.textContent, Tag: e.closest("a") ? "a" : e.tagName.toLowerCase()} })()`)
	if part.Text != "User Guide" || part.Tag != "span" {
		t.Errorf("part title is %+v, want the text User Guide outside any link", part)
	}
	left := func(href string) float64 {
		return browsertest.Eval[float64](t, ctx, `document.querySelector('#sidebar a[href="`+href+`"]').getBoundingClientRect().left`)
	}
	if intro, install, nested := left("/"), left("/install/"), left("/nested/"); install != intro || nested <= install {
		t.Errorf("left edges: introduction %v, installation %v (want the same), nested %v (want more)", intro, install, nested)
	}
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+scheme+`")`))
		res := browsertest.Eval[[]axeResult](t, ctx, `axe.run({include: ["#sidebar"]}, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`)
		for _, v := range res {
			for _, n := range v.Nodes {
				t.Errorf("%s: %s: %s at %v: %s", scheme, v.ID, v.Help, n.Target, n.HTML)
			}
		}
	}
}
