package importer

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// A Hugo project: its configuration (hugo.toml, config.toml or
// config/_default/*, in TOML, YAML or JSON) becomes site.toml, its
// content folder content/ (page bundles stay together: a bundle's
// index.md is its folder's page here too), static/ stays static/.
// Hugo's front matter (weight, linkTitle, _index.md titles) is read by
// the build as it is; the shortcodes only Hugo runs are converted
// (hugoshortcode.go), and what Hugo's templates did (layouts, themes,
// menus, Pipes) is reported.

// hugoKey is one key of a Hugo configuration with where it is written.
type hugoKey struct {
	// path is the key's dotted path from the top of the configuration,
	// lower-cased as Hugo reads keys ("params.github_repo").
	path string
	// name is the path as written ("params.github_repo").
	name      string
	value     any
	file      string
	line, col int
}

// hugoConfig is a Hugo project's configuration, from every file it is
// written in.
type hugoConfig struct {
	keys []hugoKey
	// byPath is the first key of each path.
	byPath map[string]*hugoKey
	files  []string
}

// get returns the value of the dotted key path, nil when it is not set.
func (c *hugoConfig) get(key string) any {
	if k := c.byPath[key]; k != nil {
		return k.value
	}
	return nil
}

// str returns the string value of key, "" when it is not a string.
func (c *hugoConfig) str(key string) string {
	s, _ := c.get(key).(string)
	return strings.TrimSpace(s)
}

// pos returns the position of key for the report (its file alone when
// it is not set).
func (p *project) hugoPos(c *hugoConfig, key string) diag.Pos {
	if k := c.byPath[key]; k != nil {
		return p.srcPos(k.file, k.line, k.col)
	}
	if len(c.files) > 0 {
		return p.srcPos(c.files[0], 0, 0)
	}
	return diag.Pos{}
}

// readHugoConfig reads the configuration of the Hugo project: the first
// of hugo.* and config.* at its root, and every file of config/_default/
// (hugo.toml and config.toml there hold the top level, params.toml the
// keys under params, menus.en.toml those under menus).
func (p *project) readHugoConfig() *hugoConfig {
	c := &hugoConfig{byPath: map[string]*hugoKey{}}
	read := ""
	for _, base := range []string{"hugo", "config"} {
		for _, ext := range []string{"toml", "yaml", "yml", "json"} {
			name := base + "." + ext
			switch {
			case !p.exists(name):
			case read == "":
				p.readHugoConfigFile(c, name, "")
				read = name
			default:
				p.report.add(GroupConfig, p.srcPos(name, 0, 0), "not read: Hugo reads %s first, and so does the import", read)
			}
		}
	}
	entries, _ := fs.ReadDir(p.src, "config/_default")
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || !slices.Contains([]string{".toml", ".yaml", ".yml", ".json"}, ext) {
			continue
		}
		prefix, _, _ := strings.Cut(strings.TrimSuffix(e.Name(), ext), ".") // menus.en → menus
		if prefix == "hugo" || prefix == "config" {
			prefix = ""
		}
		p.readHugoConfigFile(c, "config/"+"_default/"+e.Name(), strings.ToLower(prefix))
	}
	if envs, err := fs.ReadDir(p.src, "config"); err == nil {
		for _, e := range envs {
			if e.IsDir() && e.Name() != "_default" {
				p.report.add(GroupConfig, p.srcPos("config/"+e.Name(), 0, 0), "the %s environment's configuration is not read: site.toml has one configuration, from config/_default/", e.Name())
			}
		}
	}
	for i := range c.keys {
		if c.byPath[c.keys[i].path] == nil {
			c.byPath[c.keys[i].path] = &c.keys[i]
		}
	}
	return c
}

