package devserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

func TestBrowserReloadsShowsErrorsAndRecovers(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "")
	writeFile(t, dir, "content/_index.md", "# Home\n")
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nFirst version.\n\n"+longBody())
	ts, err := watchedServer(t, dir)
	if err != nil {
		t.Fatal(err)
	}

	browsertest.Navigate(t, ctx, ts.URL+"/a/")
	browsertest.WaitFor(t, ctx, `document.documentElement.hasAttribute("data-playbook-live")`)
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 400); window.__marker = 1`))

	// An edit reloads the page and keeps the scroll position.
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nSecond version.\n\n"+longBody())
	browsertest.WaitFor(t, ctx, `document.body.textContent.indexOf("Second version.") >= 0`)
	browsertest.WaitFor(t, ctx, `document.readyState === "complete" && window.scrollY > 300`)
	if browsertest.Eval[bool](t, ctx, `window.__marker === 1`) {
		t.Error("page was not reloaded")
	}

	// A broken edit shows the error in an overlay and keeps the old page.
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\nweight = \"x\"\n+++\nBroken.\n")
	browsertest.WaitFor(t, ctx, `document.getElementById("playbook-errors")`)
	msg := browsertest.Eval[string](t, ctx, `document.getElementById("playbook-errors").textContent`)
	want := "content/a.md:3:1: weight: wrong type: got string, want integer"
	if !contains(msg, want) {
		t.Errorf("overlay says %q, want %q in it", msg, want)
	}
	// Headings skip the overlay's id, as they do the theme's.
	if id := browsertest.Eval[string](t, ctx, `document.querySelector("[role=alert]").id`); !render.ThemeID(id) {
		t.Errorf("the overlay's id %q is not on the list of theme ids (generator/render/ids.go)", id)
	}
	// Fixing the file clears the overlay and shows the fix.
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nThird version.\n")
	browsertest.WaitFor(t, ctx, `document.body.textContent.indexOf("Third version.") >= 0 && !document.getElementById("playbook-errors")`)

	// A stylesheet-only change swaps the stylesheet without a reload.
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.__marker = 2`))
	before := browsertest.Eval[string](t, ctx, `document.querySelector('link[rel="stylesheet"]').getAttribute("href")`)
	writeFile(t, dir, "assets/style.css", "body { color: rgb(1, 2, 3); }\n")
	browsertest.WaitFor(t, ctx, `getComputedStyle(document.body).color === "rgb(1, 2, 3)"`)
	if !browsertest.Eval[bool](t, ctx, `window.__marker === 2`) {
		t.Error("a CSS-only change reloaded the page")
	}
	after := browsertest.Eval[string](t, ctx, `document.querySelector('link[rel="stylesheet"]').getAttribute("href")`)
	if after == before {
		t.Error("stylesheet href unchanged")
	}
}

// Before any build has succeeded, the page lists the errors (with
// JavaScript off too), keeps the list current as the files change, and
// turns into the site once they are fixed.
func TestBrowserUnbuiltPageListsErrorsAndTurnsIntoTheSite(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "")
	writeFile(t, dir, "content/_index.md", "# Home of the site\n")
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\nweight = \"x\"\n+++\nBroken.\n")
	ts, err := watchedServer(t, dir)
	if err == nil {
		t.Fatal("the broken site built")
	}

	// Without JavaScript: the server's page names the error.
	res, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if want := "content/a.md:3:1: weight: wrong type: got string, want integer"; res.StatusCode != http.StatusServiceUnavailable || !contains(string(body), want) {
		t.Errorf("status %d, page %s\nwant 503 and %q", res.StatusCode, body, want)
	}

	browsertest.Navigate(t, ctx, ts.URL+"/")
	browsertest.WaitFor(t, ctx, `document.documentElement.hasAttribute("data-playbook-live")`)
	// Another error: the list follows, and no overlay claims a last good
	// version.
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\nduration = \"long\"\n+++\nBroken.\n")
	browsertest.WaitFor(t, ctx, `document.getElementById("playbook-build-errors").textContent.indexOf("duration") >= 0`)
	if browsertest.Eval[bool](t, ctx, `!!document.getElementById("playbook-errors")`) {
		t.Error("an overlay over the page of errors")
	}
	// Fixed: the page becomes the site.
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nFixed.\n")
	browsertest.WaitFor(t, ctx, `document.body.textContent.indexOf("Home of the site") >= 0`)
}

// watchedServer builds the site folder dir once, serves it and watches
// it until the test ends; err is the first build's.
func watchedServer(t *testing.T, dir string) (*httptest.Server, error) {
	t.Helper()
	s := newServer(Options{Build: generator.Options{Source: dir}})
	t.Cleanup(func() { _ = s.builder.Close() })
	err := s.Rebuild(context.Background())
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(s.hub.close)
	wctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = s.Watch(wctx) }()
	return ts, err
}

func longBody() string {
	b := ""
	for i := 0; i < 80; i++ {
		b += "A paragraph of filler so that the page scrolls.\n\n"
	}
	return b
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
