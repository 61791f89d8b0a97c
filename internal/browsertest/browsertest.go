// Package browsertest runs tests in a real headless Chromium through
// chromedp, against a site built in memory and served on loopback.
package browsertest

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/internal/chromium"
)

// ChromiumPath finds the browser: $CHROMIUM, else chromium or
// google-chrome on PATH (see chromium.Path).
func ChromiumPath() string { return chromium.Path() }

// Require returns the browser path or stops the test: in CI (CI set) a
// missing browser fails, elsewhere it skips.
func Require(t testing.TB) string {
	t.Helper()
	p := ChromiumPath()
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is required in CI: apt-get install chromium")
		}
		t.Skip("no Chromium on this machine (apt-get install chromium); browser tests skipped")
	}
	return p
}

// New starts a headless browser and returns a tab context. Every action
// under it times out after a minute.
func New(t testing.TB, opts ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := Require(t)
	all := append(chromium.Options(path, t.TempDir()), chromedp.WindowSize(1280, 900))
	all = append(all, opts...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), all...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Serve serves a built site from memory on loopback and returns its URL.
func Serve(t testing.TB, out *publish.Memory) string {
	t.Helper()
	srv := httptest.NewServer(out.Handler("/"))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Eval runs a JavaScript expression and decodes its value, failing the
// test on error. Promises are awaited.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Do runs actions, failing the test on error.
func Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// WaitFor polls a JavaScript condition until it is true or 10 s pass.
func WaitFor(t testing.TB, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (last error %v)", cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// WaitForSearch waits until the theme's search results list with id list
// shows the latest query's results (search.js keeps it aria-busy until
// then: an earlier query's results may come later and replace what a
// test sees) and cond, a JavaScript expression, holds.
func WaitForSearch(t testing.TB, ctx context.Context, list, cond string) {
	t.Helper()
	WaitFor(t, ctx, `(e => e && !e.hasAttribute("aria-busy"))(document.getElementById("`+list+`")) && (`+cond+`)`)
}

// Viewport sets the window's size in CSS pixels.
func Viewport(width, height int64) chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(width, height)
}

// Navigate loads url and waits until its scripts have run.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	Do(t, ctx, chromedp.Navigate(url))
	WaitFor(t, ctx, `document.readyState === "complete"`)
}
