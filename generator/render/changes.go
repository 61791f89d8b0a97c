package render

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"slices"
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// changesURL is the URL of the page of recent changes.
const changesURL = "/" + layout.ChangesDir + "/"

// changesJobs renders the page of recent changes and its Atom feed when
// [changes] limit is above 0; the feed only when baseURL has a host, as
// a feed's links and ids must be absolute.
func (r *Renderer) changesJobs(site *content.Site) []job {
	if r.cfg.Changes.Limit <= 0 {
		return nil
	}
	jobs := []job{{Name: outName(changesURL), Dep: DepDates, run: func(buf *bytes.Buffer) error {
		v, err := r.changesView(site)
		if err != nil {
			return err
		}
		return r.tpl.execute(buf, "changes", v)
	}}}
	if r.hasFeed() {
		jobs = append(jobs, job{Name: layout.ChangesFeedFile, Dep: DepDates, run: func(buf *bytes.Buffer) error {
			return r.feed(buf, site)
		}})
	}
	return jobs
}

// hasFeed reports whether the build writes the Atom feed of changes.
func (r *Renderer) hasFeed() bool {
	return r.cfg.Changes.Limit > 0 && r.cfg.Base.Host != ""
}

// feedHref returns the href of the feed of changes from a page whose
// links h writes, "" without a feed.
func (r *Renderer) feedHref(h hrefs) string {
	if !r.hasFeed() {
		return ""
	}
	return h.href("/" + layout.ChangesFeedFile)
}

// updatedBy returns whom the page says its last change is by: the author
// of its file's last commit, unless [gitInfo] showAuthor is off.
func (r *Renderer) updatedBy(p *content.Page) string {
	if p.Git == nil || !r.cfg.GitInfo.ShowAuthor {
		return ""
	}
	return p.Git.AuthorName
}

// recentChanges returns the pages with a date of their last change
// (content.Page.Lastmod), the most recent first (pages changed at the
// same time in navigation order), at most limit of them; and how many
// pages have no such date.
func recentChanges(site *content.Site, limit int) (pages []*content.Page, undated int) {
	for _, p := range site.Pages {
		if p.Lastmod.IsZero() {
			undated++
			continue
		}
		pages = append(pages, p)
	}
	slices.SortStableFunc(pages, func(a, b *content.Page) int { return b.Lastmod.Compare(a.Lastmod) })
	return pages[:min(limit, len(pages))], undated
}

// changesView is the page of recent changes.
type changesView struct {
	frameView
	Crumbs []link
	// Changes are the most recently changed pages, newest first.
	Changes []changeView
	// Undated counts the pages left out for want of a date.
	Undated int
	// Git is set when the dates come from the git history.
	Git bool
}

// changeView is one page on the page of recent changes.
type changeView struct {
	Title string
	Href  string
	// Date is the day of the change as pages show it (2006-01-02);
	// DateTime the moment, for <time datetime>.
	Date     string
	DateTime string
	// Section is the title of the section the page is in, "" for the
	// home page and the pages at the top.
	Section string
	// Subject and Author are those of the page's last commit (Author
	// with [gitInfo] showAuthor), with enableGitInfo.
	Subject string
	Author  string
	Badge   string
}

// changesView returns the view of the page of recent changes.
func (r *Renderer) changesView(site *content.Site) (*changesView, error) {
	frame, err := r.frame(site, nil, "changes", "Recent changes", changesURL)
	if err != nil {
		return nil, err
	}
	h := r.hrefsFor(changesURL)
	frame.Feed = r.feedHref(h)
	v := &changesView{frameView: frame, Git: site.Git != nil}
	v.Crumbs = []link{{Title: site.Home.Page.LinkTitle(), Href: h.href("/")}}
	pages, undated := recentChanges(site, r.cfg.Changes.Limit)
	v.Undated = undated
	for _, p := range pages {
		c := changeView{
			Title:    p.Title,
			Href:     h.href(p.URL),
			Date:     formatDate(p.Lastmod),
			DateTime: p.Lastmod.UTC().Format(time.RFC3339),
			Section:  sectionTitle(site, p),
			Author:   r.updatedBy(p),
			Badge:    p.Badge.String(),
		}
		if p.Git != nil {
			c.Subject = p.Git.Subject
		}
		v.Changes = append(v.Changes, c)
	}
	return v, nil
}

// sectionTitle returns the title of the section p is listed in (for a
// section's page, the section above it), "" at the top of the site.
func sectionTitle(site *content.Site, p *content.Page) string {
	sec := p.Section
	if p.IsSection() && sec != nil {
		sec = sec.Parent
	}
	if sec == nil || sec == site.Home || sec.Page == nil {
		return ""
	}
	return sec.Page.LinkTitle()
}

// The elements of an Atom feed (RFC 4287) that the feed of changes
// writes.
type (
	atomFeed struct {
		XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Lang      string      `xml:"xml:lang,attr,omitempty"`
		Title     string      `xml:"title"`
		Subtitle  string      `xml:"subtitle,omitempty"`
		Links     []atomLink  `xml:"link"`
		ID        string      `xml:"id"`
		Updated   string      `xml:"updated"`
		Author    atomPerson  `xml:"author"`
		Generator string      `xml:"generator"`
		Entries   []atomEntry `xml:"entry"`
	}
	atomLink struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	}
	atomPerson struct {
		Name string `xml:"name"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
	atomEntry struct {
		Title    string         `xml:"title"`
		Link     atomLink       `xml:"link"`
		ID       string         `xml:"id"`
		Updated  string         `xml:"updated"`
		Author   *atomPerson    `xml:"author,omitempty"`
		Category []atomCategory `xml:"category"`
		Summary  string         `xml:"summary,omitempty"`
	}
)

// atomLanguage is the form of an xml:lang value RFC 4287's schema takes.
var atomLanguage = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)

// feed writes the Atom feed of the recent changes: the pages of the page
// of changes, each an entry whose id is the page's permalink and the
// moment of the change, so that every change is a new entry for feed
// readers and the same change keeps its id from build to build. Entries
// are summarised by their commit's subject (with enableGitInfo), else by
// the page's description. The feed's own author is the site; an entry's
// is its commit's author, with [gitInfo] showAuthor.
func (r *Renderer) feed(buf *bytes.Buffer, site *content.Site) error {
	f := atomFeed{
		Title:     r.cfg.Title + ": recent changes",
		Subtitle:  r.cfg.Description,
		ID:        r.permalink(changesURL),
		Author:    atomPerson{Name: r.cfg.Title},
		Generator: r.site.Generator,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.permalink("/" + layout.ChangesFeedFile)},
			{Rel: "alternate", Type: "text/html", Href: r.permalink(changesURL)},
		},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339), // no change known
	}
	if atomLanguage.MatchString(r.cfg.Language) {
		f.Lang = r.cfg.Language
	}
	pages, _ := recentChanges(site, r.cfg.Changes.Limit)
	for i, p := range pages {
		updated := p.Lastmod.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = updated
		}
		e := atomEntry{
			Title:   p.Title,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: r.permalink(p.URL)},
			ID:      r.permalink(p.URL) + "#" + updated,
			Updated: updated,
			Summary: p.Meta.Description,
		}
		if p.Git != nil {
			e.Summary = p.Git.Subject
		}
		if by := r.updatedBy(p); by != "" {
			e.Author = &atomPerson{Name: by}
		}
		if sec := sectionTitle(site, p); sec != "" {
			e.Category = []atomCategory{{Term: sec}}
		}
		f.Entries = append(f.Entries, e)
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}
