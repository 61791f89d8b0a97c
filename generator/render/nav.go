package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/playbook-ssg/playbook/generator/content"
)

// navWindow is how many entries of one level the sidebar shows: the
// entry on the current page's path with up to five before and five after
// it (more on one side at either end of the level), or a level's first
// eleven when no entry of it is on the path. Eleven entries hold a
// typical playbook folder whole and keep a page's neighbours in view,
// and a sidebar stays about a kilobyte a level however large its folders
// are: listing a folder of 10,000 pages on each of its pages wrote
// gigabytes. The entries left out are one link away, on the level's page
// (which lists all of them), and previous/next links walk through them.
const navWindow = 11

// openNav returns the navigation entry whose children and ancestors the
// sidebar of page cur shows open: cur's own entry when it has entries
// under it (a section's page), else the one above it; nil for none.
func openNav(cur *content.Page) *content.NavNode {
	if cur == nil || cur.Nav == nil {
		return nil
	}
	if cur.IsSection() || len(cur.Nav.Children) > 0 {
		return cur.Nav
	}
	return cur.Nav.Parent
}

// navHTML returns the sidebar of page cur (nil for a page that is no
// Markdown page, such as the 404 page), its links written by h. A page
// in the navigation has a sidebar of its own, as the windows follow it;
// the pages outside it share one per root, rendered once. The pages
// directly under one entry share all of it but the window of their own
// level: that is rendered per page and spliced in (see navSplit).
func (r *Renderer) navHTML(site *content.Site, cur *content.Page, h hrefs) (template.HTML, error) {
	var node *content.NavNode
	if cur != nil {
		node = cur.Nav
	}
	if node == nil {
		if html, ok := r.navs.Load(h.root); ok {
			return html.(template.HTML), nil
		}
	}
	open := openNav(cur)
	if node != nil && node != open {
		split, err := r.navSplit(site, open, h)
		if err != nil {
			return "", err
		}
		if split.ok {
			t := navTree{r: r, site: site, h: h, focus: node, current: node}
			// Room for the whole sidebar at once: grown as it came, it
			// was copied three times a page (about 150 MB at 10,000).
			room := r.navWindow.Load()
			var buf strings.Builder
			buf.Grow(len(split.before) + int(room) + len(split.after))
			buf.WriteString(split.before)
			if err := r.execNav(&buf, t.level(open)); err != nil {
				return "", err
			}
			if w := int64(buf.Len() - len(split.before)); w > room {
				r.navWindow.CompareAndSwap(room, w) // the largest, near enough
			}
			buf.WriteString(split.after)
			return template.HTML(buf.String()), nil
		}
	}
	var buf bytes.Buffer
	if err := r.execNav(&buf, r.nav(site, open, node, h)); err != nil {
		return "", err
	}
	html := template.HTML(buf.String())
	if node == nil {
		r.navs.Store(h.root, html)
	}
	return html, nil
}

// navSplit is the sidebar of the pages directly under one entry, cut
// where the list of that entry's children goes. ok is unset when the
// theme's partial does not show that list as one piece the cut can find.
type navSplit struct {
	before, after string
	ok            bool
}

// splitKey identifies a navSplit: the entry and the root.
type splitKey struct {
	open *content.NavNode
	root string
}

// navMark is the title of the one entry the sidebar is rendered with in
// place of a window, to find where the window goes.
const navMark = "playbook:nav-window:5b1e"

// navSplit returns the sidebar of the pages directly under entry open,
// rendered once per entry and root, with the list of open's children
// cut out: the partial is rendered with a list of one marked entry there,
// and the same list rendered alone must occur in the result exactly once.
func (r *Renderer) navSplit(site *content.Site, open *content.NavNode, h hrefs) (navSplit, error) {
	key := splitKey{open, h.root}
	if s, ok := r.splits.Load(key); ok {
		return s.(navSplit), nil
	}
	mark := []navItem{{Title: navMark}}
	t := navTree{r: r, site: site, h: h, focus: open, mark: open, active: pathTo(open)}
	var whole, alone bytes.Buffer
	if err := r.execNav(&whole, t.level(site.Nav)); err != nil {
		return navSplit{}, err
	}
	if err := r.execNav(&alone, mark); err != nil {
		return navSplit{}, err
	}
	var s navSplit
	if w, a := whole.String(), alone.String(); strings.Count(w, a) == 1 {
		i := strings.Index(w, a)
		s = navSplit{before: w[:i], after: w[i+len(a):], ok: true}
	}
	got, _ := r.splits.LoadOrStore(key, s)
	return got.(navSplit), nil
}

