package content

import (
	"errors"
	"iter"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// Summary is mdBook's SUMMARY.md at the content root: the book's chapters
// in order and nested, numbered chapters grouped under part titles.
type Summary struct {
	// File is the site-relative path of the file, for diagnostics.
	File string
	// Items are the top level in order: prefix chapters, the numbered
	// chapters or the parts that hold them, suffix chapters.
	Items []*SummaryItem
}

// SummaryItem is a chapter with the chapters nested under it, or a part
// title with its chapters.
type SummaryItem struct {
	// Title is the chapter's link text, or the part's title.
	Title string
	// Rel is the chapter's file relative to the content folder; "" for a
	// part.
	Rel string
	// Pos is where the entry is written.
	Pos      diag.Pos
	Children []*SummaryItem
}

// IsPart reports whether the item is a part title.
func (it *SummaryItem) IsPart() bool { return it.Rel == "" }

// parseSummary reads SUMMARY.md as mdBook does: an optional title (the
// first heading), prefix chapters (links in paragraphs), numbered
// chapters (nested lists of links) under optional "# Part" headings, and
// suffix chapters. Draft chapters, "- [Title]()", are left out with a
// warning (the chapters under one move up a level); separators (---) are
// left out; anything else is a warning.
func parseSummary(cfg *config.Config, file string, src []byte) (*Summary, diag.List) {
	var diags diag.List
	lines := diag.NewLines(file, src)
	sum := &Summary{File: file}
	if off, ok := tooDeep(src, cfg.Limits.MaxNesting); ok {
		diags.Errorf(lines.Pos(off), "nesting deeper than %d levels (limits.maxNesting in site.toml)", cfg.Limits.MaxNesting)
		return sum, diags
	}
	if off, ok := tooManyLinks(src, cfg.Limits.MaxLinks); ok {
		diags.Errorf(lines.Pos(off), "more than %d links in one file (limits.maxLinks in site.toml)", cfg.Limits.MaxLinks)
		return sum, diags
	}
	doc, err := markdown.ParseCommonMark(src, cfg.Limits.MaxElements)
	if le := (*markdown.LimitError)(nil); errors.As(err, &le) {
		diags.Errorf(lines.Pos(le.Offset), "%s", le.Msg)
		return sum, diags
	}
	sp := summaryParser{src: src, lines: lines, diags: &diags}
	var part *SummaryItem // the part numbered chapters go into
	numbered := false     // after the first list: links in paragraphs are suffix chapters
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			switch {
			case n == doc.FirstChild():
				// The book's title: mdBook ignores it too.
			case n.Level == 1:
				part = &SummaryItem{Title: sp.text(n), Pos: lines.Pos(n.Pos())}
				sum.Items = append(sum.Items, part)
				numbered = true
			default:
				diags.Warnf(lines.Pos(n.Pos()), "heading ignored: part titles are level-1 headings (# Part)")
			}
		case *ast.Paragraph:
			if numbered {
				part = nil // suffix chapters follow the parts
			}
			found := false
			for l := range links(n) {
				found = true
				if it := sp.chapter(l); it != nil {
					sum.Items = append(sum.Items, it)
				}
			}
			if !found {
				diags.Warnf(lines.Pos(n.Pos()), "text ignored: SUMMARY.md lists chapters as links, [Title](file.md)")
			}
		case *ast.List:
			items := sp.list(n)
			if part != nil {
				part.Children = append(part.Children, items...)
			} else {
				sum.Items = append(sum.Items, items...)
			}
			numbered = true
		case *ast.ThematicBreak:
			// A separator between chapters: the sidebar draws none.
		default:
			diags.Warnf(lines.Pos(n.Pos()), "%s ignored: SUMMARY.md lists chapters as links, [Title](file.md)", strings.ToLower(n.Kind().String()))
		}
	}
	return sum, diags
}

// summaryParser holds what reading one SUMMARY.md needs.
type summaryParser struct {
	src   []byte
	lines *diag.Lines
	diags *diag.List
}

// list reads a list of numbered chapters; the chapters under a draft
// move up to the draft's level.
func (sp summaryParser) list(list *ast.List) []*SummaryItem {
	var items []*SummaryItem
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		var item *SummaryItem
		var under []*SummaryItem
		for c := li.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				under = append(under, sp.list(c)...)
			case *ast.TextBlock, *ast.Paragraph:
				l := firstLink(c)
				switch {
				case l == nil:
					sp.diags.Warnf(sp.lines.Pos(c.Pos()), "list item ignored: a chapter is a link, - [Title](file.md)")
				case item == nil:
					item = sp.chapter(l)
				}
			}
		}
		if item == nil {
			items = append(items, under...)
			continue
		}
		item.Children = under
		items = append(items, item)
	}
	return items
}

// chapter reads a chapter's link; nil for a draft or a link that names
// no file of the book.
func (sp summaryParser) chapter(l *ast.Link) *SummaryItem {
	it := &SummaryItem{Title: sp.text(l), Pos: sp.lines.Pos(l.Pos())}
	dest := string(l.Destination)
	if dest == "" {
		sp.diags.Warnf(it.Pos, "draft chapter %q has no file and is left out", it.Title)
		return nil
	}
	if u, err := url.Parse(dest); err == nil && (u.Scheme != "" || u.Host != "") {
		sp.diags.Warnf(it.Pos, "chapter %q links to another site and is left out; chapters are files of the book", it.Title)
		return nil
	}
	dest, _, _ = strings.Cut(dest, "#")
	if p, err := url.PathUnescape(dest); err == nil {
		dest = p
	}
	rel := path.Clean(strings.TrimPrefix(dest, "/"))
	switch {
	case rel == "..", strings.HasPrefix(rel, "../"):
		sp.diags.Errorf(it.Pos, "chapter %q: %s is outside the content folder", it.Title, dest)
		return nil
	case rel == ".":
		sp.diags.Errorf(it.Pos, "chapter %q names no file", it.Title)
		return nil
	}
	it.Rel = rel
	return it
}

// text returns the plain text of an inline container, such as a link's
// label.
func (sp summaryParser) text(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(t.Value(sp.src)))))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// links yields the links of a paragraph in order.
func links(n ast.Node) iter.Seq[*ast.Link] {
	return func(yield func(*ast.Link) bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if l, ok := c.(*ast.Link); ok && !yield(l) {
				return
			}
		}
	}
}

// firstLink returns the first link of a list item's text, or nil.
func firstLink(n ast.Node) *ast.Link {
	for l := range links(n) {
		return l
	}
	return nil
}
