package render_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

func TestSidebarMarksTheCurrentPagesLink(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/_index.md --
# Home
-- content/s/_index.md --
# S
-- content/s/a.md --
# A
-- content/s/b.md --
# B
-- content/u/_index.md --
# U
-- content/u/c.md --
# C
`)
	// A page: its own link is the current page, its section's link the
	// open section; other sections and pages carry no mark.
	s.AssertFileContains("s/a/index.html", `<a href="/s/a/" aria-current="page">A</a>`, `<a href="/s/b/">B</a>`,
		`<a href="/s/" aria-current="true">S</a>`, `<a href="/u/">U</a>`, "<ul>\n")
	// A section's page: its link is the current page, marked once.
	s.AssertFileContains("s/index.html", `<a href="/s/" aria-current="page">S</a>`, `<a href="/s/a/">A</a>`)
	for _, name := range []string{"s/a/index.html", "s/index.html", "u/c/index.html"} {
		s.AssertFileLacks(name, `<ul aria-current`, `<li aria-current`)
	}
	s.AssertFileLacks("s/index.html", `aria-current="true"`)
	s.AssertFileLacks("s/a/index.html", `<a href="/s/b/" aria-current`, `<a href="/u/" aria-current`)
	s.AssertSidebar("u/c/index.html", `
S /s/
U /u/
  C /u/c/ *
`)
}

// folderSite returns a site with n pages in the folder big (titled
// "Big"), beside a small section; pages are named p0000, p0001, ….
func folderSite(n int) string {
	var b strings.Builder
	b.WriteString("-- site.toml --\ntitle = \"T\"\n-- content/_index.md --\n# Home\n")
	b.WriteString("-- content/big/_index.md --\n# Big\n-- content/small/_index.md --\n# Small\n-- content/small/s.md --\n# S\n")
	for i := range n {
		fmt.Fprintf(&b, "-- content/big/p%04d.md --\n+++\nweight = %d\n+++\n# Page %04d\n\nText of page %d.\n", i, i+1, i, i)
	}
	return b.String()
}

// A page's size does not grow with the size of its folder: the sidebar
// shows a window of the folder, so the largest page of a folder of 1,500
// is within a few bytes of the largest of a folder of 50.
func TestSidebarPageSizeDoesNotGrowWithTheFolder(t *testing.T) {
	largest := func(n int) (int, string) {
		s := sitetest.Build(t, folderSite(n))
		size, name := 0, ""
		for _, f := range s.Out.Names() {
			if strings.HasPrefix(f, "big/p") && strings.HasSuffix(f, "/index.html") {
				if b := len(s.File(f)); b > size {
					size, name = b, f
				}
			}
		}
		return size, name
	}
	small, smallName := largest(50)
	big, bigName := largest(1500)
	// The digits of "1489 more in Big" against "39 more in Big".
	if big-small > 16 {
		t.Errorf("largest page: %d bytes (%s) in a folder of 1500, %d (%s) in a folder of 50", big, bigName, small, smallName)
	}
}

// The window keeps the current page, the entries on its path and five
// entries each side; the item for the others leads to the folder's page,
// which lists every one of them.
func TestSidebarWindowKeepsThePathAndLeadsToTheRest(t *testing.T) {
	s := sitetest.Build(t, folderSite(40))
	var want strings.Builder
	want.WriteString("Big /big/\n")
	for i := 15; i <= 25; i++ {
		fmt.Fprintf(&want, "  Page %04d /big/p%04d/", i, i)
		if i == 20 {
			want.WriteString(" *")
		}
		want.WriteString("\n")
	}
	want.WriteString("  29 more in Big /big/\nSmall /small/\n")
	s.AssertSidebar("big/p0020/index.html", want.String())
	s.AssertFileContains("big/p0020/index.html", `<a href="/big/" aria-current="true">Big</a>`,
		`<li class="nav-more"><a href="/big/">29 more in Big</a></li>`)
	// At the ends of the folder the window keeps eleven entries.
	first := s.Sidebar("big/p0000/index.html")
	if !strings.Contains(first, "  Page 0010 /big/p0010/\n  29 more in Big /big/\n") || strings.Contains(first, "Page 0011") {
		t.Errorf("sidebar of the first page:\n%s", first)
	}
	last := s.Sidebar("big/p0039/index.html")
	if !strings.Contains(last, "Big /big/\n  Page 0029 /big/p0029/\n") || !strings.Contains(last, "  Page 0039 /big/p0039/ *\n  29 more in Big /big/\n") {
		t.Errorf("sidebar of the last page:\n%s", last)
	}
	// The folder's page shows its first entries and lists all of them.
	sec := s.Sidebar("big/index.html")
	if !strings.Contains(sec, "Big /big/ *\n  Page 0000 /big/p0000/\n") || !strings.Contains(sec, "  Page 0010 /big/p0010/\n  29 more in Big /big/\n") {
		t.Errorf("sidebar of the folder's page:\n%s", sec)
	}
	for i := range 40 {
		s.AssertFileContains("big/index.html", fmt.Sprintf(`href="/big/p%04d/"`, i))
	}
	// A folder as large as the window is shown whole.
	s = sitetest.Build(t, folderSite(11))
	if got := s.Sidebar("big/p0000/index.html"); strings.Contains(got, "more in") || !strings.Contains(got, "Page 0010") {
		t.Errorf("sidebar of a folder of 11:\n%s", got)
	}
}

// Every level is windowed, the top level too, around the entry on the
// current page's path; the top level's item leads to the home page.
func TestSidebarWindowsEveryLevelAroundThePath(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- site.toml --\ntitle = \"T\"\n-- content/_index.md --\n# Home\n")
	for i := range 15 {
		fmt.Fprintf(&b, "-- content/s%02d/_index.md --\n+++\nweight = %d\n+++\n# Section %02d\n", i, i+1, i)
	}
	for i := range 13 {
		fmt.Fprintf(&b, "-- content/s14/deep/p%02d.md --\n+++\nweight = %d\n+++\n# Deep %02d\n", i, i+1, i)
	}
	b.WriteString("-- content/s14/deep/_index.md --\n# Deep\n")
	s := sitetest.Build(t, b.String())
	var want strings.Builder
	for i := 4; i < 14; i++ {
		fmt.Fprintf(&want, "Section %02d /s%02d/\n", i, i)
	}
	want.WriteString("Section 14 /s14/\n  Deep /s14/deep/\n")
	for i := 2; i < 13; i++ {
		fmt.Fprintf(&want, "    Deep %02d /s14/deep/p%02d/", i, i)
		if i == 12 {
			want.WriteString(" *")
		}
		want.WriteString("\n")
	}
	want.WriteString("    2 more in Deep /s14/deep/\n4 more in Home /\n")
	s.AssertSidebar("s14/deep/p12/index.html", want.String())
	// The home page shows the top level's first entries; its item links
	// home but is not the current page.
	home := s.Sidebar("index.html")
	if !strings.HasPrefix(home, "Section 00 /s00/\n") || !strings.HasSuffix(home, "Section 10 /s10/\n4 more in Home /\n") {
		t.Errorf("sidebar of the home page:\n%s", home)
	}
}

// The item standing for the entries left out is for the roles they are
// for, so the role filter hides it only when none of them is for the
// chosen role.
func TestSidebarMoreItemIsForTheRolesItStandsFor(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- site.toml --\ntitle = \"T\"\naudiences = [\"manager\", \"seller\"]\n-- content/_index.md --\n# Home\n-- content/big/_index.md --\n# Big\n")
	for i := range 14 {
		aud := `audience = ["seller"]`
		if i >= 11 {
			aud = `audience = ["manager"]`
		}
		if i == 13 {
			aud = `audience = ["manager", "seller"]`
		}
		fmt.Fprintf(&b, "-- content/big/p%02d.md --\n+++\nweight = %d\n%s\n+++\n# Page %02d\n", i, i+1, aud, i)
	}
	s := sitetest.Build(t, b.String())
	// From the first page, pages 11-13 are left out: for managers, and
	// page 13 for sellers too (roles in the order the level names them).
	s.AssertFileContains("big/p00/index.html", `<li class="nav-more" data-audience="seller manager"><a href="/big/">3 more in Big</a></li>`)
	// From the last page, pages 0-2 are left out: for sellers only.
	s.AssertFileContains("big/p13/index.html", `<li class="nav-more" data-audience="seller"><a href="/big/">3 more in Big</a></li>`)
	s.AssertFileContains("big/p13/index.html", `<li data-audience="manager seller">`)
}

// hrefAttr matches the links a reader without JavaScript can follow.
var hrefAttr = regexp.MustCompile(`<a [^>]*href="([^"]*)"`)

