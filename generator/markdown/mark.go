package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindMark is the node kind of highlighted text, ==like this== (MkDocs'
// pymdownx.mark).
var kindMark = ast.NewNodeKind("Mark")

// markNode is text between a pair of "==".
type markNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *markNode) Kind() ast.NodeKind { return kindMark }

// Dump implements ast.Node.
func (n *markNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// markDelimiters pairs runs of exactly two '=' as GFM pairs '~~'.
type markDelimiters struct{}

func (markDelimiters) IsDelimiter(b byte) bool { return b == '=' }

func (markDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (markDelimiters) OnMatch(int) ast.Node { return &markNode{} }

// markParser reads "==" runs. Like pymdownx.mark's smart mode (and '_' in
// CommonMark), a run inside a word neither opens nor closes, so that
// "if a==b and c==d" stays as written.
type markParser struct{}

func (markParser) Trigger() []byte { return []byte{'='} }

func (markParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 2, markDelimiters{})
	if d == nil || d.OriginalLength != 2 || before == '=' {
		return nil
	}
	after := ' '
	if len(line) > 2 {
		after = util.ToRune(line, 2)
	}
	// ScanDelimiter's CanOpen and CanClose are the flanking rules; narrow
	// them as CommonMark does for '_'.
	left, right := d.CanOpen, d.CanClose
	d.CanOpen = left && (!right || util.IsPunctRune(before))
	d.CanClose = right && (!left || util.IsPunctRune(after))
	if !d.CanOpen && !d.CanClose {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + 2)
	block.Advance(2)
	pc.PushDelimiter(d)
	return d
}

// markExtension renders ==text== as <mark>text</mark>.
type markExtension struct{}

func (markExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(markParser{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(markExtension{}, 500)))
}

func (markExtension) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMark, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<mark>")
		} else {
			_, _ = w.WriteString("</mark>")
		}
		return ast.WalkContinue, nil
	})
}
