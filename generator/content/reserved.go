package content

import (
	"path"
	"slices"
	"strings"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// checkReserved reports pages whose URL is a path the build writes of its
// own (layout.GeneratedPaths): a folder once, at its own page, and a page
// outside such a folder at its slug or its first line.
func (s *Site) checkReserved(sections map[string]*Section) diag.List {
	var diags diag.List
	dirs := make([]string, 0, len(sections))
	for d := range sections {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs) // a folder before the folders in it
	reserved := map[*Section]bool{}
	for _, d := range dirs {
		sec := sections[d]
		if sec.Parent != nil && reserved[sec.Parent] {
			reserved[sec] = true
			continue
		}
		g, ok := layout.Reserved(strings.Trim(sec.Page.URL, "/"), s.optional())
		if !ok || d == "" {
			continue
		}
		reserved[sec] = true
		folder := path.Join(s.Config.ContentDir, d)
		pos := diag.Pos{File: folder}
		if sec.Page.File != "" {
			pos = diag.Pos{File: sec.Page.File, Line: 1, Col: 1}
		}
		diags.Errorf(pos, "folder %s/ has the URL %s, where the build writes %s; rename the folder", folder, sec.Page.URL, g.What)
	}
	for _, p := range s.Pages {
		if p.File == "" || reserved[p.Section] {
			continue
		}
		g, ok := layout.Reserved(strings.Trim(p.URL, "/"), s.optional())
		if !ok {
			continue
		}
		if p.Meta.Slug != "" && p.Kind == KindPage {
			diags.Errorf(p.KeyPos("slug"), "slug %q gives the URL %s, where the build writes %s; choose another slug", p.Meta.Slug, p.URL, g.What)
			continue
		}
		diags.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "page URL %s is where the build writes %s; rename the file or give it a slug", p.URL, g.What)
	}
	return diags
}

// optional says which of the paths that site.toml turns on the build
// writes (the team pages, the page of recent changes).
func (s *Site) optional() layout.Optional { return layout.OptionalOf(s.Config) }

// checkAliases reports aliases that are paths the build writes of its own;
// o says which of the optional ones it writes.
func (p *Source) checkAliases(o layout.Optional) diag.List {
	var diags diag.List
	for _, a := range p.Aliases() {
		if g, ok := layout.Reserved(strings.Trim(a, "/"), o); ok {
			diags.Errorf(p.KeyPos("aliases"), "alias %q is where the build writes %s", a, g.What)
		}
	}
	return diags
}
