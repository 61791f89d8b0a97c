package themes_test

import (
	"testing"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

const mermaidSite = `
-- site.toml --
title = "Diagrams"
-- content/stages.md --
+++
title = "Stages"
+++
` + "```mermaid\ngraph LR\n  A[Qualify] --> B[Propose]\n```\n\n" +
	"```mermaid\ngraph LR\n  X[\"<img src=x onerror=window.pwned=1>\"] --> Y\n  click X call pwn()\n```" + `
-- content/plain.md --
+++
title = "Plain"
+++
No diagram.
`

// A page with a mermaid block shows it as SVG, and the diagram's text
// runs no script; a page without one does not load the script.
func TestMermaidBlockShowsAsSVGOnlyWhereThereIsOne(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, mermaidSite))
	ctx := browsertest.New(t)

	browsertest.Navigate(t, ctx, url+"/stages/")
	browsertest.WaitFor(t, ctx, `document.querySelectorAll("pre.mermaid > svg").length === 2`)
	nodes := `Array.from(document.querySelector("pre.mermaid > svg").querySelectorAll(".node"), n => n.textContent.trim()).join(",")`
	if got := browsertest.Eval[string](t, ctx, nodes); got != "Qualify,Propose" {
		t.Errorf("first diagram's text = %q, want the nodes Qualify and Propose", got)
	}
	if browsertest.Eval[bool](t, ctx, `"pwned" in window || !!document.querySelector("pre.mermaid img[onerror]")`) {
		t.Error("a diagram's label ran a script")
	}

	browsertest.Navigate(t, ctx, url+"/plain/")
	if browsertest.Eval[bool](t, ctx, `!!document.querySelector('script[src*="mermaid"]') || "mermaid" in window`) {
		t.Error("a page without a diagram loads the mermaid script")
	}
}