// readHugoConfigFile adds the keys of one configuration file, each under
// prefix when it is set.
func (p *project) readHugoConfigFile(c *hugoConfig, name, prefix string) {
	data, err := p.read(name)
	if err != nil {
		p.report.add(GroupConfig, p.srcPos(name, 0, 0), "not read: %s", errText(err))
		return
	}
	c.files = append(c.files, name)
	add := func(keyPath []string, value any, line, col int) {
		parts := make([]string, 0, len(keyPath)+1)
		if prefix != "" {
			parts = append(parts, prefix)
		}
		parts = append(parts, keyPath...)
		written := strings.Join(parts, ".")
		c.keys = append(c.keys, hugoKey{path: strings.ToLower(written), name: written, value: value, file: name, line: line, col: col})
	}
	switch path.Ext(name) {
	case ".toml":
		p.hugoTOML(name, data, add)
	case ".json":
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			p.errs = append(p.errs, p.configError(name, data, err))
			return
		}
		walkMap(nil, m, func(keyPath []string, v any) { add(keyPath, v, 0, 0) })
	default:
		p.hugoYAML(name, data, add)
	}
}

// hugoTOML reads a TOML configuration file's keys, each with its position.
func (p *project) hugoTOML(name string, data []byte, add func([]string, any, int, int)) {
	var m map[string]any
	md, err := toml.Decode(string(data), &m)
	if err != nil {
		p.errs = append(p.errs, p.configError(name, data, err))
		return
	}
	lines := diag.NewLines(name, data)
	for _, k := range md.Keys() {
		pos := lines.Pos(tomlx.KeyOffset(string(data), k.String()))
		add(k, lookup(m, k), pos.Line, pos.Col)
	}
}

// lookup returns the value at keyPath in m; for an array of tables, the
// last table's.
func lookup(m map[string]any, keyPath []string) any {
	var v any = m
	for _, k := range keyPath {
		switch t := v.(type) {
		case map[string]any:
			v = t[k]
		case []map[string]any:
			if len(t) == 0 {
				return nil
			}
			v = t[len(t)-1][k]
		default:
			return nil
		}
	}
	return v
}

// walkMap calls fn for every key under m, depth first, in key order.
func walkMap(prefix []string, m map[string]any, fn func([]string, any)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kp := append(slices.Clip(prefix), k)
		fn(kp, m[k])
		if sub, ok := m[k].(map[string]any); ok && len(kp) < 8 {
			walkMap(kp, sub, fn)
		}
	}
}

// hugoYAML reads a YAML configuration file's keys, each with its position.
func (p *project) hugoYAML(name string, data []byte, add func([]string, any, int, int)) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.errs = append(p.errs, p.configError(name, data, err))
		return
	}
	if len(doc.Content) == 0 {
		return
	}
	var walk func(prefix []string, n *yaml.Node)
	walk = func(prefix []string, n *yaml.Node) {
		if n.Kind != yaml.MappingNode || len(prefix) >= 8 {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := append(slices.Clip(prefix), k.Value)
			var value any
			if err := v.Decode(&value); err != nil {
				value = nil
			}
			add(kp, value, k.Line, k.Column)
			walk(kp, v)
		}
	}
	walk(nil, doc.Content[0])
}

// hugoTopKeys are the top-level keys site.toml takes (or the import
// reads), and hugoWhy says why other common ones are not carried over.
var (
	hugoTopKeys = map[string]bool{
		"title": true, "baseurl": true, "languagecode": true, "defaultcontentlanguage": true,
		"copyright": true, "contentdir": true, "description": true, "pygmentsstyle": true, "staticdir": true,
	}
	hugoWhy = map[string]string{
		"theme":      "playbook has its own theme (themes/ in README)",
		"menu":       "the sidebar follows the content folders and weights",
		"menus":      "the sidebar follows the content folders and weights",
		"outputs":    "playbook writes HTML, search and print pages of its own",
		"module":     "playbook has no modules; copy the mounted files into content/ or static/",
		"paginate":   "playbook does not paginate",
		"pagination": "playbook does not paginate",
		"permalinks": "URLs follow the content folders (slug in front matter)",
		"services":   "playbook has no analytics or comment services",
		"params":     "free-form values go under [params] in site.toml",
	}
)

