package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The built-in theme's sidebar partial (layouts/partials/nav.html) runs
// on every page, a dozen entries each, and html/template spends most of
// its time there in reflection: about 1.3 s of CPU in a build of 10,000
// pages. When the theme's partial is the built-in one, writeNav writes
// the very bytes the template would, escaping as html/template does in
// each place; a theme that overrides the partial gets its template. The
// tests hold writeNav to the template's output, escapes included.

// navWriter is where a sidebar is written.
type navWriter interface {
	io.Writer
	io.StringWriter
}

// execNav writes items as the theme's nav partial does.
func (r *Renderer) execNav(w navWriter, items []navItem) error {
	if r.tpl.builtinNav && !templatesOnly.Load() {
		writeNav(w, items)
		return nil
	}
	return r.tpl.sets["page"].ExecuteTemplate(w, navPartial, items)
}

// execEntry writes ev as the theme's entry partial does (see writeEntry).
func (r *Renderer) execEntry(w navWriter, ev entryView) error {
	if r.tpl.builtinEntry && !templatesOnly.Load() {
		writeEntry(w, &ev)
		return nil
	}
	return r.tpl.sets["page"].ExecuteTemplate(w, entryPartial, ev)
}

// writeNav writes the built-in partials/nav.html with items.
func writeNav(w navWriter, items []navItem) {
	_, _ = w.WriteString("<ul>")
	for _, it := range items {
		switch {
		case it.Part:
			_, _ = w.WriteString("\n<li class=\"nav-part\"><span class=\"nav-part-title\">")
			writeEscaped(w, it.Title)
			_, _ = w.WriteString("</span>\n")
			writeNav(w, it.Children)
			_, _ = w.WriteString("\n</li>")
		case it.More:
			_, _ = w.WriteString("\n<li class=\"nav-more\"")
			writeAudience(w, it.Audience)
			_, _ = w.WriteString("><a href=\"")
			writeURLAttr(w, it.Href)
			_, _ = w.WriteString("\">")
			writeEscaped(w, it.Title)
			_, _ = w.WriteString("</a></li>")
		default:
			_, _ = w.WriteString("\n<li")
			switch {
			case it.IsSection && it.Active:
				_, _ = w.WriteString(` class="nav-section active"`)
			case it.IsSection:
				_, _ = w.WriteString(` class="nav-section"`)
			case it.Active:
				_, _ = w.WriteString(` class="active"`)
			}
			writeAudience(w, it.Audience)
			_, _ = w.WriteString(">\n<a href=\"")
			writeURLAttr(w, it.Href)
			_, _ = w.WriteString(`"`)
			switch {
			case it.Current:
				_, _ = w.WriteString(` aria-current="page"`)
			case it.Active:
				_, _ = w.WriteString(` aria-current="true"`)
			}
			_, _ = w.WriteString(">")
			writeEscaped(w, it.Title)
			writeBadge(w, it.Badge)
			_, _ = w.WriteString("</a>")
			if len(it.Children) > 0 {
				_, _ = w.WriteString("\n")
				writeNav(w, it.Children)
			}
			_, _ = w.WriteString("\n</li>")
		}
	}
	_, _ = w.WriteString("\n</ul>\n")
}

