package themes_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// buildFixture builds a txtar site in memory; one without site.toml gets
// an empty one (every key at its default), as a site needs one.
func buildFixture(t *testing.T, archive string) *publish.Memory {
	t.Helper()
	files := fstest.MapFS{"site.toml": &fstest.MapFile{}}
	for _, f := range txtar.Parse([]byte(strings.TrimLeft(archive, "\n"))).Files {
		files[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	out := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{FS: files, Target: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

const checklistSite = `
-- site.toml --
title = "Checklists"
baseURL = "/"
-- content/_index.md --
+++
title = "Home"
+++
-- content/onboarding/_index.md --
+++
title = "Onboarding"
type = "curriculum"
+++
-- content/onboarding/week-one.md --
+++
title = "Week one"
weight = 1
+++
- [ ] Meet the team
- [x] Get a laptop
- [ ] Prepare
  - [ ] Read the playbook
  - [ ] Book shadowing
-- content/onboarding/week-two.md --
+++
title = "Week two"
weight = 2
+++
- [ ] Run a call
- [ ] Run a call
`

func tick(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`(function(){
	  var ls = document.querySelectorAll("label.task");
	  for (var i = 0; i < ls.length; i++) {
	    if (ls[i].querySelector(".task-text").textContent.trim() === `+jsString(text)+`) { ls[i].click(); return; }
	  }
	  throw new Error("no task " + `+jsString(text)+`);
	})()`))
}

func progressText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `document.querySelector(`+jsString(sel)+`).textContent`)
}

func TestChecklistTicksPersistAndRollUp(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	page := url + "/onboarding/week-one/"
	browsertest.Navigate(t, ctx, page)

	// Leaves count: Meet, Laptop (ticked by default), Read, Book.
	if got := progressText(t, ctx, ".progress[data-scope=page] .progress-text"); got != "1 of 4 done" {
		t.Fatalf("initial progress %q", got)
	}
	tick(t, ctx, "Meet the team")
	tick(t, ctx, "Read the playbook")
	if got := browsertest.Eval[bool](t, ctx, `document.querySelectorAll("input.task-box")[2].indeterminate`); !got {
		t.Error("parent with one of two sub-items done is not indeterminate")
	}
	tick(t, ctx, "Book shadowing")
	if got := browsertest.Eval[bool](t, ctx, `document.querySelectorAll("input.task-box")[2].checked`); !got {
		t.Error("parent with all sub-items done is not ticked")
	}
	if got := progressText(t, ctx, ".progress[data-scope=page] .progress-text"); got != "4 of 4 done" {
		t.Errorf("progress after ticking %q", got)
	}

	browsertest.Navigate(t, ctx, page)
	if got := progressText(t, ctx, ".progress[data-scope=page] .progress-text"); got != "4 of 4 done" {
		t.Errorf("progress after reload %q", got)
	}
	// Unticking a default-ticked item persists too.
	tick(t, ctx, "Get a laptop")
	browsertest.Navigate(t, ctx, page)
	if got := progressText(t, ctx, ".progress[data-scope=page] .progress-text"); got != "3 of 4 done" {
		t.Errorf("progress after unticking a default %q", got)
	}

	// The curriculum overview rolls up per module and in total.
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	if got := progressText(t, ctx, `.entry[data-key="/onboarding/week-one/"] .progress-text`); got != "3 of 4 done" {
		t.Errorf("module progress on the overview %q", got)
	}
	if got := progressText(t, ctx, `.entry[data-key="/onboarding/week-two/"] .progress-text`); got != "0 of 2 done" {
		t.Errorf("untouched module progress %q", got)
	}
	if got := progressText(t, ctx, `.rollup .progress-text`); got != "3 of 6 done" {
		t.Errorf("curriculum total %q", got)
	}
	// The home page shows progress per section.
	browsertest.Navigate(t, ctx, url+"/")
	if got := progressText(t, ctx, `.entry[data-key="/onboarding/"] .progress-text`); got != "3 of 6 done" {
		t.Errorf("home progress for onboarding %q", got)
	}
	// Nothing left the browser: every resource came from the site itself.
	if n := browsertest.Eval[int](t, ctx, `performance.getEntriesByType("resource").filter(e => !e.name.startsWith(location.origin)).length`); n != 0 {
		t.Errorf("%d requests left the site", n)
	}
}