// hugoSite maps a Hugo configuration onto site.toml and reports every
// key it does not carry over. It returns the content folder and the
// static folders to read, and the default language when the site has
// others.
func (p *project) hugoSite(c *hugoConfig) (contentDir string, staticDirs []string, lang string, others map[string]bool) {
	lang = strings.ToLower(c.str("defaultcontentlanguage"))
	if lang == "" {
		lang = "en"
	}
	langs := map[string]bool{}
	for _, k := range c.keys {
		if parts := strings.Split(k.path, "."); len(parts) == 2 && parts[0] == "languages" {
			langs[parts[1]] = true
		}
	}
	if len(langs) > 0 && !langs[lang] {
		// Hugo takes the first language by weight; take the first named.
		for _, k := range c.keys {
			if parts := strings.Split(k.path, "."); len(parts) == 2 && parts[0] == "languages" {
				lang = parts[1]
				break
			}
		}
	}
	inLang := func(key string) string { // a language's own value wins
		if v := c.str("languages." + lang + "." + key); v != "" {
			return v
		}
		return c.str(key)
	}
	p.site.Title = inLang("title")
	p.site.Description = c.str("languages." + lang + ".params.description")
	if p.site.Description == "" {
		p.site.Description = c.str("params.description")
	}
	if p.site.Description == "" {
		p.site.Description = c.str("description")
	}
	p.setBaseURL(c.str("baseurl"), func() (string, int, int) {
		k := c.byPath["baseurl"]
		return k.file, k.line, k.col
	})
	p.site.Language = inLang("languagecode")
	if p.site.Language == "" && c.str("defaultcontentlanguage") != "" {
		p.site.Language = lang
	}
	p.site.Copyright = inLang("copyright")
	if p.site.Copyright == "" {
		p.site.Copyright = c.str("params.copyright")
	}
	if k := c.byPath["markup.highlight.style"]; k != nil {
		p.setStyle(c.str(k.path), k.file, k.line, k.col)
	} else if k := c.byPath["pygmentsstyle"]; k != nil {
		p.setStyle(c.str(k.path), k.file, k.line, k.col)
	}
	contentDir = inLang("contentdir")
	if contentDir == "" {
		contentDir = "content"
	}
	contentDir = strings.Trim(path.Clean("/"+contentDir), "/")
	switch v := c.get("staticdir").(type) {
	case string:
		staticDirs = []string{v}
	case []any:
		for _, d := range v {
			if s, ok := d.(string); ok {
				staticDirs = append(staticDirs, s)
			}
		}
	}
	if len(staticDirs) == 0 {
		staticDirs = []string{"static"}
	}
	mapped := p.hugoEditURL(c, contentDir)
	mapped["params.description"] = true
	mapped["params.copyright"] = p.site.Copyright == c.str("params.copyright")
	mapped["markup.highlight.style"] = true
	mapped["taxonomies.tag"] = c.str("taxonomies.tag") == "tags"
	mapped["taxonomies.category"] = c.str("taxonomies.category") == "categories"

	others = map[string]bool{}
	reported := map[string]bool{}
	for _, k := range c.keys {
		parts := strings.Split(k.path, ".")
		top := parts[0]
		if mapped[k.path] || len(parts) == 1 && hugoTopKeys[top] {
			continue
		}
		if top == "languages" {
			if len(parts) >= 2 && parts[1] != lang && !others[parts[1]] {
				others[parts[1]] = true
				p.report.add(GroupConfig, p.srcPos(k.file, k.line, k.col), "language %s not imported: playbook builds one language, and the import took %s; its pages are left out", parts[1], lang)
			}
			if len(parts) == 3 && parts[1] == lang && !slices.Contains([]string{"title", "contentdir", "languagecode", "languagename", "weight", "params", "copyright"}, parts[2]) ||
				len(parts) == 4 && parts[1] == lang && parts[2] == "params" && parts[3] != "description" {
				p.report.add(GroupConfig, p.srcPos(k.file, k.line, k.col), "%s not carried over", k.name)
			}
			continue
		}
		// The depth at which keys are reported one by one: each key of
		// params, markup.highlight and taxonomies, each table of markup.
		depth := 1
		switch {
		case top == "menu" || top == "menus":
			// Each menu by its name: menu.main, menus.footer.
			depth = 2
		case top == "params" || top == "taxonomies" || top == "markup":
			depth = 2
			if len(parts) > 1 && parts[1] == "highlight" {
				depth = 3
			}
		}
		if _, table := k.value.(map[string]any); len(parts) < depth && table {
			continue // its keys are reported one by one
		}
		covered := reported[k.path] // an array of tables lists its key once a table
		for i := 1; i < len(parts); i++ {
			covered = covered || reported[strings.Join(parts[:i], ".")]
		}
		if covered {
			continue
		}
		reported[k.path] = true
		at := p.srcPos(k.file, k.line, k.col)
		switch {
		case top == "menu" || top == "menus":
			p.report.add(GroupNav, at, "%s not carried over: playbook has no site menus; the sidebar lists the content folders by weight and title", k.name)
		case k.path == "markup.goldmark" || strings.HasPrefix(k.path, "markup.goldmark.renderer"):
			p.report.add(GroupConfig, at, "%s not carried over: playbook drops raw HTML unless site.toml sets [markup] unsafe = true", k.name)
		case top == "markup":
			p.report.add(GroupConfig, at, "%s not carried over: playbook's Markdown is set in [markup] (README)", k.name)
		default:
			p.report.add(GroupConfig, at, "%s not carried over%s", k.name, hugoReason(top))
		}
	}
	return contentDir, staticDirs, lang, others
}

