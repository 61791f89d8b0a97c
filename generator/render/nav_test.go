package render_test

import (
	"testing"

	"playbook/generator/internal/sitetest"
)

func TestSidebarMarksTheCurrentPagesLink(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/_index.md --
# Home
-- content/s/_index.md --
# S
-- content/s/a.md --
# A
-- content/s/b.md --
# B
-- content/u/_index.md --
# U
-- content/u/c.md --
# C
`)
	// A page: its own link is the current page, its section's link the
	// open section; other sections and pages carry no mark.
	s.AssertFileContains("s/a/index.html", `<a href="/s/a/" aria-current="page">A</a>`, `<a href="/s/b/">B</a>`,
		`<a href="/s/" aria-current="true">S</a>`, `<a href="/u/">U</a>`, "<ul>\n")
	// A section's page: its link is the current page, marked once.
	s.AssertFileContains("s/index.html", `<a href="/s/" aria-current="page">S</a>`, `<a href="/s/a/">A</a>`)
	for _, name := range []string{"s/a/index.html", "s/index.html", "u/c/index.html"} {
		s.AssertFileLacks(name, `<ul aria-current`, `<li aria-current`)
	}
	s.AssertFileLacks("s/index.html", `aria-current="true"`)
	s.AssertFileLacks("s/a/index.html", `<a href="/s/b/" aria-current`, `<a href="/u/" aria-current`)
	s.AssertSidebar("u/c/index.html", `
S /s/
U /u/
  C /u/c/ *
`)
}
