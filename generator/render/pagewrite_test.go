package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
)

// TestWritePageIsTheBuiltinLayout holds writePage to the built-in page
// layout: the same bytes for pages with and without each part, with text
// and links that need each of html/template's escapes, and for random
// pages made of the bytes that need escaping.
func TestWritePageIsTheBuiltinLayout(t *testing.T) {
	tpl, err := loadTemplates(builtinLayers(t, fstest.MapFS{}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.builtinPage {
		t.Fatal("the built-in theme's page layout is not taken for the built-in one")
	}
	assets := map[string]string{"style.css": "assets/style.1.css", "main.js": "assets/main.2.js", "checklist.js": "assets/checklist.3.js",
		"search.js": "assets/search.4.js", "progress.css": "assets/progress.5.css", "progress.js": "assets/progress.6.js", "mermaid/mermaid.min.js": "assets/mermaid/m.7.js"}
	check := func(name string, v *pageView) {
		t.Helper()
		var want, got bytes.Buffer
		if err := tpl.execute(&want, "page", v); err != nil {
			t.Fatal(err)
		}
		if !writePage(&got, v) {
			t.Fatalf("%s: writePage found an asset missing", name)
		}
		if got.String() != want.String() {
			g, w := got.String(), want.String()
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Errorf("%s: differs at byte %d:\n got %q\nwant %q", name, i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
		}
	}
	tricky := []string{
		"", "Plain", `<b>&amp; "q" 'a' +1</b>`, "nul\x00byte", "caf\u00e9 \u2014 \ufdd0", "bad\xffutf8",
		"/a/b/", "../up/", "a b/?q=1&r=2#f", "/caf\u00e9/", "%41%zz%", "(paren)'s", "javascript:alert(1)",
		"JavaScript:x", "mailto:a@b.c", "HTTP://x.y/", "https://x.y/?a=b", "a:b/c", "/a:b/", "#top", "?only",
		"[x]!$*,;=@~", "tab\there\nline",
	}
	site := func(i int) *siteView {
		s := &siteView{Title: tricky[i%len(tricky)], Description: tricky[(i+1)%len(tricky)], Language: tricky[(i+2)%len(tricky)],
			Copyright: tricky[(i+3)%len(tricky)], BaseURL: tricky[(i+4)%len(tricky)], Generator: "playbook x", PageSize: "A4", assets: assets,
			Params: config.Params{Logo: tricky[(i+5)%len(tricky)], Footer: tricky[(i+6)%len(tricky)]}}
		if i%2 == 0 {
			s.Audiences = []string{"manager", tricky[i%len(tricky)]}
			s.Params.Links = []config.Link{{Name: tricky[(i+7)%len(tricky)], URL: tricky[(i+8)%len(tricky)]}, {Name: "b", URL: "https://b.example/"}}
			s.Progress = &progressView{URL: tricky[(i+9)%len(tricky)], Auth: "proxy"}
			s.PageSize = "Letter"
		}
		s.Dev = i%3 == 0
		return s
	}
	links := func(i, n int) []link {
		var l []link
		for k := range n {
			l = append(l, link{Title: tricky[(i+k)%len(tricky)], Href: tricky[(i+k+5)%len(tricky)]})
		}
		return l
	}
	toc := []tocEntry{{ID: "a b", Text: "A & B", Children: []tocEntry{{ID: "c/d?e#f", Text: "<C>"}}}, {ID: "caf\u00e9", Text: "caf\u00e9"}}
	check("empty", &pageView{Site: site(1), Kind: "page"})
	check("home kind", &pageView{Site: site(2), Kind: "home", Title: "Home"})
	for i, s := range tricky {
		v := &pageView{Site: site(i), Root: tricky[(i+1)%len(tricky)], Kind: "page", Title: s, Description: tricky[(i+2)%len(tricky)],
			Permalink: tricky[(i+3)%len(tricky)], URL: tricky[(i+4)%len(tricky)], Key: s, Nav: "<ul><li>nav</li></ul>",
			Mermaid: i%2 == 1, Feed: tricky[(i+6)%len(tricky)], relative: i%2 == 0,
			Content: "<p>body & \"stuff\"</p>", TitleHTML: "<em>T</em>", Crumbs: links(i, i%3), Tags: links(i+1, i%2), Categories: links(i+2, (i+1)%2),
			Audience: links(i+3, i%4), Lastmod: tricky[(i+7)%len(tricky)], UpdatedBy: tricky[(i+8)%len(tricky)], Owner: tricky[(i+9)%len(tricky)],
			Reviewed: tricky[(i+10)%len(tricky)], ReviewDue: i%2 == 0, EditURL: tricky[(i+11)%len(tricky)], Minutes: i % 4, Tasks: i % 3, Done: i % 2,
			Signoff: i%3 == 1, Module: i % 5, Duration: tricky[(i+12)%len(tricky)], Requires: links(i+4, i%3)}
		if i%2 == 0 {
			v.TOC = toc
			v.Prev = &link{Title: s, Href: tricky[(i+13)%len(tricky)]}
		} else {
			v.TOC = toc[:1]
			v.Next = &link{Title: s, Href: tricky[(i+14)%len(tricky)]}
		}
		check("tricky "+strings.ToValidUTF8(s, "?"), v)
	}

	rng := rand.New(rand.NewPCG(3, 4))
	str := randomText(rng)
	rlinks := func() []link {
		var l []link
		for range rng.IntN(3) {
			l = append(l, link{Title: str(), Href: str()})
		}
		return l
	}
	var rtoc func(depth int) []tocEntry
	rtoc = func(depth int) []tocEntry {
		var l []tocEntry
		for range rng.IntN(4) {
			e := tocEntry{ID: str(), Text: str()}
			if depth < 2 {
				e.Children = rtoc(depth + 1)
			}
			l = append(l, e)
		}
		return l
	}
	for i := range 300 {
		s := &siteView{Title: str(), Description: str(), Language: str(), Copyright: str(), BaseURL: str(), Generator: str(),
			PageSize: "A4", Dev: rng.IntN(2) == 0, assets: assets, Params: config.Params{Logo: str(), Footer: str()}}
		for range rng.IntN(3) {
			s.Audiences = append(s.Audiences, str())
			s.Params.Links = append(s.Params.Links, config.Link{Name: str(), URL: str()})
		}
		if rng.IntN(2) == 0 {
			s.Progress = &progressView{URL: str(), Auth: str()}
		}
		kinds := []string{"page", "home", "section"}
		v := &pageView{Site: s, Root: str(), Kind: kinds[rng.IntN(3)], Title: str(), Description: str(), Permalink: str(), URL: str(), Key: str(),
			Nav: template.HTML(str()), TOC: rtoc(0), Mermaid: rng.IntN(2) == 0, Feed: str(), relative: rng.IntN(2) == 0,
			Content: template.HTML(str()), TitleHTML: template.HTML(str()), Crumbs: rlinks(), Tags: rlinks(), Categories: rlinks(), Audience: rlinks(),
			Lastmod: str(), UpdatedBy: str(), Owner: str(), Reviewed: str(), ReviewDue: rng.IntN(2) == 0, EditURL: str(),
			Minutes: rng.IntN(3), Tasks: rng.IntN(3), Done: rng.IntN(3), Signoff: rng.IntN(2) == 0, Module: rng.IntN(3), Duration: str(), Requires: rlinks()}
		if rng.IntN(2) == 0 {
			v.Prev = &link{Title: str(), Href: str()}
		}
		if rng.IntN(2) == 0 {
			v.Next = &link{Title: str(), Href: str()}
		}
		check("random "+string(rune('a'+i%26)), v)
	}
}

// TestWritePageOnlyForTheBuiltinLayout: a site whose own templates change
// what the page layout runs gets its templates; one whose own templates
// leave the page layout as built in keeps writePage, and so does a site
// that sets no CSS value writePage leaves to the template.
func TestWritePageOnlyForTheBuiltinLayout(t *testing.T) {
	for _, c := range []struct {
		name string
		own  fstest.MapFS
		want bool
	}{
		{"nothing of its own", fstest.MapFS{}, true},
		{"an unused partial", fstest.MapFS{"layouts/partials/extra.html": {Data: []byte("<p>extra</p>")}}, true},
		{"its own section layout", fstest.MapFS{"layouts/section.html": {Data: []byte(`{{define "main"}}<p>s</p>{{end}}`)}}, true},
		{"the same meta partial", fstest.MapFS{"layouts/partials/meta.html": {Data: builtinFile(t, "layouts/partials/meta.html")}}, true},
		{"its own meta partial", fstest.MapFS{"layouts/partials/meta.html": {Data: []byte("<p>meta</p>")}}, false},
		{"its own base", fstest.MapFS{"layouts/base.html": {Data: []byte(`<html>{{block "main" .}}{{end}}</html>`)}}, false},
		{"its own page layout", fstest.MapFS{"layouts/page.html": {Data: []byte(`{{define "main"}}<p>p</p>{{end}}`)}}, false},
		{"a partial redefined elsewhere", fstest.MapFS{"layouts/partials/x.html": {Data: []byte(`{{define "partials/pager.html"}}<p>pager</p>{{end}}`)}}, false},
		{"the head block filled", fstest.MapFS{"layouts/partials/x.html": {Data: []byte(`{{define "head"}}<meta name="x">{{end}}`)}}, false},
	} {
		tpl, err := loadTemplates(builtinLayers(t, c.own), funcs())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if tpl.builtinPage != c.want {
			t.Errorf("%s: builtinPage = %v, want %v", c.name, tpl.builtinPage, c.want)
		}
	}
	tpl, err := loadTemplates(builtinLayers(t, fstest.MapFS{}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		params config.Params
		size   string
		want   bool
	}{
		{"plain", config.Params{Logo: "logo.svg", Footer: "F"}, "A4", true},
		{"letter", config.Params{}, "Letter", true},
		{"accent", config.Params{Accent: "#123456"}, "A4", false},
		{"dark accent", config.Params{AccentDark: "#123456"}, "A4", false},
		{"brand colour", config.Params{BrandColor: "navy"}, "A4", false},
		{"odd page size", config.Params{}, "210mm 297mm", false},
	} {
		if got := pageInGo(tpl, &siteView{Params: c.params, PageSize: c.size}); got != c.want {
			t.Errorf("%s: pageInGo = %v, want %v", c.name, got, c.want)
		}
	}
}

// builtinFile returns a file of the built-in theme.
func builtinFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := builtinLayers(t, fstest.MapFS{}).ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWritePrintPartIsTheBuiltinTemplate holds writePrintPart to the
// built-in print-part template for parts with and without each field,
// at every heading level, with and without a body, and with the bytes
// that need escaping; a site's own print.html with another print-part
// gets its template.
func TestWritePrintPartIsTheBuiltinTemplate(t *testing.T) {
	tpl, err := loadTemplates(builtinLayers(t, fstest.MapFS{}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.builtinPrintPart {
		t.Fatal("the built-in print parts are not taken for the built-in ones")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	str := randomText(rng)
	for i := range 400 {
		p := &printPart{ID: str(), Level: 1 + i%6, Chapter: rng.IntN(2) == 0, Title: str(), Description: str(), Module: rng.IntN(3),
			Duration: str(), Owner: str(), Signoff: rng.IntN(2) == 0, page: content.NewPage(&content.Source{})}
		for range rng.IntN(3) {
			p.Audience = append(p.Audience, str())
			p.Requires = append(p.Requires, link{Title: str(), Href: str()})
		}
		if rng.IntN(2) == 0 {
			p.doc, p.n = &printDoc{}, i
		}
		for _, name := range []string{printPartTpl, printPartEndTpl} {
			var want bytes.Buffer
			if err := tpl.sets["print"].ExecuteTemplate(&want, name, p); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if name == printPartTpl {
				title, err := p.TitleHTML()
				if err != nil {
					t.Fatal(err)
				}
				writePrintPart(&got, p, string(title))
			} else {
				got.WriteString("\n</section>")
			}
			if got.String() != want.String() {
				t.Fatalf("part %d, %s:\n got %q\nwant %q", i, name, got.String(), want.String())
			}
		}
	}
	mine := strings.Replace(string(builtinFile(t, "layouts/print.html")), `class="part-head"`, `class="my-head"`, 1)
	own, err := loadTemplates(builtinLayers(t, fstest.MapFS{"layouts/print.html": {Data: []byte(mine)}}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	if own.builtinPrintPart || !own.builtinPage {
		t.Errorf("a site's own print-part: builtinPrintPart %v, builtinPage %v; want false, true", own.builtinPrintPart, own.builtinPage)
	}
}

// randomText returns a maker of short random strings (a third of them
// empty) from pieces that each need one of html/template's escapes, or
// make a URL that it filters or percent-encodes.
func randomText(rng *rand.Rand) func() string {
	pool := []string{"a", "Z", "9", " ", "<", ">", "&", `"`, "'", "+", "\x00", ":", "/", "%", "4", "f", "#", "?", "é", "\xff", "(", "-", "mailto", "javascript", "http"}
	return func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pool[rng.IntN(len(pool))])
		}
		return b.String()
	}
}
