package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/themes"
)

// builtinLayers is the built-in theme alone, with extra files of a
// site's own over it.
func builtinLayers(t *testing.T, own fstest.MapFS) Layers {
	t.Helper()
	def, err := fs.Sub(themes.Default, "default")
	if err != nil {
		t.Fatal(err)
	}
	return Layers{{FS: own, Dir: "."}, {FS: def, Dir: "themes/default", Builtin: true}}
}

// TestWriteNavIsTheBuiltinPartial holds writeNav to the built-in
// partials/nav.html: the same bytes for every kind of entry, nested,
// with text and links that need each of html/template's escapes, and
// for random entries made of the bytes that need escaping.
func TestWriteNavIsTheBuiltinPartial(t *testing.T) {
	tpl, err := loadTemplates(builtinLayers(t, fstest.MapFS{}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.builtinNav {
		t.Fatal("the built-in theme's sidebar is not taken for the built-in one")
	}
	check := func(name string, items []navItem) {
		t.Helper()
		var want, got bytes.Buffer
		if err := tpl.sets["page"].ExecuteTemplate(&want, navPartial, items); err != nil {
			t.Fatal(err)
		}
		writeNav(&got, items)
		if got.String() != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", name, got.String(), want.String())
		}
	}
	tricky := []string{
		"", "Plain", `<b>&amp; "q" 'a' +1</b>`, "nul\x00byte", "caf\u00e9 \u2014 \ufdd0", "bad\xffutf8",
		"/a/b/", "../up/", "a b/?q=1&r=2#f", "/caf\u00e9/", "%41%zz%", "(paren)'s", "javascript:alert(1)",
		"JavaScript:x", "mailto:a@b.c", "HTTP://x.y/", "https://x.y/?a=b", "a:b/c", "/a:b/", "#top", "?only",
		"[x]!$*,;=@~", "tab\there\nline",
	}
	check("no entries", nil)
	var all []navItem
	for i, s := range tricky {
		all = append(all, navItem{Title: s, Href: s, Audience: s, Badge: tricky[(i+3)%len(tricky)],
			Current: i%3 == 0, Active: i%2 == 0, IsSection: i%4 < 2})
	}
	check("every flag and escape", all)
	check("nested", []navItem{
		{Title: "Part", Part: true, Children: all[:4]},
		{Title: "Section", Href: "/s/", IsSection: true, Active: true, Children: []navItem{
			{Title: "Deeper", Href: "/s/d/", IsSection: true, Children: all[4:7]},
			{Title: "3 more in Section", Href: "/s/", More: true, Audience: "manager seller"},
		}},
		{Title: "12 more", Href: "/", More: true},
		{Title: "Part without entries", Part: true},
	})
	rng := rand.New(rand.NewPCG(1, 2))
	str := randomText(rng)
	var item func(depth int) navItem
	item = func(depth int) navItem {
		it := navItem{Title: str(), Href: str(), Audience: str(), Badge: str(),
			Current: rng.IntN(2) == 0, Active: rng.IntN(2) == 0, IsSection: rng.IntN(2) == 0,
			Part: rng.IntN(6) == 0, More: rng.IntN(6) == 0}
		if depth < 3 {
			for range rng.IntN(3) {
				it.Children = append(it.Children, item(depth+1))
			}
		}
		return it
	}
	for i := range 500 {
		var items []navItem
		for range rng.IntN(4) {
			items = append(items, item(0))
		}
		check(fmt.Sprintf("random %d", i), items)
	}
}

// TestNavOfAThemeIsItsOwn checks that a site whose theme has its own
// sidebar partial, or a layout that redefines it, gets its template,
// not writeNav.
func TestNavOfAThemeIsItsOwn(t *testing.T) {
	for name, own := range map[string]fstest.MapFS{
		"own partial": {"layouts/partials/nav.html": {Data: []byte("<ol>{{range .}}<li>{{.Title}}</li>{{end}}</ol>")}},
		"redefined":   {"layouts/partials/zz.html": {Data: []byte(`{{define "partials/nav.html"}}<ol></ol>{{end}}`)}},
	} {
		tpl, err := loadTemplates(builtinLayers(t, own), funcs())
		if err != nil {
			t.Fatal(err)
		}
		if tpl.builtinNav {
			t.Errorf("%s: the sidebar is taken for the built-in one", name)
		}
		var out bytes.Buffer
		if err := tpl.sets["page"].ExecuteTemplate(&out, navPartial, []navItem{{Title: "x"}}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), "<ol>") {
			t.Errorf("%s: the theme's partial does not run: %q", name, out.String())
		}
	}
}

