package render

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// The built-in page layout (layouts/page.html inside base.html, with the
// crumbs, meta, progress, pager, toc, search and mermaid partials) makes
// nine files in ten of a site, and html/template spends about 170 µs
// on each in reflection: 1.7 s of CPU in a build of 10,000 pages. When
// the theme's page layout set is the built-in one, writePage writes the
// very bytes the templates would, escaping as html/template does in each
// place; a theme that overrides any template of the set gets its
// templates. The tests hold writePage to the templates' output.

// execPage writes v through the layout kind: in Go when that is the
// built-in page layout and the site needs nothing of it that writePage
// leaves to the template (see pageInGo).
func (r *Renderer) execPage(buf *bytes.Buffer, kind string, v *pageView) error {
	if kind == "page" && r.pageInGo && !templatesOnly.Load() {
		mark := buf.Len()
		if writePage(buf, v) {
			return nil
		}
		buf.Truncate(mark) // an asset the theme lacks: the template says so
	}
	return r.tpl.execute(buf, kind, v)
}

// templatesOnly, set by tests, runs every page, sidebar and list entry
// through the templates.
var templatesOnly atomic.Bool

// pageInGo reports whether pages of the layout "page" can be written by
// writePage: the layout set is the built-in one, and the site sets no
// colour (a CSS value, which html/template filters in ways writePage does
// not copy) and a page size that is a plain word.
func pageInGo(t *templates, s *siteView) bool {
	if !t.builtinPage || s.Params.Accent != "" || s.Params.AccentDark != "" || s.Params.BrandColor != "" {
		return false
	}
	for _, c := range []byte(s.PageSize) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// sameTemplates reports whether the templates of ref named (all of them
// when names is empty) are in set with the same parse trees: set then
// runs them as ref does, whatever else it holds. All of them leaves out
// the partials the renderer runs itself (calledFromGo): the built-in
// layouts call none of them, and each has its own check.
func sameTemplates(set, ref *template.Template, names ...string) bool {
	if set == nil || ref == nil {
		return false
	}
	wanted := ref.Templates()
	if len(names) > 0 {
		wanted = wanted[:0:0]
		for _, n := range names {
			if want := ref.Lookup(n); want != nil {
				wanted = append(wanted, want)
			} else {
				return false
			}
		}
	}
	for _, want := range wanted {
		if len(names) == 0 && slices.Contains(calledFromGo, want.Name()) {
			continue
		}
		got := set.Lookup(want.Name())
		if got == nil || (got.Tree == nil) != (want.Tree == nil) {
			return false
		}
		if want.Tree != nil && got.Tree.Root.String() != want.Tree.Root.String() {
			return false
		}
	}
	return true
}

// writePage writes v as the built-in page layout does; false when a theme
// asset it links is missing (the template then reports the error).
func writePage(b *bytes.Buffer, v *pageView) bool {
	s := v.Site
	asset := func(name string) (string, bool) {
		p, ok := s.assets[name]
		return v.Root + p, ok
	}
	style, ok1 := asset("style.css")
	mainJS, ok2 := asset("main.js")
	checklistJS, ok3 := asset("checklist.js")
	searchJS, ok4 := asset("search.js")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return false
	}
	var progressCSS, progressJS, mermaidJS string
	if s.Progress != nil {
		var okc, okj bool
		if progressCSS, okc = asset("progress.css"); !okc {
			return false
		}
		if progressJS, okj = asset("progress.js"); !okj {
			return false
		}
	}
	if v.Mermaid {
		var ok bool
		if mermaidJS, ok = asset("mermaid/mermaid.min.js"); !ok {
			return false
		}
	}
	rel := func(p string) string {
		return hrefs{root: v.Root, relative: v.relative}.href("/" + strings.TrimPrefix(p, "/"))
	}

	// base.html: the head.
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	writeEscaped(b, s.Language)
	b.WriteString("\" data-site=\"")
	writeEscaped(b, s.BaseURL)
	b.WriteString("\"")
	if s.Progress != nil {
		b.WriteString(" data-progress=\"")
		writeEscaped(b, s.Progress.URL)
		b.WriteString("\" data-progress-auth=\"")
		writeEscaped(b, s.Progress.Auth)
		b.WriteString("\"")
	}
	b.WriteString(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if v.Kind == "home" {
		writeEscaped(b, s.Title)
	} else {
		writeEscaped(b, v.Title)
		b.WriteString(" · ")
		writeEscaped(b, s.Title)
	}
	b.WriteString("</title>\n<meta name=\"description\" content=\"")
	if v.Description != "" {
		writeEscaped(b, v.Description)
	} else {
		writeEscaped(b, s.Description)
	}
	b.WriteString("\">\n<meta name=\"generator\" content=\"")
	writeEscaped(b, s.Generator)
	b.WriteString("\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"")
	writeURLAttr(b, rel("favicon.svg"))
	b.WriteString("\" type=\"image/svg+xml\">\n")
	if !s.Dev {
		b.WriteString("<link rel=\"canonical\" href=\"")
		writeURLAttr(b, v.Permalink)
		b.WriteString("\">")
	}
	if v.Feed != "" {
		b.WriteString("\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"")
		writeURLAttr(b, v.Feed)
		b.WriteString("\" title=\"")
		writeEscaped(b, s.Title)
		b.WriteString(": recent changes\">")
	}
	b.WriteString("\n<script>try{var t=localStorage.getItem(\"pb-theme\");if(t===\"dark\"||t===\"light\")document.documentElement.setAttribute(\"data-theme\",t)}catch(e){}document.documentElement.className+=\" js\"</script>\n<link rel=\"stylesheet\" href=\"")
	writeURLAttr(b, style)
	b.WriteString("\">\n<style>@page{size:")
	b.WriteString(s.PageSize) // a plain word (pageInGo): the CSS filter keeps it
	b.WriteString("}</style>\n<script src=\"")
	writeURLAttr(b, mainJS)
	b.WriteString("\" defer></script>\n<script src=\"")
	writeURLAttr(b, checklistJS)
	b.WriteString("\" defer></script>")
	if s.Progress != nil {
		b.WriteString("\n<link rel=\"stylesheet\" href=\"")
		writeURLAttr(b, progressCSS)
		b.WriteString("\">\n<script src=\"")
		writeURLAttr(b, progressJS)
		b.WriteString("\" defer></script>")
	}
	b.WriteString("\n<script src=\"")
	writeURLAttr(b, searchJS)
	b.WriteString("\" defer></script>")
	if v.Mermaid {
		b.WriteString("\n<script src=\"")
		writeURLAttr(b, mermaidJS)
		b.WriteString("\" defer></script>\n<style>pre.mermaid[data-processed]{background:#fff;color:#1b1f24;text-align:center}</style>")
	}

	// base.html: the header.
	b.WriteString("\n</head>\n<body data-root=\"")
	writeEscaped(b, v.Root)
	b.WriteString("\" data-page=\"")
	writeEscaped(b, v.Key)
	b.WriteString("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n" +
		"<button type=\"button\" class=\"icon-btn menu-btn\" aria-controls=\"sidebar\" aria-expanded=\"false\" aria-label=\"Menu\"><svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"22\" height=\"22\"><path d=\"M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z\"/></svg></button>\n" +
		"<a class=\"brand\" href=\"")
	writeURLAttr(b, rel("/"))
	b.WriteString("\">")
	if s.Params.Logo != "" {
		b.WriteString("<img src=\"")
		writeURLAttr(b, rel(s.Params.Logo))
		b.WriteString("\" alt=\"\" width=\"28\" height=\"28\">")
	}
	b.WriteString("<span>")
	writeEscaped(b, s.Title)
	b.WriteString("</span></a>\n<div class=\"tools\">\n<form class=\"search\" role=\"search\" action=\"")
	writeURLAttr(b, rel("search/"))
	b.WriteString("\">\n<label class=\"visually-hidden\" for=\"search-q\">Search the playbook</label>\n" +
		"<input id=\"search-q\" type=\"search\" name=\"q\" placeholder=\"Search\" autocomplete=\"off\" spellcheck=\"false\" aria-keyshortcuts=\"/ Control+K\">\n" +
		"<div id=\"search-panel\" class=\"search-panel\" hidden></div>\n</form>\n")
	if len(s.Audiences) > 0 {
		b.WriteString("\n<label class=\"role\"><span class=\"visually-hidden\">Show pages for</span>\n<select id=\"role-select\" aria-label=\"Show pages for\">\n<option value=\"\">Everyone</option>")
		for _, a := range s.Audiences {
			b.WriteString("\n<option value=\"")
			writeEscaped(b, a)
			b.WriteString("\">")
			writeEscaped(b, a)
			b.WriteString("</option>")
		}
		b.WriteString("\n</select></label>")
	}
	b.WriteString("\n<button type=\"button\" class=\"icon-btn theme-btn\" aria-label=\"Dark mode\" aria-pressed=\"false\"><svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"20\" height=\"20\"><path d=\"M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9Z\"/></svg></button>\n" +
		"</div>\n</header>\n<div class=\"layout\">\n<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"Playbook\">\n")
	b.WriteString(string(v.Nav))
	b.WriteString("\n</nav>\n<main id=\"main\" tabindex=\"-1\">\n")
	writePageMain(b, v)
	b.WriteString("\n</main>")
	if len(v.TOC) >= 2 {
		b.WriteString("\n<nav class=\"toc\" aria-label=\"On this page\">\n<p class=\"toc-title\">On this page</p>\n")
		writeTOC(b, v.TOC)
		b.WriteString("\n</nav>")
	}

	// base.html: the footer.
	b.WriteString("\n</div>\n<footer class=\"site-footer\">\n<p>")
	if s.Params.Footer != "" {
		writeEscaped(b, s.Params.Footer)
	} else {
		writeEscaped(b, s.Title)
	}
	if s.Copyright != "" {
		b.WriteString(" · ")
		writeEscaped(b, s.Copyright)
	}
	b.WriteString("</p>")
	if len(s.Params.Links) > 0 {
		b.WriteString("\n<ul class=\"footer-links\">")
		for _, l := range s.Params.Links {
			b.WriteString("<li><a href=\"")
			writeURLAttr(b, l.URL)
			b.WriteString("\">")
			writeEscaped(b, l.Name)
			b.WriteString("</a></li>")
		}
		b.WriteString("</ul>")
	}
	// After base.html, page.html's newlines around its {{define}}.
	b.WriteString("\n</footer>\n</body>\n</html>\n\n\n")
	return true
}

// writePageMain writes page.html's "main" block and the partials it calls.
func writePageMain(b *bytes.Buffer, v *pageView) {
	b.WriteString("\n<article class=\"page")
	if v.Signoff {
		b.WriteString(" signoff")
	}
	b.WriteString("\" data-url=\"")
	writeURLAttr(b, v.URL)
	b.WriteString("\" data-title=\"")
	writeEscaped(b, v.Title)
	b.WriteString("\"")
	if v.Tasks != 0 {
		b.WriteString(" data-tasks=\"")
		b.WriteString(strconv.Itoa(v.Tasks))
		b.WriteString("\"")
	}
	b.WriteString(">\n")

	// partials/crumbs.html
	if len(v.Crumbs) > 0 {
		b.WriteString("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>")
		for _, c := range v.Crumbs {
			b.WriteString("<li>")
			writeLink(b, c)
			b.WriteString("</li>")
		}
		b.WriteString("\n</ol></nav>")
	}
	b.WriteString("\n\n<h1>")
	if v.Module != 0 {
		b.WriteString("<span class=\"module-no\">Module ")
		b.WriteString(strconv.Itoa(v.Module))
		b.WriteString("</span> ")
	}
	b.WriteString(string(v.TitleHTML))
	b.WriteString("</h1>\n")
	writeWrapped(b, "<p class=\"lead\">", v.Description, "</p>")
	b.WriteString("\n")

	// partials/meta.html
	if len(v.Audience) > 0 || v.Duration != "" || v.Minutes != 0 || v.Owner != "" || v.Lastmod != "" {
		b.WriteString("\n<ul class=\"page-meta\">")
		if len(v.Audience) > 0 {
			b.WriteString("<li class=\"audience\">For: ")
			writeLinks(b, v.Audience, ", ")
			b.WriteString("</li>")
		}
		switch {
		case v.Duration != "":
			writeWrapped(b, "<li>Duration: ", v.Duration, "</li>")
		case v.Minutes != 0:
			b.WriteString("<li>")
			b.WriteString(strconv.Itoa(v.Minutes))
			b.WriteString(" min read</li>")
		}
		writeWrapped(b, "<li>Owner: ", v.Owner, "</li>")
		if v.Lastmod != "" {
			b.WriteString("<li>Updated ")
			writeEscaped(b, v.Lastmod)
			if v.UpdatedBy != "" {
				b.WriteString(" by ")
				writeEscaped(b, v.UpdatedBy)
			}
			b.WriteString("</li>")
		}
		writeWrapped(b, "<li>Reviewed ", v.Reviewed, "</li>")
		b.WriteString("\n</ul>")
	}
	if v.ReviewDue && v.Site.Dev {
		b.WriteString("\n<p class=\"review-due\" role=\"status\">Needs review: ")
		if v.Reviewed != "" {
			b.WriteString("last reviewed ")
			writeEscaped(b, v.Reviewed)
		} else {
			b.WriteString("last changed ")
			writeEscaped(b, v.Lastmod)
			b.WriteString(", never reviewed")
		}
		b.WriteString(".</p>")
	}
	b.WriteString("\n\n")

	// partials/progress.html
	if v.Tasks != 0 {
		tasks, done := strconv.Itoa(v.Tasks), strconv.Itoa(v.Done)
		b.WriteString("\n<div class=\"progress\" data-scope=\"page\">\n<span class=\"progress-label\">This page's checklist</span>\n<progress max=\"")
		b.WriteString(tasks)
		b.WriteString("\" value=\"")
		b.WriteString(done)
		b.WriteString("\" aria-label=\"This page's checklist\"></progress>\n<span class=\"progress-text\" role=\"status\" aria-live=\"polite\">")
		b.WriteString(done)
		b.WriteString(" of ")
		b.WriteString(tasks)
		b.WriteString(" done</span>\n<span class=\"progress-tools\" hidden><button type=\"button\" class=\"btn progress-reset\">Reset</button></span>\n</div>")
	}
	b.WriteString("\n")
	writeRequires(b, v.Requires)
	b.WriteString("\n<div class=\"content\">\n")
	b.WriteString(string(v.Content))
	b.WriteString("\n</div>")
	writeTags(b, "Categories", v.Categories)
	writeTags(b, "Tags", v.Tags)
	if v.EditURL != "" {
		b.WriteString("<p class=\"edit\"><a href=\"")
		writeURLAttr(b, v.EditURL)
		b.WriteString("\">Edit this page</a></p>")
	}
	b.WriteString("\n")

	// partials/pager.html
	if v.Prev != nil || v.Next != nil {
		b.WriteString("\n<nav class=\"pager\" aria-label=\"Previous and next\">")
		writePagerLink(b, "prev", "Previous", v.Prev)
		writePagerLink(b, "next", "Next", v.Next)
		b.WriteString("\n</nav>")
	}
	b.WriteString("\n\n</article>\n")
}

// writeRequires writes a module's prerequisites as page.html and
// print.html's print-part show them, when it has any.
func writeRequires(b *bytes.Buffer, requires []link) {
	if len(requires) > 0 {
		b.WriteString("\n<p class=\"requires\">Before this module: ")
		writeLinks(b, requires, ", ")
		b.WriteString("</p>")
	}
}

// writeTags writes page.html's list of a page's categories or tags.
func writeTags(b *bytes.Buffer, label string, tags []link) {
	if len(tags) == 0 {
		return
	}
	b.WriteString("\n<ul class=\"tags\" aria-label=\"")
	b.WriteString(label)
	b.WriteString("\">")
	for _, t := range tags {
		b.WriteString("<li>")
		writeLink(b, t)
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

// writeTOC writes partials/toc.html with entries.
func writeTOC(b *bytes.Buffer, entries []tocEntry) {
	b.WriteString("<ul>")
	for _, e := range entries {
		b.WriteString("\n<li><a href=\"#")
		writeURLPart(b, e.ID)
		b.WriteString("\">")
		writeEscaped(b, e.Text)
		b.WriteString("</a>")
		if len(e.Children) > 0 {
			writeTOC(b, e.Children)
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n")
}

// writeURLPart writes s as html/template writes a string after the "#"
// or "?" of a URL attribute (urlEscaper): every byte but RFC 3986's
// unreserved ones percent-encoded, which leaves nothing for the
// attribute's escaping.
func writeURLPart(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			continue
		}
		b.WriteString(s[written:i])
		b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		written = i + 1
	}
	b.WriteString(s[written:])
}

// writePagerLink writes pager.html's link to the previous or next page
// (rel "prev" or "next", shown under label); nothing for a nil l.
func writePagerLink(b *bytes.Buffer, rel, label string, l *link) {
	if l == nil {
		return
	}
	b.WriteString("<a class=\"" + rel + "\" href=\"")
	writeURLAttr(b, l.Href)
	b.WriteString("\" rel=\"" + rel + "\"><span>" + label + "</span>")
	writeEscaped(b, l.Title)
	b.WriteString("</a>")
}
