package themes_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// A section page with a checklist of its own shows one progress block,
// each bar saying what it counts, and the example's home and section
// pages list each of their pages once.
func TestSectionPageHasOneLabelledProgressBlock(t *testing.T) {
	url := browsertest.Serve(t, buildFixture(t, rollupSite))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/onboarding/")
	type bar struct {
		Label, Text string
		InBlock     bool
	}
	got := browsertest.Eval[[]bar](t, ctx, `Array.from(document.querySelectorAll("main .progress:not(.entry-progress)")).map(p => ({
	  Label: (p.querySelector(".progress-label") || {}).textContent || "",
	  Text: p.querySelector(".progress-text").textContent,
	  InBlock: !!p.closest(".rollup")}))`)
	want := []bar{{"Checklists in this section", "1 of 5 done", true}, {"This page's checklist", "1 of 3 done", true}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("progress bars %+v, want %+v", got, want)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("main .rollup").length`); n != 1 {
		t.Errorf("%d progress blocks, want 1", n)
	}
	browsertest.Navigate(t, ctx, url+"/")
	if got := progressText(t, ctx, ".rollup .progress-label"); got != "Checklists in the whole playbook" {
		t.Errorf("home total labelled %q", got)
	}
}

func TestExampleListsEachPageOfASectionOnce(t *testing.T) {
	out := example(t)
	for _, page := range []string{"index.html", "leading/index.html", "selling/index.html", "onboarding/index.html"} {
		b, ok := out.File(page)
		if !ok {
			t.Fatalf("%s not built", page)
		}
		html := string(b)
		body, entries, found := strings.Cut(html, `<ul class="entries">`)
		if !found {
			t.Errorf("%s: no list of pages", page)
			continue
		}
		entries, _, _ = strings.Cut(entries, "</ul>\n")
		for _, href := range hrefs(entries) {
			// The content may mention a page in passing, or in a table
			// by another key (a schedule by week); a list of them (a
			// table row or list item starting with the link) repeats the
			// cards.
			for _, lead := range []string{"<tr>\n<td><a href=\"" + href + `"`, `<li><a href="` + href + `"`} {
				if _, main, _ := strings.Cut(body, `<main`); strings.Contains(main, lead) {
					t.Errorf("%s lists %s in its text and again as a card", page, href)
				}
			}
		}
	}
}

func hrefs(s string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(s, `<a href="`)
		if !ok {
			return out
		}
		href, rest, _ := strings.Cut(rest, `"`)
		out, s = append(out, href), rest
	}
}
