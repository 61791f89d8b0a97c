package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// changesSite has pages dated by their front matter (sitetest.Now is 27
// November 2026), titles and a description that need escaping, and a
// page without a date.
const changesSite = `
-- site.toml --
title = "Sales & <Co>"
baseURL = "https://example.com/playbook/"
language = "en-GB"
[changes]
limit = 3
badgeDays = 10
-- content/_index.md --
+++
title = "Home"
date = 2026-01-10
+++
Welcome.
-- content/selling/_index.md --
+++
title = "Selling"
date = 2026-01-10
+++
-- content/selling/discovery.md --
+++
title = "Discovery & <questions>"
description = "Ask \"why now\" & listen <carefully>"
date = 2026-02-01
lastmod = 2026-11-25T15:04:05+01:00
+++
Text.
-- content/selling/pricing.md --
+++
title = "Pricing"
date = 2026-11-20
+++
Text.
-- content/undated.md --
# Undated

Text.
`

func TestChangesPageListsTheMostRecentlyChangedPages(t *testing.T) {
	s := sitetest.Build(t, changesSite)
	page := s.File("changes/index.html")
	want := []string{
		`<a href="/playbook/changes/index.xml" type="application/atom+xml">Atom feed</a>`,
		`<time datetime="2026-11-25T14:04:05Z">2026-11-25</time> <a href="/playbook/selling/discovery/">Discovery &amp; &lt;questions&gt;</a> <span class="badge badge-updated">updated</span> <span class="change-section">in Selling</span>`,
		`<time datetime="2026-11-20T00:00:00Z">2026-11-20</time> <a href="/playbook/selling/pricing/">Pricing</a> <span class="badge badge-new">new</span> <span class="change-section">in Selling</span>`,
		`<time datetime="2026-01-10T00:00:00Z">2026-01-10</time> <a href="/playbook/">Home</a>`,
		`<p class="note">1 page has no date and is not listed: `,
	}
	at := -1
	for _, w := range want {
		i := strings.Index(page, w)
		if i < at {
			t.Errorf("changes/index.html lacks, or has out of order, %q", w)
			continue
		}
		at = i
	}
	if strings.Contains(page, ">Selling</a> <") {
		t.Errorf("the limit of 3 lets the fourth page in:\n%s", page)
	}
	s.AssertFileContains("changes/index.html", `<link rel="alternate" type="application/atom+xml" href="/playbook/changes/index.xml" title="Sales &amp; &lt;Co&gt;: recent changes">`)
	s.AssertFileContains("index.html", `<link rel="alternate" type="application/atom+xml" href="/playbook/changes/index.xml"`,
		`<p class="changes-link"><a href="/playbook/changes/">Recent changes</a></p>`)
	s.AssertFileLacks("selling/index.html", `application/atom+xml`)
	s.AssertFileContains("selling/index.html", `Pricing</a> <span class="badge badge-new">new</span>`) // the section's list
	s.AssertFileContains("sitemap.xml", "<loc>https://example.com/playbook/selling/discovery/</loc>\n    <lastmod>2026-11-25</lastmod>")

	feed := s.File("changes/index.xml")
	for _, w := range []string{
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">`,
		`<title>Sales &amp; &lt;Co&gt;: recent changes</title>`,
		`<link rel="self" type="application/atom+xml" href="https://example.com/playbook/changes/index.xml"></link>`,
		`<id>https://example.com/playbook/changes/</id>`,
		`<updated>2026-11-25T14:04:05Z</updated>`,
		`<title>Discovery &amp; &lt;questions&gt;</title>`,
		`<link rel="alternate" type="text/html" href="https://example.com/playbook/selling/discovery/"></link>`,
		`<id>https://example.com/playbook/selling/discovery/#2026-11-25T14:04:05Z</id>`,
		`<category term="Selling"></category>`,
		`<summary>Ask &#34;why now&#34; &amp; listen &lt;carefully&gt;</summary>`,
	} {
		if !strings.Contains(feed, w) {
			t.Errorf("feed lacks %q:\n%s", w, feed)
		}
	}
	if n := strings.Count(feed, "<entry>"); n != 3 {
		t.Errorf("feed has %d entries, want the limit, 3", n)
	}
	validAtom(t, feed)
}

