package themes_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/progress/service"
	"github.com/playbook-ssg/playbook/generator/progress/store"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// teamSite is a curriculum of two modules; the second asks for a sign-off.
func teamSite(serviceURL string) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.toml":                  file("title = \"Team\"\nlanguage = \"en-GB\"\n[progress]\nurl = \"" + serviceURL + "\"\n"),
		"content/_index.md":          file("# Team\n"),
		"content/path/_index.md":     file("+++\ntitle = \"Path\"\ntype = \"curriculum\"\n+++\n"),
		"content/path/01-first.md":   file("+++\ntitle = \"First\"\nduration = \"1h\"\n+++\n- [ ] call a customer\n- [ ] read the pricing page\n"),
		"content/path/02-second.md":  file("+++\ntitle = \"Second\"\nduration = \"4h\"\nsignoff = true\n+++\n- [ ] demo the product\n- [ ] write the recap\n"),
		"content/path/03-third.md":   file("+++\ntitle = \"Third\"\n+++\n- [ ] shadow a call\n"),
		"content/reference/index.md": file("# Reference\n"),
	}
}

// progressService is the real progress service on a loopback address with
// its SQLite database in a test folder. restart stops it and starts it
// again on the same file and address.
type progressService struct {
	t    *testing.T
	db   string
	site string
	addr string
	st   store.Store
	hs   *http.Server
}

func (s *progressService) start(ln net.Listener) {
	s.t.Helper()
	st, err := store.Open(context.Background(), s.db)
	if err != nil {
		s.t.Fatal(err)
	}
	srv, err := service.New(service.Options{Store: st, Site: s.site})
	if err != nil {
		s.t.Fatal(err)
	}
	s.st, s.hs = st, &http.Server{Handler: srv}
	go func() {
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("progress service: %v", err)
		}
	}()
}

func (s *progressService) stop() {
	s.t.Helper()
	if s.hs == nil {
		return
	}
	defer func() { s.hs = nil }()
	if err := s.hs.Shutdown(context.Background()); err != nil {
		s.t.Error(err)
	}
	if err := s.st.Close(); err != nil {
		s.t.Error(err)
	}
}

func (s *progressService) restart() {
	s.t.Helper()
	s.stop()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.start(ln)
}

// invite adds a person and returns their invitation link's fragment.
func (s *progressService) invite(p store.Person) string {
	s.t.Helper()
	ctx := context.Background()
	if err := s.st.PutPerson(ctx, "test", p); err != nil {
		s.t.Fatal(err)
	}
	code, err := s.st.Invite(ctx, "test", p.Email, time.Now().Add(time.Hour))
	if err != nil {
		s.t.Fatal(err)
	}
	return "#invitation=" + code
}

// signIn opens the invitation link in a browser of its own (its own
// storage) and waits until the team page shows the person's progress.
func signIn(t *testing.T, site, fragment string) context.Context {
	t.Helper()
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, site+"/team/"+fragment)
	browsertest.WaitFor(t, ctx, `document.querySelector(".team-table tbody tr")`)
	return ctx
}

// tickAndSync ticks the item with the text on the page and waits until the
// service has it: the queue is empty and the header says synced.
func tickAndSync(t *testing.T, ctx context.Context, site, page, text string) {
	t.Helper()
	browsertest.Navigate(t, ctx, site+page)
	browsertest.WaitFor(t, ctx, `document.querySelector(".sync-status[data-state=synced]")`)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.Search(`//label[@class="task"][normalize-space(.)="`+text+`"]`)))
	browsertest.WaitFor(t, ctx, `(() => {
  const k = Object.keys(localStorage).find(k => k.endsWith(":progress-queue"));
  return k && localStorage.getItem(k) === "{}" && document.querySelector(".sync-status[data-state=synced]");
})()`)
}

