package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// An mdBook project is book.toml and the book's folder (src/). The
// folder moves to content/ as it is: SUMMARY.md stays the navigation
// (the build reads it as mdBook does: order, nesting, labels, parts),
// README.md files stay folders' pages, and every other file stays beside
// its pages, as mdBook copies them. What only mdBook understood is
// converted: its commands ({{#include}}, {{#rustdoc_include}},
// {{#playground}}, {{#title}}) and links to chapters' .html pages.
// Pages SUMMARY.md does not list, which mdBook does not publish, become
// drafts.

// bookConfig is the part of book.toml the import carries over.
type bookConfig struct {
	Book struct {
		Title       string `toml:"title"`
		Description string `toml:"description"`
		Language    string `toml:"language"`
		Src         string `toml:"src"`
	} `toml:"book"`
	Build struct {
		BuildDir string `toml:"build-dir"`
	} `toml:"build"`
	Output struct {
		HTML struct {
			SiteURL         string `toml:"site-url"`
			CNAME           string `toml:"cname"`
			EditURLTemplate string `toml:"edit-url-template"`
			Input404        string `toml:"input-404"`
			Code            struct {
				// Hidelines are the prefixes of hidden lines by language.
				Hidelines map[string]string `toml:"hidelines"`
			} `toml:"code"`
		} `toml:"html"`
	} `toml:"output"`
}

// readMdBook reads an mdBook project: book.toml, then the book's folder.
func readMdBook(p *project) error {
	cfg, err := p.readBookConfig()
	if err != nil {
		return err
	}
	src := path.Clean(strings.Trim(cfg.Book.Src, "/"))
	if cfg.Book.Src == "" {
		src = "src"
	}
	if src == ".." || strings.HasPrefix(src, "../") {
		return fmt.Errorf("book.toml: src = %q is outside the project", cfg.Book.Src)
	}
	if fi, err := fs.Stat(p.src, src); err != nil || !fi.IsDir() {
		return fmt.Errorf("book.toml: the book's folder %s/ does not exist", src)
	}
	// mdBook copies every other file of the book beside its pages (a
	// file that runs script moves to static/: see moveScripts).
	p.copyTree(src, "content", true, func(rel string, dir bool) bool {
		// a book at the project's root: leave out the rest of the project
		return src == "." && (rel == "book.toml" || rel == "theme" || rel == cmpOr(cfg.Build.BuildDir, "book"))
	})
	if p.exists("theme") {
		p.report.add(GroupFiles, p.srcPos("theme", 0, 0), "mdBook theme overrides not imported: playbook's theme has its own templates and CSS (see Themes in README)")
	}
	listed := p.readSummary(src)
	for _, f := range p.sortedFiles() {
		if !f.page || listed == nil || listed[f.From] {
			continue
		}
		if p.setMeta(f, "draft", true) {
			p.count(f, NavigationKeys, 1)
			why := "not listed in SUMMARY.md, so mdBook did not publish it"
			if f.From == path.Join(src, cmpOr(cfg.Output.HTML.Input404, "404.md")) {
				why = "mdBook's page for missing pages; playbook's theme has its own (layouts/404.html)"
			}
			p.report.add(GroupNav, posIn(f, 0), "%s: imported as a draft (built with --drafts); list it in SUMMARY.md and remove draft to publish it", why)
		}
	}
	aliased := false
	p.convert = func(f *file) {
		if !aliased { // the first page: every page is in its final place
			aliased = true
			p.mdBookOldURLs(src, listed)
		}
		p.convertMdBook(f, cfg.Output.HTML.Code.Hidelines)
	}
	return nil
}

