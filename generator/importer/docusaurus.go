package importer

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/layout"
)

// A Docusaurus project: docusaurus.config.js (or .ts, .mjs) read as data
// without running it (jsdata.go), the docs plugin's folder moved to
// content/ with .mdx pages as .md, the static folders to static/, the
// main sidebar of sidebars.js written as weights, linkTitles and section
// pages, and the MDX that only Docusaurus understood converted (mdx.go).
// Docusaurus' own Markdown (:::tip, sidebar_position, _category_.json,
// README.md/index.md folder pages) already builds and is left as it is.

// docusaurus is what the reader knows of the project while it converts.
type docusaurus struct {
	p *project
	// config is the configuration file's name; base is its folder ("" or
	// "website"), which the configuration's paths are relative to.
	config, base string
	// docsDir is the docs plugin's folder in the source ("docs").
	docsDir string
	// statics are the static folders, published at the site's root;
	// staticsSet is whether the configuration names them
	// (staticDirectories) rather than the default static/.
	statics    []string
	staticsSet bool
	// route is the docs' URL prefix without a trailing slash: "/docs",
	// or "" for routeBasePath "/".
	route string
	// byID and byRoute find a doc by its Docusaurus id ("sales/discovery")
	// and by its URL path ("/docs/sales/discovery-calls").
	byID, byRoute map[string]*file
	// routeOf is each doc's URL path.
	routeOf map[*file]string
	// format is the configuration's markdown.format: "mdx" (the
	// default), "md" or "detect".
	format string
	// listed holds the docs the main sidebar names.
	listed map[*file]bool
	// aliased is set once the pages have their old URLs as aliases.
	aliased bool
	// editAt is the position of docs.editUrl when it was read as editURL.
	editAt diag.Pos
}

// readDocusaurus reads a Docusaurus project.
func readDocusaurus(p *project) error {
	d := &docusaurus{p: p, docsDir: "docs", route: "/docs", byID: map[string]*file{}, byRoute: map[string]*file{}, routeOf: map[*file]string{}, listed: map[*file]bool{}}
	sidebarPath, statics, err := d.readConfig()
	if err != nil {
		return err
	}
	d.statics = statics
	if p.site.EditURL != "" && d.editAt.File != "" {
		docs := strings.TrimPrefix(strings.TrimPrefix(d.docsDir, d.base), "/")
		p.report.add(GroupConfig, d.editAt, "editURL is %s: playbook appends content/<page> to it, where Docusaurus appended %s/<page>; the edit links are right once the new site's content/ is in the repository where %s/ was", p.site.EditURL, docs, docs)
	}
	if !p.exists(d.docsDir) {
		p.report.add(GroupFiles, p.srcPos(d.docsDir, 0, 0), "the docs folder does not exist; no page imported")
	}
	// Files and folders whose name begins with "_" are partials in
	// Docusaurus, not pages (_category_ files are navigation, read
	// natively).
	partial := func(rel string, dir bool) bool {
		name := path.Base(rel)
		return strings.HasPrefix(name, "_") && (dir || isPage(name))
	}
	docs := p.copyTree(d.docsDir, "content", true, partial)
	for _, dir := range statics {
		if !p.exists(dir) {
			if d.staticsSet { // the default folder is optional
				p.report.add(GroupFiles, p.srcPos(dir, 0, 0), "the static folder staticDirectories names does not exist")
			}
			continue
		}
		p.copyTree(dir, "static", false, nil)
	}
	for _, dir := range []struct{ name, why string }{
		{"blog", "the blog is not imported; move its posts into a section of content/ by hand if you keep them"},
		{"src", "React pages and components are not imported; pages written in MDX under src/pages need moving into content/ by hand"},
		{"i18n", "translations are not imported; playbook builds one language"},
		{"versioned_docs", "older doc versions are not imported; only the current docs are"},
	} {
		if name := path.Join(d.base, dir.name); p.exists(name) {
			p.report.add(GroupFiles, p.srcPos(name, 0, 0), "%s", dir.why)
		}
	}
	for _, f := range docs {
		d.index(f)
	}
	d.home(docs)
	if sidebarPath != "" {
		d.readSidebars(sidebarPath, docs)
	}
	p.convert = d.convert
	return nil
}

// configNames are the names Docusaurus reads its configuration from.
var configNames = []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs", "docusaurus.config.mts"}

