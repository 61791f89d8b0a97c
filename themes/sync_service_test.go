package themes_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator/progress/service"
	"github.com/playbook-ssg/playbook/generator/progress/store"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// syncEnv is a site with [progress] and the real progress service on
// loopback, over SQLite in a temporary folder. The service can stop and
// start again on the same address and database, as a restart does.
type syncEnv struct {
	t    *testing.T
	site string // the site's URL, without the final "/"
	addr string // the service's host:port, as the site knows it
	db   string
	st   store.Store
	srv  *http.Server
	// proxy, when set, is an authenticating reverse proxy in front of
	// the service: the site's [progress] url points to it.
	proxy *httptest.Server
	// manifest, when set, is the URL or file of the checklist manifest
	// the service reads instead of the site's (an older site's, say).
	manifest string
	// ahead moves the service's clock forward (nanoseconds), as time
	// passing does: a manifest it read is old enough to read again.
	ahead atomic.Int64
}

func newSyncEnv(t *testing.T, archive string) *syncEnv {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &syncEnv{t: t, addr: l.Addr().String(), db: filepath.Join(t.TempDir(), "progress.db")}
	e.site = browsertest.Serve(t, buildFixture(t, withProgress(archive, "http://"+e.addr+"/", "")))
	e.start(l)
	t.Cleanup(e.stop)
	return e
}