// mdBookOldURLs gives every chapter mdBook published (listed in
// SUMMARY.md, or every page when there is none) its mdBook URL as an
// alias: the page's path in the book's folder src with .html for .md,
// a README.md as its folder's index.html, which the build writes as a
// redirect.
func (p *project) mdBookOldURLs(src string, listed map[string]bool) {
	o := newOldURLs(p)
	for _, f := range p.sortedFiles() {
		if !f.page || f.From == "" || listed != nil && !listed[f.From] {
			continue
		}
		rel := strings.TrimPrefix(f.From, src+"/")
		if src == "." {
			rel = f.From
		}
		name := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
		if strings.EqualFold(name, "README") {
			name = "index"
		}
		o.add(f, "/"+path.Join(path.Dir(rel), name+".html"))
	}
	if o.added > 0 {
		p.report.add(GroupNav, p.srcPos(path.Join(src, "SUMMARY.md"), 0, 0), "the old URLs redirect: each chapter whose URL changed (%s) has its mdBook URL (chapter.html) in aliases, so links and bookmarks to the book keep working", o.pages())
	}
}

// readBookConfig reads book.toml into p.site, reports every key it does
// not carry over at its position, and returns the keys the import uses.
func (p *project) readBookConfig() (*bookConfig, error) {
	const name = "book.toml"
	data, err := p.read(name)
	if err != nil {
		return nil, err
	}
	cfg := &bookConfig{}
	md, err := toml.Decode(string(data), cfg)
	if err != nil {
		return nil, p.configError(name, data, err)
	}
	lines := diag.NewLines(name, data)
	at := func(key string) (string, int, int) {
		pos := lines.Pos(tomlx.KeyOffset(string(data), key))
		return name, pos.Line, pos.Col
	}
	item := func(g Group, key, format string, args ...any) {
		_, line, col := at(key)
		p.report.add(g, p.srcPos(name, line, col), format, args...)
	}
	b, html := cfg.Book, cfg.Output.HTML
	p.site.Title, p.site.Description, p.site.Language = b.Title, b.Description, b.Language
	switch site := strings.TrimSpace(html.SiteURL); {
	case strings.HasPrefix(site, "http://") || strings.HasPrefix(site, "https://"):
		p.setBaseURL(site, func() (string, int, int) { return at("output.html.site-url") })
	case html.CNAME != "":
		// mdBook writes CNAME for GitHub Pages, which serves it over https.
		p.setBaseURL("https://"+strings.Trim(html.CNAME, "/")+"/"+strings.TrimPrefix(site, "/"), func() (string, int, int) { return at("output.html.cname") })
		item(GroupConfig, "output.html.cname", "baseURL %s is made from cname and site-url, assuming the site is served over https; check it in site.toml", p.site.BaseURL)
	case site != "" && site != "/":
		item(GroupConfig, "output.html.site-url", "site-url %q has no host; set baseURL in site.toml to the site's whole URL (https://host%s)", site, site)
	}
	if t := html.EditURLTemplate; t != "" {
		if prefix, ok := strings.CutSuffix(t, "{path}"); ok && !strings.Contains(prefix, "{path}") {
			// mdBook's {path} is the page's path from the book's root
			// (src/intro.md); playbook appends content/intro.md.
			p.site.EditURL = strings.TrimSuffix(prefix, "/") + "/"
			item(GroupConfig, "output.html.edit-url-template", "editURL is %s, to which playbook appends content/<page>.md: it assumes the new site replaces the book in its repository (content/ where %s/ was)", p.site.EditURL, cmpOr(b.Src, "src"))
		} else {
			item(GroupConfig, "output.html.edit-url-template", "edit-url-template %q does not end in {path}; set editURL (a prefix to which playbook appends content/<page>.md) by hand", t)
		}
	}
	used := map[string]bool{
		"book.title": true, "book.description": true, "book.language": true, "book.src": true,
		"output.html.site-url": true, "output.html.cname": true, "output.html.edit-url-template": true,
		"output.html.input-404": true, "output.html.code.hidelines": true,
		// mdBook's own preprocessors: the import does what they did, and
		// the build reads README.md as a folder's page.
		"preprocessor.links": true, "preprocessor.index": true,
	}
	keys := md.Keys()
	for i, k := range keys {
		ks := k.String()
		if used[ks] || used[strings.Join(k[:min(len(k), 2)], ".")] && k[0] == "preprocessor" || used[strings.Join(k[:min(len(k), 4)], ".")] {
			continue
		}
		if len(k) > 2 && (k[0] == "preprocessor" || k[0] == "output" && k[1] != "html") {
			continue // reported once, at the table
		}
		if len(k) == 2 && (k[0] == "preprocessor" || k[0] == "output" && k[1] != "html") {
			item(GroupConfig, ks, "%s", bookKeyReason(k))
			continue
		}
		if md.Type(k...) == "Hash" {
			// A table is reported when nothing is set under it: an empty
			// [preprocessor.x] still runs the preprocessor.
			if i+1 < len(keys) && len(keys[i+1]) > len(k) && keys[i+1][:len(k)].String() == ks {
				continue
			}
		}
		item(GroupConfig, ks, "%s", bookKeyReason(k))
	}
	return cfg, nil
}

