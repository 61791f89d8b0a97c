package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// lineEndTransformer removes the spaces that goldmark's Linkify leaves at
// the end of a line: Linkify splits text at spaces, and goldmark trims the
// spaces before a line break only in the line's last text node, so
// "aaa     \nbbb" would give "aaa  <br>" where CommonMark says "aaa<br>".
type lineEndTransformer struct{}

func (lineEndTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !(t.SoftLineBreak() || t.HardLineBreak()) {
			return ast.WalkContinue, nil
		}
		if s := t.Segment.TrimRightSpace(src); s.Len() > 0 {
			return ast.WalkContinue, nil
		}
		for p, ok := t.PreviousSibling().(*ast.Text); ok && !p.IsRaw(); p, ok = p.PreviousSibling().(*ast.Text) {
			p.Segment = p.Segment.TrimRightSpace(src)
			if p.Segment.Len() > 0 {
				break
			}
		}
		return ast.WalkContinue, nil
	})
}