// newProxyEnv is a syncEnv whose service trusts an authenticating proxy
// in front of it. The proxy signs the reader in as who when they open
// /api/signin (a login page would come first in a real one) and keeps
// them signed in with a cookie; it passes other requests on without an
// identity, so the service answers 401.
func newProxyEnv(t *testing.T, archive, who string) *syncEnv {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &syncEnv{t: t, db: filepath.Join(t.TempDir(), "progress.db")}
	backend := &url.URL{Scheme: "http", Host: l.Addr().String()}
	rp := httputil.NewSingleHostReverseProxy(backend)
	e.proxy = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del(proxyHeader)
		if r.URL.Path == "/api/signin" {
			http.SetCookie(w, &http.Cookie{Name: "who", Value: who, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
			r.Header.Set(proxyHeader, who)
		} else if c, err := r.Cookie("who"); err == nil {
			r.Header.Set(proxyHeader, c.Value)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(e.proxy.Close)
	e.addr = strings.TrimPrefix(e.proxy.URL, "http://")
	e.site = browsertest.Serve(t, buildFixture(t, withProgress(archive, e.proxy.URL+"/", "auth = \"proxy\"\n")))
	e.start(l)
	t.Cleanup(e.stop)
	return e
}

const proxyHeader = "X-Forwarded-Email"

// start opens the store and serves the service on l, or on the address
// it had when l is nil.
func (e *syncEnv) start(l net.Listener) {
	e.t.Helper()
	var err error
	if l == nil {
		if e.proxy != nil {
			e.t.Fatal("a proxied service does not restart")
		}
		if l, err = net.Listen("tcp", e.addr); err != nil {
			e.t.Fatal(err)
		}
	}
	if e.st, err = store.Open(context.Background(), e.db); err != nil {
		e.t.Fatal(err)
	}
	o := service.Options{Store: e.st, Site: e.site + "/", Manifest: e.site + "/checklists.json", Now: func() time.Time { return time.Now().Add(time.Duration(e.ahead.Load())) }}
	if e.manifest != "" {
		o.Manifest = e.manifest
	}
	if e.proxy != nil {
		o.ProxyHeader, o.TrustedProxies = proxyHeader, []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	}
	svc, err := service.New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	srv := &http.Server{Handler: svc}
	e.srv = srv
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.t.Error(err)
		}
	}()
}

// stop closes the service and its database; it is down until start.
func (e *syncEnv) stop() {
	if e.srv == nil {
		return
	}
	if err := e.srv.Close(); err != nil {
		e.t.Error(err)
	}
	if err := e.st.Close(); err != nil {
		e.t.Error(err)
	}
	e.srv, e.st = nil, nil
}

// person adds someone to the store.
func (e *syncEnv) person(email string, role store.Role, manager string) {
	e.t.Helper()
	p := store.Person{Email: email, Name: strings.Split(email, "@")[0], Role: role, Manager: manager}
	if err := e.st.PutPerson(context.Background(), "test@example.com", p); err != nil {
		e.t.Fatal(err)
	}
}

// invitation returns a page URL of the site carrying a fresh invitation
// for the person.
func (e *syncEnv) invitation(page, email string) string {
	e.t.Helper()
	code, err := e.st.Invite(context.Background(), "test@example.com", email, time.Now().Add(time.Hour))
	if err != nil {
		e.t.Fatal(err)
	}
	return e.site + page + "#invitation=" + code
}

// ticks returns what the service stored for a person: "page item done"
// lines, sorted.
func (e *syncEnv) ticks(email string) []string {
	e.t.Helper()
	ts, err := e.st.Ticks(context.Background(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, t := range ts {
		out = append(out, t.Page+" "+t.Item+" "+map[bool]string{true: "done", false: "undone"}[t.Done])
	}
	sort.Strings(out)
	return out
}

// device opens a browser context of its own (its own storage), like a
// second device of the same reader.
func device(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// waitStatus waits until the header's sync status reads want.
func waitStatus(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, `document.querySelector(".sync-status") && document.querySelector(".sync-status").textContent === `+jsString(want))
}

// boxes is the checked state of a page's boxes, in page order.
func boxes(t *testing.T, ctx context.Context) []bool {
	t.Helper()
	return browsertest.Eval[[]bool](t, ctx, `Array.from(document.querySelectorAll("input.task-box")).map(b => b.checked)`)
}

func itemID(t *testing.T, ctx context.Context, text string) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("label.task")).find(l => l.querySelector(".task-text").textContent.trim() === `+jsString(text)+`).querySelector("input").getAttribute("data-task")`)
}

// offline cuts a device off the service (requests to it fail, and the
// page hears "offline") or brings it back (the page hears "online").
func (e *syncEnv) offline(t *testing.T, ctx context.Context, off bool) {
	t.Helper()
	var rules []*network.Conditions
	if off {
		rules = []*network.Conditions{{URLPattern: "http://" + e.addr + "/*", Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
}

const ana = "ana@example.com"

// A reader's ticks follow them: what they ticked before signing in is
// uploaded at the first sign-in, a tick reaches the service, and a second
// device shows it. While the service is down ticks wait in the queue, and
// they reach it once it is back.
func TestSyncFollowsTheReaderToAnotherDeviceAndThroughAnOutage(t *testing.T) {
	e := newSyncEnv(t, checklistSite)
	e.person(ana, store.RoleMember, "")
	page := "/onboarding/week-one/"
	a := browsertest.New(t)
	browsertest.Navigate(t, a, e.site+page)
	waitStatus(t, a, "Signed out")
	tick(t, a, "Meet the team")
	meet, read, book := itemID(t, a, "Meet the team"), itemID(t, a, "Read the playbook"), itemID(t, a, "Book shadowing")

	browsertest.Navigate(t, a, e.invitation(page, ana))
	waitStatus(t, a, "Synced")
	if got := browsertest.Eval[string](t, a, `location.hash + "|" + (localStorage.getItem(playbook.checklists.key + "-token") ? "token" : "")`); got != "|token" {
		t.Errorf("after the invitation link: hash and token %q, want the fragment gone and a token kept", got)
	}
	if got, want := e.ticks(ana), []string{page + " " + meet + " done"}; !slices.Equal(got, want) {
		t.Errorf("after the first sign-in the service has %q, want the tick made before it %q", got, want)
	}
	tick(t, a, "Read the playbook")
	waitStatus(t, a, "Synced")
	if got, want := e.ticks(ana), sorted(page+" "+meet+" done", page+" "+read+" done"); !slices.Equal(got, want) {
		t.Errorf("service has %q, want %q", got, want)
	}

	b := device(t, a)
	browsertest.Navigate(t, b, e.invitation(page, ana))
	waitStatus(t, b, "Synced")
	// Meet, Laptop (ticked by default), Prepare (half), Read, Book.
	if got, want := boxes(t, b), []bool{true, true, false, true, false}; !slices.Equal(got, want) {
		t.Errorf("second device shows %v, want %v", got, want)
	}
	if got := progressText(t, b, ".progress[data-scope=page] .progress-text"); got != "3 of 4 done" {
		t.Errorf("second device counts %q", got)
	}

	e.stop()
	tick(t, a, "Book shadowing")
	waitStatus(t, a, "Offline · 1 waiting")
	e.start(nil)
	waitStatus(t, a, "Synced") // retried with backoff
	if got, want := e.ticks(ana), sorted(page+" "+meet+" done", page+" "+read+" done", page+" "+book+" done"); !slices.Equal(got, want) {
		t.Errorf("after the outage the service has %q, want %q", got, want)
	}
	// The second device picks it up when it gets the focus back.
	browsertest.Do(t, b, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus"))`))
	browsertest.WaitFor(t, b, `document.querySelectorAll("input.task-box")[4].checked`)
	if got := progressText(t, b, ".progress[data-scope=page] .progress-text"); got != "4 of 4 done" {
		t.Errorf("second device counts %q after the focus", got)
	}
	// And its roll-ups count it on pages it has not opened.
	c := device(t, a)
	browsertest.Navigate(t, c, e.invitation("/onboarding/", ana))
	waitStatus(t, c, "Synced")
	browsertest.WaitFor(t, c, `document.querySelector(".rollup .progress-text").textContent === "4 of 6 done"`)
}