// nav builds the sidebar of the page whose navigation entry is cur (nil
// for a page outside the navigation): the top level always, the entries
// under open and every entry above it, and those under entries that are
// always open, each level windowed around the entry on cur's path (see
// navWindow) with an item leading to the level's page for the entries
// left out. Its size grows with depth, never with the size of a folder.
func (r *Renderer) nav(site *content.Site, open, cur *content.NavNode, h hrefs) []navItem {
	t := navTree{r: r, site: site, h: h, focus: cur, current: cur, active: pathTo(open)}
	return t.level(site.Nav)
}

// pathTo returns n and the entries above it.
func pathTo(n *content.NavNode) map[*content.NavNode]bool {
	on := map[*content.NavNode]bool{}
	for ; n != nil; n = n.Parent {
		on[n] = true
	}
	return on
}

// navTree builds the items of a sidebar.
type navTree struct {
	r    *Renderer
	site *content.Site
	h    hrefs
	// focus is the entry the windows are kept around (it or the entry
	// above it in each level), current the current page's (marked
	// aria-current="page"), active the open entry and those above it.
	focus, current *content.NavNode
	active         map[*content.NavNode]bool
	// mark, when set, is the entry whose children are one item titled
	// navMark (see navSplit).
	mark *content.NavNode
}

// item returns the item of entry c.
func (t *navTree) item(c *content.NavNode) navItem {
	it := navItem{Title: c.Label, Href: t.h.href(c.Page.URL), Current: c == t.current, Audience: t.r.navAudience(t.site, c).String(), Badge: c.Page.Badge.String()}
	if len(c.Children) > 0 || c.Page.IsSection() && c.Page != t.site.Home.Page {
		it.IsSection = true
		if t.active[c] || c.Open {
			it.Active, it.Expanded = t.active[c], true
			it.Children = t.level(c)
		}
	}
	return it
}

// level returns the items of the level under entry n.
func (t *navTree) level(n *content.NavNode) []navItem {
	if n == t.mark && n != nil {
		return []navItem{{Title: navMark}}
	}
	lv := t.r.navLevel(t.site, n)
	lo, hi := window(len(lv.entries), lv.onPath(t.focus))
	var items []navItem
	if !lv.parts {
		items = make([]navItem, 0, hi-lo+1)
		for _, c := range lv.entries[lo:hi] {
			items = append(items, t.item(c))
		}
	} else {
		k := 0 // the index in lv.entries of the next entry
		var under func(m *content.NavNode) []navItem
		under = func(m *content.NavNode) []navItem {
			var out []navItem
			for _, c := range m.Children {
				if c.Page != nil {
					if lo <= k && k < hi {
						out = append(out, t.item(c))
					}
					k++
					continue
				}
				// A part: a heading over its entries, shown when one of
				// them is, or, holding none, when its place is.
				at := k
				if sub := under(c); len(sub) > 0 || at == k && lo <= at && (at < hi || at == len(lv.entries)) {
					out = append(out, navItem{Title: c.Label, Part: true, Expanded: true, Children: sub})
				}
			}
			return out
		}
		items = under(n)
	}
	if left := len(lv.entries) - (hi - lo); left > 0 {
		items = append(items, navItem{
			Title:    fmt.Sprintf("%d more in %s", left, n.Label),
			Href:     t.h.href(n.Page.URL),
			Audience: lv.leftOut(lo, hi).String(),
			More:     true,
		})
	}
	return items
}

// window returns the entries [lo, hi) the sidebar shows of a level of n
// entries whose entry on the current page's path is at i (-1 for none).
func window(n, i int) (lo, hi int) {
	if n <= navWindow {
		return 0, n
	}
	if i < 0 {
		return 0, navWindow
	}
	lo = min(max(i-navWindow/2, 0), n-navWindow)
	return lo, lo + navWindow
}

// navLevel is what the sidebar needs of one level of the navigation:
// the entries under a node, computed once per build.
type navLevel struct {
	// entries are the entries of the level in order, those of its parts
	// (headings without a page) in place of the parts.
	entries []*content.NavNode
	// parts is set when the level has parts.
	parts bool
	// at holds each entry's index in entries, and audiences their
	// audiences; both only for a level larger than the window.
	at        map[*content.NavNode]int
	audiences []audience
	// all counts the entries for each role, for the item that stands for
	// those left out (see leftOut).
	all roleCount
}

// navLevel returns the level of the navigation under node n.
func (r *Renderer) navLevel(site *content.Site, n *content.NavNode) *navLevel {
	if lv, ok := r.levels.Load(n); ok {
		return lv.(*navLevel)
	}
	lv := &navLevel{}
	var flatten func(m *content.NavNode)
	flatten = func(m *content.NavNode) {
		for _, c := range m.Children {
			if c.Page == nil {
				lv.parts = true
				flatten(c)
				continue
			}
			lv.entries = append(lv.entries, c)
		}
	}
	flatten(n)
	if len(lv.entries) > navWindow {
		lv.at = make(map[*content.NavNode]int, len(lv.entries))
		lv.audiences = make([]audience, len(lv.entries))
		for i, c := range lv.entries {
			lv.at[c] = i
			lv.audiences[i] = r.navAudience(site, c)
			lv.all.add(lv.audiences[i])
		}
	}
	got, _ := r.levels.LoadOrStore(n, lv)
	return got.(*navLevel)
}

