package importer

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// A Zola project: config.toml, content/ (sections are folders with an
// _index.md, page bundles folders with an index.md and their files),
// static/, and sass/, templates/ and themes/, which playbook has no use
// for. Zola orders a section's pages by its sort_by (weight, date, title
// or slug); playbook orders by weight then title, so the import writes
// weights where Zola's order is another. Links to "@/path.md" (from
// content/) become relative links, and anchors written as Zola slugs
// headings become playbook's; shortcodes that say what Markdown says
// (callouts, videos, images) become that Markdown, escaped ones
// ("{{/* x() */}}") what Zola shows, the rest stay as written and are
// reported.

// readZola reads a Zola project.
func readZola(p *project) error {
	langs, slugAnchors, err := p.zolaConfig("config.toml")
	if err != nil {
		return err
	}
	p.copyTree("content", "content", true, func(rel string, dir bool) bool {
		if dir {
			return false
		}
		at := p.srcPos("content/"+rel, 0, 0)
		switch lang, known := zolaLanguage(rel, langs, p.site.Language); {
		case lang == "":
		case known:
			p.report.add(GroupFiles, at, "not imported: the %q translation of a page; playbook sites have one language", lang)
			return true
		case len(langs) > 0:
			p.report.add(GroupFiles, at, "not imported: Zola refuses to build this file, as %q in its name is not a language of config.toml", lang)
			return true
		case translationName.MatchString(path.Base(rel)):
			p.report.add(GroupFiles, at, "%q in the name is not a language (config.toml has no [languages]), so Zola publishes this as a page of its own, and so does the import; delete it if it is a translation", lang)
		}
		return false
	})
	if p.exists("static") {
		p.copyTree("static", "static", false, nil)
	}
	for _, dir := range []string{"sass", "templates", "themes"} {
		if p.exists(dir) {
			p.report.add(GroupFiles, p.srcPos(dir, 0, 0), "not imported: %s", zolaFolders[dir])
		}
	}
	p.zolaSections()
	p.zolaPageKeys()
	p.convert = p.zolaConverter(slugAnchors)
	return nil
}

// zolaFolders says why each of Zola's other folders is not imported.
var zolaFolders = map[string]string{
	"sass":      "Sass stylesheets for Zola's templates; playbook's theme has its own CSS",
	"templates": "Tera templates (and shortcodes) playbook cannot run; its theme has its own layouts",
	"themes":    "Zola themes; playbook's theme replaces them",
}

// translationName matches a name with a language code before its
// extension: "intro.fr.md", "_index.pt-BR.md".
var translationName = regexp.MustCompile(`^[^.]+\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\.[A-Za-z]+$`)

// zolaTemplateKeys are the front matter keys of Zola's pages and
// sections that choose templates, feeds and pagination, which a playbook
// has none of, and why each goes.
var zolaTemplateKeys = []struct{ key, why string }{
	{"template", "playbook's layout key names a layouts/ file of its own"},
	{"page_template", "playbook's layout key names a layouts/ file of its own"},
	{"paginate_by", "a section lists all its pages"},
	{"paginate_path", "a section lists all its pages"},
	{"paginate_reversed", "a section lists all its pages"},
	{"insert_anchor_links", "headings have their anchor links always"},
	{"generate_feeds", "playbook writes no feeds"},
	{"generate_feed", "playbook writes no feeds"},
}

// zolaPageKeys drops the keys of zolaTemplateKeys from every page's
// front matter, so that builds do not warn about them again, and turns
// in_search_index = false into search = false; each is reported at its
// line in the source.
func (p *project) zolaPageKeys() {
	for _, f := range p.sortedFiles() {
		if !f.page {
			continue
		}
		m := meta(f)
		for _, k := range zolaTemplateKeys {
			if _, ok := m[k.key]; !ok {
				continue
			}
			pos := p.srcMetaPos(f, k.key)
			if p.dropMeta(f, k.key) {
				p.report.add(GroupFrontMatter, pos, "%s dropped: %s", k.key, k.why)
			}
		}
		if v, ok := m["in_search_index"].(bool); ok {
			pos := p.srcMetaPos(f, "in_search_index")
			if p.dropMeta(f, "in_search_index") && (v || p.setMeta(f, "search", false)) {
				p.report.add(GroupFrontMatter, pos, "in_search_index = %v is search = %v in playbook", v, v)
			}
		}
	}
}

// zolaLanguage returns the language Zola reads in the name of the
// content file rel, and whether it is one of langs, the site's languages
// other than def, its default one. As Zola does, it reads none when langs
// is empty (the page "a.fr.md" is "a.fr"), and otherwise the part of the
// name between its first dot and its extension ("a.fr.md": "fr", "v1.2.md":
// "2"), none when that is def. A language not in langs is one Zola
// refuses to build.
func zolaLanguage(rel string, langs map[string]bool, def string) (lang string, known bool) {
	if !isPage(rel) {
		return "", false
	}
	stem := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	_, lang, ok := strings.Cut(stem, ".")
	if def == "" {
		def = "en" // Zola's default
	}
	if !ok || lang == def {
		return "", false
	}
	return lang, langs[lang]
}

