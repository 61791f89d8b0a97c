package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Snippet includes, as MkDocs' pymdownx.snippets writes them:
//
//	--8<-- "includes/abbreviations.md"
//
//	--8<--
//	includes/terms.md
//	includes/links.md
//	--8<--
//
// The build reads no file a page names this way: the lines are left out
// and a warning says so.

// kindSnippet is the node kind of a snippet include; it renders nothing.
var kindSnippet = ast.NewNodeKind("Snippet")

type snippetNode struct {
	ast.BaseBlock
	// open: a block form whose closing line has not come yet.
	open bool
}

// Kind implements ast.Node.
func (n *snippetNode) Kind() ast.NodeKind { return kindSnippet }

// Dump implements ast.Node.
func (n *snippetNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var snippetMark = []byte("--8<--")

// snippetKey marks a parse that read a snippet line.
var snippetKey = parser.NewContextKey()

// maxSnippetLines bounds how far the block form looks for its closing line.
const maxSnippetLines = 100

// snippetLine reports whether line (indented by at most three spaces) is a
// snippet line, and whether it is a bare "--8<--" that opens or closes the
// block form.
func snippetLine(line []byte) (isSnippet, bare bool) {
	line = bytes.TrimRight(line, " \t\r\n")
	for i := 0; i < 3 && len(line) > 0 && line[0] == ' '; i++ {
		line = line[1:]
	}
	rest, ok := bytes.CutPrefix(line, snippetMark)
	if !ok || (len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t') {
		return false, false
	}
	return true, len(rest) == 0
}

type snippetParser struct{}

func (snippetParser) Trigger() []byte { return []byte{'-'} }

func (snippetParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	ok, bare := snippetLine(line)
	if !ok {
		return nil, parser.NoChildren
	}
	warn(pc, seg.Start, "snippet includes are not supported: paste the text or link to the page")
	pc.Set(snippetKey, true)
	n := &snippetNode{open: bare && snippetBlockCloses(reader)}
	reader.Advance(seg.Len() - 1)
	return n, parser.NoChildren
}

// snippetBlockCloses reports whether a bare "--8<--" line at the reader is
// followed, before a blank line and within maxSnippetLines, by another.
func snippetBlockCloses(reader text.Reader) bool {
	line, pos := reader.Position()
	defer reader.SetPosition(line, pos)
	for i := 0; i < maxSnippetLines; i++ {
		reader.AdvanceLine()
		l, _ := reader.PeekLine()
		if l == nil || util.IsBlank(l) {
			return false
		}
		if ok, bare := snippetLine(l); ok && bare {
			return true
		}
	}
	return false
}

func (snippetParser) Continue(node ast.Node, reader text.Reader, _ parser.Context) parser.State {
	n := node.(*snippetNode)
	if !n.open {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if ok, bare := snippetLine(line); ok && bare {
		n.open = false
	}
	reader.Advance(seg.Len() - 1)
	return parser.Continue | parser.NoChildren
}

func (snippetParser) Close(ast.Node, text.Reader, parser.Context) {}
func (snippetParser) CanInterruptParagraph() bool                 { return true }
func (snippetParser) CanAcceptIndentedLine() bool                 { return false }

// snippetExtension leaves snippet includes out, with a warning.
type snippetExtension struct{}

func (snippetExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(snippetParser{}, 90)),
		parser.WithASTTransformers(util.Prioritized(snippetExtension{}, 105)),
	)
}

// Transform removes the snippet nodes, which show nothing.
func (snippetExtension) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	if pc.Get(snippetKey) == nil {
		return
	}
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == kindSnippet {
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		n.Parent().RemoveChild(n.Parent(), n)
	}
}
