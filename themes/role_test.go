package themes_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"playbook/internal/browsertest"
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
