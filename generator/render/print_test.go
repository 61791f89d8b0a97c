package render_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
)

// printSite has two chapters, links between them, the same headings,
// footnotes and checklist items on several pages, and pages that stay out
// of print.
const printSite = `
-- site.toml --
title = "Handbook"
description = "How we sell."
baseURL = "https://example.com/pb/"
audiences = ["manager", "seller", "new-hire"]
[print]
version = "2026.1"
logo = "logo.svg"
pageSize = "Letter"
sections = true
audiences = true
-- content/_index.md --
+++
title = "Welcome"
audience = ["seller"]
+++
Start with [discovery](selling/discovery.md#questions).

## Questions

Intro questions.[^1]

[^1]: Home note.
-- content/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- content/leading/_index.md --
+++
title = "Leading"
weight = 1
audience = ["manager"]
+++
Managers read [the demo](../selling/demo.md) too.
-- content/leading/coaching.md --
+++
title = "Coaching"
weight = 1
audience = ["manager"]
signoff = true
+++
## Questions

- [ ] Ask one question
- [ ] Listen

See [questions](#questions) and [the secret](secret.md).[^1]

[^1]: Coaching note.
-- content/leading/secret.md --
+++
title = "Secret"
weight = 2
print = false
+++
Not for paper.
-- content/selling/_index.md --
+++
title = "Selling"
weight = 2
audience = ["seller"]
+++
-- content/selling/discovery.md --
+++
title = "Discovery"
weight = 1
audience = ["seller", "new-hire"]
+++
## Questions

- [ ] Ask one question

Back to [coaching](../leading/coaching.md#questions). ![Chart](chart.png)[^1]

[^1]: Discovery note.

### Deep

#### Deeper
-- content/selling/chart.png --
PNG
-- content/selling/demo.md --
+++
title = "Demo"
weight = 2
audience = ["seller"]
+++
Show, don't tell.
-- content/selling/draft.md --
+++
title = "Half done"
draft = true
+++
Draft text.
-- content/archive/_index.md --
+++
title = "Archive"
weight = 3
print = false
+++
-- content/archive/old.md --
+++
title = "Old way"
+++
Old text.
`

func buildPrintSite(t *testing.T) *sitetest.Site {
	t.Helper()
	s := sitetest.New(t, printSite)
	s.Opts.Drafts = true // drafts are built, and still left out of print
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	return s
}

// element is one start tag of a parsed page, with the ids (inside) and
// the classes (in) of the elements around it.
type element struct {
	tag, id, class, href, src string
	text                      string
	inside, in                []string
}

// parseHTML parses a page with encoding/xml in its lenient HTML mode.
func parseHTML(t *testing.T, page string) []*element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	var out []*element
	var open []*element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{tag: tok.Name.Local}
			for _, o := range open {
				if o.id != "" {
					e.inside = append(e.inside, o.id)
				}
				e.in = append(e.in, strings.Fields(o.class)...)
			}
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "id":
					e.id = a.Value
				case "class":
					e.class = a.Value
				case "href":
					e.href = a.Value
				case "src":
					e.src = a.Value
				}
			}
			out = append(out, e)
			open = append(open, e)
		case xml.EndElement:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case xml.CharData:
			for _, o := range open {
				o.text += string(tok)
			}
		}
	}
}

func byID(els []*element) map[string]*element {
	m := map[string]*element{}
	for _, e := range els {
		if e.id != "" {
			m[e.id] = e
		}
	}
	return m
}

// checkIDsAndAnchors fails on a repeated id and on an in-page link to an id
// that does not exist.
func checkIDsAndAnchors(t *testing.T, name string, els []*element) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range els {
		if e.id == "" {
			continue
		}
		if seen[e.id] {
			t.Errorf("%s: id %q is used twice", name, e.id)
		}
		seen[e.id] = true
	}
	for _, e := range els {
		if frag, ok := strings.CutPrefix(e.href, "#"); ok && !seen[frag] {
			t.Errorf("%s: link to #%s, which is not in the document", name, frag)
		}
	}
}

