// Package markdown configures goldmark and holds the playbook's own Markdown
// extensions: callouts, checklists, heading ids, local links, scrolling
// tables and chroma highlighting.
//
// A Markdown instance is built once per build and is safe for concurrent
// use: Parse keeps its per-call state in the parser context and the writer
// it renders to.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"
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
	// ThemeID reports whether an id is taken by the page around the body
	// (the theme's <main id="main">, say): headings get other ids, and an
	// id written in the body that it takes gets a suffix and a warning.
	// Nil: none is.
	ThemeID func(id string) bool
	// NoTypographer leaves quotes, dashes and ellipses as written
	// (site.toml [markup] typographer = false); by default they become
	// typographic ones (see typographer).
	NoTypographer bool
	// MaxElements bounds the Markdown elements of one page: lines,
	// blocks, inline elements and table cells (see budget.go); zero is no
	// bound.
	MaxElements int
	// EveryForeign warns about every occurrence of other tools' syntax
	// (shortcodes, MDX, mdBook commands) rather than the first few of
	// each kind on a page and their count: the import's report lists
	// them all.
	EveryForeign bool
}

// Markdown parses and renders pages.
type Markdown struct {
	md           goldmark.Markdown
	hl           *Highlighter
	maxElements  int
	everyForeign bool
	// key identifies the options a parse depends on, for DocCache.
	key string
}

// New returns a Markdown pipeline configured by opts.
func New(opts Options) *Markdown {
	hl := newHighlighter(opts.LineNumbers)
	var rendererOpts []renderer.Option
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, gmhtml.WithUnsafe())
	}
	exts := []goldmark.Extender{
		extension.Table,
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		extension.DefinitionList,
	}
	if !opts.NoTypographer {
		exts = append(exts, typographer{})
	}
	exts = append(exts,
		extension.Footnote, // ids come from our renderer, prefixed per page
		admonitions{},
		docusaurusAdmonitions{},
		contentTabs{},
		ids{rawHTML: opts.Unsafe, themeID: opts.ThemeID},
		&extender{hl: hl, unsafe: opts.Unsafe},
		markExtension{},
		keysExtension{},
		abbrExtension{},
		attrListExtension{unsafe: opts.Unsafe},
		snippetExtension{},
		shortcodeExtension{},
		foreignSyntax{},
		mermaidDiagrams{},
	)
	md := goldmark.New(
		goldmark.WithParser(newBudgetParser()),
		goldmark.WithExtensions(exts...),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	key := fmt.Sprintf("unsafe=%v lineNumbers=%v noTypographer=%v maxElements=%d everyForeign=%v",
		opts.Unsafe, opts.LineNumbers, opts.NoTypographer, opts.MaxElements, opts.EveryForeign)
	return &Markdown{md: md, hl: hl, maxElements: opts.MaxElements, everyForeign: opts.EveryForeign, key: key}
}

// Highlighter returns the code highlighter, for its stylesheet.
func (m *Markdown) Highlighter() *Highlighter { return m.hl }

// extender registers the playbook's own nodes, transformers and renderers.
type extender struct {
	hl     *Highlighter
	unsafe bool
}

func (e *extender) Extend(m goldmark.Markdown) {
	if !e.unsafe {
		m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawHTMLTransformer{}, 50)))
	}
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(lineEndTransformer{}, 10),
		util.Prioritized(alertTransformer{}, 100),
		util.Prioritized(taskTransformer{}, 110),
		util.Prioritized(linkTransformer{}, 120),
		util.Prioritized(tableTransformer{}, 130),
		util.Prioritized(titleTransformer{}, 135),
		util.Prioritized(collectTransformer{}, 999),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&nodeRenderer{hl: e.hl}, 100),
		util.Prioritized(calloutRenderer{}, 100),
	))
}

