package themes_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"playbook/generator"
	"playbook/generator/publish"
	"playbook/generator/search"
	"playbook/internal/browsertest"
)

var (
	indexOnce sync.Once
	index     *search.Index
	indexErr  error
)

// exampleIndex is the Go side of the example playbook's search index, to
// hold the browser's answers against.
func exampleIndex(t *testing.T) *search.Index {
	t.Helper()
	indexOnce.Do(func() {
		res, err := generator.Build(context.Background(), generator.Options{Source: exampleSite, Target: publish.NewMemory(), BaseURL: "/"})
		if err != nil {
			indexErr = err
			return
		}
		index, indexErr = search.NewPlan(res.Site, res.Config.Audiences).Build(context.Background())
	})
	if indexErr != nil {
		t.Fatal(indexErr)
	}
	return index
}

// typeQuery focuses the header box with "/" and types q.
func typeQuery(t *testing.T, ctx context.Context, q string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.KeyEvent("/"))
	if !browsertest.Eval[bool](t, ctx, `document.activeElement === document.getElementById("search-q")`) {
		t.Fatal(`"/" did not focus the search box`)
	}
	// A browser types nothing for a keydown whose default is prevented;
	// the DevTools protocol sends the character on its own, so drop it.
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = ""`))
	browsertest.Do(t, ctx, chromedp.KeyEvent(q))
}

func TestSearchBoxFindsAsYouTypeAndNavigatesWithTheKeyboard(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/leading/")
	if n := browsertest.Eval[int](t, ctx, `performance.getEntriesByType("resource").filter(e => e.name.includes("/search/")).length`); n != 0 {
		t.Errorf("%d index files loaded before search was used", n)
	}
	typeQuery(t, ctx, "too expens")
	browsertest.WaitFor(t, ctx, `document.querySelectorAll("#search-list [role=option]").length > 0`)
	first := browsertest.Eval[map[string]string](t, ctx, `(function () {
	  var a = document.querySelector("#search-list [role=option]");
	  return {title: a.querySelector(".sr-title").textContent, heading: a.querySelector(".sr-heading").textContent,
	    crumbs: a.querySelector(".sr-crumbs").textContent, href: a.getAttribute("href"),
	    marks: Array.from(a.querySelectorAll("mark")).map(m => m.textContent.toLowerCase()).join(",")};
	})()`)
	if first["title"] != "Handling objections" || !strings.HasSuffix(first["href"], "/selling/handling-objections/#its-too-expensive") {
		t.Errorf("first result %+v, want Handling objections › It's too expensive", first)
	}
	if first["crumbs"] != "Selling: leading the buyer" {
		t.Errorf("breadcrumb %q", first["crumbs"])
	}
	if !strings.Contains(first["marks"], "too") || !strings.Contains(first["marks"], "expensive") {
		t.Errorf("highlighted words %q, want too and expensive", first["marks"])
	}
	// Arrows move the selection; Enter opens the selected result.
	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.ArrowDown+kb.ArrowDown+kb.ArrowUp))
	sel := browsertest.Eval[string](t, ctx, `document.getElementById("search-q").getAttribute("aria-activedescendant")`)
	if sel != "sr:0" || browsertest.Eval[string](t, ctx, `document.getElementById("sr:0").getAttribute("aria-selected")`) != "true" {
		t.Errorf("after down, down, up the active result is %q, want sr:0", sel)
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Enter))
	browsertest.WaitFor(t, ctx, `location.pathname === "/selling/handling-objections/"`)
	if h := browsertest.Eval[string](t, ctx, `location.hash`); h != "#its-too-expensive" {
		t.Errorf("landed on %q, want the heading #its-too-expensive", h)
	}
}

func TestCtrlKFocusesSearchAndEscapeClosesResults(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	browsertest.Do(t, ctx, chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.id === "search-q"`) {
		t.Fatal("Ctrl-K did not focus the search box")
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent("deal review"))
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-list [role=option]")`)
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#search-list .sr-title").textContent`); got != "Deal review checklist" {
		t.Errorf("first result %q", got)
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent(kbEscape))
	if !browsertest.Eval[bool](t, ctx, `document.getElementById("search-panel").hidden`) {
		t.Error("Escape did not close the results")
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("search-q").getAttribute("aria-expanded")`); got != "false" {
		t.Errorf("aria-expanded = %q after Escape", got)
	}
}

func TestSearchFiltersBySectionAndAudience(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	typeQuery(t, ctx, "checklist")
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-list [role=option]")`)
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () {
	  var s = document.querySelector("#search-panel select[name=section]");
	  s.value = "leading";
	  s.dispatchEvent(new Event("change"));
	})()`))
	browsertest.WaitFor(t, ctx, `Array.from(document.querySelectorAll("#search-list [role=option]")).every(a => a.getAttribute("href").startsWith("/leading/"))`)
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#search-list [role=option]").getAttribute("href")`); got != "/leading/weekly-leadership-checklist/" {
		t.Errorf("first result in Leading: %s", got)
	}
	// Enter without a selected result opens the results page with the filters.
	browsertest.Do(t, ctx, chromedp.Focus(chromedp.ID("search-q")), chromedp.KeyEvent(kb.Enter))
	browsertest.WaitFor(t, ctx, `location.pathname === "/search/" && document.querySelector("#search-results a")`)
	if got := browsertest.Eval[string](t, ctx, `location.search`); got != "?q=checklist&section=leading&audience=" {
		t.Errorf("results page URL %q", got)
	}
}

