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
`)
	s.AssertFileContains("s/a/index.html", `<a href="/s/a/" aria-current="page">A</a>`, `<a href="/s/b/">B</a>`, "<ul>\n")
	s.AssertFileContains("s/index.html", `<a href="/s/" aria-current="page">S</a>`, `<a href="/s/a/">A</a>`)
	s.AssertFileLacks("s/a/index.html", `<ul aria-current`)
}
