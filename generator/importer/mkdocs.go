package importer

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/content"
)

// An MkDocs project is mkdocs.yml and its docs_dir (docs/). The
// configuration's keys map onto site.toml; its nav: becomes weights,
// linkTitles and sections' own pages; pymdownx.snippets includes
// (--8<--) are inlined. MkDocs publishes every file of docs_dir at its
// path, so files a playbook build refuses under content/ (scripts,
// HTML) and the theme's extra_css and extra_javascript move to static/
// at the same path, which keeps their URL.

// mkKey is a top-level key of the configuration, from the file that set
// it (mkdocs.yml, or a file it INHERITs from).
type mkKey struct {
	file     string
	key, val *yaml.Node
}

// mkdocs is an MkDocs project while it is read.
type mkdocs struct {
	p *project
	// keys are the configuration's top-level keys in the order written,
	// the inheriting file's after its parent's.
	keys []mkKey
	// docs is docs_dir as a slash path in the source ("docs").
	docs string
	// snippetBase are the folders snippets are looked up in.
	snippetBase []string
	// autoAppend are snippet files added to the end of every page.
	autoAppend []string
	// budget is how many bytes snippets may still add to the page
	// being converted.
	budget int
	// annotateAll: theme.features has content.code.annotate, which
	// annotates every code block.
	annotateAll bool
	// inCode is set while the page's snippet line being inlined is in
	// code, where the build shows a snippet line that is not inlined.
	inCode bool
	// fileOf is the configuration file of every node read.
	fileOf map[*yaml.Node]string
	// macros: the mkdocs-macros plugin renders Jinja in pages.
	macros bool
	// placed are the folders of the new site whose order and label
	// the navigation set, and the pages it listed.
	placed map[string]bool
	// counters give the next place in each folder of the new site.
	counters map[string]int
}

// mkdocsNative are the Markdown extensions whose syntax playbook renders
// as written (or the import converts): they need no report item.
var mkdocsNative = map[string]bool{
	"abbr": true, "admonition": true, "attr_list": true, "def_list": true, "footnotes": true,
	"tables": true, "toc": true, "meta": true, "fenced_code": true, "codehilite": true, "smarty": true,
	"sane_lists": true, "pymdownx.details": true, "pymdownx.superfences": true, "pymdownx.tabbed": true,
	"pymdownx.tasklist": true, "pymdownx.mark": true, "pymdownx.keys": true, "pymdownx.highlight": true,
	"pymdownx.snippets": true, "pymdownx.betterem": true, "pymdownx.magiclink": true,
	"pymdownx.blocks.admonition": true, "pymdownx.blocks.details": true, "pymdownx.blocks.tab": true, "pymdownx.blocks.caption": true,
	"markdown.extensions.admonition": true, "markdown.extensions.toc": true, "markdown.extensions.tables": true,
	// No syntax of their own, and what they did playbook does already:
	// pathconverter rewrote relative link paths (playbook resolves them
	// and the import rewrites them to the new site's files),
	// mdx_truly_sane_lists nested lists by 2 spaces and kept lists apart
	// (as CommonMark reads lists), saneheaders wanted a space after "#"
	// (as CommonMark does).
	"pymdownx.pathconverter": true, "mdx_truly_sane_lists": true, "pymdownx.saneheaders": true,
}

// mkdocsNoSyntax are Markdown extensions with no syntax of their own
// that change how pages render in a way playbook does not, each with
// what playbook does instead.
var mkdocsNoSyntax = map[string]string{
	"nl2br":                     "it made every line break in a paragraph a <br>; playbook, as CommonMark, joins a paragraph's lines (end a line with a backslash to break it)",
	"markdown.extensions.nl2br": "it made every line break in a paragraph a <br>; playbook, as CommonMark, joins a paragraph's lines (end a line with a backslash to break it)",
	"pymdownx.striphtml":        "it stripped comments and attributes from the HTML MkDocs wrote; playbook writes its own HTML",
	"pymdownx.escapeall":        "it let a backslash escape any character; playbook, as CommonMark, escapes only punctuation (a backslash before a letter or space shows)",
}

// mkdocsOptionsUsed are the options of extensions the import reads.
var mkdocsOptionsUsed = map[string]bool{
	"pymdownx.highlight.pygments_style": true, "codehilite.pygments_style": true,
	"pymdownx.snippets.base_path": true, "pymdownx.snippets.auto_append": true,
}

// readMkDocs reads an MkDocs project: mkdocs.yml, docs_dir and nav.
func readMkDocs(p *project) error {
	name := "mkdocs.yml"
	if !p.exists(name) && p.exists("mkdocs.yaml") {
		name = "mkdocs.yaml"
	}
	m := newMkDocs(p)
	if err := m.load(name, 0); err != nil {
		return err
	}
	m.config()
	m.files()
	if nav := m.key("nav"); nav != nil {
		m.nav(nav.val, nav.file, "", "content")
		m.unlisted()
	} else {
		m.awesomePages()
	}
	p.convert = m.convert
	return nil
}

// newMkDocs returns an MkDocs project read into p, with MkDocs'
// defaults: docs_dir docs, snippets from the project's root.
func newMkDocs(p *project) *mkdocs {
	return &mkdocs{p: p, docs: "docs", snippetBase: []string{"."}, placed: map[string]bool{}, counters: map[string]int{}, fileOf: map[*yaml.Node]string{}}
}

// maxInherit bounds a chain of INHERIT keys.
const maxInherit = 5