// zolaMapped are the config.toml keys the import carries over, or that
// say what it does anyway; any other key is reported.
var zolaMapped = map[string]bool{
	"base_url": true, "title": true, "description": true, "default_language": true,
	"markdown.highlight_code": true, "markdown.highlight_theme": true,
	"markdown.highlighting.theme": true, "highlight_code": true, "highlight_theme": true,
	"extra.copyright": true,
}

// zolaRepoKeys are [extra] keys that Zola themes use for the site's
// repository or its edit links; zolaBranchKeys for its branch.
var (
	zolaEditKeys   = []string{"edit_url", "edit_page_url", "edit_link", "book_edit_url", "edit_base_url"}
	zolaRepoKeys   = []string{"repo_url", "repository", "repository_url", "remote_repository_url", "github", "github_url", "docs_repo", "repo", "source_url", "git_url"}
	zolaBranchKeys = []string{"repo_branch", "remote_repository_branch", "branch", "docs_branch", "git_branch"}
)

// zolaConfig reads config.toml into p.site and reports every key it does
// not carry over, at its position. It returns the languages other than
// the default one, whose pages are translations, and whether Zola slugs
// heading anchors (slugify.anchors "on", the default).
func (p *project) zolaConfig(name string) (langs map[string]bool, slugAnchors bool, err error) {
	langs = map[string]bool{}
	if !p.exists(name) {
		p.report.add(GroupConfig, p.srcPos(name, 0, 0), "no %s: site.toml has the defaults", name)
		return langs, true, nil
	}
	data, err := p.read(name)
	if err != nil {
		return nil, false, err
	}
	src := string(data)
	var cfg map[string]any
	if _, err := toml.Decode(src, &cfg); err != nil {
		return nil, false, p.configError(name, data, err)
	}
	lines := diag.NewLines(name, data)
	at := func(key string) (string, int, int) {
		pos := lines.Pos(tomlx.KeyOffset(src, key))
		return name, pos.Line, pos.Col
	}
	report := func(key, format string, args ...any) {
		_, line, col := at(key)
		p.report.add(GroupConfig, p.srcPos(name, line, col), format, args...)
	}
	str := func(v any) string { s, _ := v.(string); return s }
	p.site.Title = str(cfg["title"])
	p.site.Description = str(cfg["description"])
	p.setBaseURL(str(cfg["base_url"]), func() (string, int, int) { return at("base_url") })
	p.site.Language = str(cfg["default_language"])
	markdownCfg, _ := cfg["markdown"].(map[string]any)
	highlighting, _ := markdownCfg["highlighting"].(map[string]any)
	switch {
	case highlighting != nil && str(highlighting["theme"]) != "":
		p.zolaStyle(str(highlighting["theme"]), "markdown.highlighting.theme", at)
	case str(markdownCfg["highlight_theme"]) != "":
		p.zolaStyle(str(markdownCfg["highlight_theme"]), "markdown.highlight_theme", at)
	case str(cfg["highlight_theme"]) != "":
		p.zolaStyle(str(cfg["highlight_theme"]), "highlight_theme", at)
	}
	extra, _ := cfg["extra"].(map[string]any)
	p.site.Copyright = str(extra["copyright"])
	used := p.zolaEditURL(extra, report)
	// [languages.fr] since Zola 0.15; languages = [{code = "fr"}] before.
	switch languages := cfg["languages"].(type) {
	case map[string]any:
		for lang := range languages {
			langs[lang] = true
		}
	case []any:
		for _, l := range languages {
			if m, ok := l.(map[string]any); ok {
				if code, ok := m["code"].(string); ok {
					langs[code] = true
				}
			}
		}
	case []map[string]any:
		for _, l := range languages {
			if code, ok := l["code"].(string); ok {
				langs[code] = true
			}
		}
	}
	delete(langs, p.site.Language)

	// Every other key: one item per top-level key, per key of [extra]
	// and [markdown] (whose keys are settings of their own).
	for _, key := range sortedKeys(cfg) {
		switch key {
		case "extra", "markdown":
			table, ok := cfg[key].(map[string]any)
			if !ok {
				report(key, "%s is not carried over", key)
				continue
			}
			for _, sub := range sortedKeys(table) {
				full := key + "." + sub
				if zolaMapped[full] || used[full] {
					continue
				}
				if key == "markdown" && sub == "highlighting" {
					if h, ok := table[sub].(map[string]any); ok {
						for _, k := range sortedKeys(h) {
							if !zolaMapped[full+"."+k] {
								report(full+"."+k, "%s.%s is not carried over", full, k)
							}
						}
						continue
					}
				}
				report(full, "%s is not carried over%s", full, zolaAdvice[full])
			}
		case "taxonomies":
			if names := otherTaxonomies(cfg[key]); len(names) > 0 {
				report(key, "taxonomies %s are not carried over: playbook has tags and categories; their values stay in each page's [taxonomies] (params)", strings.Join(names, ", "))
			}
		default:
			if !zolaMapped[key] {
				report(key, "%s is not carried over%s", key, zolaAdvice[key])
			}
		}
	}
	slugify, _ := cfg["slugify"].(map[string]any)
	anchors, _ := slugify["anchors"].(string)
	return langs, anchors == "" || anchors == "on", nil
}

