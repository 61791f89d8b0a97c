package transform

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// Links resolves every local link and image to the URL of the page or file
// it names, and checks that fragments name an anchor of the target page.
func Links(site *content.Site) diag.List { return linksOf(site, Options{}) }

func linksOf(site *content.Site, opts Options) diag.List {
	var diags diag.List
	todo := make([]*content.Page, 0, len(site.Pages))
	n := 0
	for _, p := range site.Pages {
		if p.Doc == nil {
			continue
		}
		if opts.LinksOf != nil && !opts.LinksOf[p] {
			// Relink passes the site itself: its pages are their own
			// previous selves, found without a lookup by path (4 ms
			// of a 10 ms dev-server edit at 10,000 pages).
			old := p
			if opts.Previous != site {
				old = opts.Previous.ByPath[p.Rel]
			}
			if old != nil && old.Source == p.Source {
				p.Links, p.LinkDiags = old.Links, old.LinkDiags
				diags.Append(old.LinkDiags)
				continue
			}
		}
		todo = append(todo, p)
		n += len(p.Doc.Links)
	}
	levels := config.Default().Links
	if site.Config != nil {
		levels = site.Config.Links
	}
	r := newResolver(site)
	// One array holds every page's targets; the pages are resolved side
	// by side, their diagnostics kept in page order.
	targets := make([]content.LinkTarget, n)
	for _, p := range todo {
		p.Links, targets = targets[:len(p.Doc.Links):len(p.Doc.Links)], targets[len(p.Doc.Links):]
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(todo) {
					return
				}
				var pd diag.List
				resolveLinks(r, todo[i], levels, &pd)
				todo[i].LinkDiags = pd
			}
		})
	}
	wg.Wait()
	for _, p := range todo {
		diags.Append(p.LinkDiags)
	}
	return diags
}

// Relink resolves the links of pages again, after their sources changed
// in a site whose structure and anchors did not: every other page keeps
// its links and their diagnostics. It returns the link diagnostics of
// every page.
func Relink(site *content.Site, pages map[*content.Page]bool) diag.List {
	return linksOf(site, Options{LinksOf: pages, Previous: site})
}

// resolveLinks resolves the links of p into p.Links and reports what does
// not resolve in diags.
func resolveLinks(r *resolver, p *content.Page, levels config.Links, diags *diag.List) {
	for i, l := range p.Doc.Links {
		target, url, ok := r.resolve(p, l.Path)
		exact := false
		if !ok {
			target, url, exact = r.exact(p, l)
			ok = exact
		}
		switch {
		case !ok && r.omitted(p, l.Path) != "":
			report(diags, levels.InternalLevel, p.LinkAt(i), "link target %q is not published in this build: it is %s (--drafts builds it)", l.Dest, r.omitted(p, l.Path))
			continue
		case !ok && outside(p, l.Path):
			report(diags, levels.InternalLevel, p.LinkAt(i), "link target %q is outside the content folder %s/, which alone is published; link to its web address instead", l.Dest, r.content[1:])
			continue
		case !ok && r.printPageOff(p, l.Path) != "":
			report(diags, levels.InternalLevel, p.LinkAt(i), "link target %q is a print page this site does not build; set %s = true in site.toml to build it", l.Dest, r.printPageOff(p, l.Path))
			continue
		case !ok:
			report(diags, levels.InternalLevel, p.LinkAt(i), "link target %q not found%s", l.Dest, r.suggestPath(p, l.Path))
			continue
		case target == nil: // a file, or a page the build makes
			url = escapePath(url)
			if l.Fragment != "" && !l.Image && !exact {
				url += "#" + l.Fragment
			}
			p.Links[i] = content.LinkTarget{URL: url, Exact: exact}
			continue
		case l.Image:
			diags.Errorf(p.LinkAt(i), "image %q is a page, not an image file", l.Dest)
			continue
		}
		// A page that failed to load has no headings to check; its
		// own errors fail the build.
		if l.Fragment != "" && !exact && !target.Failed && levels.AnchorsLevel != config.LevelIgnore && !hasAnchor(target, l.Fragment) {
			where := target.File
			if target == p {
				where = "this page"
			}
			report(diags, levels.AnchorsLevel, p.LinkAt(i), "link target %q: no heading with id %q in %s%s", l.Dest, l.Fragment, where, suggestAnchor(target, l.Fragment))
			if levels.AnchorsLevel == config.LevelError {
				continue
			}
		}
		p.Links[i] = content.LinkTarget{URL: target.URL, Key: target.Key, Exact: exact}
		if missing := outsideAudience(p, target); len(missing) > 0 {
			diags.Errorf(p.LinkAt(i), "link target %q is not for %s, which this module is for: that role's print handbook and role filter leave it out; add %s to its audience or remove the link", l.Dest, quoted(missing), quoted(missing))
		}
	}
}

