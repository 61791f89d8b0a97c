package themes_test

import (
	"regexp"
	"testing"

	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// idsSite is a page whose headings and footnote slug to the theme's ids,
// with what the theme's scripts give ids to: content tabs, a mermaid
// diagram and the search box's results.
const idsSite = `
-- site.toml --
title = "Ids"
baseURL = "/"
-- content/_index.md --
+++
title = "Home"
+++
-- content/a.md --
+++
title = "Discovery"
+++
Intro with a note[^1].

## Fn 1

## Main

## Sidebar

## Search panel

## SR 0

## Tabs 0 0

=== "Email"
    Send the recap.

=== "Phone"
    Call back.

` + "```mermaid\ngraph LR\n  A[Qualify] --> B[Propose]\n```" + `

[^1]: The note.
`

// Once the scripts have run (tabs made, the diagram drawn, the search box
// showing results) every id on the page is unique, and those outside the
// Markdown body are on the list of theme ids that headings skip.
func TestScriptsMakeOnlyIDsOnTheThemeList(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, idsSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/a/")
	browsertest.WaitFor(t, ctx, `document.querySelector("pre.mermaid > svg") && document.querySelector("[role=tab]")`)
	typeQuery(t, ctx, "recap")
	browsertest.WaitForSearch(t, ctx, "search-list", `document.querySelectorAll("#search-list [role=option]").length > 0`)

	// Each id on the page now, whether the Markdown body has it as
	// served, and whether it names a part of a drawn diagram (mermaid
	// names those after the diagram's id).
	type el struct {
		ID      string `json:"id"`
		Served  bool   `json:"served"`
		Diagram bool   `json:"diagram"`
	}
	els := browsertest.Eval[[]el](t, ctx, `fetch(location.href).then(r => r.text()).then(html => {
	  var served = new DOMParser().parseFromString(html, "text/html");
	  var body = new Set(Array.from(served.querySelectorAll(".content [id]"), e => e.id));
	  return Array.from(document.querySelectorAll("[id]"), e => ({id: e.id, served: body.has(e.id),
	    diagram: !!e.parentElement && !!e.parentElement.closest("svg[id^='mermaid-']")}));
	})`)
	seen := map[string]bool{}
	var theme []string
	for _, e := range els {
		if seen[e.ID] {
			t.Errorf("id %q twice on the page", e.ID)
		}
		seen[e.ID] = true
		switch {
		case e.Served && render.ThemeID(e.ID):
			t.Errorf("the body has the theme's id %q", e.ID)
		case !e.Served && !e.Diagram:
			theme = append(theme, e.ID)
			if !render.ThemeID(e.ID) {
				t.Errorf("the theme made id %q, which the list of theme ids (generator/render/ids.go) lacks", e.ID)
			}
		}
	}
	for _, want := range []string{"search-list", "sr:0", "tabs:0:0", "tabs:0:1:panel", "main", "sidebar", "search-panel"} {
		if !seen[want] || !render.ThemeID(want) {
			t.Errorf("no element with the theme id %q on the page (ids: %q)", want, theme)
		}
	}
	diagram := regexp.MustCompile(`^mermaid-\d{13}$`)
	drawn := false
	for id := range seen {
		drawn = drawn || (diagram.MatchString(id) && render.ThemeID(id))
	}
	if !drawn {
		t.Errorf("no diagram id mermaid-<13 digits> on the page (ids: %q)", theme)
	}
	for _, want := range []string{"fn-1", "fn-1-1", "main-1", "sidebar-1", "search-panel-1", "sr-0", "tabs-0-0"} {
		if !seen[want] {
			t.Errorf("no element with the body's id %q", want)
		}
	}
}
