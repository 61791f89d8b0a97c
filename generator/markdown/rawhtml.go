package markdown

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// rawHTMLTransformer counts the raw HTML that the renderer leaves out when
// raw HTML is off (site.toml [markup] unsafe = false) and warns once per
// page, at the first place, so that a page never loses a <details> or an
// <iframe> without a word.
type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	n, first := 0, -1
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		off := -1
		switch node := node.(type) {
		case *ast.HTMLBlock:
			if node.Lines().Len() > 0 {
				off = node.Lines().At(0).Start
			}
		case *ast.RawHTML:
			if node.Segments.Len() > 0 {
				off = node.Segments.At(0).Start
			}
		default:
			return ast.WalkContinue, nil
		}
		if off >= 0 && isComment(reader.Source(), off) {
			return ast.WalkSkipChildren, nil // a comment loses nothing visible
		}
		n++
		if first < 0 {
			first = max(off, 0)
		}
		return ast.WalkSkipChildren, nil
	})
	if n == 0 {
		return
	}
	places := "1 place"
	if n > 1 {
		places = fmt.Sprintf("%d places, the first here", n)
	}
	warn(pc, first, "raw HTML left out (%s): set unsafe = true under [markup] in site.toml to keep it", places)
}

// isComment reports whether the HTML at src[off:] is a comment.
func isComment(src []byte, off int) bool {
	return len(src)-off >= 4 && string(src[off:off+4]) == "<!--"
}