// TestWriteEntryIsTheBuiltinPartial holds writeEntry to the built-in
// partials/entry.html: every field set and unset, with text and links
// that need html/template's escapes, and random entries.
func TestWriteEntryIsTheBuiltinPartial(t *testing.T) {
	tpl, err := loadTemplates(builtinLayers(t, fstest.MapFS{}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.builtinEntry {
		t.Fatal("the built-in theme's entry partial is not taken for the built-in one")
	}
	check := func(name string, e entryView) {
		t.Helper()
		var want, got bytes.Buffer
		if err := tpl.sets["page"].ExecuteTemplate(&want, entryPartial, e); err != nil {
			t.Fatal(err)
		}
		writeEntry(&got, &e)
		if got.String() != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", name, got.String(), want.String())
		}
	}
	tricky := []string{
		"", "Plain", `<b>&amp; "q" 'a' +1</b>`, "nul\x00byte", "caf\u00e9 \u2014 \ufdd0", "bad\xffutf8",
		"/a/b/", "a b/?q=1&r=2#f", "%41%zz%", "javascript:alert(1)", "mailto:a@b.c", `{"manager":[1,2]}`,
	}
	check("empty", entryView{})
	for i, s := range tricky {
		e := entryView{Title: s, Href: tricky[(i+1)%len(tricky)], Description: tricky[(i+2)%len(tricky)], IsSection: i%2 == 0,
			Key: tricky[(i+3)%len(tricky)], Tasks: i % 3, Done: i % 2, Module: i % 4, Duration: tricky[(i+4)%len(tricky)],
			Audience: tricky[(i+5)%len(tricky)], Roles: tricky[(i+6)%len(tricky)], Badge: tricky[(i+7)%len(tricky)]}
		for k := range i % 3 {
			e.Requires = append(e.Requires, link{Title: tricky[(i+k)%len(tricky)], Href: tricky[(i+k+8)%len(tricky)]})
		}
		check(fmt.Sprintf("tricky %d", i), e)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	str := randomText(rng)
	for i := range 500 {
		e := entryView{Title: str(), Href: str(), Description: str(), IsSection: rng.IntN(2) == 0, Key: str(), Tasks: rng.IntN(3),
			Done: rng.IntN(3), Module: rng.IntN(3), Duration: str(), Audience: str(), Roles: str(), Badge: str()}
		for range rng.IntN(3) {
			e.Requires = append(e.Requires, link{Title: str(), Href: str()})
		}
		check(fmt.Sprintf("random %d", i), e)
	}
}

// TestEntryOfAThemeIsItsOwn: a site with its own entry partial, or one
// that redefines it, gets its template; its own sidebar or entry partial
// leaves the page layout written in Go.
func TestEntryOfAThemeIsItsOwn(t *testing.T) {
	for name, own := range map[string]fstest.MapFS{
		"own partial": {"layouts/partials/entry.html": {Data: []byte("<li>{{.Title}}</li>")}},
		"redefined":   {"layouts/partials/zz.html": {Data: []byte(`{{define "partials/entry.html"}}<li>{{.Title}}</li>{{end}}`)}},
	} {
		tpl, err := loadTemplates(builtinLayers(t, own), funcs())
		if err != nil {
			t.Fatal(err)
		}
		if tpl.builtinEntry {
			t.Errorf("%s: the entry partial is taken for the built-in one", name)
		}
		if !tpl.builtinPage || !tpl.builtinNav {
			t.Errorf("%s: builtinPage %v, builtinNav %v, want both", name, tpl.builtinPage, tpl.builtinNav)
		}
		r := &Renderer{tpl: tpl}
		var out bytes.Buffer
		if err := r.execEntry(&out, entryView{Title: "x"}); err != nil {
			t.Fatal(err)
		}
		if out.String() != "<li>x</li>" {
			t.Errorf("%s: the theme's partial does not run: %q", name, out.String())
		}
	}
	tpl, err := loadTemplates(builtinLayers(t, fstest.MapFS{"layouts/partials/nav.html": {Data: []byte("<ol></ol>")}}), funcs())
	if err != nil {
		t.Fatal(err)
	}
	if tpl.builtinNav || !tpl.builtinPage || !tpl.builtinEntry {
		t.Errorf("own sidebar: builtinNav %v, builtinPage %v, builtinEntry %v; want false, true, true", tpl.builtinNav, tpl.builtinPage, tpl.builtinEntry)
	}
}
