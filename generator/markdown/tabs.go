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

// MkDocs content tabs (pymdownx.tabbed):
//
//	=== "Email"
//	    Send the recap within a day.
//
//	=== "Phone"
//	    Call back within the hour.
//
// Consecutive tabs form one set; "===!" starts a new set and "===+" is the
// tab shown first. Each tab renders as a panel with its label, so that
// without JavaScript (and on paper) the panels stand one after another;
// the theme's script turns a set into WAI-ARIA tabs.

var (
	kindTabSet   = ast.NewNodeKind("TabSet")
	kindTab      = ast.NewNodeKind("Tab")
	kindTabLabel = ast.NewNodeKind("TabLabel")
)

// tabSetNode holds consecutive tabs.
type tabSetNode struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *tabSetNode) Kind() ast.NodeKind { return kindTabSet }

// Dump implements ast.Node.
func (n *tabSetNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// tabNode is one tab: its label, then its body's blocks.
type tabNode struct {
	ast.BaseBlock
	selected bool // "===+": shown first
	newSet   bool // "===!": starts a set of its own
}

// Kind implements ast.Node.
func (n *tabNode) Kind() ast.NodeKind { return kindTab }

// Dump implements ast.Node.
func (n *tabNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// tabLabelNode is a tab's label, its Lines parsed as inlines.
type tabLabelNode struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *tabLabelNode) Kind() ast.NodeKind { return kindTabLabel }

// Dump implements ast.Node.
func (n *tabLabelNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// contentTabs is the goldmark extension of MkDocs content tabs.
type contentTabs struct{}

// Extend implements goldmark.Extender.
func (contentTabs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(tabParser{}, 670)),
		parser.WithASTTransformers(util.Prioritized(tabSetTransformer{}, 90)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tabRenderer{}, 100)))
}

// tabParser parses `=== "Label"` and the indented lines after it.
type tabParser struct{}

func (tabParser) Trigger() []byte { return []byte{'='} }

func (tabParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], []byte("===")) {
		return nil, parser.NoChildren
	}
	off := seg.Start - seg.Padding // source offset of line[0]
	n := &tabNode{}
	i := pos + 3
	for ; i < len(line) && (line[i] == '+' || line[i] == '!') && i < pos+5; i++ {
		n.selected = n.selected || line[i] == '+'
		n.newSet = n.newSet || line[i] == '!'
	}
	end := len(line)
	for end > i && util.IsSpace(line[end-1]) {
		end--
	}
	j := i
	for j < end && (line[j] == ' ' || line[j] == '\t') {
		j++
	}
	if j == i || j == end || line[j] != '"' {
		return nil, parser.NoChildren // a setext underline, or text
	}
	if end-1 == j || line[end-1] != '"' {
		if bytes.IndexByte(line[j+1:end], '"') < 0 {
			warn(pc, off+pos, "the label after %s has no closing '\"': the line renders as text", line[pos:i])
		}
		return nil, parser.NoChildren
	}
	if !canNest(parent, pc, off+pos) {
		return nil, parser.NoChildren
	}
	label := &tabLabelNode{}
	label.Lines().Append(text.NewSegment(off+j+1, off+end-1))
	n.AppendChild(n, label)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (tabParser) Continue(_ ast.Node, reader text.Reader, _ parser.Context) parser.State {
	return continueIndented(reader)
}

func (tabParser) Close(ast.Node, text.Reader, parser.Context) {}

func (tabParser) CanInterruptParagraph() bool { return true }

func (tabParser) CanAcceptIndentedLine() bool { return false }

// tabSetTransformer puts each run of consecutive tabs into a set.
type tabSetTransformer struct{}

func (tabSetTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var parents []ast.Node
	walkBlocks(doc, func(n ast.Node) {
		if n.Kind() == kindTab && (len(parents) == 0 || parents[len(parents)-1] != n.Parent()) {
			parents = append(parents, n.Parent())
		}
	})
	for _, p := range parents {
		var set *tabSetNode
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			tab, ok := c.(*tabNode)
			switch {
			case !ok:
				set = nil
			case set == nil || tab.newSet:
				set = &tabSetNode{}
				set.SetPos(tab.Pos())
				p.InsertBefore(p, tab, set)
				fallthrough
			default:
				set.AppendChild(set, tab)
			}
			c = next
		}
	}
}

// tabRenderer renders tab sets, tabs and labels.
type tabRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (tabRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTabSet, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<div class=\"tabs\">\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindTab, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch {
		case !entering:
			_, _ = w.WriteString("</div>\n")
		case n.(*tabNode).selected:
			_, _ = w.WriteString(`<div class="tab-panel tab-selected">`)
		default:
			_, _ = w.WriteString(`<div class="tab-panel">`)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindTabLabel, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<p class="tab-label">`)
		} else {
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
}