// exact resolves a link whose whole destination is a file's name, '#'
// and '?' included ("Q&A #1 what?.md", written in <…> or
// percent-encoded), or is a name as written though it reads as
// percent-encoded ("50%25.png"): a link the split into path, query and
// fragment did not resolve.
func (r *resolver) exact(from *content.Page, l *markdown.LocalLink) (*content.Page, string, bool) {
	for _, p := range []string{unescape(l.Dest), l.Dest} {
		if p == l.Path {
			continue
		}
		if target, url, ok := r.resolve(from, p); ok {
			return target, url, true
		}
	}
	return nil, "", false
}

// unescape decodes the %XX escapes of a link path, or returns it as
// written when they are not valid.
func unescape(p string) string {
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}

// escapePath percent-encodes what a URL path cannot hold as it is of a
// site URL ("/a b/Q&A #1.png" is "/a%20b/Q&A%20%231.png"), so that a
// file's own name, kept in its URL, reaches the browser whole.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// outside reports whether the relative link path lp of page p leaves the
// content folder ("../CONTRIBUTING.md" from the folder's README.md).
func outside(p *content.Page, lp string) bool {
	if strings.HasPrefix(lp, "/") || strings.HasPrefix(lp, "@/") {
		return false
	}
	rel := path.Join(path.Dir(p.Rel), lp)
	return rel == ".." || strings.HasPrefix(rel, "../")
}

// report records a problem as an error or a warning, as level says.
// outsideAudience returns the roles a curriculum module is for (its
// audience) that the page target it links or requires is not for: a role's
// print handbook and role filter hold only the pages for that role, so a
// module for new hires that sends them to a page for managers leaves the
// new hire's handbook without its own required reading. Links within the
// module and to pages made by the build (a folder without its own page)
// are not checked.
func outsideAudience(module, target *content.Page) []string {
	if module.Module == 0 || target == module || target.File == "" || target.Failed {
		return nil
	}
	var missing []string
	for _, role := range module.Meta.Audience {
		if !slices.Contains(target.Meta.Audience, role) {
			missing = append(missing, role)
		}
	}
	return missing
}

