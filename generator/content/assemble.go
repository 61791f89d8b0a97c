package content

import (
	"path"
	"strings"

	"playbook/generator/diag"
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

	byURL := map[string]*Page{}
	kept := s.Pages[:0]
	for _, p := range s.Pages {
		url, ok := pageURL(p)
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

		dir := path.Dir(p.Rel)
		if dir == "." {
			dir = ""
		}
		switch {
		case p.Kind == KindSection:
			sec := section(dir)
			sec.Page = p
			p.Section = sec
		case path.Base(p.Rel) == "index.md":
			parent := path.Dir(dir)
			if parent == "." {
				parent = ""
			}
			if dir == "" { // content/index.md: treat as the home page
				p.Kind = KindSection
				if s.Home.Page == nil {
					s.Home.Page = p
				}
				p.Section = s.Home
				continue
			}
			sec := section(parent)
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
		p := &Page{Source: &Source{Rel: rel, Title: title}, Kind: KindSection, Section: sec}
		p.URL, _ = pageURL(p)
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
	return diags
}

// pageURL derives the URL path of a page from its file path and slug.
func pageURL(p *Page) (string, bool) {
	dir := path.Dir(p.Rel)
	name := strings.TrimSuffix(path.Base(p.Rel), ".md")
	var segs []string
	if dir != "." {
		segs = strings.Split(dir, "/")
	}
	if name != "_index" && name != "index" {
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
