package layout

import (
	"strings"

	"github.com/playbook-ssg/playbook/generator/config"
)

// The output paths a build writes of its own, beside the pages of the
// content folder, its files and the static files. The renderer names them
// through these constants and Generated lists them all, so that the checks
// refusing content, aliases and static files in their way cannot miss one.
const (
	// TagsDir, CategoriesDir and AudienceDir hold the taxonomy pages:
	// /tags/, /tags/<term>/ and so on.
	TagsDir       = "tags"
	CategoriesDir = "categories"
	AudienceDir   = "audience"
	// PrintDir holds the print pages: /print/, and /print/<section>/ and
	// /print/audience/<role>/ when site.toml's [print] turns them on (see
	// PrintPageOff). The whole folder is reserved either way.
	PrintDir = "print"
	// SearchDir holds the search results page and the search index.
	SearchDir = "search"
	// AssetsDir holds the theme's assets under fingerprinted names.
	AssetsDir = Assets
	// NotFoundFile is the page a host serves for a missing URL.
	NotFoundFile = "404.html"
	// SitemapFile lists every page for search engines.
	SitemapFile = "sitemap.xml"
	// DevDir holds the dev server's own endpoints (live reload).
	DevDir = "__playbook"
	// TeamDir holds the team progress pages, /team/ and /team/person/, of
	// a site with a progress service.
	TeamDir = "team"
	// ManifestFile is the checklist manifest of a site with a progress
	// service (checklists.FileName).
	ManifestFile = "checklists.json"
	// ChangesDir holds the page of recent changes, /changes/, and its
	// Atom feed, ChangesFeedFile, unless [changes] limit is 0.
	ChangesDir      = "changes"
	ChangesFeedFile = ChangesDir + "/index.xml"
)

// Generated is an output path the build writes of its own.
type Generated struct {
	// Path is a folder of the output ("search/", everything below it
	// included) or a file ("404.html").
	Path string
	// What says what the build writes there, for messages.
	What string
	// Linked is set for pages readers may link to; links into the others
	// (fingerprinted assets, the dev server's endpoints) do not resolve.
	Linked bool
	// Shared is set for a folder the site's own files may share (many
	// sites keep images in content/assets/): the build's names there are
	// fingerprinted, and a file of the same name is reported as written
	// twice. Every other generated path is Reserved whole.
	Shared bool
	// Progress is set for a path only a site with a progress service
	// ([progress] url in site.toml) writes; a site without one may use it.
	Progress bool
	// Changes is set for a path only a site with a page of recent
	// changes ([changes] limit above 0, the default) writes.
	Changes bool
}

// Optional says which of the generated paths that site.toml turns on or
// off a build writes.
type Optional struct {
	// Progress: the site has a progress service.
	Progress bool
	// Changes: the site has a page of recent changes.
	Changes bool
}

// OptionalOf returns what cfg turns on; nothing for a nil cfg.
func OptionalOf(cfg *config.Config) Optional {
	if cfg == nil {
		return Optional{}
	}
	return Optional{Progress: cfg.Progress.Enabled(), Changes: cfg.Changes.Limit > 0}
}

// WrittenWith reports whether a build whose site.toml turns on o writes g.
func (g Generated) WrittenWith(o Optional) bool {
	return (!g.Progress || o.Progress) && (!g.Changes || o.Changes)
}

// GeneratedPaths lists every output path the build writes of its own.
func GeneratedPaths() []Generated {
	return []Generated{
		{Path: TagsDir + "/", What: "the tag pages", Linked: true},
		{Path: CategoriesDir + "/", What: "the category pages", Linked: true},
		{Path: AudienceDir + "/", What: "the audience pages", Linked: true},
		{Path: PrintDir + "/", What: "the print pages", Linked: true},
		{Path: SearchDir + "/", What: "the search page and index", Linked: true},
		{Path: AssetsDir + "/", What: "the theme's assets", Shared: true},
		{Path: NotFoundFile, What: "the page-not-found page", Linked: true},
		{Path: SitemapFile, What: "the sitemap", Linked: true},
		{Path: DevDir + "/", What: "the dev server's endpoints"},
		{Path: TeamDir + "/", What: "the team progress pages", Linked: true, Progress: true},
		{Path: ManifestFile, What: "the checklist manifest", Linked: true, Progress: true},
		{Path: ChangesDir + "/", What: "the page of recent changes and its feed (set [changes] limit = 0 in site.toml to leave them out)", Linked: true, Changes: true},
	}
}

// generatedPaths is GeneratedPaths, made once: GeneratedAt is asked about
// every output file.
var generatedPaths = GeneratedPaths()

// GeneratedAt returns the generated path that holds the output file or
// folder name (a slash path without a leading "/", such as
// "search/index.html" or "tags"), and whether there is one. Case does not
// count: on the file systems of macOS and Windows "Search/" is "search/".
func GeneratedAt(name string) (Generated, bool) {
	name = strings.ToLower(strings.TrimPrefix(name, "/"))
	for _, g := range generatedPaths {
		if dir, ok := strings.CutSuffix(g.Path, "/"); ok {
			if name == dir || strings.HasPrefix(name, g.Path) {
				return g, true
			}
			continue
		}
		if name == g.Path || strings.HasPrefix(name, g.Path+"/") {
			return g, true
		}
	}
	return Generated{}, false
}

// Reserved returns the generated path that holds name when no page,
// alias or file of the site may be there: GeneratedAt, but for Shared
// folders and for the paths a build with o does not write (the team
// pages of a site without a progress service, say).
func Reserved(name string, o Optional) (Generated, bool) {
	g, ok := GeneratedAt(name)
	return g, ok && !g.Shared && g.WrittenWith(o)
}

// PrintPageOff returns the site.toml key that turns on the print page at
// the output path name (a slash path such as "print/selling/" or
// "print/audience/seller/index.html") when p leaves it off:
// "print.sections" or "print.audiences". It returns "" for the whole
// playbook's print page, which every build writes, for a print page p
// turns on, and for a name outside PrintDir.
func PrintPageOff(name string, p config.Print) string {
	name = strings.ToLower(strings.Trim(name, "/"))
	rest, ok := strings.CutPrefix(name, PrintDir)
	if !ok || rest != "" && rest[0] != '/' {
		return ""
	}
	rest = strings.Trim(rest, "/")
	switch {
	case rest == "" || rest == "index.html":
		return ""
	case rest == AudienceDir || strings.HasPrefix(rest, AudienceDir+"/"):
		if !p.Audiences {
			return "print.audiences"
		}
	case !p.Sections:
		return "print.sections"
	}
	return ""
}
