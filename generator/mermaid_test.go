package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

const mermaidSite = `
-- site.toml --
title = "Diagrams"
[print]
sections = true
-- content/flow/_index.md --
+++
title = "Flow"
+++
-- content/flow/stages.md --
+++
title = "Stages"
+++
` + "```mermaid\ngraph LR\n  A[Qualify] --> B[Propose]\n```" + `
-- content/plain/_index.md --
+++
title = "Plain"
+++
-- content/plain/text.md --
+++
title = "Text"
+++
No diagram.
`

// mermaidAsset returns the published name of the mermaid script, or "".
func mermaidAsset(s *sitetest.Site) string {
	for _, n := range s.Out.Names() {
		if strings.HasPrefix(n, "assets/mermaid/mermaid.min.") {
			return n
		}
	}
	return ""
}

// Only the pages and print pages that show a diagram load the script,
// and only a site with a diagram publishes it (with its licence).
func TestMermaidScriptLoadsOnlyWhereADiagramIs(t *testing.T) {
	s := sitetest.Build(t, mermaidSite)
	script := mermaidAsset(s)
	if script == "" {
		t.Fatalf("mermaid script not published: %v", s.Out.Names())
	}
	tag := `<script src="/` + script + `" defer></script>`
	s.AssertFileContains("flow/stages/index.html", tag, `<pre class="mermaid">graph LR`+"\n"+`  A[Qualify] --&gt; B[Propose]`)
	s.AssertFileContains("print/index.html", tag)
	s.AssertFileContains("print/flow/index.html", tag)
	for _, page := range []string{"plain/text/index.html", "index.html", "flow/index.html", "print/plain/index.html", "404.html"} {
		s.AssertFileLacks(page, "mermaid")
	}
	licence := false
	for _, n := range s.Out.Names() {
		licence = licence || strings.HasPrefix(n, "assets/mermaid/LICENSE.")
	}
	if !licence {
		t.Errorf("the script's licence is not published beside it: %v", s.Out.Names())
	}

	plain := sitetest.Build(t, strings.Replace(mermaidSite, "```mermaid", "```text", 1))
	if n := mermaidAsset(plain); n != "" {
		t.Errorf("a site without diagrams publishes %s", n)
	}
}

// Adding the first diagram, editing it and removing the last one in
// serve mode give what a fresh build gives, script included.
func TestMermaidEditsInServeModeMatchFreshBuilds(t *testing.T) {
	s := sitetest.New(t, mermaidSite)
	s.Opts.Incremental = true
	s.Rebuild()
	page := func(body string) string { return "+++\ntitle = \"Text\"\n+++\n" + body + "\n" }
	for _, st := range []struct{ name, body string }{
		{"second diagram", "```mermaid\npie\n  \"A\" : 1\n```"},
		{"diagram edited", "```mermaid\npie\n  \"B\" : 2\n```"},
		{"diagram removed", "No diagram."},
	} {
		s.Edit("content/plain/text.md", page(st.body))
		s.Rebuild()
		sameAsFresh(t, s, st.name)
	}
	s.Edit("content/flow/stages.md", "+++\ntitle = \"Stages\"\n+++\nNo diagram left.\n")
	s.Rebuild()
	sameAsFresh(t, s, "last diagram removed")
	if n := mermaidAsset(s); n != "" {
		t.Errorf("%s still served with no diagram left", n)
	}
	s.Edit("content/plain/text.md", page("```mermaid\npie\n  \"C\" : 3\n```"))
	s.Rebuild()
	sameAsFresh(t, s, "first diagram added")
	if mermaidAsset(s) == "" {
		t.Error("no script served for the new diagram")
	}
}
