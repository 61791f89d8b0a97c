package content

import (
	"path"
	"slices"
	"strings"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/slug"
)

// placeFiles gives each content file its URL, beside the page of its
// folder: a file of a page bundle goes where the bundle's page goes (its
// slug and the slugs of its folders included), any other file under the
// URL of its folder. The files of a folder whose pages this build leaves
// out (a draft bundle) are left out with them, into Unpublished. Two
// files at one URL, and files where the build writes its own pages, are
// errors; files in the clashed folders of checkFolders are reported
// there.
func (s *Site) placeFiles(sections map[string]*Section, own map[*Page]bool, clashed map[string]bool) diag.List {
	var diags diag.List
	// where finds the URL of the folders that have a page.
	where := map[string]string{}
	for dir, sec := range sections {
		where[dir] = sec.Page.URL
	}
	published := map[string]bool{}
	for _, p := range s.Pages {
		if p.File == "" {
			continue
		}
		published[folderOf(p.Rel)] = true
		if own[p] && p.Kind == KindPage {
			where[folderOf(p.Rel)] = p.URL
		}
	}
	omitted := map[string]bool{}
	for rel := range s.Omitted {
		omitted[folderOf(rel)] = true
	}
	files := s.Files
	slices.SortFunc(files, func(a, b *File) int { return strings.Compare(a.Rel, b.Rel) })
	s.Files, s.Unpublished = nil, nil
	s.FileByURL = make(map[string]*File, len(files))
	for _, f := range files {
		// The folder a file belongs to is the nearest one, its own or
		// above, that holds a Markdown file.
		for dir := folderOf(f.Rel); ; dir = folderOf(dir) {
			if published[dir] {
				break
			}
			if omitted[dir] {
				s.Unpublished = append(s.Unpublished, f)
				delete(s.FileByPath, f.Rel)
				break
			}
			if dir == "" {
				break
			}
		}
		if s.FileByPath[f.Rel] == nil {
			continue
		}
		if url := fileURL(f.Rel, where); f.URL != url {
			// A file kept from the previous build is that build's too.
			c := *f
			c.URL = url
			f = &c
			s.FileByPath[f.Rel] = f
		}
		if other := s.FileByURL[f.URL]; other != nil {
			if clashed[folderOf(f.Rel)] || clashed[folderOf(other.Rel)] {
				continue // the folders are reported
			}
			diags.Errorf(diag.Pos{File: f.Path}, "file URL %s is already used by %s", f.URL, other.Path)
			continue
		}
		if g, ok := layout.Reserved(strings.TrimPrefix(f.URL, "/"), s.optional()); ok {
			diags.Errorf(diag.Pos{File: f.Path}, "file URL %s is where the build writes %s; move the file", f.URL, g.What)
			continue
		}
		s.FileByURL[f.URL] = f
		s.Files = append(s.Files, f)
	}
	return diags
}

// fileURL returns the URL of the content file rel: the URL of the nearest
// folder in where, its own or above, followed by the names of the folders
// below that one (as URL segments) and the file's own name as it is.
func fileURL(rel string, where map[string]string) string {
	var below []string
	dir := folderOf(rel)
	for {
		if u, ok := where[dir]; ok {
			return u + path.Join(append(below, path.Base(rel))...)
		}
		if dir == "" { // not reached: the home section is always there
			return "/" + path.Join(append(below, path.Base(rel))...)
		}
		below = append([]string{slug.Segment(path.Base(dir))}, below...)
		dir = folderOf(dir)
	}
}

// unpublished reports whether rel is a content file the site left out.
func (s *Site) unpublished(rel string) bool {
	return slices.ContainsFunc(s.Unpublished, func(f *File) bool { return f.Rel == rel })
}
