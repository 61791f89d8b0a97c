package transform

import (
	"sort"

	"playbook/generator/content"
	"playbook/generator/diag"
)

// order sorts every section's pages and subsections by weight (pages
// without a weight last), then title, then path, and lists site.Pages in
// reading order: a section's page, then its entries depth first.
func order(site *content.Site) diag.List {
	var walk func(sec *content.Section)
	var ordered []*content.Page
	walk = func(sec *content.Section) {
		ordered = append(ordered, sec.Page)
		sortPages(sec.Pages)
		sort.SliceStable(sec.Sections, func(i, j int) bool { return less(sec.Sections[i].Page, sec.Sections[j].Page) })
		entries := make([]*content.Page, 0, len(sec.Pages)+len(sec.Sections))
		entries = append(entries, sec.Pages...)
		for _, sub := range sec.Sections {
			entries = append(entries, sub.Page)
		}
		sortPages(entries)
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
	site.Nav = sectionNav(site)
	return nil
}

// sectionNav returns the navigation of the section tree: a section's
// entries in order under the section's own entry.
func sectionNav(site *content.Site) *content.NavNode {
	root := &content.NavNode{Page: site.Home.Page, Label: site.Home.Page.Title}
	site.Home.Page.Nav = root
	var add func(n *content.NavNode, sec *content.Section)
	add = func(n *content.NavNode, sec *content.Section) {
		n.Children = make([]*content.NavNode, len(sec.Entries))
		for i, e := range sec.Entries {
			c := &content.NavNode{Page: e, Label: e.Title, Parent: n}
			e.Nav, n.Children[i] = c, c
			if e.IsSection() && e.Section != sec {
				add(c, e.Section)
			}
		}
	}
	add(root, site.Home)
	return root
}

func sortPages(ps []*content.Page) {
	sort.SliceStable(ps, func(i, j int) bool { return less(ps[i], ps[j]) })
}

func less(a, b *content.Page) bool {
	wa, wb := a.Meta.Weight, b.Meta.Weight
	if (wa == 0) != (wb == 0) {
		return wa != 0
	}
	if wa != wb {
		return wa < wb
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.Rel < b.Rel
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