// Doc is one page body, parsed and rendered once. It keeps what the rest of
// the build needs (headings, links, tasks, prose for search) and the body's
// HTML with placeholders for what depends on where it is shown: link hrefs,
// an id prefix and heading levels (see WriteHTML). The goldmark tree and
// the Markdown source are dropped when Parse returns, so that a site of
// thousands of pages keeps its model, not its syntax trees, in memory.
type Doc struct {
	// Headings lists every heading in order.
	Headings []Heading
	// Links lists links and images to local files, in order.
	Links []*LocalLink
	// Tasks lists task-list items in order.
	Tasks []*Task
	// Title is the text of a leading level-1 heading when it left the
	// body: always without a front-matter title (WithTitle), else when it
	// says that title again. One that says something else stays in the
	// body and Title is empty. Its inline markup, if any, is kept for the
	// page's heading (see TitleHTML).
	Title string
	// Mermaid is set when the body has a mermaid diagram, for which a page
	// loads the theme's mermaid script.
	Mermaid bool
	// TitleID is the id GitHub gives that heading (its {#id}, or the
	// slug of its text), for links written for GitHub. The heading left,
	// so no heading of the body is kept from having the id; one that
	// has it is what a link to it finds.
	TitleID string
	// HTMLAnchors are the ids (and <a name>s) of the body's raw HTML, when
	// raw HTML is kept.
	HTMLAnchors []string
	// Words counts words of prose, for reading time.
	Words int
	// SourceLen is the length of the Markdown source in bytes.
	SourceLen int
	// Warnings are what the page's Markdown holds that the build does not
	// render as written (raw HTML left out, another generator's syntax),
	// in source order.
	Warnings []Warning

	attrIDs []string // ids given by attribute lists, for Anchors
	noteIDs []string // ids of footnotes and their references, for Anchors

	titleNode *ast.Heading // while parsing: the title, when it has markup
	titleHTML []byte       // its inline HTML with placeholders

	cacheKey [32]byte // the DocCache's key, when cached
	cached   bool

	body  blob // HTML with placeholders
	text  blob // prose, for search
	spill *Spill

	anchorsOnce sync.Once
	anchors     map[string]bool
}

// Anchors returns every id the body gives an element, for links to
// check against: its headings', tasks', footnotes' and their references',
// those of attribute lists and those of raw HTML. The ids of the page
// around the body (the theme's) are none of them.
func (d *Doc) Anchors() []string {
	ids := make([]string, 0, len(d.Headings)+len(d.Tasks)+len(d.noteIDs)+len(d.attrIDs)+len(d.HTMLAnchors))
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	for _, t := range d.Tasks {
		ids = append(ids, t.ID)
	}
	ids = append(ids, d.noteIDs...)
	ids = append(ids, d.attrIDs...)
	return append(ids, d.HTMLAnchors...)
}

// HasAnchor reports whether id is one of Anchors. The set is built on
// first use and kept with the Doc, which later builds reuse while the file
// is unchanged.
func (d *Doc) HasAnchor(id string) bool {
	d.anchorsOnce.Do(func() {
		all := d.Anchors()
		d.anchors = make(map[string]bool, len(all))
		for _, a := range all {
			d.anchors[a] = true
		}
	})
	return d.anchors[id]
}

// Heading is a heading of a page.
type Heading struct {
	Level  int
	Text   string
	ID     string
	offset int
}

// Warning is something in a body that is not rendered as written.
type Warning struct {
	// Offset is where it starts in the source, in bytes.
	Offset  int
	Message string
}

var docKey = parser.NewContextKey()

// warn records a warning about the body being parsed with pc, at the byte
// offset off of its source. Extensions call it from their parsers and
// transformers.
func warn(pc parser.Context, off int, format string, args ...any) {
	d := pc.Get(docKey).(*Doc)
	d.Warnings = append(d.Warnings, Warning{Offset: off, Message: fmt.Sprintf(format, args...)})
}

