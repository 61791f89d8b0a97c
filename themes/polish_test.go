package themes_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// The search page's box, button and filters are one height and wrap into
// whole rows on a phone; its URL names only the filters that are set.
func TestSearchPageControlsLineUpAndItsURLHasNoEmptyFilters(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	for _, c := range []struct {
		w    int64
		rows int
	}{{1280, 1}, {390, 2}, {320, 3}} {
		w := c.w
		browsertest.Do(t, ctx, browsertest.Viewport(w, 800))
		browsertest.Navigate(t, ctx, url+"/search/?q=discovery")
		browsertest.WaitFor(t, ctx, `document.querySelectorAll("#search-page select").length === 2`)
		type controls struct {
			Heights []float64
			Right   float64
			Rows    int
		}
		got := browsertest.Eval[controls](t, ctx, `(() => { const els = [...document.querySelectorAll("#search-page input, #search-page button, #search-page select")];
			const rs = els.map(e => e.getBoundingClientRect());
			return {Heights: rs.map(r => r.height), Right: Math.max(...rs.map(r => r.right)), Rows: new Set(rs.map(r => Math.round(r.top))).size} })()`)
		for _, h := range got.Heights {
			if h != got.Heights[0] {
				t.Errorf("at %d px the search controls are %v px high, want one height", w, got.Heights)
				break
			}
		}
		if got.Right > float64(w) || got.Rows > c.rows {
			t.Errorf("at %d px the search controls take %d rows (want at most %d) and end at %v px", w, got.Rows, c.rows, got.Right)
		}
	}
	browsertest.Do(t, ctx, chromedp.Focus(chromedp.ID("search-page-q")), chromedp.KeyEvent(" calls"))
	browsertest.WaitFor(t, ctx, `location.search.startsWith("?q=discovery+calls")`)
	if got := browsertest.Eval[string](t, ctx, `location.search`); got != "?q=discovery+calls" {
		t.Errorf("search URL %q, want only the query", got)
	}
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`(s => { s.value = "new-hire"; s.dispatchEvent(new Event("change", {bubbles: true})) })(document.querySelector("#search-page select[name=audience]"))`),
		chromedp.Focus(chromedp.ID("search-page-q")), chromedp.KeyEvent("s"))
	browsertest.WaitFor(t, ctx, `location.search === "?q=discovery+callss&audience=new-hire"`)
}

// An empty progress bar can be seen; breadcrumbs keep a gap above the
// title; brandColor colours the header.
func TestEmptyProgressBarCrumbsAndBrandColour(t *testing.T) {
	ctx := browsertest.New(t)
	url := browsertest.Serve(t, buildFixture(t, `
-- site.toml --
title = "T"
[params]
brandColor = "#123456"
-- content/_index.md --
# Home
-- content/s/_index.md --
# S
-- content/s/a.md --
# A

- [ ] one
- [ ] two
`))
	browsertest.Navigate(t, ctx, url+"/s/a/")
	type look struct {
		Track, Page, Header, Brand string
		Height, Gap                float64
	}
	got := browsertest.Eval[look](t, ctx, `(() => { const p = document.querySelector(".progress progress"), s = e => getComputedStyle(e);
		return {Track: s(p).backgroundColor, Page: s(document.body).backgroundColor, Height: p.getBoundingClientRect().height,
			Header: s(document.querySelector(".top")).backgroundColor, Brand: s(document.querySelector(".brand")).color,
			Gap: document.querySelector("main h1").getBoundingClientRect().top - document.querySelector(".crumbs").getBoundingClientRect().bottom} })()`)
	if got.Track == got.Page || got.Track == "rgba(0, 0, 0, 0)" || got.Height < 6 {
		t.Errorf("empty progress bar: track %s on page %s, %v px high; want a visible track", got.Track, got.Page, got.Height)
	}
	if got.Gap < 12 {
		t.Errorf("breadcrumbs end %v px above the title, want a gap of at least 12 px", got.Gap)
	}
	if got.Header != "rgb(18, 52, 86)" || got.Brand != "rgb(255, 255, 255)" {
		t.Errorf("header %s with title %s, want brandColor rgb(18, 52, 86) and white", got.Header, got.Brand)
	}
}

// On Linux the body text is set in a face of normal weight when one is
// installed: system-ui resolves to DejaVu Sans there, wide and heavy, so
// the stack names the common desktop faces first. Measured with a canvas:
// the body's text must not have DejaVu Sans' width. CI installs
// fonts-liberation (Liberation Sans) beside DejaVu.
func TestBodyTextIsNotSetInDejaVuWhenALighterFaceIsInstalled(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	type widths struct{ Body, DejaVu, Liberation float64 }
	got := browsertest.Eval[widths](t, ctx, `(() => { const c = document.createElement("canvas").getContext("2d");
		const w = f => { c.font = "16px " + f; return c.measureText("Leading people, not only numbers 0123").width; };
		return {Body: w(getComputedStyle(document.body).fontFamily), DejaVu: w('"DejaVu Sans"'), Liberation: w('"Liberation Sans"')} })()`)
	if got.Liberation == got.DejaVu {
		t.Fatalf("Liberation Sans and DejaVu Sans measure alike (%v px): install fonts-liberation", got.DejaVu)
	}
	if got.Body == got.DejaVu {
		t.Errorf("body text is %v px wide, DejaVu Sans' width: the font stack falls back to DejaVu (Liberation Sans: %v px)", got.Body, got.Liberation)
	}
}
