package content

import (
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"path"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// NavFiles are what other tools' navigation files in the content folder
// (layout.NavFile) say about the navigation. They are read on every load
// that walks the content folder, and never published.
type NavFiles struct {
	// Categories are the folders' Docusaurus _category_ files, by folder
	// ("" for the content folder).
	Categories map[string]*Category
	// Summary is mdBook's SUMMARY.md at the content root, nil without one.
	Summary *Summary
	// Hash identifies the paths and bytes of every navigation file: the
	// build cache keys the site's structure with it.
	Hash uint64
	// Diags are the diagnostics of reading them, repeated by every build
	// that reuses them.
	Diags diag.List
}

// loadNavFiles reads the navigation files rels (paths relative to the
// content folder root, in walk order, each within limits.maxFileBytes).
func loadNavFiles(fsys fs.FS, cfg *config.Config, root string, rels []string) NavFiles {
	nav := NavFiles{Categories: map[string]*Category{}}
	// used is each folder's _category_ file, when it has several.
	used := map[string]string{}
	for _, rel := range rels {
		if r := categoryRank(path.Base(rel)); r > 0 {
			if u, ok := used[folderOf(rel)]; !ok || r < categoryRank(path.Base(u)) {
				used[folderOf(rel)] = rel
			}
		}
	}
	h := sha256.New()
	for _, rel := range rels {
		file := path.Join(root, rel)
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			nav.Diags.Errorf(diag.Pos{File: file}, "%s", describeFSError(err))
			continue
		}
		h.Write([]byte(rel))
		h.Write([]byte{0})
		h.Write(src)
		h.Write([]byte{0})
		if rel == "SUMMARY.md" {
			sum, l := parseSummary(cfg, file, src)
			nav.Summary = sum
			nav.Diags.Append(l)
			continue
		}
		if categoryRank(path.Base(rel)) > 0 {
			if u := used[folderOf(rel)]; u != rel {
				nav.Diags.Warnf(diag.Pos{File: file, Line: 1, Col: 1}, "this folder's %s is used and this file is ignored", path.Base(u))
				continue
			}
			c, l := parseCategory(file, src)
			nav.Categories[folderOf(rel)] = c
			nav.Diags.Append(l)
		}
	}
	nav.Hash = binary.LittleEndian.Uint64(h.Sum(nil)[:8])
	return nav
}