func TestPrintPageHoldsChaptersInNavigationOrder(t *testing.T) {
	s := buildPrintSite(t)
	els := parseHTML(t, s.File("print/index.html"))
	var chapters []string
	for _, e := range els {
		if e.tag == "section" && strings.Contains(e.class, "chapter") {
			chapters = append(chapters, e.id)
		}
	}
	if want := []string{"p-home", "p-leading", "p-selling"}; !slices.Equal(chapters, want) {
		t.Errorf("chapters %q, want %q", chapters, want)
	}
	ids := byID(els)
	for page, chapter := range map[string]string{"p-leading-coaching": "p-leading", "p-selling-discovery": "p-selling", "p-selling-demo": "p-selling"} {
		if e := ids[page]; e == nil || !slices.Contains(e.inside, chapter) {
			t.Errorf("page %s is not inside chapter %s", page, chapter)
		}
	}
	// Chapter titles are h1, page titles h2, and a page's own headings
	// move down under its title.
	s.AssertFileContains("print/index.html",
		`<h1 class="part-title">Selling</h1>`,
		`<h2 class="part-title">Discovery</h2>`,
		`<h3 id="p-selling-discovery--questions">`,
		`<h4 id="p-selling-discovery--deep">`,
		`<h5 id="p-selling-discovery--deeper">`,
		`<h2 id="p-home--questions">`,
	)
	// The contents link every chapter and page in the same order.
	var toc []string
	for _, e := range els {
		if e.tag == "a" && slices.Contains(e.inside, "print-toc") {
			toc = append(toc, e.href)
		}
	}
	if want := []string{"#p-home", "#p-leading", "#p-leading-coaching", "#p-selling", "#p-selling-discovery", "#p-selling-demo"}; !slices.Equal(toc, want) {
		t.Errorf("contents %q, want %q", toc, want)
	}
}

func TestPrintPageIDsAreUniqueAndAnchorsResolve(t *testing.T) {
	s := buildPrintSite(t)
	for _, name := range s.Out.Names() {
		if strings.HasPrefix(name, "print/") {
			checkIDsAndAnchors(t, name, parseHTML(t, s.File(name)))
		}
	}
	// The same heading, footnote and checklist item on three pages.
	s.AssertFileContains("print/index.html",
		`id="p-home--questions"`, `id="p-leading-coaching--questions"`, `id="p-selling-discovery--questions"`,
		`id="p-home--fn-1"`, `id="p-leading-coaching--fn-1"`, `id="p-selling-discovery--fn-1"`,
		`<li id="p-selling-discovery--fn-1">`,
	)
}

func TestExamplePlaybookPrintPagesHaveUniqueIDs(t *testing.T) {
	out := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Source: "../..", Target: out}); err != nil {
		t.Fatalf("example playbook does not build: %v", err)
	}
	n := 0
	for _, name := range out.Names() {
		if !strings.HasPrefix(name, "print/") {
			continue
		}
		b, _ := out.File(name)
		els := parseHTML(t, string(b))
		checkIDsAndAnchors(t, name, els)
		n++
		if name == "print/index.html" && len(byID(els)) < 500 {
			t.Errorf("%s has only %d ids", name, len(byID(els)))
		}
	}
	res, _ := generator.Build(context.Background(), generator.Options{Source: "../..", Check: true})
	want := 1 + len(res.Site.Home.Sections) + len(res.Config.Audiences) // the playbook, each chapter, each role
	if n != want {
		t.Errorf("%d print pages, want %d", n, want)
	}
}

