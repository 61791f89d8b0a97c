package generator_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// Another generator's syntax is shown as written and each occurrence is a
// warning at its place in the file, front matter counted; raw HTML is
// one warning of its own.
func TestForeignSyntaxAndRawHTMLGiveExactlyTheirWarnings(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
+++
title = "A"
+++
Intro {{< ref "b.md" >}} and <details>.

{{% notice tip %}}
Text <br> and :material-check:.
{{% /notice %}}

import Tabs from '@theme/Tabs';

<Tabs>

{{#include x.md}}
-- content/b.md --
+++
title = "B"
+++
`+"`{{< ref \"a.md\" >}}`"+` in code is code.
`)
	want := []string{
		`content/a.md:4:7: warning: Hugo shortcode {{< ref >}} not rendered: use a relative link [text](b.md)`,
		`content/a.md:4:30: warning: raw HTML left out (2 places, the first here): set unsafe = true under [markup] in site.toml to keep it`,
		`content/a.md:6:1: warning: Hugo shortcode {{% notice %}} not rendered: use a callout: > [!TIP]`,
		`content/a.md:7:15: warning: MkDocs icon :material-check: not rendered: write an emoji or plain text instead`,
		`content/a.md:10:1: warning: MDX import not rendered: playbook pages are Markdown, not MDX; remove the line`,
		`content/a.md:12:1: warning: MDX component <Tabs> not rendered: write each tab's content under a heading of its own`,
		`content/a.md:14:1: warning: mdBook {{#include}} not rendered: playbook does not include files; paste the content of x.md here`,
	}
	if got := s.Diags(); !slices.Equal(got, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s.AssertFileContains("a/index.html",
		`Intro {{&lt; ref &quot;b.md&quot; &gt;}} and`,
		`<p>{{% notice tip %}}`,
		`<p>import Tabs from '@theme/Tabs';</p>`,
		`<p>&lt;Tabs&gt;</p>`,
		`<p>{{#include x.md}}</p>`)
}
