package generator_test

import (
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
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

// A title taken from a heading with emphasis, code or a link shows them in
// the page's heading and the print page's, links resolved like the
// body's; <title>, the sidebar and the pager get the text. The heading
// that left takes no id from the body's: "## Setup" after "# Setup" is
// "setup".
func TestTitleFromHeadingKeepsItsMarkup(t *testing.T) {
	s := sitetest.Build(t, `
-- content/go.md --
# Using *Go* with [gRPC](grpc.md#setup)

## Using Go with gRPC

See [below](#using-go-with-grpc).
-- content/grpc.md --
# Setup

## Setup
`)
	s.AssertFileContains("go/index.html",
		`<title>Using Go with gRPC · `,
		`<h1>Using <em>Go</em> with <a href="/grpc/#setup">gRPC</a></h1>`,
		`<h2 id="using-go-with-grpc">`,
		`<a href="/go/#using-go-with-grpc">below</a>`)
	s.AssertFileContains("grpc/index.html", `<h1>Setup</h1>`, `<h2 id="setup">`)
	s.AssertFileContains("print/index.html", `class="part-title">Using <em>Go</em> with <a href="#p-grpc--setup">gRPC</a></h1>`)
}
