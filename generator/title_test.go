package generator_test

import (
	"testing"

	"playbook/generator/internal/sitetest"
)

// A leading h1 that says something other than the front-matter title stays
// on the page; one that says the title again, or gives the title, leaves.
func TestLeadingHeadingStaysWhenItDiffersFromTheTitle(t *testing.T) {
	s := sitetest.Build(t, `
-- content/differs.md --
+++
title = "Discovery"
+++
# Running a discovery call

Text.
-- content/same.md --
+++
title = "Discovery calls"
+++
# Discovery Calls

Text.
-- content/none.md --
# From the heading

Text.
`)
	s.AssertFileContains("differs/index.html", `<title>Discovery · `, `<h1 id="running-a-discovery-call">Running a discovery call</h1>`)
	s.AssertFileLacks("same/index.html", `<h1 id=`)
	s.AssertFileContains("none/index.html", `<title>From the heading · `)
	s.AssertFileLacks("none/index.html", `<h1 id=`)
}