func TestSearchResultsPageIsShareable(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/search/?q=first+calls&audience=new-hire")
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-results a")`)
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#search-results a").getAttribute("href")`); got != "/onboarding/07-first-calls/" {
		t.Errorf("first result %s", got)
	}
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#search-page select[name=audience]").value`); got != "new-hire" {
		t.Errorf("audience filter %q, want new-hire from the URL", got)
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("search-page-q").value`); got != "first calls" {
		t.Errorf("query box %q", got)
	}
	// Typing updates the results and the URL.
	browsertest.Do(t, ctx, chromedp.Focus(chromedp.ID("search-page-q")), chromedp.KeyEvent(" shadowing"))
	browsertest.WaitFor(t, ctx, `location.search.startsWith("?q=first+calls+shadowing")`)
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-results a") && document.querySelector("#search-results a").getAttribute("href") !== "/onboarding/07-first-calls/"`)
}

// TestBrowserRanksLikeGo holds search.js against Index.Search: the same
// pages, scores and headings, in the same order.
func TestBrowserRanksLikeGo(t *testing.T) {
	ix := exampleIndex(t)
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	type hit struct {
		D int `json:"d"`
		S int `json:"s"`
		H int `json:"h"`
	}
	for _, c := range []struct {
		q string
		f search.Filter
	}{
		{q: "pricing objection"}, {q: "coaching"}, {q: "forecast ca"}, {q: "mutual action plans"},
		{q: "deal review deal"}, {q: "Fórecasting HONESTLY"}, {q: "one-on-one"}, {q: "the"}, {q: "buyer's need"},
		{q: "checklist", f: search.Filter{Section: "/selling/"}}, {q: "call", f: search.Filter{Audience: "new-hire"}},
		{q: "first 1:1"}, {q: "observ"}, {q: "new hire checklist "},
	} {
		f := map[string]string{"section": strings.Trim(c.f.Section, "/"), "audience": c.f.Audience}
		fj, _ := json.Marshal(f)
		got := browsertest.Eval[[]hit](t, ctx, `playbook.search.hits(`+jsString(c.q)+`, `+string(fj)+`)`)
		want := ix.Search(c.q, c.f)
		same := len(got) == len(want)
		for i := 0; same && i < len(got); i++ {
			same = got[i] == hit{want[i].Doc, want[i].Score, want[i].Heading}
		}
		if !same {
			t.Errorf("%q %+v: browser %v, Go %v", c.q, c.f, got, want)
		}
	}
}

// TestBrowserWordsAndStemsMatchGo checks folding on every rune that Go
// folds with its table, and stemming on every word of the example.
func TestBrowserWordsAndStemsMatchGo(t *testing.T) {
	ix := exampleIndex(t)
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	var texts []string
	for r := rune(0xC0); r < 0x250; r++ {
		texts = append(texts, "x"+string(r)+"y")
	}
	for r := rune(0x1E00); r < 0x1F00; r++ {
		texts = append(texts, "x"+string(r)+"y")
	}
	texts = append(texts, "İSTANBUL ΟΔΟΣ", "Buyer’s CAFÉ", "e\u0301te\u0301", "日本語 テキスト", "first 1:1")
	vocab := map[string]bool{}
	for _, d := range ix.Docs {
		for _, w := range search.Words(d.Title + " " + d.Text) {
			vocab[w] = true
		}
	}
	for w := range vocab {
		texts = append(texts, w)
	}
	arg, _ := json.Marshal(texts)
	got := browsertest.Eval[[][]string](t, ctx, `(`+string(arg)+`).map(s => playbook.search.words(s).map(w => w + "/" + playbook.search.stem(w)))`)
	bad := 0
	for i, s := range texts {
		var want []string
		for _, w := range search.Words(s) {
			want = append(want, w+"/"+search.Stem(w))
		}
		if fmt.Sprint(got[i]) != fmt.Sprint(want) {
			if bad++; bad <= 20 {
				t.Errorf("%q (U+%04X): browser %q, Go %q", s, []rune(s)[min(1, len([]rune(s))-1)], got[i], want)
			}
		}
	}
	t.Logf("%d texts, %d differ", len(texts), bad)
}