// hugoReason says why a top-level key is not carried over, "" when there
// is nothing to say.
func hugoReason(key string) string {
	switch key {
	case "taxonomies":
		return ": playbook's taxonomies are tags and categories"
	}
	if why := hugoWhy[key]; why != "" {
		return ": " + why
	}
	return ""
}

// hugoEditURL sets editURL from Docsy's github_repo, github_branch and
// github_subdir, or from a theme's params.editURL; playbook appends the
// page's path in the new site (content/…) to it. It returns the keys it
// used.
func (p *project) hugoEditURL(c *hugoConfig, contentDir string) map[string]bool {
	used := map[string]bool{}
	if repo := strings.TrimSuffix(c.str("params.github_repo"), "/"); repo != "" {
		branch := c.str("params.github_branch")
		if branch == "" {
			branch = "main" // Docsy's default
		}
		prefix := repo + "/edit/" + branch + "/"
		if sub := strings.Trim(c.str("params.github_subdir"), "/"); sub != "" {
			prefix += sub + "/"
		}
		used["params.github_repo"], used["params.github_branch"], used["params.github_subdir"] = true, true, true
		if contentDir != "content" {
			p.report.add(GroupConfig, p.hugoPos(c, "params.github_repo"), "editURL not set: the pages were under %s/ in the repository, and playbook appends content/… to editURL; set it by hand (%s)", contentDir, prefix)
			return used
		}
		p.site.EditURL = prefix
		return used
	}
	for _, key := range []string{"params.editurl", "params.editlink", "params.edit_url", "params.editpage"} {
		u := c.str(key)
		if u == "" {
			continue
		}
		used[key] = true
		base, ok := strings.CutSuffix(strings.TrimSuffix(u, "/"), "/"+contentDir)
		if !ok {
			p.report.add(GroupConfig, p.hugoPos(c, key), "editURL not set from %s = %q: it does not end with the content folder %s/, to which playbook would append the page's path; set it by hand", key, u, contentDir)
			return used
		}
		p.site.EditURL = base + "/"
		return used
	}
	if p.repoURL != "" {
		p.site.EditURL = p.repoURL + "/edit/main/"
	}
	return used
}

