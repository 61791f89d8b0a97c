package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// htmlIDTransformer records the anchors that a body's raw HTML defines
// (<a id="x">, <a name="x">, <span id="x">, any tag's id) in
// Doc.HTMLAnchors, so that links to them resolve, and, with where each
// is, for the pass that keeps a page's ids unique (see ids.go). It runs
// only when raw HTML is kept: otherwise the tags are left out of the page.
type htmlIDTransformer struct{}

// htmlAnchor is an anchor of raw HTML and its byte offset in the source.
type htmlAnchor struct {
	id     string
	offset int
}

var htmlAnchorsKey = parser.NewContextKey()

func (htmlIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := pc.Get(docKey).(*Doc)
	src := reader.Source()
	var anchors []htmlAnchor
	walk := func(node ast.Node) {
		_ = ast.Walk(node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			if b, at, ok := rawHTML(n, src); ok {
				htmlAttrs(b, func(name, tag, id string, i int) {
					if name == "id" || (name == "name" && tag == "a") {
						d.HTMLAnchors = append(d.HTMLAnchors, id)
						anchors = append(anchors, htmlAnchor{id, at(i)})
					}
				})
			}
			return ast.WalkContinue, nil
		})
	}
	if d.titleNode != nil { // the page's heading shows it
		walk(d.titleNode)
	}
	walk(doc)
	pc.Set(htmlAnchorsKey, anchors)
}

// rawHTML returns the HTML of an HTML block or an inline tag as the page
// shows it, and a function from an index in it to the source offset.
func rawHTML(n ast.Node, src []byte) (b []byte, at func(int) int, ok bool) {
	var segs []text.Segment
	switch n := n.(type) {
	case *ast.HTMLBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			segs = append(segs, n.Lines().At(i))
		}
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			segs = append(segs, n.Segments.At(i))
		}
	default:
		return nil, nil, false
	}
	for _, s := range segs {
		b = append(b, s.Value(src)...)
	}
	return b, func(i int) int {
		for _, s := range segs {
			if i < s.Len() {
				return s.Start + i
			}
			i -= s.Len()
		}
		return len(src)
	}, true
}

// rawHTMLRenderer writes raw HTML as written but for the id prefix (see
// Linker.IDPrefix) before the value of every id, <a name> and same-page
// href="#…", so that the print page, which holds many pages, keeps their
// raw anchors apart as it does their headings'.
type rawHTMLRenderer struct{}

func (rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	render := func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		b, _, _ := rawHTML(n, src)
		last := 0
		htmlAttrs(b, func(name, tag, value string, i int) {
			switch {
			case name == "id" || (name == "name" && tag == "a"):
			case name == "href" && strings.HasPrefix(value, "#") && b[i] == '#':
				i++
			default:
				return
			}
			_, _ = w.Write(b[last:i])
			writeMarker(w, markPrefix, 0)
			last = i
		})
		_, _ = w.Write(b[last:])
		return ast.WalkSkipChildren, nil
	}
	reg.Register(ast.KindHTMLBlock, render)
	reg.Register(ast.KindRawHTML, render)
}

// htmlAttrs calls attr with every attribute of every start tag in b that
// has a value: its lower-case name, the tag's lower-case name, its value
// with entities decoded, and the index of the value in b. It reads b
// once, whatever b holds.
func htmlAttrs(b []byte, attr func(name, tag, value string, i int)) {
	for i := 0; i < len(b); i++ {
		if b[i] != '<' {
			continue
		}
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				return
			}
			i += 4 + end + 2
			continue
		}
		j := i + 1
		for j < len(b) && isTagNameByte(b[j]) {
			j++
		}
		if j == i+1 {
			continue
		}
		tag := string(bytes.ToLower(b[i+1 : j]))
		i = readAttributes(b, j, func(name string, value []byte, at int) {
			if v := html.UnescapeString(string(value)); v != "" {
				attr(name, tag, v, at)
			}
		}) - 1
	}
}

// htmlIDs calls add with the id attribute of every start tag in b, and
// with the name attribute of <a> tags, entities decoded.
func htmlIDs(b []byte, add func(string)) {
	htmlAttrs(b, func(name, tag, value string, _ int) {
		if name == "id" || (name == "name" && tag == "a") {
			add(value)
		}
	})
}

func isTagNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// readAttributes reads a tag's attributes from b[i:] up to its '>',
// calling attr with each lower-case name, its value and the value's index
// in b; it returns the index after the tag.
func readAttributes(b []byte, i int, attr func(name string, value []byte, at int)) int {
	for i < len(b) {
		for i < len(b) && (isHTMLSpace(b[i]) || b[i] == '/') {
			i++
		}
		if i >= len(b) || b[i] == '>' || b[i] == '<' {
			if i < len(b) && b[i] == '>' {
				i++
			}
			return i
		}
		start := i
		if b[i] == '=' {
			i++ // as browsers read it: part of the name
		}
		for i < len(b) && !isHTMLSpace(b[i]) && b[i] != '=' && b[i] != '>' && b[i] != '/' && b[i] != '<' {
			i++
		}
		name := string(bytes.ToLower(b[start:i]))
		for i < len(b) && isHTMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '=' {
			continue
		}
		i++
		for i < len(b) && isHTMLSpace(b[i]) {
			i++
		}
		var value []byte
		at := i
		if i < len(b) && (b[i] == '"' || b[i] == '\'') {
			q := b[i]
			end := bytes.IndexByte(b[i+1:], q)
			if end < 0 {
				return len(b)
			}
			at = i + 1
			value, i = b[i+1:i+1+end], i+2+end
		} else {
			for i < len(b) && !isHTMLSpace(b[i]) && b[i] != '>' {
				i++
			}
			value = b[at:i]
		}
		attr(name, value, at)
	}
	return i
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
