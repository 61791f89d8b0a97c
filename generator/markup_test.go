package generator_test

import (
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// [markup] typographer = false leaves quotes, dashes and ellipses as
// written, in bodies and in titles taken from a heading; by default they
// are typographic, and arrows drawn with dashes stay as written either way.
func TestTypographerCanBeTurnedOff(t *testing.T) {
	page := `
-- content/call.md --
# The "first" call

Say "hello" -- then wait... Lead --> Deal.
`
	on := sitetest.Build(t, page)
	on.AssertFileContains("call/index.html",
		`<title>The “first” call · `,
		`<p>Say &ldquo;hello&rdquo; &ndash; then wait&hellip; Lead --&gt; Deal.</p>`)

	off := sitetest.Build(t, `
-- site.toml --
[markup]
typographer = false
`+page)
	off.AssertFileContains("call/index.html",
		`<title>The &#34;first&#34; call · `,
		`<p>Say &quot;hello&quot; -- then wait... Lead --&gt; Deal.</p>`)
}
