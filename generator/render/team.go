package render

import (
	"bytes"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// The team progress pages of a site with a progress service: the table
// of everyone the reader may see, and one person's items.
const (
	teamURL   = "/" + layout.TeamDir + "/"
	personURL = teamURL + "person/"
)

// teamAssets are the theme assets only the team pages load, published only
// by a site with a progress service.
var teamAssets = map[string]bool{"team.js": true, "team.css": true}

// teamView is a team page. The page holds no progress of its own: team.js
// reads the site's checklist manifest and asks the progress service.
type teamView struct {
	frameView
	// Person is set on the page of one person (/team/person/?email=…).
	Person bool
}

// teamJobs writes /team/ and /team/person/ when the site has a progress
// service and its theme a team layout. The loader refuses content at
// /team/ then (layout.Reserved); a site changes the pages with its own
// layouts/team.html.
func (r *Renderer) teamJobs(site *content.Site) []job {
	if !r.cfg.Progress.Enabled() || !r.tpl.has("team") {
		return nil
	}
	page := func(url, title string, person bool) job {
		return job{Name: outName(url), Dep: DepSite, run: func(buf *bytes.Buffer) error {
			f, err := r.frame(site, nil, "team", title, url)
			if err != nil {
				return err
			}
			v := teamView{frameView: f, Person: person}
			return r.tpl.execute(buf, "team", &v)
		}}
	}
	return []job{page(teamURL, "Team progress", false), page(personURL, "Progress of one person", true)}
}
