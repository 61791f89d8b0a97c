package themes_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/internal/browsertest"
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

// bigFolderSite has a folder of 14 pages, more than the sidebar shows:
// pages 00-10 are for sellers, 11-13 for managers.
func bigFolderSite() string {
	var b strings.Builder
	b.WriteString("-- site.toml --\ntitle = \"Big\"\naudiences = [\"manager\", \"seller\"]\n-- content/_index.md --\n# Home\n-- content/big/_index.md --\n# Big\n")
	for i := range 14 {
		aud := "seller"
		if i >= 11 {
			aud = "manager"
		}
		fmt.Fprintf(&b, "-- content/big/p%02d.md --\n+++\ntitle = \"Page %02d\"\nweight = %d\naudience = [%q]\n+++\n", i, i, i+1, aud)
	}
	return b.String()
}

// The item standing for the pages the sidebar leaves out reads as a
// quiet link (smaller, the soft text colour, within WCAG contrast in both
// schemes), and the role filter hides it when none of those pages is for
// the chosen role.
func TestSidebarMoreItemIsAQuietLinkTheRoleFilterFollows(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, browsertest.Serve(t, buildFixture(t, bigFolderSite()))+"/big/p00/")
	more := `document.querySelector("#sidebar .nav-more a")`
	type look struct {
		Text, Href     string
		Visible        bool
		Size, PageSize float64
		Color, Entry   string
	}
	get := func() look {
		return browsertest.Eval[look](t, ctx, `(() => { const a = `+more+`, e = document.querySelector('#sidebar a[href="/big/p01/"]');
			return {Text: a.textContent, Href: a.getAttribute("href"), Visible: a.offsetParent !== null,
				Size: parseFloat(getComputedStyle(a).fontSize), PageSize: parseFloat(getComputedStyle(e).fontSize),
				Color: getComputedStyle(a).color, Entry: getComputedStyle(e).color} })()`)
	}
	l := get()
	if l.Text != "3 more in Big" || l.Href != "/big/" || !l.Visible {
		t.Fatalf("more item: %+v, want a visible link to /big/ reading 3 more in Big", l)
	}
	if l.Size >= l.PageSize || l.Color != l.Entry {
		t.Errorf("more item: font %vpx in %s, want smaller than an entry's %vpx, in its colour %s", l.Size, l.Color, l.PageSize, l.Entry)
	}
	setRole := func(role string) {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`var s = document.getElementById("role-select"); s.value = `+jsString(role)+`; s.dispatchEvent(new Event("change"))`))
	}
	setRole("seller")
	if get().Visible {
		t.Error("seller: the more item is shown, though every page it stands for is for managers")
	}
	setRole("manager")
	if !get().Visible {
		t.Error("manager: the more item is hidden, though the pages it stands for are for managers")
	}
	setRole("")
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
