package transform

import (
	"cmp"
	"sort"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// order sorts every section's pages and subsections by weight (pages
// without a weight last), then title, then path, and lists site.Pages in
// reading order: a section's page, then its entries depth first. A
// folder's Docusaurus _category_ file gives its position (a weight) and
// its label, which sorts and shows in place of its title. An mdBook
// SUMMARY.md gives the navigation and the reading order instead, and
// sorts the pages it lists first in every section.
func order(site *content.Site) diag.List {
	var diags diag.List
	r := ranking{site: site}
	var nav *content.NavNode
	if sum := site.NavFiles.Summary; sum != nil {
		nav, diags = r.summaryNav(sum)
	}
	var walk func(sec *content.Section)
	var ordered []*content.Page
	walk = func(sec *content.Section) {
		ordered = append(ordered, sec.Page)
		r.sort(sec.Pages)
		sort.SliceStable(sec.Sections, func(i, j int) bool { return r.less(sec.Sections[i].Page, sec.Sections[j].Page) })
		entries := make([]*content.Page, 0, len(sec.Pages)+len(sec.Sections))
		entries = append(entries, sec.Pages...)
		for _, sub := range sec.Sections {
			entries = append(entries, sub.Page)
		}
		r.sort(entries)
		sec.Entries = entries
		for _, e := range entries {
			if e.IsSection() && e.Section != sec {
				walk(e.Section)
			} else {
				ordered = append(ordered, e)
			}
		}
	}
	walk(site.Home)
	if nav == nil {
		site.Pages = ordered
		site.Nav = r.sectionNav()
		return diags
	}
	site.Nav = nav
	diags.Append(unlisted(site, ordered))
	site.Pages = navOrder(site, ordered)
	return diags
}

// sectionNav returns the navigation of the section tree: a section's
// entries in order under the section's own entry.
func (r ranking) sectionNav() *content.NavNode {
	home := r.site.Home
	root := &content.NavNode{Page: home.Page, Label: home.Page.LinkTitle()}
	home.Page.Nav = root
	var add func(n *content.NavNode, sec *content.Section)
	add = func(n *content.NavNode, sec *content.Section) {
		n.Children = make([]*content.NavNode, len(sec.Entries))
		for i, e := range sec.Entries {
			c := &content.NavNode{Page: e, Label: r.label(e), Parent: n}
			e.Nav, n.Children[i] = c, c
			if e.IsSection() && e.Section != sec {
				if cat := r.category(e); cat != nil {
					c.Open = cat.Open
				}
				add(c, e.Section)
			}
		}
	}
	add(root, home)
	return root
}

// summaryNav returns the navigation SUMMARY.md gives: its chapters in
// order and nested, with their link texts, and its parts as entries
// without a page. It numbers the pages it lists for less.
func (r *ranking) summaryNav(sum *content.Summary) (*content.NavNode, diag.List) {
	var diags diag.List
	site := r.site
	root := &content.NavNode{Page: site.Home.Page, Label: site.Home.Page.LinkTitle()}
	site.Home.Page.Nav = root
	r.listed = map[*content.Page]int{}
	var add func(parent *content.NavNode, items []*content.SummaryItem)
	add = func(parent *content.NavNode, items []*content.SummaryItem) {
		for _, it := range items {
			if it.IsPart() {
				n := &content.NavNode{Label: it.Title, Parent: parent}
				parent.Children = append(parent.Children, n)
				add(n, it.Children)
				continue
			}
			p := site.ByPath[it.Rel]
			_, twice := r.listed[p]
			switch {
			case p == nil && site.Omitted[it.Rel] != "":
				// A draft, left out of this build.
			case p == nil && site.FileByPath[it.Rel] != nil:
				diags.Errorf(it.Pos, "chapter %q: %s is not a Markdown file", it.Title, it.Rel)
			case p == nil:
				diags.Errorf(it.Pos, "chapter %q: %s does not exist; create it or remove the entry", it.Title, it.Rel)
			case twice:
				diags.Warnf(it.Pos, "chapter %q: %s is listed already; this entry is left out", it.Title, it.Rel)
			default:
				n := &content.NavNode{Page: p, Label: cmp.Or(it.Title, p.LinkTitle()), Parent: parent}
				p.Nav, r.listed[p] = n, len(r.listed)
				parent.Children = append(parent.Children, n)
				add(n, it.Children)
				continue
			}
			add(parent, it.Children) // the chapters under a missing one move up
		}
	}
	add(root, sum.Items)
	// A folder sorts where the first chapter in it or below is listed.
	r.first = map[*content.Section]int{}
	for p, i := range r.listed {
		for sec := p.Section; sec != nil; sec = sec.Parent {
			if j, ok := r.first[sec]; !ok || i < j {
				r.first[sec] = i
			}
		}
	}
	return root, diags
}

// unlisted adds the pages SUMMARY.md does not list to the end of the
// navigation, in the order of their folders, each with a warning: mdBook
// would leave them out, and nothing is lost silently here. Pages made
// for folders without a page file stay out of the navigation.
func unlisted(site *content.Site, ordered []*content.Page) diag.List {
	var diags diag.List
	for _, p := range ordered {
		if p.Nav != nil || p.File == "" {
			continue
		}
		diags.Warnf(diag.Pos{File: p.File, Line: 1, Col: 1}, "not listed in %s; the navigation lists it after the chapters", site.NavFiles.Summary.File)
		n := &content.NavNode{Page: p, Label: p.LinkTitle(), Parent: site.Nav}
		p.Nav = n
		site.Nav.Children = append(site.Nav.Children, n)
	}
	return diags
}

// navOrder lists the pages in the order of the navigation (the home page
// first unless it is listed), then those it does not hold.
func navOrder(site *content.Site, ordered []*content.Page) []*content.Page {
	pages := make([]*content.Page, 0, len(ordered))
	if site.Home.Page.Nav == site.Nav {
		pages = append(pages, site.Home.Page)
	}
	var walk func(n *content.NavNode)
	walk = func(n *content.NavNode) {
		for _, c := range n.Children {
			if c.Page != nil {
				pages = append(pages, c.Page)
			}
			walk(c)
		}
	}
	walk(site.Nav)
	for _, p := range ordered {
		if p.Nav == nil {
			pages = append(pages, p)
		}
	}
	return pages
}

// ranking orders a section's entries.
type ranking struct {
	site *content.Site
	// listed numbers the pages SUMMARY.md lists, in its order; first
	// holds the number of the first page listed in each folder or below.
	listed map[*content.Page]int
	first  map[*content.Section]int
}

// rank returns where SUMMARY.md lists p or, for a section's page, the
// first page in its folder or below; false when it lists none of them.
func (r ranking) rank(p *content.Page) (int, bool) {
	if p.IsSection() {
		i, ok := r.first[p.Section]
		return i, ok
	}
	i, ok := r.listed[p]
	return i, ok
}

func (r ranking) sort(ps []*content.Page) {
	sort.SliceStable(ps, func(i, j int) bool { return r.less(ps[i], ps[j]) })
}

func (r ranking) less(a, b *content.Page) bool {
	if r.listed != nil {
		ia, oka := r.rank(a)
		ib, okb := r.rank(b)
		if oka != okb {
			return oka
		}
		if oka {
			return ia < ib
		}
	}
	wa, oka := r.weight(a)
	wb, okb := r.weight(b)
	if oka != okb {
		return oka
	}
	if wa != wb {
		return wa < wb
	}
	if la, lb := r.label(a), r.label(b); la != lb {
		return la < lb
	}
	return a.Rel < b.Rel
}

// weight returns what orders p first, and whether it has one: its
// folder's position for a section page with a _category_ file that
// gives one, else its weight (0 is none).
func (r ranking) weight(p *content.Page) (float64, bool) {
	if c := r.category(p); c != nil && c.HasPosition {
		return c.Position, true
	}
	return float64(p.Meta.Weight), p.Meta.Weight != 0
}

// label returns p's text in the navigation: its front matter's
// linkTitle, else its folder's label for a section page with a _category_
// file that gives one, else its title.
func (r ranking) label(p *content.Page) string {
	if p.Meta.LinkTitle != "" {
		return p.Meta.LinkTitle
	}
	if c := r.category(p); c != nil && c.Label != "" {
		return c.Label
	}
	return p.Title
}

// category returns the _category_ file of the folder whose page p is,
// or nil.
func (r ranking) category(p *content.Page) *content.Category {
	if !p.IsSection() || p.Section == nil || p.Section.Dir == "" {
		return nil
	}
	return r.site.NavFiles.Categories[p.Section.Dir]
}

// readingOrder links each page of the navigation to its neighbours, in
// the order of site.Pages. Within a curriculum the path runs over its
// modules only, from the overview to the last module.
func readingOrder(site *content.Site) diag.List {
	var prev *content.Page
	for _, p := range site.Pages {
		if p.Nav == nil || p.Nav == site.Nav {
			continue // not in the navigation, or the home page at its root
		}
		if prev != nil && sameTrack(prev, p) {
			prev.Next, p.Prev = p, prev
		}
		prev = p
	}
	return nil
}

// sameTrack keeps curriculum modules from linking outside their path.
func sameTrack(a, b *content.Page) bool {
	ca, cb := curriculumOf(a), curriculumOf(b)
	return ca == cb
}

func curriculumOf(p *content.Page) *content.Section {
	if p.IsSection() {
		if p.Section.Curriculum() {
			return p.Section
		}
		return nil
	}
	if p.Section != nil && p.Section.Curriculum() {
		return p.Section
	}
	return nil
}