// hugoNotImported are the folders of a Hugo project that hold what its
// templates do, and why the import leaves them.
var hugoNotImported = []struct{ dir, why string }{
	{"layouts", "Hugo templates; playbook's theme is in themes/ (README: Themes)"},
	{"themes", "Hugo themes; playbook's theme is in themes/ (README: Themes)"},
	{"archetypes", "templates for `hugo new`; `playbook new` has its own"},
	{"data", "data files for templates; put what pages need in their text"},
	{"i18n", "translations of theme strings"},
	{"assets", "Hugo Pipes sources (Sass, JavaScript, images processed by templates); copy images pages show into static/"},
}

// readHugo reads a Hugo project.
func readHugo(p *project) error {
	c := p.readHugoConfig()
	contentDir, staticDirs, lang, others := p.hugoSite(c)
	for _, d := range hugoNotImported {
		if p.exists(d.dir) {
			p.report.add(GroupFiles, p.srcPos(d.dir, 0, 0), "%s/ not imported: %s", d.dir, d.why)
		}
	}
	l := &hugoLangs{p: p, lang: lang, others: others, skipped: map[string][]string{}}
	contentMounts, staticMounts := p.hugoMounts(c, lang)
	if len(contentMounts) == 0 {
		if !p.exists(contentDir) {
			p.report.add(GroupFiles, p.hugoPos(c, "contentdir"), "no content folder %s/: no pages imported", contentDir)
		}
		contentMounts = []hugoMount{{source: contentDir, target: "content"}}
	} else if m := contentMounts[0]; m.target == "content" {
		contentDir = m.source // where includes and readfile look first
	}
	for _, m := range contentMounts {
		l.copy(m.source, m.target)
	}
	l.reportSkipped()
	if len(staticMounts) == 0 {
		for _, d := range staticDirs {
			staticMounts = append(staticMounts, hugoMount{source: strings.Trim(path.Clean("/"+d), "/"), target: "static"})
		}
	}
	for _, m := range staticMounts {
		if fi, err := fs.Stat(p.src, m.source); err == nil && !fi.IsDir() {
			p.addFile(m.source, m.target)
		} else if err == nil {
			p.copyTree(m.source, m.target, false, nil)
		}
	}
	for _, f := range p.sortedFiles() {
		if f.page && f.From != "" {
			if layout := metaString(meta(f), "layout"); layout == "search" || f.Dest == "content/search.md" {
				delete(p.files, f.Dest)
				delete(p.bySource, f.From)
				p.report.add(GroupFiles, p.srcPos(f.From, 0, 0), "not imported: a search page (layout %q); playbook writes its own at /search/", layout)
				continue
			}
			p.hugoMenus(f)
			p.hugoLayout(f)
			p.hugoAliases(f)
		}
	}
	conv := &hugoConverter{p: p, cfg: c, contentDir: contentDir}
	p.convert = conv.convert
	return nil
}

// hugoLangs copies content folders, leaving out the pages of the
// languages not imported (page.fr.md) and writing page.en.md of the
// imported one as page.md.
type hugoLangs struct {
	p       *project
	lang    string
	others  map[string]bool
	skipped map[string][]string
}

// hugoNotMarkdown are the page formats Hugo reads besides Markdown.
var hugoNotMarkdown = []string{".html", ".htm", ".org", ".adoc", ".asciidoc", ".ad", ".rst", ".pandoc", ".pdc"}

