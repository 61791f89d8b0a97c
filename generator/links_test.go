package generator_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// issueSite holds the links of the "Bring your own Markdown" issue.
const issueSite = `
-- site.toml --
title = "Links"
baseURL = "https://x.com/playbook/"
-- content/a.md --
+++
title = "A"
+++
### Qualify {#qualify}
[q](#qualify)
[deck](/selling/missing/)
![chart](/images/pipeline.png)
[b](page.md#caf%C3%A9--cr%C3%A8me)
-- content/page.md --
# Page

## Café & Crème
-- static/images/pipeline.png --
PNG
`

func TestIssueLinksResolveAndAMissingPageIsAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, issueSite)
	if got := s.Diags(); len(got) != 1 {
		t.Errorf("diagnostics %q, want only the missing page", got)
	}
	s.AssertDiag(`content/a.md:6:1: link target "/selling/missing/" not found`)
}

func TestIssueLinksUnderInternalWarning(t *testing.T) {
	s := sitetest.New(t, issueSite)
	s.Files["site.toml"].Data = append(s.Files["site.toml"].Data, "[links]\ninternal = \"warning\"\n"...)
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertDiag(`content/a.md:6:1: warning: link target "/selling/missing/" not found`)
	s.AssertFileContains("a/index.html",
		`<h3 id="qualify">Qualify<a class="anchor" href="#qualify"`,
		`<a href="/playbook/a/#qualify">q</a>`,
		`<a href="/selling/missing/">deck</a>`, // as written: it leads nowhere the build knows
		`<img src="/playbook/images/pipeline.png" alt="chart"`,
		`<a href="/playbook/page/#caf%C3%A9--cr%C3%A8me">b</a>`,
	)
	s.AssertFileContains("page/index.html", `<h2 id="café--crème">`)

	// --strict turns the warning into an error.
	strict := sitetest.New(t, "")
	strict.Files, strict.Opts.FS, strict.Opts.Strict = s.Files, s.Files, true
	strict.Rebuild()
	if s = strict; s.Err == nil || !strings.Contains(s.Err.Error(), `content/a.md:6:1: warning: link target "/selling/missing/" not found`) {
		t.Errorf("strict: err = %v", s.Err)
	}
}

const absoluteSite = `
-- site.toml --
title = "Abs"
baseURL = "https://x.com/playbook/"
theme = "t"
-- content/_index.md --
Home.
-- content/selling/_index.md --
+++
title = "Selling"
+++
-- content/selling/discovery.md --
## Questions
-- content/img/deck.pdf --
PDF
-- content/leading/coach.md --
[md](/selling/discovery.md#questions) [url](/selling/discovery/) [section](/selling/)
[home](/) [file](/img/deck.pdf#page=2) [img](/images/chart.png) [theme](/logo.svg)
[builtin](/favicon.svg) [with base](/playbook/selling/discovery/) [tag](/tags/x/)
-- static/images/chart.png --
PNG
-- themes/t/static/logo.svg --
<svg/>
`

func TestSiteAbsoluteLinksResolveAgainstContentAndStaticFolders(t *testing.T) {
	s := sitetest.Build(t, absoluteSite)
	s.AssertFileContains("leading/coach/index.html",
		`<a href="/playbook/selling/discovery/#questions">md</a>`,
		`<a href="/playbook/selling/discovery/">url</a>`,
		`<a href="/playbook/selling/">section</a>`,
		`<a href="/playbook/">home</a>`,
		`<a href="/playbook/img/deck.pdf#page=2">file</a>`,
		`<a href="/playbook/images/chart.png">img</a>`,
		`<a href="/playbook/logo.svg">theme</a>`,
		`<a href="/playbook/favicon.svg">builtin</a>`,
		`<a href="/playbook/selling/discovery/">with base</a>`,
		`<a href="/playbook/tags/x/">tag</a>`,
	)
	s.Files["site.toml"].Data = append(s.Files["site.toml"].Data, "relativeURLs = true\n"...)
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("leading/coach/index.html",
		`<a href="../../selling/discovery/index.html#questions">md</a>`,
		`<a href="../../images/chart.png">img</a>`,
		`<a href="../../index.html">home</a>`,
	)
}

