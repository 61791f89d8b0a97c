package transform

import (
	"path"
	"strings"

	"playbook/generator/content"
	"playbook/generator/diag"
)

// Links resolves every local link and image to the URL of the page or file
// it names, and checks that fragments name a heading of the target page.
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
			if old := opts.Previous.ByPath[p.Rel]; old != nil && old.Source == p.Source {
				p.Links = old.Links
				continue
			}
		}
		todo = append(todo, p)
		n += len(p.Doc.Links)
	}
	// One array holds every page's targets.
	targets := make([]content.LinkTarget, n)
	for _, p := range todo {
		p.Links, targets = targets[:len(p.Doc.Links):len(p.Doc.Links)], targets[len(p.Doc.Links):]
		dir := path.Dir(p.Rel)
		for i, l := range p.Doc.Links {
			target, file, ok := resolve(site, p, dir, l.Path)
			switch {
			case !ok:
				diags.Errorf(p.LinkAt(i), "link target %q not found", l.Dest)
				continue
			case file != nil:
				t := "/" + file.Rel
				if l.Fragment != "" && !l.Image {
					t += "#" + l.Fragment
				}
				p.Links[i] = content.LinkTarget{URL: t}
				continue
			}
			if l.Image {
				diags.Errorf(p.LinkAt(i), "image %q is a page, not an image file", l.Dest)
				continue
			}
			// A page that failed to load has no headings to check; its
			// own errors fail the build.
			if l.Fragment != "" && !target.Failed && (target.Doc == nil || !target.Doc.HasAnchor(l.Fragment)) {
				where := target.File
				if target == p {
					where = "this page"
				}
				diags.Errorf(p.LinkAt(i), "link target %q: no heading with id %q in %s", l.Dest, l.Fragment, where)
				continue
			}
			p.Links[i] = content.LinkTarget{URL: target.URL, Key: target.Key}
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