// load reads the configuration file name (a slash path in the source),
// after the file its INHERIT key names, if any.
func (m *mkdocs) load(name string, depth int) error {
	data, err := m.p.read(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return m.p.configError(name, data, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not a mapping of keys", path.Join(m.p.report.Source, name))
	}
	var own []mkKey
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := mkKey{file: name, key: root.Content[i], val: root.Content[i+1]}
		if k.key.Value != "INHERIT" {
			own = append(own, k)
			continue
		}
		parent, ok := m.within(path.Dir(name), k.val.Value)
		switch {
		case !ok:
			m.item(GroupConfig, k, "INHERIT %q is outside the project; its keys are not read", k.val.Value)
		case depth >= maxInherit:
			m.item(GroupConfig, k, "INHERIT %q is more than %d files deep; its keys are not read", k.val.Value, maxInherit)
		default:
			if err := m.load(parent, depth+1); err != nil {
				m.item(GroupConfig, k, "INHERIT %q not read: %s", k.val.Value, errText(err))
			}
		}
	}
	// The inheriting file's keys replace its parent's; mappings merge,
	// key by key, as MkDocs merges them.
	for _, k := range own {
		at := slices.IndexFunc(m.keys, func(o mkKey) bool { return o.key.Value == k.key.Value })
		if at >= 0 && k.val.Kind == yaml.MappingNode && m.keys[at].val.Kind == yaml.MappingNode {
			k.val = m.merge(m.keys[at].val, k.val)
		}
		if at >= 0 {
			m.keys = slices.Delete(m.keys, at, at+1)
		}
		m.keys = append(m.keys, k)
	}
	m.remember(root, name)
	return nil
}

// merge returns a mapping with the keys of parent that child does not
// set, then child's; mappings under one key merge too.
func (m *mkdocs) merge(parent, child *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: child.Tag, Line: child.Line, Column: child.Column}
	for i := 0; i+1 < len(parent.Content); i += 2 {
		if mappingValue(child, parent.Content[i].Value) == nil {
			out.Content = append(out.Content, parent.Content[i], parent.Content[i+1])
		}
	}
	for i := 0; i+1 < len(child.Content); i += 2 {
		v := child.Content[i+1]
		if pv := mappingValue(parent, child.Content[i].Value); pv != nil && pv.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode {
			v = m.merge(pv, v)
		}
		out.Content = append(out.Content, child.Content[i], v)
	}
	return out
}

// mappingValue returns the value of key in a mapping node, nil if none.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// remember records the file of every node under n that has none yet, for
// positions in merged configuration.
func (m *mkdocs) remember(n *yaml.Node, file string) {
	if _, ok := m.fileOf[n]; ok {
		return
	}
	m.fileOf[n] = file
	for _, c := range n.Content {
		m.remember(c, file)
	}
}

// within returns the slash path of name, written relative to the source
// folder dir, and false when it is absolute or leaves the source.
func (m *mkdocs) within(dir, name string) (string, bool) {
	if name == "" || path.IsAbs(name) || strings.Contains(name, "\\") || strings.Contains(name, ":") {
		return "", false
	}
	rel := path.Join(dir, name)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return rel, true
}

// key returns the top-level key name, nil when it is not set.
func (m *mkdocs) key(name string) *mkKey {
	for i := range m.keys {
		if m.keys[i].key.Value == name {
			return &m.keys[i]
		}
	}
	return nil
}

// item reports a key of the configuration at its position.
func (m *mkdocs) item(g Group, k mkKey, format string, args ...any) {
	m.itemAt(g, k.file, k.key, format, args...)
}

// itemAt reports at a node of the configuration (of file, unless the
// node came from another file through INHERIT).
func (m *mkdocs) itemAt(g Group, file string, n *yaml.Node, format string, args ...any) {
	if f, ok := m.fileOf[n]; ok {
		file = f
	}
	m.p.report.add(g, m.p.srcPos(file, n.Line, n.Column), format, args...)
}

// tagged returns the custom tag of a node (!ENV, !relative,
// !!python/name:…), "" for YAML's own.
func tagged(n *yaml.Node) string {
	if n.Style&yaml.TaggedStyle == 0 {
		return ""
	}
	switch n.Tag {
	case "!!str", "!!int", "!!bool", "!!float", "!!null", "!!map", "!!seq", "!!timestamp", "!!binary":
		return ""
	}
	return n.Tag
}

// scalar returns the value of a key that must be a plain scalar, and
// reports it when it is not (a list, a mapping, a custom tag such as
// !ENV whose value MkDocs computes).
func (m *mkdocs) scalar(k mkKey) (string, bool) {
	if t := tagged(k.val); t != "" {
		m.item(GroupConfig, k, "%s uses the tag %s, whose value MkDocs computes when it builds; set it in site.toml by hand", k.key.Value, t)
		return "", false
	}
	if k.val.Kind != yaml.ScalarNode {
		m.item(GroupConfig, k, "%s is not a single value; not carried over", k.key.Value)
		return "", false
	}
	return k.val.Value, true
}

