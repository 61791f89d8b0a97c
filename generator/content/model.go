// Package content holds the site model (sections, pages, files) and loads it
// from a site folder: it walks the content folder, splits and decodes front
// matter and parses each page's Markdown once. What a file gave (a Source)
// is kept apart from what a build derives (a Page), so a later build reuses
// unchanged Sources as they are.
package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/gitinfo"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// Site is everything a build knows about the content.
type Site struct {
	Config *config.Config
	// Home is the root section; its Page is the home page.
	Home *Section
	// Pages lists every regular page and section page, in load order until
	// the ordering pass sorts them into navigation order.
	Pages []*Page
	// Files are the non-Markdown files under content/ (images,
	// attachments) this build publishes, each at its URL: beside the page
	// of its folder.
	Files []*File
	// Unpublished are the content files left out with the pages of their
	// folder (the files of a draft bundle), kept for the next build.
	Unpublished []*File
	// ByPath finds a page by its slash path relative to content/.
	ByPath map[string]*Page
	// FileByPath finds a published content file by its slash path
	// relative to content/.
	FileByPath map[string]*File
	// FileByURL finds a published content file by its URL.
	FileByURL map[string]*File
	// Static holds the files of the static folders (the site's, its
	// theme's and the built-in theme's) by slash path, which is their URL
	// without the leading "/". The builder fills it before the transforms.
	Static map[string]bool
	// Omitted holds the Markdown files (paths relative to content/) that
	// are no page of this build, each with why (FrontMatter.Unpublished's
	// words, or "a file that failed to load").
	Omitted map[string]string
	// NavFiles are other tools' navigation files in the content folder.
	NavFiles NavFiles
	// Nav is the root of the navigation (set by the ordering pass): its
	// Page is the home page, its Children the sidebar's top level.
	Nav *NavNode
	// Now is the build's notion of today, for review reminders.
	Now time.Time
	// Git is the history of the content folder's files, with
	// enableGitInfo and a history to read; nil otherwise. The builder
	// sets it before the transforms.
	Git gitinfo.History
	// Taxonomies are the tags, the categories and the audiences with
	// their terms (set by the terms pass).
	Taxonomies []*Taxonomy
}

// Kind tells regular pages from section pages.
type Kind int

// The page kinds.
const (
	KindPage Kind = iota
	KindSection
)

// Source is what the loader read from one Markdown file: its path, front
// matter and parsed body. It does not change after loading, so a later
// build whose file has the same bytes reuses it as it is, and a build's
// passes never write to it (they write to the Page that holds it).
type Source struct {
	// File is the repo-relative path used in diagnostics, e.g.
	// "content/selling/discovery.md". Empty for synthesized pages.
	File string
	// Rel is the path relative to the content folder, with slashes.
	Rel string

	Meta FrontMatter
	// Title is the front matter's title, else the body's first heading,
	// else one made from the file name.
	Title string

	// Lines maps byte offsets of the front matter to positions (the body
	// is not kept after loading; see LinkPos).
	Lines *diag.Lines
	// BodyOffset is where the Markdown body starts in the file.
	BodyOffset int
	// Doc is the parsed body.
	Doc *markdown.Doc
	// LinkPos holds the position of each of Doc.Links in the file.
	LinkPos []diag.Pos
	// Hash identifies the file's bytes.
	Hash uint64
	// ListingKey identifies what other pages' output shows of this page:
	// a hash of its front matter as written, its title, its checklist
	// counts and whether it has a mermaid diagram (the site publishes the
	// mermaid script when a page has one). When an edit keeps it, only the
	// page's own output and the files built from every body (print pages,
	// search) change.
	ListingKey string
	// Duration is the parsed Meta.Duration.
	Duration time.Duration
	// LoadDiags are the diagnostics of loading this file, kept so that a
	// build reusing the source reports them again.
	LoadDiags diag.List
	// Failed is set when the file could not be loaded: the page has no
	// front matter and no body and stands only as a link target, and
	// LoadDiags hold the errors that fail the build.
	Failed bool
}

// Page is a page of one build: a Source and what the build derives from
// it and the other pages. A build makes new Pages; only Sources are kept
// from build to build.
type Page struct {
	*Source
	Kind Kind
	// URL is the site-relative URL path, starting and ending with "/".
	URL string
	// Key identifies the page in ids: URL without slashes, "home" for "/".
	Key string

	// Section is the section the page belongs to; for a section page, the
	// section it is the page of.
	Section *Section
	// Prev and Next are the neighbours in reading order.
	Prev, Next *Page
	// Module is the 1-based module number in a curriculum, else 0.
	Module int
	// Requires are the resolved prerequisites of a curriculum module.
	Requires []*Page
	// Links are where Doc.Links point, by index (set by the link pass).
	Links []LinkTarget
	// LinkDiags are the diagnostics of resolving Links (set by the link
	// pass), kept so that a build that reuses the links reports them again.
	LinkDiags diag.List
	// Nav is the page's entry in the navigation (set by the ordering
	// pass); nil for a page the navigation does not list.
	Nav *NavNode
	// ReviewDue is set when the page's review date is past reviewAfter.
	ReviewDue bool
	// Draft is set on a page built only because of --drafts: a draft, or
	// dated before its publishDate or from its expiryDate on.
	Draft bool

	// Git is the history of the page's file (Site.Git); nil without one.
	Git *gitinfo.Info
	// Lastmod is when the page last changed, in Hugo's default order:
	// its file's last commit, else front matter lastmod, date or
	// publishDate; zero when nothing says. Created is when it was made:
	// front matter date or publishDate, else the commit that added its
	// file. Both are set by the dates pass.
	Lastmod, Created time.Time
	// Badge marks a page made or changed in the last [changes]
	// badgeDays days.
	Badge Badge
}