// Parse parses and renders src with opts. It never fails: Markdown has no
// syntax errors. Offsets in the returned Doc are byte offsets into src.
func (m *Markdown) Parse(src []byte, opts ...ParseOption) *Doc {
	doc, _ := m.ParseTo(src, nil, opts...) // only a spill file can fail
	return doc
}

// ParseTo is Parse with the body and its prose kept in spill rather than in
// memory (nil: in memory). A page past Options.MaxElements, or past
// another bound of budget.go, gives a *LimitError and no body.
func (m *Markdown) ParseTo(src []byte, spill *Spill, opts ...ParseOption) (*Doc, error) {
	doc := &Doc{SourceLen: len(src)}
	pc := parser.NewContext()
	pc.Set(docKey, doc)
	if m.everyForeign {
		pc.Set(foreignKey, &foreignReport{open: map[foreignName]bool{}, every: true})
	}
	var b *budget
	if m.maxElements > 0 {
		b = newBudget(m.maxElements)
		if !b.chargeLines(src) {
			return doc, b.err
		}
		pc.Set(budgetKey, b)
	}
	if len(opts) > 0 {
		var po parseOptions
		for _, o := range opts {
			o(&po)
		}
		pc.Set(parseOptionsKey, &po)
	}
	node := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if b != nil && b.err != nil {
		return doc, b.err
	}
	if b != nil && b.changed >= 0 {
		warn(pc, b.changed, "this paragraph holds more emphasis markers (%d), unclosed \"[\" (%d) or unclosed link destinations than are parsed; the rest are shown as written: split the paragraph", maxDelimiters, maxOpenLabels)
	}
	sc := scratch.Get().(*scratchBufs)
	defer func() {
		// A huge page's buffers are not kept for the next one.
		if sc.body.Cap() <= 4<<20 && cap(sc.text) <= 4<<20 {
			scratch.Put(sc)
		}
	}()
	sc.text = appendBodyText(sc.text[:0], node, src)
	sc.body.Reset()
	sc.w.w.Reset(&sc.body)
	// Writing to memory cannot fail, and node renderers report none.
	_ = m.md.Renderer().Render(&sc.w, src, node)
	_ = sc.w.Flush()
	if h := doc.titleNode; h != nil {
		doc.titleNode = nil
		var b bytes.Buffer
		w := bodyWriter{w: bufio.NewWriter(&b)}
		for c := h.FirstChild(); c != nil; c = c.NextSibling() {
			_ = m.md.Renderer().Render(&w, src, c)
		}
		_ = w.Flush()
		doc.titleHTML = b.Bytes()
	}
	sort.SliceStable(doc.Warnings, func(i, j int) bool { return doc.Warnings[i].Offset < doc.Warnings[j].Offset })
	if spill != nil {
		return doc, doc.spillBytes(spill, sc.body.Bytes(), sc.text)
	}
	doc.body.mem, doc.text.mem = bytes.Clone(sc.body.Bytes()), bytes.Clone(sc.text)
	return doc, nil
}

