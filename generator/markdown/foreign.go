package markdown

import (
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Other generators' syntax that playbook does not render (Hugo shortcodes,
// mdBook commands, MDX, MkDocs icons) is shown as the author wrote it,
// escaped and with its quotes straight, and each occurrence is a warning
// that names the playbook way. Each tool's parsers live in a file named
// after it (hugo.go, …); this file holds what they share: the literal
// nodes and the per-page report that keeps a page of 200 shortcodes from
// flooding the terminal.

// foreignSyntax registers the parsers of other tools' syntax and what
// they share.
type foreignSyntax struct{}

func (foreignSyntax) Extend(m goldmark.Markdown) {
	for _, e := range []goldmark.Extender{hugoShortcodes{}, mdBookCommands{}, mdxSyntax{}, mkDocsIcons{}} {
		e.Extend(m)
	}
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(leftoverTransformer{}, 44),
		util.Prioritized(foreignTransformer{}, 45),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(foreignRenderer{}, 100)))
}

// foreignKind is one kind of construct, for the limit on warnings.
type foreignKind int

const (
	foreignHugo foreignKind = iota
	foreignMdBook
	foreignMDXESM
	foreignMDXComponent
	foreignMkDocsIcon
	foreignTemplate
	foreignKinds
)

// foreignNames names a kind in the "and 12 more" warning: one, and more
// than one.
var foreignNames = [foreignKinds][2]string{
	foreignHugo:         {"Hugo shortcode", "Hugo shortcodes"},
	foreignMdBook:       {"mdBook command", "mdBook commands"},
	foreignMDXESM:       {"MDX import or export", "MDX imports and exports"},
	foreignMDXComponent: {"MDX component", "MDX components"},
	foreignMkDocsIcon:   {"MkDocs icon", "MkDocs icons"},
	foreignTemplate:     {"template tag", "template tags"},
}

// foreignWarnings is how many occurrences of one kind a page warns about
// one by one; the rest are one warning with their count.
const foreignWarnings = 3

// foreignMaxLen bounds the length of one construct (a shortcode with its
// arguments), so that a line of "{{<" without an end costs linear time.
const foreignMaxLen = 4096

// window returns line cut to foreignMaxLen.
func window(line []byte) []byte { return line[:min(len(line), foreignMaxLen)] }

// foreignReport collects a page's occurrences while it is parsed: the
// first few of each kind, and how many there are.
type foreignReport struct {
	found [foreignKinds][]Warning
	count [foreignKinds]int
	// open holds the shortcodes and components opened so far, by
	// kind and name, so that their closing forms need no warning.
	open map[foreignName]bool
	// every keeps every occurrence (Options.EveryForeign).
	every bool
}

// foreignName is an element of one kind, by name.
type foreignName struct {
	kind foreignKind
	name string
}

var foreignKey = parser.NewContextKey()

func foreignReportOf(pc parser.Context) *foreignReport {
	r, _ := pc.Get(foreignKey).(*foreignReport)
	if r == nil {
		r = &foreignReport{open: map[foreignName]bool{}}
		pc.Set(foreignKey, r)
	}
	return r
}

// reportForeign records an occurrence of kind at byte offset off.
func reportForeign(pc parser.Context, kind foreignKind, off int, format string, args ...any) {
	r := foreignReportOf(pc)
	r.count[kind]++
	switch n := len(r.found[kind]); {
	case r.every:
		r.found[kind] = append(r.found[kind], Warning{Offset: off, Message: fmt.Sprintf(format, args...)})
	case n == foreignWarnings+1: // only counted
	case n == foreignWarnings: // where "and N more" points
		r.found[kind] = append(r.found[kind], Warning{Offset: off})
	default:
		r.found[kind] = append(r.found[kind], Warning{Offset: off, Message: fmt.Sprintf(format, args...)})
	}
}

// closesReported records an opening of the element name of kind, or
// reports whether a closing one closes an opening already reported.
func (r *foreignReport) closesReported(kind foreignKind, name string, closing bool) bool {
	key := foreignName{kind, name}
	if closing {
		return r.open[key]
	}
	r.open[key] = true
	return false
}

// foreignTransformer turns the page's report into warnings, after every
// parser and transformer of other tools' syntax has run.
type foreignTransformer struct{}

func (foreignTransformer) Transform(_ *ast.Document, _ text.Reader, pc parser.Context) {
	r, _ := pc.Get(foreignKey).(*foreignReport)
	if r == nil {
		return
	}
	for kind, found := range r.found {
		for i, w := range found {
			if i == foreignWarnings && !r.every {
				n, name := r.count[kind]-i, foreignNames[kind][1]
				if n == 1 {
					name = foreignNames[kind][0]
				}
				warn(pc, w.Offset, "and %d more %s not rendered, the next here", n, name)
				break
			}
			warn(pc, w.Offset, "%s", w.Message)
		}
	}
}

// kindForeign is the node kind of another tool's inline syntax, shown as
// written.
var kindForeign = ast.NewNodeKind("Foreign")

// foreignNode is inline text shown exactly as written: its segments of
// the source, or text when set.
type foreignNode struct {
	ast.BaseInline
	segments []text.Segment
	text     []byte
}

// Kind implements ast.Node.
func (n *foreignNode) Kind() ast.NodeKind { return kindForeign }

// Dump implements ast.Node.
func (n *foreignNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// kindForeignBlock is the node kind of another tool's block syntax, shown
// as written in a paragraph.
var kindForeignBlock = ast.NewNodeKind("ForeignBlock")

// foreignBlock is a block whose lines are shown exactly as written.
type foreignBlock struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *foreignBlock) Kind() ast.NodeKind { return kindForeignBlock }

// Dump implements ast.Node.
func (n *foreignBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type foreignRenderer struct{}

func (foreignRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindForeign, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		f := n.(*foreignNode)
		if f.text != nil {
			_, _ = w.Write(util.EscapeHTML(f.text))
		}
		for _, s := range f.segments {
			_, _ = w.Write(util.EscapeHTML(s.Value(src)))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindForeignBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<p>")
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			line := seg.Value(src)
			if i == lines.Len()-1 {
				line = util.TrimRightSpace(line)
			}
			_, _ = w.Write(util.EscapeHTML(line))
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
}