// bookKeyReason says why a key of book.toml is not carried over.
func bookKeyReason(k toml.Key) string {
	ks := k.String()
	switch {
	case ks == "book.authors":
		return "authors not carried over: playbook has no authors key (copyright in site.toml, or owner in each page's front matter)"
	case ks == "output.html.git-repository-url":
		return "git-repository-url not carried over: playbook's theme has no repository link; editURL gives each page an edit link"
	case ks == "output.html.default-theme" || ks == "output.html.preferred-dark-theme":
		return ks + " not carried over: mdBook's colour themes are not playbook's; its theme follows the reader's light or dark setting"
	case ks == "output.html.additional-css" || ks == "output.html.additional-js":
		return ks + " not carried over: playbook's theme is its own; put extra CSS or JS in a theme (see Themes in README)"
	case k[0] == "preprocessor" && len(k) >= 2:
		return fmt.Sprintf("the %s preprocessor is not run: what it adds to pages is not imported, and its syntax stays as written (see below)", k[1])
	case k[0] == "output" && len(k) >= 2 && k[1] != "html":
		return fmt.Sprintf("the %s renderer is not run: playbook builds HTML, a print page and a PDF", k[1])
	case len(k) == 4 && k[2] == "redirect":
		return fmt.Sprintf("redirect from %s not carried over: add its path to aliases in the front matter of the page it redirects to", k[3])
	case k[0] == "build":
		return ks + " not carried over: playbook builds into publishDir (public/) from content/"
	}
	return ks + " not carried over: playbook has no equivalent"
}

// cmpOr returns a, or b when a is "".
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Markdown links and draft chapters in SUMMARY.md.
var summaryDraft = regexp.MustCompile(`\[([^\]\n]*)\]\([ \t]*\)`)

// summaryChapter is a chapter link of SUMMARY.md: its title and file.
var summaryChapter = regexp.MustCompile(`\[([^\]\n]+)\]\([ \t]*([^)\s]+\.md)[ \t]*\)`)

// missingChapters writes the page of every chapter that SUMMARY.md (f,
// in the book's folder src, with its code b) links and that has no file,
// as mdBook does by default (build.create-missing): a page holding the
// chapter's title. Each is reported.
func (p *project) missingChapters(f *file, src string, b *body) {
	for _, m := range summaryChapter.FindAllSubmatchIndex(f.Data, -1) {
		target, err := url.PathUnescape(string(f.Data[m[4]:m[5]]))
		if err != nil || b.inCode(m[0]) || strings.Contains(target, ":") || strings.HasPrefix(target, "/") {
			continue
		}
		rel := path.Join(path.Dir(f.From), target)
		if p.bySource[rel] != nil || strings.HasPrefix(rel, "../") || rel == ".." {
			continue
		}
		title := string(f.Data[m[2]:m[3]])
		page := p.newPage(path.Join("content", strings.TrimPrefix(rel, strings.TrimSuffix(src, ".")+"/")), []byte("# "+title+"\n"))
		page.From, p.bySource[rel] = rel, page // where mdBook writes it
		p.report.add(GroupNav, posIn(f, m[4]), "chapter %q has no file %s: written with its title, as mdBook does (build.create-missing); write the chapter there", title, page.Dest)
	}
}

