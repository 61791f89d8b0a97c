package themes_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// The example playbook at the repository root is the fixture: it is what
// users see first, so it is what must pass.
const exampleSite = ".."

var (
	buildOnce sync.Once
	built     *publish.Memory
	buildErr  error
)

func example(t *testing.T) *publish.Memory {
	t.Helper()
	buildOnce.Do(func() {
		built = publish.NewMemory()
		_, buildErr = generator.Build(context.Background(), generator.Options{Source: exampleSite, Target: built, BaseURL: "/"})
	})
	if buildErr != nil {
		t.Fatalf("example playbook does not build:\n%v", buildErr)
	}
	return built
}

// The budget is what every page loads. The vendored mermaid script
// (assets/mermaid/, about 5 MB) is left out: only pages with a diagram
// load it, and a site without one does not even publish it. It was 60 KB
// until progress files named their pages and items and imports merged
// (about 3.5 KB of checklist.js), and 64 KB until checklist.js stamped
// each tick with its time and announced it (about 1 KB), which a progress
// service merges by; the sync itself (progress.js) loads only on sites
// with a [progress] url, so it is not counted here.
func TestThemeCSSAndJSStayUnder65KB(t *testing.T) {
	out := example(t)
	total := 0
	for _, n := range out.Names() {
		if strings.HasPrefix(n, "assets/mermaid/") {
			continue
		}
		if strings.HasPrefix(n, "assets/") && (strings.HasSuffix(n, ".css") || strings.HasSuffix(n, ".js")) {
			b, _ := out.File(n)
			total += len(b)
		}
	}
	if total == 0 || total > 65*1024 {
		t.Errorf("theme CSS+JS is %d bytes, want 1..%d", total, 65*1024)
	}
	t.Logf("theme CSS+JS: %d bytes", total)
}

