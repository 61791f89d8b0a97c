package transform

import (
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// dates sets what each page knows of its dates: the history of its file
// (with enableGitInfo), when it last changed and when it was made, and
// its badge.
func dates(site *content.Site) diag.List {
	days := site.Config.Changes.BadgeDays
	for _, p := range site.Pages {
		p.Git = nil
		if site.Git != nil && p.File != "" {
			p.Git = site.Git[p.Rel]
		}
		p.Lastmod, p.Created = lastmod(p), created(p)
		p.Badge = badge(p, site.Now, days)
	}
	return nil
}

// lastmod returns when p last changed, in Hugo's default order for
// .Lastmod (:git, lastmod, date, publishDate): the author date of its
// file's last commit, else the first date its front matter gives.
func lastmod(p *content.Page) time.Time {
	if p.Git != nil {
		return p.Git.AuthorDate
	}
	return first(p.Meta.Lastmod.Time, p.Meta.Date.Time, p.Meta.PublishDate.Time)
}

// created returns when p was made: the date its front matter gives (date,
// else publishDate, as Hugo's .Date), else the author date of the commit
// that added its file. The front matter comes first: it says when the
// page was written, which a history that begins with an import of older
// pages does not.
func created(p *content.Page) time.Time {
	t := first(p.Meta.Date.Time, p.Meta.PublishDate.Time)
	if t.IsZero() && p.Git != nil {
		t = p.Git.Created
	}
	return t
}

// first returns the first of ts that is not zero.
func first(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// badge returns BadgeNew for a page made in the last days days (the day
// of the change and today counted, as calendar dates), else BadgeUpdated
// for one changed then, else BadgeNone; always BadgeNone when days is 0.
// Calendar dates, not hours, so that two builds of one day agree.
func badge(p *content.Page, now time.Time, days int) content.Badge {
	recent := func(t time.Time) bool { return !t.IsZero() && daysBefore(t, now) < days }
	switch {
	case days <= 0:
		return content.BadgeNone
	case recent(p.Created):
		return content.BadgeNew
	case recent(p.Lastmod):
		return content.BadgeUpdated
	}
	return content.BadgeNone
}

// daysBefore returns how many calendar days t's date (in its own time
// zone, as the page shows it) is before now's: 0 on the same day,
// negative for a date after today.
func daysBefore(t, now time.Time) int {
	return int(dayOf(now).Sub(dayOf(t)).Hours() / 24)
}

// dayOf returns the date of t, as written in its own time zone, at
// midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