// config maps the configuration's keys onto site.toml and reports the
// rest.
func (m *mkdocs) config() {
	p := m.p
	var repo, edit *mkKey
	for i := range m.keys {
		k := m.keys[i]
		switch k.key.Value {
		case "site_name":
			p.site.Title, _ = m.scalar(k)
		case "site_description":
			p.site.Description, _ = m.scalar(k)
		case "site_url":
			if v, ok := m.scalar(k); ok {
				p.setBaseURL(v, func() (string, int, int) { return k.file, k.key.Line, k.key.Column })
			}
		case "copyright":
			p.site.Copyright, _ = m.scalar(k)
		case "docs_dir":
			if v, ok := m.scalar(k); ok {
				if d, ok := m.within(path.Dir(k.file), v); ok {
					m.docs = d
				} else {
					m.item(GroupConfig, k, "docs_dir %q is outside the project; %s is read instead", v, m.docs)
				}
			}
		case "repo_url":
			repo = &m.keys[i]
		case "edit_uri":
			edit = &m.keys[i]
		case "theme":
			m.theme(k)
		case "markdown_extensions":
			m.extensions(k)
		case "plugins":
			m.plugins(k)
		case "nav", "extra_css", "extra_javascript":
			// read by nav and files
		default:
			m.item(GroupConfig, k, "%s is not carried over: playbook has no such setting", k.key.Value)
		}
	}
	m.editURL(repo, edit)
}

// theme reads the theme key: its language; every other setting is
// MkDocs' theme's and is reported.
func (m *mkdocs) theme(k mkKey) {
	if k.val.Kind == yaml.ScalarNode {
		m.item(GroupConfig, k, "theme %q is not carried over: the site uses playbook's theme", k.val.Value)
		return
	}
	if k.val.Kind != yaml.MappingNode {
		m.item(GroupConfig, k, "theme is not carried over")
		return
	}
	for i := 0; i+1 < len(k.val.Content); i += 2 {
		sub := mkKey{file: k.file, key: k.val.Content[i], val: k.val.Content[i+1]}
		switch sub.key.Value {
		case "language", "locale":
			if v, ok := m.scalar(sub); ok {
				m.p.site.Language = v
			}
		case "name":
			m.item(GroupConfig, sub, "theme %q is not carried over: the site uses playbook's theme", sub.val.Value)
		case "custom_dir":
			m.item(GroupConfig, sub, "theme.custom_dir %q (template overrides) is not carried over: playbook's templates are its own (see Themes in README)", sub.val.Value)
		default:
			if sub.key.Value == "features" && sub.val.Kind == yaml.SequenceNode {
				for _, f := range sub.val.Content {
					m.annotateAll = m.annotateAll || f.Value == "content.code.annotate"
				}
			}
			m.item(GroupConfig, sub, "theme.%s is not carried over: playbook's theme has no such setting (see Theme parameters in README)", sub.key.Value)
		}
	}
}

// entryName returns the name and options of an entry of a list that
// names things alone or with options: "abbr" or {"toc": {…}}.
func entryName(n *yaml.Node) (string, *yaml.Node) {
	switch {
	case n.Kind == yaml.ScalarNode:
		return n.Value, nil
	case n.Kind == yaml.MappingNode && len(n.Content) == 2:
		return n.Content[0].Value, n.Content[1]
	}
	return "", nil
}

// extensions reads markdown_extensions: the highlighting style and the
// snippets' settings; extensions whose syntax playbook does not render,
// and options it does not read, are reported.
func (m *mkdocs) extensions(k mkKey) {
	if k.val.Kind != yaml.SequenceNode {
		m.item(GroupConfig, k, "markdown_extensions is not a list; not read")
		return
	}
	for _, e := range k.val.Content {
		name, opts := entryName(e)
		if name == "" {
			m.itemAt(GroupConfig, k.file, e, "markdown extension not understood; not read")
			continue
		}
		if why, ok := mkdocsNoSyntax[name]; ok {
			m.itemAt(GroupConfig, k.file, e, "markdown extension %s is not carried over: %s", name, why)
			continue
		}
		if !mkdocsNative[name] {
			m.itemAt(GroupConfig, k.file, e, "markdown extension %s is not carried over: playbook does not render its syntax; pages that still use it are listed under Markdown playbook does not render", name)
			continue
		}
		if opts == nil || opts.Kind != yaml.MappingNode {
			continue
		}
		var ignored []string
		for i := 0; i+1 < len(opts.Content); i += 2 {
			okey, oval := opts.Content[i], opts.Content[i+1]
			full := name + "." + okey.Value
			if !mkdocsOptionsUsed[full] {
				ignored = append(ignored, okey.Value)
				continue
			}
			switch okey.Value {
			case "pygments_style":
				m.p.setStyle(oval.Value, k.file, okey.Line, okey.Column)
			case "base_path":
				m.snippetBase = m.pathList(k.file, okey, oval)
			case "auto_append":
				for _, rel := range m.pathList(k.file, okey, oval) {
					if m.p.exists(rel) {
						m.autoAppend = append(m.autoAppend, rel)
					} else {
						m.itemAt(GroupConvert, k.file, okey, "auto_append %s: no such file; not appended", rel)
					}
				}
			}
		}
		if len(ignored) > 0 {
			m.itemAt(GroupConfig, k.file, e, "options of %s not carried over: %s (playbook's Markdown has no such settings)", name, strings.Join(ignored, ", "))
		}
	}
}

// pathList returns a value that is a path or a list of paths, as slash
// paths in the source; paths outside it are reported and left out.
func (m *mkdocs) pathList(file string, key, val *yaml.Node) []string {
	var names []*yaml.Node
	switch val.Kind {
	case yaml.ScalarNode:
		names = []*yaml.Node{val}
	case yaml.SequenceNode:
		names = val.Content
	}
	var out []string
	for _, n := range names {
		if t := tagged(n); t != "" || n.Kind != yaml.ScalarNode {
			m.itemAt(GroupConfig, file, n, "%s: a value MkDocs computes (%s) is not read", key.Value, t)
			continue
		}
		rel, ok := m.within(path.Dir(file), n.Value)
		if !ok {
			m.itemAt(GroupConfig, file, n, "%s %q is outside the project; not read", key.Value, n.Value)
			continue
		}
		out = append(out, rel)
	}
	return out
}

