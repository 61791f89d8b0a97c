package importer

import (
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/playbook-ssg/playbook/generator/markdown"
)

// The build renders MkDocs' containers natively: content tabs
// (=== "Label") and admonitions (!!! note, ??? note, ???+ note), whose
// bodies are indented by four columns. parseBody reads them as the build
// does, so that such a body is Markdown (its links rewritten, its
// syntax converted), not an indented code block.

// containerMarker is the line that opens a container: its marker, then
// a quoted label (a tab) or a kind (an admonition).
var containerMarker = regexp.MustCompile(`^(?:===[!+]{0,2}[ \t]+"|(?:!!!|\?\?\?\+?)[ \t]+[A-Za-z])`)

// containerBlock is a container's body in parseBody's tree.
type containerBlock struct{ ast.BaseBlock }

var kindContainer = ast.NewNodeKind("ImportContainer")

// Kind implements ast.Node.
func (n *containerBlock) Kind() ast.NodeKind { return kindContainer }

// Dump implements ast.Node.
func (n *containerBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// containerParser parses a container's marker line and its indented body.
type containerParser struct{}

func (containerParser) Trigger() []byte { return []byte{'=', '!', '?'} }

func (containerParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !containerMarker.Match(line[pos:]) {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &containerBlock{}, parser.HasChildren
}

// Continue keeps blank lines and lines indented by four columns or more,
// without their indentation, as the build does.
func (containerParser) Continue(_ ast.Node, reader text.Reader, _ parser.Context) parser.State {
	return markdown.ContinueIndented(reader)
}

func (containerParser) Close(ast.Node, text.Reader, parser.Context) {}
func (containerParser) CanInterruptParagraph() bool                 { return true }
func (containerParser) CanAcceptIndentedLine() bool                 { return false }

// containerParsers is the option that adds containerParser to a parser,
// at the build's priority for content tabs.
func containerParsers() parser.Option {
	return parser.WithBlockParsers(util.Prioritized(containerParser{}, 670))
}