func TestDuplicateTasksAreIndependent(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/onboarding/week-two/")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("label.task")[1].click()`))
	browsertest.Navigate(t, ctx, url+"/onboarding/week-two/")
	got := browsertest.Eval[[]bool](t, ctx, `Array.from(document.querySelectorAll("input.task-box")).map(b => b.checked)`)
	if len(got) != 2 || got[0] || !got[1] {
		t.Errorf("states %v, want [false true]", got)
	}
}

func TestChecklistSyncsAcrossTabs(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	page := url + "/onboarding/week-two/"
	browsertest.Navigate(t, ctx, page)
	other, cancel := chromedp.NewContext(ctx)
	defer cancel()
	browsertest.Navigate(t, other, page)
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("label.task")[0].click()`))
	browsertest.WaitFor(t, other, `document.querySelectorAll("input.task-box")[0].checked`)
	if got := progressText(t, other, ".progress[data-scope=page] .progress-text"); got != "1 of 2 done" {
		t.Errorf("other tab shows %q", got)
	}
}

func TestResetAsksBeforeClearing(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	page := url + "/onboarding/week-two/"
	browsertest.Navigate(t, ctx, page)
	tick(t, ctx, "Run a call")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.confirm = () => false; document.querySelector(".progress-reset").click()`))
	if got := progressText(t, ctx, ".progress[data-scope=page] .progress-text"); got != "1 of 2 done" {
		t.Errorf("declined reset cleared the page: %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.confirm = () => true; document.querySelector(".progress-reset").click()`))
	browsertest.Navigate(t, ctx, page)
	if got := progressText(t, ctx, ".progress[data-scope=page] .progress-text"); got != "0 of 2 done" {
		t.Errorf("reset did not clear: %q", got)
	}
}

func TestImportValidatesAndReportsRejects(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	type result struct {
		Pages    map[string]any `json:"pages"`
		Rejected []string       `json:"rejected"`
	}
	bad := browsertest.Eval[result](t, ctx, `playbook.checklists.validate({format: "something-else"})`)
	if len(bad.Pages) != 0 || len(bad.Rejected) != 1 || !strings.Contains(bad.Rejected[0], "not a playbook progress file") {
		t.Errorf("wrong format: %+v", bad)
	}
	mixed := browsertest.Eval[result](t, ctx, `playbook.checklists.validate({format: "playbook-progress", version: 1, pages: {
	  "/onboarding/week-two/": {s: {"task-abc": 1, "<img src=x>": 1, "task-def": "yes"}, t: 2, d: 1, d0: 0},
	  "not-a-url": {s: {}}
	}})`)
	if len(mixed.Pages) != 1 || len(mixed.Rejected) != 2 {
		t.Errorf("mixed file: %+v", mixed)
	}
	// A real round trip through the file input.
	browsertest.Navigate(t, ctx, url+"/onboarding/week-two/")
	tick(t, ctx, "Run a call")
	exported := browsertest.Eval[string](t, ctx, `JSON.stringify({format: "playbook-progress", version: 1, pages: JSON.parse(localStorage.getItem(playbook.checklists.key)).pages})`)
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`))
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`(function(){
	  var input = document.querySelector(".progress-import");
	  var dt = new DataTransfer();
	  dt.items.add(new File([`+jsString(exported)+`], "p.json", {type: "application/json"}));
	  input.files = dt.files;
	  input.dispatchEvent(new Event("change", {bubbles: true}));
	})()`))
	browsertest.WaitFor(t, ctx, `document.querySelector(".progress-status").textContent === "Imported 1 page."`)
	if got := progressText(t, ctx, `.entry[data-key="/onboarding/week-two/"] .progress-text`); got != "1 of 2 done" {
		t.Errorf("after import %q", got)
	}
}

// A section page and the home page that have their own checklist show it
// in their own count and in the totals that hold them.
const rollupSite = `
-- site.toml --
title = "Roll-ups"
baseURL = "/"
-- content/_index.md --
+++
title = "Home"
+++
- [ ] Read the welcome
- [ ] Find your buddy
-- content/onboarding/_index.md --
+++
title = "Onboarding"
type = "curriculum"
+++
- [x] Sign the contract
- [ ] Set up the laptop
- [ ] Join the channels
-- content/onboarding/week-one.md --
+++
title = "Week one"
weight = 1
+++
- [ ] Meet the team
- [ ] Shadow a call
`

func TestEveryRollUpMovesWithATick(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, rollupSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	own := ".progress[data-scope=page] .progress-text"
	if got, total := progressText(t, ctx, own), progressText(t, ctx, ".rollup .progress-text"); got != "1 of 3 done" || total != "1 of 5 done" {
		t.Fatalf("before ticking: page %q, curriculum %q", got, total)
	}
	tick(t, ctx, "Set up the laptop")
	tick(t, ctx, "Join the channels")
	if got, total := progressText(t, ctx, own), progressText(t, ctx, ".rollup .progress-text"); got != "3 of 3 done" || total != "3 of 5 done" {
		t.Errorf("after two ticks: page %q, curriculum %q; want 3 of 3 and 3 of 5 at once", got, total)
	}
	if v := browsertest.Eval[int](t, ctx, `document.querySelector(".rollup progress").value`); v != 3 {
		t.Errorf("curriculum bar at %d, want 3", v)
	}
	// Unticking a box ticked by default moves both back.
	tick(t, ctx, "Sign the contract")
	if got, total := progressText(t, ctx, own), progressText(t, ctx, ".rollup .progress-text"); got != "2 of 3 done" || total != "2 of 5 done" {
		t.Errorf("after unticking a default: page %q, curriculum %q", got, total)
	}

	// The home page: its own count, the whole playbook's total, and the
	// entry of the section, which the home page's ticks do not touch.
	browsertest.Navigate(t, ctx, url+"/")
	if got, total := progressText(t, ctx, own), progressText(t, ctx, ".rollup .progress-text"); got != "0 of 2 done" || total != "2 of 7 done" {
		t.Fatalf("home before ticking: page %q, total %q", got, total)
	}
	tick(t, ctx, "Find your buddy")
	if got, total := progressText(t, ctx, own), progressText(t, ctx, ".rollup .progress-text"); got != "1 of 2 done" || total != "3 of 7 done" {
		t.Errorf("home after a tick: page %q, total %q; want 1 of 2 and 3 of 7 at once", got, total)
	}
	if got := progressText(t, ctx, `.entry[data-key="/onboarding/"] .progress-text`); got != "2 of 5 done" {
		t.Errorf("onboarding entry on the home page %q, want 2 of 5", got)
	}
}

// importDoc feeds a progress file to the import input and waits for the
// status line.
func importDoc(t *testing.T, ctx context.Context, doc string) string {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`(function(){
	  document.querySelector(".progress-status").textContent = "";
	  var input = document.querySelector(".progress-import");
	  var dt = new DataTransfer();
	  dt.items.add(new File([`+jsString(doc)+`], "p.json", {type: "application/json"}));
	  input.files = dt.files;
	  input.dispatchEvent(new Event("change", {bubbles: true}));
	})()`))
	browsertest.WaitFor(t, ctx, `document.querySelector(".progress-status").textContent !== ""`)
	return progressText(t, ctx, ".progress-status")
}

func TestExportNamesPagesAndItems(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/onboarding/week-one/")
	tick(t, ctx, "Meet the team")
	tick(t, ctx, "Get a laptop") // ticked by default: now unticked
	type item struct {
		ID, Text string
		Done     bool
	}
	type page struct {
		Title       string
		Done, Total int
		Items       []item
	}
	doc := browsertest.Eval[struct {
		Format  string
		Version int
		Site    string
		Pages   map[string]page
	}](t, ctx, `playbook.checklists.exportDoc()`)
	p, ok := doc.Pages["/onboarding/week-one/"]
	if doc.Format != "playbook-progress" || doc.Version != 2 || doc.Site != "/" || !ok || len(doc.Pages) != 1 {
		t.Fatalf("export %+v", doc)
	}
	if p.Title != "Week one" || p.Done != 1 || p.Total != 4 || len(p.Items) != 2 {
		t.Fatalf("page %+v, want Week one, 1 of 4 done, two changed items", p)
	}
	got := map[string]bool{}
	for _, it := range p.Items {
		if !strings.HasPrefix(it.ID, "task-") {
			t.Errorf("item without an id: %+v", it)
		}
		got[it.Text] = it.Done
	}
	if len(got) != 2 || got["Meet the team"] != true || got["Get a laptop"] != false {
		t.Errorf("items %+v, want Meet the team done and Get a laptop not done", p.Items)
	}

	// The file imports back by id into an empty browser.
	file := browsertest.Eval[string](t, ctx, `JSON.stringify(playbook.checklists.exportDoc())`)
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`))
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	if got := importDoc(t, ctx, file); got != "Imported 1 page." {
		t.Errorf("status %q", got)
	}
	if got := progressText(t, ctx, `.entry[data-key="/onboarding/week-one/"] .progress-text`); got != "1 of 4 done" {
		t.Errorf("after import %q, want 1 of 4", got)
	}
}

