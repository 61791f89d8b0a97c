package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// headingAttributes reads the attribute block that ends a heading, as
// Hugo, MkDocs (attr_list, also as "{: …}"), Docusaurus, mdBook and Zola
// write it ("### Qualify {#qualify .key}"), into the heading's id and
// class, and takes it out of the heading's text. It warns about an id
// that cannot be one, about attributes the page does not show, and about
// a block it cannot read, which stays text.
//
// goldmark's own heading attributes try every '{' of the line, at a cost
// that grows with the cube of a line of braces (12 KB of them take
// seconds); this reads one block, from the line's last '{', once.
//
// It reads a heading's block once however often it is called: the title
// transformer reads the leading heading's before the heading-id one.
func headingAttributes(h *ast.Heading, src []byte, pc parser.Context) {
	read, _ := pc.Get(attributesReadKey).(map[*ast.Heading]bool)
	if read == nil {
		read = map[*ast.Heading]bool{}
		pc.Set(attributesReadKey, read)
	}
	if read[h] || h.Lines().Len() == 0 {
		return
	}
	read[h] = true
	seg := h.Lines().At(h.Lines().Len() - 1)
	line := seg.Value(src)
	end := len(bytes.TrimRight(line, " \t\r\n"))
	open := bytes.LastIndexByte(line[:end], '{')
	if open < 0 || line[end-1] != '}' || (open > 0 && line[open-1] == '\\') {
		return
	}
	at, block := seg.Start+open, line[open:end]
	inner := block
	if bytes.HasPrefix(block, []byte("{:")) {
		inner = append([]byte("{"), block[2:]...)
	}
	r := text.NewReader(inner)
	attrs, ok := parser.ParseAttributes(r)
	if ok && r.Peek() == text.EOF && cutText(h, at, src) {
		setAttributes(h, attrs, pc)
		return
	}
	if len(block) > 2 && bytes.IndexByte([]byte("#.:"), block[1]) >= 0 {
		warn(pc, at, "heading attributes %q not understood and shown as text; write {#id .class} at the end of the heading", block)
	}
}

// setAttributes gives h the id and class of attrs and warns about the
// rest, which the page does not show.
func setAttributes(h *ast.Heading, attrs parser.Attributes, pc parser.Context) {
	for _, a := range attrs {
		v, isText := a.Value.([]byte)
		switch name := string(a.Name); {
		case name == "id" && isText && !validID(string(v)):
			warn(pc, h.Pos(), "heading id %q is not an HTML id (no spaces, not empty); the heading gets one from its text", v)
		case (name == "id" || name == "class") && isText:
			h.SetAttribute(a.Name, v)
		default:
			warn(pc, h.Pos(), "heading attribute %q is not rendered; only {#id} and {.class} are", a.Name)
		}
	}
}

var attributesReadKey = parser.NewContextKey()

// cutText takes the text from the source offset at to the end out of a
// heading, and an ATX heading's closing '#'s before it ("## Title ##
// {#id}"). It reports false, changing nothing, when something other than
// text is there: then the braces are in code or a link, not a block.
func cutText(h *ast.Heading, at int, src []byte) bool {
	var tail []ast.Node
	var first *ast.Text
	for n := h.LastChild(); n != nil && first == nil; n = n.PreviousSibling() {
		switch n := n.(type) {
		case *ast.Text:
			if n.Segment.Start <= at {
				first = n
				continue
			}
		case *ast.String: // typographic quotes and dashes
		default:
			return false
		}
		tail = append(tail, n)
	}
	if first == nil {
		return false
	}
	for _, n := range tail {
		h.RemoveChild(h, n)
	}
	seg := first.Segment.WithStop(at)
	seg = seg.TrimRightSpace(src)
	if atx := h.Lines().At(0).Start != h.Pos(); atx {
		// A closing sequence: '#'s after a space, or alone.
		v := seg.Value(src)
		if i := len(bytes.TrimRight(v, "#")); i < len(v) && (i == 0 || v[i-1] == ' ' || v[i-1] == '\t') {
			seg = seg.WithStop(seg.Start + i)
			seg = seg.TrimRightSpace(src)
		}
	}
	first.Segment = seg
	first.SetSoftLineBreak(false)
	first.SetHardLineBreak(false)
	// Another inline parser may have cut the text at the '{': the block
	// then had a node of its own, and the space before it is in the one
	// before.
	for first.Segment.Len() == 0 {
		prev, ok := first.PreviousSibling().(*ast.Text)
		h.RemoveChild(h, first)
		if !ok {
			break
		}
		prev.Segment = prev.Segment.TrimRightSpace(src)
		prev.SetSoftLineBreak(false)
		prev.SetHardLineBreak(false)
		first = prev
	}
	return true
}