// zolaAdvice adds what playbook does instead, for some keys.
var zolaAdvice = map[string]string{
	"build_search_index":         ": playbook always builds its search index",
	"compile_sass":               ": playbook's theme has its own CSS",
	"languages":                  ": playbook sites have one language; translated pages are not imported",
	"theme":                      ": playbook's theme replaces it",
	"generate_feeds":             ": playbook writes no feeds",
	"generate_feed":              ": playbook writes no feeds",
	"markdown.render_emoji":      "; write emoji as characters",
	"markdown.smart_punctuation": ": playbook's typographer is [markup] typographer",
	"markdown.github_alerts":     ": playbook renders GitHub alerts always",
}

// zolaStyle sets the highlighting style from Zola's theme name: chroma's
// style of that name, with or without its dashes ("one-dark" is
// "onedark"), else reported.
func (p *project) zolaStyle(name, key string, at func(string) (string, int, int)) {
	flat := strings.ReplaceAll(name, "-", "")
	for _, n := range styles.Names() {
		if !strings.EqualFold(n, name) && strings.EqualFold(strings.ReplaceAll(n, "-", ""), flat) {
			name = n
			break
		}
	}
	file, line, col := at(key)
	p.setStyle(name, file, line, col)
}

// zolaEditURL sets editURL from [extra]: a key whose value is an edit
// link prefix is used as it is; a repository URL with a branch key
// makes one ("<repo>/edit/<branch>/"); a repository URL without a branch
// is reported, since the branch would be a guess. It returns the keys it
// used.
func (p *project) zolaEditURL(extra map[string]any, report func(key, format string, args ...any)) map[string]bool {
	used := map[string]bool{}
	value := func(keys []string) (string, string) {
		for _, k := range keys {
			if s, ok := extra[k].(string); ok && strings.HasPrefix(s, "http") {
				return k, s
			}
		}
		return "", ""
	}
	if k, v := value(zolaEditKeys); k != "" {
		p.site.EditURL = v
		used["extra."+k] = true
		return used
	}
	k, repo := value(zolaRepoKeys)
	if k == "" {
		return used
	}
	repo = strings.TrimSuffix(strings.TrimSuffix(repo, "/"), ".git")
	if strings.Contains(repo, "/edit/") {
		p.site.EditURL = repo + "/"
		used["extra."+k] = true
		return used
	}
	bk, branch := "", ""
	for _, b := range zolaBranchKeys {
		if s, ok := extra[b].(string); ok && s != "" {
			bk, branch = b, s
			break
		}
	}
	if branch == "" {
		report("extra."+k, "extra.%s names the repository but no branch: set editURL = %q in site.toml with the right branch", k, repo+"/edit/<branch>/")
		used["extra."+k] = true
		return used
	}
	sep := "/edit/"
	if strings.Contains(repo, "gitlab") {
		sep = "/-/edit/"
	}
	p.site.EditURL = repo + sep + branch + "/"
	used["extra."+k], used["extra."+bk] = true, true
	return used
}

