package content

import (
	"path"
	"slices"
	"strings"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/slug"
)

// assemble gives pages their URLs and builds the section tree. Sections
// are left unsorted: ordering is a transform.
func (s *Site) assemble() diag.List {
	var diags diag.List
	sections := map[string]*Section{}
	var section func(dir string) *Section
	section = func(dir string) *Section {
		if sec, ok := sections[dir]; ok {
			return sec
		}
		sec := &Section{Dir: dir}
		sections[dir] = sec
		if dir != "" {
			parentDir := path.Dir(dir)
			if parentDir == "." {
				parentDir = ""
			}
			sec.Parent = section(parentDir)
			sec.Parent.Sections = append(sec.Parent.Sections, sec)
		}
		return sec
	}
	s.Home = section("")

	folderPage, own := s.folderPages(&diags)
	clashed := s.checkFolders(&diags)
	byURL := map[string]*Page{}
	kept := s.Pages[:0]
	for _, p := range s.Pages {
		dir := folderOf(p.Rel)
		p.Kind = KindPage
		if folderPage[dir] == p {
			p.Kind = KindSection
		}
		if p.Kind == KindSection && p.Meta.Slug != "" {
			diags.Warnf(p.KeyPos("slug"), "slug is not used in a section's own page: the section's URL comes from its folder's name (rename the folder, and add aliases for old URLs)")
		}
		url := pageURL(p, own[p])
		if p.URL != url {
			p.URL, p.Key = url, KeyOf(url)
		}
		// URLs that differ only in case are one file on macOS and
		// Windows disks, where one page would overwrite the other.
		if other, dup := byURL[strings.ToLower(url)]; dup && !clashed[dir] && !clashed[folderOf(other.Rel)] {
			if other.URL == url {
				diags.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "page URL %s is already used by %s", url, other.File)
			} else {
				diags.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "page URL %s differs only in case from %s of %s, one file on macOS and Windows disks; rename one of them", url, other.URL, other.File)
			}
			continue
		}
		byURL[strings.ToLower(url)] = p
		kept = append(kept, p)
		s.ByPath[p.Rel] = p
		if p.Meta.Type == "curriculum" && p.Kind != KindSection {
			if w := folderPage[dir]; w != nil {
				diags.Errorf(p.KeyPos("type"), "type \"curriculum\" belongs in the folder's own page, which is %s", path.Base(w.Rel))
			} else {
				diags.Errorf(p.KeyPos("type"), "type \"curriculum\" belongs in a section's own page; an index.md alone in its folder is a page bundle")
			}
		}

		switch {
		case p.Kind == KindSection:
			sec := section(dir)
			sec.Page = p
			p.Section = sec
		case own[p]: // a page bundle: a page of the folder above
			sec := section(folderOf(dir))
			sec.Pages = append(sec.Pages, p)
			p.Section = sec
		default:
			sec := section(dir)
			sec.Pages = append(sec.Pages, p)
			p.Section = sec
		}
	}
	s.Pages = kept
	// Folders without _index.md get a synthesized section page.
	for _, sec := range sections {
		if sec.Page != nil {
			continue
		}
		rel := path.Join(sec.Dir, "_index.md")
		title := TitleFromName(rel)
		if sec.Dir == "" {
			title = s.Config.Title
		}
		src := &Source{Rel: rel, Title: title}
		src.Title, src.Meta.Description = s.generatedIndex(sec.Dir, title)
		p := &Page{Source: src, Kind: KindSection, Section: sec}
		p.URL = pageURL(p, true)
		p.Key = KeyOf(p.URL)
		if other, dup := byURL[p.URL]; dup && !clashed[sec.Dir] && !clashed[folderOf(other.Rel)] {
			// Keep the section whole so that later passes can still run
			// and report everything; the error fails the build.
			dir := path.Join(s.Config.ContentDir, sec.Dir)
			diags.Errorf(diag.Pos{File: other.File, Line: 1, Col: 1}, "page URL %s collides with the section folder %s/; move the page to %s/_index.md", p.URL, dir, dir)
		}
		sec.Page = p
		s.Pages = append(s.Pages, p)
		s.ByPath[p.Rel] = p
	}
	diags.Append(s.checkReserved(sections))
	diags.Append(s.placeFiles(sections, own, clashed))
	diags.Append(s.checkCategories(sections))
	return diags
}

