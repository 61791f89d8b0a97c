package render

import (
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// siteView is what every page knows about the site.
type siteView struct {
	Title       string
	Description string
	Language    string
	Copyright   string
	Params      config.Params
	Extra       map[string]any
	Audiences   []string
	// BaseURL is the absolute base URL, for canonical links.
	BaseURL string
	// Dev is true in `playbook serve`.
	Dev bool
	// Generator names this program and its version.
	Generator string
	// PageSize is the paper of printouts: "A4" or "Letter".
	PageSize string
	// Progress is the progress service checklists sync with; nil when
	// site.toml has no [progress] url, and then no page loads its script.
	Progress *progressView
	assets   map[string]string
}

// progressView is what pages need of [progress]: the service's base URL
// and how readers sign in ("invitation" or "proxy").
type progressView struct {
	URL  string
	Auth string
}

// link is a titled href.
type link struct {
	Title string
	Href  string
}

// navItem is one entry of the sidebar tree.
type navItem struct {
	Title     string
	Href      string
	Current   bool   // the current page (aria-current="page")
	Active    bool   // the open section or above it (aria-current="true")
	IsSection bool   // has entries under it (shown when Expanded)
	Expanded  bool   // Active, or open on every page
	Audience  string // space-separated, for the role filter
	Children  []navItem
	// Part is a heading without a link over the entries in Children
	// (mdBook's "# Part" in SUMMARY.md).
	Part bool
	// More stands for the entries of a level the sidebar leaves out: its
	// Title says how many ("12 more in References") and Href leads to the
	// level's page, which lists them all.
	More bool
	// Badge is "new" or "updated" for a page made or changed in the
	// last [changes] badgeDays days, else "".
	Badge string
}

// tocEntry is one heading of the on-page table of contents.
type tocEntry struct {
	ID       string
	Text     string
	Children []tocEntry
}

// entryView is a page listed on a section, home or taxonomy page.
type entryView struct {
	Title       string
	Href        string
	Description string
	IsSection   bool
	// Key (the page URL), Tasks and Done let the checklist script show
	// progress per entry; for sections they cover every page below.
	Key      string
	Tasks    int
	Done     int
	Module   int
	Duration string
	Audience string
	// Roles is a section's progress per role as JSON (see sectionRoles).
	Roles    string
	Requires []link
	// Count is the number of pages of a taxonomy term.
	Count int
	// Badge is "new" or "updated" for a page made or changed in the
	// last [changes] badgeDays days, else "".
	Badge string
	// HTML is the entry through partials/entry.html.
	HTML template.HTML
}

// curriculumView describes a curriculum section on its overview page.
type curriculumView struct {
	Modules  int
	Duration string
}

// frameView is what every page shows around its content (base.html): the
// site, the page's own URLs, the sidebar and the table of contents. The
// 404 and search pages are this alone; the other views embed it.
type frameView struct {
	Site *siteView
	// Root prefixes every site-relative URL: the base path ("/" or
	// "/playbook/"), or "../.." style when relativeURLs is on.
	Root string
	// Kind names the layout: home, section, page (or a page's own
	// layout), terms, term, alias, search, 404 or print.
	Kind        string
	Title       string
	Description string
	// Href is this page's own URL as linked; Permalink is absolute.
	Href      string
	Permalink string
	// URL is a Markdown page's site-relative URL, its key in the
	// checklist store ("" on other pages); Key is the page's URL as an id
	// ("a-b", "home").
	URL string
	Key string
	// Nav is the sidebar, rendered by partials/nav.html.
	Nav template.HTML
	TOC []tocEntry
	// Mermaid is set when the page shows a mermaid diagram: base.html and
	// print.html load the mermaid script then, and only then.
	Mermaid bool
	// Feed is the href of the Atom feed of recent changes on the pages
	// that announce it (home, /changes/), else "".
	Feed string

	relative bool
}

// pageView is a page from a Markdown file: home, a section or a regular
// page. It has the fields of frameView written out, not embedded: a
// template looks up a promoted field through reflect's slow path, which
// cost about 200 allocations per page (TestPageViewHasTheFrame keeps the
// two alike).
type pageView struct {
	Site        *siteView
	Root        string
	Kind        string
	Title       string
	Description string
	Href        string
	Permalink   string
	URL         string
	Key         string
	Nav         template.HTML
	TOC         []tocEntry
	Mermaid     bool
	Feed        string
	relative    bool

	Content template.HTML
	// TitleHTML is the title as the page's heading shows it: the leading
	// "# heading" it came from with its emphasis, code and links, or else
	// the title as text.
	TitleHTML  template.HTML
	Crumbs     []link
	Prev       *link
	Next       *link
	Tags       []link
	Categories []link
	Audience   []link
	Date       string
	// Lastmod is when the page last changed (content.Page.Lastmod);
	// UpdatedBy the author of its file's last commit, with
	// enableGitInfo and [gitInfo] showAuthor.
	Lastmod   string
	UpdatedBy string
	// Badge is "new" or "updated" for a page made or changed in the
	// last [changes] badgeDays days, else "".
	Badge    string
	Owner    string
	Reviewed string
	// ReviewDue is set when the page's review date is past reviewAfter.
	ReviewDue bool
	EditURL   string
	Minutes   int
	// Tasks counts checklist items on the page (leaves), Done those
	// ticked by default.
	Tasks    int
	Done     int
	Signoff  bool
	Module   int
	Duration string
	Requires []link
	// ChangesHref links the home page to the page of recent changes; ""
	// elsewhere and with [changes] limit = 0.
	ChangesHref string
	// PrintHref links a home or chapter page to its print page, or a
	// chapter to its part of the whole playbook's print page when
	// [print] sections is off.
	PrintHref string
	// Params are the front matter's [params] and its unknown keys.
	Params map[string]any
	sectionView
}

// sectionView is what home and section pages add: their entries and the
// progress of every page below them.
type sectionView struct {
	// Entries are the pages and sections listed.
	Entries      []entryView
	SectionTasks int
	SectionDone  int
	// SectionRoles is SectionTasks and SectionDone per role as JSON (see
	// sectionRoles).
	SectionRoles string
	Curriculum   *curriculumView
}

// listView is a taxonomy page: the terms of a taxonomy, or the pages of
// one term.
type listView struct {
	frameView
	Crumbs  []link
	Entries []entryView
}

// aliasView is a page that redirects an old URL to its page.
type aliasView struct {
	frameView
	// Redirect is the page's href.
	Redirect string
}

// frame returns the frame of the page.
func (v *pageView) frame() *frameView {
	return &frameView{Site: v.Site, Root: v.Root, Kind: v.Kind, Title: v.Title, Description: v.Description, Href: v.Href,
		Permalink: v.Permalink, URL: v.URL, Key: v.Key, Nav: v.Nav, TOC: v.TOC, Mermaid: v.Mermaid, Feed: v.Feed, relative: v.relative}
}

// Asset returns the href of a fingerprinted theme asset such as "style.css".
func (v *pageView) Asset(name string) (string, error) { return v.frame().Asset(name) }

// RelHref returns the href of a site-relative path such as "tags/".
func (v *pageView) RelHref(p string) string { return v.frame().RelHref(p) }

// Asset returns the href of a fingerprinted theme asset such as "style.css".
func (v *frameView) Asset(name string) (string, error) {
	p, ok := v.Site.assets[name]
	if !ok {
		return "", fmt.Errorf("no theme asset %q", name)
	}
	return v.Root + p, nil
}

// RelHref returns the href of a site-relative path such as "tags/".
func (v *frameView) RelHref(p string) string {
	return hrefs{root: v.Root, relative: v.relative}.href("/" + strings.TrimPrefix(p, "/"))
}

// hrefs turns site URLs into hrefs for one page.
type hrefs struct {
	root     string
	relative bool
}

// href returns the link to a site-relative URL ("/a/b/", "/a/?q=1" or
// "/f.png#x").
func (h hrefs) href(url string) string {
	p, frag, hasFrag := strings.Cut(url, "#")
	p, query, hasQuery := strings.Cut(p, "?")
	p = strings.TrimPrefix(p, "/")
	if h.relative && (p == "" || strings.HasSuffix(p, "/")) {
		p += "index.html"
	}
	out := h.root + p
	if hasQuery {
		out += "?" + query
	}
	if hasFrag {
		out += "#" + frag
	}
	return out
}

// rootFor returns the Root of a page served at site URL url: a folder's
// ("/a/b/") or a file's ("/a/page.html", whose links start from /a/).
func rootFor(basePath string, relative bool, url string) string {
	if !relative {
		return basePath
	}
	dir := url[:strings.LastIndex(url, "/")+1]
	if dir = strings.Trim(dir, "/"); dir == "" {
		return "./"
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1)
}

// pageLinker resolves body links for an ordinary page.
type pageLinker struct {
	h hrefs
	p *content.Page
}

func (l pageLinker) Href(i int, n *markdown.LocalLink) string {
	t := target(l.p, i)
	switch {
	case t.URL == "":
		return n.Dest
	case n.Path == "" && l.p.IsTitleAnchor(n.Fragment):
		return "#" // the page's title, which has no id of its own: its top
	}
	return l.h.href(linkURL(t, n))
}

// linkURL is the site URL a resolved link leads to: the target's URL with
// the query written in the link and, on a page, the link's fragment (a
// file's is in its URL).
func linkURL(t content.LinkTarget, n *markdown.LocalLink) string {
	u, frag, hasFrag := strings.Cut(t.URL, "#")
	if t.Exact {
		return t.URL
	}
	if n.Query != "" {
		u += "?" + n.Query
	}
	if t.Key != "" && n.Fragment != "" {
		frag, hasFrag = n.Fragment, true
	}
	if hasFrag {
		u += "#" + frag
	}
	return u
}

// target returns where p's i-th local link points in this build.
func target(p *content.Page, i int) content.LinkTarget {
	if i < len(p.Links) {
		return p.Links[i]
	}
	return content.LinkTarget{}
}

func (pageLinker) IDPrefix() string { return "" }

// toc nests h2 and h3 headings.
func toc(hs []markdown.Heading) []tocEntry {
	var out []tocEntry
	for _, h := range hs {
		switch {
		case h.Level == 2:
			out = append(out, tocEntry{ID: h.ID, Text: h.Text})
		case h.Level == 3 && len(out) > 0:
			last := &out[len(out)-1]
			last.Children = append(last.Children, tocEntry{ID: h.ID, Text: h.Text})
		case h.Level == 3:
			out = append(out, tocEntry{ID: h.ID, Text: h.Text})
		}
	}
	return out
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// formatDuration prints a duration as "1 h 30 min".
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	h := int(d.Hours())
	m := int(d.Minutes()) % 60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// progress counts a page's checklist items: leaves, and leaves ticked by
// default.
type progress struct {
	Tasks int
	Done  int
}

func (a progress) add(b progress) progress { return progress{a.Tasks + b.Tasks, a.Done + b.Done} }

func pageProgress(p *content.Page) progress {
	if p.Doc == nil {
		return progress{}
	}
	total, done := p.Doc.TaskCounts()
	return progress{total, done}
}

// sectionProgress adds up the progress of a section's pages, recursively.
func sectionProgress(sec *content.Section) progress {
	pr := pageProgress(sec.Page)
	for _, p := range sec.Pages {
		pr = pr.add(pageProgress(p))
	}
	for _, sub := range sec.Sections {
		pr = pr.add(sectionProgress(sub))
	}
	return pr
}

// walkSection calls fn with a section's own page and every page below it.
func walkSection(sec *content.Section, fn func(*content.Page)) {
	fn(sec.Page)
	for _, p := range sec.Pages {
		fn(p)
	}
	for _, sub := range sec.Sections {
		walkSection(sub, fn)
	}
}

// forRole reports whether a page is for role: it names role in its
// audience, or names no audience (everyone).
func forRole(p *content.Page, role string) bool {
	return len(p.Meta.Audience) == 0 || slices.Contains(p.Meta.Audience, role)
}

// roleProgress is a section's progress as one role sees it: the pages for
// the role only. Skip lists the pages with checklists that are not, so
// the reader's ticks on them stay out of the total too.
type roleProgress struct {
	Tasks int      `json:"t"`
	Done  int      `json:"d"`
	Skip  []string `json:"skip,omitempty"`
}

// sectionRoles returns, as JSON, the progress of a section per role of
// roles, or "" when no page with a checklist is kept from any role (the
// totals are then the same for everyone).
func sectionRoles(sec *content.Section, roles []string) string {
	out := make(map[string]roleProgress, len(roles))
	differs := false
	for _, role := range roles {
		var rp roleProgress
		walkSection(sec, func(p *content.Page) {
			pr := pageProgress(p)
			switch {
			case pr.Tasks == 0:
			case forRole(p, role):
				rp.Tasks += pr.Tasks
				rp.Done += pr.Done
			default:
				rp.Skip = append(rp.Skip, p.URL)
				differs = true
			}
		})
		out[role] = rp
	}
	if !differs {
		return ""
	}
	b, _ := json.Marshal(out) // ints and strings: cannot fail
	return string(b)
}