// cells returns the team table as "email: cell | cell …" per row, the
// module cells' text (done/total and marks).
const cells = `[...document.querySelectorAll(".team-table tbody tr")].map(r =>
  r.dataset.email + ": " + [...r.querySelectorAll(".team-cell")].map(c => c.textContent).join(" | "))`

// Two new hires sign in with their invitation links in browsers of their
// own and tick items on different pages; their manager's team page shows
// both, also after the service restarts on the same database; the manager
// signs a module off on a person's page and it shows with their name; a
// new hire's team page shows only themselves; the CSV the page downloads
// holds everyone's counts.
func TestTeamPageShowsTheTicksOfAManagersReports(t *testing.T) {
	browsertest.Require(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serviceURL := "http://" + ln.Addr().String() + "/"
	out := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{FS: teamSite(serviceURL), Target: out, BaseURL: "/"}); err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(out.Handler("/"))
	t.Cleanup(web.Close)
	site := web.URL

	svc := &progressService{t: t, db: filepath.Join(t.TempDir(), "progress.db"), site: site + "/", addr: ln.Addr().String()}
	svc.start(ln)
	t.Cleanup(svc.stop)
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	// A manager who started long ago has no overdue modules: due dates are
	// for members.
	maria := svc.invite(store.Person{Email: "maria@example.com", Name: "Maria Lopez", Role: store.RoleManager, Start: start})
	ana := svc.invite(store.Person{Email: "ana@example.com", Name: "Ana Ruiz", Role: store.RoleMember, Manager: "maria@example.com", Start: start})
	bo := svc.invite(store.Person{Email: "bo@example.com", Name: "Bo Chen", Role: store.RoleMember, Manager: "maria@example.com", Start: start})

	anaCtx := signIn(t, site, ana)
	tickAndSync(t, anaCtx, site, "/path/01-first/", "call a customer")
	tickAndSync(t, anaCtx, site, "/path/02-second/", "demo the product")
	boCtx := signIn(t, site, bo)
	tickAndSync(t, boCtx, site, "/path/02-second/", "demo the product")
	tickAndSync(t, boCtx, site, "/path/02-second/", "write the recap")

	// Ana and Bo started long ago: every unfinished module is overdue,
	// from the day after it was due. Dates are the site language's short
	// form, with the year.
	want := []string{
		"ana@example.com: 1/2overdue — was due 6 Jan 2026 | 1/2overdue — was due 7 Jan 2026, needs sign-off | 0/1overdue — was due 7 Jan 2026",
		"bo@example.com: 0/2overdue — was due 6 Jan 2026 | 2/2overdue — was due 7 Jan 2026, needs sign-off | 0/1overdue — was due 7 Jan 2026",
	}
	mariaCtx := signIn(t, site, maria)
	check := func(when string) {
		t.Helper()
		browsertest.WaitFor(t, mariaCtx, `document.querySelectorAll(".team-table tbody tr").length === 3`)
		got := browsertest.Eval[[]string](t, mariaCtx, cells)
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != "maria@example.com: 0/2 | 0/2needs sign-off | 0/1" {
			t.Errorf("%s, the manager's team page shows\n%s\nwant\n%s\nand Maria's own row", when, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if note := browsertest.Eval[string](t, mariaCtx, `document.getElementById("team-status").textContent`); note != "You see your own progress and that of the people who report to you." {
			t.Errorf("%s, the manager's note is %q", when, note)
		}
	}
	check("after both ticked")
	overdue := `[...document.querySelectorAll(".team-overdue")].map(c => c.textContent)`
	if got := browsertest.Eval[[]string](t, mariaCtx, overdue); strings.Join(got, ",") != "3 overdue,3 overdue,—" {
		t.Errorf("the Overdue column shows %q, want 3 for Ana and Bo, none counted for the manager", got)
	}
	if got := browsertest.Eval[string](t, mariaCtx, `document.querySelector(".team-legend").textContent`); !strings.Contains(got, "overdue the day after it is due. Managers and admins have no due dates.") {
		t.Errorf("the legend says %q", got)
	}
	teamTableLayout(t, mariaCtx)

	svc.restart()
	browsertest.Navigate(t, mariaCtx, site+"/team/")
	check("after the service restarted")

	// Sign-off: asked, confirmed, shown with the signer's name.
	browsertest.Navigate(t, mariaCtx, site+"/team/person/?email=bo%40example.com")
	second := `document.querySelector('.team-module[data-module="/path/02-second/"]')`
	browsertest.WaitFor(t, mariaCtx, second)
	if got := browsertest.Eval[string](t, mariaCtx, `document.querySelector(".team-module .team-marks").textContent`); got != "0/2 done · overdue — was due 6 Jan 2026" {
		t.Errorf("Bo's first module says %q", got)
	}
	if got := browsertest.Eval[string](t, mariaCtx, second+`.querySelector(".team-signoff").textContent`); got != "Not signed off yet (this module asks for a manager's sign-off). Sign off" {
		t.Errorf("before the sign-off: %q", got)
	}
	// Only a module that asks for a sign-off offers one.
	if got := browsertest.Eval[string](t, mariaCtx, `document.querySelector('.team-module[data-module="/path/01-first/"] .team-signoff').textContent`); got != "This module needs no sign-off." {
		t.Errorf("a module without signoff = true says %q, want no Sign off button", got)
	}
	browsertest.Do(t, mariaCtx, chromedp.Click(chromedp.CSS(`.team-module[data-module="/path/02-second/"] .team-sign button`)))
	browsertest.Do(t, mariaCtx, chromedp.Click(chromedp.Search(`//button[starts-with(., "Confirm: sign off 2. Second for Bo Chen")]`)))
	browsertest.WaitFor(t, mariaCtx, second+`.querySelector(".team-signer")`)
	if got := browsertest.Eval[string](t, mariaCtx, second+`.querySelector(".team-signer").textContent`); got != "Maria Lopez" {
		t.Errorf("signed off by %q, want Maria Lopez", got)
	}
	if got := browsertest.Eval[string](t, mariaCtx, second+`.querySelector(".team-marks").textContent`); got != "2/2 done · complete" {
		t.Errorf("the signed-off module says %q", got)
	}
	browsertest.Navigate(t, mariaCtx, site+"/team/")
	browsertest.WaitFor(t, mariaCtx, `document.querySelector(".team-table tbody tr")`)
	if got := browsertest.Eval[string](t, mariaCtx, `document.querySelector('tr[data-email="bo@example.com"] td[data-module="/path/02-second/"]').textContent`); got != "2/2complete, signed off" {
		t.Errorf("Bo's signed-off module on the team page: %q", got)
	}

	// Signing off a module with open items says so first; signed off, it
	// is neither complete nor any less overdue, on either page, and the
	// Overdue column still counts it.
	browsertest.Navigate(t, mariaCtx, site+"/team/person/?email=ana%40example.com")
	browsertest.WaitFor(t, mariaCtx, second)
	browsertest.Do(t, mariaCtx, chromedp.Click(chromedp.CSS(`.team-module[data-module="/path/02-second/"] .team-sign button`)))
	if got := browsertest.Eval[string](t, mariaCtx, second+`.querySelector(".team-sign").textContent`); got != "1 of 2 items done — sign off anyway? Confirm: sign off 2. Second for Ana Ruiz Cancel" {
		t.Errorf("the confirmation of a sign-off with an open item says %q", got)
	}
	browsertest.Do(t, mariaCtx, chromedp.Click(chromedp.Search(`//button[starts-with(., "Confirm: sign off 2. Second for Ana Ruiz")]`)))
	browsertest.WaitFor(t, mariaCtx, second+`.querySelector(".team-signer")`)
	if got := browsertest.Eval[string](t, mariaCtx, second+`.className + ": " + `+second+`.querySelector(".team-marks").textContent`); got != "team-module is-overdue: 1/2 done · overdue — was due 7 Jan 2026 · signed off, 1 item open" {
		t.Errorf("Ana's signed-off, unfinished module: %q", got)
	}
	browsertest.Navigate(t, mariaCtx, site+"/team/")
	browsertest.WaitFor(t, mariaCtx, `document.querySelector(".team-table tbody tr")`)
	want[0] = strings.Replace(want[0], "needs sign-off", "signed off, 1 item open", 1)
	if got := browsertest.Eval[[]string](t, mariaCtx, cells); len(got) != 3 || got[0] != want[0] {
		t.Errorf("after the sign-off of an unfinished module the team page shows %q, want %q", got, want[0])
	}
	ana2 := `document.querySelector('tr[data-email="ana@example.com"] td[data-module="/path/02-second/"]')`
	if got := browsertest.Eval[string](t, mariaCtx, `(() => {
  const c = `+ana2+`, first = document.querySelector('tr[data-email="ana@example.com"] td[data-module="/path/01-first/"]');
  const color = e => getComputedStyle(e.querySelector(".team-marks")).color;
  return c.className + (color(c) === color(first) ? " in the overdue colour" : " in " + color(c) + ", not the overdue " + color(first));
})()`); got != "team-cell is-overdue is-signed in the overdue colour" {
		t.Errorf("Ana's signed-off, unfinished cell: %q", got)
	}
	if got := browsertest.Eval[string](t, mariaCtx, `document.querySelectorAll('tr[data-email="ana@example.com"] .team-cell.is-overdue').length + " cells, " + document.querySelector('tr[data-email="ana@example.com"] .team-overdue').textContent`); got != "3 cells, 3 overdue" {
		t.Errorf("Ana's overdue cells and count: %q", got)
	}

	// A new hire sees only themselves, and no sign-off buttons.
	browsertest.Navigate(t, anaCtx, site+"/team/")
	browsertest.WaitFor(t, anaCtx, `document.querySelector(".team-table tbody tr")`)
	if got := browsertest.Eval[[]string](t, anaCtx, cells); len(got) != 1 || got[0] != want[0] {
		t.Errorf("Ana's team page shows %q, want only her own row %q", got, want[0])
	}
	if note := browsertest.Eval[string](t, anaCtx, `document.getElementById("team-status").textContent`); !strings.HasPrefix(note, "You see only your own progress") {
		t.Errorf("Ana's note is %q", note)
	}
	if got := statusAfter(t, anaCtx, site+"/team/person/?email=bo%40example.com"); got != "There is no such person, or you may not see their progress." {
		t.Errorf("Ana on Bo's page: %q", got)
	}
	// Signed out, the page says so and offers to sign in.
	browsertest.Eval[any](t, anaCtx, `window.playbook.progress.signOut()`)
	if got := statusAfter(t, anaCtx, site+"/team/"); got != "Sign in to see team progress. Sign in" {
		t.Errorf("signed out, the team page says %q", got)
	}

	// The CSV the button downloads.
	dir := t.TempDir()
	browsertest.Do(t, mariaCtx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	}))
	browsertest.Do(t, mariaCtx, chromedp.Click(chromedp.Search(`//button[.="Download CSV"]`)))
	csv := waitForFile(t, filepath.Join(dir, "team-progress.csv"))
	for _, row := range []string{
		"email,name,manager,role,start,last activity,progress,overdue modules,Path / 1. First,Path / 1. First signed off,Path / 2. Second,",
		"ana@example.com,Ana Ruiz,maria@example.com,member,2026-01-05,",
		"bo@example.com,Bo Chen,maria@example.com,member,2026-01-05,",
		"maria@example.com,Maria Lopez,,manager,2026-01-05,,0%,,0/2,", // no overdue count for a manager
		"1/2,",
		",2/2,Maria Lopez ",
	} {
		if !strings.Contains(csv, row) {
			t.Errorf("the downloaded CSV lacks %q:\n%s", row, csv)
		}
	}

	// The service down: an error saying so, not an empty page.
	svc.stop()
	if got := statusAfter(t, mariaCtx, site+"/team/"); got != "The progress service at "+serviceURL+" cannot be reached. Ticks made meanwhile are kept in this browser. Try again" {
		t.Errorf("with the service down the team page says %q", got)
	}
}

