package content_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// An mdBook: src/ holds SUMMARY.md, which orders, nests, titles and
// groups the chapters into parts.
const mdBookSite = `
-- site.toml --
title = "The Book"
contentDir = "src"
-- src/SUMMARY.md --
# Summary

[Introduction](README.md)

# User Guide

- [Installation](guide/installation.md)
- [Reading Books](guide/reading.md)
    - [Nested](guide/nested.md)
- [Draft Chapter]()
    - [Under the draft](guide/under%20draft.md)

---

# Reference

- [Command Line Tool](cli/README.md)
    - [init](cli/init.md)
    - [build](./cli/build.md)

[Contributors](misc/contributors.md)
-- src/README.md --
# Introduction to the book
-- src/guide/installation.md --
# Installation
-- src/guide/reading.md --
# Reading
-- src/guide/nested.md --
# Nested
-- src/guide/under draft.md --
# Under
-- src/cli/README.md --
# The CLI
-- src/cli/init.md --
# init
-- src/cli/build.md --
# build
-- src/misc/contributors.md --
# Contributors
-- src/misc/orphan.md --
# Orphan
`

func TestSummaryOrdersNestsAndTitlesChapters(t *testing.T) {
	s := sitetest.Build(t, mdBookSite)
	s.AssertSidebar("guide/nested/index.html", `
Introduction /
# User Guide
  Installation /guide/installation/
  Reading Books /guide/reading/
    Nested /guide/nested/ *
  Under the draft /guide/under-draft/
# Reference
  Command Line Tool /cli/
Contributors /misc/contributors/
Orphan /misc/orphan/
`)
	s.AssertSidebar("cli/build/index.html", `
Introduction /
# User Guide
  Installation /guide/installation/
  Reading Books /guide/reading/
  Under the draft /guide/under-draft/
# Reference
  Command Line Tool /cli/
    init /cli/init/
    build /cli/build/ *
Contributors /misc/contributors/
Orphan /misc/orphan/
`)
	s.AssertFileContains("index.html", "<h1>Introduction to the book</h1>", `<a href="/" aria-current="page">Introduction</a>`,
		`<li class="nav-part"><span class="nav-part-title">User Guide</span>`)
	// Reading order follows SUMMARY.md, from the introduction on; the
	// pages it does not list come last.
	s.AssertFileContains("index.html", "<li>\n<a href=\"/\" aria-current=\"page\">Introduction</a>")
	s.AssertFileContains("guide/installation/index.html", `<a class="prev" href="/"`, `<a class="next" href="/guide/reading/"`)
	s.AssertFileContains("guide/under-draft/index.html", `<a class="next" href="/cli/"`)
	s.AssertFileContains("misc/contributors/index.html", `<a class="next" href="/misc/orphan/"`)
	// A folder's list follows SUMMARY.md too.
	cli := s.File("cli/index.html")
	if i, j := strings.Index(cli, `href="/cli/init/"`), strings.Index(cli, `href="/cli/build/"`); i < 0 || j < i {
		t.Errorf("cli/index.html does not list init before build")
	}
	// So does the printed book (whose chapters are its folders).
	print := s.File("print/index.html")
	last := -1
	for _, title := range []string{"Introduction to the book", "Installation", "Reading", "Nested", "Under", "The CLI", "init", "build", "Contributors", "Orphan"} {
		i := strings.Index(print, `class="part-title">`+title+"</h")
		if i < 0 || i < last {
			t.Errorf("print/index.html: %q is not after the chapter before it", title)
		}
		last = i
	}
	s.AssertNoFile("SUMMARY/index.html")
	want := []string{
		`src/SUMMARY.md:10:3: warning: draft chapter "Draft Chapter" has no file and is left out`,
		`src/misc/orphan.md:1:1: warning: not listed in src/SUMMARY.md; the navigation lists it after the chapters`,
	}
	if got := strings.Join(s.Diags(), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestSummaryEntriesThatNameNoPage(t *testing.T) {
	_, err := sitetest.BuildErr(t, `
-- site.toml --
title = "The Book"
-- content/SUMMARY.md --
# Summary

- [One](one.md)
- [Missing](missing.md)
    - [Two](two.md)
- [Picture](img.png)
- [Up](../outside.md)
- [Draft page](draft.md)
- [One again](one.md)
- [Elsewhere](https://example.com/)

## Not a part

Some text.
-- content/one.md --
# One
-- content/two.md --
# Two
-- content/img.png --
PNG
-- content/draft.md --
+++
draft = true
+++
`)
	want := `content/SUMMARY.md:4:3: chapter "Missing": missing.md does not exist; create it or remove the entry
content/SUMMARY.md:6:3: chapter "Picture": img.png is not a Markdown file
content/SUMMARY.md:7:3: chapter "Up": ../outside.md is outside the content folder`
	if err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	s := sitetest.New(t, `
-- site.toml --
title = "The Book"
-- content/SUMMARY.md --
# Summary

- [One](one.md)
- [One again](one.md)
- [Elsewhere](https://example.com/)
- Plain text

## Not a part

Some text.

    code
-- content/one.md --
# One
`)
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertSidebar("one/index.html", "One /one/ *\n")
	wantDiags := []string{
		`content/SUMMARY.md:4:3: warning: chapter "One again": one.md is listed already; this entry is left out`,
		`content/SUMMARY.md:5:3: warning: chapter "Elsewhere" links to another site and is left out; chapters are files of the book`,
		`content/SUMMARY.md:6:3: warning: list item ignored: a chapter is a link, - [Title](file.md)`,
		`content/SUMMARY.md:8:1: warning: heading ignored: part titles are level-1 headings (# Part)`,
		`content/SUMMARY.md:10:1: warning: text ignored: SUMMARY.md lists chapters as links, [Title](file.md)`,
		`content/SUMMARY.md:12:5: warning: codeblock ignored: SUMMARY.md lists chapters as links, [Title](file.md)`,
	}
	if got := strings.Join(s.Diags(), "\n"); got != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(wantDiags, "\n"))
	}
}
