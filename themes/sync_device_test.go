package themes_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator/progress/store"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// signOutAnswering clicks Sign out with window.confirm answering yes and
// returns what it asked ("" when it did not ask).
func signOutAnswering(t *testing.T, ctx context.Context, yes bool) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `(() => {
  let asked = "";
  window.confirm = m => { asked = m; return `+map[bool]string{true: "true", false: "false"}[yes]+`; };
  return playbook.progress.signOut().then(() => asked);
})()`)
}

// inviteAnswering opens the invitation link on the page shown, with
// window.confirm answering yes or no, and returns what it asked ("" when
// it did not ask).
func inviteAnswering(t *testing.T, ctx context.Context, link string, yes bool) string {
	t.Helper()
	_, fragment, _ := strings.Cut(link, "#")
	return browsertest.Eval[string](t, ctx, `(() => {
  window.asked = "";
  window.confirm = m => { window.asked = m; return `+map[bool]string{true: "true", false: "false"}[yes]+`; };
  location.hash = `+strconv.Quote(fragment)+`;
  return new Promise(r => setTimeout(() => r(window.asked), 300));
})()`)
}

// queued returns the device's unsent ticks.
func queued(t *testing.T, ctx context.Context) int {
	t.Helper()
	return browsertest.Eval[int](t, ctx, `Object.keys(JSON.parse(localStorage.getItem(playbook.checklists.key + "-queue") || "{}")).length`)
}

// Ana and Ben share one browser. Ticks on it belong to whoever signed in
// on it: Ben signing in after Ana sees his own ticks, not hers, and none
// of hers reach his record; signing out with ticks not yet sent tries to
// send them and then asks; Ana signing in again gets her own ticks back,
// and what she ticked while signed out is hers.
func TestSharedDeviceKeepsEachPersonsTicksApart(t *testing.T) {
	e := newSyncEnv(t, checklistSite)
	const ben = "ben@example.com"
	e.person(ana, store.RoleMember, "")
	e.person(ben, store.RoleMember, "")
	page := "/onboarding/week-one/"
	shared := browsertest.New(t)

	// Ben ticked "Book shadowing" on his own laptop.
	laptop := device(t, shared)
	browsertest.Navigate(t, laptop, e.invitation(page, ben))
	waitStatus(t, laptop, "Synced")
	tick(t, laptop, "Book shadowing")
	waitStatus(t, laptop, "Synced")
	meet, read, book := itemID(t, laptop, "Meet the team"), itemID(t, laptop, "Read the playbook"), itemID(t, laptop, "Book shadowing")

	browsertest.Navigate(t, shared, e.invitation(page, ana))
	waitStatus(t, shared, "Synced")
	tick(t, shared, "Meet the team")
	waitStatus(t, shared, "Synced")
	// Offline, a tick waits; signing out tries once more, then asks.
	e.offline(t, shared, true)
	tick(t, shared, "Read the playbook")
	waitStatus(t, shared, "Offline · 1 waiting")
	if got := signOutAnswering(t, shared, false); got != "1 tick has not reached the service yet; sign out anyway?" {
		t.Errorf("signing out with a tick unsent asked %q", got)
	}
	if got := browsertest.Eval[string](t, shared, `document.querySelector(".sync-btn").textContent`); got != "Sign out" || queued(t, shared) != 1 {
		t.Errorf("after answering no: button %q and %d queued, want still signed in with the tick queued", got, queued(t, shared))
	}
	signOutAnswering(t, shared, true)
	waitStatus(t, shared, "Signed out")
	e.offline(t, shared, false)

	// Ben on the shared browser: Ana's unsent tick is hers, so signing in
	// asks first, before his one-time link is used; saying no keeps it.
	browsertest.Navigate(t, shared, e.site+page)
	waitStatus(t, shared, "Signed out")
	benLink := e.invitation(page, ben)
	want := "1 tick on this device belongs to ana@example.com and has not reached the progress service. Signing in as someone else discards it. Sign in?"
	if got := inviteAnswering(t, shared, benLink, false); got != want {
		t.Errorf("signing in over Ana's unsent tick asked %q, want %q", got, want)
	}
	waitStatus(t, shared, "Signed out")
	if n := queued(t, shared); n != 1 {
		t.Errorf("%d ticks queued after Ben said no, want Ana's 1 kept", n)
	}
	browsertest.Do(t, shared, chromedp.Evaluate[chromedp.Void](`document.querySelector(".sync-dialog").close()`))
	// Yes: his ticks replace Ana's; hers stay hers.
	inviteAnswering(t, shared, benLink, true)
	waitStatus(t, shared, "Synced")
	// Meet, Laptop (ticked by default), Prepare, Read, Book.
	if got, want := boxes(t, shared), []bool{false, true, false, false, true}; !slices.Equal(got, want) {
		t.Errorf("Ben signed in after Ana sees %v, want his own ticks %v", got, want)
	}
	if got, want := e.ticks(ben), []string{page + " " + book + " done"}; !slices.Equal(got, want) {
		t.Errorf("Ben's record holds %q, want only his own %q", got, want)
	}
	if got, want := e.ticks(ana), []string{page + " " + meet + " done"}; !slices.Equal(got, want) {
		t.Errorf("Ana's record holds %q, want %q (her unsent tick dropped after the warning)", got, want)
	}
	if n := queued(t, shared); n != 0 {
		t.Errorf("%d ticks queued after Ben signed in, want Ana's dropped", n)
	}
	if got := signOutAnswering(t, shared, false); got != "" {
		t.Errorf("signing out with everything sent asked %q", got)
	}
	waitStatus(t, shared, "Signed out")

	// Ana again: her ticks come back, and one made while signed out is hers.
	tick(t, shared, "Book shadowing")
	if got := inviteAnswering(t, shared, e.invitation(page, ana), true); !strings.Contains(got, "belongs to ben@example.com") {
		t.Errorf("signing in over Ben's unsent tick asked %q", got)
	}
	waitStatus(t, shared, "Synced")
	if got, want := boxes(t, shared), []bool{true, true, false, false, false}; !slices.Equal(got, want) {
		t.Errorf("Ana signed in again sees %v, want her own ticks %v", got, want)
	}
	if got, want := e.ticks(ben), []string{page + " " + book + " done"}; !slices.Equal(got, want) {
		t.Errorf("Ben's record holds %q after Ana's sign-in, want %q", got, want)
	}
	signOutAnswering(t, shared, true)
	waitStatus(t, shared, "Signed out")
	tick(t, shared, "Read the playbook")
	inviteAnswering(t, shared, e.invitation(page, ana), true)
	waitStatus(t, shared, "Synced")
	if got, want := e.ticks(ana), sorted(page+" "+meet+" done", page+" "+read+" done"); !slices.Equal(got, want) {
		t.Errorf("Ana's record holds %q, want the tick she made while signed out merged: %q", got, want)
	}
}

