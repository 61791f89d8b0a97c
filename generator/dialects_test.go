package generator_test

import (
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// MkDocs' inline syntax renders, and what playbook cannot render is a
// warning at its line and column, counted from the top of the file.
func TestMkDocsInlineSyntaxRendersAndWarnsWithPositions(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/pricing.md --
+++
title = "Pricing"
+++
Never ==promise a price== on a call. Log it with ++ctrl+k++ in the CRM,
with the ACV.
{: .lead #rules }

[Book a slot](discovery.md){ .md-button onclick="x()" }

--8<-- "includes/abbreviations.md"

*[ACV]: Annual contract value
-- content/discovery.md --
+++
title = "Discovery"
+++
See the [pricing rules](pricing.md#rules).
`)
	s.AssertFileContains("pricing/index.html",
		`<p id="rules" class="lead">Never <mark>promise a price</mark> on a call. Log it with <kbd>Ctrl</kbd>+<kbd>K</kbd> in the CRM,`+"\n"+`with the <abbr title="Annual contract value">ACV</abbr>.</p>`,
		`<a href="/discovery/" class="md-button">Book a slot</a>`,
	)
	s.AssertFileLacks("pricing/index.html", "--8&lt;--", "onclick", "*[ACV]", "{:")
	s.AssertFileContains("discovery/index.html", `<a href="/pricing/#rules">pricing rules</a>`)
	s.AssertFileContains("print/index.html", `id="p-pricing--rules"`)
	s.AssertDiag(`content/pricing.md:8:28: warning: attribute list: left out "onclick" (playbook keeps id, class and title, and alt, width and height on images)`)
	s.AssertDiag(`content/pricing.md:10:1: warning: snippet includes are not supported: paste the text or link to the page`)
	if d := s.Diags(); len(d) != 2 {
		t.Errorf("want 2 warnings, got %q", d)
	}
}

// Zola shortcodes are warnings at their place; bodies stay, markers go.
func TestZolaShortcodesWarnWithPositions(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/discovery.md --
+++
title = "Discovery"
+++
Intro.

{% note(kind="warning") %}
Keep the product out of the first call.
{% end %}

{{ youtube(id="dQw4w9WgXcQ") }}
`)
	s.AssertFileContains("discovery/index.html",
		"<p>Keep the product out of the first call.</p>",
		`<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></p>`,
	)
	s.AssertFileLacks("discovery/index.html", "{%", "{{")
	s.AssertDiag(`content/discovery.md:6:1: warning: zola shortcode "note" is not supported: its body is shown as ordinary text; for a callout write "> [!WARNING]" and the body in "> " lines`)
	s.AssertDiag(`content/discovery.md:10:1: warning: zola shortcode "youtube" is not supported: shown as a link to it`)
}
