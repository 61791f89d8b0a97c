package markdown

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// htmlIDTransformer records the anchors that a body's raw HTML defines
// (<a id="x">, <a name="x">, <span id="x">, any tag's id) in
// Doc.HTMLAnchors, so that links to them resolve. It runs only when raw
// HTML is kept: otherwise the tags are left out of the page.
type htmlIDTransformer struct{}

func (htmlIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := pc.Get(docKey).(*Doc)
	src := reader.Source()
	add := func(id string) { d.HTMLAnchors = append(d.HTMLAnchors, id) }
	if d.titleNode != nil { // the page's heading shows it
		htmlNodeIDs(d.titleNode, src, add)
	}
	htmlNodeIDs(doc, src, add)
}

// htmlNodeIDs calls add with the anchors of the raw HTML under node.
func htmlNodeIDs(node ast.Node, src []byte, add func(string)) {
	_ = ast.Walk(node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			var b []byte
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b = append(b, seg.Value(src)...)
			}
			if n.HasClosure() {
				b = append(b, n.ClosureLine.Value(src)...)
			}
			htmlIDs(b, add)
		case *ast.RawHTML:
			var b []byte
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b = append(b, seg.Value(src)...)
			}
			htmlIDs(b, add)
		}
		return ast.WalkContinue, nil
	})
}

// htmlIDs calls add with the id attribute of every start tag in b, and
// with the name attribute of <a> tags, entities decoded. It reads b once,
// whatever b holds.
func htmlIDs(b []byte, add func(string)) {
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
		i = readAttributes(b, j, func(name string, value []byte) {
			if name == "id" || (name == "name" && tag == "a") {
				if v := html.UnescapeString(string(value)); v != "" {
					add(v)
				}
			}
		}) - 1
	}
}

func isTagNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// readAttributes reads a tag's attributes from b[i:] up to its '>',
// calling attr with each lower-case name and its value; it returns the
// index after the tag.
func readAttributes(b []byte, i int, attr func(name string, value []byte)) int {
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
		if i < len(b) && (b[i] == '"' || b[i] == '\'') {
			q := b[i]
			end := bytes.IndexByte(b[i+1:], q)
			if end < 0 {
				return len(b)
			}
			value, i = b[i+1:i+1+end], i+2+end
		} else {
			start := i
			for i < len(b) && !isHTMLSpace(b[i]) && b[i] != '>' {
				i++
			}
			value = b[start:i]
		}
		attr(name, value)
	}
	return i
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
