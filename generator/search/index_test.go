package search_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"playbook/generator/internal/sitetest"
	"playbook/generator/search"
)

// index builds the index of a built test site.
func index(t *testing.T, s *sitetest.Site) *search.Index {
	t.Helper()
	ix, err := search.NewPlan(s.Result.Site, s.Result.Config.Audiences).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// hrefs runs a query and returns where the results link to.
func hrefs(ix *search.Index, q string, f search.Filter) []string {
	var out []string
	for _, h := range ix.Search(q, f) {
		out = append(out, ix.Href(h))
	}
	return out
}

const draftsSite = `
-- site.toml --
title = "T"
-- content/_index.md --
+++
title = "Home"
+++
-- content/visible.md --
+++
title = "Visible onboarding"
+++
Onboarding words.
-- content/draft.md --
+++
title = "Draft onboarding"
draft = true
+++
Onboarding words.
-- content/hidden.md --
+++
title = "Hidden onboarding"
search = false
+++
Onboarding words.
`

func TestIndexLeavesOutDraftsAndPagesWithSearchFalse(t *testing.T) {
	s := sitetest.New(t, draftsSite)
	s.Opts.Drafts = true // drafts are built, but still not searchable
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("draft/index.html", "Draft onboarding")
	ix := index(t, s)
	if got := hrefs(ix, "onboarding", search.Filter{}); !slices.Equal(got, []string{"/visible/"}) {
		t.Errorf("onboarding finds %q, want only /visible/", got)
	}
	for _, d := range ix.Docs {
		if d.URL == "/draft/" || d.URL == "/hidden/" {
			t.Errorf("%s is in the index", d.URL)
		}
	}
}

func TestIndexHasChecklistItemsDescriptionsTagsAndAudience(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
audiences = ["manager", "seller"]
-- content/_index.md --
+++
title = "Home"
+++
-- content/week.md --
+++
title = "Week one"
description = "Everything about quarterly territories."
tags = ["compensation"]
audience = ["seller"]
+++
## Tasks

- [ ] Book the laptop
- [x] Meet the **regional** team
  - [ ] Shadow a veteran
`)
	ix := index(t, s)
	for _, q := range []string{"laptop", "regional team", "veteran", "territory", "compensation", "seller", "tasks"} {
		if got := hrefs(ix, q, search.Filter{}); len(got) == 0 || !strings.HasPrefix(got[0], "/week/") {
			t.Errorf("%q finds %q, want /week/", q, got)
		}
	}
	if got := hrefs(ix, "tasks", search.Filter{}); got[0] != "/week/#tasks" {
		t.Errorf("a heading match links to %q, want /week/#tasks", got[0])
	}
}

const rankSite = `
-- site.toml --
title = "T"
audiences = ["manager", "seller"]
-- content/_index.md --
+++
title = "Home"
+++
-- content/a/_index.md --
+++
title = "Alpha"
+++
-- content/a/body.md --
+++
title = "Body page"
weight = 1
+++
We talk about pipelines here, and about reviews.
-- content/a/heading.md --
+++
title = "Heading page"
weight = 2
audience = ["seller"]
+++
## Intro

Nothing.

## Pipeline review

Text.
-- content/b/_index.md --
+++
title = "Beta"
+++
-- content/b/title.md --
+++
title = "Pipeline"
audience = ["manager"]
+++
Plain.
`

func TestSearchRanksTitleOverHeadingOverBody(t *testing.T) {
	ix := index(t, sitetest.Build(t, rankSite))
	want := []string{"/b/title/", "/a/heading/#pipeline-review", "/a/body/"}
	if got := hrefs(ix, "pipeline", search.Filter{}); !slices.Equal(got, want) {
		t.Errorf("pipeline: %q, want %q", got, want)
	}
}

func TestSearchNeedsEveryWordAndTakesTheLastAsPrefix(t *testing.T) {
	ix := index(t, sitetest.Build(t, rankSite))
	for q, want := range map[string][]string{
		"pipeline review":  {"/a/heading/#pipeline-review", "/a/body/"},
		"pipeline reviews": {"/a/heading/#pipeline-review", "/a/body/"},
		"pipeline rev":     {"/a/heading/#pipeline-review", "/a/body/"},
		"pipeline rev ":    nil, // a finished word is not a prefix
		"pip":              {"/b/title/", "/a/heading/#pipeline-review", "/a/body/"},
		"PIPELINES":        {"/b/title/", "/a/heading/#pipeline-review", "/a/body/"},
		"pipeline plain":   {"/b/title/"},
		"pipeline nothing": {"/a/heading/#pipeline-review"},
		"the":              nil,
	} {
		if got := hrefs(ix, q, search.Filter{}); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

func TestSearchFiltersBySectionAndAudience(t *testing.T) {
	ix := index(t, sitetest.Build(t, rankSite))
	for _, c := range []struct {
		f    search.Filter
		want []string
	}{
		{search.Filter{Section: "/a/"}, []string{"/a/heading/#pipeline-review", "/a/body/"}},
		{search.Filter{Section: "/b/"}, []string{"/b/title/"}},
		// Pages without an audience are for everyone.
		{search.Filter{Audience: "seller"}, []string{"/a/heading/#pipeline-review", "/a/body/"}},
		{search.Filter{Audience: "manager", Section: "/b/"}, []string{"/b/title/"}},
	} {
		if got := hrefs(ix, "pipeline", c.f); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
}

func TestIndexFilesAreScriptsWithJSON(t *testing.T) {
	s := sitetest.Build(t, rankSite)
	var names []string
	for _, n := range s.Out.Names() {
		if strings.HasPrefix(n, "search/") && strings.HasSuffix(n, ".js") {
			names = append(names, n)
		}
	}
	if !slices.Contains(names, "search/meta.js") || !slices.Contains(names, "search/t-0.js") || !slices.Contains(names, "search/d-0.js") {
		t.Fatalf("index files: %q", names)
	}
	for _, n := range names {
		src := s.File(n)
		base := strings.TrimSuffix(strings.TrimPrefix(n, "search/"), ".js")
		head := `playbook.search.add("` + base + `",`
		if !strings.HasPrefix(src, head) || !strings.HasSuffix(src, ");\n") {
			t.Errorf("%s does not call playbook.search.add(%q, …): %.60s", n, base, src)
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(src, head), ");\n")), &v); err != nil {
			t.Errorf("%s: data is not JSON: %v", n, err)
		}
	}
	s.AssertFileContains("search/index.html", `id="search-page"`, `<title>Search · T</title>`)
	s.AssertFileContains("a/body/index.html", `<form class="search" role="search" action="/search/">`)
}

// Every page's search form targets /search/: a page of the content
// there would hide the results page, so it is an error (a site changes
// the results page with its own layouts/search.html).
func TestAPageAtSlashSearchIsAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- site.toml --
title = "T"
-- content/_index.md --
+++
title = "Home"
+++
-- content/search.md --
+++
title = "Find things"
+++
Our own search page.
`)
	s.AssertDiag("content/search.md:1:1: page URL /search/ is where the build writes the search page and index; rename the file or give it a slug")
}