// lineStart returns the offset where line n (from 0) of src starts, or
// the end of src.
func lineStart(src []byte, n int) int {
	off := 0
	for ; n > 0; n-- {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}

// scratchBufs are the buffers a parse renders into, reused from page to
// page; only the result's exact bytes are kept.
type scratchBufs struct {
	body bytes.Buffer
	w    bodyWriter
	text []byte
}

var scratch = sync.Pool{New: func() any {
	sc := &scratchBufs{}
	sc.w.w = bufio.NewWriterSize(&sc.body, 8<<10)
	return sc
}}

// Linker says how a body's placeholders resolve where it is shown.
type Linker interface {
	// Href returns the href for l, the body's i-th local link (Doc.Links[i]).
	Href(i int, l *LocalLink) string
	// IDPrefix is prepended to every id the body defines (headings,
	// footnotes, tasks) so that pages can share one document (the print
	// page). Empty for ordinary pages.
	IDPrefix() string
}

// HeadingShifter is a Linker that moves a page's headings down a level or
// more, so that the print page can nest them under chapter and page titles.
type HeadingShifter interface {
	// HeadingShift is added to every heading level; the result stays
	// within h1 to h6.
	HeadingShift() int
}

// render writes the HTML of doc to w, resolving links through linker (nil:
// links as written).
func (m *Markdown) render(w io.Writer, doc *Doc, linker Linker) error {
	var b bytes.Buffer
	if err := doc.WriteHTML(&b, linker); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Output is what WriteHTML writes to: a strings.Builder or bytes.Buffer.
type Output interface {
	io.Writer
	io.StringWriter
}

// WriteHTML writes the body's HTML to out with its placeholders resolved
// by linker (nil: links as written, no id prefix).
func (d *Doc) WriteHTML(out Output, linker Linker) error {
	body, done, err := d.read(&d.body)
	if err != nil {
		return err
	}
	defer done()
	return d.resolve(out, body, linker)
}

// TitleHTML returns the inline HTML of the leading heading that gave
// the title (Title), with links resolved by linker as in WriteHTML: "Using
// <em>Go</em> with <a href="…">gRPC</a>" for "# Using *Go* with
// [gRPC](grpc.md)". It is empty when that heading was plain text, or
// there was none: the title as text says it all then.
func (d *Doc) TitleHTML(linker Linker) (string, error) {
	if len(d.titleHTML) == 0 {
		return "", nil
	}
	var b strings.Builder
	err := d.resolve(&b, d.titleHTML, linker)
	return b.String(), err
}

// resolve writes HTML with placeholders to out, resolving them by linker.
func (d *Doc) resolve(out Output, body []byte, linker Linker) error {
	if linker == nil {
		linker = plainLinker{}
	}
	shift := 0
	if s, ok := linker.(HeadingShifter); ok {
		shift = s.HeadingShift()
	}
	prefix := linker.IDPrefix()
	for {
		i := bytes.IndexByte(body, markerByte)
		if i < 0 {
			_, _ = out.Write(body)
			return nil
		}
		_, _ = out.Write(body[:i])
		kind, arg, rest, ok := readMarker(body[i:])
		if !ok { // cannot happen: content never writes the marker byte
			return fmt.Errorf("markdown: damaged body at byte %d", i)
		}
		body = rest
		switch kind {
		case markPrefix:
			_, _ = out.WriteString(prefix)
		case markLevel:
			_, _ = out.WriteString(strconv.Itoa(min(max(arg+shift, 1), 6)))
		case markLink:
			if arg >= len(d.Links) {
				return fmt.Errorf("markdown: body names link %d of %d", arg, len(d.Links))
			}
			_, _ = out.Write(util.EscapeHTML(util.URLEscape([]byte(linker.Href(arg, d.Links[arg])), true)))
		}
	}
}

type plainLinker struct{}

func (plainLinker) Href(_ int, l *LocalLink) string { return l.Dest }
func (plainLinker) IDPrefix() string                { return "" }

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
			b.Write(unescapeMarkdown(t.Value(src)))
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

// unescapeMarkdown returns text of Markdown source (a title, an info
// string, a text run) as the HTML renderer shows it, in one pass as the
// renderer reads it: "\*" is "*", "&ouml;" and "&#246;" are "ö", and
// "\&ouml;" is "&ouml;".
func unescapeMarkdown(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, 0) < 0 {
		return b
	}
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	gmhtml.DefaultWriter.Write(w, b) // escapes for HTML what it resolves
	_ = w.Flush()
	return []byte(html.UnescapeString(out.String()))
}

// escapeMarkdown returns s as Markdown source that unescapeMarkdown reads
// as s: every ASCII punctuation character escaped with a backslash.
func escapeMarkdown(s string) []byte {
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		if util.IsPunct(s[i]) {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return b
}
