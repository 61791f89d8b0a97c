package themes_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

const calloutSite = `
-- site.toml --
title = "Callouts"
baseURL = "/"
[print]
sections = true
-- content/_index.md --
+++
title = "Home"
+++
-- content/selling/_index.md --
+++
title = "Selling"
+++
-- content/selling/follow-up.md --
+++
title = "Follow-up"
+++
=== "Email"
    Send the recap within a day.

===+ "Phone"
    Call back within the hour.

=== "In person"
    Drop by with the proposal.

??? question "Why does the buyer care?"
    Because slow answers cost them money.

:::warning Discount policy
Never below floor price.
:::
`

// visible says, for each element of sel, whether it shows (the contents
// of a closed <details> are laid out but not shown).
func visible(t *testing.T, ctx context.Context, sel string) []bool {
	t.Helper()
	return browsertest.Eval[[]bool](t, ctx, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.checkVisibility())`)
}

// boolsString writes visible's answer as "shown hidden ...".
func boolsString(bs []bool) string {
	var s []string
	for _, b := range bs {
		if b {
			s = append(s, "shown")
		} else {
			s = append(s, "hidden")
		}
	}
	return strings.Join(s, " ")
}

// The tab state a reader sees: which tab is selected, which has focus
// (-1: none), which panels show.
func tabState(t *testing.T, ctx context.Context) (selected, focused int, panels string) {
	t.Helper()
	selected = browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll("[role=tab]")).findIndex(b => b.getAttribute("aria-selected") === "true")`)
	focused = browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll("[role=tab]")).indexOf(document.activeElement)`)
	return selected, focused, boolsString(visible(t, ctx, ".tab-panel"))
}

func TestTabsFollowTheWAIARIATabsPattern(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, calloutSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/selling/follow-up/")

	// Roles and the links between tabs and panels.
	if got := browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll(".tabs [role=tablist] [role=tab]"), b => b.textContent + ">" + document.getElementById(b.getAttribute("aria-controls")).getAttribute("role") + ":" + document.getElementById(b.getAttribute("aria-controls")).getAttribute("aria-labelledby").localeCompare(b.id)).join(" ")`); got != "Email>tabpanel:0 Phone>tabpanel:0 In person>tabpanel:0" {
		t.Errorf("tabs and panels: %s", got)
	}
	// ===+ chose the tab shown first; only its panel shows, without its
	// label (the tab says it); only the selected tab is in the Tab order.
	if sel, _, panels := tabState(t, ctx); sel != 1 || panels != "hidden shown hidden" {
		t.Errorf("at first tab %d selected, panels %s; want 1, hidden shown hidden", sel, panels)
	}
	if got := boolsString(visible(t, ctx, ".tab-label")); got != "hidden hidden hidden" {
		t.Errorf("labels in panels: %s, want hidden", got)
	}
	if got := browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("[role=tab]"), b => b.tabIndex).join(" ")`); got != "-1 0 -1" {
		t.Errorf("tab indexes %s, want -1 0 -1", got)
	}

	// Keys move between tabs, wrapping; the panel follows focus.
	browsertest.Do(t, ctx, chromedp.Focus(chromedp.CSS(`[role=tab][aria-selected=true]`)))
	for _, step := range []struct {
		key     string
		want    int
		reached string
	}{
		{kb.ArrowRight, 2, "hidden hidden shown"},
		{kb.ArrowRight, 0, "shown hidden hidden"},
		{kb.ArrowLeft, 2, "hidden hidden shown"},
		{kb.Home, 0, "shown hidden hidden"},
		{kb.End, 2, "hidden hidden shown"},
	} {
		browsertest.Do(t, ctx, chromedp.KeyEvent(step.key))
		if sel, focus, panels := tabState(t, ctx); sel != step.want || focus != step.want || panels != step.reached {
			t.Errorf("after %q: tab %d selected, %d focused, panels %s; want %d, %d, %s", step.key, sel, focus, panels, step.want, step.want, step.reached)
		}
	}
	// Tab leaves the tab list for the shown panel.
	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.getAttribute("role") + " " + document.activeElement.innerText.trim()`); got != "tabpanel Drop by with the proposal." {
		t.Errorf("Tab from the tab list went to %q, want the shown panel", got)
	}
	// A click selects too.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`[role=tab]`)))
	if sel, _, panels := tabState(t, ctx); sel != 0 || panels != "shown hidden hidden" {
		t.Errorf("after a click: tab %d, panels %s", sel, panels)
	}
}

