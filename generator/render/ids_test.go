package render_test

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/render"
)

// idElement is an element of a page and where it sits: inBody is set for
// an element of a Markdown body (inside <div class="content">), part for
// the section of one page in the print document.
type idElement struct {
	*element
	inBody, part bool
}

// elementsOf lists the elements of page that have an id or an href, in
// order.
func elementsOf(t *testing.T, page string) []*idElement {
	t.Helper()
	var out []*idElement
	for _, e := range parseHTML(t, page) {
		if e.id == "" && e.href == "" {
			continue
		}
		out = append(out, &idElement{
			element: e,
			inBody:  slices.Contains(e.in, "content"),
			part:    e.tag == "section" && slices.Contains(strings.Fields(e.class), "print-part"),
		})
	}
	return out
}

// everyLayout has a page of every layout, and what makes a layout show
// every element it can: roles, tags, an alias, checklists for the
// roll-ups, a print page.
const everyLayout = `
-- site.toml --
title = "Every layout"
baseURL = "/"
audiences = ["seller"]
-- content/_index.md --
+++
title = "Home"
+++
- [ ] Read the welcome
-- content/selling/_index.md --
+++
title = "Selling"
+++
- [ ] Know the offer
-- content/selling/discovery.md --
+++
title = "Discovery"
tags = ["calls"]
audience = ["seller"]
aliases = ["/old-discovery/"]
+++
- [ ] Ask
`

// The list of theme ids says what the layouts write: every id outside a
// Markdown body (and the print document's parts, named after pages) is
// on it, and each id it gives a layout for is written by one.
func TestThemeIDsAreTheIDsTheLayoutsWrite(t *testing.T) {
	s := sitetest.Build(t, everyLayout)
	written := map[string]string{} // id -> first file
	layouts := map[string]bool{}
	for _, name := range s.Out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, e := range elementsOf(t, s.File(name)) {
			if e.id == "" || e.inBody || e.part {
				continue
			}
			if _, ok := written[e.id]; !ok {
				written[e.id] = name
			}
		}
		layouts[name] = true
	}
	for _, want := range []string{"index.html", "selling/index.html", "selling/discovery/index.html", "tags/index.html",
		"tags/calls/index.html", "search/index.html", "print/index.html", "404.html", "old-discovery/index.html"} {
		if !layouts[want] {
			t.Fatalf("fixture has no %s", want)
		}
	}
	patterns, madeBy := render.ThemeIDPatterns()
	var listed []string
	for i, p := range patterns {
		if strings.HasSuffix(madeBy[i], ".html") {
			listed = append(listed, p)
		}
	}
	var got []string
	for id, file := range written {
		got = append(got, id)
		if !render.ThemeID(id) {
			t.Errorf("%s writes id %q, which the list of theme ids (render/ids.go) lacks", file, id)
		}
	}
	sort.Strings(got)
	sort.Strings(listed)
	if !slices.Equal(got, listed) {
		t.Errorf("ids the layouts write:\n%q\nids the list gives a layout for:\n%q", got, listed)
	}
}

// The scripts' numbered ids hold ':' or a fixed count of digits, so that
// a heading that would take one gets a number and the search for a free
// one ends; and no pattern of the list matches ids a body makes up.
func TestHeadingsNextToTheThemesNumberedIDsGetFreeOnes(t *testing.T) {
	patterns, _ := render.ThemeIDPatterns()
	for _, p := range patterns {
		re := regexp.MustCompile(`^(?:` + p + `)$`)
		for i := 1; i <= 3; i++ {
			if id := "x-" + strconv.Itoa(i); re.MatchString(id) {
				t.Errorf("pattern %q matches %q", p, id)
			}
		}
	}
	md := markdown.New(markdown.Options{ThemeID: render.ThemeID})
	src := "## SR\n\n## SR\n\n## SR 0\n\n## Tabs 0 0\n\n## Mermaid\n\n## Mermaid\n\n## Mermaid 1733000000000\n\n## Main\n\n## Main\n"
	d := md.Parse([]byte(src))
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	want := []string{"sr", "sr-1", "sr-0", "tabs-0-0", "mermaid", "mermaid-1", "mermaid-1733000000000-1", "main-1", "main-2"}
	if !slices.Equal(ids, want) {
		t.Errorf("heading ids %q, want %q", ids, want)
	}
}

// uniqueIDs fails the test when two elements of page share an id, and
// returns the elements by id.
func uniqueIDs(t *testing.T, name string, els []*idElement) map[string]*idElement {
	t.Helper()
	byID := map[string]*idElement{}
	for _, e := range els {
		if e.id == "" {
			continue
		}
		if first := byID[e.id]; first != nil {
			t.Errorf("%s: id %q on a <%s> and a <%s>", name, e.id, first.tag, e.tag)
			continue
		}
		byID[e.id] = e
	}
	return byID
}

