package themes_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// requestLog records every request a tab makes, from CDP Network events.
type requestLog struct {
	mu   sync.Mutex
	reqs []*network.EventRequestWillBeSent
}

func (l *requestLog) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		l.mu.Lock()
		l.reqs = append(l.reqs, e)
		l.mu.Unlock()
	}
}

func (l *requestLog) all() []*network.EventRequestWillBeSent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*network.EventRequestWillBeSent(nil), l.reqs...)
}

// A site without [progress] makes no request beyond its own files while
// pages load and the reader ticks, exports and resets: nothing leaves its
// origin, no script fetches anything, and the sync script is not loaded.
func TestSiteWithoutProgressMakesNoRequestBeyondItsFiles(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	var log requestLog
	if err := chromedp.Listen(ctx, log.listen); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/", "/onboarding/", "/onboarding/week-one/"} {
		browsertest.Navigate(t, ctx, url+page)
	}
	tick(t, ctx, "Meet the team")
	tick(t, ctx, "Read the playbook")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.confirm = () => true; document.querySelector(".progress-reset").click()`))
	tick(t, ctx, "Book shadowing")
	browsertest.Navigate(t, ctx, url+"/onboarding/week-two/")
	tick(t, ctx, "Run a call")
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	if got := progressText(t, ctx, ".rollup .progress-text"); got != "3 of 6 done" {
		t.Fatalf("curriculum total %q after the ticks, want 3 of 6", got)
	}
	if browsertest.Eval[bool](t, ctx, `"progress" in window.playbook || document.documentElement.hasAttribute("data-progress")`) {
		t.Error("a site without [progress] set up the sync")
	}

	reqs := log.all()
	if len(reqs) < 4 {
		t.Fatalf("recorded %d requests, want at least the 4 pages", len(reqs))
	}
	for _, r := range reqs {
		switch {
		case strings.HasPrefix(r.Request.URL, "data:"):
			// Inline images of the stylesheet: no network.
		case !strings.HasPrefix(r.Request.URL, url+"/"):
			t.Errorf("request left the site: %s %s (%s)", r.Request.Method, r.Request.URL, r.Type)
		case r.Type == network.ResourceTypeFetch || r.Type == network.ResourceTypeXHR || r.Type == network.ResourceTypeEventSource ||
			r.Type == network.ResourceTypeWebSocket || r.Type == network.ResourceTypePing:
			t.Errorf("a script made a request: %s %s (%s)", r.Request.Method, r.Request.URL, r.Type)
		case strings.Contains(r.Request.URL, "/progress.") || strings.HasSuffix(r.Request.URL, "/checklists.json"):
			t.Errorf("loaded %s", r.Request.URL)
		case r.Request.Method != "GET":
			t.Errorf("%s %s", r.Request.Method, r.Request.URL)
		}
	}
}

// withProgress adds a [progress] table with the service's URL and the
// lines in more to a fixture's site.toml.
func withProgress(archive, url, more string) string {
	return strings.Replace(archive, "baseURL = \"/\"\n", "baseURL = \"/\"\n[progress]\nurl = \""+url+"\"\n"+more, 1)
}

// Signed out, a site with [progress] shows so in the header, offers to
// sign in, and makes no request to the service: ticks stay on the device
// (and wait in the queue for a sign-in).
func TestSignedOutSiteShowsSignInAndCallsNoService(t *testing.T) {
	const service = "http://127.0.0.1:9/"
	url := browsertest.Serve(t, buildFixture(t, withProgress(strings.Replace(checklistSite, `title = "Checklists"`, `title = "Acme Sales Playbook"`, 1), service, "")))
	ctx := browsertest.New(t)
	var log requestLog
	if err := chromedp.Listen(ctx, log.listen); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, browsertest.Viewport(375, 800))
	browsertest.Navigate(t, ctx, url+"/onboarding/week-one/")
	browsertest.WaitFor(t, ctx, `document.querySelector(".top .sync-status")`)
	type header struct {
		Status, Role, Button, State string
		Team                        bool
		Fits                        bool
	}
	look := `(() => { const s = document.querySelector(".sync-status"); return {
	  Status: s.textContent, Role: s.getAttribute("role"), State: s.dataset.state,
	  Button: document.querySelector(".sync-btn").textContent,
	  Team: !document.querySelector(".sync-team").hidden,
	  Fits: document.documentElement.scrollWidth <= innerWidth && document.querySelector(".top").getBoundingClientRect().height <= 60}; })()`
	got := browsertest.Eval[header](t, ctx, look)
	if want := (header{Status: "Signed out", Role: "status", Button: "Sign in", State: "signedout", Fits: true}); got != want {
		t.Errorf("header on a phone %+v, want %+v", got, want)
	}
	for _, w := range []int64{375, 320} {
		browsertest.Do(t, ctx, browsertest.Viewport(w, 800))
		if p := headerProblems(t, ctx); p != "" {
			t.Errorf("signed out at %d px: %s", w, p)
		}
	}
	tick(t, ctx, "Meet the team")
	if n := browsertest.Eval[int](t, ctx, `Object.keys(JSON.parse(localStorage.getItem(playbook.checklists.key + "-queue"))).length`); n != 1 {
		t.Errorf("%d ticks queued, want the one", n)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".sync-btn")))
	if !browsertest.Eval[bool](t, ctx, `document.querySelector(".sync-dialog").open && document.activeElement === document.querySelector(".sync-dialog input")`) {
		t.Error("Sign in did not open the invitation dialog with its field focused")
	}
	for _, r := range log.all() {
		if !strings.HasPrefix(r.Request.URL, url+"/") && !strings.HasPrefix(r.Request.URL, "data:") {
			t.Errorf("signed out, the page requested %s", r.Request.URL)
		}
	}
}

// headerProblems describes what does not fit in the header as shown, or
// returns "": the page must not scroll sideways, the header must stay one
// row, the site's title must show at least its first word, the audience
// menu its choice, and nothing of the sync may wrap or spill.
func headerProblems(t *testing.T, ctx context.Context) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `(() => {
  const out = [], top = document.querySelector(".top"), title = document.querySelector(".brand span");
  const width = (text, font) => { const c = document.createElement("canvas").getContext("2d"); c.font = font; return c.measureText(text).width; };
  const font = el => { const s = getComputedStyle(el); return s.fontWeight + " " + s.fontSize + " " + s.fontFamily; };
  if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways (" + document.documentElement.scrollWidth + " px)");
  if (top.getBoundingClientRect().height > 60) out.push("the header is " + top.getBoundingClientRect().height + " px high");
  const first = title.textContent.trim().split(/\s+/)[0];
  if (title.getBoundingClientRect().width < width(first, font(title))) out.push("the title shows less than " + JSON.stringify(first) + " (" + title.getBoundingClientRect().width + " px)");
  const select = document.querySelector(".role select");
  if (select) {
    const s = getComputedStyle(select), room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 16;
    const text = select.options[select.selectedIndex].text;
    if (room < width(text, font(select))) out.push("the audience menu cuts " + JSON.stringify(text) + " (" + room + " px of room)");
  }
  for (const el of document.querySelectorAll(".sync *")) {
    if (el.getClientRects().length === 0 || el.clientWidth <= 1 && getComputedStyle(el).overflow === "hidden") continue; // not shown, or for screen readers only
    if (el.scrollWidth > el.clientWidth + 1) out.push(el.className + " spills (" + el.scrollWidth + " > " + el.clientWidth + ")");
    const text = [...el.childNodes].find(n => n.nodeType === 3 && n.data.trim());
    if (text) {
      const r = document.createRange();
      r.selectNodeContents(text);
      if (r.getClientRects().length > 1) out.push(JSON.stringify(el.textContent) + " wraps");
    }
  }
  const sync = document.querySelector(".sync").getBoundingClientRect();
  if (sync.height > 48 || sync.right > innerWidth) out.push("the sync block is " + sync.height + " px high, right edge at " + sync.right);
  return out.join("; ");
})()`)
}