// copy copies the source folder or file from to the folder or file to
// of the new site.
func (l *hugoLangs) copy(from, to string) {
	p := l.p
	if fi, err := fs.Stat(p.src, from); err == nil && !fi.IsDir() {
		if isPage(from) {
			p.addPage(from, path.Join(path.Dir(to), pageName(path.Base(to))))
		} else {
			p.addFile(from, to)
		}
		return
	}
	var defaultLang []string
	leaf := map[string]string{} // folder → its index page, "" when none
	bundle := func(dir string) string {
		if idx, ok := leaf[dir]; ok {
			return idx
		}
		entries, _ := fs.ReadDir(p.src, path.Join(from, dir))
		for _, e := range entries {
			if stem, _, _ := strings.Cut(e.Name(), "."); stem == "index" && !e.IsDir() && isPage(e.Name()) {
				leaf[dir] = path.Join(from, dir, e.Name())
				return leaf[dir]
			}
		}
		leaf[dir] = ""
		return ""
	}
	p.copyTree(from, to, true, func(rel string, dir bool) bool {
		if dir {
			return false
		}
		ext := strings.ToLower(path.Ext(rel))
		if slices.Contains(hugoNotMarkdown, ext) {
			p.report.add(GroupFiles, p.srcPos(path.Join(from, rel), 0, 0), "not imported: a %s page; playbook reads Markdown pages", ext)
			return true
		}
		if !isPage(rel) {
			return false
		}
		// A page file in a leaf bundle (below a folder with an index.md)
		// is one of its resources: Hugo publishes no page for it.
		d := path.Dir(rel)
		if stem, _, _ := strings.Cut(path.Base(rel), "."); stem == "index" {
			d = path.Dir(d)
		}
		for ; d != "."; d = path.Dir(d) {
			if idx := bundle(d); idx != "" {
				p.report.add(GroupFiles, p.srcPos(path.Join(from, rel), 0, 0), "not imported: a resource of the page bundle %s, which Hugo publishes no page for (a readfile or include of it is inlined where it is used)", idx)
				return true
			}
		}
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		if lang := strings.ToLower(strings.TrimPrefix(path.Ext(stem), ".")); lang != "" {
			if l.others[lang] {
				l.skipped[lang] = append(l.skipped[lang], path.Join(from, rel))
				return true
			}
			if lang == l.lang {
				defaultLang = append(defaultLang, rel)
				return true
			}
		}
		return false
	})
	for _, rel := range defaultLang {
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		p.addPage(path.Join(from, rel), path.Join(to, strings.TrimSuffix(stem, path.Ext(stem))+".md"))
	}
}

// reportSkipped names the pages of each language left out.
func (l *hugoLangs) reportSkipped() {
	langs := make([]string, 0, len(l.skipped))
	for lang := range l.skipped {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		l.p.report.add(GroupFiles, l.p.srcPos(l.skipped[lang][0], 0, 0), "%s not imported: language %s (the import took %s)", plural(len(l.skipped[lang]), "page"), lang, l.lang)
	}
}

// hugoMount is one of module.mounts: a source folder or file of the
// project shown at target ("content", "content/project/README.md",
// "static").
type hugoMount struct{ source, target string }

// hugoMounts returns the module.mounts of the configuration that put
// files of the imported language into content/ and static/ (Hugo then
// mounts no default folder for them). Mounts from outside the project,
// or for other languages, are reported.
func (p *project) hugoMounts(c *hugoConfig, lang string) (content, static []hugoMount) {
	var list []map[string]any
	switch v := c.get("module.mounts").(type) {
	case []any:
		for _, m := range v {
			if mm, ok := m.(map[string]any); ok {
				list = append(list, mm)
			}
		}
	case []map[string]any:
		list = v
	}
	at := p.hugoPos(c, "module.mounts")
	for _, m := range list {
		source, _ := m["source"].(string)
		target, _ := m["target"].(string)
		target = strings.Trim(path.Clean("/"+target), "/")
		top, _, _ := strings.Cut(target, "/")
		if top != "content" && top != "static" {
			continue // assets, layouts, data, i18n: reported as folders
		}
		var langs []string
		if s, ok := m["lang"].(string); ok {
			langs = append(langs, s)
		}
		if sites, ok := m["sites"].(map[string]any); ok {
			if matrix, ok := sites["matrix"].(map[string]any); ok {
				if ls, ok := matrix["languages"].([]any); ok {
					for _, x := range ls {
						if s, ok := x.(string); ok {
							langs = append(langs, s)
						}
					}
				}
			}
		}
		if len(langs) > 0 && !slices.Contains(langs, lang) {
			p.report.add(GroupFiles, at, "mount of %s at %s not imported: it is for language %s (the import took %s)", source, target, strings.Join(langs, ", "), lang)
			continue
		}
		clean := path.Clean(source)
		if path.IsAbs(source) || clean == ".." || strings.HasPrefix(clean, "../") || !fs.ValidPath(clean) {
			p.report.add(GroupFiles, at, "mount of %s at %s not imported: it is outside the project; copy the file into the new site by hand", source, target)
			continue
		}
		if !p.exists(clean) {
			p.report.add(GroupFiles, at, "mount of %s at %s not imported: no such file or folder", source, target)
			continue
		}
		if top == "content" {
			content = append(content, hugoMount{clean, target})
		} else {
			static = append(static, hugoMount{clean, target})
		}
	}
	// The mount of the whole content folder first.
	sort.SliceStable(content, func(i, j int) bool { return content[i].target == "content" && content[j].target != "content" })
	return content, static
}

