// Package layout says what each path of a site folder is: the
// configuration file, a page or a file under the content folder, a
// template, an asset or a static file of the site or its theme, or
// something no build reads (editor noise, the output folder). The loader,
// the dev server's watcher, the incremental plan and the build cache all
// ask one Layout, so they cannot disagree about a path.
package layout

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/playbook-ssg/playbook/generator/config"
)

// The folders of a site and of a theme (a theme folder has the same
// layouts/, assets/ and static/ as the site itself). Other packages name
// them through these constants.
const (
	// ConfigFile is the site's configuration, at the site's root.
	ConfigFile = config.FileName
	// Layouts holds templates: base.html, page.html, partials/…
	Layouts = "layouts"
	// Assets holds CSS and JS published under fingerprinted names.
	Assets = "assets"
	// Static holds files published as they are.
	Static = "static"
	// Themes holds one folder per theme; the site's theme is one of them.
	Themes = "themes"
)

// Kind is what a path is to a build, and so what a change to it costs.
type Kind int

// The kinds of path, after Zola's ChangeKind.
const (
	// Ignored paths feed no build: editor and system files, the output
	// folder, other themes, anything outside the folders below.
	Ignored Kind = iota
	// Config is site.toml: a change reloads everything.
	Config
	// Page is a Markdown file under the content folder. A folder's
	// index.md is a page bundle, or the folder's own page when the folder
	// has other pages (the loader decides; see IndexRank).
	Page
	// SectionPage is a folder's _index.md or README.md: the folder's own
	// page, unless a file of higher IndexRank in the folder wins.
	SectionPage
	// ContentFile is any other file under the content folder: a page
	// bundle's resource or an attachment, published at the same path.
	ContentFile
	// Template is a file under layouts/ of the site or its theme.
	Template
	// Asset is a file under assets/ of the site or its theme.
	Asset
	// StaticFile is a file under static/ of the site or its theme.
	StaticFile
	// NavFile is another tool's navigation file under the content folder:
	// a Docusaurus _category_.json, _category_.yml or _category_.yaml in
	// any folder, an mdBook SUMMARY.md at its root. It orders and labels
	// the navigation and is never published; a change reloads everything.
	NavFile
)

var kindNames = [...]string{"ignored", "config", "page", "section page", "content file", "template", "asset", "static file", "navigation file"}

// String returns the kind's name, as in "section page".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Path is a site path as the layout sees it.
type Path struct {
	Kind Kind
	// Rel is the path inside the folder that gives it its kind, with
	// slashes: "selling/discovery.md" for content/selling/discovery.md,
	// "img/logo.png" for static/img/logo.png and for
	// themes/<theme>/static/img/logo.png; "" for site.toml.
	Rel string
}

// Layout knows the folders of one site. The zero value is not usable;
// make one with New.
type Layout struct {
	// Content is the content folder relative to the site ("content", or
	// contentDir from site.toml).
	Content string
	// Theme is the site's theme folder relative to the site
	// ("themes/<theme>"); it need not exist.
	Theme string
	// skip are site-relative folders no build reads: the output folder
	// and node_modules.
	skip []string
}

// New returns the layout of a site configured by cfg. outputs are the
// folders builds write (publishDir, an -o folder), as paths relative to
// the site; those outside the site (starting with "..") or empty are left
// out. Paths below them are Ignored.
func New(cfg *config.Config, outputs ...string) *Layout {
	l := &Layout{
		Content: clean(cfg.ContentDir),
		Theme:   Themes + "/" + cfg.Theme,
		skip:    []string{"node_modules"},
	}
	for _, o := range append([]string{cfg.PublishDir}, outputs...) {
		if o = clean(o); o != "" && o != ".." && !strings.HasPrefix(o, "../") && !strings.HasPrefix(o, "/") {
			l.skip = append(l.skip, o)
		}
	}
	return l
}

// clean turns a configured folder into a clean slash path, "" for the
// site itself.
func clean(p string) string {
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	if p == "." || p == "/" {
		return ""
	}
	return strings.TrimPrefix(p, "./")
}

// noise reports whether a file or folder name (one path segment) is an
// editor's or the system's and never content: hidden files, swap and
// lock files, backups, partial downloads, atomic-save temporaries, merge
// leftovers (.orig, .rej) and Windows' folder files (the list of Hugo's
// watcher, with vim's write test "4913").
func noise(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasPrefix(name, "~$"):
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, ".crdownload"), strings.HasSuffix(name, ".part"):
		return true
	case name == "4913", name == "Thumbs.db", name == "desktop.ini",
		strings.HasSuffix(name, ".orig"), strings.HasSuffix(name, ".rej"):
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains safe write
		strings.HasSuffix(name, ".kate-swp"), sedTemp(name):
		return true
	}
	return false
}