// writeEntry writes the built-in partials/entry.html with e: one entry of
// a section's or a term's list of pages. It runs once per page (lists
// reuse its HTML), about 40 µs through html/template at 10,000 pages.
func writeEntry(w navWriter, e *entryView) {
	_, _ = w.WriteString(`<li class="entry`)
	if e.IsSection {
		_, _ = w.WriteString(` entry-section`)
	}
	_, _ = w.WriteString(`" data-key="`)
	writeEscaped(w, e.Key)
	_, _ = w.WriteString(`"`)
	writeAudience(w, e.Audience)
	tasks, done := strconv.Itoa(e.Tasks), strconv.Itoa(e.Done)
	if e.Tasks != 0 {
		_, _ = w.WriteString(` data-tasks="` + tasks + `"`)
	}
	_, _ = w.WriteString(">\n<a href=\"")
	writeURLAttr(w, e.Href)
	_, _ = w.WriteString(`">`)
	if e.Module != 0 {
		_, _ = w.WriteString(`<span class="module-no">` + strconv.Itoa(e.Module) + `.</span> `)
	}
	writeEscaped(w, e.Title)
	_, _ = w.WriteString("</a>")
	writeBadge(w, e.Badge)
	writeWrapped(w, "<p>", e.Description, "</p>")
	if e.Tasks != 0 {
		_, _ = w.WriteString("\n<div class=\"progress entry-progress\" data-progress-key=\"")
		writeEscaped(w, e.Key)
		_, _ = w.WriteString(`" data-total="` + tasks + `" data-done="` + done + `" data-exact="`)
		if e.IsSection {
			_, _ = w.WriteString(`false"`)
		} else {
			_, _ = w.WriteString(`true"`)
		}
		if e.Roles != "" {
			_, _ = w.WriteString(` data-roles="`)
			writeEscaped(w, e.Roles)
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString(">\n<progress max=\"" + tasks + `" value="` + done + `" aria-label="Progress: `)
		writeEscaped(w, e.Title)
		_, _ = w.WriteString("\"></progress>\n<span class=\"progress-text\">" + done + " of " + tasks + " done</span>\n</div>")
	}
	if e.Duration != "" || len(e.Requires) > 0 {
		_, _ = w.WriteString(`<p class="entry-meta">`)
		writeEscaped(w, e.Duration)
		if len(e.Requires) > 0 {
			if e.Duration != "" {
				_, _ = w.WriteString(" · ")
			}
			_, _ = w.WriteString("Requires ")
			writeLinks(w, e.Requires, ", ")
		}
		_, _ = w.WriteString("</p>")
	}
	_, _ = w.WriteString("\n</li>")
}

// writeWrapped writes value escaped between open and close, or nothing
// when value is empty: the templates' {{with .X}}open{{.}}close{{end}}.
func writeWrapped(w navWriter, open, value, close string) {
	if value != "" {
		_, _ = w.WriteString(open)
		writeEscaped(w, value)
		_, _ = w.WriteString(close)
	}
}

// writeBadge writes a "new" or "updated" badge, when there is one.
func writeBadge(w navWriter, badge string) {
	if badge != "" {
		_, _ = w.WriteString(` <span class="badge badge-`)
		writeEscaped(w, badge)
		_, _ = w.WriteString(`">`)
		writeEscaped(w, badge)
		_, _ = w.WriteString("</span>")
	}
}

// writeLink writes l as <a href="HREF">TITLE</a>, escaped as the
// templates' {{.Href}} and {{.Title}} are there.
func writeLink(w navWriter, l link) {
	_, _ = w.WriteString(`<a href="`)
	writeURLAttr(w, l.Href)
	_, _ = w.WriteString(`">`)
	writeEscaped(w, l.Title)
	_, _ = w.WriteString("</a>")
}

// writeLinks writes links with writeLink, sep between them.
func writeLinks(w navWriter, links []link, sep string) {
	for i, l := range links {
		if i > 0 {
			_, _ = w.WriteString(sep)
		}
		writeLink(w, l)
	}
}

// writeAudience writes the data-audience attribute, when there is one.
func writeAudience(w navWriter, audience string) {
	if audience != "" {
		_, _ = w.WriteString(` data-audience="`)
		writeEscaped(w, audience)
		_, _ = w.WriteString(`"`)
	}
}

// htmlEscaper is html/template's escaping of text and of a quoted
// attribute's value (htmlEscaper and attrEscaper share its table).
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

func writeEscaped(w navWriter, s string) { _, _ = htmlEscaper.WriteString(w, s) }

// writeURLAttr writes s as html/template writes a string in a quoted
// URL attribute: a URL with a scheme other than http, https or mailto
// becomes "#ZgotmplZ" (urlFilter), bytes outside RFC 3986's unreserved
// and reserved sets are percent-encoded (urlNormalizer), then the value
// is escaped as an attribute's.
func writeURLAttr(w navWriter, s string) {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			s = "#ZgotmplZ"
		}
	}
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written != 0 {
		b.WriteString(s[written:])
		s = b.String()
	}
	writeEscaped(w, s)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