// From a page in the middle of a folder of 1,500, following only the
// links of the served HTML reaches every page of the site.
func TestEveryPageIsReachableWithoutJavaScript(t *testing.T) {
	s := sitetest.Build(t, folderSite(1500))
	start := "/big/p0750/"
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		url := queue[0]
		queue = queue[1:]
		name := strings.TrimPrefix(url, "/") + "index.html"
		page, ok := s.Out.File(name)
		if !ok {
			continue // a file, not a page
		}
		for _, m := range hrefAttr.FindAllStringSubmatch(string(page), -1) {
			href := html.UnescapeString(m[1])
			if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
				continue // in-page anchors, other sites
			}
			href, _, _ = strings.Cut(href, "#")
			href, _, _ = strings.Cut(href, "?")
			if !seen[href] {
				seen[href] = true
				queue = append(queue, href)
			}
		}
	}
	for _, p := range s.Result.Site.Pages {
		if !seen[p.URL] {
			t.Errorf("%s is not reachable from %s by links", p.URL, start)
		}
	}
}

// mdBook's parts are headings within a level: their chapters are
// windowed with the chapters outside parts, and a part shows while one
// of its chapters does.
func TestSidebarWindowSpansParts(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- site.toml --\ntitle = \"Book\"\n-- content/README.md --\n# Intro\n-- content/SUMMARY.md --\n[Intro](README.md)\n\n# Part A\n\n")
	for i := range 12 {
		fmt.Fprintf(&b, "- [A%02d](a%02d.md)\n", i, i)
	}
	b.WriteString("\n# Part B\n\n- [B00](b00.md)\n- [B01](b01.md)\n")
	for i := range 12 {
		fmt.Fprintf(&b, "-- content/a%02d.md --\n# A%02d\n", i, i)
	}
	b.WriteString("-- content/b00.md --\n# B00\n-- content/b01.md --\n# B01\n")
	s := sitetest.Build(t, b.String())
	var want strings.Builder
	// The introduction is entry 0, A06 entry 7: the window is A01-A11.
	want.WriteString("# Part A\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&want, "  A%02d /a%02d/", i, i)
		if i == 6 {
			want.WriteString(" *")
		}
		want.WriteString("\n")
	}
	want.WriteString("4 more in Intro /\n")
	s.AssertSidebar("a06/index.html", want.String())
	want.Reset()
	want.WriteString("# Part A\n")
	for i := 3; i < 12; i++ {
		fmt.Fprintf(&want, "  A%02d /a%02d/\n", i, i)
	}
	want.WriteString("# Part B\n  B00 /b00/\n  B01 /b01/ *\n4 more in Intro /\n")
	s.AssertSidebar("b01/index.html", want.String())
}
