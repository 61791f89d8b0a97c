// Package markdown configures goldmark and holds the playbook's own Markdown
// extensions: callouts, checklists, heading ids, local links, scrolling
// tables and chroma highlighting.
//
// A Markdown instance is built once per build and is safe for concurrent
// use: Parse and Render keep their per-call state in the parser context and
// in the Writer passed to Render.
package markdown

import (
	"bufio"
	"bytes"
	"html"
	"io"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure the Markdown pipeline.
type Options struct {
	// Unsafe lets raw HTML through.
	Unsafe bool
	// LineNumbers adds line numbers to highlighted code.
	LineNumbers bool
}

// Markdown parses and renders pages.
type Markdown struct {
	md goldmark.Markdown
	hl *Highlighter
}

// New returns a Markdown pipeline configured by opts.
func New(opts Options) *Markdown {
	hl := NewHighlighter(opts.LineNumbers)
	var rendererOpts []renderer.Option
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, gmhtml.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
			extension.DefinitionList,
			extension.Typographer,
			extension.Footnote, // ids come from our renderer, prefixed per page
			&extender{hl: hl},
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Markdown{md: md, hl: hl}
}

// Highlighter returns the code highlighter, for its stylesheet.
func (m *Markdown) Highlighter() *Highlighter { return m.hl }

// extender registers the playbook's own nodes, transformers and renderers.
type extender struct{ hl *Highlighter }

func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(alertTransformer{}, 100),
		util.Prioritized(taskTransformer{}, 110),
		util.Prioritized(linkTransformer{}, 120),
		util.Prioritized(tableTransformer{}, 130),
		util.Prioritized(headingIDTransformer{}, 140),
		util.Prioritized(collectTransformer{}, 999),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&nodeRenderer{hl: e.hl}, 100),
	))
}

// Doc is one parsed page body and what the parse learned about it.
type Doc struct {
	// Node is the goldmark document; transforms annotate it, Render reads it.
	Node ast.Node
	// Source is the Markdown the node's segments point into.
	Source []byte
	// Headings lists every heading in order.
	Headings []Heading
	// Links lists links and images to local files, in order.
	Links []*LocalLink
	// Tasks lists task-list items in order.
	Tasks []*Task
	// Title is the text of a leading level-1 heading, removed from the body,
	// when the page has one.
	Title string
	// Words counts words of prose, for reading time.
	Words int

	anchorsOnce sync.Once
	anchors     map[string]bool
}

// HasAnchor reports whether id is the id of a heading or task of the
// page. The set is built on first use and kept with the Doc, which later
// builds reuse while the file is unchanged.
func (d *Doc) HasAnchor(id string) bool {
	d.anchorsOnce.Do(func() {
		d.anchors = make(map[string]bool, len(d.Headings)+len(d.Tasks))
		for _, h := range d.Headings {
			d.anchors[h.ID] = true
		}
		for _, t := range d.Tasks {
			d.anchors[t.ID] = true
		}
	})
	return d.anchors[id]
}

// Heading is a heading of a page.
type Heading struct {
	Level  int
	Text   string
	ID     string
	Offset int
}

var docKey = parser.NewContextKey()

// Parse parses src. It never fails: Markdown has no syntax errors.
// Positions in the returned Doc are byte offsets into src.
func (m *Markdown) Parse(src []byte) *Doc {
	doc := &Doc{Source: src}
	pc := parser.NewContext()
	pc.Set(docKey, doc)
	doc.Node = m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return doc
}

// Linker turns local link targets into hrefs for the page being rendered.
type Linker interface {
	// Href returns the href for l, already resolved by a transform.
	Href(l *LocalLink) string
	// IDPrefix is prepended to every id the body defines (headings,
	// footnotes, tasks) so that pages can share one document (the print
	// page). Empty for ordinary pages.
	IDPrefix() string
}

// Writer carries the Linker of one Render call to the node renderers.
type Writer struct {
	*bufio.Writer
	linker Linker
}

// Render writes the HTML of doc to w, resolving links through linker.
func (m *Markdown) Render(w io.Writer, doc *Doc, linker Linker) error {
	bw := &Writer{Writer: bufio.NewWriterSize(w, 16<<10), linker: linker}
	if err := m.md.Renderer().Render(bw, doc.Source, doc.Node); err != nil {
		return err
	}
	return bw.Flush()
}

func linkerOf(w util.BufWriter) Linker {
	if bw, ok := w.(*Writer); ok && bw.linker != nil {
		return bw.linker
	}
	return plainLinker{}
}

type plainLinker struct{}

func (plainLinker) Href(l *LocalLink) string { return l.Dest }
func (plainLinker) IDPrefix() string         { return "" }

// plainText returns the text of n's inline descendants.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			// As the HTML renderer does: "&amp;" is "&", "\_" is "_".
			b.Write(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(t.Value(src)))))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(t.Value)))
		case *ast.CodeSpan:
			for k := t.FirstChild(); k != nil; k = k.NextSibling() {
				if tx, ok := k.(*ast.Text); ok {
					b.Write(tx.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}