func TestTabsAndFoldedCalloutsWithoutJavaScript(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, calloutSite))
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/selling/follow-up/"))
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`)
	if got := boolsString(visible(t, ctx, ".tab-panel")); got != "shown shown shown" {
		t.Errorf("panels without JavaScript: %s, want all shown", got)
	}
	if got := browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll(".tab-label"), l => l.checkVisibility() ? l.textContent : "-").join("|")`); got != "Email|Phone|In person" {
		t.Errorf("labels without JavaScript: %s", got)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("[role=tablist]").length`); n != 0 {
		t.Errorf("%d tab lists without JavaScript: tabs that do nothing", n)
	}
	// A folded callout opens with its summary, no script needed.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`details.callout > summary`)))
	if got := boolsString(visible(t, ctx, "details.callout > p")); got != "shown" {
		t.Errorf("folded callout after a click: %s", got)
	}
}

// On paper every tab shows with its label, the tab list does not, and
// folded callouts are open: on the page after JavaScript ran, and on the
// print page, which has none.
func TestPrintShowsEveryTabAndFoldedCalloutsOpen(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, calloutSite))
	ctx := browsertest.New(t)
	for _, page := range []string{"/selling/follow-up/", "/print/", "/print/selling/"} {
		browsertest.Navigate(t, ctx, url+page)
		if got := boolsString(visible(t, ctx, "details.callout > p")); got != "hidden" {
			t.Fatalf("%s: folded callout on screen: %s, want hidden", page, got)
		}
		browsertest.Do(t, ctx, emulatePrint())
		if got := boolsString(visible(t, ctx, ".tab-panel")); got != "shown shown shown" {
			t.Errorf("%s: printed panels %s, want all shown", page, got)
		}
		if got := boolsString(visible(t, ctx, ".tab-label")); got != "shown shown shown" {
			t.Errorf("%s: printed labels %s, want all shown", page, got)
		}
		if got := boolsString(visible(t, ctx, ".tab-list")); got != "" && got != "hidden" {
			t.Errorf("%s: printed tab list %s, want none", page, got)
		}
		if got := boolsString(visible(t, ctx, "details.callout > p")); got != "shown" {
			t.Errorf("%s: printed folded callout %s, want shown", page, got)
		}
		browsertest.Do(t, ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
			return err
		}))
	}
	// Browsers without ::details-content: the page's script opens folded
	// callouts before printing and folds them again after.
	browsertest.Navigate(t, ctx, url+"/selling/follow-up/")
	open := `document.querySelector("details.callout").open`
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`dispatchEvent(new Event("beforeprint"))`))
	if !browsertest.Eval[bool](t, ctx, open) {
		t.Errorf("folded callout still closed after beforeprint")
	}
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`dispatchEvent(new Event("afterprint"))`))
	if browsertest.Eval[bool](t, ctx, open) {
		t.Errorf("folded callout still open after afterprint")
	}
}

func TestCalloutsAndTabsHaveNoWCAGViolations(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	url := browsertest.Serve(t, buildFixture(t, calloutSite))
	ctx := browsertest.New(t)
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Navigate(t, ctx, url+"/selling/follow-up/")
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+scheme+`"); document.querySelector("details.callout").open = true`))
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
		res := browsertest.Eval[[]axeResult](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`)
		for _, v := range res {
			for _, n := range v.Nodes {
				t.Errorf("%s: %s: %s at %v: %s", scheme, v.ID, v.Help, n.Target, n.HTML)
			}
		}
	}
}