// readSummary turns the .html links of the book's SUMMARY.md into .md
// links, reports its draft chapters, and returns the source paths of the
// pages it lists; nil when the book has none (reported).
func (p *project) readSummary(src string) map[string]bool {
	f := p.bySource[path.Join(src, "SUMMARY.md")]
	if f == nil {
		p.report.add(GroupNav, p.srcPos(path.Join(src, "SUMMARY.md"), 0, 0), "the book has no SUMMARY.md: the sidebar follows folders and titles; write content/SUMMARY.md to order it")
		return nil
	}
	// SUMMARY.md is the navigation, not a page: it is written as it is
	// converted here, and finish neither converts nor counts it.
	f.page = false
	b := parseBody(f.Data)
	for _, m := range summaryDraft.FindAllSubmatchIndex(f.Data, -1) {
		if !b.inCode(m[0]) {
			p.report.add(GroupNav, posIn(f, m[0]), "draft chapter %q has no file: mdBook showed it greyed out, playbook leaves it out of the sidebar; write the page and link it here", f.Data[m[2]:m[3]])
		}
	}
	p.missingChapters(f, src, b)
	listed := map[string]bool{}
	p.rewriteLinks(f, func(dest string, off int) (string, bool) {
		out, ok := p.chapterLink(f, dest)
		if !ok {
			out = dest
		}
		if u, err := url.Parse(out); err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" {
			listed[path.Join(path.Dir(f.From), u.Path)] = true
		}
		return out, ok
	})
	return listed
}

// chapterLink returns the link dest in page f with an mdBook .html page
// ("intro.html#why", "guide/index.html") turned into a link to the page
// it was made from ("intro.md#why", "guide/README.md"), and a link to a
// file moved to static/ made site-absolute; false when dest is neither.
func (p *project) chapterLink(f *file, dest string) (string, bool) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	rel := path.Join(path.Dir(f.From), u.Path)
	if to, ok := p.moved[rel]; ok {
		return to + fragment(u), true
	}
	if !strings.HasSuffix(strings.ToLower(u.Path), ".html") || p.bySource[rel] != nil || strings.HasPrefix(rel, "../") {
		return "", false // a real .html file, or outside the project
	}
	base := strings.TrimSuffix(rel, path.Ext(rel))
	candidates := []string{base + ".md"}
	if path.Base(base) == "index" {
		// mdBook renders a folder's README.md as its index.html.
		candidates = append(candidates, path.Join(path.Dir(base), "README.md"))
	}
	for _, c := range candidates {
		if t := p.bySource[c]; t != nil {
			return relPath(f.Dest, t.Dest) + fragment(u), true
		}
	}
	return "", false
}

// fragment returns u's fragment with its "#", "" when it has none.
func fragment(u *url.URL) string {
	if u.Fragment == "" {
		return ""
	}
	return "#" + u.EscapedFragment()
}

// mdBookCommand matches mdBook's commands as its links preprocessor reads
// them: {{#name args}}, or one escaped with a backslash, which mdBook
// shows as written without the backslash.
var mdBookCommand = regexp.MustCompile(`\\\{\{#[^\n]*?\}\}|\{\{[ \t]*#([A-Za-z0-9_]+)[ \t]+([^}\n]+)\}\}`)

// convertMdBook converts the mdBook commands of page f (outside code and
// in code alike: mdBook's preprocessor reads the text, and an include is
// most often written in a code block) and its links to chapters' .html
// pages. What it cannot convert stays as written and is reported at its
// position in the converted page.
func (p *project) convertMdBook(f *file, hidelines map[string]string) {
	p.mdBookTitle(f)
	b := parseBody(f.Data)
	var edits []edit
	type item struct {
		off int
		msg string
	}
	var items []item
	for _, m := range mdBookCommand.FindAllSubmatchIndex(f.Data[b.start:], -1) {
		from, to := b.start+m[0], b.start+m[1]
		code := b.inCode(from)
		if m[2] < 0 { // escaped: mdBook drops the backslash and shows the rest
			if code { // a code block has no escapes
				edits = append(edits, edit{span{from, from + 1}, ""})
			} else { // escaped for Markdown, which shows "{{" and no template
				edits = append(edits, edit{span{from, from + 3}, `\{\{`})
			}
			continue
		}
		name, arg := string(f.Data[b.start+m[2]:b.start+m[3]]), strings.TrimSpace(string(f.Data[b.start+m[4]:b.start+m[5]]))
		report := func(format string, args ...any) { items = append(items, item{from, fmt.Sprintf(format, args...)}) }
		switch name {
		case "title":
			// mdBookTitle removed those it could.
		case "include", "rustdoc_include", "playground", "playpen":
			text, source, ok := p.mdBookInclude(name, arg, path.Dir(f.From), report, 0, []string{f.From})
			if !ok {
				continue
			}
			if !code {
				text = includeNote(f.Data, b.start, from, source) + text
			}
			edits = append(edits, edit{span{from, to}, text})
			p.count(f, IncludesInlined, 1)
		default:
			report("{{#%s}} is not one of mdBook's commands (a preprocessor's?); left as written", name)
		}
	}
	f.Data = applyEdits(f.Data, edits)
	for _, it := range items {
		p.report.add(GroupConvert, posIn(f, shiftOffset(edits, it.off)), "%s", it.msg)
	}
	p.hiddenLines(f, hidelines)
	p.rewriteLinks(f, func(dest string, _ int) (string, bool) { return p.chapterLink(f, dest) })
}

