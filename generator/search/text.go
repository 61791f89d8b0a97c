package search

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"playbook/generator/markdown"
)

// bodyText returns the prose of a parsed page as plain text: paragraphs,
// lists, checklist items, tables, callouts and inline code, separated by
// spaces. Headings are left out (the index reads them from Doc.Headings)
// and so are code blocks and raw HTML.
func bodyText(d *markdown.Doc) string {
	if d == nil || d.Node == nil {
		return ""
	}
	b := make([]byte, 0, len(d.Source))
	// write appends text with each run of white space as one space.
	write := func(text []byte) {
		start := 0
		for i, c := range text {
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				continue
			}
			b = append(b, text[start:i]...)
			if len(b) > 0 && b[len(b)-1] != ' ' {
				b = append(b, ' ')
			}
			start = i + 1
		}
		b = append(b, text[start:]...)
	}
	space := []byte{' '}
	_ = ast.Walk(d.Node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
			// Blocks never run into each other: "Step one" + "Next" is not "oneNext".
			write(space)
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			// As the HTML renderer reads it: "&amp;" is "&", "\_" is "_".
			write(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(t.Value(d.Source)))))
			if t.SoftLineBreak() || t.HardLineBreak() {
				write(space)
			}
		case *ast.String:
			write([]byte(html.UnescapeString(string(t.Value))))
		case *ast.AutoLink:
			write(t.Label(d.Source))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(string(b))
}

// clip cuts s to at most n bytes at a word boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	return strings.ToValidUTF8(s[:n], "")
}