// sedTemp reports whether name is the temporary file GNU sed -i writes
// beside the file it edits: "sed" and six letters or digits (mkstemp's
// "sedXXXXXX").
func sedTemp(name string) bool {
	if len(name) != 9 || !strings.HasPrefix(name, "sed") {
		return false
	}
	for _, c := range name[3:] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Classify says what the site path p (slash path relative to the site
// folder, such as "content/selling/discovery.md") is. A folder classifies
// as the files below it would, so that the watcher can decide which
// folders to watch; the folders themselves (content/, static/ …) have
// Rel "".
func (l *Layout) Classify(p string) Path {
	p = clean(p)
	if p == "" {
		return Path{Kind: Ignored}
	}
	for _, seg := range strings.Split(p, "/") {
		if noise(seg) || seg == ".." {
			return Path{Kind: Ignored}
		}
	}
	for _, s := range l.skip {
		if under(p, s) {
			return Path{Kind: Ignored}
		}
	}
	if p == ConfigFile {
		return Path{Kind: Config}
	}
	if rel, ok := cut(p, l.Content); ok {
		name := path.Base(rel)
		switch {
		case name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml" || rel == "SUMMARY.md":
			return Path{Kind: NavFile, Rel: rel}
		case rel == "" || !strings.HasSuffix(rel, ".md"):
			return Path{Kind: ContentFile, Rel: rel}
		case IndexRank(name) == 1 || IndexRank(name) == 3:
			return Path{Kind: SectionPage, Rel: rel}
		}
		return Path{Kind: Page, Rel: rel}
	}
	// The site's own theme folders, then its theme's.
	for _, root := range []string{"", l.Theme} {
		for _, f := range [...]struct {
			dir  string
			kind Kind
		}{{Layouts, Template}, {Assets, Asset}, {Static, StaticFile}} {
			if rel, ok := cut(p, path.Join(root, f.dir)); ok {
				return Path{Kind: f.kind, Rel: rel}
			}
		}
	}
	return Path{Kind: Ignored}
}

// IndexRank returns the precedence of a file name as its folder's own
// page, lowest first: 1 for _index.md (Hugo), 2 for index.md (MkDocs,
// Docusaurus), 3 for README.md in any case (GitHub, mdBook); 0 for any
// other name.
func IndexRank(name string) int {
	switch {
	case name == "_index.md":
		return 1
	case name == "index.md":
		return 2
	case strings.EqualFold(name, "README.md"):
		return 3
	}
	return 0
}

// Roots lists the site-relative folders whose files feed a build, for a
// watcher to watch and for the build cache to hash: the content folder,
// the site's layouts/, assets/ and static/, and the theme's. Folders
// that do not exist are listed too.
func (l *Layout) Roots() []string {
	roots := []string{l.Content}
	for _, root := range []string{"", l.Theme} {
		for _, d := range []string{Layouts, Assets, Static} {
			roots = append(roots, path.Join(root, d))
		}
	}
	return roots
}

// ThemeFolders lists the folders whose layouts/, assets/ and static/
// make the theme, most specific first: the site itself (".") and its
// theme folder. The embedded default theme comes after them.
func (l *Layout) ThemeFolders() []string { return []string{".", l.Theme} }

// Inputs lists the site paths whose files a build may read, for the build
// cache: the configuration file and the Roots.
func (l *Layout) Inputs() []string { return append([]string{ConfigFile}, l.Roots()...) }

// under reports whether p is dir or below it; "" is the whole site.
func under(p, dir string) bool {
	return dir == "" || p == dir || strings.HasPrefix(p, dir+"/")
}

// cut returns p relative to dir when p is dir or below it.
func cut(p, dir string) (string, bool) {
	if dir == "" {
		return p, true
	}
	if p == dir {
		return "", true
	}
	return strings.CutPrefix(p, dir+"/")
}

// Equal reports whether l and o classify every path alike.
func (l *Layout) Equal(o *Layout) bool {
	return l.Content == o.Content && l.Theme == o.Theme && slices.Equal(l.skip, o.skip)
}

// NotUTF8 is the message for a file or folder named name, a name that is
// not valid UTF-8: io/fs opens no such name (fs.ValidPath), and no URL
// could carry it as it is. The name is quoted with its bytes escaped
// ("bad\xff.md"), since a terminal shows them as one replacement mark.
func NotUTF8(name string) string {
	return "the name " + strconv.Quote(name) + " is not valid UTF-8: rename it"
}