func TestSearchSaysWhyWhenTheIndexDoesNotLoad(t *testing.T) {
	out := example(t).Clone()
	out.Remove("search/meta.js")
	url := browsertest.Serve(t, out)
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	typeQuery(t, ctx, "coaching")
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-panel .search-status").textContent`)
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#search-panel .search-status").textContent`); got != "Search is not available: the search index (meta.js) did not load." {
		t.Errorf("status %q", got)
	}
}

func TestSearchWorksFromDiskWithRelativeURLs(t *testing.T) {
	src := t.TempDir()
	toml, err := os.ReadFile(repoFile("site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "site.toml"), append([]byte("relativeURLs = true\n"), toml...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS(repoFile("content"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: src, Output: out}); err != nil {
		t.Fatal(err)
	}
	base := "file://" + filepath.ToSlash(out)
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, base+"/leading/index.html")
	typeQuery(t, ctx, "too expensive")
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-list [role=option]") || document.querySelector("#search-panel .search-status").textContent.startsWith("Search is not")`)
	if msg := browsertest.Eval[string](t, ctx, `document.querySelector("#search-panel .search-status").textContent`); msg != "" {
		t.Fatalf("from disk: %s", msg)
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.ArrowDown+kb.Enter))
	browsertest.WaitFor(t, ctx, `location.pathname.endsWith("/selling/handling-objections/index.html")`)
	if h := browsertest.Eval[string](t, ctx, `location.hash`); h != "#its-too-expensive" {
		t.Errorf("landed on %q", h)
	}
	// The results page, from disk too.
	browsertest.Navigate(t, ctx, base+"/search/index.html?q=mutual+action+plans")
	browsertest.WaitFor(t, ctx, `document.querySelector("#search-results a")`)
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#search-results a").getAttribute("href")`); got != "../selling/mutual-action-plans/index.html" {
		t.Errorf("first result on the results page from disk: %s", got)
	}
}

// TestSearchQueryTimeOnCorpus measures queries in the browser on the site
// named by $PLAYBOOK_CORPUS (made by ../shared/bench/gencorpus.go): the
// first query, which loads meta.js, shards and page files from loopback,
// and the ranking of queries whose shards are loaded, which must take
// under 50 ms.
func TestSearchQueryTimeOnCorpus(t *testing.T) {
	dir := os.Getenv("PLAYBOOK_CORPUS")
	if dir == "" {
		t.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go")
	}
	out := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Source: dir, Target: out}); err != nil {
		t.Fatal(err)
	}
	url := browsertest.Serve(t, out)
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/")
	time := func(expr string) float64 {
		return browsertest.Eval[float64](t, ctx, `(async () => { const t0 = performance.now(); await `+expr+`; return performance.now() - t0; })()`)
	}
	first := time(`playbook.search.find("pipeline review", {}, 8)`)
	t.Logf("first query, loading the index: %.0f ms", first)
	for _, q := range []string{"pipeline review", "forecast call", "coaching plan", "mutual action plan", "discovery call qualification", "win rate", "renewal risk health score", "p", "pi", "pip"} {
		time(`playbook.search.find(` + jsString(q) + `, {}, 8)`) // load its files
		best := 1e9
		for range 5 {
			best = min(best, time(`playbook.search.hits(`+jsString(q)+`)`))
		}
		n := browsertest.Eval[int](t, ctx, `playbook.search.hits(`+jsString(q)+`).then(h => h.length)`)
		find := time(`playbook.search.find(` + jsString(q) + `, {}, 8)`)
		t.Logf("%-30q %5d results: ranking %5.1f ms, with the first 8 results' text %5.1f ms", q, n, best, find)
		if best > 50 {
			t.Errorf("%q takes %.0f ms to rank, want under 50 ms", q, best)
		}
	}
}