// Badge is the mark of a recently made or changed page.
type Badge int

// The badges: none, made recently, changed recently.
const (
	BadgeNone Badge = iota
	BadgeNew
	BadgeUpdated
)

// String returns the badge's word: "", "new" or "updated".
func (b Badge) String() string {
	switch b {
	case BadgeNew:
		return "new"
	case BadgeUpdated:
		return "updated"
	}
	return ""
}

// DatesKey identifies what the page shows of its dates and its history:
// the build cache keys the files that show them with it.
func (p *Page) DatesKey() string {
	key := fmt.Sprintf("%d|%d|%d", p.Lastmod.UnixNano(), p.Created.UnixNano(), p.Badge)
	if g := p.Git; g != nil {
		key += fmt.Sprintf("|%s|%q|%q|%q", g.Hash, g.AuthorName, g.AuthorEmail, g.Subject)
	}
	return key
}

// LinkTarget is where a local link points in one build.
type LinkTarget struct {
	// URL is the site-relative URL of the page or file ("/a/b/",
	// "/img/x.png"), percent-encoded where a file's name needs it
	// ("/img/Q&A%20%231.png"); empty when the link did not resolve.
	URL string
	// Key is the target page's key, empty for a file.
	Key string
	// Exact is set when the link's whole destination names the page or
	// file, '?' and '#' included ("Q&A #1 what?.md"): the link has no
	// query or fragment then.
	Exact bool
}

// NewPage returns a page of a build for src, a section page when src is
// a folder's _index.md.
func NewPage(src *Source) *Page {
	p := &Page{Source: src}
	if path.Base(src.Rel) == "_index.md" {
		p.Kind = KindSection
	}
	return p
}

// listingKey hashes what other pages show of a page (see
// Source.ListingKey); frontMatter is the file's front matter block as
// written.
func listingKey(frontMatter []byte, title string, doc *markdown.Doc) string {
	var tasks, done int
	mermaid := false
	if doc != nil {
		tasks, done = doc.TaskCounts()
		mermaid = doc.Mermaid
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%t|%d|%s|", tasks, done, mermaid, len(title), title)
	h.Write(frontMatter)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Pos returns the file position of a byte offset in the body, while the
// page is being loaded (the body's text is not kept after that).
func (p *Source) Pos(bodyOffset int) diag.Pos {
	if p.Lines == nil {
		return diag.Pos{File: p.File}
	}
	return p.Lines.Pos(p.BodyOffset + bodyOffset)
}

// LinkAt returns the position of Doc.Links[i].
func (p *Source) LinkAt(i int) diag.Pos {
	if i < len(p.LinkPos) {
		return p.LinkPos[i]
	}
	return diag.Pos{File: p.File}
}

// LinkTitle returns the title for navigation: the front matter's
// linkTitle, else the title.
func (p *Source) LinkTitle() string {
	if p.Meta.LinkTitle != "" {
		return p.Meta.LinkTitle
	}
	return p.Title
}

// IsTitleAnchor reports whether id is the anchor GitHub gives the page's
// title: the id of the body's leading "# " heading or, without one, the
// slug of the title; an id of a heading, task or HTML anchor of the body
// is not.
func (p *Source) IsTitleAnchor(id string) bool {
	if p.Doc == nil || id == "" || p.Doc.HasAnchor(id) {
		return false
	}
	if p.Doc.TitleID != "" {
		return id == p.Doc.TitleID
	}
	return id == markdown.Slug(p.Title)
}

// IsSection reports whether p is a section's own page.
func (p *Page) IsSection() bool { return p.Kind == KindSection }

// Section is a folder of content/.
type Section struct {
	// Dir is the folder relative to content/ ("" for the home section).
	Dir string
	// Page is the section's own page, from _index.md or synthesized.
	Page     *Page
	Parent   *Section
	Sections []*Section
	Pages    []*Page
	// Entries lists the section's pages and the pages of its subsections
	// merged in navigation order (set by the ordering pass).
	Entries []*Page
}

// NavNode is one entry of the navigation (the sidebar): a page with the
// entries under it.
type NavNode struct {
	// Page is the page the entry links to.
	Page *Page
	// Label is the entry's text.
	Label    string
	Parent   *NavNode
	Children []*NavNode
	// Open shows the entries under this one in the sidebar of every page,
	// not only of the pages inside it (Docusaurus' collapsed: false).
	Open bool
}

// Curriculum reports whether the section is an ordered learning path.
func (s *Section) Curriculum() bool { return s.Page.Meta.Type == "curriculum" }

// File is a non-Markdown file under content/.
type File struct {
	// Rel is the slash path relative to content/.
	Rel string
	// URL is the site URL the file is published at, unescaped
	// ("/deals/quarterly/Q&A chart.png"): the URL of its folder's page
	// and its own name as it is. Set when the site is assembled.
	URL string
	// Path is the path within the site folder.
	Path string
	Size int64
	// ModTime is the modification time in Unix nanoseconds.
	ModTime int64
	// scripts is what checkRawFiles found in the file, nil until it ran:
	// an incremental build carries an unchanged File over, and with it
	// the check's result.
	scripts *diag.List
}