// otherTaxonomies returns the names of the taxonomies in Zola's
// taxonomies list other than tags and categories.
func otherTaxonomies(v any) []string {
	var names []string
	list, _ := v.([]map[string]any)
	if list == nil {
		if l, ok := v.([]any); ok {
			for _, e := range l {
				if m, ok := e.(map[string]any); ok {
					list = append(list, m)
				}
			}
		}
	}
	for _, t := range list {
		if n, _ := t["name"].(string); n != "tags" && n != "categories" {
			names = append(names, quote(n))
		}
	}
	return names
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// zolaSections writes weights into the pages of every section whose
// sort_by is not weight, so that the sidebar lists them in Zola's order,
// and reports the section keys that change what Zola lists.
func (p *project) zolaSections() {
	for _, sec := range p.sortedFiles() {
		if !sec.page || path.Base(sec.Dest) != "_index.md" {
			continue
		}
		m := meta(sec)
		dir := path.Dir(sec.Dest)
		// sort_by first: dropping its line moves the lines after it,
		// where the items below point.
		p.zolaSortBy(sec, dir, metaString(m, "sort_by"))
		if target := metaString(m, "redirect_to"); target != "" {
			p.zolaRedirect(sec, target)
			if p.files[sec.Dest] != sec {
				continue
			}
		}
		if t, _ := m["transparent"].(bool); t {
			p.report.add(GroupNav, p.metaPos(sec, "transparent"), "transparent = true: Zola lists this section's pages in its parent's; here they stay in %s", dir)
		}
	}
}

// zolaSortBy writes Zola's order of the section sec's pages (in folder
// dir), sorted by by, as weights, and drops the sort_by line that the
// weights stand for.
func (p *project) zolaSortBy(sec *file, dir, by string) {
	switch by {
	case "", "none":
		return
	case "weight":
		for _, f := range p.sectionPages(dir) {
			if _, ok := metaInt(meta(f), "weight"); !ok {
				p.report.add(GroupNav, posIn(f, 0), "no weight: Zola leaves the page out of its section's list (sort_by = \"weight\"); it is placed after the others")
			}
		}
		// Playbook orders a section's pages by weight always; the
		// key would be an unknown key in every build.
		pos := p.srcMetaPos(sec, "sort_by")
		if p.dropMeta(sec, "sort_by") {
			p.report.add(GroupNav, pos, "sort_by = \"weight\" dropped from the section's front matter: playbook orders a section's pages by weight always")
		}
		return
	case "date", "update_date", "title", "slug":
	default:
		p.report.add(GroupNav, p.metaPos(sec, "sort_by"), "sort_by = %q is not one Zola knows; the pages keep their weights", by)
		return
	}
	pages := p.sectionPages(dir)
	type entry struct {
		f   *file
		key string
		t   time.Time
		ok  bool
	}
	var list []entry
	for _, f := range pages {
		pm := meta(f)
		e := entry{f: f}
		switch by {
		case "date", "update_date":
			e.t, e.ok = metaTime(pm, "date")
			if u, ok := metaTime(pm, "updated"); by == "update_date" && ok {
				e.t, e.ok = u, true
			}
		case "title":
			e.key, e.ok = strings.ToLower(metaString(pm, "title")), metaString(pm, "title") != ""
		case "slug":
			e.key = metaString(pm, "slug")
			if e.key == "" {
				e.key = pageSlug(f.Dest)
			}
			e.ok = true
		}
		if !e.ok {
			p.report.add(GroupNav, posIn(f, 0), "no %s: Zola leaves the page out of its section's list (sort_by = %q); it is placed after the others", strings.TrimSuffix(by, "_date"), by)
		}
		list = append(list, e)
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.ok != b.ok {
			return a.ok
		}
		if by == "date" || by == "update_date" {
			if !a.t.Equal(b.t) {
				return a.t.After(b.t) // newest first, as Zola lists them
			}
		} else if a.key != b.key {
			return a.key < b.key
		}
		return a.f.Dest < b.f.Dest
	})
	set := 0
	for i, e := range list {
		if p.setMeta(e.f, "weight", weightOf(i)) {
			p.count(e.f, NavigationKeys, 1)
			set++
		}
	}
	order := map[string]string{"date": "newest first", "update_date": "last updated first", "title": "by title", "slug": "by slug"}[by]
	if set > 0 {
		// The weights stand for sort_by, which playbook does not
		// read: the key would be an unknown key in every build.
		pos, dropped := p.srcMetaPos(sec, "sort_by"), ""
		if p.dropMeta(sec, "sort_by") {
			dropped = "; the key is dropped from the section's front matter"
		}
		p.report.add(GroupNav, pos, "sort_by = %q: weights %d to %d written into the section's %d pages, %s as Zola lists them%s", by, weightOf(0), weightOf(set-1), set, order, dropped)
	}
}

// zolaRedirect carries over the redirect_to of the section sec: Zola
// sends the section's URL to target. Playbook writes a section's own
// page at its URL while its folder has files, and has no redirect for
// one, so a redirect from a section with files is reported; a section
// with none is left out and its URL made an alias of target, when that
// is a page of the site (reported either way).
func (p *project) zolaRedirect(sec *file, target string) {
	at := p.metaPos(sec, "redirect_to")
	from := siteURL(sec)
	want := target
	if base := strings.TrimSuffix(p.site.BaseURL, "/"); base != "" {
		want = strings.TrimPrefix(want, base)
	}
	var to *file
	if !strings.Contains(want, "://") {
		want = "/" + strings.Trim(strings.SplitN(strings.SplitN(want, "#", 2)[0], "?", 2)[0], "/")
		for _, f := range p.sortedFiles() {
			if f.page && f != sec && urlKey(siteURL(f), false) == urlKey(strings.TrimSuffix(want, "/")+"/", false) {
				to = f
				break
			}
		}
	}
	dir := path.Dir(sec.Dest)
	others := false
	for dest := range p.files {
		others = others || strings.HasPrefix(dest, dir+"/") && dest != sec.Dest
	}
	switch {
	case others && to != nil:
		p.report.add(GroupNav, at, "redirect_to = %q: Zola sends %s to %s; playbook shows the section's own page there (it has no redirect for a section whose folder has pages): write its text, or link to it", target, from, to.Dest)
	case others:
		p.report.add(GroupNav, at, "redirect_to = %q: Zola sends %s there; playbook shows the section's own page there (it has no redirect for a section whose folder has pages): write its text, or link to it", target, from)
	case to == nil:
		p.report.add(GroupNav, at, "redirect_to = %q: not a page of the site, so %s is not redirected; add it to the aliases of the page it should go to", target, from)
	default:
		var aliases flowList
		list, _ := meta(to)["aliases"].([]any)
		for _, a := range list {
			if s, ok := a.(string); ok {
				aliases = append(aliases, s)
			}
		}
		if !slices.Contains(aliases, from) && !p.setMeta(to, "aliases", append(aliases, from)) {
			p.report.add(GroupNav, at, "redirect_to = %q: add %s to the aliases of %s", target, from, to.Dest)
			return
		}
		delete(p.files, sec.Dest)
		delete(p.bySource, sec.From)
		p.count(to, NavigationKeys, 1)
		at.File = path.Join(p.report.Source, sec.From) // not in the new site
		p.report.add(GroupNav, at, "redirect_to = %q: %s redirects to %s, an alias of it; the section's page, whose folder has no other files, is not imported", target, from, to.Dest)
	}
}