// onPath returns the index of the level's entry that is cur or above it,
// -1 for none.
func (lv *navLevel) onPath(cur *content.NavNode) int {
	if lv.at == nil {
		return -1
	}
	for n := cur; n != nil; n = n.Parent {
		if i, ok := lv.at[n]; ok {
			return i
		}
	}
	return -1
}

// leftOut returns the audience of the entries outside [lo, hi): the
// roles any of them is for, so that the role filter hides the item
// standing for them only when none of them is for the chosen role.
func (lv *navLevel) leftOut(lo, hi int) audience {
	var shown roleCount
	for _, a := range lv.audiences[lo:hi] {
		shown.add(a)
	}
	var out audience
	if lv.all.everyone > shown.everyone {
		out.everyone = true
		return out
	}
	for _, role := range lv.all.roles {
		if lv.all.n[role] > shown.n[role] {
			out.roles = append(out.roles, role)
		}
	}
	return out
}

// roleCount counts entries per role.
type roleCount struct {
	everyone int
	n        map[string]int
	roles    []string // in the order first seen
}

func (c *roleCount) add(a audience) {
	if a.everyone {
		c.everyone++
		return
	}
	if c.n == nil {
		c.n = map[string]int{}
	}
	for _, role := range a.roles {
		if c.n[role] == 0 {
			c.roles = append(c.roles, role)
		}
		c.n[role]++
	}
}

// audience is who a page or section is for: everyone, or the roles
// listed.
type audience struct {
	everyone bool
	roles    []string
}

// String returns the audience as the role filter reads it: the roles
// space-separated, "" for everyone.
func (a audience) String() string {
	if a.everyone {
		return ""
	}
	return strings.Join(a.roles, " ")
}

// pageAudience returns whom page p is for.
func pageAudience(p *content.Page) audience {
	return audience{everyone: len(p.Meta.Audience) == 0, roles: p.Meta.Audience}
}

// navAudience returns whom navigation entry c is for: its page's
// audience, or for a section (the home page aside) its section's.
func (r *Renderer) navAudience(site *content.Site, c *content.NavNode) audience {
	if c.Page.IsSection() && c.Page != site.Home.Page {
		return r.sectionAudience(c.Page.Section)
	}
	return pageAudience(c.Page)
}

// sectionAudience returns whom a section is for: a section shows when
// any page in it is for the role, so it is the union of its pages'
// audiences, or everyone when one of them is for all. Each section's is
// computed once per build, from those of its subsections: the sidebar
// and the lists ask for it on every page.
func (r *Renderer) sectionAudience(sec *content.Section) audience {
	if a, ok := r.audiences.Load(sec); ok {
		return a.(audience)
	}
	var a audience
	add := func(b audience) {
		if b.everyone {
			a = audience{everyone: true}
		}
		for _, role := range b.roles {
			if !a.everyone && !slices.Contains(a.roles, role) {
				a.roles = append(a.roles, role)
			}
		}
	}
	add(pageAudience(sec.Page))
	for _, p := range sec.Pages {
		add(pageAudience(p))
	}
	for _, sub := range sec.Sections {
		add(r.sectionAudience(sub))
	}
	got, _ := r.audiences.LoadOrStore(sec, a)
	return got.(audience)
}

// entryKey identifies an entry's HTML: the page and how links are written.
type entryKey struct {
	page *content.Page
	root string
}

// entry returns the entry of page e in lists (section pages, taxonomy
// terms) of a page whose links are written by h. Its HTML is rendered
// once per page and root: a page listed in its section, under its tags
// and for its audiences runs the partial once, not five times.
func (r *Renderer) entry(e *content.Page, h hrefs) (entryView, error) {
	ev := r.entryOf(e, h)
	key := entryKey{e, h.root}
	html, ok := r.entries.Load(key)
	if !ok {
		var buf bytes.Buffer
		if err := r.execEntry(&buf, ev); err != nil {
			return ev, err
		}
		html, _ = r.entries.LoadOrStore(key, template.HTML(buf.String()))
	}
	ev.HTML = html.(template.HTML)
	return ev, nil
}

// The partials the renderer runs itself, with their cached HTML spliced
// into pages: the sidebar and one entry of a list.
const (
	navPartial   = "partials/nav.html"
	entryPartial = "partials/entry.html"
)