// sameIDs is the page: headings that slug to the ids of a
// footnote and of the theme's main, sidebar and search panel.
const sameIDs = `
-- site.toml --
title = "Ids"
baseURL = "/"
[links]
anchors = "warning"
-- content/_index.md --
+++
title = "Home"
+++
-- content/a.md --
+++
title = "A"
+++
Intro with a note[^1].

## Fn 1

## Main

## Sidebar

## Search panel

[^1]: The note.
-- content/b.md --
+++
title = "B"
+++
Back to [the top](#main), or [A's main](a.md#main).

## Main
`

func TestEveryIDOnAPageIsUnique(t *testing.T) {
	s := sitetest.Build(t, sameIDs)
	headings := map[string]string{"fn-1-1": "Fn 1", "main-1": "Main", "sidebar-1": "Sidebar", "search-panel-1": "Search panel"}
	for _, tt := range []struct {
		file, prefix, toc string
	}{
		{"a/index.html", "", "toc"},
		{"print/index.html", "p-a--", "print-toc"},
	} {
		els := elementsOf(t, s.File(tt.file))
		byID := uniqueIDs(t, tt.file, els)
		target := func(href string) *idElement {
			e := byID[strings.TrimPrefix(href, "#")]
			if !strings.HasPrefix(href, "#") || e == nil {
				t.Errorf("%s: href %q names no element", tt.file, href)
				return &idElement{element: &element{}}
			}
			return e
		}
		for id, text := range headings {
			if h := byID[tt.prefix+id]; h == nil || h.tag != "h2" || strings.TrimSuffix(h.text, "#") != text {
				t.Errorf("%s: id %q is not the heading %q: %+v", tt.file, tt.prefix+id, text, h)
			}
		}
		var tocLinks, noteRefs, backRefs int
		for _, e := range els {
			switch {
			case tt.toc == "toc" && slices.Contains(e.in, "toc"):
				tocLinks++
				if h := target(e.href); h.tag != "h2" || strings.TrimSuffix(h.text, "#") != e.text {
					t.Errorf("%s: table-of-contents entry %q leads to <%s> %q", tt.file, e.text, h.tag, h.text)
				}
			case e.class == "footnote-ref":
				noteRefs++
				if li := target(e.href); li.tag != "li" || !slices.Contains(li.in, "footnotes") || !strings.Contains(li.text, "The note.") {
					t.Errorf("%s: footnote reference leads to <%s> %q", tt.file, li.tag, li.text)
				}
			case e.class == "footnote-backref":
				backRefs++
				if sup := target(e.href); sup.tag != "sup" || sup.text != "1" {
					t.Errorf("%s: footnote back link leads to <%s> %q", tt.file, sup.tag, sup.text)
				}
			}
		}
		if (tt.toc == "toc" && tocLinks != 4) || noteRefs != 1 || backRefs != 1 {
			t.Errorf("%s: %d table-of-contents entries, %d footnote references, %d back links; want 4, 1, 1", tt.file, tocLinks, noteRefs, backRefs)
		}
	}
	// A fragment that names only the theme's <main> is no anchor of the
	// page's content, on the page itself or on another.
	s.AssertDiag(`content/b.md:4:9: warning: link target "#main": no heading with id "main" in this page; did you mean "main-1"? (a heading whose id is taken, by the theme or by another element of the page, gets a number)`)
	s.AssertDiag(`content/b.md:4:30: warning: link target "a.md#main": no heading with id "main" in content/a.md; did you mean "main-1"? (a heading whose id is taken, by the theme or by another element of the page, gets a number)`)
}

// Raw HTML's ids are prefixed in print as headings' are, with the links
// to them: two pages with the same raw anchor keep it apart.
func TestPrintPageKeepsRawHTMLIDsApart(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Raw"
baseURL = "/"
[markup]
unsafe = true
-- content/_index.md --
+++
title = "Home"
+++
-- content/a.md --
+++
title = "A"
weight = 1
+++
<a id="top"></a> [Up](#top) <a href="#top">raw up</a>
-- content/b.md --
+++
title = "B"
weight = 2
+++
<a id="top"></a> [Up](#top) <a href="#top">raw up</a>
`)
	s.AssertFileContains("a/index.html", `<a id="top"></a> <a href="/a/#top">Up</a> <a href="#top">raw up</a>`)
	els := elementsOf(t, s.File("print/index.html"))
	byID := uniqueIDs(t, "print/index.html", els)
	for _, part := range []string{"p-a--", "p-b--"} {
		if byID[part+"top"] == nil {
			t.Errorf("print page has no %q", part+"top")
		}
	}
	s.AssertFileContains("print/index.html", `<a id="p-a--top"></a> <a href="#p-a--top">Up</a> <a href="#p-a--top">raw up</a>`,
		`<a id="p-b--top"></a> <a href="#p-b--top">Up</a> <a href="#p-b--top">raw up</a>`)
}
