// Package content holds the site model (sections, pages, files) and loads it
// from a site folder: it walks content/, splits and decodes front matter and
// parses each page's Markdown once.
package content

import (
	"fmt"
	"path"
	"time"

	"playbook/generator/config"
	"playbook/generator/diag"
	"playbook/generator/markdown"
)

// Site is everything a build knows about the content.
type Site struct {
	Config *config.Config
	// Home is the root section; its Page is the home page.
	Home *Section
	// Pages lists every regular page and section page, in load order until
	// the ordering pass sorts them into navigation order.
	Pages []*Page
	// Files are non-Markdown files under content/ (images, attachments),
	// published at the same relative path.
	Files []*File
	// ByPath finds a page or file by its slash path relative to content/.
	ByPath map[string]*Page
	// FileByPath finds a content file by its slash path relative to content/.
	FileByPath map[string]*File
	// Now is the build's notion of today, for review reminders.
	Now time.Time
}

// Kind tells regular pages from section pages.
type Kind int

// The page kinds.
const (
	KindPage Kind = iota
	KindSection
)

// Page is one Markdown file (or a synthesized section page).
type Page struct {
	Kind Kind
	// File is the repo-relative path used in diagnostics, e.g.
	// "content/selling/discovery.md". Empty for synthesized pages.
	File string
	// Rel is File relative to content/, with slashes.
	Rel string
	// URL is the site-relative URL path, starting and ending with "/".
	URL string
	// Key identifies the page in ids: URL without slashes, "home" for "/".
	Key string

	Meta  FrontMatter
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

	// Section is the section the page belongs to; for a section page, the
	// section it is the page of.
	Section *Section
	// Prev and Next are the neighbours in reading order.
	Prev, Next *Page
	// Module is the 1-based module number in a curriculum, else 0.
	Module int
	// Duration is the parsed Meta.Duration.
	Duration time.Duration
	// Requires are the resolved prerequisites of a curriculum module.
	Requires []*Page
	// ReviewDue is set when the page's review date is past reviewAfter.
	ReviewDue bool
	// LoadDiags are the diagnostics of loading this file, kept so that a
	// page reused by a later build reports them again.
	LoadDiags diag.List
}

// Reset returns a copy of p as the loader left it, without what the
// transforms and the section tree added, for reuse by a later build.
func (p *Page) Reset() *Page {
	q := &Page{File: p.File, Rel: p.Rel, URL: p.URL, Key: p.Key, Meta: p.Meta, Title: p.Title, Lines: p.Lines,
		BodyOffset: p.BodyOffset, Doc: p.Doc, LinkPos: p.LinkPos, Hash: p.Hash, Duration: p.Duration, LoadDiags: p.LoadDiags}
	if path.Base(p.Rel) == "_index.md" {
		q.Kind = KindSection
	}
	return q
}

// Summary returns what other pages' output may show of p: front matter and
// checklist counts. When an edit keeps it, only p's own output (and files
// built from every body) need rendering again.
func (p *Page) Summary() string {
	var tasks, done int
	if p.Doc != nil {
		tasks, done = p.Doc.TaskCounts()
	}
	m := p.Meta
	b := func(x *bool) string {
		if x == nil {
			return "-"
		}
		return fmt.Sprint(*x)
	}
	return fmt.Sprintf("%q|%q|%q|%d|%v|%v|%v|%q|%q|%q|%q|%q|%q|%q|%q|%q|%v|%v|%s|%s|%v|%d|%d",
		p.Title, m.Title, m.Description, m.Weight, m.Date, m.Lastmod, m.Draft, m.Slug, m.Tags, m.Audience,
		m.Aliases, m.Layout, m.Type, m.Duration, m.Requires, m.Owner, m.Reviewed, m.Signoff,
		b(m.Print), b(m.Search), m.Params, tasks, done)
}

// Pos returns the file position of a byte offset in the body, while the
// page is being loaded (the body's text is not kept after that).
func (p *Page) Pos(bodyOffset int) diag.Pos {
	if p.Lines == nil {
		return diag.Pos{File: p.File}
	}
	return p.Lines.Pos(p.BodyOffset + bodyOffset)
}

// LinkAt returns the position of Doc.Links[i].
func (p *Page) LinkAt(i int) diag.Pos {
	if i < len(p.LinkPos) {
		return p.LinkPos[i]
	}
	return diag.Pos{File: p.File}
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

// Curriculum reports whether the section is an ordered learning path.
func (s *Section) Curriculum() bool { return s.Page.Meta.Type == "curriculum" }

// Ancestors returns the sections from the home section down to s's parent.
func (s *Section) Ancestors() []*Section {
	var out []*Section
	for a := s.Parent; a != nil; a = a.Parent {
		out = append([]*Section{a}, out...)
	}
	return out
}

// File is a non-Markdown file under content/.
type File struct {
	// Rel is the slash path relative to content/.
	Rel string
	// Path is the path within the site folder.
	Path string
	Size int64
	// ModTime is the modification time in Unix nanoseconds.
	ModTime int64
}
