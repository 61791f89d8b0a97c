package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// A Docusaurus folder with a _category_ file and only an index.md is a
// category whose page that is, not a page bundle.
func TestCategoryFolderWithOnlyAnIndexIsASection(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
contentDir = "docs"
-- docs/index.md --
# Home
-- docs/basics/_category_.json --
{"position": 2}
-- docs/basics/a.md --
# A
-- docs/basics/b.md --
# B
-- docs/advanced/_category_.yml --
label: Advanced
position: 1
-- docs/advanced/index.md --
# Advanced topics
`)
	if got := s.Diags(); len(got) != 0 {
		t.Errorf("diagnostics: %v", got)
	}
	s.AssertFileContains("advanced/index.html", "<h1>Advanced topics</h1>")
	home := s.File("index.html")
	if a, b := strings.Index(home, ">Advanced<"), strings.Index(home, ">Basics<"); a < 0 || b < 0 || a > b {
		t.Errorf("sidebar: Advanced (position 1) at %d should come before Basics (position 2) at %d", a, b)
	}
}

// Docusaurus drops number prefixes from URLs: a link to the route it gave
// a page finds the page, and a page without a title is not "02 next".
func TestDocusaurusRoutesWithoutNumberPrefixesResolve(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
contentDir = "docs"
-- docs/index.md --
See [next](/docs/basics/next) and [the same](/basics/next/#more).
-- docs/01-basics/01-intro.md --
# Intro
-- docs/01-basics/02-next.md --
Text.

## More
`)
	s.AssertFileContains("index.html", `href="/01-basics/02-next/"`, `href="/01-basics/02-next/#more"`)
	s.AssertFileContains("01-basics/02-next/index.html", "<h1>Next</h1>")
}
