package themes_test

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/progress/store"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

const longItem = "call three customers from the reference list, note what they bought and why, and write the recap in the CRM before Friday"

// weeksSite is a curriculum of n modules named as the example playbook's
// ("1. Your first week", "2. Your second week", …).
func weeksSite(serviceURL string, n int) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fs := fstest.MapFS{
		"site.toml":              file("title = \"Team\"\nlanguage = \"en-GB\"\n[progress]\nurl = \"" + serviceURL + "\"\n"),
		"content/_index.md":      file("# Team\n"),
		"content/path/_index.md": file("+++\ntitle = \"Onboarding path\"\ntype = \"curriculum\"\n+++\n"),
	}
	names := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh"}
	for i := range n {
		fs[fmt.Sprintf("content/path/%02d-week.md", i+1)] = file(fmt.Sprintf("+++\ntitle = \"Your %s week\"\nweight = %d\nduration = \"4h\"\n%s+++\n- [ ] %s\n- [ ] item two\n", names[i], i+1, map[bool]string{true: "signoff = true\n"}[i%2 == 1], longItem))
	}
	return fs
}

// teamPage builds the site and starts the progress service for it; it
// returns the service and the site's URL.
func teamPage(t *testing.T, fs func(serviceURL string) fstest.MapFS) (*progressService, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serviceURL := "http://" + ln.Addr().String() + "/"
	out := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{FS: fs(serviceURL), Target: out, BaseURL: "/"}); err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(out.Handler("/"))
	t.Cleanup(web.Close)
	svc := &progressService{t: t, db: filepath.Join(t.TempDir(), "progress.db"), site: web.URL + "/", addr: ln.Addr().String()}
	svc.start(ln)
	t.Cleanup(svc.stop)
	return svc, web.URL
}

// At 1280 and 1440 px, light and dark, with 2 and 11 modules, the team
// table is never cut off: it fits beside the sidebar, or its wrapper
// scrolls sideways and scrolled to its end shows its last column whole;
// the page itself never scrolls sideways. PLAYBOOK_SHOTS names a folder
// for the screenshots.
func TestTeamTableIsNeverClipped(t *testing.T) {
	browsertest.Require(t)
	shots := os.Getenv("PLAYBOOK_SHOTS")
	for _, n := range []int{2, 11} {
		svc, site := teamPage(t, func(u string) fstest.MapFS { return weeksSite(u, n) })
		// A member who started long ago, with a tick: every module's cell
		// holds its longest marks.
		ctx := signIn(t, site, svc.invite(store.Person{Email: "ana.ruiz-delgado@example.com", Name: "Ana Ruiz Delgado", Role: store.RoleMember, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}))
		tickAndSync(t, ctx, site, "/path/01-week/", longItem)
		browsertest.Navigate(t, ctx, site+"/team/")
		browsertest.WaitFor(t, ctx, `document.querySelector(".team-table tbody tr")`)
		for _, width := range []int64{1280, 1440} {
			for _, theme := range []string{"light", "dark"} {
				browsertest.Do(t, ctx, browsertest.Viewport(width, 700))
				browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+theme+`")`))
				got := browsertest.Eval[string](t, ctx, `(() => {
  const out = [], scroll = document.querySelector(".team-scroll"), table = scroll.querySelector("table");
  const box = scroll.getBoundingClientRect(), tw = table.getBoundingClientRect().width;
  if (box.right > document.documentElement.clientWidth + 0.5) out.push("the wrapper ends at " + box.right + " past the window");
  if (document.scrollingElement.scrollWidth > innerWidth) out.push("the page scrolls sideways (" + document.scrollingElement.scrollWidth + " px)");
  if (tw > box.width + 0.5) {
    if (!/auto|scroll/.test(getComputedStyle(scroll).overflowX) || scroll.scrollWidth <= scroll.clientWidth) out.push("the " + tw + " px table is cut in its " + box.width + " px wrapper, which does not scroll");
  }
  scroll.scrollLeft = scroll.scrollWidth;
  const last = document.querySelector(".team-table thead tr:last-child th:last-child").getBoundingClientRect();
  if (last.right > box.right + 0.5 || last.left < box.left) out.push("scrolled to its end the last column (" + last.left + ".." + last.right + ") is outside the wrapper (" + box.left + ".." + box.right + ")");
  scroll.scrollLeft = 0;
  return out.join("; ");
})()`)
				if got != "" {
					t.Errorf("%d modules at %d px, %s: %s", n, width, theme, got)
				}
				if shots != "" {
					png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("team-%d-%d-%s.png", n, width, theme)), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if n == 2 {
					if fit := browsertest.Eval[string](t, ctx, `(() => { const s = document.querySelector(".team-scroll"); return s.scrollWidth > s.clientWidth ? "table " + s.scrollWidth + " px in " + s.clientWidth : ""; })()`); fit != "" {
						t.Errorf("2 modules at %d px, %s: the page does not give the table its room: %s", width, theme, fit)
					}
					personItems(t, ctx, site, width, theme, shots)
				}
			}
		}
	}
}

// personItems checks the person page's item rows: the text and its "—
// ticked …" line wrap in a column of their own beside the state, at the
// width and on a phone.
func personItems(t *testing.T, ctx context.Context, site string, width int64, theme, shots string) {
	t.Helper()
	defer browsertest.WaitFor(t, ctx, `document.querySelector(".team-table tbody tr")`)
	defer browsertest.Navigate(t, ctx, site+"/team/")
	defer browsertest.Do(t, ctx, browsertest.Viewport(width, 700))
	browsertest.Navigate(t, ctx, site+"/team/person/")
	browsertest.WaitFor(t, ctx, `document.querySelector(".team-items li .team-when")`)
	for _, w := range []int64{width, 375} {
		browsertest.Do(t, ctx, browsertest.Viewport(w, 700))
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+theme+`")`))
		got := browsertest.Eval[string](t, ctx, `(() => {
  const out = [];
  for (const li of document.querySelectorAll(".team-items li")) {
    const state = li.querySelector(".team-state").getBoundingClientRect(), text = li.querySelector(".team-text"), r = document.createRange();
    r.selectNodeContents(text);
    const lines = [...r.getClientRects()], left = text.getBoundingClientRect().left;
    if (lines.some(x => x.left < left - 0.5) || left < state.right) out.push(li.dataset.item + ": a line of its text starts left of its column (" + lines.map(x => x.left).join(",") + " < " + left + ", state ends " + state.right + ")");
    if (Math.abs(state.top - lines[0].top) > 4) out.push(li.dataset.item + ": the state is not on the text's first line");
  }
  const when = document.querySelector(".team-items li .team-when"), r = document.createRange();
  r.selectNodeContents(when.closest("li").querySelector(".team-text"));
  if (r.getClientRects().length < 2) out.push("the long item does not wrap at " + innerWidth + " px");
  return out.join("; ");
})()`)
		if got != "" {
			t.Errorf("person page at %d px, %s: %s", w, theme, got)
		}
		if shots != "" {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("person-%d-%s.png", w, theme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