func TestMenuButtonTogglesSidebarOnNarrowScreens(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, browsertest.Viewport(375, 800))
	browsertest.Navigate(t, ctx, url+"/leading/")
	visible := `getComputedStyle(document.getElementById("sidebar")).display !== "none"`
	if browsertest.Eval[bool](t, ctx, visible) {
		t.Fatal("sidebar visible on a phone before the menu is opened")
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".menu-btn")))
	if !browsertest.Eval[bool](t, ctx, visible) {
		t.Fatal("menu button did not open the sidebar")
	}
	if got := browsertest.Eval[string](t, ctx, `document.querySelector(".menu-btn").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("aria-expanded = %q after opening", got)
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent(kbEscape))
	if browsertest.Eval[bool](t, ctx, visible) {
		t.Error("Escape did not close the sidebar")
	}
}

const kbEscape = "\u001b"

func TestSidebarIsAlwaysVisibleOnWideScreens(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/leading/")
	if browsertest.Eval[bool](t, ctx, `getComputedStyle(document.querySelector(".menu-btn")).display !== "none"`) {
		t.Error("menu button shown on a wide screen")
	}
	cur := browsertest.Eval[string](t, ctx, `(document.querySelector('#sidebar a[aria-current="page"]') || {}).textContent || ""`)
	if cur != "Leading the team" {
		t.Errorf("sidebar marks %q as the current page, want the section's own link, \"Leading the team\"", cur)
	}
}

// The sidebar marks exactly the current page's own link, and its open
// section's link, so that both can be seen and are announced.
func TestSidebarMarksTheCurrentPageAndItsSection(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	for _, c := range []struct{ path, page, section string }{
		{"/leading/coaching-one-on-ones/", "Coaching one-on-ones that build skills", "Leading the team"},
		{"/selling/deal-review/", "Deal review checklist", "Selling: leading the buyer"},
		{"/onboarding/", "Onboarding: the first 90 days", ""},
	} {
		browsertest.Navigate(t, ctx, url+c.path)
		type mark struct {
			Tag, Href, Text, Section string
			Marked                   int
			Differs                  bool
		}
		got := browsertest.Eval[mark](t, ctx, `(() => {
			const all = document.querySelectorAll('#sidebar [aria-current="page"]'), e = all[0] || document.body;
			const sec = document.querySelector('#sidebar a[aria-current="true"]');
			const leaf = document.querySelector('#sidebar li:not(.nav-section) > a:not([aria-current])');
			const shut = document.querySelector('#sidebar .nav-section > a:not([aria-current])');
			const look = a => { const s = getComputedStyle(a); return [s.color, s.backgroundColor, s.fontWeight, s.boxShadow].join(); };
			return {Tag: e.tagName, Href: e.getAttribute("href") || "", Text: e.textContent, Section: sec ? sec.textContent : "",
				Marked: all.length, Differs: look(e) !== look(leaf) && (!sec || look(sec) !== look(shut))};
		})()`)
		want := mark{Tag: "A", Href: c.path, Text: c.page, Section: c.section, Marked: 1, Differs: true}
		if got != want {
			t.Errorf("%s: sidebar mark %+v, want %+v", c.path, got, want)
		}
	}
}

// firstPaintProbe records the theme attribute the moment the body is
// parsed (before any deferred script runs) and the body's background in
// the first animation frame, which comes before the first paint: a flash
// of the wrong theme would show in either.
const firstPaintProbe = `
new MutationObserver(function (m, obs) {
  if (document.body) {
    obs.disconnect();
    window.__themeAtBody = document.documentElement.getAttribute("data-theme") || "";
    requestAnimationFrame(function () {
      window.__firstBg = getComputedStyle(document.body).backgroundColor;
    });
  }
}).observe(document, {childList: true, subtree: true});`

func addProbe(source string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: source})
		return err
	})
}

func TestDarkModeTogglePersistsAcrossReloadsWithoutFlash(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, addProbe(firstPaintProbe))
	browsertest.Navigate(t, ctx, url+"/")
	browsertest.WaitFor(t, ctx, `window.__firstBg`)
	light := browsertest.Eval[string](t, ctx, `window.__firstBg`)
	if light != "rgb(255, 255, 255)" {
		t.Errorf("first paint in the default scheme: %q, want white", light)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".theme-btn")))
	if got := browsertest.Eval[string](t, ctx, `document.documentElement.getAttribute("data-theme")`); got != "dark" {
		t.Fatalf("data-theme = %q after toggling", got)
	}
	if got := browsertest.Eval[string](t, ctx, `document.querySelector(".theme-btn").getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("aria-pressed = %q in dark mode", got)
	}
	browsertest.Navigate(t, ctx, url+"/leading/")
	browsertest.WaitFor(t, ctx, `window.__firstBg`)
	if got := browsertest.Eval[string](t, ctx, `window.__themeAtBody`); got != "dark" {
		t.Errorf("data-theme when the body was parsed: %q, want dark", got)
	}
	dark := browsertest.Eval[string](t, ctx, `window.__firstBg`)
	if dark == light || dark != "rgb(18, 21, 26)" {
		t.Errorf("first paint after reload: background %q (light was %q), want the dark rgb(18, 21, 26)", dark, light)
	}
	// And back.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".theme-btn")))
	browsertest.Navigate(t, ctx, url+"/")
	browsertest.WaitFor(t, ctx, `window.__firstBg`)
	if got := browsertest.Eval[string](t, ctx, `window.__firstBg`); got != light {
		t.Errorf("after switching back, first paint %q, want %q", got, light)
	}
}