// plugins reads plugins: search and tags are playbook's own, macros
// makes pages' Jinja reported; every other plugin is reported.
func (m *mkdocs) plugins(k mkKey) {
	if k.val.Kind != yaml.SequenceNode && k.val.Kind != yaml.MappingNode {
		m.item(GroupConfig, k, "plugins is not a list; not read")
		return
	}
	entries := k.val.Content
	step := 1
	if k.val.Kind == yaml.MappingNode { // plugins: {search: {}, …}
		step = 2
	}
	for i := 0; i < len(entries); i += step {
		name, _ := entryName(entries[i])
		if step == 2 {
			name = entries[i].Value
		}
		switch name {
		case "search", "tags":
			// playbook's search and tags pages
		case "awesome-pages":
			if m.key("nav") != nil {
				m.itemAt(GroupNav, k.file, entries[i], "plugin awesome-pages: its .pages files are not read, mkdocs.yml's nav orders the sidebar")
			} // else its .pages files are read
		case "literate-nav":
			m.itemAt(GroupNav, k.file, entries[i], "plugin literate-nav is not carried over: a SUMMARY.md at the top of %s orders the sidebar as mdBook's does (see README); nav files in other folders are not read", m.docs)
		case "macros":
			m.macros = true
			m.itemAt(GroupConfig, k.file, entries[i], "plugin macros is not carried over: the Jinja in pages ({{ … }}, {%% … %%}) is left as written and listed below")
		default:
			m.itemAt(GroupConfig, k.file, entries[i], "plugin %s is not carried over: playbook has no plugins", name)
		}
	}
}

// editURL sets editURL from repo_url and edit_uri, as MkDocs joins them:
// edit_uri defaults to edit/master/docs/ on GitHub and -/edit/master/docs/
// on GitLab. playbook appends content/<page path> to editURL, so the URL
// kept is the one up to the branch.
func (m *mkdocs) editURL(repo, edit *mkKey) {
	p := m.p
	repoURL := ""
	if repo != nil {
		repoURL, _ = m.scalar(*repo)
	}
	uri, at := "", repo
	if edit != nil {
		at = edit
		var ok bool
		if uri, ok = m.scalar(*edit); !ok || uri == "" {
			if repo != nil && ok {
				m.item(GroupConfig, *repo, "repo_url is not carried over: edit_uri is empty, so the site had no edit links")
			}
			return
		}
	} else if repoURL != "" {
		u, err := url.Parse(repoURL)
		switch {
		case err == nil && strings.EqualFold(u.Host, "github.com"):
			uri = "edit/master/docs/"
		case err == nil && strings.EqualFold(u.Host, "gitlab.com"):
			uri = "-/edit/master/docs/"
		default:
			m.item(GroupConfig, *repo, "repo_url is not carried over: MkDocs makes edit links for it only with edit_uri; set editURL in site.toml by hand")
			return
		}
	}
	if uri == "" {
		return
	}
	full := uri
	if u, err := url.Parse(uri); err != nil || u.Scheme == "" {
		if repoURL == "" {
			m.item(GroupConfig, *at, "edit_uri %q without repo_url; set editURL in site.toml by hand", uri)
			return
		}
		full = strings.TrimSuffix(repoURL, "/") + "/" + strings.TrimPrefix(uri, "/")
	}
	segs := strings.Split(full, "/")
	for i, s := range segs {
		if (s == "edit" || s == "blob") && i+1 < len(segs) && i > 2 {
			p.site.EditURL = strings.Join(segs[:i+2], "/") + "/"
			m.item(GroupConfig, *at, "editURL is %s: playbook adds content/<page> to it, where MkDocs added %s<page>; the links are right once the site's content/ is at the root of branch %s", p.site.EditURL, full, segs[i+1])
			return
		}
	}
	m.item(GroupConfig, *at, "edit URL %s names no edit/<branch>/ or blob/<branch>/; set editURL in site.toml by hand", full)
}

// files copies docs_dir to content/; the theme's extra_css and
// extra_javascript move to static/, at the same URL (as do scripts and
// HTML pages, which a build refuses under content/: moveScripts).
func (m *mkdocs) files() {
	p := m.p
	if !p.exists(m.docs) {
		p.report.add(GroupFiles, p.srcPos(m.docs, 0, 0), "docs_dir %s does not exist; no pages imported", m.docs)
		return
	}
	assets := map[string]mkKey{}
	for _, name := range []string{"extra_css", "extra_javascript"} {
		k := m.key(name)
		if k == nil || k.val.Kind != yaml.SequenceNode {
			continue
		}
		for _, e := range k.val.Content {
			if e.Kind == yaml.MappingNode { // {path: x.js, type: module}
				for i := 0; i+1 < len(e.Content); i += 2 {
					if e.Content[i].Value == "path" {
						assets[path.Clean(e.Content[i+1].Value)] = mkKey{file: k.file, key: e, val: e.Content[i+1]}
					}
				}
				continue
			}
			assets[path.Clean(e.Value)] = mkKey{file: k.file, key: e, val: e}
		}
	}
	p.copyTree(m.docs, "content", true, func(rel string, dir bool) bool {
		if dir {
			return false
		}
		from := path.Join(m.docs, rel)
		if k, ok := assets[rel]; ok {
			f := p.addFile(from, path.Join("static", rel))
			m.item(GroupFiles, k, "%s moved to %s: playbook's theme does not load it", rel, f.Dest)
			return true
		}
		return false // a script or an HTML page moves later: moveScripts
	})
	m.dotFiles()
	for rel, k := range assets {
		if !p.exists(path.Join(m.docs, rel)) {
			m.item(GroupFiles, k, "%s is not a file of %s (a URL or a theme file); not carried over", k.val.Value, m.docs)
		}
	}
}