func TestPrintPageRewritesChapterLinks(t *testing.T) {
	s := buildPrintSite(t)
	s.AssertFileContains("print/index.html",
		// Between chapters, to a heading and to a whole page.
		`<a href="#p-selling-discovery--questions">discovery</a>`,
		`<a href="#p-leading-coaching--questions">coaching</a>`,
		`<a href="#p-selling-demo">the demo</a>`,
		// To a heading of the same page.
		`<a href="#p-leading-coaching--questions">questions</a>`,
		// A page left out of print stays a link to the site.
		`<a href="https://example.com/pb/leading/secret/">the secret</a>`,
		// Images load from the site.
		`<img src="/pb/selling/chart.png" alt="Chart"`,
		// Footnotes stay with their page.
		`<sup id="p-leading-coaching--fnref-1"><a href="#p-leading-coaching--fn-1"`,
	)
	// On a section's print page, links to other sections go to the site.
	s.AssertFileContains("print/selling/index.html",
		`<a href="https://example.com/pb/leading/coaching/#questions">coaching</a>`)
}

func TestPrintPageLeavesOutDraftsAndUnprintedPages(t *testing.T) {
	s := buildPrintSite(t)
	s.AssertFileContains("selling/draft/index.html", "Draft text.") // built with --drafts
	for _, name := range []string{"print/index.html", "print/selling/index.html", "print/leading/index.html", "print/audience/seller/index.html"} {
		s.AssertFileLacks(name, "Draft text.", "Half done", "Not for paper.", `id="p-leading-secret"`, "Old way", "Archive")
	}
	// A section with print = false has no print page and no link to one.
	s.AssertNoFile("print/archive/index.html")
	s.AssertFileLacks("archive/index.html", "Print this section")
	s.AssertFileContains("leading/index.html", `<p class="print-link"><a href="/pb/print/leading/">Print this section</a></p>`)
	s.AssertFileContains("index.html", `<a href="/pb/print/">Print the playbook</a>`)
}

func TestSectionPrintPageHoldsOnlyThatSection(t *testing.T) {
	s := buildPrintSite(t)
	els := parseHTML(t, s.File("print/selling/index.html"))
	var parts []string
	for _, e := range els {
		if e.tag == "section" {
			parts = append(parts, e.id)
		}
	}
	if want := []string{"p-selling", "p-selling-discovery", "p-selling-demo"}; !slices.Equal(parts, want) {
		t.Errorf("parts %q, want %q", parts, want)
	}
	s.AssertFileContains("print/selling/index.html",
		`<title>Selling · Handbook</title>`, `<p class="cover-kicker">Handbook</p>`, `<h1>Selling</h1>`)
}

func TestAudiencePrintPageHoldsOnlyThatRolesPages(t *testing.T) {
	s := buildPrintSite(t)
	partsOf := func(name string) []string {
		var parts []string
		for _, e := range parseHTML(t, s.File(name)) {
			if e.tag == "section" {
				parts = append(parts, e.id)
			}
		}
		return parts
	}
	for role, want := range map[string][]string{
		"seller":   {"p-home", "p-selling", "p-selling-discovery", "p-selling-demo"},
		"manager":  {"p-leading", "p-leading-coaching"},
		"new-hire": {"p-selling", "p-selling-discovery"},
	} {
		if got := partsOf("print/audience/" + role + "/index.html"); !slices.Equal(got, want) {
			t.Errorf("%s: parts %q, want %q", role, got, want)
		}
	}
	// Selling is not for new hires, but one of its pages is: the chapter
	// keeps its title and drops its own text, and links to the pages left
	// out go to the site.
	s.AssertFileContains("print/audience/new-hire/index.html",
		`<h1 class="part-title">Selling</h1>`, `<h1>For the new-hire</h1>`,
		`<a href="https://example.com/pb/leading/coaching/#questions">coaching</a>`)
}