var mdBookTitleCommand = regexp.MustCompile(`\\?\{\{[ \t]*#title[ \t]+([^}\n]+)\}\}`)

// mdBookTitle removes f's {{#title text}} commands. mdBook set the
// browser tab's title with one, and playbook's title is also the page's
// heading: a page without a "# heading" gets the text as its title; a page
// with one keeps it, and the text is reported.
func (p *project) mdBookTitle(f *file) {
	start := bodyStart(f.Data)
	var edits []edit
	title, at := "", -1
	for _, m := range mdBookTitleCommand.FindAllSubmatchIndex(f.Data[start:], -1) {
		from, to := start+m[0], start+m[1]
		if f.Data[from] == '\\' {
			continue
		}
		title, at = strings.TrimSpace(string(f.Data[start+m[2]:start+m[3]])), from
		// The command's line goes with it when it stands alone.
		if ls, le := lineStartOf(f.Data, from), lineEnd(f.Data, to); strings.TrimSpace(string(f.Data[ls:le])) == string(f.Data[from:to]) {
			from, to = ls, le
		}
		edits = append(edits, edit{span{from, to}, ""})
	}
	if len(edits) == 0 {
		return
	}
	f.Data = applyEdits(f.Data, edits)
	p.count(f, ShortcodesConverted, len(edits))
	if heading := pageHeading(f.Data); heading != "" {
		p.report.add(GroupConvert, posIn(f, shiftOffset(edits, at)), "{{#title %s}} removed: it set the browser tab's title only, and playbook's title is the page's heading (%q here), shown in the tab with the site's title; set title in the front matter to use it for both", title, heading)
		return
	}
	p.setMeta(f, "title", title)
}

// pageHeading returns the text of the first "# heading" of a page
// outside code ("# hidden" lines of Rust code are not headings), "" if
// none.
func pageHeading(data []byte) string {
	b := parseBody(data)
	for _, m := range atxHeading.FindAllSubmatchIndex(data[b.start:], -1) {
		if !b.inCode(b.start + m[0]) {
			return string(data[b.start+m[2] : b.start+m[3]])
		}
	}
	return ""
}

// includeNote returns the comment that names the source of text inlined
// at offset at of data (whose body starts at start): a line of its own
// where a block may start (the command starts its line, after a blank
// line or a heading); inline when the command follows text on its line;
// none when it starts a line of a paragraph, which a comment line would
// break in two.
func includeNote(data []byte, start, at int, source string) string {
	note := "<!-- included from " + strings.ReplaceAll(source, "--", "- -") + " -->"
	ls := lineStartOf(data, at)
	if strings.TrimSpace(string(data[ls:at])) != "" {
		return note + " "
	}
	if ls > start {
		prev := strings.TrimSpace(string(data[lineStartOf(data, ls-1):ls]))
		if prev != "" && !strings.HasPrefix(prev, "#") && !strings.HasPrefix(prev, "<!--") {
			return ""
		}
	}
	return note + "\n"
}