// pageAt returns the page of the new site for a path in docs_dir.
func (m *mkdocs) pageAt(rel string) *file {
	if f := m.p.bySource[path.Join(m.docs, rel)]; f != nil && f.page {
		return f
	}
	return nil
}

// ownPage returns the page of folder dir in the new site, nil if none.
func (m *mkdocs) ownPage(dir string) *file {
	for _, name := range []string{"_index.md", "index.md", "README.md", "readme.md", "Readme.md"} {
		if f := m.p.page(path.Join(dir, name)); f != nil {
			return f
		}
	}
	return nil
}

// isOwnPage reports whether f is its folder's page.
func isOwnPage(f *file) bool {
	base := path.Base(f.Dest)
	return base == "_index.md" || base == "index.md" || strings.EqualFold(base, "README.md")
}

// pageTitle returns what playbook shows as f's title: its front matter's
// title, else its first heading.
func pageTitle(f *file) string {
	if t := metaString(meta(f), "title"); t != "" {
		return t
	}
	return firstHeading(f.Data[bodyStart(f.Data):])
}

// place gives the next place in folder dir to f, and label as its text
// in the sidebar when it is not already f's title.
func (m *mkdocs) place(f *file, dir, label string) {
	m.placed[f.Dest] = true
	m.counters[dir]++
	if m.p.setMeta(f, "weight", weightOf(m.counters[dir]-1), "sidebar_position", "nav_order") {
		m.p.count(f, NavigationKeys, 1)
	}
	if label != "" && label != pageTitle(f) && m.p.setMeta(f, "linkTitle", label, "sidebar_label") {
		m.p.count(f, NavigationKeys, 1)
	}
}

// placeSection gives the next place in folder parent to the folder dir
// of the new site, titled label: its own page's weight and linkTitle, or
// a new _index.md when it has none.
func (m *mkdocs) placeSection(dir, parent, label string) {
	if m.placed[dir] {
		return
	}
	m.placed[dir] = true
	if f := m.ownPage(dir); f != nil {
		m.place(f, parent, label)
		return
	}
	m.counters[parent]++
	if label == "" {
		label = dirTitle(path.Base(dir))
	}
	f := m.p.newPage(path.Join(dir, "_index.md"), fmt.Appendf(nil, "---\ntitle: %s\nweight: %d\n---\n", quote(label), weightOf(m.counters[parent]-1)))
	m.placed[f.Dest] = true
	m.p.count(f, NavigationKeys, 2)
}

// nav reads a nav list (mkdocs.yml's nav:, or a section's entries) whose
// pages are named relative to base in docs_dir, into folder dir of the
// new site ("content", "content/guide").
func (m *mkdocs) nav(list *yaml.Node, file, base, dir string) {
	if list.Kind != yaml.SequenceNode {
		m.itemAt(GroupNav, file, list, "nav is not a list; the sidebar follows folders and titles")
		return
	}
	for _, e := range list.Content {
		var title string
		target := e
		if e.Kind == yaml.MappingNode {
			if len(e.Content) != 2 {
				m.itemAt(GroupNav, file, e, "nav entry with %d keys not understood; left out", len(e.Content)/2)
				continue
			}
			title, target = e.Content[0].Value, e.Content[1]
		}
		switch target.Kind {
		case yaml.SequenceNode:
			m.section(title, target, file, base, dir, e)
		case yaml.ScalarNode:
			m.navPage(title, target, file, base, dir)
		default:
			m.itemAt(GroupNav, file, e, "nav entry not understood; left out")
		}
	}
}

// navPage places the page or link entry "title: target" of a nav list.
func (m *mkdocs) navPage(title string, target *yaml.Node, file, base, dir string) {
	v := target.Value
	if u, err := url.Parse(v); err == nil && u.Scheme != "" || strings.HasPrefix(v, "/") {
		m.itemAt(GroupNav, file, target, "link %q (%s) in the nav is not carried over: playbook's sidebar lists pages; add it to [params] links (footer links) in site.toml or to a page", title, v)
		return
	}
	rel, ok := m.within(base, v)
	f := m.pageAt(rel)
	if !ok || f == nil {
		m.itemAt(GroupNav, file, target, "nav names %s, which is not a page of %s; left out", v, m.docs)
		return
	}
	pageDir := path.Dir(f.Dest)
	if isOwnPage(f) {
		if pageDir == dir {
			// A section's own page (navigation.indexes): the section's
			// entry placed it; the home page stays the home page.
			if dir != "content" && !m.placed[f.Dest] {
				m.place(f, path.Dir(dir), title)
			}
			m.placed[f.Dest] = true
			return
		}
		if path.Dir(pageDir) == dir {
			m.placed[pageDir] = true
			m.place(f, dir, title)
			return
		}
	}
	if pageDir != dir {
		m.itemAt(GroupNav, file, target, "nav lists %s under %s, but the sidebar follows folders: it shows in %s/", v, navWhere(dir), strings.TrimPrefix(pageDir, "content/"))
		if path.Dir(pageDir) == dir && !m.placed[pageDir] {
			// The folder takes the entry's place and title.
			m.placeSection(pageDir, dir, title)
			title = ""
		}
	}
	m.place(f, pageDir, title)
}

