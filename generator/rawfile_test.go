package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// harmlessFiles holds content files that run no script, and, under
// static/, the site owner's own page.
const harmlessFiles = `
-- content/deals/_index.md --
# Deals
-- content/deals/terms.txt --
<p>Terms, as text.</p>
-- content/deals/photo.png --
<html> bytes of no concern: served as image/png
-- content/deals/prices.csv --
a,b
-- content/deals/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"><a href="../"><circle r="4"/></a></svg>
-- static/embed.html --
<script>ownersOwn()</script>
`

// rawFiles adds, under content/, a file of each kind that runs script
// when the site serves it.
const rawFiles = harmlessFiles + `
-- content/deals/offer.html --
<body onload="steal()">Offer</body>
-- content/deals/Offer.HTM --
<script>steal()</script>
-- content/deals/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg">
  <rect onclick="steal()"/>
</svg>
-- content/deals/chart.svgz --
compressed
-- content/deals/page.xhtml --
<html xmlns="http://www.w3.org/1999/xhtml"><script>steal()</script></html>
-- content/deals/feed.xml --
<?xml-stylesheet type="text/xsl" href="feed.xsl"?><feed/>
-- content/deals/feed.xsl --
<xsl:stylesheet/>
-- content/deals/sw.js --
self.addEventListener("fetch", steal)
-- content/deals/saved.mhtml --
MIME-Version: 1.0
-- content/deals/notes --
<!DOCTYPE html><script>steal()</script>
-- content/deals/diagram.drawio --
<?xml version="1.0"?><mxfile/>
`

// With unsafe = false, every content file a browser would run script in
// when the site serves it is an error naming the file and what to do; the
// others and static/ publish as before.
func TestScriptableContentFilesAreErrorsWhenUnsafeIsOff(t *testing.T) {
	s, _ := sitetest.BuildErr(t, rawFiles)
	const todo = "with [markup] unsafe = false, content/ holds no file that runs script on the site; move it to static/, or set unsafe = true in site.toml"
	const published = " is published as it is, and its scripts would run on the site: " + todo
	want := []string{
		"content/deals/Offer.HTM: an HTML page" + published,
		"content/deals/chart.svg:2:3: the event handler onclick= on <rect> runs when the image is opened on its own: " + todo,
		"content/deals/chart.svgz: a compressed SVG image, which runs its scripts when opened on its own (an .svg file is checked for them)" + published,
		"content/deals/diagram.drawio: a file of no known type whose bytes read as XML, which a browser shows as a document" + published,
		"content/deals/feed.xml: an XML document, in which browsers run XHTML scripts and XSL stylesheets" + published,
		"content/deals/feed.xsl: an XSL stylesheet, which makes pages from XML" + published,
		"content/deals/notes: a file of no known type whose bytes read as HTML, which a browser shows as a page" + published,
		"content/deals/offer.html: an HTML page" + published,
		"content/deals/page.xhtml: an XHTML page" + published,
		"content/deals/saved.mhtml: a web archive (MHTML), a page with its files" + published,
		"content/deals/sw.js: a script, which runs when a page of the site loads it (as a service worker, for one)" + published,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// With unsafe = true the site's editors are trusted: content files publish
// as they are, as static/ always does.
func TestScriptableContentFilesPublishWhenUnsafeIsOn(t *testing.T) {
	s := sitetest.Build(t, "-- site.toml --\n[markup]\nunsafe = true\n"+rawFiles)
	for name, want := range map[string]string{
		"deals/offer.html": `onload="steal()"`,
		"deals/chart.svg":  `onclick="steal()"`,
		"deals/notes":      "<script>",
		"deals/terms.txt":  "<p>",
		"embed.html":       "ownersOwn()",
	} {
		s.AssertFileContains(name, want)
	}
}

// The files that run no script (an SVG image without scripts among them),
// and static/, publish with unsafe = false.
func TestHarmlessContentFilesAndStaticPublishWhenUnsafeIsOff(t *testing.T) {
	s := sitetest.Build(t, harmlessFiles)
	s.AssertFileContains("deals/terms.txt", "<p>Terms")
	s.AssertFileContains("deals/photo.png", "<html>")
	s.AssertFileContains("deals/prices.csv", "a,b")
	s.AssertFileContains("deals/logo.svg", "<circle")
	s.AssertFileContains("embed.html", "ownersOwn()")
}

// In the dev server's incremental builds, an SVG image is checked when it
// changes, and an unchanged one keeps its problems from build to build.
func TestIncrementalBuildsKeepAndRecheckSVGScripts(t *testing.T) {
	s := sitetest.New(t, `
-- content/a.md --
# A
-- content/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg"><script>steal()</script></svg>
`)
	s.Opts.Incremental = true
	const want = "content/chart.svg:1:41: <script> in an SVG image runs when the image is opened on its own: with [markup] unsafe = false, content/ holds no file that runs script on the site; move it to static/, or set unsafe = true in site.toml"
	s.Rebuild()
	s.AssertDiag(want)
	s.Edit("content/a.md", "# A\n\nEdited.\n")
	s.Rebuild()
	s.AssertDiag(want)
	s.Edit("content/chart.svg", `<svg xmlns="http://www.w3.org/2000/svg"><circle r="2"/></svg>`)
	s.Rebuild()
	if s.Err != nil {
		t.Fatalf("fixed image: %v", s.Err)
	}
	s.AssertFileContains("chart.svg", "<circle")
	s.Edit("content/chart.svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>steal()</script></svg>`)
	s.Rebuild()
	s.AssertDiag(want)
}