// mdBookInclude returns the text the command name (include,
// rustdoc_include, playground or its old name playpen) with the argument
// arg inlines, for a file in the source folder dir, with the includes in
// an included file inlined too (depth counts how deep, stack names the
// files being included, to refuse a cycle); and the name of the file it
// read, for the note before the text. When it cannot, it reports why
// and returns false: the command stays as written.
func (p *project) mdBookInclude(name, arg, dir string, report func(string, ...any), depth int, stack []string) (text, source string, ok bool) {
	fields := strings.Fields(arg)
	target, sel, _ := strings.Cut(fields[0], ":")
	if name == "playground" || name == "playpen" {
		target, sel = fields[0], ""
	}
	rel := path.Join(dir, target)
	switch {
	case path.IsAbs(target) || rel == ".." || strings.HasPrefix(rel, "../"):
		report("{{#%s %s}} not inlined: %s is outside the project, which the import never reads", name, arg, target)
		return "", "", false
	case depth >= maxIncludeDepth:
		report("{{#%s %s}} not inlined: includes nest deeper than %d files", name, arg, maxIncludeDepth)
		return "", "", false
	}
	for _, s := range stack {
		if s == rel {
			report("{{#%s %s}} not inlined: %s includes itself (%s)", name, arg, rel, strings.Join(append(stack, rel), " → "))
			return "", "", false
		}
	}
	data, err := p.read(rel)
	if err != nil {
		why := "not read"
		if errors.Is(err, fs.ErrNotExist) {
			why = "no such file"
		}
		report("{{#%s %s}} not inlined: %s: %s", name, arg, rel, why)
		return "", "", false
	}
	text = strings.ReplaceAll(string(data), "\r\n", "\n")
	if name == "playground" || name == "playpen" {
		// mdBook puts the file in a Rust code block with the attributes.
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		return "```rust" + strings.Join(append([]string{""}, fields[1:]...), ",") + "\n" + text + "```\n", rel, true
	}
	lines, found := selectLines(text, sel)
	if !found {
		report("{{#%s %s}} not inlined: %s has no ANCHOR: %s (mdBook inlines nothing)", name, arg, rel, sel)
		return "", "", false
	}
	text = strings.Join(lines, "\n")
	// The included text's own commands, relative to its folder.
	var b strings.Builder
	at := 0
	for _, m := range mdBookCommand.FindAllStringSubmatchIndex(text, -1) {
		if m[2] < 0 {
			continue
		}
		sub := text[m[2]:m[3]]
		if sub != "include" && sub != "rustdoc_include" && sub != "playground" && sub != "playpen" {
			continue
		}
		inner, _, ok := p.mdBookInclude(sub, strings.TrimSpace(text[m[4]:m[5]]), path.Dir(rel), report, depth+1, append(stack, rel))
		if !ok {
			continue
		}
		b.WriteString(text[at:m[0]])
		b.WriteString(inner)
		at = m[1]
	}
	b.WriteString(text[at:])
	return b.String(), rel, true
}

// Anchors in an included file: the lines that start and end one.
var (
	anchorStart = regexp.MustCompile(`ANCHOR:\s*([\w_-]+)`)
	anchorEnd   = regexp.MustCompile(`ANCHOR_END:\s*([\w_-]+)`)
)

// selectLines returns the lines of text an include's selection names, as
// mdBook reads it: "" (all), "N" (line N), "N:" (N to the end), ":M" (to
// line M), "N:M", or an anchor's name (the lines between "ANCHOR: name"
// and "ANCHOR_END: name", without the lines that mark any anchor; a line
// range keeps them, as mdBook's take_lines does). found is false for an
// anchor the text does not have.
func selectLines(text, sel string) (lines []string, found bool) {
	all := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	keep := func(ls []string) []string {
		out := make([]string, 0, len(ls))
		for _, l := range ls {
			if !anchorStart.MatchString(l) && !anchorEnd.MatchString(l) {
				out = append(out, l)
			}
		}
		return out
	}
	first, rest, hasEnd := strings.Cut(sel, ":")
	start, err := strconv.Atoi(first)
	switch {
	case first != "" && err != nil: // an anchor
		in := false
		for _, l := range all {
			if in {
				if m := anchorEnd.FindStringSubmatch(l); m != nil && m[1] == first {
					return keep(lines), true
				}
				lines = append(lines, l)
			} else if m := anchorStart.FindStringSubmatch(l); m != nil && m[1] == first {
				in, found = true, true
			}
		}
		return keep(lines), found
	case first == "":
		start = 0
	default:
		start = max(start-1, 0)
	}
	end := len(all)
	if n, err := strconv.Atoi(rest); hasEnd && err == nil {
		end = n
	} else if !hasEnd && first != "" {
		end = start + 1 // one line
	}
	start, end = min(start, len(all)), min(max(end, start), len(all))
	return all[start:end], true
}