// navWhere names a folder of the new site for a message.
func navWhere(dir string) string {
	if dir == "content" {
		return "the top level"
	}
	return strings.TrimPrefix(dir, "content/") + "/"
}

// section places the nav section "title: [entries]": its pages' common
// folder is the section in the new site.
func (m *mkdocs) section(title string, list *yaml.Node, file, base, dir string, at *yaml.Node) {
	var pages []string
	m.navPages(list, base, &pages)
	sub := commonDir(pages)
	if sub == "" || sub == dir || !strings.HasPrefix(sub, dir+"/") {
		m.itemAt(GroupNav, file, at, "section %q has no folder of its own (the sidebar follows folders): its pages are listed in %s", title, navWhere(dir))
		m.nav(list, file, base, dir)
		return
	}
	if path.Dir(sub) != dir {
		m.itemAt(GroupNav, file, at, "section %q is folder %s/, not a folder of %s: it shows under %s/", title, strings.TrimPrefix(sub, "content/"), navWhere(dir), strings.TrimPrefix(path.Dir(sub), "content/"))
	}
	m.placeSection(sub, path.Dir(sub), title)
	m.nav(list, file, base, sub)
}

// navPages appends the new-site folder of every page a nav list names.
func (m *mkdocs) navPages(list *yaml.Node, base string, out *[]string) {
	for _, e := range list.Content {
		target := e
		if e.Kind == yaml.MappingNode && len(e.Content) == 2 {
			target = e.Content[1]
		}
		switch target.Kind {
		case yaml.SequenceNode:
			m.navPages(target, base, out)
		case yaml.ScalarNode:
			if rel, ok := m.within(base, target.Value); ok {
				if f := m.pageAt(rel); f != nil {
					dir := path.Dir(f.Dest)
					if isOwnPage(f) && dir != "content" {
						// a folder's page stands for the folder
						*out = append(*out, dir+"/.")
						continue
					}
					*out = append(*out, dir)
				}
			}
		}
	}
}

// commonDir returns the deepest folder that holds every folder of dirs
// ("x/." is folder x, named by its own page), "" for none.
func commonDir(dirs []string) string {
	if len(dirs) == 0 {
		return ""
	}
	common := strings.TrimSuffix(dirs[0], "/.")
	for _, d := range dirs[1:] {
		d = strings.TrimSuffix(d, "/.")
		for common != "." && d != common && !strings.HasPrefix(d, common+"/") {
			common = path.Dir(common)
		}
	}
	return common
}

// unlisted reports every page the nav leaves out: MkDocs leaves it out
// of the sidebar, playbook lists it after the pages the nav orders.
func (m *mkdocs) unlisted() {
	var out []*file
	for _, f := range m.p.files {
		if f.page && f.From != "" && !m.placed[f.Dest] && !(isOwnPage(f) && (m.placed[path.Dir(f.Dest)] || f.Dest == "content/"+path.Base(f.Dest))) {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dest < out[j].Dest })
	for _, f := range out {
		m.p.report.add(GroupNav, m.p.srcPos(f.From, 0, 0), "not in nav: MkDocs leaves it out of the sidebar, playbook lists it after the pages the nav orders (set draft: true to leave it out of the site)")
	}
}

// convert inlines a page's snippets and reports its Jinja.
func (m *mkdocs) convert(f *file) {
	if f.From == "" {
		return
	}
	m.materialMeta(f)
	// The text changes without an inlined snippet too: an escaped
	// snippet line (";--8<--") loses its ";".
	data, n := m.snippets(f, f.Data, f.From, 0, true)
	f.Data = data
	m.p.count(f, IncludesInlined, n)
	m.inCode = false // appended text is outside code
	m.p.count(f, LinksRewritten, spacedDestinations(f))
	m.annotations(f)
	if n := definitionAdmonitions(f); n > 0 {
		m.p.count(f, ShortcodesConverted, n)
	}
	m.p.count(f, ShortcodesConverted, m.p.convertBlocks(f))
	for _, rel := range m.autoAppend {
		text, err := m.p.read(rel)
		if err != nil {
			continue // reported when the configuration was read
		}
		text, _ = m.snippets(f, text, rel, 1, false)
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			f.Data = append(f.Data, '\n')
		}
		f.Data = append(append(f.Data, fmt.Appendf(nil, "\n<!-- %s, appended by pymdownx.snippets -->\n", commentSafe(rel))...), snippetText(text)...)
		m.p.count(f, IncludesInlined, 1)
	}
	if m.macros {
		m.jinja(f)
	}
}

