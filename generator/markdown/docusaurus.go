package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Docusaurus admonitions (remark-directive containers) as callouts:
//
//	:::warning Discount policy
//	Never below floor price.
//	:::
//
// The title may also be written ":::warning[Discount policy]"; without one
// it comes from the kind. A line of as many colons or more closes the
// callout, so an outer one takes more colons ("::::note" … "::::") for the
// ones inside to close first, as in Docusaurus.

// docusaurusAdmonitions is the goldmark extension of ":::" admonitions.
type docusaurusAdmonitions struct{}

// Extend implements goldmark.Extender.
func (docusaurusAdmonitions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(directiveParser{}, 660)))
}

// directiveParser parses ":::kind" … ":::" containers.
type directiveParser struct{}

// directive is the parse state of one open container; the open ones of a
// parse are a stack in the parser context, innermost last.
type directive struct {
	node   *calloutNode
	fence  int // colons of the opening line
	indent int // columns before it, taken off each body line
	off    int // source offset of the opening line, for warnings
	closed bool
}

var directivesKey = parser.NewContextKey()

func directives(pc parser.Context) []*directive {
	d, _ := pc.Get(directivesKey).([]*directive)
	return d
}

func (directiveParser) Trigger() []byte { return []byte{':'} }

func (directiveParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	off := seg.Start - seg.Padding // source offset of line[0]
	fence := colons(line[pos:])
	if fence < 3 {
		return nil, parser.NoChildren
	}
	i := pos + fence
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if util.IsBlank(line[i:]) {
		warn(pc, off+pos, "%s closes no callout and renders as text: open one with %snote", line[pos:pos+fence], line[pos:pos+fence])
		return nil, parser.NoChildren
	}
	j := i
	for j < len(line) && isKindByte(line[j]) {
		j++
	}
	if j == i || !isLetter(line[i]) || !canNest(parent, pc, off+pos) {
		return nil, parser.NoChildren
	}
	kind := string(line[i:j])
	title, hasTitle, ok := directiveTitle(line, j)
	if !ok {
		return nil, parser.NoChildren
	}
	if hasTitle {
		title = text.NewSegment(off+title.Start, off+title.Stop)
	}
	n := newCallout([]string{kind}, foldNone, title, hasTitle)
	pc.Set(directivesKey, append(directives(pc), &directive{node: n, fence: fence, indent: pc.BlockIndent(), off: off + pos}))
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

// directiveTitle reads what follows the kind name at line[i:]: a label in
// brackets, attributes in braces (ignored), or the rest of the line. Its
// segment holds offsets into line. It reports false when the kind name
// runs into something else (":::note:"), which is text.
func directiveTitle(line []byte, i int) (title text.Segment, hasTitle, ok bool) {
	end := len(line)
	for end > i && util.IsSpace(line[end-1]) {
		end--
	}
	if i < end && line[i] == '[' {
		if close := closingBracket(line[:end], i); close > 0 {
			title, hasTitle = text.NewSegment(i+1, close), true
			i = close + 1
		}
	}
	if i < end && line[i] == '{' {
		if close := bytes.IndexByte(line[i:end], '}'); close > 0 {
			i += close + 1
		}
	}
	if i < end && line[i] != ' ' && line[i] != '\t' {
		return title, false, false
	}
	for i < end && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if !hasTitle && i < end {
		title, hasTitle = text.NewSegment(i, end), true
	}
	return title, hasTitle, true
}

// closingBracket returns the index of the ']' that closes the '[' at
// b[open], skipping nested pairs and escaped brackets, or -1.
func closingBracket(b []byte, open int) int {
	depth := 0
	for i := open; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// colons counts the colons at the start of b.
func colons(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ':' {
		n++
	}
	return n
}

func (directiveParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	d := findDirective(pc, node)
	if d == nil {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	// A fence line in a code block of the body is code. (Docusaurus
	// closes the callout there, and the page breaks.)
	_, inCode := pc.LastOpenedBlock().Node.(*ast.FencedCodeBlock)
	if w < 4 && !inCode {
		if n := colons(line[pos:]); n >= d.fence && util.IsBlank(line[pos+n:]) {
			d.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	// Body lines lose the opening line's indentation, as in a fenced block.
	if p, padding := util.IndentPosition(line, reader.LineOffset(), d.indent); p >= 0 && !util.IsBlank(line) {
		reader.AdvanceAndSetPadding(p, padding)
	}
	return parser.Continue | parser.HasChildren
}

// findDirective returns the state of node, searching from the innermost.
func findDirective(pc parser.Context, node ast.Node) *directive {
	ds := directives(pc)
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].node == node {
			return ds[i]
		}
	}
	return nil
}

func (directiveParser) Close(node ast.Node, _ text.Reader, pc parser.Context) {
	ds := directives(pc)
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].node != node {
			continue
		}
		if d := ds[i]; !d.closed {
			fence := bytes.Repeat([]byte{':'}, d.fence)
			warn(pc, d.off, "%s%s is not closed: its body runs to the end of what holds it; end it with a line %s (and give callouts around it more colons)",
				fence, d.node.kinds[0], fence)
		}
		pc.Set(directivesKey, append(ds[:i:i], ds[i+1:]...))
		return
	}
}

func (directiveParser) CanInterruptParagraph() bool { return true }

func (directiveParser) CanAcceptIndentedLine() bool { return false }
