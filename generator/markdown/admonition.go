package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MkDocs admonitions (Python-Markdown's admonition extension) and the
// collapsible blocks of pymdownx.details, as callouts:
//
//	!!! tip "Why now"
//	    Ask what changed this quarter.
//
// "!!! kind" takes its title from the kind, `!!! kind ""` has none,
// "??? kind" folds closed and "???+ kind" folds open. The body is every
// following line indented by four spaces (or a tab), blank lines included.

// admonitions is the goldmark extension of MkDocs admonitions.
type admonitions struct{}

// Extend implements goldmark.Extender.
func (admonitions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(admonitionParser{}, 650)))
}

// admonitionParser parses a marker line and then, like a list item, the
// indented lines after it as the callout's children. Parsing the marker
// line as a block keeps its quotes away from the typographer.
type admonitionParser struct{}

func (admonitionParser) Trigger() []byte { return []byte{'!', '?'} }

func (admonitionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || len(line)-pos < 3 {
		return nil, parser.NoChildren
	}
	var fl fold
	switch string(line[pos : pos+3]) {
	case "!!!":
		fl = foldNone
	case "???":
		fl = foldClosed
	default:
		return nil, parser.NoChildren
	}
	i := pos + 3
	if fl == foldClosed && i < len(line) && line[i] == '+' {
		fl = foldOpen
		i++
	}
	off := seg.Start - seg.Padding // source offset of line[0]
	m, status := parseAdmonitionMarker(line[i:])
	marker := line[pos:i]
	switch {
	case status == markerNoKind && (fl == foldNone || m.hasTitle || fl == foldOpen):
		// A lone "???" is more likely prose than a callout.
		warn(pc, off+pos, "%s without a kind renders as text: write %s note \"Title\"", marker, marker)
		return nil, parser.NoChildren
	case status == markerUnclosed:
		warn(pc, off+pos, "the title after %s %s has no closing '\"': the line renders as text", marker, m.kinds[0])
		return nil, parser.NoChildren
	case status != markerOK || !canNest(parent, pc, off+pos):
		return nil, parser.NoChildren
	}
	var title text.Segment
	if m.hasTitle {
		title = text.NewSegment(off+i+m.title[0], off+i+m.title[1])
	}
	n := newCallout(m.kinds, fl, title, m.hasTitle)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (admonitionParser) Continue(_ ast.Node, reader text.Reader, _ parser.Context) parser.State {
	return continueIndented(reader)
}

func (admonitionParser) Close(ast.Node, text.Reader, parser.Context) {}

func (admonitionParser) CanInterruptParagraph() bool { return true }

func (admonitionParser) CanAcceptIndentedLine() bool { return false }

// continueIndented continues a block whose body is indented by four
// columns (MkDocs admonitions and content tabs): blank lines belong to
// it, a line indented less ends it.
func continueIndented(reader text.Reader) parser.State {
	line, _ := reader.PeekLine()
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	if util.IsBlank(line) {
		if pos >= 0 {
			reader.AdvanceAndSetPadding(pos, padding)
		}
		return parser.Continue | parser.HasChildren
	}
	if pos < 0 {
		return parser.Close
	}
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

// ContinueIndented is the goldmark BlockParser.Continue of a block whose
// body is indented by four columns, as the build reads MkDocs
// admonitions and content tabs, for tools that read them the same way
// (playbook import).
func ContinueIndented(reader text.Reader) parser.State { return continueIndented(reader) }

// admonitionMarker is what follows "!!!", "???" or "???+" on a marker line.
type admonitionMarker struct {
	kinds    []string
	title    [2]int // start and end of the title, in the bytes parsed
	hasTitle bool
}

// markerStatus says what parseAdmonitionMarker found.
type markerStatus uint8

const (
	markerOK       markerStatus = iota
	markerNoKind                // nothing, or only a title
	markerUnclosed              // kinds, then a '"' that is never closed
	markerOther                 // not a marker line: text
)

// parseAdmonitionMarker parses ` kind more-kinds "Title"` as Python-Markdown
// does: kind names separated by spaces, then an optional title from the
// first '"' to the last, then nothing but blanks.
func parseAdmonitionMarker(b []byte) (admonitionMarker, markerStatus) {
	var m admonitionMarker
	end := len(b)
	for end > 0 && util.IsSpace(b[end-1]) {
		end--
	}
	i := 0
	for i < end && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	for i < end && isKindByte(b[i]) {
		j := i
		for j < end && isKindByte(b[j]) {
			j++
		}
		m.kinds = append(m.kinds, string(b[i:j]))
		if j < end && b[j] != ' ' && b[j] != '\t' {
			return m, markerOther
		}
		for i = j; i < end && (b[i] == ' ' || b[i] == '\t'); i++ {
		}
	}
	if i < end {
		if b[i] != '"' {
			return m, markerOther
		}
		last := i + 1 + bytes.LastIndexByte(b[i+1:end], '"')
		switch {
		case last <= i && m.kinds != nil:
			return m, markerUnclosed
		case last != end-1:
			return m, markerOther
		}
		m.title, m.hasTitle = [2]int{i + 1, last}, true
	}
	if m.kinds == nil {
		return m, markerNoKind
	}
	return m, markerOK
}