func TestPrintPageHasCoverAndPageSizeFromConfig(t *testing.T) {
	s := buildPrintSite(t)
	s.AssertFileContains("print/index.html",
		// The paper, and the footer's title on every page but the cover.
		`<style>@page{size:Letter}@page handbook{@bottom-left{content:"Handbook"}}</style>`,
		// Each contents entry has a place for its page number, which
		// playbook pdf fills in.
		`<li><a href="#p-leading-coaching">Coaching<span class="page-no" data-page-of="p-leading-coaching"></span></a></li>`,
		`<img class="cover-logo" src="/pb/logo.svg" alt="">`,
		`<h1>Handbook</h1><p class="lead">How we sell.</p>`,
		`<p class="cover-meta">Version 2026.1 · 27 November 2026</p>`,
		`<section id="p-leading-coaching" class="print-part signoff">`,
	)
	// Ordinary pages print on the same paper.
	s.AssertFileContains("selling/discovery/index.html", `<style>@page{size:Letter}</style>`)
}

func TestPrintPageIDsStayUniqueForLookalikePages(t *testing.T) {
	// Keys "x", "x--b" and "x-b": a page id must never equal a heading id
	// of another page ("p-x--b"), nor the id of another page.
	s := sitetest.Build(t, `
-- content/x.md --
## B

[to b](x--b.md)
-- content/x--b.md --
## B
-- content/x-b.md --
## B

[to x's b](x.md#b)
`)
	els := parseHTML(t, s.File("print/index.html"))
	checkIDsAndAnchors(t, "print/index.html", els)
	for _, id := range []string{"p-x", "p-x--b", "p-x-b", "p-x-b--b", "p-x-b-2", "p-x-b-2--b"} {
		if byID(els)[id] == nil {
			t.Errorf("no id %q", id)
		}
	}
}

// A site's own print layout may walk the parts itself, recursively, as
// the default one did before .Document: bodies still land in place.
func TestOwnPrintLayoutWalkingPartsItself(t *testing.T) {
	s := sitetest.New(t, printSite+`
-- layouts/print.html --
<!DOCTYPE html><html lang="en"><head><title>{{.Title}}</title></head><body>
{{- range .Parts}}{{template "part" .}}{{end}}
</body></html>
{{- define "part"}}<section id="{{.ID}}">{{.Body}}{{range .Parts}}{{template "part" .}}{{end}}</section>{{end}}
`)
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("print/index.html",
		`<section id="p-selling-discovery"><h3 id="p-selling-discovery--questions">`,
		`<section id="p-selling"><section id="p-selling-discovery">`,
	)
	if strings.ContainsRune(s.File("print/index.html"), 0) {
		t.Error("a placeholder was left in the page")
	}
}

// No file of a build holds a placeholder: not a print page without parts
// (an audience that no page is for), not any other.
func TestNoOutputHoldsAPlaceholder(t *testing.T) {
	s := sitetest.New(t, strings.Replace(printSite, `audiences = ["manager", "seller", "new-hire"]`, `audiences = ["manager", "seller", "new-hire", "ghost"]`, 1))
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("print/audience/ghost/index.html", "Nothing to print.")
	for _, n := range s.Out.Names() {
		if strings.ContainsRune(s.File(n), 0) {
			t.Errorf("%s holds a NUL", n)
		}
	}
}

// printSiteWith returns printSite with [print] sections and audiences as
// given.
func printSiteWith(sections, audiences bool) string {
	return strings.Replace(printSite, "sections = true\naudiences = true\n",
		fmt.Sprintf("sections = %v\naudiences = %v\n", sections, audiences), 1)
}

// checkPrintLinks fails on a link in any page of out to a print page that
// is not in out, or to an id that print page lacks. base is the site's
// base path; links are site-absolute or absolute there.
func checkPrintLinks(t *testing.T, out sitetest.Output, base string) int {
	t.Helper()
	ids := map[string]map[string]*element{}
	checked := 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b, _ := out.File(name)
		for _, e := range parseHTML(t, string(b)) {
			u, err := url.Parse(e.href)
			if err != nil || !strings.HasPrefix(u.Path, base+"print/") {
				continue
			}
			checked++
			file := strings.TrimPrefix(u.Path, base) + "index.html"
			page, ok := out.File(file)
			if !ok {
				t.Errorf("%s links to %s, which was not built", name, e.href)
				continue
			}
			if ids[file] == nil {
				ids[file] = byID(parseHTML(t, string(page)))
			}
			if u.Fragment != "" && ids[file][u.Fragment] == nil {
				t.Errorf("%s links to %s, but %s has no id %q", name, e.href, file, u.Fragment)
			}
		}
	}
	return checked
}