// ticksCalls counts the requests to /api/ticks with the method.
func ticksCalls(log *requestLog, e *syncEnv, method string) int {
	n := 0
	for _, r := range log.all() {
		if r.Request.URL == "http://"+e.addr+"/api/ticks" && r.Request.Method == method {
			n++
		}
	}
	return n
}

// A service reading an older manifest stores the ticks it knows and lists
// those of a page it does not know as rejected: they leave the queue and
// the header says synced and notes them with the service's reason. The
// refused ticks are kept and sent again once a page load and at a sync two
// minutes after their last try (not at every sync), and once the service
// reads the site's current checklists.json it takes them. A tick refused
// for a day is dropped, and one of an item the site no longer has is
// forgotten. A request the service refuses as a
// whole (a tick with a bad time) is refused in the same way.
func TestRefusedTicksAreRetriedUntilTheServiceKnowsThem(t *testing.T) {
	e := newSyncEnv(t, checklistSite)
	old, _, _ := strings.Cut(checklistSite, "-- content/onboarding/week-two.md --")
	oldManifest := get(t, browsertest.Serve(t, buildFixture(t, withProgress(old, "http://"+e.addr+"/", "")))+"/checklists.json")
	manifest := filepath.Join(t.TempDir(), "checklists.json")
	if err := os.WriteFile(manifest, oldManifest, 0o644); err != nil {
		t.Fatal(err)
	}
	e.stop()
	e.manifest = manifest
	e.start(nil)
	e.person(ana, store.RoleMember, "")
	a := browsertest.New(t)
	var log requestLog
	if err := chromedp.Listen(a, log.listen); err != nil {
		t.Fatal(err)
	}
	posts := func(want int, when string) {
		t.Helper()
		if n := ticksCalls(&log, e, "POST"); n != want {
			t.Errorf("%s: %d POSTs of ticks, want %d", when, n, want)
		}
	}
	browsertest.Navigate(t, a, e.invitation("/onboarding/week-two/", ana))
	waitStatus(t, a, "Synced")
	run := e.site + "/onboarding/week-two/"
	// Both items of week two, ticked together.
	ids := browsertest.Eval[[]string](t, a, `[...document.querySelectorAll("label.task")].map(l => (l.click(), l.querySelector("input").dataset.task))`)
	waitStatus(t, a, "Synced")
	title := `document.querySelector(".sync-status").title`
	notKnown := "Signed in as ana. 2 ticks not accepted by the progress service: \"/onboarding/week-two/\" is not a page with checklist items in " + e.manifestSource()
	if got := browsertest.Eval[string](t, a, title); got != notKnown {
		t.Errorf("after a refused tick the status title is %q", got)
	}
	if n := queued(t, a); n != 0 {
		t.Errorf("%d ticks queued after the service refused one, want none", n)
	}
	posts(1, "after the refused tick")

	// Each page load tries it once more; other syncs do not.
	page := "/onboarding/week-one/"
	browsertest.Navigate(t, a, e.site+page)
	waitStatus(t, a, "Synced")
	posts(2, "after a page load")
	tick(t, a, "Meet the team")
	waitStatus(t, a, "Synced")
	meet := itemID(t, a, "Meet the team")
	if got, want := e.ticks(ana), []string{page + " " + meet + " done"}; !slices.Equal(got, want) {
		t.Errorf("after a refused tick the service has %q, want the later one %q", got, want)
	}
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus"))`))
	waitStatus(t, a, "Synced")
	posts(3, "after a tick and a sync in the same page load")
	if got := browsertest.Eval[string](t, a, title); got != notKnown {
		t.Errorf("refused again, the status title is %q", got)
	}
	// Two minutes after their last try, the next sync tries them again.
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`(() => {
  const k = playbook.checklists.key + "-refused", r = JSON.parse(localStorage.getItem(k));
  for (const id in r) r[id].last -= 121000;
  localStorage.setItem(k, JSON.stringify(r));
  window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus"));
})()`))
	waitStatus(t, a, "Synced")
	posts(4, "at a sync two minutes after the last try")

	// The second item's tick has been refused for a day; a third is of an
	// item the site no longer has.
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`(() => {
  const k = playbook.checklists.key + "-refused", r = JSON.parse(localStorage.getItem(k));
  r["/onboarding/week-two/ `+ids[1]+`"].first -= 86400000;
  r["`+page+` task-gone"] = {at: 1, error: "gone", first: Date.now(), last: 0};
  localStorage.setItem(k, JSON.stringify(r));
})()`))

	// The site is republished with week two and the service reads it
	// again on its next miss (more than its reload interval later).
	current := get(t, e.site+"/checklists.json")
	if err := os.WriteFile(manifest, current, 0o644); err != nil {
		t.Fatal(err)
	}
	e.ahead.Store(int64(2 * time.Minute))
	browsertest.Navigate(t, a, run)
	waitStatus(t, a, "Synced")
	posts(5, "after the manifest was updated")
	if got, want := e.ticks(ana), sorted(page+" "+meet+" done", "/onboarding/week-two/ "+ids[0]+" done"); !slices.Equal(got, want) {
		t.Errorf("once the service knows week two it has %q, want %q: the first item's tick, not the one refused for a day", got, want)
	}
	if got := browsertest.Eval[string](t, a, title); got != "Signed in as ana" {
		t.Errorf("with the one tick refused for a day dropped the status title is %q", got)
	}
	if got := browsertest.Eval[string](t, a, `Object.keys(JSON.parse(localStorage.getItem(playbook.checklists.key + "-refused"))).join(",")`); got != "/onboarding/week-two/ "+ids[1] {
		t.Errorf("the refused ticks kept are %q, want only the dropped one (so it is not sent again)", got)
	}
	if got := boxes(t, a); !slices.Equal(got, []bool{true, true}) {
		t.Errorf("week two's boxes are %v on the device, want both still ticked", got)
	}
	browsertest.Navigate(t, a, run)
	waitStatus(t, a, "Synced")
	posts(5, "after one more page load")

	// A tick with a bad time (an old queue, say): the whole request is refused.
	browsertest.Navigate(t, a, e.site+page)
	waitStatus(t, a, "Synced")
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`localStorage.setItem(playbook.checklists.key + "-queue", JSON.stringify({"x": {page: "`+page+`", item: "`+meet+`", done: false, at: -1}}));
window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus"))`))
	waitStatus(t, a, "Synced")
	if got := browsertest.Eval[string](t, a, title); !strings.HasPrefix(got, "Signed in as ana. 1 tick not accepted by the progress service: ") {
		t.Errorf("after a refused request the status title is %q", got)
	}
	if n := queued(t, a); n != 0 {
		t.Errorf("%d ticks queued after the service refused the request, want none", n)
	}
	tick(t, a, "Book shadowing")
	waitStatus(t, a, "Synced")
	posts(7, "after the refused request and the next tick")
}

// get returns the body of a GET of url.
func get(t *testing.T, url string) []byte {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, r.StatusCode, err)
	}
	return b
}

// A page load fetches the reader's ticks once, though the window gets the
// focus as it loads; coming back to the page fetches them again.
func TestPageLoadFetchesTicksOnce(t *testing.T) {
	e := newSyncEnv(t, checklistSite)
	e.person(ana, store.RoleMember, "")
	a := browsertest.New(t)
	browsertest.Navigate(t, a, e.invitation("/onboarding/week-one/", ana))
	waitStatus(t, a, "Synced")
	var log requestLog
	if err := chromedp.Listen(a, log.listen); err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, a, e.site+"/onboarding/week-two/")
	waitStatus(t, a, "Synced")
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("focus"))`))
	waitStatus(t, a, "Synced")
	if n := ticksCalls(&log, e, "GET"); n != 1 {
		t.Errorf("a page load fetched the ticks %d times, want once", n)
	}
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus"))`))
	waitStatus(t, a, "Synced")
	if n := ticksCalls(&log, e, "GET"); n != 2 {
		t.Errorf("coming back to the page: %d fetches of the ticks in all, want 2", n)
	}
}
