package markdown

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// kindScroll is the node kind of the box that lets a wide table scroll.
var kindScroll = ast.NewNodeKind("Scroll")

// scrollNode wraps a table so that it scrolls inside its box on narrow screens.
type scrollNode struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *scrollNode) Kind() ast.NodeKind { return kindScroll }

// Dump implements ast.Node.
func (n *scrollNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// walkBlocks calls fn on n and on every block below it, in document
// order, each before its children. It does not go into inline nodes,
// which make most of a tree: a transformer that looks for blocks alone
// needs not visit them.
func walkBlocks(n ast.Node, fn func(ast.Node)) {
	fn(n)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeInline {
			walkBlocks(c, fn)
		}
	}
}

type tableTransformer struct{}

func (tableTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var tables []ast.Node
	walkBlocks(doc, func(n ast.Node) {
		if n.Kind() == east.KindTable {
			tables = append(tables, n)
		}
	})
	for _, t := range tables {
		s := &scrollNode{}
		parent := t.Parent()
		parent.ReplaceChild(parent, t, s)
		s.AppendChild(s, t)
	}
}

// collectTransformer runs last: it records headings and counts words.
type collectTransformer struct{}

func (collectTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := pc.Get(docKey).(*Doc)
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			d.Headings = append(d.Headings, Heading{Level: n.Level, Text: plainText(n, src), ID: string(idb), offset: n.Pos()})
		case *ast.Text:
			d.Words += countWords(n.Value(src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// countWords is len(bytes.Fields(b)) without allocating for ASCII text.
func countWords(b []byte) int {
	n, in := 0, false
	for _, c := range b {
		if c >= utf8.RuneSelf { // Unicode spaces count too
			return len(bytes.Fields(b))
		}
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