func TestSiteAbsoluteLinksAreChecked(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
[x](/nowhere.md) ![y](/images/nope.png) [z](/a.md#nope)
-- static/images/chart.png --
PNG
`)
	s.AssertDiag(`content/a.md:1:1: link target "/nowhere.md" not found`)
	s.AssertDiag(`content/a.md:1:18: link target "/images/nope.png" not found`)
	s.AssertDiag(`content/a.md:1:41: link target "/a.md#nope": no heading with id "nope" in this page`)
}

// A link to a draft (or a page not yet published, or expired) says which
// rather than "not found", relative and site-absolute alike; with
// --drafts it resolves. URL-style links too.
func TestLinksToDraftsSayTheyAreDrafts(t *testing.T) {
	const site = `
-- content/a.md --
[x](plans/next.md) [y](/plans/later.md) [z](plans/gone.md) [w](plans/next/) [v](../plans/later/) [u](plans/old.md)
-- content/plans/old.md --
---
expiryDate: 2020-01-01
---
# Old
-- content/plans/next.md --
+++
draft = true
+++
# Next
-- content/plans/later.md --
+++
publishDate = 2099-01-01
+++
# Later
`
	s, _ := sitetest.BuildErr(t, site)
	const (
		not   = "is not published in this build: it is "
		draft = not + "a draft (--drafts builds it)"
		later = not + "to be published on 2099-01-01 (--drafts builds it)"
	)
	s.AssertDiag(`content/a.md:1:1: link target "plans/next.md" ` + draft)
	s.AssertDiag(`content/a.md:1:20: link target "/plans/later.md" ` + later)
	s.AssertDiag(`content/a.md:1:41: link target "plans/gone.md" not found`)
	s.AssertDiag(`content/a.md:1:60: link target "plans/next/" ` + draft)
	s.AssertDiag(`content/a.md:1:77: link target "../plans/later/" ` + later)
	s.AssertDiag(`content/a.md:1:98: link target "plans/old.md" ` + not + "past its expiry date, 2020-01-01 (--drafts builds it)")

	drafts := sitetest.New(t, site)
	drafts.Opts.Drafts = true
	drafts.Rebuild()
	if got := drafts.Diags(); len(got) != 1 || !strings.Contains(got[0], `"plans/gone.md" not found`) {
		t.Errorf("with drafts: %v, want only plans/gone.md not found", got)
	}
}

func TestURLStyleAndOtherToolsLinksResolve(t *testing.T) {
	s := sitetest.Build(t, `
-- content/selling/_index.md --
+++
title = "Selling"
+++
-- content/selling/discovery.md --
## Questions
-- content/selling/call notes.md --
Notes.
-- content/selling/qualify.md --
[up](../discovery/) [sibling](discovery/) [html](discovery.html#questions)
[query](discovery.md?tab=2#questions) [spaces](call%20notes.md) [section](index.html)
[readme](../guide/README.md) [folder](../guide/) [bundle](../kit/) [image](../kit/shot.png)
-- content/guide/README.md --
# Guide
-- content/kit/index.md --
# Kit
-- content/kit/shot.png --
PNG
`)
	s.AssertFileContains("selling/qualify/index.html",
		`<a href="/selling/discovery/">up</a>`,
		`<a href="/selling/discovery/">sibling</a>`,
		`<a href="/selling/discovery/#questions">html</a>`,
		`<a href="/selling/discovery/?tab=2#questions">query</a>`,
		`<a href="/selling/call-notes/">spaces</a>`,
		`<a href="/selling/">section</a>`,
		`<a href="/guide/">folder</a>`,
		`<a href="/kit/">bundle</a>`,
		`<a href="/kit/shot.png">image</a>`,
	)
	// In print, a link to a printed page stays in the document, query or not.
	s.AssertFileContains("print/index.html", `<a href="#p-selling-discovery--questions">query</a>`)
	// README.md is whatever page its file makes.
	readme := s.Result.Site.ByPath["guide/README.md"]
	s.AssertFileContains("selling/qualify/index.html", `<a href="`+readme.URL+`">readme</a>`)
}

func TestLinkLevelsFromSiteTOML(t *testing.T) {
	const files = `
-- content/a.md --
[gone](gone.md) [anchor](b.md#nope)
-- content/b.md --
## Here
`
	s := sitetest.New(t, files+"-- site.toml --\n[links]\ninternal = \"warning\"\nanchors = \"warning\"\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertDiag(`content/a.md:1:1: warning: link target "gone.md" not found`)
	s.AssertDiag(`content/a.md:1:17: warning: link target "b.md#nope": no heading with id "nope" in content/b.md`)
	s.AssertFileContains("a/index.html", `<a href="gone.md">gone</a>`, `<a href="/b/#nope">anchor</a>`)

	s = sitetest.New(t, files+"-- site.toml --\n[links]\nanchors = \"ignore\"\n")
	s.Rebuild()
	s.AssertDiag(`content/a.md:1:1: link target "gone.md" not found`)
	if got := s.Diags(); len(got) != 1 {
		t.Errorf("anchors ignored, yet diagnostics %q", got)
	}

	s, _ = sitetest.BuildErr(t, files+"-- site.toml --\n[links]\nanchors = \"quiet\"\n")
	s.AssertDiag(`site.toml:2:1: links.anchors "quiet": want "error", "warning" or "ignore"`)
}

func TestRawHTMLAnchorsAreLinkTargetsWhenRawHTMLIsOn(t *testing.T) {
	const files = `
-- content/a.md --
[x](b.md#x) [old](b.md#old) [span](b.md#fact)
-- content/b.md --
Text <a id="x"></a> and <a name="old"></a>.

<p><span id="fact">Fact</span></p>
`
	s := sitetest.Build(t, files+"-- site.toml --\n[markup]\nunsafe = true\n")
	s.AssertFileContains("a/index.html", `<a href="/b/#x">x</a>`, `<a href="/b/#fact">span</a>`)

	s, _ = sitetest.BuildErr(t, files)
	s.AssertDiag(`content/a.md:1:1: link target "b.md#x": no heading with id "x" in content/b.md`)
}

func TestLinksToAPageTitleResolve(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
# Buyer Pain

[top](#buyer-pain) [other](b.md#the-b-page) [fm](c.md#from-front-matter)
-- content/b.md --
# The B page
Text.
-- content/c.md --
+++
title = "From front matter"
+++
Text.
`)
	s.AssertFileContains("a/index.html",
		`<a href="#">top</a>`,
		`<a href="/b/#the-b-page">other</a>`,
		`<a href="/c/#from-front-matter">fm</a>`,
	)
	print := s.File("print/index.html")
	i := strings.Index(print, `>other</a>`)
	if i < 0 || !strings.HasSuffix(print[:i], `href="#p-b"`) {
		t.Errorf("print link to a title does not lead to the page's part: %q", print[max(0, i-60):max(0, i)])
	}
}

func TestGivenHeadingIDsReachTOCAndPrint(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
+++
title = "A"
+++
## Qualify {#qualify .key}
## Qualify
[q](#qualify) [b](b.md#why)
-- content/b.md --
## Why we ask {#why}
`)
	s.AssertFileContains("a/index.html",
		`<a href="#qualify">Qualify</a>`, // the TOC
		`<h2 id="qualify" class="key">`,
		`<h2 id="qualify-1">`,
	)
	s.AssertFileContains("print/index.html",
		`id="p-a--qualify"`,
		`href="#p-a--qualify"`,
		`href="#p-b--why"`,
	)
}

func TestNotFoundSuggestsTheClosestPathOrAnchor(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/selling/discovery.md --
## Qualify
## ⚠️ Warning
-- content/leading/coach.md --
[a](../selling/discovry.md) [b](../seling/discovery.md) [c](/selling/discovery.md#qualfy)
[d](../selling/discovery.md#-warning) [e](../selling/discovry/) [f](/images/chrt.png)
[g](../selling/nothing-like-it.md)
-- static/images/chart.png --
PNG
`)
	s.AssertDiag(`content/leading/coach.md:1:1: link target "../selling/discovry.md" not found; did you mean "../selling/discovery.md"?`)
	s.AssertDiag(`content/leading/coach.md:1:29: link target "../seling/discovery.md" not found; did you mean "../selling/discovery.md"?`)
	s.AssertDiag(`content/leading/coach.md:1:57: link target "/selling/discovery.md#qualfy": no heading with id "qualfy" in content/selling/discovery.md; did you mean "qualify"?`)
	s.AssertDiag(`content/leading/coach.md:2:1: link target "../selling/discovery.md#-warning": no heading with id "-warning" in content/selling/discovery.md; the heading's id keeps the invisible variation selector of its emoji, as on GitHub: write "#%EF%B8%8F-warning"`)
	s.AssertDiag(`content/leading/coach.md:2:39: link target "../selling/discovry/" not found; did you mean "../selling/discovery/"?`)
	s.AssertDiag(`content/leading/coach.md:2:65: link target "/images/chrt.png" not found; did you mean "/images/chart.png"?`)
	s.AssertDiag(`content/leading/coach.md:3:1: link target "../selling/nothing-like-it.md" not found`)
}

func TestIncrementalBuildsFollowStaticFilesAndHTMLAnchors(t *testing.T) {
	s := sitetest.New(t, `
-- site.toml --
[markup]
unsafe = true
-- content/a.md --
[chart](/images/chart.png) [x](b.md#x) [t](c.md#old-title)
-- content/b.md --
Text <a id="x"></a>.
-- content/c.md --
+++
title = "C"
+++
# Old title
-- static/images/chart.png --
PNG
`)
	s.Opts.Incremental = true
	s.Rebuild()
	sameAsFresh(t, s, "initial")
	steps := []struct{ name, file, text string }{
		{"static file removed breaks the link", "static/images/chart.png", ""},
		{"static file back", "static/images/chart.png", "PNG2"},
		{"HTML anchor removed breaks the link", "content/b.md", "Text.\n"},
		{"HTML anchor back", "content/b.md", "Text <a name=\"x\"></a>.\n"},
		{"title heading renamed breaks the link", "content/c.md", "+++\ntitle = \"C\"\n+++\n# New title\n"},
		{"title heading back", "content/c.md", "+++\ntitle = \"C\"\n+++\n# Old title\n"},
	}
	for _, st := range steps {
		s.Edit(st.file, st.text)
		s.Rebuild()
		sameAsFresh(t, s, st.name)
	}
}

// A link to a chapter's or a role's print page resolves only where
// site.toml's [print] builds it; elsewhere it is a link error that names
// the key to set. The whole playbook's print page is always there.
func TestLinksToPrintPagesResolveOnlyWhereTheyAreBuilt(t *testing.T) {
	const site = `
-- site.toml --
baseURL = "/pb/"
%s
-- content/_index.md --
[all](/print/) [all, from the base path](/pb/print/index.html)
[selling](/print/selling/) [seller](/pb/print/audience/seller/)
-- content/selling/_index.md --
# Selling

[relative](../print/selling/)
`
	s, _ := sitetest.BuildErr(t, fmt.Sprintf(site, ""))
	want := []string{
		`content/_index.md:2:1: link target "/print/selling/" is a print page this site does not build; set print.sections = true in site.toml to build it`,
		`content/_index.md:2:28: link target "/pb/print/audience/seller/" is a print page this site does not build; set print.audiences = true in site.toml to build it`,
		`content/selling/_index.md:3:1: link target "../print/selling/" is a print page this site does not build; set print.sections = true in site.toml to build it`,
	}
	if got := s.Diags(); !slices.Equal(got, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	s = sitetest.Build(t, fmt.Sprintf(site, "[print]\nsections = true\naudiences = true"))
	s.AssertFileContains("index.html",
		`<a href="/pb/print/">all</a>`, `<a href="/pb/print/index.html">all, from the base path</a>`,
		`<a href="/pb/print/selling/">selling</a>`, `<a href="/pb/print/audience/seller/">seller</a>`)
	s.AssertFileContains("selling/index.html", `<a href="/pb/print/selling/">relative</a>`)
	s.File("print/selling/index.html")
	s.File("print/audience/seller/index.html")
}
