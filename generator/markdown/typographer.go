package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// typographer is the extender for typographic punctuation ([markup]
// typographer in site.toml): goldmark's Typographer turns straight quotes
// into curly ones, "--" and "---" into en and em dashes, "..." into an
// ellipsis and "<<", ">>" into guillemets; arrows drawn with dashes stay
// as written, so "-->" is not "–>".
type typographer struct{}

func (typographer) Extend(m goldmark.Markdown) {
	extension.Typographer.Extend(m)
	// Before the typographer's parser (9999), which also triggers on '-'.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(arrowParser{}, 9990)))
}

// arrowParser reads a run of two or more dashes that ends in ">" or
// starts after "<" ("-->", "<--", "<-->", "--->") as plain text, before
// the typographer can read it as a dash.
type arrowParser struct{}

func (arrowParser) Trigger() []byte { return []byte{'-'} }

func (arrowParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	if block.PrecendingCharacter() == '-' {
		// Inside a run read from its start already (and not an arrow):
		// reading it again at each dash would be quadratic in its length.
		return nil
	}
	line, seg := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == '-' {
		n++
	}
	if n < 2 || block.PrecendingCharacter() != '<' && (n == len(line) || line[n] != '>') {
		return nil
	}
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
}