// flowList is a list of strings that setMeta writes as a flow sequence:
// ["a", "b"], which TOML and YAML read alike.
type flowList []string

func (l flowList) String() string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// sectionPages returns the pages of the section in folder dir, as Zola
// counts them: the pages in it and the bundles (a folder with an
// index.md) right under it.
func (p *project) sectionPages(dir string) []*file {
	var out []*file
	for _, f := range p.sortedFiles() {
		if !f.page {
			continue
		}
		d, base := path.Dir(f.Dest), path.Base(f.Dest)
		switch {
		case d == dir && base != "_index.md" && base != "index.md":
			out = append(out, f)
		case path.Dir(d) == dir && base == "index.md" && p.page(path.Join(d, "_index.md")) == nil:
			out = append(out, f)
		}
	}
	return out
}

// pageSlug returns the name a page is published under: its file's name,
// or its bundle folder's.
func pageSlug(dest string) string {
	if path.Base(dest) == "index.md" {
		return path.Base(path.Dir(dest))
	}
	return strings.TrimSuffix(path.Base(dest), ".md")
}

// metaTime returns a front matter date: a TOML date or a string that
// starts with one.
func metaTime(m map[string]any, key string) (time.Time, bool) {
	switch v := m[key].(type) {
	case time.Time:
		return v, true
	case string:
		if len(v) >= 10 {
			if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// metaPos returns the position of the front matter key in f, or of the
// page's start when it has none.
func (p *project) metaPos(f *file, key string) diag.Pos {
	body := bodyStart(f.Data)
	for _, format := range []string{"toml", "yaml"} {
		if at, _, _ := keyLine(f.Data[:body], format, key); at >= 0 {
			return posIn(f, at)
		}
	}
	return posIn(f, 0)
}

// zolaConverter returns the conversion of one page: its shortcodes, then
// its links. With slugAnchors (Zola's slugify.anchors "on", its
// default) links to headings' anchors are rewritten to playbook's.
func (p *project) zolaConverter(slugAnchors bool) func(*file) {
	cache := map[*file]map[string]string{}
	anchors := func(f *file) map[string]string {
		if !slugAnchors {
			return nil
		}
		if m, ok := cache[f]; ok {
			return m
		}
		cache[f] = zolaAnchors(f)
		return cache[f]
	}
	return func(f *file) {
		p.unescapeShortcodes(f)
		p.convertShortcodes(f)
		var missing []func(func(int) int)
		shift := p.rewriteLinks(f, p.zolaLink(f, anchors, &missing))
		for _, report := range missing {
			report(shift)
		}
	}
}

// zolaLink returns the rewriting of f's "@/path.md#anchor" links into
// relative links, and of anchors written as Zola slugs them into
// playbook's (zolaAnchors), in these links and in "#anchor" links within
// f. A target that is not in the new site is left as written; its item,
// added to missing, is reported once the other links are rewritten, at
// its offset in the text after them.
func (p *project) zolaLink(f *file, anchors func(*file) map[string]string, missing *[]func(shift func(int) int)) func(string, int) (string, bool) {
	return func(dest string, off int) (string, bool) {
		if frag, ok := strings.CutPrefix(dest, "#"); ok {
			if id, ok := anchors(f)[frag]; ok {
				return "#" + id, true
			}
			return "", false
		}
		rest, ok := strings.CutPrefix(dest, "@/")
		if !ok {
			return "", false
		}
		rel, frag, hasFrag := strings.Cut(rest, "#")
		target := p.bySource[path.Join("content", rel)]
		if target == nil || rel == "" || strings.HasPrefix(path.Clean(rel), "..") {
			*missing = append(*missing, func(shift func(int) int) {
				p.report.add(GroupConvert, posIn(f, shift(off)), "link %s: content/%s is not in the project; left as written", dest, rel)
			})
			return "", false
		}
		out := relPath(f.Dest, target.Dest)
		if hasFrag {
			if id, ok := anchors(target)[frag]; ok {
				frag = id
			}
			out += "#" + frag
		}
		return out, true
	}
}

// escapedShortcode is a shortcode Zola shows as written: "{{/* name()
// */}}", "{%/* end */%}".
var escapedShortcode = regexp.MustCompile(`\{([{%])/\*(.*?)\*/([}%])\}`)

// unescapeShortcodes writes f's escaped shortcodes as Zola shows them:
// "{{/* x() */}}" is "{{ x() }}", in code as it is (Zola runs shortcodes
// in code blocks too, hence the escapes), elsewhere in a code span, so
// that it is not read as a shortcode.
func (p *project) unescapeShortcodes(f *file) {
	b := parseBody(f.Data)
	var edits []edit
	for _, m := range escapedShortcode.FindAllSubmatchIndex(f.Data[b.start:], -1) {
		from, to := b.start+m[0], b.start+m[1]
		open, inner := string(f.Data[b.start+m[2]:b.start+m[3]]), string(f.Data[b.start+m[4]:b.start+m[5]])
		close := map[string]string{"{": "}}", "%": "%}"}[open]
		if string(f.Data[b.start+m[6]:b.start+m[7]]) != close[:1] {
			continue
		}
		text := "{" + open + inner + close
		if !b.inCode(from) {
			fence := "`"
			if strings.Contains(text, "`") {
				fence = "`` "
			}
			text = fence + text + reverse(fence)
		}
		edits = append(edits, edit{span{from, to}, text})
	}
	// Not counted as conversions: Zola shows these as written too.
	f.Data = applyEdits(f.Data, edits)
}

// reverse returns s backwards.
func reverse(s string) string {
	r := []byte(s)
	slices.Reverse(r)
	return string(r)
}

// imageShortcodes are the names of shortcodes that show one image; the
// argument names that hold its source, alt text and caption.
var (
	imageShortcodes = map[string]bool{"image": true, "img": true, "figure": true, "fig": true, "picture": true, "full_width_image": true}
	imageSrcArgs    = []string{"src", "path", "url", "file", "image"}
	imageAltArgs    = []string{"alt", "title"}
	calloutText     = []string{"body", "text", "content", "md"}
)

// arg returns the first of the named arguments that sc has.
func arg(sc markdown.ZolaShortcode, names ...string) string {
	for _, n := range names {
		if v := sc.Args[n]; v != "" {
			return v
		}
	}
	return ""
}

// tagLine is a line of a page that holds one Zola shortcode tag and
// nothing else.
type tagLine struct {
	sc         markdown.ZolaShortcode
	start, end int // the line, with its newline
	indent     string
	match      int // the index of the tag that opens or closes it; -1 if none
}

// convertShortcodes converts f's Zola shortcodes outside code: a
// callout-like body shortcode on lines of its own ("{% note(kind="tip")
// %}" … "{% end %}") becomes a "> [!TIP]" callout, an inline callout with
// its text as an argument on a line of its own too, a video a link to
// it, an image shortcode a Markdown image. Any other is left as written
// and reported with the template that showed it.
func (p *project) convertShortcodes(f *file) {
	b := parseBody(f.Data)
	data := f.Data
	// The body tags on lines of their own, paired as Zola nests them.
	var tags []tagLine
	var open []int
	for at := b.start; at < len(data); {
		end := lineEnd(data, at)
		line := data[at:end]
		text := bytes.TrimRight(line, " \t\r\n")
		trim := bytes.TrimLeft(text, " \t")
		if len(trim) > 0 && !b.inCode(at+len(text)-len(trim)) {
			if sc, ok := markdown.ParseZolaShortcode(trim); ok && sc.Len == len(trim) && (sc.Body || sc.End) {
				t := tagLine{sc: sc, start: at, end: end, indent: string(text[:len(text)-len(trim)]), match: -1}
				if sc.End && len(open) > 0 {
					o := open[len(open)-1]
					open = open[:len(open)-1]
					tags[o].match, t.match = len(tags), o
				} else if sc.Body {
					open = append(open, len(tags))
				}
				tags = append(tags, t)
			}
		}
		if end == at {
			break
		}
		at = end
	}

	var out bytes.Buffer
	out.Write(data[:b.start])
	// stack holds each converted callout the current line is inside;
	// each adds "> " (or four spaces, when titled) to the lines of its
	// body, after its indentation (a callout in a list item stays in it).
	var stack []openCallout
	converted := map[int]bool{}
	next := 0
	var items []func(lines *diag.Lines)
	converts := 0
	for at := b.start; at < len(data); {
		end := lineEnd(data, at)
		if end == at {
			break
		}
		line := data[at:end]
		if next < len(tags) && tags[next].start == at {
			i := next
			next++
			t := tags[i]
			kind, callout := t.sc.Callout()
			switch {
			case t.sc.Body && t.match >= 0 && callout:
				converted[i] = true
				// A titled callout is an admonition, which shows the
				// title as the callout's title; "> [!KIND]" has none.
				title := arg(t.sc, "title", "header")
				pre := quotePrefix(stack)
				if len(stack) == 0 {
					pre = t.indent
				}
				if title != "" {
					out.WriteString(pre + admonitionHead("!!!", kind, escapeInline(title)) + "\n")
				} else {
					out.WriteString(pre + "> [!" + kind + "]\n")
				}
				stack = append(stack, openCallout{t.indent, title != ""})
				converts++
				at = end
				continue
			case t.sc.End && t.match >= 0 && converted[t.match]:
				stack = stack[:len(stack)-1]
				// A blank line ends the callout, unless one follows or
				// the callout around it ends too.
				closing := next < len(tags) && tags[next].start == end && tags[next].sc.End && tags[next].match >= 0 && converted[tags[next].match]
				if nextEnd := lineEnd(data, end); !closing && end < len(data) && len(bytes.TrimSpace(data[end:nextEnd])) > 0 {
					out.WriteString(strings.TrimRight(quotePrefix(stack), " ") + "\n")
				}
				at = end
				continue
			}
			// Left as written: the line as it is, inside the callouts
			// around it.
			text, moved := quoted(stack, line)
			if t.sc.Body {
				off, sc, why := out.Len()+moved+len(t.indent), t.sc, ""
				if t.match < 0 {
					why = "it has no {% end %}"
				}
				items = append(items, func(lines *diag.Lines) { p.unconverted(lines.Pos(off), sc, why) })
			}
			out.WriteString(text)
			at = end
			continue
		}
		// An ordinary line: its inline shortcodes, then the callout
		// prefix of the body it is in.
		conv, n, left := p.inlineShortcodes(f, b, at, line)
		converts += n
		text, moved := quoted(stack, conv)
		base := out.Len() + moved
		for _, l := range left {
			off, sc := base+l.off, l.sc
			items = append(items, func(lines *diag.Lines) { p.unconverted(lines.Pos(off), sc, "") })
		}
		out.WriteString(text)
		at = end
	}
	f.Data = out.Bytes()
	lines := diag.NewLines(f.Dest, f.Data)
	for _, item := range items {
		item(lines)
	}
	p.count(f, ShortcodesConverted, converts)
}

// leftTag is an inline shortcode left as written, at offset off of its
// converted line.
type leftTag struct {
	sc  markdown.ZolaShortcode
	off int
}

// inlineShortcodes converts the "{{ name(…) }}" shortcodes of the line at
// offset at of f (outside code). It returns the line converted, how many
// it converted and those it left.
func (p *project) inlineShortcodes(f *file, b *body, at int, line []byte) ([]byte, int, []leftTag) {
	var out []byte
	var left []leftTag
	n := 0
	text := bytes.TrimRight(line, " \t\r\n")
	trim := bytes.TrimLeft(text, " \t")
	indent := string(text[:len(text)-len(trim)])
	i := 0
	for i < len(line) {
		j := bytes.IndexByte(line[i:], '{')
		if j < 0 {
			break
		}
		j += i
		if b.inCode(at + j) {
			out = append(out, line[i:j+1]...)
			i = j + 1
			continue
		}
		sc, ok := markdown.ParseZolaShortcode(line[j:])
		if !ok {
			out = append(out, line[i:j+1]...)
			i = j + 1
			continue
		}
		out = append(out, line[i:j]...)
		alone := bytes.Equal(bytes.TrimSpace(line[j:j+sc.Len]), trim)
		if md, ok := zolaMarkdown(sc, alone, indent); ok {
			out = append(out, md...)
			n++
		} else {
			if !sc.End {
				left = append(left, leftTag{sc, len(out)})
			}
			out = append(out, line[j:j+sc.Len]...)
		}
		i = j + sc.Len
	}
	return append(out, line[i:]...), n, left
}

// zolaMarkdown returns the Markdown an inline shortcode stands for: a
// link to a video, an image, or (alone on its line, its text an
// argument) a callout. indent is the line's indentation, for the lines
// after the first.
func zolaMarkdown(sc markdown.ZolaShortcode, alone bool, indent string) (string, bool) {
	if sc.Body || sc.End {
		return "", false
	}
	if href, label, ok := sc.Video(); ok {
		return "[" + label + "](" + href + ")", true
	}
	if imageShortcodes[sc.Name] {
		src := arg(sc, imageSrcArgs...)
		if src == "" || strings.ContainsAny(src, "<>\n") {
			return "", false
		}
		alt, caption := arg(sc, imageAltArgs...), sc.Args["caption"]
		if alt == "" {
			alt = caption
		}
		dest := src
		if strings.ContainsAny(dest, " ()") {
			dest = "<" + dest + ">"
		}
		img := "![" + escapeInline(alt) + "](" + dest + ")"
		if caption != "" && caption != alt {
			if !alone {
				return "", false
			}
			img += "\n" + indent + "*" + escapeInline(caption) + "*"
		}
		return img, true
	}
	if kind, ok := sc.Callout(); ok && alone {
		text := arg(sc, calloutText...)
		if text == "" {
			return "", false
		}
		lines := strings.Split(strings.ReplaceAll(text, `\n`, "\n"), "\n")
		if title := arg(sc, "title", "header"); title != "" {
			// An admonition shows the title as the callout's title.
			out := admonitionHead("!!!", kind, escapeInline(title)) + "\n"
			for _, l := range lines {
				out += "\n" + strings.TrimRight(indent+"    "+l, " ")
			}
			return out, true
		}
		out := "> [!" + kind + "]"
		for _, l := range lines {
			out += "\n" + indent + strings.TrimRight("> "+l, " ")
		}
		return out, true
	}
	return "", false
}

// escapeInline escapes the characters that would end or change text put
// between "[", "]" or "*" markers.
func escapeInline(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, "\n", " ").Replace(s)
}

// openCallout is a converted callout whose body is being written: the
// indentation of its tag, and whether it is an admonition (titled),
// whose body is indented four spaces, rather than a "> " quote.
type openCallout struct {
	indent string
	titled bool
}

// quotePrefix returns what starts a line inside the converted callouts
// of stack, outermost first: the outermost one's indentation, then "> "
// or four spaces for each. A callout in a list item ("   > ") stays in
// the item.
func quotePrefix(stack []openCallout) string {
	if len(stack) == 0 {
		return ""
	}
	pre := stack[0].indent
	for _, c := range stack {
		if c.titled {
			pre += "    "
		} else {
			pre += "> "
		}
	}
	return pre
}

// quoted returns text (lines) inside the converted callouts of stack:
// each line without the innermost tag's indentation, after
// quotePrefix(stack); a blank line gets the prefix without its trailing
// space. It also returns how far the first line's text after that
// indentation moved.
func quoted(stack []openCallout, text []byte) (string, int) {
	if len(stack) == 0 {
		return string(text), 0
	}
	pre, ind := quotePrefix(stack), stack[len(stack)-1].indent
	var b strings.Builder
	moved := 0
	for i, l := range bytes.SplitAfter(text, []byte("\n")) {
		switch {
		case len(l) == 0:
		case len(bytes.TrimSpace(l)) == 0:
			b.WriteString(strings.TrimRight(pre, " ") + "\n")
		default:
			cut := 0
			for cut < len(ind) && cut < len(l) && l[cut] == ind[cut] {
				cut++
			}
			if i == 0 {
				moved = len(pre) - cut
			}
			b.WriteString(pre)
			b.Write(l[cut:])
		}
	}
	return b.String(), moved
}

// unconverted reports a shortcode left as written at pos, with why when
// the caller knows, else naming its template when the project has one.
func (p *project) unconverted(pos diag.Pos, sc markdown.ZolaShortcode, why string) {
	if why != "" {
		p.report.add(GroupConvert, pos, "shortcode %q not converted: %s", sc.Name, why)
		return
	}
	why = "playbook cannot run Zola's templates; write what it shows in Markdown"
	for _, ext := range []string{".html", ".md"} {
		if name := "templates/shortcodes/" + sc.Name + ext; p.exists(name) {
			why = "its template " + name + " is Tera, which playbook cannot run; write what it shows in Markdown"
			break
		}
	}
	switch {
	case imageShortcodes[sc.Name]:
		why = "an image shortcode without a plain source, or with a caption inside a line; write ![alt](src)"
	case sc.Body:
	default:
		if _, ok := sc.Callout(); ok {
			why = "a callout that is not alone on its line, or has no text; write > [!NOTE] and the text in \"> \" lines"
		}
	}
	p.report.add(GroupConvert, pos, "shortcode %q not converted: %s", sc.Name, why)
}

// Zola gives headings the anchors of its slugify "on" mode (the
// default): ASCII letters and digits kept, every other run turned into
// one "-" ("get_page" is "get-page"); playbook gives GitHub's
// ("get_page"). A link written for Zola's anchor is rewritten to
// playbook's for the same heading.

// zolaAnchors returns, for f's headings whose Zola anchor differs from
// playbook's, Zola's anchor mapped to playbook's. Headings with an id of
// their own ({#id}) and headings with other than ASCII text, which Zola
// transliterates, are left out.
func zolaAnchors(f *file) map[string]string {
	src := f.Data[bodyStart(f.Data):]
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	out := map[string]string{}
	seenZola, seenPlaybook := map[string]int{}, map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var b strings.Builder
		_ = ast.Walk(h, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering {
				b.Write(t.Segment.Value(src))
			}
			return ast.WalkContinue, nil
		})
		title := b.String()
		if strings.Contains(title, "{#") || strings.ContainsFunc(title, func(r rune) bool { return r >= 0x80 }) {
			return ast.WalkSkipChildren, nil
		}
		zid, pid := numbered(zolaSlug(title), seenZola), numbered(markdown.Slug(title), seenPlaybook)
		if zid != pid && zid != "" {
			out[zid] = pid
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// numbered returns id, or id-1, id-2… when seen has counted it before.
func numbered(id string, seen map[string]int) string {
	n := seen[id]
	seen[id]++
	if n == 0 {
		return id
	}
	return fmt.Sprintf("%s-%d", id, n)
}

// zolaSlug returns the anchor Zola's slugify "on" mode gives ASCII text.
func zolaSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
