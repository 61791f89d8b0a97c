package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// Callouts and tabs of MkDocs and Docusaurus build as written: the page
// and the print page show them, and what cannot render as written is a
// warning at its line and column, front matter counted.
func TestForeignCalloutsAndTabsBuildWithPositionedWarnings(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Play"
[print]
sections = true
-- content/_index.md --
+++
title = "Home"
+++
-- content/selling/_index.md --
+++
title = "Selling"
+++
-- content/selling/pricing.md --
+++
title = "Pricing"
+++
!!! tip "Why now"
    Ask what changed this quarter.

??? question "Why does the buyer care?"
    Because it costs them money.

=== "Email"
    Send the recap.

=== "Phone"
    Call back.

!!!
    No kind.

:::warning Discount policy
Never below floor price.
`)
	s.AssertFileContains("selling/pricing/index.html",
		`<div class="callout callout-tip kind-tip" role="note"><p class="callout-title">`,
		`</svg>Why now</p>`+"\n<p>Ask what changed this quarter.</p>",
		`<details class="callout callout-tip kind-question"><summary class="callout-title">`,
		`<div class="tabs">`+"\n"+`<div class="tab-panel"><p class="tab-label">Email</p>`,
		`</svg>Discount policy</p>`+"\n<p>Never below floor price.</p>",
	)
	for _, print := range []string{"print/index.html", "print/selling/index.html"} {
		s.AssertFileContains(print, `</svg>Why now</p>`, "Because it costs them money.", `<p class="tab-label">Phone</p>`)
	}
	s.AssertDiag(`content/selling/pricing.md:16:1: warning: !!! without a kind renders as text: write !!! note "Title"`)
	s.AssertDiag("content/selling/pricing.md:19:1: warning: :::warning is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)")
	if d := s.Diags(); len(d) != 2 {
		t.Errorf("want 2 warnings, got\n%s", strings.Join(d, "\n"))
	}
}