func TestChangesFeedNeedsABaseURLWithAHost(t *testing.T) {
	s := sitetest.Build(t, strings.Replace(changesSite, `baseURL = "https://example.com/playbook/"`, `baseURL = "/playbook/"`, 1))
	s.AssertNoFile("changes/index.xml")
	s.AssertFileLacks("changes/index.html", "application/atom+xml")
	s.AssertFileLacks("index.html", "application/atom+xml")
}

func TestChangesPageOffFreesItsURL(t *testing.T) {
	site := `
-- site.toml --
[changes]
limit = 0
-- content/changes.md --
# Changelog
`
	s := sitetest.Build(t, site)
	s.AssertFileContains("changes/index.html", "<h1>Changelog</h1>")
	s.AssertNoFile("changes/index.xml")
	s.AssertFileLacks("index.html", "changes-link", "application/atom+xml")
	_, err := sitetest.BuildErr(t, strings.Replace(site, "limit = 0", "limit = 5", 1))
	if err == nil || !strings.Contains(err.Error(), "content/changes.md:1:1: page URL /changes/ is where the build writes the page of recent changes and its feed (set [changes] limit = 0 in site.toml to leave them out)") {
		t.Errorf("a page at /changes/: %v", err)
	}
}

func TestChangesSettingsAreChecked(t *testing.T) {
	_, err := sitetest.BuildErr(t, "-- site.toml --\n[changes]\nlimit = -1\nbadgeDays = -2\n")
	if err == nil || !strings.Contains(err.Error(), "site.toml:2:1: changes.limit -1: want 0") || !strings.Contains(err.Error(), "site.toml:3:1: changes.badgeDays -2: want 0") {
		t.Errorf("err = %v", err)
	}
	s := sitetest.Build(t, "-- site.toml --\n[gitInfo]\nshowAuthor = false\n-- content/a.md --\n# A\n")
	s.AssertDiag("site.toml:2:1: warning: gitInfo.showAuthor is ignored: enableGitInfo is off")
}

// validAtom fails the test when feed is not valid Atom (see jing).
func validAtom(t *testing.T, feed string) {
	t.Helper()
	if out, err := jing(t, feed); err != nil {
		t.Errorf("the feed is not valid Atom (RFC 4287, Appendix B): %v\n%s\n%s", err, out, feed)
	}
}

// jing validates feed against RFC 4287's RELAX NG schema
// (testdata/atom/atom.rnc) with Jing, which the Nu HTML checker's jar
// carries (npm ci installs it), and returns what Jing said. Without Java
// or the jar the test fails in CI and is skipped elsewhere.
func jing(t *testing.T, feed string) ([]byte, error) {
	t.Helper()
	jar := filepath.Join("..", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	java, err := exec.LookPath("java")
	if _, jerr := os.Stat(jar); jerr != nil || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("validating the Atom feed needs java and %s (npm ci): %v %v", jar, err, jerr)
		}
		t.Skipf("validating the Atom feed needs java and %s (npm ci)", jar)
	}
	file := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(file, []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(java, "-cp", jar, "nu.validator.vendor.thaiopensource.relaxng.util.Driver", "-c", filepath.Join("testdata", "atom", "atom.rnc"), file)
	return cmd.CombinedOutput()
}

func TestJingRefusesAFeedWithoutAnID(t *testing.T) {
	s := sitetest.Build(t, changesSite)
	feed := strings.Replace(s.File("changes/index.xml"), "<id>https://example.com/playbook/changes/</id>", "", 1)
	out, err := jing(t, feed)
	if err == nil || !strings.Contains(string(out), "missing required child element") {
		t.Errorf("Jing took a feed without an id: %v\n%s", err, out)
	}
}
