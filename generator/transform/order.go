package transform

import (
	"sort"

	"playbook/generator/content"
	"playbook/generator/diag"
)

// order sorts every section's pages and subsections by weight (pages
// without a weight last), then title, then path, and lists site.Pages in
// reading order: a section's page, then its entries depth first. A
// folder's Docusaurus _category_ file gives its position (a weight) and
// its label, which sorts and shows in place of its title.
func order(site *content.Site) diag.List {
	r := ranking{site}
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
	site.Pages = ordered
	site.Nav = r.sectionNav()
	return nil
}

// sectionNav returns the navigation of the section tree: a section's
// entries in order under the section's own entry.
func (r ranking) sectionNav() *content.NavNode {
	home := r.site.Home
	root := &content.NavNode{Page: home.Page, Label: home.Page.Title}
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

// ranking orders a section's entries.
type ranking struct{ site *content.Site }

func (r ranking) sort(ps []*content.Page) {
	sort.SliceStable(ps, func(i, j int) bool { return r.less(ps[i], ps[j]) })
}

func (r ranking) less(a, b *content.Page) bool {
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

// label returns p's text in the navigation: its folder's label for a
// section page with a _category_ file that gives one, else its title.
func (r ranking) label(p *content.Page) string {
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

// readingOrder links each page to its neighbours. Within a curriculum the
// path runs over its modules only, from the overview to the last module.
func readingOrder(site *content.Site) diag.List {
	var prev *content.Page
	for _, p := range site.Pages {
		if p == site.Home.Page {
			continue
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
