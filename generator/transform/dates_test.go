package transform

import (
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/gitinfo"
)

func TestDatesFollowHugosOrderAndBadgesCountCalendarDays(t *testing.T) {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	date := func(s string) content.Date { return content.Date{Time: at(s)} }
	now := at("2026-11-27T08:00:00Z")
	// The 21st in UTC, the 20th where its author was: a day too old.
	git := &gitinfo.Info{AuthorDate: at("2026-11-20T23:30:00-05:00"), Created: at("2026-11-01T10:00:00Z")}
	recent := &gitinfo.Info{AuthorDate: at("2026-11-25T10:00:00Z"), Created: at("2026-11-01T10:00:00Z")}
	for _, tt := range []struct {
		name             string
		meta             content.FrontMatter
		git              *gitinfo.Info
		lastmod, created string
		badge            content.Badge
	}{
		{"nothing", content.FrontMatter{}, nil, "", "", content.BadgeNone},
		{"git wins for lastmod, front matter date for created", content.FrontMatter{Lastmod: date("2026-11-26T00:00:00Z"), Date: date("2026-10-01T00:00:00Z")}, git, "2026-11-20", "2026-10-01", content.BadgeNone},
		{"git's first commit without a date", content.FrontMatter{}, recent, "2026-11-25", "2026-11-01", content.BadgeUpdated},
		{"lastmod, then date, then publishDate", content.FrontMatter{PublishDate: date("2026-11-21T00:00:00Z")}, nil, "2026-11-21", "2026-11-21", content.BadgeNew},
		{"made on the last day of the badge", content.FrontMatter{Date: date("2026-11-21T12:00:00Z")}, nil, "2026-11-21", "2026-11-21", content.BadgeNew},
		{"a day too old", content.FrontMatter{Date: date("2026-11-20T00:00:00Z")}, nil, "2026-11-20", "2026-11-20", content.BadgeNone},
		{"a date to come", content.FrontMatter{Date: date("2026-12-24T00:00:00Z")}, nil, "2026-12-24", "2026-12-24", content.BadgeNew},
	} {
		p := &content.Page{Source: &content.Source{File: "content/a.md", Rel: "a.md", Meta: tt.meta}}
		var hist gitinfo.History
		if tt.git != nil {
			hist = gitinfo.History{"a.md": tt.git}
		}
		dates(&content.Site{Config: cfgWithBadgeDays(7), Pages: []*content.Page{p}, Now: now, Git: hist})
		day := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		}
		if day(p.Lastmod) != tt.lastmod || day(p.Created) != tt.created || p.Badge != tt.badge || p.Git != tt.git {
			t.Errorf("%s: lastmod %s, created %s, badge %q, git %v; want %s, %s, %q", tt.name, day(p.Lastmod), day(p.Created), p.Badge, p.Git, tt.lastmod, tt.created, tt.badge)
		}
	}
}

func cfgWithBadgeDays(n int) *config.Config {
	cfg := config.Default()
	cfg.Changes.BadgeDays = n
	return &cfg
}
