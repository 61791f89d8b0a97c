package content_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// A Docusaurus docs folder: _category_ files label, order and open
// folders; index.md is a folder's page.
const docusaurusSite = `
-- site.toml --
title = "Docs"
-- content/index.md --
# Welcome
-- content/intro.md --
+++
weight = 1
+++
# Introduction
-- content/tutorial-basics/_category_.json --
{
  "label": "Tutorial - Basics",
  "position": 2,
  "collapsed": false,
  "link": {
    "type": "generated-index",
    "title": "Basics overview",
    "description": "Five minutes to learn the most important concepts."
  }
}
-- content/tutorial-basics/create-a-page.md --
# Create a Page
-- content/tutorial-basics/deploy.md --
# Deploy your site
-- content/tutorial-extras/_category_.yml --
label: Tutorial - Extras
position: 3
link:
  type: doc
  id: tutorial-extras/index
className: red
-- content/tutorial-extras/index.md --
# Extras
-- content/tutorial-extras/translate.md --
# Translate
-- content/guides/_category_.yaml --
position: 2.5
collapsed: true
-- content/guides/index.md --
# Guides
-- content/guides/one.md --
# One
`

func TestCategoryFilesLabelOrderAndOpenFolders(t *testing.T) {
	s := sitetest.Build(t, docusaurusSite)
	s.AssertSidebar("intro/index.html", `
Introduction /intro/ *
Tutorial - Basics /tutorial-basics/
  Create a Page /tutorial-basics/create-a-page/
  Deploy your site /tutorial-basics/deploy/
Guides /guides/
Tutorial - Extras /tutorial-extras/
`)
	s.AssertSidebar("guides/one/index.html", `
Introduction /intro/
Tutorial - Basics /tutorial-basics/
  Create a Page /tutorial-basics/create-a-page/
  Deploy your site /tutorial-basics/deploy/
Guides /guides/
  One /guides/one/ *
Tutorial - Extras /tutorial-extras/
`)
	// The open folder is not marked as on the way to the current page.
	s.AssertFileContains("intro/index.html", "<li class=\"nav-section\">\n<a href=\"/tutorial-basics/\">Tutorial - Basics</a>\n<ul>")
	// A generated index is the page of a folder without one.
	s.AssertFileContains("tutorial-basics/index.html", "<h1>Basics overview</h1>",
		`<p class="lead">Five minutes to learn the most important concepts.</p>`,
		`<meta name="description" content="Five minutes to learn the most important concepts.">`)
	// A folder's own page keeps its title; the label is the navigation's.
	s.AssertFileContains("tutorial-extras/index.html", "<h1>Extras</h1>")
	for _, name := range []string{"tutorial-basics/_category_.json", "tutorial-extras/_category_.yml", "guides/_category_.yaml"} {
		s.AssertNoFile(name)
	}
	want := []string{
		`content/tutorial-extras/_category_.yml:4:9: warning: link type "doc" is not supported and the link is ignored; the folder's page is its _index.md, index.md or README.md`,
		`content/tutorial-extras/_category_.yml:6:1: warning: className is not supported and is ignored; style the sidebar with the theme's CSS`,
	}
	if got := strings.Join(s.Diags(), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestCategoryFilesThatHaveNoEffectWarn(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Docs"
-- content/_category_.json --
{"label": "Root"}
-- content/a/_category_.json --
{"label": "A from JSON"}
-- content/a/_category_.yml --
label: A from YAML
-- content/a/page.md --
# Page
-- content/b/_category_.json --
{"label": "B", "link": {"type": "generated-index", "title": "B overview"}}
-- content/b/README.md --
# B
-- content/b/page.md --
# B page
-- content/empty/_category_.json --
{"label": "Nothing here"}
-- content/empty/notes.txt --
text
`)
	s.AssertSidebar("a/page/index.html", `
A from JSON /a/
  Page /a/page/ *
B /b/
`)
	s.AssertFileContains("b/index.html", "<h1>B</h1>")
	want := []string{
		`content/_category_.json:1:1: warning: a _category_ file in the content folder itself has no effect: the home page has no entry in the navigation`,
		`content/a/_category_.yml:1:1: warning: this folder's _category_.json is used and this file is ignored`,
		`content/b/_category_.json:1:16: warning: the generated index's title and description are not used: the folder's page is README.md`,
		`content/empty/_category_.json:1:1: warning: this folder has no pages, so this file has no effect`,
	}
	if got := strings.Join(s.Diags(), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
