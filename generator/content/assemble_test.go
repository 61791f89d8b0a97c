package content_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// A GitHub-style tree: every folder's README.md is its page, the one at
// the top the home page.
func TestReadmeIsItsFoldersPage(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Repo docs"
-- content/README.md --
# Handbook
Start with [the guide](guide/README.md) or [setup](./guide/setup.md).
-- content/guide/README.md --
# The guide
Then [tuning](advanced/README.md), or go [back](../README.md).
-- content/guide/setup.md --
# Setup
-- content/guide/advanced/README.md --
# Advanced
-- content/guide/advanced/tuning.md --
# Tuning
-- content/reference/readme.md --
# Reference
-- content/reference/api.png --
PNG
`)
	s.AssertFileContains("index.html", "<h1>Handbook</h1>", `href="/guide/"`, `href="/guide/setup/"`)
	s.AssertFileContains("guide/index.html", "<h1>The guide</h1>", `href="/guide/advanced/"`, `href="/"`)
	s.AssertFileContains("guide/advanced/index.html", "<h1>Advanced</h1>")
	s.AssertFileContains("reference/index.html", "<h1>Reference</h1>")
	s.AssertFileContains("reference/api.png", "PNG")
	for _, gone := range []string{"README/index.html", "guide/README/index.html", "guide/advanced/README/index.html", "reference/readme/index.html"} {
		s.AssertNoFile(gone)
	}
	s.AssertSidebar("guide/advanced/tuning/index.html", `
Reference /reference/
The guide /guide/
  Advanced /guide/advanced/
    Tuning /guide/advanced/tuning/ *
  Setup /guide/setup/
`)
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("diagnostics: %q", d)
	}
	if p := s.Result.Site.ByPath["guide/README.md"]; p == nil || !p.IsSection() || p.URL != "/guide/" {
		t.Errorf(`ByPath["guide/README.md"] = %+v, want the section page /guide/`, p)
	}
}

// MkDocs and Docusaurus: an index.md with other pages in its folder is
// the folder's page; alone, it is a page bundle as before.
func TestIndexWithOtherPagesIsItsFoldersPage(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Docs"
-- content/index.md --
# Welcome
See [install](docs/install.md), [the docs](docs/index.md) and [the FAQ](faq/index.md).
-- content/docs/index.md --
# Documentation
-- content/docs/install.md --
# Install
-- content/api/index.md --
# API
-- content/api/v1/reference.md --
# Reference v1
-- content/faq/index.md --
# FAQ
![diagram](diagram.png)
-- content/faq/diagram.png --
PNG
`)
	s.AssertFileContains("index.html", "<h1>Welcome</h1>", `href="/docs/install/"`, `href="/docs/"`, `href="/faq/"`)
	s.AssertFileContains("docs/index.html", "<h1>Documentation</h1>")
	s.AssertFileContains("api/index.html", "<h1>API</h1>")
	s.AssertFileContains("faq/index.html", "<h1>FAQ</h1>", `src="/faq/diagram.png"`)
	s.AssertFileContains("faq/diagram.png", "PNG")
	s.AssertNoFile("index/index.html")
	s.AssertNoFile("docs/index/index.html")
	s.AssertSidebar("docs/install/index.html", `
API /api/
Documentation /docs/
  Install /docs/install/ *
FAQ /faq/
`)
	if p := s.Result.Site.ByPath["faq/index.md"]; p == nil || p.IsSection() {
		t.Errorf("faq/index.md alone in its folder should stay a page bundle, got %+v", p)
	}
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("diagnostics: %q", d)
	}
}

func TestSectionPagePrecedenceWarnsAtTheFileThatLoses(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Mixed"
-- content/_index.md --
# Home
-- content/README.md --
# Repository readme
-- content/a/_index.md --
# A from Hugo
-- content/a/index.md --
# A from MkDocs
-- content/a/README.md --
# A from GitHub
-- content/a/page.md --
# Page
-- content/b/index.md --
# B
-- content/b/README.md --
# B readme
`)
	s.AssertFileContains("index.html", "<h1>Home</h1>")
	s.AssertFileContains("README/index.html", "<h1>Repository readme</h1>")
	s.AssertFileContains("a/index.html", "<h1>A from Hugo</h1>")
	s.AssertFileContains("a/index/index.html", "<h1>A from MkDocs</h1>")
	s.AssertFileContains("a/README/index.html", "<h1>A from GitHub</h1>")
	s.AssertFileContains("b/index.html", "<h1>B</h1>")
	s.AssertFileContains("b/README/index.html", "<h1>B readme</h1>")
	want := []string{
		"content/README.md:1:1: warning: _index.md is this folder's own page (_index.md comes before index.md, then README.md); this file is a page of its own at /README/",
		"content/a/README.md:1:1: warning: _index.md is this folder's own page (_index.md comes before index.md, then README.md); this file is a page of its own at /a/README/",
		"content/a/index.md:1:1: warning: _index.md is this folder's own page (_index.md comes before index.md, then README.md); this file is a page of its own at /a/index/",
		"content/b/README.md:1:1: warning: index.md is this folder's own page (_index.md comes before index.md, then README.md); this file is a page of its own at /b/README/",
	}
	if got := strings.Join(s.Diags(), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestCurriculumBelongsInTheFoldersOwnPage(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "C"
-- content/path/README.md --
+++
title = "Path"
type = "curriculum"
+++
-- content/path/01-first.md --
# First
-- content/path/02-second.md --
# Second
`)
	s.AssertFileContains("path/index.html", "<h1>Path</h1>", "2 modules")
	s.AssertFileContains("path/02-second/index.html", `<span class="module-no">Module 2</span>`)

	_, err := sitetest.BuildErr(t, `
-- site.toml --
title = "C"
-- content/path/index.md --
# Path
-- content/path/README.md --
+++
type = "curriculum"
+++
-- content/path/a.md --
# A
-- content/solo/index.md --
+++
type = "curriculum"
+++
`)
	for _, want := range []string{
		`content/path/README.md:2:1: type "curriculum" belongs in the folder's own page, which is index.md`,
		`content/solo/index.md:2:1: type "curriculum" belongs in a section's own page; an index.md alone in its folder is a page bundle`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
}
