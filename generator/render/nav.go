package render

import (
	"bytes"
	"html/template"
	"strings"

	"playbook/generator/content"
)

// navKey identifies a sidebar: which entries are open (open and those
// above it) and how links are written (the root).
type navKey struct {
	open *content.NavNode
	root string
}

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

// linkTag escapes an href exactly as the nav partial does, to find the
// current page's link in cached sidebar HTML. (A template must end in
// text: an open tag fails to execute.)
var linkTag = template.Must(template.New("").Parse(`<a href="{{.}}">`))

// markCurrent returns the sidebar HTML nav with the link whose opening
// tag starts with open (`<a href="…"`) marked aria-current="page": the
// partial marks the open section's links aria-current="true", and the
// current page's own link, when it is one of them, becomes "page".
func markCurrent(nav, open string) string {
	for _, tag := range []string{open + ` aria-current="true">`, open + ">"} {
		if i := strings.Index(nav, tag); i >= 0 {
			return nav[:i] + open + ` aria-current="page">` + nav[i+len(tag):]
		}
	}
	return nav
}

// navHTML returns the sidebar of a page. Pages of one folder share their
// sidebar but for the mark on the current page, so the partial runs once
// per folder rather than once per page: at 10,000 pages it was a third of
// the template time.
func (r *Renderer) navHTML(site *content.Site, cur *content.Page, h hrefs) (template.HTML, error) {
	key := navKey{open: openNav(cur), root: h.root}
	html, ok := r.navs.Load(key)
	if !ok {
		var buf bytes.Buffer
		if err := r.tpl.sets["page"].ExecuteTemplate(&buf, navPartial, r.nav(site, key.open, h)); err != nil {
			return "", err
		}
		html, _ = r.navs.LoadOrStore(key, buf.String())
	}
	out := html.(string)
	if cur == nil {
		return template.HTML(out), nil
	}
	var a bytes.Buffer
	if err := linkTag.Execute(&a, h.href(cur.URL)); err != nil {
		return "", err
	}
	return template.HTML(markCurrent(out, strings.TrimSuffix(a.String(), ">"))), nil
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
	ev := entryOf(e, h, r.cfg.Audiences)
	key := entryKey{e, h.root}
	html, ok := r.entries.Load(key)
	if !ok {
		var buf bytes.Buffer
		if err := r.tpl.sets["page"].ExecuteTemplate(&buf, entryPartial, ev); err != nil {
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