// readConfig reads docusaurus.config.* into the site and the reader, and
// returns the sidebars file to read ("" for none) and the static folders;
// the error is the file's syntax error ("site/docusaurus.config.js:1:36:
// syntax error: …"), which Docusaurus would refuse too.
func (d *docusaurus) readConfig() (sidebarPath string, statics []string, err error) {
	p := d.p
	name := ""
	for _, dir := range []string{"", "website"} { // website/: beside the code it documents
		for _, n := range configNames {
			if n = path.Join(dir, n); name == "" && p.exists(n) {
				name, d.base = n, dir
			}
		}
	}
	d.docsDir = path.Join(d.base, "docs")
	statics = []string{path.Join(d.base, "static")}
	if name == "" {
		p.report.add(GroupConfig, p.srcPos(".", 0, 0), "no docusaurus.config.js; site.toml has the defaults")
		return d.defaultSidebars(), statics, nil
	}
	d.config = name
	data, err := p.read(name)
	if err != nil {
		p.report.add(GroupConfig, p.srcPos(name, 0, 0), "not read: %s", errText(err))
		return d.defaultSidebars(), statics, nil
	}
	js := newJSData(string(data))
	lines := diag.NewLines(name, data)
	at := func(off int) diag.Pos {
		pos := lines.Pos(off)
		return p.srcPos(name, pos.Line, pos.Col)
	}
	if e := js.syntaxError(); e != nil {
		return "", nil, fmt.Errorf("%s: syntax error: %s", at(e.Off), e.Msg)
	}
	cfg := js.exported()
	if cfg == nil || cfg.Kind != jsObject || cfg.get("title") == nil {
		cfg = js.objectWith("title", "baseUrl")
	}
	if cfg == nil {
		cfg = js.objectWith("title")
	}
	if cfg == nil {
		p.report.add(GroupConfig, at(0), "no configuration object with a title found (it is built by code); set title, baseURL and the rest in site.toml")
		return d.defaultSidebars(), statics, nil
	}
	// text reads a string value, reporting one that is not plain data.
	text := func(v *jsValue, key string) (string, bool) {
		if v == nil || v.Kind == jsNull {
			return "", false
		}
		if s, ok := v.str(); ok {
			return s, true
		}
		p.report.add(GroupConfig, at(v.Off), "%s is not plain data (%s); set it in site.toml by hand", key, short(v.Str))
		return "", false
	}
	var siteURL, baseURL string
	var urlOff int
	var sidebarSet bool
	for _, fld := range cfg.Fields {
		v := fld.Value
		switch fld.Key {
		case "title":
			p.site.Title, _ = text(v, "title")
		case "tagline":
			p.site.Description, _ = text(v, "tagline")
		case "url":
			siteURL, _ = text(v, "url")
			urlOff = fld.Off
		case "baseUrl":
			baseURL, _ = text(v, "baseUrl")
		case "i18n":
			d.readI18n(v, at)
		case "presets":
			sidebarPath, sidebarSet = d.readPresets(v, at, text)
		case "themeConfig":
			d.readThemeConfig(v, at, text)
		case "markdown":
			d.readMarkdown(v, at)
		case "staticDirectories":
			if v.Kind != jsArray {
				p.report.add(GroupConfig, at(fld.Off), "staticDirectories is not plain data; static/ is imported")
				continue
			}
			statics, d.staticsSet = nil, true
			for _, it := range v.Items {
				if s, ok := it.str(); ok && d.rel(s) != "" {
					statics = append(statics, d.rel(s))
				} else {
					p.report.add(GroupConfig, at(it.Off), "static folder %s not imported: not a folder inside the project", short(it.Str))
				}
			}
		case "":
			p.report.add(GroupConfig, at(fld.Off), "%s in the configuration is not plain data; not carried over", short(v.Str))
		default:
			p.report.add(GroupConfig, at(fld.Off), "%s is not carried over (playbook has no equivalent)", fld.Key)
		}
	}
	if siteURL != "" {
		p.setBaseURL(strings.TrimSuffix(siteURL, "/")+"/"+strings.TrimPrefix(baseURL, "/"), func() (string, int, int) {
			pos := at(urlOff)
			return name, pos.Line, pos.Col
		})
	}
	if !sidebarSet {
		sidebarPath = d.defaultSidebars()
	}
	return sidebarPath, statics, nil
}

// defaultSidebars returns the sidebars file the classic template writes,
// when there is one.
func (d *docusaurus) defaultSidebars() string {
	for _, n := range []string{"sidebars.js", "sidebars.ts", "sidebars.mjs", "sidebars.cjs", "sidebars.json"} {
		if n = path.Join(d.base, n); d.p.exists(n) {
			return n
		}
	}
	return ""
}