// materialMeta rewrites the front matter keys Material for MkDocs writes
// as mappings, which playbook reads as single values: date: {created,
// updated} (the blog plugin) becomes date and lastmod, search: {exclude:
// true} becomes search: false; search.boost is reported and left out.
func (m *mkdocs) materialMeta(f *file) {
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil || fm.Format != "yaml" {
		return
	}
	var doc yaml.Node
	if yaml.Unmarshal(f.Data[fm.Start:fm.End], &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := doc.Content[0]
	lines := textLines(f.Data[fm.Start:fm.End])
	var edits []edit
	var left [][]string // per edit, the keys left out
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		if val.Kind != yaml.MappingNode || key.Column != 1 || (key.Value != "date" && key.Value != "search") {
			continue
		}
		last := len(lines) // the block runs to the next key
		if i+2 < len(root.Content) {
			last = root.Content[i+2].Line - 1
		}
		from, to := fm.Start+lines[key.Line-1].start, fm.Start+lines[last-1].start+len(lines[last-1].text)
		var out strings.Builder
		var lost []string
		for j := 0; j+1 < len(val.Content); j += 2 {
			k, v := val.Content[j], val.Content[j+1]
			switch {
			case key.Value == "date" && k.Value == "created":
				fmt.Fprintf(&out, "date: %s\n", v.Value)
			case key.Value == "date" && k.Value == "updated":
				fmt.Fprintf(&out, "lastmod: %s\n", v.Value)
			case key.Value == "search" && k.Value == "exclude":
				if v.Value == "true" {
					out.WriteString("search: false\n")
				}
			default:
				lost = append(lost, key.Value+"."+k.Value)
			}
		}
		edits = append(edits, edit{span{from, to}, out.String()})
		left = append(left, lost)
	}
	f.Data = applyEdits(f.Data, edits)
	shift := 0 // where each edit's text is in the new text
	for i, e := range edits {
		for _, k := range left[i] {
			m.p.report.add(GroupFrontMatter, posIn(f, e.Start+shift), "%s (Material for MkDocs) left out: playbook has no such setting", k)
		}
		shift += len(e.Text) - (e.End - e.Start)
	}
}

// awesomePages orders the sidebar when mkdocs.yml has no nav: as MkDocs
// does, every folder lists its pages by file name, then its folders by
// name, each folder labelled from its name ("team-notes" is "Team
// notes"); the awesome-pages plugin's .pages files change that for their
// folder: nav: names entries in order ("Title: name"; "..." for the ones
// it does not name, in MkDocs' order), title: labels the folder.
func (m *mkdocs) awesomePages() {
	metas := map[string]*pagesMeta{}
	_ = fs.WalkDir(m.p.src, m.docs, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == ".pages" {
			if meta := m.dotPages(name); meta != nil {
				metas[path.Dir(name)] = meta
			}
		}
		return nil
	})
	m.folderNav(m.docs, "content", metas)
}

// pagesMeta is what a .pages file says of its folder.
type pagesMeta struct {
	file  string
	title string
	nav   *yaml.Node
}

// pagesEntry is an entry of a folder's navigation: a page or folder
// name, and its label when a .pages nav gives one.
type pagesEntry struct {
	title, name string
	node        *yaml.Node
	dir         bool // a folder, in MkDocs' order (defaultOrder)
}

// dotPages reads one .pages file; it reports what it cannot read, and
// the keys playbook's sidebar has no use for.
func (m *mkdocs) dotPages(name string) *pagesMeta {
	data, err := m.p.read(name)
	var doc yaml.Node
	if err == nil {
		err = yaml.Unmarshal(data, &doc)
	}
	if err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		m.p.report.add(GroupNav, m.p.srcPos(name, 0, 0), "not read as a .pages file (%v); the folder's pages are in MkDocs' order", err)
		return nil
	}
	meta := &pagesMeta{file: name}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "title":
			meta.title = val.Value
		case "nav":
			meta.nav = val
		default:
			m.itemAt(GroupNav, name, key, "%s is not carried over: playbook's sidebar has no such setting", key.Value)
		}
	}
	return meta
}

// folderNav places the entries of the source folder (dir in the new
// site) in the order MkDocs shows them, then does the same in each of
// its folders.
func (m *mkdocs) folderNav(folder, dir string, metas map[string]*pagesMeta) {
	all := m.defaultOrder(folder, dir)
	order := all
	if meta := metas[folder]; meta != nil {
		if meta.title != "" && !m.placed[dir] {
			m.labelSection(dir, meta.title) // a folder its parent's nav leaves out
		}
		if meta.nav != nil {
			order = m.pagesNav(meta.file, folder, all, meta.nav)
		}
	}
	for _, e := range order {
		m.pagesPlace(folder, dir, e, metas)
	}
	for _, e := range all {
		if e.dir {
			m.folderNav(path.Join(folder, e.name), path.Join(dir, e.name), metas)
		}
	}
}

// defaultOrder returns the entries of the source folder (dir in the new
// site) in MkDocs' order, which awesome-pages' "..." keeps: its pages by
// file name, then its folders holding pages by name (os.walk's order,
// names compared by code point, so "Z" before "a"). The folder's own
// page is not an entry.
func (m *mkdocs) defaultOrder(folder, dir string) []pagesEntry {
	entries, _ := fs.ReadDir(m.p.src, folder) // by name, in byte order
	var pages, dirs []pagesEntry
	for _, d := range entries {
		name := d.Name()
		switch {
		case hidden(name):
		case d.IsDir():
			if sub := path.Join(dir, name); m.ownPage(sub) != nil || m.hasPages(sub) {
				dirs = append(dirs, pagesEntry{name: name, dir: true})
			}
		case isPage(name) && m.p.bySource[path.Join(folder, name)] != nil && !m.ownSource(folder, name):
			pages = append(pages, pagesEntry{name: name})
		}
	}
	return append(pages, dirs...)
}

