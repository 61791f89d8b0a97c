package search_test

import (
	"context"
	"sync"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/search"
)

var (
	exampleOnce  sync.Once
	exampleIndex *search.Index
	exampleErr   error
)

// example indexes the example playbook at the repository root.
func example(t *testing.T) *search.Index {
	t.Helper()
	exampleOnce.Do(func() {
		res, err := generator.Build(context.Background(), generator.Options{Source: "../..", Target: publish.NewMemory()})
		if err != nil {
			exampleErr = err
			return
		}
		exampleIndex, exampleErr = search.NewPlan(res.Site, res.Config.Audiences).Build(context.Background())
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return exampleIndex
}

// rankCases are queries a manager or seller types in the middle of a deal,
// with the result that must come first. Ranking changes that move one of
// these are regressions.
var rankCases = []struct {
	query string
	want  string
	f     search.Filter
}{
	{query: "pricing objection", want: "/selling/handling-objections/"},
	{query: "coaching one-on-ones", want: "/leading/coaching-one-on-ones/"},
	{query: "weekly forecast call", want: "/selling/honest-forecasting/#the-weekly-forecast-call"},
	{query: "discovery questions", want: "/selling/buyer-centric-discovery/#questions-that-open-the-problem"},
	{query: "mutual action plan", want: "/selling/mutual-action-plans/"},
	{query: "deal review", want: "/selling/deal-review/"},
	{query: "shadow", want: "/onboarding/05-shadowing/"},
	{query: "ramp milestones", want: "/onboarding/11-ramp-milestones/"},
	{query: "too expensive", want: "/selling/handling-objections/#its-too-expensive"},
	{query: "calendar audit", want: "/templates/calendar-audit/"},
	{query: "calendar audit", want: "/leading/freeing-the-calendar/#the-calendar-audit", f: search.Filter{Section: "/leading/"}},
	{query: "veterans", want: "/leading/coaching-veterans/"},
	{query: "disengagement", want: "/leading/engagement-and-retention/#early-signs-of-disengagement"},
	{query: "CRM shared memory", want: "/selling/technology-and-relationships/#the-crm-as-shared-memory"},
	{query: "AI tools", want: "/selling/technology-and-relationships/#using-ai-tools-responsibly"},
	{query: "coach your champion", want: "/selling/seller-as-leader/#coach-your-champion"},
	{query: "observ", want: "/leading/call-observation/"},
	{query: "stay conversation", want: "/leading/engagement-and-retention/#the-stay-conversation", f: search.Filter{Section: "/leading/"}},
	{query: "Fórecasting HONESTLY", want: "/onboarding/09-objections-and-forecasting/"},
	{query: "how buyers decide", want: "/onboarding/02-how-buyers-decide/"},
	{query: "leading versus managing", want: "/leading/leading-vs-managing/"},
	{query: "super-seller", want: "/leading/leading-vs-managing/#the-trap-of-the-super-seller-manager"},
	{query: "practicing objections", want: "/selling/handling-objections/#practicing-objections"},
	{query: "problem log", want: "/onboarding/01-buyers-first/#exercise-the-problem-log"},
	{query: "curiosity before advice", want: "/leading/modeling-leadership/#curiosity-before-advice"},
	// Checklist items.
	{query: "thanked anyone who downgraded", want: "/leading/weekly-leadership-checklist/"},
	{query: "listened fully in every call", want: "/selling/technology-and-relationships/"},
	// Filters.
	{query: "checklist", want: "/selling/deal-review/"},
	{query: "checklist", want: "/leading/weekly-leadership-checklist/", f: search.Filter{Section: "/leading/"}},
	{query: "first calls", want: "/onboarding/07-first-calls/", f: search.Filter{Audience: "new-hire"}},
}

func TestRankingOnTheExamplePlaybook(t *testing.T) {
	ix := example(t)
	for _, c := range rankCases {
		hits := ix.Search(c.query, c.f)
		if len(hits) == 0 {
			t.Errorf("%q %+v: no results, want %s", c.query, c.f, c.want)
			continue
		}
		if got := ix.Href(hits[0]); got != c.want {
			var top []string
			for i := 0; i < len(hits) && i < 3; i++ {
				top = append(top, ix.Href(hits[i]))
			}
			t.Errorf("%q %+v: first result %s, want %s (top: %q)", c.query, c.f, got, c.want, top)
		}
	}
}
