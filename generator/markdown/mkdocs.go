package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mkDocsIconParser reads the icon shortcodes of MkDocs Material
// (:material-check:, :fontawesome-brands-github:, :octicons-mark-github-16:,
// :simple-python:): each is shown as written and reported.
type mkDocsIconParser struct{}

// mkDocsIcons registers mkDocsIconParser.
type mkDocsIcons struct{}

func (mkDocsIcons) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mkDocsIconParser{}, 120)))
}

func (mkDocsIconParser) Trigger() []byte { return []byte{':'} }

func (mkDocsIconParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if c := block.PrecendingCharacter(); c < 0x80 && util.IsAlphaNumeric(byte(c)) {
		return nil // "a:material-x:" is not an icon
	}
	line, seg := block.PeekLine()
	n := mkDocsIcon(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	reportForeign(pc, foreignMkDocsIcon, seg.Start, "MkDocs icon %s not rendered: write an emoji or plain text instead", line[:n])
	return &foreignNode{segments: []text.Segment{text.NewSegment(seg.Start, seg.Start+n)}}
}

// mkDocsIconSets are the icon sets MkDocs Material bundles.
var mkDocsIconSets = []string{"material-", "fontawesome-", "octicons-", "simple-"}

// mkDocsIcon returns the length of the icon shortcode at the start of
// line, or 0: ':', a set's prefix, lower-case letters, digits and '-', ':'.
func mkDocsIcon(line []byte) int {
	if len(line) < 2 || line[0] != ':' {
		return 0
	}
	rest := line[1:]
	for _, set := range mkDocsIconSets {
		if len(rest) <= len(set) || string(rest[:len(set)]) != set {
			continue
		}
		for i := len(set); i < len(rest) && i < 128; i++ {
			c := rest[i]
			switch {
			case c == ':':
				if rest[i-1] == '-' {
					return 0
				}
				return i + 2
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-':
			default:
				return 0
			}
		}
		return 0
	}
	return 0
}