// readI18n reads i18n.defaultLocale as the language; other locales are
// reported.
func (d *docusaurus) readI18n(v *jsValue, at func(int) diag.Pos) {
	if v.Kind != jsObject {
		d.p.report.add(GroupConfig, at(v.Off), "i18n is not plain data; set language in site.toml")
		return
	}
	for _, f := range v.Fields {
		switch f.Key {
		case "defaultLocale":
			if s, ok := f.Value.str(); ok {
				d.p.site.Language = s
			} else {
				d.p.report.add(GroupConfig, at(f.Off), "i18n.defaultLocale is not plain data; set language in site.toml")
			}
		case "locales":
			if f.Value.Kind != jsArray || len(f.Value.Items) > 1 {
				d.p.report.add(GroupConfig, at(f.Off), "i18n.locales: playbook builds one language; only the default locale's docs are imported")
			}
		default:
			d.p.report.add(GroupConfig, at(f.Off), "i18n.%s is not carried over", f.Key)
		}
	}
}

// readMarkdown reads markdown.format, which says which pages are MDX;
// mermaid needs nothing (playbook draws mermaid blocks); the other
// options are reported.
func (d *docusaurus) readMarkdown(v *jsValue, at func(int) diag.Pos) {
	p := d.p
	if v.Kind != jsObject {
		p.report.add(GroupConfig, at(v.Off), "markdown is not plain data (%s); its pages are read as MDX", short(v.Str))
		return
	}
	for _, f := range v.Fields {
		switch s, _ := f.Value.str(); {
		case f.Key == "format" && (s == "mdx" || s == "md" || s == "detect"):
			d.format = s
		case f.Key == "format":
			p.report.add(GroupConfig, at(f.Off), "markdown.format %s is not one Docusaurus knows; pages are read as MDX", short(f.Value.Str))
		case f.Key == "mermaid" && f.Value.Kind == jsBool:
		default:
			p.report.add(GroupConfig, at(f.Off), "markdown.%s is not carried over", keyName(f))
		}
	}
}

// readPresets reads the classic preset's docs options; the other
// presets and options are reported. It returns the sidebars file and
// whether the configuration set it.
func (d *docusaurus) readPresets(v *jsValue, at func(int) diag.Pos, text func(*jsValue, string) (string, bool)) (string, bool) {
	p := d.p
	if v.Kind != jsArray {
		p.report.add(GroupConfig, at(v.Off), "presets is not plain data; the docs are read from docs/")
		return "", false
	}
	sidebars, set := "", false
	for _, preset := range v.Items {
		name, opts := "", (*jsValue)(nil)
		switch {
		case preset.Kind == jsString:
			name = preset.Str
		case preset.Kind == jsArray && len(preset.Items) > 0:
			name, _ = preset.Items[0].str()
			if len(preset.Items) > 1 {
				opts = preset.Items[1]
			}
		}
		classic := name == "classic" || name == "@docusaurus/preset-classic"
		if !classic && opts.get("docs") == nil {
			p.report.add(GroupConfig, at(preset.Off), "preset %s is not carried over", short(presetName(preset)))
			continue
		}
		if !classic {
			p.report.add(GroupConfig, at(preset.Off), "preset %s: its docs options are read as the classic preset's, the rest is not carried over", short(presetName(preset)))
		}
		if opts == nil {
			continue
		}
		if opts.Kind != jsObject {
			p.report.add(GroupConfig, at(opts.Off), "the classic preset's options are not plain data (%s); the docs are read from docs/", short(opts.Str))
			continue
		}
		for _, f := range opts.Fields {
			switch f.Key {
			case "docs":
				sidebars, set = d.readDocsOptions(f.Value, at, text)
			case "blog":
				if f.Value.Kind != jsBool || f.Value.Str != "false" {
					p.report.add(GroupConfig, at(f.Off), "the blog is not imported")
				}
			default:
				p.report.add(GroupConfig, at(f.Off), "classic preset option %s is not carried over", keyName(f))
			}
		}
	}
	return sidebars, set
}

// presetName returns a preset's name or the expression that names it.
func presetName(v *jsValue) string {
	if v.Kind == jsArray && len(v.Items) > 0 {
		v = v.Items[0]
	}
	return v.Str
}

