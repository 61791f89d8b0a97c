package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A callout is one node whatever the dialect that wrote it: GitHub alerts
// (alert.go), MkDocs admonitions and details (admonition.go) and
// Docusaurus admonitions (docusaurus.go) all parse into a calloutNode,
// which renders as one of the theme's five callouts.

// kindCallout and kindCalloutTitle are the node kinds of a callout and of
// its title.
var (
	kindCallout      = ast.NewNodeKind("Callout")
	kindCalloutTitle = ast.NewNodeKind("CalloutTitle")
)

// fold says whether a callout collapses, and how it starts.
type fold uint8

const (
	foldNone   fold = iota // always open: a <div>
	foldClosed             // <details>
	foldOpen               // <details open>
)

// calloutNode is a callout; its children are an optional title node and
// then the body's blocks.
type calloutNode struct {
	ast.BaseBlock
	// variant is the theme's kind: note, tip, important, warning, caution.
	variant string
	// kinds are the kind names as written, lower case, kept as classes
	// ("kind-danger") for themes that style them; none for GitHub alerts.
	kinds []string
	fold  fold
}

// Kind implements ast.Node.
func (n *calloutNode) Kind() ast.NodeKind { return kindCallout }

// Dump implements ast.Node.
func (n *calloutNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.variant, "Kinds": strings.Join(n.kinds, " ")}, nil)
}

// calloutTitleNode is a callout's title: Markdown from the source (its
// Lines, parsed as inlines) or, without lines, the fixed text.
type calloutTitleNode struct {
	ast.BaseBlock
	text string
}

// Kind implements ast.Node.
func (n *calloutTitleNode) Kind() ast.NodeKind { return kindCalloutTitle }

// Dump implements ast.Node.
func (n *calloutTitleNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Text": n.text}, nil)
}

// calloutVariants maps the kind names of MkDocs (Python-Markdown and
// Material) and Docusaurus onto the theme's callouts, by meaning and
// colour: blue notes, green tips, purple important, yellow warnings and
// red cautions. GitHub's five kinds are the theme's own (alertTitles).
var calloutVariants = map[string]string{
	"note": "note", "abstract": "note", "summary": "note", "tldr": "note",
	"info": "note", "todo": "note", "quote": "note", "cite": "note",
	"tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
	"question": "tip", "help": "tip", "faq": "tip",
	"important": "important", "example": "important",
	"warning": "warning", "caution": "warning", "attention": "warning",
	"failure": "caution", "fail": "caution", "missing": "caution",
	"danger": "caution", "error": "caution", "bug": "caution",
}

// newCallout returns a callout of the kind names as written (the first
// decides its variant; unknown names are notes) with a title: title's
// segment parsed as Markdown when hasTitle, else the first kind name
// capitalised; no title at all when hasTitle and the segment is empty,
// unless the callout folds (a <summary> needs text).
func newCallout(kinds []string, fl fold, title text.Segment, hasTitle bool) *calloutNode {
	for i, k := range kinds {
		kinds[i] = strings.ToLower(k)
	}
	variant, ok := calloutVariants[kinds[0]]
	if !ok {
		variant = "note"
	}
	n := &calloutNode{variant: variant, kinds: kinds, fold: fl}
	t := &calloutTitleNode{}
	switch {
	case hasTitle && title.Len() > 0:
		t.Lines().Append(title)
	case hasTitle && fl == foldNone:
		return n
	default:
		t.text = strings.ToUpper(kinds[0][:1]) + kinds[0][1:]
	}
	n.AppendChild(n, t)
	return n
}

// isKindByte reports whether c may be in a kind name: ASCII letters,
// digits, '-' and '_', as MkDocs and Docusaurus accept, so that a kind is
// safe as a class.
func isKindByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// maxCalloutDepth bounds how deeply callouts and tabs nest. goldmark
// keeps a record per open block for every line it reads, and ":::note"
// lines nest without costing a byte on the lines inside, so a 2 MiB page
// of short lines under 1,000 of them would take minutes and gigabytes
// (the loader's maxNesting bounds the indentation of MkDocs blocks, not
// these). At five, such a page parses in about three times the time of
// the same lines alone; real pages nest two or three.
const maxCalloutDepth = 5

var deepWarnedKey = parser.NewContextKey()

// canNest reports whether a callout or tab may open under parent; beyond
// maxCalloutDepth it may not, and the page gets one warning at off.
func canNest(parent ast.Node, pc parser.Context, off int) bool {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == kindCallout || k == kindTab {
			depth++
		}
	}
	if depth < maxCalloutDepth {
		return true
	}
	if pc.Get(deepWarnedKey) == nil {
		pc.Set(deepWarnedKey, true)
		warn(pc, off, "callouts and tabs nested more than %d deep render as text from here", maxCalloutDepth)
	}
	return false
}

// calloutIcons are the icons of the theme's callouts, by variant.
var calloutIcons = map[string]string{
	"note":      `<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15h-2v-6h2Zm0-8h-2V7h2Z"/>`,
	"tip":       `<path d="M9 21h6v-1H9Zm3-19a7 7 0 0 0-4 12.7V17h8v-2.3A7 7 0 0 0 12 2Z"/>`,
	"important": `<path d="M4 3h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H8l-5 4V4a1 1 0 0 1 1-1Zm7 3v6h2V6Zm0 8v2h2v-2Z"/>`,
	"warning":   `<path d="M12 2 1 21h22Zm1 15h-2v-2h2Zm0-4h-2V9h2Z"/>`,
	"caution":   `<path d="M8 2h8l6 6v8l-6 6H8l-6-6V8Zm3 5v6h2V7Zm0 8v2h2v-2Z"/>`,
}

// calloutRenderer renders callouts and their titles.
type calloutRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCallout, renderCallout)
	reg.Register(kindCalloutTitle, renderCalloutTitle)
}

func renderCallout(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*calloutNode)
	tag := "div"
	if n.fold != foldNone {
		tag = "details"
	}
	if !entering {
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<" + tag + ` class="callout callout-` + n.variant)
	for _, k := range n.kinds {
		_, _ = w.WriteString(" kind-" + k)
	}
	switch n.fold {
	case foldNone:
		_, _ = w.WriteString(`" role="note">`)
	case foldClosed:
		_, _ = w.WriteString(`">`)
	case foldOpen:
		_, _ = w.WriteString(`" open>`)
	}
	if _, ok := n.FirstChild().(*calloutTitleNode); !ok {
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

func renderCalloutTitle(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*calloutTitleNode)
	c, _ := n.Parent().(*calloutNode)
	tag := "p"
	if c != nil && c.fold != foldNone {
		tag = "summary"
	}
	if !entering {
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	variant := "note"
	if c != nil {
		variant = c.variant
	}
	_, _ = w.WriteString("<" + tag + ` class="callout-title"><svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">` +
		calloutIcons[variant] + `</svg>`)
	_, _ = w.Write(util.EscapeHTML([]byte(n.text)))
	return ast.WalkContinue, nil
}