// hugoLayout turns a page's layout key into a comment: it names a Hugo
// template, which playbook's theme does not have, and the build would
// fail on it.
func (p *project) hugoLayout(f *file) {
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil || fm.Format != "yaml" && fm.Format != "toml" {
		return
	}
	at, end, ok := keyLine(f.Data[fm.Start:fm.End], fm.Format, "layout")
	if at < 0 {
		return
	}
	pos := posIn(f, fm.Start+at)
	if !ok {
		p.report.add(GroupFrontMatter, pos, "layout is written over several lines: it names a Hugo template; remove it by hand")
		return
	}
	line := string(f.Data[fm.Start+at : fm.Start+end])
	f.Data = splice(f.Data, fm.Start+at, fm.Start+end, "# "+line)
	p.report.add(GroupFrontMatter, pos, "%s: a Hugo template, commented out; playbook's layouts are in themes/ (README: Themes)", strings.TrimSpace(line))
}

// hugoMenus reports a page's menu entries in front matter: the sidebar
// is built from the folders and weights instead.
func (p *project) hugoMenus(f *file) {
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil || fm.Format == "" {
		return
	}
	m := meta(f)
	for _, key := range []string{"menu", "menus"} {
		if _, ok := m[key]; !ok {
			continue
		}
		off := fm.Start
		if fm.Format == "yaml" || fm.Format == "toml" {
			if at, _, _ := keyLine(f.Data[fm.Start:fm.End], fm.Format, key); at >= 0 {
				off += at
			}
		}
		p.report.add(GroupNav, posIn(f, off), "front matter %s not carried over: the sidebar lists pages by weight and title (weight and linkTitle are kept)", key)
	}
}

// fmtValue writes a configuration value for a message or a page: a
// scalar as it reads, "" for anything else.
func fmtValue(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case int, int64, float64, bool:
		return fmt.Sprint(t), true
	}
	return "", false
}

// hugoAliases writes a page's relative aliases ("../old-name") as the
// site paths Hugo made of them, relative to the page's folder URL:
// playbook takes site paths only.
func (p *project) hugoAliases(f *file) {
	m := meta(f)
	list, _ := m["aliases"].([]any)
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil || len(list) == 0 {
		return
	}
	dir := "/" + strings.TrimPrefix(path.Dir(f.Dest), "content")
	if name := path.Base(f.Dest); name == "index.md" || name == "_index.md" {
		dir = path.Dir(dir)
	}
	for _, v := range list {
		alias, _ := v.(string)
		if alias == "" || strings.HasPrefix(alias, "/") || strings.Contains(alias, "://") {
			continue
		}
		abs := path.Join(dir, alias) + "/"
		re := regexp.MustCompile(`(^|[\s\["',])` + regexp.QuoteMeta(alias) + `($|[\s\]"',])`)
		text := f.Data[fm.Start:fm.End]
		loc := re.FindSubmatchIndex(text)
		if loc == nil {
			continue
		}
		f.Data = splice(f.Data, fm.Start+loc[3], fm.Start+loc[4], abs)
		fm.End += len(abs) - (loc[4] - loc[3])
		p.count(f, LinksRewritten, 1)
	}
}