// readDocsOptions reads the docs plugin's options: path, routeBasePath,
// sidebarPath, editUrl.
func (d *docusaurus) readDocsOptions(v *jsValue, at func(int) diag.Pos, text func(*jsValue, string) (string, bool)) (string, bool) {
	p := d.p
	if v.Kind == jsBool && v.Str == "false" {
		return "", true
	}
	if v.Kind != jsObject {
		p.report.add(GroupConfig, at(v.Off), "docs options are not plain data (%s); the docs are read from docs/", short(v.Str))
		return "", false
	}
	sidebars, set := "", false
	for _, f := range v.Fields {
		switch f.Key {
		case "path":
			if s, ok := text(f.Value, "docs.path"); ok {
				if rel := d.rel(s); rel != "" {
					d.docsDir = rel
				} else {
					p.report.add(GroupConfig, at(f.Off), "docs.path %q is not a folder inside the project; docs/ is read", s)
				}
			}
		case "routeBasePath":
			if s, ok := text(f.Value, "docs.routeBasePath"); ok {
				d.route = strings.TrimSuffix("/"+strings.Trim(s, "/"), "/")
			}
		case "sidebarPath":
			set = true
			switch {
			case f.Value.Kind == jsBool && f.Value.Str == "false":
			case f.Value.Kind == jsString:
				sidebars = d.rel(f.Value.Str)
			default: // require.resolve('./sidebars.js')
				if m := requireArg.FindStringSubmatch(f.Value.Str); m != nil {
					sidebars = d.rel(m[1])
				} else {
					p.report.add(GroupNav, at(f.Off), "docs.sidebarPath is not plain data (%s); the sidebar follows sidebar_position and _category_ files", short(f.Value.Str))
				}
			}
		case "editUrl":
			if s, ok := f.Value.str(); ok {
				d.p.site.EditURL = s
				d.editAt = at(f.Off)
			} else {
				p.report.add(GroupConfig, at(f.Off), "docs.editUrl is a function or an expression (%s); set editURL in site.toml (the page's path is appended to it)", short(f.Value.Str))
			}
		default:
			p.report.add(GroupConfig, at(f.Off), "docs option %s is not carried over", keyName(f))
		}
	}
	return sidebars, set
}

var requireArg = regexp.MustCompile(`^require\.resolve\(\s*['"]([^'"]+)['"]\s*\)$`)

// readThemeConfig reads the footer's copyright and prism's theme; every
// other key is reported.
func (d *docusaurus) readThemeConfig(v *jsValue, at func(int) diag.Pos, text func(*jsValue, string) (string, bool)) {
	p := d.p
	if v.Kind != jsObject {
		p.report.add(GroupConfig, at(v.Off), "themeConfig is not plain data (%s); not carried over", short(v.Str))
		return
	}
	for _, f := range v.Fields {
		switch {
		case f.Key == "footer" && f.Value.Kind == jsObject:
			for _, g := range f.Value.Fields {
				if g.Key == "copyright" {
					if s, ok := text(g.Value, "themeConfig.footer.copyright"); ok {
						p.site.Copyright = s
					}
					continue
				}
				p.report.add(GroupConfig, at(g.Off), "themeConfig.footer.%s is not carried over", keyName(g))
			}
		case f.Key == "prism" && f.Value.Kind == jsObject:
			for _, g := range f.Value.Fields {
				if g.Key == "theme" || g.Key == "darkTheme" {
					pos := at(g.Value.Off)
					name := prismTheme(g.Value.Str)
					if style, ok := prismStyles[name]; ok {
						name = style
					}
					set := p.setStyle
					if g.Key == "darkTheme" {
						set = p.setDarkStyle
					}
					set(name, d.config, pos.Line, pos.Col)
					continue
				}
				p.report.add(GroupConfig, at(g.Off), "themeConfig.prism.%s is not carried over", keyName(g))
			}
		default:
			p.report.add(GroupConfig, at(f.Off), "themeConfig.%s is not carried over", keyName(f))
		}
	}
}

// prismTheme returns the name of a prism-react-renderer theme from the
// expression that names it: "github" for prismThemes.github or
// require('prism-react-renderer/themes/github').
func prismTheme(expr string) string {
	expr = strings.TrimSuffix(strings.TrimSpace(expr), ")")
	expr = strings.Trim(expr, `'"`)
	if i := strings.LastIndexAny(expr, "./'\""); i >= 0 {
		expr = expr[i+1:]
	}
	return expr
}

// prismStyles maps prism-react-renderer's themes to chroma styles of the
// same palette.
var prismStyles = map[string]string{
	"github": "github", "dracula": "dracula", "oneDark": "onedark", "vsLight": "vs",
	"gruvboxMaterialDark": "gruvbox", "gruvboxMaterialLight": "gruvbox-light", "okaidia": "monokai",
}

// keyName names a field for the report: its key, or its source text
// when it is a spread or a computed key.
func keyName(f jsField) string {
	if f.Key == "" {
		return short(f.Value.Str)
	}
	return f.Key
}

