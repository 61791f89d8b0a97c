package markdown

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A page's cost is bounded while goldmark parses it, not only by its size:
// a few kilobytes of Markdown can stand for a billion table cells, a
// reference definition can be repeated a million times, and goldmark's
// inline parsing takes time that grows with the square of some runs of
// markers in one paragraph (`*a_ ` repeated: 128 KB took a minute).
//
// Every block parser, inline parser and paragraph transformer goldmark
// and the extensions register is wrapped by budgetParser, which charges
// what each one makes to the page's budget in the parser context:
//
//   - elements: each line, block, inline node and table cell, headings
//     more (their id, anchor and contents entry). When they run out the
//     parse stops making nodes (block parsing jumps to the end of the
//     source, inline parsers make none) and the page fails with an error
//     at the place.
//   - repeated bytes: what links that use a reference definition repeat of
//     it (its URL and title), once per use.
//   - markers: a paragraph reads at most maxDelimiters emphasis
//     delimiters and keeps at most maxOpenLabels link labels open, past
//     which markers are text; a link destination that would be scanned
//     again over a long stretch already scanned is text. With the
//     elements, these keep goldmark's inline parsing within a constant
//     of linear; what they change is a warning.

// LimitError is a bound a page passed while it was parsed: the page
// cannot be built.
type LimitError struct {
	// Offset is where in the source the bound was passed, in bytes.
	Offset int
	Msg    string
}

func (e *LimitError) Error() string { return e.Msg }

const (
	// headingCost is what a heading costs in elements: its node, its id
	// attribute, its text and its entry in the contents.
	headingCost = 4
	// maxRepeatedBytes bounds what reference links repeat on one page.
	maxRepeatedBytes = 16 << 20
	// maxDelimiters bounds the emphasis delimiters (*, _, ~, =) of one
	// paragraph and maxOpenLabels its link labels open at once: goldmark
	// matches each closer by looking back through them all.
	maxDelimiters = 2048
	maxOpenLabels = 256
	// longScan is how long a stretch a link destination may be scanned
	// over again.
	longScan = 1 << 10
)

// budget is what the page being parsed may still cost.
type budget struct {
	max, left int
	repeated  int
	err       *LimitError
	// changed is where a marker bound first changed how a paragraph
	// parses (-1: nowhere).
	changed int

	// The paragraph (or heading, or table cell) whose inlines are being
	// parsed, and its markers.
	block  ast.Node
	delims int // delimiters read
	open   int // link labels open
	// openers counts the delimiters read that may open, by character.
	openers map[byte]int
	// scanEnd is where the last long link destination scan stopped.
	scanEnd int
}

var budgetKey = parser.NewContextKey()

func newBudget(maxElements int) *budget {
	return &budget{max: maxElements, left: maxElements, changed: -1, openers: map[byte]int{}}
}

func budgetOf(pc parser.Context) *budget {
	b, _ := pc.Get(budgetKey).(*budget)
	return b
}

// charge takes n elements for something at offset off and reports whether
// the page had them.
func (b *budget) charge(n, off int) bool {
	if b.err != nil {
		return false
	}
	if b.left -= n; b.left < 0 {
		b.fail(off, fmt.Sprintf("more than %d Markdown elements (lines, blocks, links, emphasis, table cells) in one page (limits.maxElements in site.toml): split the page", b.max))
		return false
	}
	return true
}

func (b *budget) fail(off int, msg string) {
	if b.err == nil {
		b.err = &LimitError{Offset: off, Msg: msg}
	}
}

// change records that a marker bound changed the parse at off.
func (b *budget) change(off int) {
	if b.changed < 0 {
		b.changed = off
	}
}

// enter starts the inline state of block, when it is not the current one.
func (b *budget) enter(block ast.Node) {
	if b.block != block {
		b.block, b.delims, b.open, b.scanEnd = block, 0, 0, 0
		clear(b.openers)
	}
}

// ParseCommonMark parses src with goldmark's CommonMark parser alone, no
// extension, bounded as pages are (see Options.MaxElements; zero is no
// bound). Past a bound it returns a *LimitError and what it parsed.
func ParseCommonMark(src []byte, maxElements int) (ast.Node, error) {
	pc := parser.NewContext()
	if maxElements > 0 {
		b := newBudget(maxElements)
		if !b.chargeLines(src) {
			return ast.NewDocument(), b.err
		}
		pc.Set(budgetKey, b)
	}
	doc := newBudgetParser().Parse(text.NewReader(src), parser.WithContext(pc))
	if b := budgetOf(pc); b != nil && b.err != nil {
		return doc, b.err
	}
	return doc, nil
}

// chargeLines charges the lines of src, each at least a text node.
func (b *budget) chargeLines(src []byte) bool {
	return b.charge(bytes.Count(src, []byte{'\n'})+1, lineStart(src, b.max))
}