func TestTableOfContentsHighlightsHeadingInView(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, browsertest.Viewport(1400, 900))
	browsertest.Navigate(t, ctx, url+"/leading/coaching-one-on-ones/")
	n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".toc a").length`)
	if n < 3 {
		t.Fatalf("fixture page has %d TOC entries, want at least 3", n)
	}
	// Jump to the third heading listed in the TOC.
	id := browsertest.Eval[string](t, ctx, `decodeURIComponent(document.querySelectorAll(".toc a")[2].getAttribute("href").slice(1))`)
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById(`+jsString(id)+`).scrollIntoView()`))
	browsertest.WaitFor(t, ctx, `document.querySelector(".toc a.current")`)
	browsertest.WaitFor(t, ctx, `document.querySelector(".toc a.current").getAttribute("href") === "#`+id+`"`)
	if c := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".toc a.current").length`); c != 1 {
		t.Errorf("%d TOC entries highlighted, want 1", c)
	}
}

// The on-page contents show beside the text wherever both fit (1280 px
// leaves 224 px for it) and never overlap the text or leave the screen.
func TestTableOfContentsShowsWhereverItFits(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	for _, c := range []struct {
		width int64
		shown bool
	}{{1440, true}, {1280, true}, {1160, true}, {1024, false}} {
		browsertest.Do(t, ctx, browsertest.Viewport(c.width, 900))
		browsertest.Navigate(t, ctx, url+"/leading/coaching-one-on-ones/")
		type box struct {
			Shown                     bool
			Left, Right, TextRight, W float64
		}
		b := browsertest.Eval[box](t, ctx, `(() => { const toc = document.querySelector(".toc"), r = toc.getBoundingClientRect();
			const text = Math.max(...[...document.querySelectorAll("main .page > *")].map(e => e.getBoundingClientRect().right));
			return {Shown: getComputedStyle(toc).display !== "none", Left: r.left, Right: r.right, TextRight: text, W: innerWidth} })()`)
		if b.Shown != c.shown {
			t.Errorf("at %d px the on-page contents show: %v, want %v", c.width, b.Shown, c.shown)
		}
		if b.Shown && (b.Left < b.TextRight || b.Right > b.W) {
			t.Errorf("at %d px the on-page contents span %v..%v px, the text ends at %v, the screen at %v", c.width, b.Left, b.Right, b.TextRight, b.W)
		}
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestNoHorizontalScrollOnA320PixelPhone(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, browsertest.Viewport(320, 700))
	for _, p := range []string{"/", "/leading/", "/leading/coaching-one-on-ones/", "/selling/deal-review/", "/onboarding/"} {
		browsertest.Navigate(t, ctx, url+p)
		w := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`)
		if w > 320 {
			t.Errorf("%s is %d px wide at a 320 px viewport", p, w)
		}
	}
}

func TestPagesAreUsableWithoutJavaScript(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), browsertest.Viewport(375, 800))
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/leading/"))
	links := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll("#sidebar a")).filter(a => a.getBoundingClientRect().height > 0).length`)
	if links < 3 {
		t.Errorf("without JavaScript only %d sidebar links are visible on a phone", links)
	}
	boxes := browsertest.Eval[int](t, ctx, `document.querySelectorAll("input.task-box").length`)
	_ = boxes
}

// repoFile finds a file relative to the repository root.
func repoFile(parts ...string) string { return filepath.Join(append([]string{".."}, parts...)...) }

// requireTool returns a test tool installed by `npm ci`, failing in CI and
// skipping elsewhere when it is missing.
func requireTool(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: run npm ci (make test does)", path)
		}
		t.Skipf("%s is missing: run npm ci", path)
	}
	return path
}

type axeResult struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func TestAxeFindsNoWCAGViolationsInLightAndDark(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, p := range []string{"/", "/leading/", "/leading/coaching-one-on-ones/", "/onboarding/01-buyers-first/"} {
			browsertest.Navigate(t, ctx, url+p)
			checkAxe(t, ctx, axe, p, scheme)
		}
	}
}

// checkAxe runs axe-core (its script in axe) on the page open in ctx, path
// p, in the colour scheme given, and reports each WCAG 2.1 A/AA violation.
func checkAxe(t *testing.T, ctx context.Context, axe []byte, p, scheme string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+scheme+`")`))
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
	res := browsertest.Eval[[]axeResult](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`)
	for _, v := range res {
		for _, n := range v.Nodes {
			t.Errorf("%s (%s): %s: %s at %v: %s", p, scheme, v.ID, v.Help, n.Target, n.HTML)
		}
	}
}

func TestGeneratedPagesAreValidHTML(t *testing.T) {
	if n := checkHTML(t, example(t), func(string) bool { return true }); n < 20 {
		t.Fatalf("only %d pages to check", n)
	}
}

// checkHTML runs the Nu HTML checker (vnu.jar from node_modules, with the
// system's java) over the HTML files of out that keep picks, and returns
// how many it checked. Without java or the jar the test fails in CI and
// is skipped elsewhere.
func checkHTML(t *testing.T, out *publish.Memory, keep func(name string) bool) int {
	t.Helper()
	jar := requireTool(t, repoFile("node_modules", "vnu-jar", "build", "dist", "vnu.jar"))
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("java is required for the Nu HTML checker")
		}
		t.Skip("no java")
	}
	dir := t.TempDir()
	var files []string
	for _, n := range out.Names() {
		if !strings.HasSuffix(n, ".html") || !keep(n) {
			continue
		}
		b, _ := out.File(n)
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("Nu HTML checker found errors:\n%s", strings.ReplaceAll(string(msg), dir+"/", ""))
	}
	return len(files)
}