// Two devices tick the same item differently: the later tick wins on
// both, whichever reaches the service first.
func TestLaterTickWinsOnBothDevices(t *testing.T) {
	e := newSyncEnv(t, checklistSite)
	e.person(ana, store.RoleMember, "")
	page := "/onboarding/week-two/" // two items, both "Run a call"
	a := browsertest.New(t)
	browsertest.Navigate(t, a, e.invitation(page, ana))
	waitStatus(t, a, "Synced")
	b := device(t, a)
	browsertest.Navigate(t, b, e.invitation(page, ana))
	waitStatus(t, b, "Synced")
	click := func(ctx context.Context, i int) {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("label.task")[`+string(rune('0'+i))+`].click()`))
	}
	first := browsertest.Eval[string](t, a, `document.querySelectorAll("input.task-box")[0].getAttribute("data-task")`)
	second := browsertest.Eval[string](t, a, `document.querySelectorAll("input.task-box")[1].getAttribute("data-task")`)

	// The later tick arrives last: B, offline, ticks and unticks the
	// first item after A ticked it.
	e.offline(t, b, true)
	click(a, 0)
	waitStatus(t, a, "Synced")
	click(b, 0)
	click(b, 0)
	waitStatus(t, b, "Offline · 1 waiting")
	e.offline(t, b, false)
	waitStatus(t, b, "Synced")
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus"))`))
	browsertest.WaitFor(t, a, `!document.querySelectorAll("input.task-box")[0].checked`)

	// The earlier tick arrives last: A, offline, ticks the second item;
	// B then ticks and unticks it; A's tick, sent later, loses.
	e.offline(t, a, true)
	click(a, 1)
	waitStatus(t, a, "Offline · 1 waiting")
	click(b, 1)
	click(b, 1)
	waitStatus(t, b, "Synced")
	e.offline(t, a, false)
	waitStatus(t, a, "Synced")
	for name, ctx := range map[string]context.Context{"A": a, "B": b} {
		if got := boxes(t, ctx); !slices.Equal(got, []bool{false, false}) {
			t.Errorf("device %s shows %v, want both unticked (the later ticks)", name, got)
		}
	}
	if got, want := e.ticks(ana), sorted(page+" "+first+" undone", page+" "+second+" undone"); !slices.Equal(got, want) {
		t.Errorf("service has %q, want %q", got, want)
	}
}