// statusAfter loads the page and returns the team page's status once it
// shows an error.
func statusAfter(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	browsertest.Navigate(t, ctx, url)
	browsertest.WaitFor(t, ctx, `document.querySelector(".team-status.team-error")`)
	return browsertest.Eval[string](t, ctx, `document.getElementById("team-status").textContent`)
}

// waitForFile returns the file's content once it exists and Chromium has
// finished writing it, or fails after 10 s.
func waitForFile(t *testing.T, name string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(name)
		if err == nil && len(b) > 0 {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no download at %s: %v", name, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// teamTableLayout checks the team table at 1280 and 375 px, light and dark: it has
// the width beside the sidebar, and scrolled to its end the first column
// and the curriculum's title stay in view, on opaque header cells.
func teamTableLayout(t *testing.T, ctx context.Context) {
	t.Helper()
	defer browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("pb-theme"); document.documentElement.removeAttribute("data-theme")`))
	for _, size := range []struct {
		width int64
		theme string
	}{{1280, "light"}, {1280, "dark"}, {375, "light"}, {375, "dark"}} {
		width, theme := size.width, size.theme
		browsertest.Do(t, ctx, browsertest.Viewport(width, 800))
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.setItem("pb-theme", "`+theme+`"); document.documentElement.setAttribute("data-theme", "`+theme+`")`))
		got := browsertest.Eval[string](t, ctx, `(() => {
  const out = [], scroll = document.querySelector(".team-scroll"), sidebar = document.getElementById("sidebar").getBoundingClientRect();
  if (scroll.getBoundingClientRect().width < innerWidth - sidebar.right - 64) out.push("the table has " + scroll.getBoundingClientRect().width + " px beside the sidebar's " + sidebar.right);
  if (scroll.scrollWidth <= scroll.clientWidth) out.push("the table does not scroll sideways");
  scroll.scrollLeft = scroll.scrollWidth;
  const box = scroll.getBoundingClientRect(), rows = document.querySelectorAll(".team-table thead tr");
  for (const [i, row] of [...rows].entries()) {
    const first = row.firstElementChild, r = first.getBoundingClientRect(), bg = getComputedStyle(first).backgroundColor;
    if (!first.classList.contains("team-name") || Math.abs(r.left - box.left) > 1) out.push("header row " + (i + 1) + " does not start with the sticky first column");
    if (document.elementFromPoint(r.left + 4, r.top + r.height / 2) !== first) out.push("header row " + (i + 1) + ": something covers the first column's cell");
    if (bg !== getComputedStyle(row.lastElementChild).backgroundColor || !/^rgb\(/.test(bg)) out.push("header row " + (i + 1) + ": first cell's background " + bg + " is not the header's");
  }
  const title = document.querySelector(".team-group span").getBoundingClientRect(), name = rows[0].firstElementChild.getBoundingClientRect();
  if (title.left < name.right || title.right > box.right) out.push("the curriculum's title is out of view (" + title.left + ".." + title.right + ")");
  return out.join("; ");
})()`)
		if got != "" {
			t.Errorf("team table at %d px, %s: %s", width, theme, got)
		}
	}
	want := map[string]string{"light": "rgb(245, 247, 250)", "dark": "rgb(26, 31, 38)"}
	for theme, bg := range want {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+theme+`")`))
		if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector(".team-table thead .team-name")).backgroundColor`); got != bg {
			t.Errorf("the corner cell in %s mode is %s, want the header's %s", theme, got, bg)
		}
	}
}
