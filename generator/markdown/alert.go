package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// alertTitles are the headings shown on callouts.
var alertTitles = map[string]string{
	"note":      "Note",
	"tip":       "Tip",
	"important": "Important",
	"warning":   "Warning",
	"caution":   "Caution",
}

// alertTransformer turns block quotes whose first line is "[!TYPE]" into
// callouts (callout.go), removing the marker.
type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	walkBlocks(doc, func(n ast.Node) {
		if q, ok := n.(*ast.Blockquote); ok {
			quotes = append(quotes, q)
		}
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		typ, ok := alertType(first.Value(src))
		if !ok {
			continue
		}
		// Drop the inline nodes that make up the marker line.
		for c := para.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, isText := c.(*ast.Text)
			if !isText || t.Segment.Start >= first.Stop {
				break
			}
			para.RemoveChild(para, c)
			if t.SoftLineBreak() || t.HardLineBreak() {
				break
			}
			c = next
		}
		alert := &calloutNode{variant: typ}
		alert.AppendChild(alert, &calloutTitleNode{text: alertTitles[typ]})
		alert.SetPos(q.Pos())
		parent := q.Parent()
		parent.ReplaceChild(parent, q, alert)
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			if c == para && !c.HasChildren() {
				c = next
				continue
			}
			alert.AppendChild(alert, c)
			c = next
		}
	}
}

func alertType(line []byte) (string, bool) {
	line = bytes.TrimSpace(line)
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return "", false
	}
	typ := string(bytes.ToLower(line[2 : len(line)-1]))
	_, ok := alertTitles[typ]
	return typ, ok
}