// pagesNav returns the entries of folder in the order its .pages nav:
// list (in file) gives them: the entries it names, with what it does not
// name (all, in MkDocs' order) in place of "...", or reported when there
// is no "...".
func (m *mkdocs) pagesNav(file, folder string, all []pagesEntry, list *yaml.Node) []pagesEntry {
	if list.Kind != yaml.SequenceNode {
		m.itemAt(GroupNav, file, list, "nav is not a list; not read")
		return all
	}
	var before, after []pagesEntry
	rest := false
	named := map[string]bool{}
	for _, e := range list.Content {
		entry := pagesEntry{node: e}
		if e.Kind == yaml.MappingNode && len(e.Content) == 2 {
			entry.title, entry.name = e.Content[0].Value, e.Content[1].Value
		} else {
			entry.name = e.Value
		}
		if strings.HasPrefix(strings.TrimSpace(entry.name), "...") {
			rest = true
			continue
		}
		named[path.Clean(entry.name)] = true
		if rest {
			after = append(after, entry)
		} else {
			before = append(before, entry)
		}
	}
	var others []pagesEntry
	for _, e := range all {
		switch {
		case named[e.name]:
		case rest:
			others = append(others, e)
		default:
			m.p.report.add(GroupNav, m.p.srcPos(path.Join(folder, e.name), 0, 0), "not in %s's nav: awesome-pages leaves it out of the sidebar, playbook lists it after the entries named", file)
		}
	}
	return append(append(before, others...), after...)
}

// pagesPlace gives the next place in dir to an entry of the source
// folder: a page, a folder (labelled by its .pages title, else the
// entry's, else from its name as MkDocs does), or a link (reported).
func (m *mkdocs) pagesPlace(folder, dir string, e pagesEntry, metas map[string]*pagesMeta) {
	file := ""
	if meta := metas[folder]; meta != nil {
		file = meta.file
	}
	if u, err := url.Parse(e.name); err == nil && u.Scheme != "" {
		m.itemAt(GroupNav, file, e.node, "link %q (%s) in the nav is not carried over: playbook's sidebar lists pages; add it to [params] links (footer links) in site.toml or to a page", e.title, e.name)
		return
	}
	rel, ok := m.within(folder, e.name)
	if !ok {
		m.itemAt(GroupNav, file, e.node, "nav names %s, outside the project; left out", e.name)
		return
	}
	if f := m.p.bySource[rel]; f != nil && f.page {
		if isOwnPage(f) && path.Dir(f.Dest) == dir {
			return // the folder's own page
		}
		m.place(f, dir, e.title)
		return
	}
	sub := path.Join(dir, strings.TrimPrefix(strings.TrimPrefix(rel, folder), "/"))
	if m.p.exists(rel) && (m.ownPage(sub) != nil || m.hasPages(sub)) {
		label := e.title
		if meta := metas[rel]; meta != nil && meta.title != "" {
			label = meta.title
		}
		if label == "" {
			label = dirTitle(path.Base(rel))
		}
		m.placeSection(sub, dir, label)
		return
	}
	if e.node != nil {
		m.itemAt(GroupNav, file, e.node, "nav names %s, which is not a page or folder of pages; left out", e.name)
	}
}

// ownSource reports whether the source file name of folder is the
// folder's own page.
func (m *mkdocs) ownSource(folder, name string) bool {
	f := m.p.bySource[path.Join(folder, name)]
	return f != nil && isOwnPage(f)
}

// hasPages reports whether the new site has a page under dir.
func (m *mkdocs) hasPages(dir string) bool {
	for d, f := range m.p.files {
		if f.page && strings.HasPrefix(d, dir+"/") {
			return true
		}
	}
	return false
}

// labelSection gives folder dir of the new site the label title: its own
// page's linkTitle, or a new _index.md's title.
func (m *mkdocs) labelSection(dir, title string) {
	if dir == "content" || title == "" {
		return
	}
	f := m.ownPage(dir)
	if f == nil {
		f = m.p.newPage(path.Join(dir, "_index.md"), fmt.Appendf(nil, "---\ntitle: %s\n---\n", quote(title)))
		m.p.count(f, NavigationKeys, 1)
		return
	}
	key := "linkTitle"
	if f.From == "" {
		key = "title" // a page the import made
	}
	if title != pageTitle(f) && m.p.setMeta(f, key, title) {
		m.p.count(f, NavigationKeys, 1)
	}
}

// dirTitle returns the title MkDocs gives a folder without one:
// "team-notes" is "Team notes"; a name with capitals stays as it is.
func dirTitle(name string) string {
	t := strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if strings.ToLower(t) == t && t != "" {
		r := []rune(t)
		return strings.ToUpper(string(r[0])) + string(r[1:])
	}
	return t
}

// dotFiles reports the hidden files of docs_dir that no import copies
// (the blog plugin's .authors.yml, say), leaving out .pages files, which
// are read, and git's and the OS's own.
func (m *mkdocs) dotFiles() {
	_ = fs.WalkDir(m.p.src, m.docs, func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == m.docs {
			return nil
		}
		switch base := d.Name(); {
		case d.IsDir() && strings.HasPrefix(base, "."):
			return fs.SkipDir
		case d.IsDir(), !strings.HasPrefix(base, "."):
		case base == ".pages", base == ".gitkeep", base == ".gitignore", base == ".DS_Store":
		default:
			m.p.report.add(GroupFiles, m.p.srcPos(name, 0, 0), "not imported: a hidden file (MkDocs plugins read some, such as the blog's .authors.yml)")
		}
		return nil
	})
}
