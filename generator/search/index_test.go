package search_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/search"
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

const cjkSite = `
-- site.toml --
title = "T"
-- content/_index.md --
+++
title = "Home"
+++
-- content/ja.md --
+++
title = "商談の準備"
+++
顧客との商談を準備する前に、決算資料を確認します。テストケースとして、CRMに議事録を記録します。

## 当日の進め方

冒頭の五分で議題を確認します。
-- content/zh.md --
+++
title = "客户拜访指南"
+++
在拜访客户之前，回顾过去的商谈记录。当客户说价格太高时，不要立刻降价。
-- content/ko.md --
+++
title = "고객 미팅 준비"
+++
고객과의 미팅을 준비하기 전에 회사의 사업 내용을 확인합니다.
-- content/th.md --
+++
title = "การประชุมกับลูกค้า"
+++
เมื่อลูกค้าบอกว่าราคาแพงเกินไป อย่าลดราคาทันที
-- content/en.md --
+++
title = "Preparing a meeting"
+++
Check the customer's CRM before the meeting.
`

func TestSearchFindsWordsInsideTextWithoutSpaces(t *testing.T) {
	ix := index(t, sitetest.Build(t, cjkSite))
	for q, want := range map[string][]string{
		"商談":      {"/ja/"}, // the Chinese page has 商谈, simplified
		"テスト":     {"/ja/"},
		"準備する":    {"/ja/"},
		"顧客との商談":  {"/ja/"},
		"進め方":     {"/ja/#当日の進め方"},
		"議事録 crm": {"/ja/"},
		"crm":     {"/en/", "/ja/"},
		"商":       {"/ja/", "/zh/"}, // one character: every page that has it
		"谈":       {"/zh/"},
		"客户":      {"/zh/"},
		"价格太高":    {"/zh/"},
		"회사":      {"/ko/"},
		"미팅":      {"/ko/"},
		"ราคา":    {"/th/"},
		"ลูกค้า":  {"/th/"},
		"東京":      nil,
		"商談する":    nil, // 談す is nowhere
	} {
		if got := hrefs(ix, q, search.Filter{}); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

func TestSearchRanksAPhraseInTheTitleAboveItsBigramsApart(t *testing.T) {
	ix := index(t, sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/_index.md --
+++
title = "Home"
+++
-- content/apart.md --
+++
title = "拠点"
weight = 1
+++
東京と京都の顧客。
-- content/heading.md --
+++
title = "営業"
weight = 2
+++
## 東京都の顧客

本文。
-- content/title.md --
+++
title = "東京都の営業"
weight = 3
+++
本文。
`))
	// The bigrams 東京 and 京都 must both match; the index keeps no
	// positions, so the page that has them apart matches too, below the
	// pages that have the phrase in a title or heading.
	want := []string{"/title/", "/heading/#東京都の顧客", "/apart/"}
	if got := hrefs(ix, "東京都", search.Filter{}); !slices.Equal(got, want) {
		t.Errorf("東京都: %q, want %q", got, want)
	}
	// One character ranks the page where it stands in the title first.
	if got := hrefs(ix, "都", search.Filter{}); !slices.Equal(got, want) {
		t.Errorf("都: %q, want %q", got, want)
	}
}
