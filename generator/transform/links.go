package transform

import (
	"path"
	"strings"

	"playbook/generator/content"
	"playbook/generator/diag"
)

// Links resolves every local link and image to the URL of the page or file
// it names, and checks that fragments name a heading of the target page.
func Links(site *content.Site) diag.List {
	var diags diag.List
	anchors := map[*content.Page]map[string]bool{}
	idsOf := func(p *content.Page) map[string]bool {
		if a, ok := anchors[p]; ok {
			return a
		}
		a := map[string]bool{}
		if p.Doc != nil {
			for _, h := range p.Doc.Headings {
				a[h.ID] = true
			}
			for _, t := range p.Doc.Tasks {
				a[t.ID] = true
			}
		}
		anchors[p] = a
		return a
	}
	for _, p := range site.Pages {
		if p.Doc == nil {
			continue
		}
		dir := path.Dir(p.Rel)
		for _, l := range p.Doc.Links {
			target, file, ok := resolve(site, p, dir, l.Path)
			pos := p.Pos(l.Pos())
			switch {
			case !ok:
				diags.Errorf(pos, "link target %q not found", l.Dest)
				continue
			case file != nil:
				l.Target = "/" + file.Rel
				if l.Fragment != "" && !l.Image {
					l.Target += "#" + l.Fragment
				}
				continue
			}
			if l.Image {
				diags.Errorf(pos, "image %q is a page, not an image file", l.Dest)
				continue
			}
			if l.Fragment != "" && !idsOf(target)[l.Fragment] {
				where := target.File
				if target == p {
					where = "this page"
				}
				diags.Errorf(pos, "link target %q: no heading with id %q in %s", l.Dest, l.Fragment, where)
				continue
			}
			l.Target, l.TargetKey = target.URL, target.Key
		}
	}
	return diags
}

// resolve finds what a relative link path names, seen from the folder dir.
func resolve(site *content.Site, from *content.Page, dir, p string) (*content.Page, *content.File, bool) {
	if p == "" {
		return from, nil, true
	}
	rel := path.Join(dir, p)
	if rel == "." {
		rel = ""
	}
	if strings.HasPrefix(rel, "../") || rel == ".." {
		return nil, nil, false
	}
	if strings.HasSuffix(rel, ".md") {
		pg, ok := site.ByPath[rel]
		return pg, nil, ok
	}
	if f, ok := site.FileByPath[rel]; ok {
		return nil, f, true
	}
	for _, idx := range []string{"_index.md", "index.md"} {
		if pg, ok := site.ByPath[path.Join(rel, idx)]; ok {
			return pg, nil, true
		}
	}
	return nil, nil, false
}