// folderPages picks each folder's own page among its _index.md, index.md
// and README.md (layout.IndexRank, then the path), and returns it by
// folder, with own set for the pages whose URL is their folder's: those
// and the page bundles (an index.md alone in its folder and below). A
// file that loses stays a page of its own, with a warning naming the one
// that won.
func (s *Site) folderPages(diags *diag.List) (map[string]*Page, map[*Page]bool) {
	// below counts the pages in each folder and the folders under it.
	below := map[string]int{}
	for _, p := range s.Pages {
		for dir := folderOf(p.Rel); ; dir = folderOf(dir) {
			below[dir]++
			if dir == "" {
				break
			}
		}
	}
	// A bundle is an index.md alone in its folder and below, unless a
	// Docusaurus _category_ file makes the folder a category whose page
	// it is.
	bundle := func(p *Page) bool {
		dir := folderOf(p.Rel)
		return path.Base(p.Rel) == "index.md" && dir != "" && below[dir] == 1 && s.NavFiles.Categories[dir] == nil
	}
	rank := func(p *Page) int { return layout.IndexRank(path.Base(p.Rel)) }
	won := map[string]*Page{}
	var candidates []*Page
	for _, p := range s.Pages {
		if rank(p) == 0 || bundle(p) {
			continue
		}
		candidates = append(candidates, p)
		dir := folderOf(p.Rel)
		if w := won[dir]; w == nil || rank(p) < rank(w) || rank(p) == rank(w) && p.Rel < w.Rel {
			won[dir] = p
		}
	}
	own := map[*Page]bool{}
	for _, p := range s.Pages {
		if won[folderOf(p.Rel)] == p || bundle(p) {
			own[p] = true
		}
	}
	for _, p := range candidates {
		if w := won[folderOf(p.Rel)]; w != p {
			url := pageURL(p, false)
			diags.Warnf(diag.Pos{File: p.File, Line: 1, Col: 1}, "%s is this folder's own page (_index.md comes before index.md, then README.md); this file is a page of its own at %s", path.Base(w.Rel), url)
		}
	}
	return won, own
}

// folderOf returns the folder of a content path, "" for the content
// folder itself.
func folderOf(rel string) string {
	dir := path.Dir(rel)
	if dir == "." {
		return ""
	}
	return dir
}

// pageURL derives the URL path of a page from its file path and slug;
// own is set when the page's URL is its folder's (a section's own page,
// a page bundle). Every folder and file name becomes a segment through
// slug.Segment; a slug that is not valid (reported by check) is left out.
func pageURL(p *Page, own bool) string {
	dir := path.Dir(p.Rel)
	name := strings.TrimSuffix(path.Base(p.Rel), ".md")
	var segs []string
	if dir != "." {
		segs = strings.Split(dir, "/")
	}
	if !own {
		segs = append(segs, name)
	}
	for i, seg := range segs {
		segs[i] = slug.Segment(seg)
	}
	switch s := p.Meta.Slug; {
	case s == "" || len(segs) == 0 || p.Kind == KindSection:
	case strings.HasPrefix(s, "/"): // a path from the site's root
		if c, ok := slugPath(s); ok {
			segs = strings.Split(strings.Trim(c, "/"), "/")
		}
	case slug.Valid(s):
		segs[len(segs)-1] = s
	}
	return urlOf(segs)
}

// urlOf joins URL path segments into a site URL: "/a/b/", "/" for none.
func urlOf(segs []string) string {
	if len(segs) == 0 {
		return "/"
	}
	return "/" + strings.Join(segs, "/") + "/"
}

// folderURL returns the URL a folder of content/ ("" for content/ itself)
// has by its names alone: every name through slug.Segment.
func folderURL(dir string) string {
	if dir == "" {
		return "/"
	}
	segs := strings.Split(dir, "/")
	for i, seg := range segs {
		segs[i] = slug.Segment(seg)
	}
	return urlOf(segs)
}

// checkFolders reports folders whose names give one URL ("Sales Team/"
// and "Sales-Team/"), naming both, and returns the folders of each such
// pair but the first, whose pages' URLs are then not reported again.
func (s *Site) checkFolders(diags *diag.List) map[string]bool {
	dirs := map[string]bool{}
	for _, p := range s.Pages {
		for dir := folderOf(p.Rel); dir != ""; dir = folderOf(dir) {
			dirs[dir] = true
		}
	}
	for _, f := range s.Files {
		for dir := folderOf(f.Rel); dir != ""; dir = folderOf(dir) {
			dirs[dir] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	slices.Sort(sorted)
	byURL := map[string]string{}
	clashed := map[string]bool{}
	for _, d := range sorted {
		u := strings.ToLower(folderURL(d)) // one folder on macOS and Windows disks
		if other, dup := byURL[u]; dup {
			if !clashed[folderOf(d)] { // the folder above is reported already
				how := "the URL " + folderURL(d)
				if folderURL(d) != folderURL(other) {
					how = "a URL that differs only in case from that" // one folder on macOS and Windows disks
				}
				diags.Errorf(diag.Pos{File: path.Join(s.Config.ContentDir, d)}, "folder %s/ has %s of the folder %s/; rename one of them",
					path.Join(s.Config.ContentDir, d), how, path.Join(s.Config.ContentDir, other))
			}
			clashed[d] = true
			continue
		}
		byURL[u] = d
		if clashed[folderOf(d)] {
			clashed[d] = true
		}
	}
	return clashed
}

// KeyOf turns a site URL into the page key used in ids: "/a/b/" is
// "a-b", "/" is "home".
func KeyOf(url string) string {
	k := strings.ReplaceAll(strings.Trim(url, "/"), "/", "-")
	if k == "" {
		return "home"
	}
	return k
}
