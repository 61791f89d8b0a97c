package themes_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// wheelEvent is Input.dispatchMouseEvent's parameters for the wheel: the
// protocol wants deltaX, which the generated params omit when it is 0.
type wheelEvent struct {
	Type   string  `json:"type"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	DeltaX float64 `json:"deltaX"`
	DeltaY float64 `json:"deltaY"`
}

var dispatchWheel = cdp.Command[wheelEvent, cdp.Empty]{Method: input.CommandDispatchMouseEvent}

// wheel scrolls the mouse wheel by dy CSS pixels at (x, y).
func wheel(x, y, dy float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, dispatchWheel, wheelEvent{Type: "mouseWheel", X: x, Y: y, DeltaY: dy})
		return err
	})
}

const menuOpen = `document.getElementById("sidebar").classList.contains("open")`

// On a phone, held upright or on its side, the open menu is a panel from
// the header to the bottom of the screen that scrolls on its own while
// the page behind stays put; it holds the keyboard focus until Escape,
// a click beside it or a link closes it.
func TestPhoneMenuScrollsOnItsOwnAndHoldsTheFocus(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	const page = "/leading/coaching-one-on-ones/"
	for _, vp := range [][2]int64{{740, 360}, {390, 844}} {
		name := fmt.Sprintf("%dx%d", vp[0], vp[1])
		browsertest.Do(t, ctx, browsertest.Viewport(vp[0], vp[1]))
		browsertest.Navigate(t, ctx, url+page)
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".menu-btn")))
		browsertest.WaitFor(t, ctx, menuOpen)

		type geometry struct{ Top, Bottom, Header, Viewport, Width, Backdrop float64 }
		g := browsertest.Eval[geometry](t, ctx, `(() => { const r = document.getElementById("sidebar").getBoundingClientRect();
			const x = innerWidth - 4, y = innerHeight - 4;
			return {Top: r.top, Bottom: r.bottom, Header: document.querySelector(".top").getBoundingClientRect().bottom,
				Viewport: innerHeight, Width: r.width, Backdrop: document.elementFromPoint(x, y).closest("#sidebar") ? 0 : 1} })()`)
		if g.Top != g.Header || g.Bottom != g.Viewport {
			t.Errorf("%s: open menu spans %v..%v px, want the header's bottom %v to the viewport's %v", name, g.Top, g.Bottom, g.Header, g.Viewport)
		}
		if g.Width >= float64(vp[0]) || g.Backdrop != 1 {
			t.Errorf("%s: open menu is %v px wide with no backdrop beside it", name, g.Width)
		}
		if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.documentElement).overflowY`); got != "hidden" {
			t.Errorf("%s: the page behind the open menu scrolls (overflow-y %s)", name, got)
		}
		if !browsertest.Eval[bool](t, ctx, `document.getElementById("sidebar").contains(document.activeElement)`) {
			t.Errorf("%s: opening the menu leaves the focus outside it", name)
		}

		// The wheel over the panel brings its last link into view and
		// leaves the page behind where it was.
		last := `[...document.querySelectorAll("#sidebar a")].filter(a => a.getClientRects().length).pop()`
		lastInView := `(() => { const r = ` + last + `.getBoundingClientRect(); return r.top >= document.getElementById("sidebar").getBoundingClientRect().top && r.bottom <= innerHeight })()`
		steps := browsertest.Eval[int](t, ctx, `Math.ceil(document.getElementById("sidebar").scrollHeight / 200) + 2`)
		for range steps {
			browsertest.Do(t, ctx, wheel(40, g.Header+40, 200))
		}
		browsertest.WaitFor(t, ctx, lastInView)
		if y := browsertest.Eval[float64](t, ctx, `scrollY`); y != 0 {
			t.Errorf("%s: the page behind scrolled to %v with the menu open", name, y)
		}

		// Tab and Shift+Tab stay in the menu button and the panel's links.
		n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#sidebar a").length`)
		inside := `document.getElementById("sidebar").contains(document.activeElement) || document.activeElement === document.querySelector(".menu-btn")`
		for i := 0; i < n+2; i++ {
			browsertest.Do(t, ctx, chromedp.KeyEvent("\t"))
			if !browsertest.Eval[bool](t, ctx, inside) {
				t.Fatalf("%s: Tab %d moved the focus out of the open menu to %s", name, i+1, browsertest.Eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
			}
		}
		for i := range 3 {
			browsertest.Do(t, ctx, chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift)))
			if !browsertest.Eval[bool](t, ctx, inside) {
				t.Fatalf("%s: Shift+Tab %d moved the focus out of the open menu", name, i+1)
			}
		}

		browsertest.Do(t, ctx, chromedp.KeyEvent(kbEscape))
		type closed struct {
			Open                      bool
			Expanded, Overflow, Focus string
		}
		want := closed{Expanded: "false", Overflow: "visible", Focus: "menu-btn"}
		state := `({Open: ` + menuOpen + `, Expanded: document.querySelector(".menu-btn").getAttribute("aria-expanded"),
			Overflow: getComputedStyle(document.documentElement).overflowY, Focus: document.activeElement.classList.contains("menu-btn") ? "menu-btn" : document.activeElement.tagName})`
		if got := browsertest.Eval[closed](t, ctx, state); got != want {
			t.Errorf("%s: after Escape %+v, want %+v", name, got, want)
		}

		// A click on the backdrop closes the menu and does nothing else.
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".menu-btn")))
		browsertest.WaitFor(t, ctx, menuOpen)
		browsertest.Do(t, ctx, chromedp.MouseClickXY(float64(vp[0])-4, float64(vp[1])-4))
		if browsertest.Eval[bool](t, ctx, menuOpen) || browsertest.Eval[string](t, ctx, `location.pathname`) != page {
			t.Errorf("%s: a click beside the open menu left it open or followed a link to %s", name, browsertest.Eval[string](t, ctx, `location.pathname`))
		}

		// Following a link closes it, also when the browser goes back.
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".menu-btn")))
		browsertest.WaitFor(t, ctx, menuOpen)
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#sidebar a[href$="/leading/"]').click()`))
		browsertest.WaitFor(t, ctx, `location.pathname === "/leading/" && document.readyState === "complete"`)
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)) // no load event from the back/forward cache
		browsertest.WaitFor(t, ctx, `location.pathname === "`+page+`" && document.readyState === "complete"`)
		if browsertest.Eval[bool](t, ctx, menuOpen) {
			t.Errorf("%s: the menu is still open after following a link and going back", name)
		}
	}
}
