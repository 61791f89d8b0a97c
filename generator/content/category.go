package content

import (
	"cmp"
	"path"
	"strconv"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// Category is a folder's Docusaurus _category_.json, _category_.yml or
// _category_.yaml: how the folder shows in the navigation.
type Category struct {
	// File is the site-relative path of the file, for diagnostics.
	File string
	// Label is the folder's entry in the navigation, whatever its page's
	// title; "" keeps the title.
	Label string
	// Position orders the folder among its siblings as a page's weight
	// does; HasPosition tells a position of 0 from none.
	Position    float64
	HasPosition bool
	// Open shows the folder's entries in the sidebar of every page
	// (collapsed: false, or collapsible: false), not only on the pages
	// inside it.
	Open bool
	// Title and Description are link.title and link.description of a
	// generated index: the folder's page when it has no file of its own.
	Title, Description string
	// linkPos is where the link is written.
	linkPos diag.Pos
}

// categoryRank orders the names of a _category_ file, the lowest used
// when a folder has more than one; 0 for any other name.
func categoryRank(name string) int {
	switch name {
	case "_category_.json":
		return 1
	case "_category_.yml":
		return 2
	case "_category_.yaml":
		return 3
	}
	return 0
}

// parseCategory reads the _category_ file src of file (JSON or YAML by
// its name).
func parseCategory(file string, src []byte) (*Category, diag.List) {
	read := readYAML
	if path.Ext(file) == ".json" {
		read = readJSON
	}
	v, diags := read(file, src)
	c := &Category{File: file}
	if diags.HasErrors(false) {
		return c, diags
	}
	if v.kind != kindObject {
		diags.Errorf(v.pos, "want an object of settings such as {\"label\": \"Guides\", \"position\": 2}, not %s", v.kind)
		return c, diags
	}
	for _, f := range fieldsOnce(v, &diags) {
		switch f.key {
		case "label":
			c.Label, _ = want(f, kindString, &diags)
		case "position":
			if text, ok := want(f, kindNumber, &diags); ok {
				c.Position, _ = strconv.ParseFloat(text, 64)
				c.HasPosition = true
			}
		case "collapsed", "collapsible":
			if text, ok := want(f, kindBool, &diags); ok && text == "false" {
				c.Open = true
			}
		case "link":
			c.linkPos = f.pos
			c.link(f, &diags)
		case "customProps", "key":
			// Data for custom sidebar components and translations:
			// nothing of it shows in Docusaurus' own sidebar either.
		case "className":
			diags.Warnf(f.pos, "className is not supported and is ignored; style the sidebar with the theme's CSS")
		default:
			diags.Warnf(f.pos, "unknown key %q", f.key)
		}
	}
	return c, diags
}

// link reads the category's link: a generated index is what a section
// page is; a link to a doc is not supported (the folder's page is its
// _index.md, index.md or README.md).
func (c *Category) link(f navField, diags *diag.List) {
	switch f.val.kind {
	case kindNull:
		return
	case kindObject:
	default:
		diags.Errorf(f.val.pos, "link must be an object such as {\"type\": \"generated-index\"}, not %s", f.val.kind)
		return
	}
	fields := fieldsOnce(f.val, diags)
	var typ string
	for _, g := range fields {
		if g.key == "type" {
			typ, _ = want(g, kindString, diags)
			switch typ {
			case "generated-index":
			case "doc":
				diags.Warnf(g.val.pos, "link type \"doc\" is not supported and the link is ignored; the folder's page is its _index.md, index.md or README.md")
				return
			default:
				diags.Warnf(g.val.pos, "link type %q is not supported and the link is ignored; want \"generated-index\"", typ)
				return
			}
		}
	}
	if typ == "" {
		diags.Warnf(f.pos, "link without a type is ignored; want {\"type\": \"generated-index\"}")
		return
	}
	for _, g := range fields {
		switch g.key {
		case "type":
		case "title":
			c.Title, _ = want(g, kindString, diags)
		case "description":
			c.Description, _ = want(g, kindString, diags)
		case "slug", "keywords", "image":
			diags.Warnf(g.pos, "link.%s is not supported and is ignored; the folder's page is at the folder's URL", g.key)
		default:
			diags.Warnf(g.pos, "unknown key %q in link", g.key)
		}
	}
}

// fieldsOnce returns an object's fields, leaving out (with an error) a
// key written twice.
func fieldsOnce(v navValue, diags *diag.List) []navField {
	seen := make(map[string]bool, len(v.fields))
	out := v.fields[:0:0]
	for _, f := range v.fields {
		if seen[f.key] {
			diags.Errorf(f.pos, "key %q is written twice", f.key)
			continue
		}
		seen[f.key] = true
		out = append(out, f)
	}
	return out
}

// want returns a field's value as written when it is of kind k; else it
// reports the field's kind at its value.
func want(f navField, k valueKind, diags *diag.List) (string, bool) {
	if f.val.kind != k {
		diags.Errorf(f.val.pos, "%s must be %s, not %s", f.key, k, f.val.kind)
		return "", false
	}
	return f.val.text, true
}

// generatedIndex returns the title and description of the page made for
// folder dir, which has no page file: its category's generated index
// title, else its label, else title.
func (s *Site) generatedIndex(dir, title string) (string, string) {
	c := s.NavFiles.Categories[dir]
	if c == nil || dir == "" {
		return title, ""
	}
	return cmp.Or(c.Title, c.Label, title), c.Description
}

// checkCategories warns about _category_ files that have no effect: in a
// folder without pages, in the content folder itself (the home page has
// no entry in the navigation), or a generated index's title and
// description for a folder that has a page of its own.
func (s *Site) checkCategories(sections map[string]*Section) diag.List {
	var diags diag.List
	for dir, c := range s.NavFiles.Categories {
		at := diag.Pos{File: c.File, Line: 1, Col: 1}
		switch sec := sections[dir]; {
		case dir == "":
			diags.Warnf(at, "a _category_ file in the content folder itself has no effect: the home page has no entry in the navigation")
		case sec == nil:
			diags.Warnf(at, "this folder has no pages, so this file has no effect")
		case sec.Page.File != "" && (c.Title != "" || c.Description != ""):
			diags.Warnf(c.linkPos, "the generated index's title and description are not used: the folder's page is %s", path.Base(sec.Page.Rel))
		}
	}
	return diags
}