// quoted joins roles as "a", "b" and "c".
func quoted(roles []string) string {
	q := make([]string, len(roles))
	for i, r := range roles {
		q[i] = fmt.Sprintf("%q", r)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func report(diags *diag.List, level config.Level, pos diag.Pos, format string, args ...any) {
	if level == config.LevelWarning {
		diags.Warnf(pos, format, args...)
		return
	}
	diags.Errorf(pos, format, args...)
}

// hasAnchor reports whether id names an element of p's body (a heading,
// task, footnote or HTML anchor; never one of the theme's, such as
// "main"), or its title, which GitHub gives an anchor too.
func hasAnchor(p *content.Page, id string) bool {
	return p.Doc != nil && (p.Doc.HasAnchor(id) || p.IsTitleAnchor(id))
}

// resolver finds what link paths name in one site.
type resolver struct {
	site *content.Site
	// base is the path of baseURL without its final "/": "/playbook",
	// or "" for a site at the root of its host.
	base string
	// content is the content folder's path from the site's root,
	// "/content".
	content string
	// byURL finds pages by URL and by alias; made on first use, as most
	// links name files.
	byURL map[string]*content.Page
	// byRoute finds pages by their URL without number prefixes (see
	// unnumbered); made on first use.
	byRoute map[string]*content.Page
	// dirs are the folders for suggestions, without and with the static
	// files (see folders).
	dirs map[bool]map[string][]string
	// optional says which of the pages site.toml turns on the build
	// makes (the team pages of a progress service, the page of recent
	// changes), which links may name.
	optional layout.Optional
	// print says which print pages the build makes beside the whole
	// playbook's.
	print config.Print

	// mu guards the maps made on first use: pages resolve their links
	// side by side.
	mu sync.Mutex
}

func newResolver(site *content.Site) *resolver {
	r := &resolver{site: site, dirs: map[bool]map[string][]string{}}
	if site.Config != nil && site.Config.Base != nil {
		r.base = strings.TrimSuffix(site.Config.Base.Path, "/")
	}
	if site.Config != nil {
		r.optional = layout.OptionalOf(site.Config)
		r.print = site.Config.Print
	}
	if site.Config != nil && site.Config.ContentDir != "" {
		r.content = "/" + strings.Trim(path.Clean(site.Config.ContentDir), "/")
	}
	return r
}

// indexNames are the files that can be a folder's page: ours, a page
// bundle's, and GitHub's and mdBook's README.md.
var indexNames = []string{"_index.md", "index.md", "README.md"}

// resolve finds what the link path p (unescaped, as in LocalLink.Path)
// names, seen from the page from: a page, or the site URL of a file or of
// a page the build makes.
//
// A site-absolute path ("/selling/discovery.md", "/selling/discovery/",
// "/images/chart.png") names a file of content/, a page by its URL, or a
// file of a static folder; the baseURL's path may lead it. A relative path
// names a file relative to the page's file ("discovery.md", "../x.png"),
// else, as a browser reads it, a page or file relative to the page's URL
// ("../discovery/" from /selling/qualify/).
func (r *resolver) resolve(from *content.Page, p string) (*content.Page, string, bool) {
	if p == "" {
		return from, "", true
	}
	folder := strings.HasSuffix(p, "/")
	if strings.HasPrefix(p, "/") {
		return r.absolute(path.Clean(p), folder, true)
	}
	if rest, ok := strings.CutPrefix(p, "@/"); ok { // Zola: a file of the content folder
		return r.file(strings.TrimPrefix(path.Clean("/"+rest), "/"))
	}
	if rel := path.Join(path.Dir(from.Rel), p); rel != ".." && !strings.HasPrefix(rel, "../") {
		if rel == "." {
			rel = ""
		}
		if pg, url, ok := r.file(rel); ok {
			return pg, url, true
		}
	}
	return r.url(path.Join(from.URL, p), folder)
}

// absolute resolves a clean site-absolute path, once more without the
// baseURL's path or the content folder's when it starts with one (and
// may): a link written from the repository's root ("/handbook/a.md" on
// GitHub) or a Docusaurus route ("/docs/intro", docs being its folder).
func (r *resolver) absolute(p string, folder, strip bool) (*content.Page, string, bool) {
	if pg, url, ok := r.file(strings.TrimPrefix(p, "/")); ok {
		return pg, url, true
	}
	if pg, url, ok := r.url(p, folder); ok {
		return pg, url, true
	}
	if !strip {
		return nil, "", false
	}
	for _, prefix := range []string{r.base, r.content} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && prefix != "" && (rest == "" || rest[0] == '/') {
			if pg, url, ok := r.absolute("/"+strings.TrimPrefix(rest, "/"), folder, false); ok {
				return pg, url, true
			}
		}
	}
	return nil, "", false
}

// file resolves a clean path relative to content/ ("" for content/
// itself): a page by its file (a.md), a content file, a page by the name
// other tools give its output (a.html, a/index.html), a folder's page
// (a/ with a/_index.md, a/index.md or a/README.md), or a page by its name
// without ".md" (a/, as a URL-style link to a.md).
func (r *resolver) file(rel string) (*content.Page, string, bool) {
	if strings.HasSuffix(rel, ".md") {
		pg, ok := r.site.ByPath[rel]
		return pg, "", ok
	}
	if f, ok := r.site.FileByPath[rel]; ok {
		return nil, f.URL, true
	}
	stem, html := strings.CutSuffix(rel, ".html")
	if html && path.Base(stem) == "index" {
		stem = strings.TrimSuffix(strings.TrimSuffix(stem, "index"), "/")
	}
	for _, idx := range indexNames {
		if pg, ok := r.site.ByPath[path.Join(stem, idx)]; ok {
			return pg, "", true
		}
	}
	if pg, ok := r.site.ByPath[stem+".md"]; ok && stem != "" {
		return pg, "", true
	}
	return nil, "", false
}

// url resolves a clean site URL path: a page (or an alias of one), a
// content or static file, a page by the name other tools give its output
// (/a.html, /a/index.html), or a page the build makes.
func (r *resolver) url(u string, folder bool) (*content.Page, string, bool) {
	r.mu.Lock()
	if r.byURL == nil {
		r.byURL = make(map[string]*content.Page, len(r.site.Pages))
		for _, p := range r.site.Pages {
			r.byURL[p.URL] = p
			for _, a := range p.Aliases() {
				if r.byURL[a] == nil {
					r.byURL[a] = p
				}
			}
		}
	}
	byURL := r.byURL
	r.mu.Unlock()
	if pg, ok := byURL[strings.TrimSuffix(u, "/")+"/"]; ok {
		return pg, "", true
	}
	rel := strings.TrimPrefix(u, "/")
	if f, ok := r.site.FileByURL[u]; ok {
		return nil, f.URL, true
	}
	if r.site.Static[rel] {
		return nil, u, true
	}
	if stem, ok := strings.CutSuffix(u, ".html"); ok {
		if pg, ok := byURL[strings.TrimSuffix(stem, "/index")+"/"]; ok {
			return pg, "", true
		}
	}
	// A page the build makes (layout.GeneratedPaths): not checked further.
	if g, ok := layout.GeneratedAt(rel); ok && g.Linked && g.WrittenWith(r.optional) && layout.PrintPageOff(rel, r.print) == "" {
		if folder {
			u += "/"
		}
		return nil, u, true
	}
	if pg := r.unnumbered(strings.TrimSuffix(u, "/") + "/"); pg != nil {
		return pg, "", true
	}
	return nil, "", false
}

// numberPrefix is the ordering prefix Docusaurus drops from file and
// folder names in URLs ("01-basics/02-next.md" is /basics/next).
var numberPrefix = regexp.MustCompile(`^\d{1,3}[-_. ]+`)

// unnumbered finds the page whose URL, with each segment's number prefix
// dropped, is u: the route Docusaurus gave the page. A URL two pages
// share that way finds neither.
func (r *resolver) unnumbered(u string) *content.Page {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byRoute == nil {
		r.byRoute = map[string]*content.Page{}
		for _, p := range r.site.Pages {
			segs := strings.Split(strings.Trim(p.URL, "/"), "/")
			changed := false
			for i, s := range segs {
				if t := numberPrefix.ReplaceAllString(s, ""); t != s && t != "" {
					segs[i], changed = t, true
				}
			}
			if !changed {
				continue
			}
			route := "/" + strings.Join(segs, "/") + "/"
			if _, dup := r.byRoute[route]; dup {
				r.byRoute[route] = nil
				continue
			}
			r.byRoute[route] = p
		}
	}
	return r.byRoute[u]
}

// printPageOff returns the site.toml key that would make the print page
// the link path p names from the page from, when the site leaves it off;
// else "" (see layout.PrintPageOff).
func (r *resolver) printPageOff(from *content.Page, p string) string {
	u := path.Join(from.URL, p)
	if strings.HasPrefix(p, "/") {
		u = path.Clean(p)
		if rest, ok := strings.CutPrefix(u, r.base); ok && r.base != "" && (rest == "" || rest[0] == '/') {
			u = rest
		}
	}
	return layout.PrintPageOff(u, r.print)
}

// omitted returns why the link path p, written on from, names a Markdown
// file of the content folder that is no page of this build (Site.Omitted:
// a draft, one not yet published or expired), or "" when it names none.
// A file that failed to load is omitted too, but its own error fails the
// build.
func (r *resolver) omitted(from *content.Page, p string) string {
	rels := []string{path.Join(path.Dir(from.Rel), p)}
	if strings.HasPrefix(p, "/") {
		rels = []string{strings.TrimPrefix(path.Clean(p), "/")}
	} else if path.Ext(p) == "" {
		// A URL-style link may be written from the page's URL
		// ("../plans/next/" on /selling/discovery/).
		rels = append(rels, strings.TrimPrefix(path.Join(from.URL, p), "/"))
	}
	for _, rel := range rels {
		if why := r.site.Omitted[rel]; why != "" {
			return why
		}
		if path.Ext(rel) != "" {
			continue
		}
		// "plans/next": plans/next.md, or the folder's own page.
		if why := r.site.Omitted[rel+".md"]; why != "" {
			return why
		}
		for _, name := range indexNames {
			if why := r.site.Omitted[path.Join(rel, name)]; why != "" {
				return why
			}
		}
	}
	return ""
}

// suggestPath returns `; did you mean "x"?` for a link path that names
// nothing when a file or page of the site is close to it (a typo in its
// last name, or in its folder), written as the link was; else "".
// Relative paths are taken from the page's file; static files count for
// site-absolute paths only.
func (r *resolver) suggestPath(from *content.Page, p string) string {
	abs := strings.HasPrefix(p, "/")
	rel := path.Join(path.Dir(from.Rel), p)
	if abs {
		rel = strings.TrimPrefix(path.Clean(p), "/")
	}
	if rel == "." || rel == "" || rel == ".." || strings.HasPrefix(rel, "../") {
		return ""
	}
	dirs := r.folders(abs)
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	names, ok := dirs[dir]
	if !ok {
		var folders []string
		for d := range dirs {
			if d != "" {
				folders = append(folders, d)
			}
		}
		sort.Strings(folders)
		if dir = closest(dir, folders); dir == "" {
			return ""
		}
		names = dirs[dir]
	}
	// A URL-style name ("discovry/") is compared with page names without
	// ".md", and suggested in its own style.
	style := func(n string) string { return n }
	if path.Ext(name) == "" {
		var stems []string
		for _, n := range names {
			stems = append(stems, strings.TrimSuffix(n, ".md"))
		}
		names = stems
		if strings.HasSuffix(p, "/") {
			style = func(n string) string { return n + "/" }
		}
	}
	best := name
	if !slices.Contains(names, name) {
		best = closest(name, names)
	}
	if best == "" || path.Join(dir, best) == rel {
		return ""
	}
	target := style(path.Join(dir, best))
	if abs {
		return fmt.Sprintf("; did you mean %q?", "/"+target)
	}
	return fmt.Sprintf("; did you mean %q?", relPath(path.Dir(from.Rel), target))
}

// folders lists the names in each folder of content/ (and, with static,
// of the static folders), sorted, so that suggestions do not depend on
// map order. Made on first use: most builds need none.
func (r *resolver) folders(static bool) map[string][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dirs[static] != nil {
		return r.dirs[static]
	}
	dirs := map[string][]string{}
	add := func(rel string) {
		dir, name := path.Split(rel)
		dir = strings.TrimSuffix(dir, "/")
		dirs[dir] = append(dirs[dir], name)
		for dir != "" { // a folder is a name in its parent
			parent, base := path.Split(dir)
			parent = strings.TrimSuffix(parent, "/")
			dirs[parent] = append(dirs[parent], base)
			dir = parent
		}
	}
	for rel, p := range r.site.ByPath {
		if p.File != "" {
			add(rel)
		}
	}
	for rel := range r.site.FileByPath {
		add(rel)
	}
	if static {
		for rel := range r.site.Static {
			add(rel)
		}
	}
	for d, names := range dirs {
		sort.Strings(names)
		dirs[d] = slices.Compact(names)
	}
	r.dirs[static] = dirs
	return dirs
}

// relPath returns the slash path of target seen from the folder dir ("."
// for content/ itself).
func relPath(dir, target string) string {
	var from []string
	if dir != "." && dir != "" {
		from = strings.Split(dir, "/")
	}
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// suggestAnchor returns `; did you mean "x"?` when an anchor of p is close
// to the fragment or is the fragment numbered ("main-1"), else "". A fragment that lacks only the variation
// selector GitHub keeps in an emoji heading's id gets that said, as the
// difference is invisible.
func suggestAnchor(p *content.Page, fragment string) string {
	if p.Doc == nil {
		return ""
	}
	ids := p.Doc.Anchors()
	for _, id := range ids {
		if markdown.SameAnchor(fragment, id) {
			return fmt.Sprintf("; the heading's id keeps the invisible variation selector of its emoji, as on GitHub: write %q", "#"+percentEncode(id))
		}
	}
	for _, id := range ids {
		if n, ok := strings.CutPrefix(id, fragment+"-"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return fmt.Sprintf("; did you mean %q? (a heading whose id is taken, by the theme or by another element of the page, gets a number)", id)
		}
	}
	if best := closest(fragment, ids); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// percentEncode escapes what is not ASCII, as GitHub writes such links.
func percentEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// closest returns the candidate nearest to s by edit distance when it is
// near enough to be a typo (one edit in four characters, at most three),
// the first in order among equals; "" when none is.
func closest(s string, candidates []string) string {
	limit := min(3, max(1, len([]rune(s))/4))
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := distance(s, c, bestDist); d < bestDist && c != s {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b in runes, or
// limit when it is limit or more (it stops early).
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}
