package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// rawHTMLTransformer counts the raw HTML that the renderer leaves out when
// raw HTML is off (site.toml [markup] unsafe = false) and warns once per
// page, at the first place, so that a page never loses a <details> or an
// <iframe> without a word.
type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	// The import's report (Options.EveryForeign) names every place.
	r, _ := pc.Get(foreignKey).(*foreignReport)
	every := r != nil && r.every
	n, first := 0, -1
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		off := -1
		var raw []byte
		src := reader.Source()
		switch node := node.(type) {
		case *ast.HTMLBlock:
			if node.Lines().Len() > 0 {
				off = node.Lines().At(0).Start
			}
			for i := 0; i < node.Lines().Len(); i++ {
				seg := node.Lines().At(i)
				raw = append(raw, seg.Value(src)...)
			}
			if node.HasClosure() {
				raw = append(raw, node.ClosureLine.Value(src)...)
			}
		case *ast.RawHTML:
			if node.Segments.Len() > 0 {
				off = node.Segments.At(0).Start
			}
			for i := 0; i < node.Segments.Len(); i++ {
				seg := node.Segments.At(i)
				raw = append(raw, seg.Value(src)...)
			}
		default:
			return ast.WalkContinue, nil
		}
		if onlyComments(raw) {
			return ast.WalkSkipChildren, nil // loses nothing visible
		}
		n++
		if first < 0 {
			first = max(off, 0)
		}
		if tag := firstTag(raw); every && !strings.HasPrefix(tag, "</") { // a closing tag's opening one is named
			warn(pc, max(off, 0), "raw HTML %s left out: set unsafe = true under [markup] in site.toml to keep it, or write it in Markdown", tag)
		}
		return ast.WalkSkipChildren, nil
	})
	if n == 0 || every {
		return
	}
	places := "1 place"
	if n > 1 {
		places = fmt.Sprintf("%d places, the first here", n)
	}
	warn(pc, first, "raw HTML left out (%s): set unsafe = true under [markup] in site.toml to keep it", places)
}

// htmlTag matches an HTML tag's name.
var htmlTag = regexp.MustCompile(`<(/?[A-Za-z][A-Za-z0-9-]*)`)

// firstTag names raw HTML by its first tag: "<table>"; "" when it has
// none.
func firstTag(raw []byte) string {
	if m := htmlTag.FindSubmatch(raw); m != nil {
		return "<" + string(m[1]) + ">"
	}
	return ""
}

// onlyComments reports whether raw HTML is comments and white space
// alone, which show nothing. An HTML block that starts with a comment can
// hold more: "<!-- note -->*shown*" is one block, and "*shown*" would be
// lost.
func onlyComments(raw []byte) bool {
	for {
		raw = bytes.TrimLeft(raw, " \t\r\n")
		if len(raw) == 0 {
			return true
		}
		rest, ok := bytes.CutPrefix(raw, []byte("<!--"))
		if !ok {
			return false
		}
		switch {
		case bytes.HasPrefix(rest, []byte(">")): // "<!-->", a comment in CommonMark 0.31
			raw = rest[1:]
		case bytes.HasPrefix(rest, []byte("->")): // "<!--->"
			raw = rest[2:]
		default:
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 { // an unclosed comment runs to the end of its block
				return true
			}
			raw = rest[end+3:]
		}
	}
}