func TestImportChecksSiteAndMergesUnlessAsked(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, checklistSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/onboarding/week-one/")
	tick(t, ctx, "Meet the team")
	ids := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("input.task-box")).map(b => b.getAttribute("data-task"))`)
	// ids: Meet, Laptop, Prepare, Read, Book. The file unticks Meet the
	// team (which this reader ticked) and ticks Read the playbook.
	file := func(site string) string {
		return `{"format": "playbook-progress", "version": 2, "site": "` + site + `", "pages": {"/onboarding/week-one/": {"title": "Week one", "done": 2, "total": 4, "items": [{"id": "` + ids[0] + `", "text": "Meet the team", "done": false}, {"id": "` + ids[3] + `", "text": "Read the playbook", "done": true}]}}}`
	}
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	entry := `.entry[data-key="/onboarding/week-one/"] .progress-text`

	// Another site's file: asked, and declining imports nothing.
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.asked = []; window.confirm = q => { asked.push(q); return false; }`))
	if got := importDoc(t, ctx, file("https://other.example/")); !strings.HasPrefix(got, "Import cancelled") {
		t.Errorf("other site's file: status %q", got)
	}
	if got := browsertest.Eval[[]string](t, ctx, `asked`); len(got) != 1 || !strings.Contains(got[0], "https://other.example/") {
		t.Errorf("asked %q, want one question naming the other site", got)
	}
	if got := progressText(t, ctx, entry); got != "2 of 4 done" {
		t.Errorf("after a declined import %q, want 2 of 4 (laptop and the reader's tick)", got)
	}

	// This site's file with a conflicting tick: asked; declining merges,
	// keeping the reader's tick and adding the file's other one.
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.asked = []`))
	if got := importDoc(t, ctx, file("/")); got != "Imported 1 page, keeping 1 of your ticks." {
		t.Errorf("merge: status %q", got)
	}
	if got := browsertest.Eval[[]string](t, ctx, `asked`); len(got) != 1 || !strings.Contains(got[0], "1 of your ticks") {
		t.Errorf("asked %q, want one question about 1 tick", got)
	}
	if got := progressText(t, ctx, entry); got != "3 of 4 done" {
		t.Errorf("after merging %q, want 3 of 4", got)
	}

	// Saying yes replaces the reader's tick with the file's.
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	if got := importDoc(t, ctx, file("/")); got != "Imported 1 page, replacing 1 of your ticks." {
		t.Errorf("replace: status %q", got)
	}
	browsertest.Navigate(t, ctx, url+"/onboarding/week-one/")
	got := browsertest.Eval[[]bool](t, ctx, `Array.from(document.querySelectorAll("input.task-box")).map(b => b.checked)`)
	if want := []bool{false, true, false, true, false}; len(got) != 5 || got[0] || !got[1] || !got[3] || got[4] {
		t.Errorf("boxes after replacing %v, want %v", got, want)
	}
}