// rustBoring matches a line of Rust code as mdBook's hide_lines_rust
// reads it: "#" then one character, which hides the line when it is a
// space or nothing ("# fn main() {", "#"), and escapes a "#" when it is
// one ("##x" shows "#x").
var rustBoring = regexp.MustCompile(`^([ \t]*)#(.?)`)

// hiddenLines removes the lines mdBook hides in f's code blocks: in Rust
// blocks ("rust", "rust,editable") "# " lines, in other languages' the
// lines that start with the prefix the block's hidelines=<prefix> or
// book.toml's output.html.code.hidelines gives its language. mdBook
// shows them only when the reader clicks the block's eye button, so the
// imported page shows what readers saw by default. "##" at the start of
// a Rust line becomes "#", as mdBook shows it. The lines removed are
// reported once per page, with their count.
func (p *project) hiddenLines(f *file, hidelines map[string]string) {
	start := bodyStart(f.Data)
	src := f.Data[start:]
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var edits []edit
	hidden, blocks, first := 0, 0, -1
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fc, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		info := ""
		if fc.Info != nil {
			info = string(fc.Info.Segment.Value(src))
		}
		lang, prefix := codeHidelines(info, hidelines)
		if lang != "rust" && prefix == "" {
			return ast.WalkSkipChildren, nil
		}
		before := hidden
		for i := 0; i < fc.Lines().Len(); i++ {
			seg := fc.Lines().At(i)
			line := src[seg.Start:seg.Stop]
			hide := false
			if lang == "rust" {
				m := rustBoring.FindSubmatchIndex(line)
				switch {
				case m == nil:
				case m[4] == m[5] || line[m[4]] == ' ' || line[m[4]] == '\n' || line[m[4]] == '\r':
					hide = true
				case line[m[4]] == '#':
					at := start + seg.Start + m[3] // the first "#"
					edits = append(edits, edit{span{at, at + 1}, ""})
				}
			} else {
				hide = strings.HasPrefix(strings.TrimLeft(string(line), " \t"), prefix)
			}
			if hide {
				from := start + lineStartOf(src, seg.Start)
				edits = append(edits, edit{span{from, start + lineEnd(src, seg.Start)}, ""})
				if first < 0 {
					first = from
				}
				hidden++
			}
		}
		if hidden > before {
			blocks++
		}
		return ast.WalkSkipChildren, nil
	})
	if len(edits) == 0 {
		return
	}
	f.Data = applyEdits(f.Data, edits)
	if hidden > 0 {
		p.report.add(GroupConvert, posIn(f, shiftOffset(edits, first)), "%s (mdBook's hidden lines, shown on a click) left out of %s, as mdBook showed the page", plural(hidden, "hidden line"), plural(blocks, "code block"))
	}
}

// codeHidelines returns the language of a code block's info string for
// mdBook (its first word, up to a comma: "rust,editable" is rust) and
// the prefix of its hidden lines other than Rust's: the info's
// hidelines=<prefix>, else the language's in hidelines; "" for none.
func codeHidelines(info string, hidelines map[string]string) (lang, prefix string) {
	words := strings.FieldsFunc(info, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(words) == 0 {
		return "", ""
	}
	lang = words[0]
	for _, w := range words[1:] {
		if v, ok := strings.CutPrefix(w, "hidelines="); ok {
			return lang, v
		}
	}
	return lang, hidelines[lang]
}
