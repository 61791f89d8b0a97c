package content

import (
	"path"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/layout"
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
	byURL := map[string]*Page{}
	kept := s.Pages[:0]
	for _, p := range s.Pages {
		dir := folderOf(p.Rel)
		p.Kind = KindPage
		if folderPage[dir] == p {
			p.Kind = KindSection
		}
		url, ok := pageURL(p, own[p])
		if !ok {
			diags.Errorf(diag.Pos{File: p.File}, "file name %q may hold only letters, digits, spaces, '-', '_' and '.'", p.Rel)
			continue
		}
		if p.URL != url {
			p.URL, p.Key = url, KeyOf(url)
		}
		if other, dup := byURL[url]; dup {
			diags.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "page URL %s is already used by %s", url, other.File)
			continue
		}
		byURL[url] = p
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
		title := titleFromName(rel)
		if sec.Dir == "" {
			title = s.Config.Title
		}
		src := &Source{Rel: rel, Title: title}
		src.Title, src.Meta.Description = s.generatedIndex(sec.Dir, title)
		p := &Page{Source: src, Kind: KindSection, Section: sec}
		p.URL, _ = pageURL(p, true)
		p.Key = KeyOf(p.URL)
		if other, dup := byURL[p.URL]; dup {
			// Keep the section whole so that later passes can still run
			// and report everything; the error fails the build.
			dir := path.Join(s.Config.ContentDir, sec.Dir)
			diags.Errorf(diag.Pos{File: other.File, Line: 1, Col: 1}, "page URL %s collides with the section folder %s/; move the page to %s/_index.md", p.URL, dir, dir)
		}
		sec.Page = p
		s.Pages = append(s.Pages, p)
		s.ByPath[p.Rel] = p
	}
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
			url, _ := pageURL(p, false)
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
// a page bundle).
func pageURL(p *Page, own bool) (string, bool) {
	dir := path.Dir(p.Rel)
	name := strings.TrimSuffix(path.Base(p.Rel), ".md")
	var segs []string
	if dir != "." {
		segs = strings.Split(dir, "/")
	}
	if !own {
		segs = append(segs, name)
	}
	switch slug := p.Meta.Slug; {
	case slug == "" || len(segs) == 0 || p.Kind == KindSection:
	case strings.HasPrefix(slug, "/"): // a path from the site's root
		if c, ok := cleanAlias(slug); ok {
			segs = strings.Split(strings.Trim(c, "/"), "/")
		}
	default:
		segs[len(segs)-1] = slug
	}
	for i, seg := range segs {
		seg = strings.ReplaceAll(strings.TrimSpace(seg), " ", "-")
		if !validSegment(seg) {
			return "", false
		}
		segs[i] = seg
	}
	if len(segs) == 0 {
		return "/", true
	}
	return "/" + strings.Join(segs, "/") + "/", true
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