// Signing out drops the token (the service revokes it) and keeps the
// ticks; a revoked token signs the reader out at the next call, once,
// with no retry loop; a used invitation link says why it did not work;
// managers get a link to the team page.
func TestSignOutAndRevokedTokenSignOut(t *testing.T) {
	e := newSyncEnv(t, checklistSite)
	e.person("maria@example.com", store.RoleManager, "")
	e.person(ana, store.RoleMember, "maria@example.com")
	page := "/onboarding/week-two/"
	a := browsertest.New(t)
	var log requestLog
	if err := chromedp.Listen(a, log.listen); err != nil {
		t.Fatal(err)
	}
	link := e.invitation(page, ana)
	browsertest.Navigate(t, a, link)
	waitStatus(t, a, "Synced")
	if browsertest.Eval[bool](t, a, `!document.querySelector(".sync-team").hidden`) {
		t.Error("a member is shown the team link")
	}
	tick(t, a, "Run a call")
	waitStatus(t, a, "Synced")
	token := browsertest.Eval[string](t, a, `playbook.progress.token()`)
	browsertest.Do(t, a, chromedp.Click(chromedp.CSS(".sync-btn")))
	waitStatus(t, a, "Signed out")
	if got := browsertest.Eval[string](t, a, `playbook.progress.token() + "|" + document.querySelector(".sync-btn").textContent`); got != "|Sign in" {
		t.Errorf("after signing out: token and button %q", got)
	}
	if _, err := e.st.LookupToken(context.Background(), token); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the service still knows the signed-out token: %v", err)
	}
	browsertest.Navigate(t, a, e.site+page)
	if got := boxes(t, a); !got[0] {
		t.Error("signing out dropped the tick from the device")
	}

	// The same link again: used.
	browsertest.Navigate(t, a, link)
	browsertest.WaitFor(t, a, `document.querySelector(".sync-dialog") && document.querySelector(".sync-dialog").open`)
	if msg := browsertest.Eval[string](t, a, `document.querySelector(".sync-message").textContent`); !strings.Contains(msg, "used") {
		t.Errorf("a used invitation says %q", msg)
	}
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`document.querySelector(".sync-dialog").close()`))

	// A fresh one, pasted into the dialog, then revoked on the service.
	browsertest.Do(t, a, chromedp.Click(chromedp.CSS(".sync-btn")))
	fresh := e.invitation(page, ana)
	browsertest.Do(t, a, chromedp.SendKeys(chromedp.CSS(".sync-dialog input"), fresh), chromedp.Click(chromedp.CSS(`.sync-dialog button[type="submit"]`)))
	waitStatus(t, a, "Synced")
	if browsertest.Eval[bool](t, a, `document.querySelector(".sync-dialog").open`) {
		t.Error("the dialog stays open after signing in")
	}
	if _, err := e.st.Revoke(context.Background(), "test@example.com", ana); err != nil {
		t.Fatal(err)
	}
	tick(t, a, "Run a call")
	waitStatus(t, a, "Signed out")
	calls := func() int {
		n := 0
		for _, r := range log.all() {
			if strings.HasPrefix(r.Request.URL, "http://"+e.addr+"/") && r.Request.Method != "OPTIONS" {
				n++
			}
		}
		return n
	}
	before := calls()
	browsertest.Do(t, a, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("blur")); window.dispatchEvent(new Event("focus")); window.dispatchEvent(new Event("online"))`))
	tick(t, a, "Run a call")
	browsertest.Navigate(t, a, e.site+page)
	waitStatus(t, a, "Signed out")
	if after := calls(); after != before {
		t.Errorf("signed out by a revoked token, the page made %d more calls to the service", after-before)
	}

	// A manager sees the team link.
	m := device(t, a)
	browsertest.Navigate(t, m, e.invitation(page, "maria@example.com"))
	waitStatus(t, m, "Synced")
	if href := browsertest.Eval[string](t, m, `(s => s.hidden ? "" : s.getAttribute("href"))(document.querySelector(".sync-team"))`); href != "/team/" {
		t.Errorf("manager's team link %q, want /team/", href)
	}
	// On a phone the header fits, and the team link is in the menu.
	for _, w := range []int64{375, 320} {
		browsertest.Do(t, m, browsertest.Viewport(w, 800))
		if p := headerProblems(t, m); p != "" {
			t.Errorf("a manager signed in at %d px: %s", w, p)
		}
	}
	browsertest.Do(t, m, chromedp.Click(chromedp.CSS(".menu-btn")))
	if got := browsertest.Eval[string](t, m, `(a => a && a.checkVisibility() ? a.getAttribute("href") + " " + a.textContent : "")(document.querySelector("#sidebar .sync-nav a"))`); got != "/team/ Team progress" {
		t.Errorf("the phone's menu has the team link %q, want /team/ Team progress", got)
	}
}

// sorted returns its arguments sorted.
func sorted(s ...string) []string {
	sort.Strings(s)
	return s
}

// Behind an authenticating proxy the header's Sign in goes through the
// proxy's sign-in and back to the page, requests carry the proxy's
// cookie, and ticks reach the service as the person the proxy names.
func TestProxySignInSyncsAsTheProxysPerson(t *testing.T) {
	e := newProxyEnv(t, checklistSite, ana)
	e.person(ana, store.RoleMember, "")
	page := "/onboarding/week-one/"
	a := browsertest.New(t)
	browsertest.Navigate(t, a, e.site+page)
	waitStatus(t, a, "Signed out") // the service's 401: no identity yet
	tick(t, a, "Meet the team")
	meet := itemID(t, a, "Meet the team")
	browsertest.Do(t, a, chromedp.Click(chromedp.CSS(".sync-btn")))
	browsertest.WaitFor(t, a, `location.href === `+jsString(e.site+page))
	waitStatus(t, a, "Synced")
	if got := browsertest.Eval[string](t, a, `playbook.progress.token() + "|" + document.querySelector(".sync-btn").hidden + "|" + document.querySelector(".sync-status").title`); got != "|true|Signed in as ana" {
		t.Errorf("signed in through the proxy: token, sign-out hidden and title %q, want no token, no sign-out, the person", got)
	}
	if got, want := e.ticks(ana), []string{page + " " + meet + " done"}; !slices.Equal(got, want) {
		t.Errorf("service has %q, want %q", got, want)
	}
}

// manifestSource is where the service reads the checklist manifest from,
// as its rejection reasons name it.
func (e *syncEnv) manifestSource() string {
	if e.manifest != "" {
		return e.manifest
	}
	return e.site + "/checklists.json"
}