// budgetParser is a goldmark parser whose block parsers, inline parsers
// and paragraph transformers are wrapped to charge the page's budget. It
// collects the options goldmark and the extensions add, and builds the
// parser on first use, as goldmark's own parser does.
type budgetParser struct {
	config *parser.Config
	once   sync.Once
	inner  parser.Parser
}

func newBudgetParser() *budgetParser {
	p := &budgetParser{config: parser.NewConfig()}
	p.AddOptions(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return p
}

// AddOptions implements parser.Parser.
func (p *budgetParser) AddOptions(opts ...parser.Option) {
	for _, o := range opts {
		o.SetParserOption(p.config)
	}
}

// Parse implements parser.Parser.
func (p *budgetParser) Parse(reader text.Reader, opts ...parser.ParseOption) ast.Node {
	p.once.Do(p.build)
	return p.inner.Parse(reader, opts...)
}

func (p *budgetParser) build() {
	c := p.config
	var opts []parser.Option
	for _, v := range c.BlockParsers {
		opts = append(opts, parser.WithBlockParsers(util.Prioritized(budgetBlockParser{v.Value.(parser.BlockParser)}, v.Priority)))
	}
	for _, v := range c.InlineParsers {
		opts = append(opts, parser.WithInlineParsers(util.Prioritized(budgetInlineParser{v.Value.(parser.InlineParser)}, v.Priority)))
	}
	for _, v := range c.ParagraphTransformers {
		opts = append(opts, parser.WithParagraphTransformers(util.Prioritized(budgetParagraphTransformer{v.Value.(parser.ParagraphTransformer)}, v.Priority)))
	}
	opts = append(opts, parser.WithASTTransformers(c.ASTTransformers...))
	for name, v := range c.Options {
		opts = append(opts, parser.WithOption(name, v))
	}
	if c.EscapedSpace {
		opts = append(opts, parser.WithEscapedSpace())
	}
	p.inner = parser.NewParser(opts...)
	p.config = nil
}

// setOption passes a parser option on to v, when v takes options.
func setOption(v any, name parser.OptionName, value any) {
	if so, ok := v.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

type budgetBlockParser struct{ parser.BlockParser }

func (w budgetBlockParser) SetOption(name parser.OptionName, value any) {
	setOption(w.BlockParser, name, value)
}

func (w budgetBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	b := budgetOf(pc)
	if b == nil {
		return w.BlockParser.Open(parent, reader, pc)
	}
	_, seg := reader.PeekLine()
	if b.err != nil {
		toEnd(reader)
		return nil, parser.NoChildren
	}
	n, state := w.BlockParser.Open(parent, reader, pc)
	if n == nil {
		return nil, state
	}
	cost := 1
	if n.Kind() == ast.KindHeading {
		cost = headingCost
	}
	if !b.charge(cost, seg.Start) {
		toEnd(reader)
	}
	return n, state
}

// toEnd moves reader to the end of its source: block parsing stops there.
func toEnd(reader text.Reader) {
	line, _ := reader.Position()
	end := len(reader.Source())
	reader.SetPosition(line, text.NewSegment(end, end))
}

type budgetInlineParser struct{ parser.InlineParser }

func (w budgetInlineParser) SetOption(name parser.OptionName, value any) {
	setOption(w.InlineParser, name, value)
}

// CloseBlock implements parser.CloseBlocker for the parsers that do.
func (w budgetInlineParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := w.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
	if b := budgetOf(pc); b != nil && b.block == parent {
		b.block = nil
	}
}

// linkParser is goldmark's parser of links and images: "[", "![", "]".
var linkParser = parser.NewLinkParser()

func (w budgetInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	b := budgetOf(pc)
	if b == nil {
		return w.InlineParser.Parse(parent, block, pc)
	}
	if b.err != nil {
		return nil
	}
	b.enter(parent)
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return w.InlineParser.Parse(parent, block, pc)
	}
	isLink := w.InlineParser == linkParser
	switch {
	case isLink && line[0] != ']' && b.open >= maxOpenLabels,
		isDelimiter(line[0]) && b.delims >= maxDelimiters:
		b.change(seg.Start) // this marker is text
		return nil
	case isLink && line[0] == ']' && !b.destinationOnce(seg.Start, line):
		return nil
	}
	n := w.InlineParser.Parse(parent, block, pc)
	if isLink && line[0] == ']' && b.open > 0 {
		b.open-- // "]" closes the last label, whatever it makes of it
	}
	if n == nil {
		return nil
	}
	switch n := n.(type) {
	case *parser.Delimiter:
		b.delimiter(n)
	case *ast.Link:
		b.repeat(n.Reference != nil, n.Destination, n.Title, n.Pos())
	case *ast.Image:
		b.repeat(n.Reference != nil, n.Destination, n.Title, n.Pos())
	default:
		if isLink && line[0] != ']' {
			b.open++ // goldmark's state of an open label
		}
	}
	b.charge(2, seg.Start) // the node and the text after it; made already
	return n
}

// isDelimiter reports whether c opens or closes emphasis, strikethrough
// or a mark (*, _, ~, =): goldmark's delimiters.
func isDelimiter(c byte) bool { return c == '*' || c == '_' || c == '~' || c == '=' }

// destinationOnce reports whether the "]" at off, with line from it, may
// be read: a link destination after "](" is scanned up to a blank (or a
// ">"), and "[a](b" repeated without one made goldmark scan the same long
// stretch once per "](" (1,000 of them before 256 KB: 1.7 s).
func (b *budget) destinationOnce(off int, line []byte) bool {
	if len(line) < 2 || line[1] != '(' {
		return true
	}
	if off < b.scanEnd && b.scanEnd-off > longScan {
		b.change(off)
		return false
	}
	rest := line[2:]
	stops := " \t\r\n"
	if len(rest) > 0 && rest[0] == '<' {
		stops = ">\n"
	}
	end := bytes.IndexAny(rest, stops)
	if end < 0 {
		end = len(rest)
	}
	if end > longScan {
		b.scanEnd = off + 2 + end
	}
	return true
}

// delimiter counts d, just read. A closer with no opener of its
// character before it can close nothing: it is marked so, which spares
// goldmark looking back through every delimiter for one ("*a_ " repeated
// took a minute for 128 KB).
// One that can both open and close is left as it is: the rule of three
// (CommonMark's "multiple of 3") depends on it. Only delimiters that may
// open or close count towards maxDelimiters: "_" inside snake_case words
// can do neither.
func (b *budget) delimiter(d *parser.Delimiter) {
	if d.CanClose && !d.CanOpen && b.openers[d.Char] == 0 {
		d.CanClose = false
	}
	if d.CanOpen {
		b.openers[d.Char]++
	}
	if d.CanOpen || d.CanClose {
		b.delims++
	}
}

// repeat charges what a reference link at off repeats of its definition.
func (b *budget) repeat(reference bool, dest, title []byte, off int) {
	if !reference || b.err != nil {
		return
	}
	if b.repeated += len(dest) + len(title); b.repeated > maxRepeatedBytes {
		b.fail(off, fmt.Sprintf("links that use reference definitions repeat more than %d MB of their URLs and titles in one page: shorten the definitions or write the links out", maxRepeatedBytes>>20))
	}
}

type budgetParagraphTransformer struct{ parser.ParagraphTransformer }

func (w budgetParagraphTransformer) SetOption(name parser.OptionName, value any) {
	setOption(w.ParagraphTransformer, name, value)
}

// gfmTable is GFM's table transformer, which pads every row to the
// header's cells.
var gfmTable = extension.NewTableParagraphTransformer()

func (w budgetParagraphTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	b := budgetOf(pc)
	if b != nil && w.ParagraphTransformer == gfmTable {
		if b.err != nil || !b.chargeTable(node, reader.Source()) {
			// Not a table: its cells would not fit.
			return
		}
	}
	w.ParagraphTransformer.Transform(node, reader, pc)
}

// chargeTable charges the cells of the table the paragraph would become,
// as GFM's transformer finds it: the first line that is a delimiter row
// after the first line, the line before it the header, every line after
// it a row of as many cells as the delimiter row has.
func (b *budget) chargeTable(node *ast.Paragraph, src []byte) bool {
	lines := node.Lines()
	for i := 1; i < lines.Len(); i++ {
		row := lines.At(i)
		cols := delimiterCells(row.Value(src))
		if cols == 0 {
			continue
		}
		rows := lines.Len() - i // the header and the rows
		cells := cols * rows
		if cells/cols != rows || !b.charge(2*cells+rows, lines.At(i-1).Start) {
			b.err = &LimitError{Offset: lines.At(i - 1).Start, Msg: fmt.Sprintf(
				"table of %d columns and %d rows makes %d cells, which with the rest of the page is more than the %d Markdown elements one page may hold (limits.maxElements in site.toml): every row gets as many cells as the header", cols, rows-1, cells, b.max)}
			return false
		}
		return true
	}
	return true
}

// delimiterCells returns the number of cells of a GFM table delimiter row
// ("| --- | :-: |"), or 0 when line is not one.
func delimiterCells(line []byte) int {
	line = bytes.TrimSpace(line)
	dash := false
	for _, c := range line {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t':
		default:
			return 0
		}
	}
	if !dash {
		return 0
	}
	line = bytes.TrimPrefix(bytes.TrimSuffix(line, []byte("|")), []byte("|"))
	return bytes.Count(line, []byte("|")) + 1
}
