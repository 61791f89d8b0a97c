package themes_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

func TestRoleSwitcherFiltersNavigationAndIsRemembered(t *testing.T) {
	out := buildFixture(t, `
-- content/_index.md --
# Home
-- content/a.md --
+++
title = "Managers only"
audience = ["manager"]
+++
-- content/b.md --
+++
title = "Sellers only"
audience = ["seller"]
+++
-- content/c.md --
+++
title = "Everyone"
+++
`)
	url := browsertest.Serve(t, out)
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	visible := func(title string) bool {
		return browsertest.Eval[bool](t, ctx, `Array.from(document.querySelectorAll("#sidebar a")).some(a => a.textContent === `+jsString(title)+` && a.offsetParent !== null)`)
	}
	if !visible("Managers only") || !visible("Sellers only") {
		t.Fatal("everyone should see every page before choosing a role")
	}
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`var s = document.getElementById("role-select"); s.value = "seller"; s.dispatchEvent(new Event("change"))`))
	if visible("Managers only") || !visible("Sellers only") || !visible("Everyone") {
		t.Error("seller view shows the wrong pages")
	}
	browsertest.Navigate(t, ctx, url+"/c/")
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("role-select").value`); got != "seller" {
		t.Errorf("role after navigating: %q", got)
	}
	if visible("Managers only") {
		t.Error("role filter not applied after navigating")
	}
}

// A section whose own page names other audiences holds pages for the
// chosen role: it stays, its other pages go, and every total counts only
// what the role sees.
const roleSectionSite = `
-- site.toml --
title = "Roles"
baseURL = "/"
audiences = ["manager", "seller", "new-hire"]
-- content/_index.md --
+++
title = "Home"
+++
-- content/selling/_index.md --
+++
title = "Selling"
audience = ["seller", "manager"]
+++
- [ ] Read the principles
-- content/selling/discovery.md --
+++
title = "Discovery"
weight = 1
audience = ["seller", "new-hire"]
+++
- [ ] Prepare questions
- [x] Book the room
-- content/selling/forecasting.md --
+++
title = "Forecasting"
weight = 2
audience = ["seller", "manager"]
+++
- [ ] Update the forecast
- [ ] Call the buyer
- [ ] Write it down
`

func TestRoleShowsSectionsWithPagesForItAndTotalsFollow(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, roleSectionSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/selling/discovery/")
	visible := func(title string) bool {
		return browsertest.Eval[bool](t, ctx, `Array.from(document.querySelectorAll("#sidebar a")).some(a => a.textContent === `+jsString(title)+` && a.offsetParent !== null)`)
	}
	setRole := func(role string) {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`var s = document.getElementById("role-select"); s.value = `+jsString(role)+`; s.dispatchEvent(new Event("change"))`))
	}
	setRole("new-hire")
	if !visible("Selling") || !visible("Discovery") {
		t.Error("new-hire: the Selling section or its Discovery page is hidden, though Discovery is for new hires")
	}
	if visible("Forecasting") {
		t.Error("new-hire: Forecasting (sellers and managers) is shown")
	}
	tick(t, ctx, "Prepare questions")

	// Home: the section's card and the whole playbook count Discovery only.
	browsertest.Navigate(t, ctx, url+"/")
	entry := `.entry[data-key="/selling/"] .progress-text`
	if got, total := progressText(t, ctx, entry), progressText(t, ctx, ".rollup .progress-text"); got != "2 of 2 done" || total != "2 of 2 done" {
		t.Errorf("new-hire on home: Selling card %q, total %q; want 2 of 2 for both", got, total)
	}
	if !browsertest.Eval[bool](t, ctx, `document.querySelector('.entry[data-key="/selling/"]').offsetParent !== null`) {
		t.Error("new-hire: the Selling card on the home page is hidden")
	}
	// Everyone again: every page counts, and the totals move at once.
	setRole("")
	if got, total := progressText(t, ctx, entry), progressText(t, ctx, ".rollup .progress-text"); got != "2 of 6 done" || total != "2 of 6 done" {
		t.Errorf("everyone on home: Selling card %q, total %q; want 2 of 6 for both", got, total)
	}
	setRole("manager")
	if got := progressText(t, ctx, ".rollup .progress-text"); got != "0 of 4 done" {
		t.Errorf("manager on home: total %q, want 0 of 4 (Selling and Forecasting)", got)
	}
	if got := browsertest.Eval[int](t, ctx, `document.querySelector(".rollup progress").max`); got != 4 {
		t.Errorf("manager on home: bar max %d, want 4", got)
	}
}

// The example playbook: an SDR sees the role tracks shared by every role
// and the SDR track, not the account executive's or the account
// manager's.
func TestSDRSeesTheirOwnTrack(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/tracks/")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`var s = document.getElementById("role-select"); s.value = "sdr"; s.dispatchEvent(new Event("change"))`))
	got := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#sidebar a")).filter(a => a.offsetParent !== null && a.getAttribute("href").indexOf("tracks/") >= 0).map(a => a.textContent)`)
	want := []string{"Role tracks", "Ramp in numbers", "Buddy", "Handoffs", "SDR track"}
	if !sameSet(got, want) {
		t.Errorf("sdr sees in Role tracks %q, want %q", got, want)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s]--; seen[s] < 0 {
			return false
		}
	}
	return true
}
