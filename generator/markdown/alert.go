package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindAlert is the node kind of a GitHub-style alert (a callout).
var kindAlert = ast.NewNodeKind("Alert")

// alertNode is a block quote that starts with a marker such as [!NOTE].
type alertNode struct {
	ast.BaseBlock
	// variant is one of note, tip, important, warning, caution.
	variant string
}

// Kind implements ast.Node.
func (n *alertNode) Kind() ast.NodeKind { return kindAlert }

// Dump implements ast.Node.
func (n *alertNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.variant}, nil)
}

// alertTitles are the headings shown on callouts.
var alertTitles = map[string]string{
	"note":      "Note",
	"tip":       "Tip",
	"important": "Important",
	"warning":   "Warning",
	"caution":   "Caution",
}

// alertTransformer turns block quotes whose first line is "[!TYPE]" into
// alert nodes, removing the marker.
type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
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
		alert := &alertNode{variant: typ}
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

var alertIcons = map[string]string{
	"note":      `<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15h-2v-6h2Zm0-8h-2V7h2Z"/>`,
	"tip":       `<path d="M9 21h6v-1H9Zm3-19a7 7 0 0 0-4 12.7V17h8v-2.3A7 7 0 0 0 12 2Z"/>`,
	"important": `<path d="M4 3h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H8l-5 4V4a1 1 0 0 1 1-1Zm7 3v6h2V6Zm0 8v2h2v-2Z"/>`,
	"warning":   `<path d="M12 2 1 21h22Zm1 15h-2v-2h2Zm0-4h-2V9h2Z"/>`,
	"caution":   `<path d="M8 2h8l6 6v8l-6 6H8l-6-6V8Zm3 5v6h2V7Zm0 8v2h2v-2Z"/>`,
}

func renderAlert(w util.BufWriter, n *alertNode, entering bool) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return
	}
	_, _ = w.WriteString(`<div class="callout callout-` + n.variant + `" role="note">` +
		`<p class="callout-title"><svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">` +
		alertIcons[n.variant] + `</svg>` + alertTitles[n.variant] + "</p>\n")
}
