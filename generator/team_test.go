package generator_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// progressSite is a small curriculum site with a progress service.
const progressSite = `
-- site.toml --
title = "T"
[progress]
url = "https://progress.example.com/"
-- content/path/_index.md --
+++
title = "Path"
type = "curriculum"
+++
-- content/path/01-first.md --
+++
title = "First"
duration = "2h"
+++
- [ ] a
`

// A site with a progress service publishes the team page and the page of
// one person, each loading the team script and stylesheet and knowing
// where the site's manifest is; the other pages do not load them.
func TestProgressSitePublishesTeamPages(t *testing.T) {
	s := sitetest.Build(t, progressSite)
	asset := regexp.MustCompile(`assets/team\.[0-9a-f]+\.(js|css)`)
	for _, c := range []struct{ file, view, title string }{
		{"team/index.html", "team", "Team progress"},
		{"team/person/index.html", "person", "Progress of one person"},
	} {
		s.AssertFileContains(c.file,
			`<title>`+c.title+` · T</title>`,
			`id="team" data-view="`+c.view+`" data-manifest="/checklists.json" data-team="/team/" data-person="/team/person/"`,
			`<h1 id="team-title">`+c.title+`</h1>`,
			`id="team-status" class="team-status" role="status"`)
		if got := asset.FindAllString(s.File(c.file), -1); len(got) != 2 {
			t.Errorf("%s loads %q, want team.js and team.css", c.file, got)
		}
		for _, name := range asset.FindAllString(s.File(c.file), -1) {
			if s.File(name) == "" {
				t.Errorf("%s loads %s, which the build did not write", c.file, name)
			}
		}
	}
	if got := asset.FindAllString(s.File("path/01-first/index.html"), -1); len(got) != 0 {
		t.Errorf("a content page loads %q", got)
	}
}

// With relativeURLs the team page finds the manifest and the person page
// from where it is.
func TestTeamPagesLinkRelatively(t *testing.T) {
	s := sitetest.Build(t, strings.Replace(progressSite, `title = "T"`, "title = \"T\"\nrelativeURLs = true", 1))
	s.AssertFileContains("team/person/index.html", `data-manifest="../../checklists.json" data-team="../../team/index.html" data-person="../../team/person/index.html"`)
}

// Without [progress] there are no team pages and no team assets, and a
// page of the site may be at /team/.
func TestSiteWithoutProgressHasNoTeamPages(t *testing.T) {
	s := sitetest.Build(t, strings.Replace(progressSite, "[progress]\nurl = \"https://progress.example.com/\"\n", "", 1)+`
-- content/team.md --
# Our team
`)
	s.AssertFileContains("team/index.html", "Our team")
	s.AssertFileLacks("team/index.html", `id="team"`)
	s.AssertNoFile("team/person/index.html")
	for _, name := range s.Out.Names() {
		if strings.HasPrefix(name, "assets/team.") {
			t.Errorf("the build writes %s without [progress]", name)
		}
	}
}

// With [progress], /team/ and checklists.json are the build's: pages,
// folders, aliases and files there are errors naming them, and links to
// the team page resolve.
func TestProgressReservesTheTeamPages(t *testing.T) {
	s, _ := sitetest.BuildErr(t, progressSite+`
-- content/team/_index.md --
# Team
-- content/team/anna.md --
# Anna
-- content/checklists.json --
{}
`)
	s.AssertDiag("content/team/_index.md:1:1: folder content/team/ has the URL /team/, where the build writes the team progress pages; rename the folder")
	s.AssertDiag("content/checklists.json: file URL /checklists.json is where the build writes the checklist manifest; move the file")
	if d := s.Diags(); len(d) != 2 {
		t.Errorf("%d diagnostics, want 2:\n%s", len(d), strings.Join(d, "\n"))
	}

	s, _ = sitetest.BuildErr(t, progressSite+`
-- content/people.md --
+++
slug = "team"
aliases = ["/team/person/"]
+++
`)
	s.AssertDiag(`content/people.md:2:1: slug "team" gives the URL /team/, where the build writes the team progress pages; choose another slug`)
	s.AssertDiag(`content/people.md:3:1: alias "/team/person/" is where the build writes the team progress pages`)
	if d := s.Diags(); len(d) != 2 {
		t.Errorf("%d diagnostics, want 2:\n%s", len(d), strings.Join(d, "\n"))
	}

	s = sitetest.Build(t, progressSite+`
-- content/welcome.md --
See [your team's progress](/team/) and [one person](/team/person/).
`)
	s.AssertFileContains("welcome/index.html", `href="/team/"`, `href="/team/person/"`)
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("links to the team pages: %q", d)
	}
}

// A site's own layouts/team.html replaces the theme's.
func TestSiteLayoutReplacesTheTeamPage(t *testing.T) {
	s := sitetest.Build(t, progressSite+`
-- layouts/team.html --
{{template "base.html" .}}
{{define "main"}}<p>Our team view{{if .Person}} of one{{end}}</p>{{end}}
`)
	s.AssertFileContains("team/index.html", "<p>Our team view</p>")
	s.AssertFileContains("team/person/index.html", "<p>Our team view of one</p>")
}