// short returns source text for a message: one line, at most 60 bytes,
// in backticks.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// rel returns a path of the configuration ("./docs", "../docs",
// "static/"), relative to its folder, as a clean slash path inside the
// project; "" when it leaves the project or is absolute.
func (d *docusaurus) rel(s string) string {
	if strings.HasPrefix(s, "/") || strings.Contains(s, `\`) {
		return ""
	}
	c := path.Join(d.base, s)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return ""
	}
	return c
}

// numberPrefix is Docusaurus' number prefix of a file or folder name
// ("01-intro", "2. Setup"), which it leaves out of ids and URLs.
var numberPrefix = regexp.MustCompile(`^\d+\s*[-_.]+\s*([^-_.\s].*)$`)

func unprefixed(name string) string {
	if m := numberPrefix.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return name
}

// index records a doc's id and URL as Docusaurus computes them: the id
// is its path without extension and number prefixes, its front matter
// id in place of the file name; the URL is the route base, then its
// folders and id (or its folder alone for index.md, README.md and
// <folder>.md), or its slug.
func (d *docusaurus) index(f *file) {
	rel := strings.TrimPrefix(strings.TrimPrefix(f.From, d.docsDir), "/")
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	var segs []string
	if dir != "" {
		for _, s := range strings.Split(dir, "/") {
			segs = append(segs, unprefixed(s))
		}
	}
	udir := strings.Join(segs, "/")
	stem := unprefixed(strings.TrimSuffix(name, path.Ext(name)))
	m := meta(f)
	base := stem
	if id := metaString(m, "id"); id != "" {
		base = id
	}
	d.byID[path.Join(udir, base)] = f
	var route string
	switch slug := metaString(m, "slug"); {
	case strings.HasPrefix(slug, "/"):
		route = slug
	case slug != "":
		route = path.Join("/", udir, slug)
	case strings.EqualFold(stem, "index") || strings.EqualFold(stem, "readme") || len(segs) > 0 && strings.EqualFold(stem, segs[len(segs)-1]):
		route = path.Join("/", udir)
	default:
		route = path.Join("/", udir, base)
	}
	route = strings.TrimSuffix(d.route+route, "/")
	d.byRoute[route] = f
	d.routeOf[f] = route
}

// home makes a top-level doc with `slug: /` (the docs' home page in
// Docusaurus) the content folder's own page, when the folder has none.
func (d *docusaurus) home(docs []*file) {
	p := d.p
	for _, f := range docs {
		if metaString(meta(f), "slug") != "/" {
			continue
		}
		if path.Dir(f.Dest) != "content" {
			p.report.add(GroupNav, posIn(f, 0), "slug: / makes this page the docs' home in Docusaurus; playbook's home is content/_index.md: move the page there by hand (the slug is dropped)")
			if p.dropMeta(f, "slug") {
				p.count(f, NavigationKeys, 1)
			}
			continue
		}
		taken := ""
		for _, n := range []string{"_index.md", "index.md", "README.md"} {
			if p.page("content/"+n) != nil {
				taken = "content/" + n
			}
		}
		if taken != "" {
			p.report.add(GroupNav, posIn(f, 0), "slug: / makes this page the docs' home in Docusaurus, but %s is already the home page; the slug is dropped", taken)
		} else {
			delete(p.files, f.Dest)
			delete(p.urls, urlKey(f.Dest, true))
			f.Dest = p.claim(f.From, "content/_index.md", true)
			p.files[f.Dest] = f
		}
		if p.dropMeta(f, "slug") {
			p.count(f, NavigationKeys, 1)
		}
	}
}

// isSectionPage reports whether a page of the new site is its folder's
// own page.
func isSectionPage(dest string) bool { return layout.IndexRank(path.Base(dest)) > 0 }

// fmtLabel quotes a sidebar label for a message.
func fmtLabel(s string) string { return fmt.Sprintf("%q", s) }

// oldURLs gives every doc its Docusaurus URL (/docs/…) as an alias, and
// says so in the report; without a configuration, which says where the
// docs were (routeBasePath), there are none.
func (d *docusaurus) oldURLs() {
	if d.config == "" {
		return
	}
	o := newOldURLs(d.p)
	for _, f := range d.p.sortedFiles() {
		if route, ok := d.routeOf[f]; ok && d.p.files[f.Dest] == f {
			o.add(f, route+"/")
		}
	}
	if o.added > 0 {
		d.p.report.add(GroupNav, d.p.srcPos(d.config, 0, 0), "the old URLs redirect: each page whose URL changed (%s) has its Docusaurus URL (%s/…) in aliases, so links and bookmarks to the old site keep working", o.pages(), d.route)
	}
}
