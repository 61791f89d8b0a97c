package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mermaidDiagrams turns ```mermaid fences into <pre class="mermaid"> with
// the diagram's source, escaped: the theme's mermaid script draws it as
// SVG on the pages that have one (Doc.Mermaid), and without JavaScript the
// source shows as code.
type mermaidDiagrams struct{}

func (mermaidDiagrams) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(mermaidTransformer{}, 90)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mermaidRenderer{}, 100)))
}

// kindMermaid is the node kind of a mermaid diagram.
var kindMermaid = ast.NewNodeKind("Mermaid")

// mermaidNode is a diagram; its lines are the source.
type mermaidNode struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *mermaidNode) Kind() ast.NodeKind { return kindMermaid }

// Dump implements ast.Node.
func (n *mermaidNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type mermaidTransformer struct{}

func (mermaidTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var fences []*ast.FencedCodeBlock
	walkBlocks(doc, func(n ast.Node) {
		if f, ok := n.(*ast.FencedCodeBlock); ok {
			if lang := f.Language(src); lang != nil && bytes.EqualFold(unescapeMarkdown(lang), []byte("mermaid")) {
				fences = append(fences, f)
			}
		}
	})
	for _, f := range fences {
		d := &mermaidNode{}
		d.SetLines(f.Lines())
		f.Parent().ReplaceChild(f.Parent(), f, d)
	}
	if len(fences) > 0 {
		pc.Get(docKey).(*Doc).Mermaid = true
	}
}

type mermaidRenderer struct{}

func (mermaidRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMermaid, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<pre class="mermaid">`)
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
		_, _ = w.WriteString("</pre>\n")
		return ast.WalkSkipChildren, nil
	})
}