func TestPrintPagesPerSectionAndRoleAreOffByDefault(t *testing.T) {
	s := sitetest.New(t, printSiteWith(false, false))
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	for _, name := range s.Out.Names() {
		if strings.HasPrefix(name, "print/") && name != "print/index.html" {
			t.Errorf("built %s with [print] sections and audiences off", name)
		}
	}
	// A chapter's print link leads to its chapter in the whole playbook's
	// print page; the home page's to that page; a section out of print
	// has none.
	s.AssertFileContains("leading/index.html", `<p class="print-link"><a href="/pb/print/#p-leading">Print this section</a></p>`)
	s.AssertFileContains("selling/index.html", `<a href="/pb/print/#p-selling">Print this section</a>`)
	s.AssertFileContains("index.html", `<a href="/pb/print/">Print the playbook</a>`)
	s.AssertFileLacks("archive/index.html", "Print this section")
	if n := checkPrintLinks(t, s.Out, "/pb/"); n != 3 {
		t.Errorf("%d links to print pages, want 3", n)
	}
}

func TestPrintPagesPerSectionAndRoleAreBuiltWhenTurnedOn(t *testing.T) {
	for _, tc := range []struct {
		sections, audiences bool
		want, lacks         []string
		leading             string
	}{
		{true, false, []string{"print/leading/index.html", "print/selling/index.html"}, []string{"print/audience/seller/index.html"}, "/pb/print/leading/"},
		{false, true, []string{"print/audience/seller/index.html", "print/audience/manager/index.html", "print/audience/new-hire/index.html"}, []string{"print/leading/index.html"}, "/pb/print/#p-leading"},
	} {
		s := sitetest.New(t, printSiteWith(tc.sections, tc.audiences))
		s.Rebuild()
		if s.Err != nil {
			t.Fatal(s.Err)
		}
		for _, name := range tc.want {
			s.File(name)
		}
		for _, name := range tc.lacks {
			s.AssertNoFile(name)
		}
		s.AssertFileContains("leading/index.html", `<a href="`+tc.leading+`">Print this section</a>`)
		checkPrintLinks(t, s.Out, "/pb/")
	}
	// Both on: every print link resolves too (the pages themselves are
	// tested above).
	checkPrintLinks(t, buildPrintSite(t).Out, "/pb/")
}

// A build asked for more print pages (as playbook pdf asks) writes them,
// and every other file as a build without the request does.
func TestPrintPagesOptionAddsPrintPagesAndChangesNothingElse(t *testing.T) {
	s := sitetest.New(t, printSiteWith(false, false))
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	opts := s.Opts
	forced := publish.NewMemory()
	opts.Target = forced
	opts.PrintPages = render.PrintPages{Sections: true, Audiences: true}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, name := range forced.Names() {
		got, _ := forced.File(name)
		if want, ok := s.Out.File(name); !ok {
			added = append(added, name)
		} else if string(got) != string(want) {
			t.Errorf("%s differs from the build without Options.PrintPages", name)
		}
	}
	want := []string{"print/audience/manager/index.html", "print/audience/new-hire/index.html", "print/audience/seller/index.html", "print/leading/index.html", "print/selling/index.html"}
	if !slices.Equal(added, want) {
		t.Errorf("added %q, want %q", added, want)
	}
	// The request only adds: it turns off nothing site.toml turns on.
	s = buildPrintSite(t)
	opts = s.Opts
	forced = publish.NewMemory()
	opts.Target = forced
	opts.PrintPages = render.PrintPages{}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(forced.Names(), s.Out.Names()) {
		t.Errorf("with an empty request: %q, want %q", forced.Names(), s.Out.Names())
	}
}
