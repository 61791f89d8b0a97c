package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Attribute lists, as Python-Markdown's attr_list writes them:
//
//	[Book a slot](book.md){ .md-button }
//	![Chart](chart.png){ width="300" }
//	A paragraph.
//	{: #intro .lead }
//
// A list right after a link or image, or on the last line of a paragraph,
// gives it attributes; anywhere else it is left out with a warning. Only
// attributes that cannot run script or load anything are kept: id, class
// names, title, and alt, width and height on images. Headings are left to
// goldmark's heading attributes.

// kindAttrList is the node kind of a read attribute list; it renders
// nothing.
var kindAttrList = ast.NewNodeKind("AttrList")

type attrListNode struct {
	ast.BaseInline
	// block: the list stands on the last line of its block and is for it.
	block bool
	// text: a list after "*" or "_", read before emphasis is: an
	// attribute list where emphasis ends right before it ("*x*{ .y }"),
	// else, without the colon, the text it is ("$\sum_{n=0}$").
	text   bool
	colon  bool
	tokens []attrToken
	offset int
	length int
}

// Kind implements ast.Node.
func (n *attrListNode) Kind() ast.NodeKind { return kindAttrList }

// Dump implements ast.Node.
func (n *attrListNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// attrListKey marks a parse that read an attribute list, so that the
// transformer walks only those trees.
var attrListKey = parser.NewContextKey()

// attrToken is one entry of a list: #id, .class, key=value or a bare key.
type attrToken struct {
	name, value string
	bare        bool
}

// maxAttrList bounds the length of one list.
const maxAttrList = 1024

// parseAttrList reads "{: #id .class key="value" }" (the colon optional) at
// the start of line. It returns the entries, the length read and whether
// the text after '{' had the colon.
func parseAttrList(line []byte) (tokens []attrToken, n int, colon, ok bool) {
	if len(line) < 2 || line[0] != '{' {
		return nil, 0, false, false
	}
	i := 1
	if line[i] == ':' {
		colon = true
		i++
	}
	for i < len(line) && i < maxAttrList {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '}':
			if len(tokens) == 0 && !colon {
				return nil, 0, false, false
			}
			return tokens, i + 1, colon, true
		case c == '#' || c == '.':
			j := i + 1
			for j < len(line) && !isAttrEnd(line[j]) {
				j++
			}
			if j == i+1 {
				return nil, 0, false, false
			}
			name := "id"
			if c == '.' {
				name = "class"
			}
			tokens = append(tokens, attrToken{name: name, value: string(line[i+1 : j])})
			i = j
			continue
		}
		j := i
		for j < len(line) && isAttrNameByte(line[j]) {
			j++
		}
		if j == i {
			return nil, 0, false, false
		}
		name := string(line[i:j])
		if j >= len(line) || line[j] != '=' {
			if j < len(line) && !isAttrEnd(line[j]) {
				return nil, 0, false, false
			}
			tokens = append(tokens, attrToken{name: name, value: name, bare: true})
			i = j
			continue
		}
		value, k, ok := parseAttrValue(line, j+1)
		if !ok {
			return nil, 0, false, false
		}
		tokens = append(tokens, attrToken{name: strings.ToLower(name), value: value})
		i = k
	}
	return nil, 0, false, false
}

func isAttrEnd(c byte) bool { return c == ' ' || c == '\t' || c == '}' || c == '\n' || c == '\r' }

func isAttrNameByte(c byte) bool {
	return util.IsAlphaNumeric(c) || c == '-' || c == '_' || c == ':'
}

// parseAttrValue reads a value at line[i:]: "double" or 'single' quoted, a
// backslash escaping the quote or itself, or a bare run up to a space or
// '}'. It returns the value and where it ends.
func parseAttrValue(line []byte, i int) (string, int, bool) {
	if i >= len(line) {
		return "", 0, false
	}
	q := line[i]
	if q != '"' && q != '\'' {
		j := i
		for j < len(line) && !isAttrEnd(line[j]) && line[j] != '"' && line[j] != '\'' {
			j++
		}
		return string(line[i:j]), j, j > i
	}
	var b strings.Builder
	for j := i + 1; j < len(line) && j < maxAttrList; j++ {
		c := line[j]
		switch {
		case c == '\\' && j+1 < len(line) && (line[j+1] == q || line[j+1] == '\\'):
			j++
			b.WriteByte(line[j])
		case c == q:
			if j+1 < len(line) && !isAttrEnd(line[j+1]) {
				return "", 0, false
			}
			return b.String(), j + 1, true
		case c == '\n':
			return "", 0, false
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}

// attrAllowed reports whether an attribute may stay on an element (an
// image when image is set) and, for class, keeps only plain names.
func attrAllowed(t attrToken, image bool) bool {
	switch t.name {
	case "id":
		return isPlainID(t.value)
	case "class":
		for _, c := range strings.Fields(t.value) {
			if !isPlainClass(c) {
				return false
			}
		}
		return strings.TrimSpace(t.value) != ""
	case "title":
		return !t.bare
	case "alt":
		return image && !t.bare
	case "width", "height":
		return image && t.value != "" && len(t.value) <= 5 && strings.Trim(t.value, "0123456789") == ""
	}
	return false
}

// isPlainID reports whether s is a letter followed by letters, digits and
// "-_.:".
func isPlainID(s string) bool {
	if s == "" || !isASCIILetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !util.IsAlphaNumeric(c) && c != '-' && c != '_' && c != '.' && c != ':' {
			return false
		}
	}
	return true
}

// isPlainClass reports whether s is a CSS class name of letters, digits,
// '-' and '_' that does not start with a digit.
func isPlainClass(s string) bool {
	t := strings.TrimPrefix(s, "-")
	if t == "" || !(isASCIILetter(t[0]) || t[0] == '_') {
		return false
	}
	for i := 1; i < len(t); i++ {
		if c := t[i]; !util.IsAlphaNumeric(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// applyAttrs gives n the allowed attributes of tokens and warns at off of
// the others. Titles and alt texts of links and images replace the ones
// written in Markdown.
func applyAttrs(pc parser.Context, n ast.Node, tokens []attrToken, off int) {
	_, image := n.(*ast.Image)
	var id, title, alt, width, height string
	var hasTitle, hasAlt bool
	var classes, dropped []string
	for _, t := range tokens {
		if !attrAllowed(t, image) {
			name := t.name
			if t.name == "class" || t.name == "id" {
				name = t.name + "=" + t.value
			}
			dropped = append(dropped, name)
			continue
		}
		switch t.name {
		case "id":
			id = t.value
		case "class":
			classes = append(classes, strings.Fields(t.value)...)
		case "title":
			title, hasTitle = t.value, true
		case "alt":
			alt, hasAlt = t.value, true
		case "width":
			width = t.value
		case "height":
			height = t.value
		}
	}
	if len(dropped) > 0 {
		warn(pc, off, "attribute list: left out %s (playbook keeps id, class and title, and alt, width and height on images)", strings.Join(quoteAll(dropped), ", "))
	}
	if id != "" {
		n.SetAttributeString("id", []byte(id))
		what := "paragraph"
		switch n.(type) {
		case *ast.Link:
			what = "link"
		case *ast.Image:
			what = "image"
		}
		listed, _ := pc.Get(givenIDsKey).([]givenID)
		pc.Set(givenIDsKey, append(listed, givenID{n, off, what}))
	}
	if len(classes) > 0 {
		n.SetAttributeString("class", []byte(strings.Join(classes, " ")))
	}
	if width != "" {
		n.SetAttributeString("width", []byte(width))
	}
	if height != "" {
		n.SetAttributeString("height", []byte(height))
	}
	switch n := n.(type) {
	// A link's Title is Markdown source, which its renderers unescape.
	case *ast.Link:
		if hasTitle {
			n.Title = escapeMarkdown(title)
		}
	case *ast.Image:
		if hasTitle {
			n.Title = escapeMarkdown(title)
		}
		if hasAlt {
			n.RemoveChildren(n)
			n.AppendChild(n, ast.NewString([]byte(html.EscapeString(alt))))
		}
	default:
		if hasTitle {
			n.SetAttributeString("title", []byte(title))
		}
	}
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, s := range names {
		q[i] = `"` + s + `"`
	}
	return q
}

// The warnings for a list left out.
const (
	attrListNoTarget = "attribute list left out: it follows no link, image or paragraph (put it right after a link or image, or on the line under a paragraph)"
	attrListOnlySome = "attribute list left out: playbook applies them to links, images and paragraphs only"
)

// attrListParser reads an attribute list at '{'.
type attrListParser struct{}

func (attrListParser) Trigger() []byte { return []byte{'{'} }

func (attrListParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if parent.Kind() == ast.KindHeading {
		return nil // heading attributes are goldmark's
	}
	line, seg := block.PeekLine()
	tokens, n, colon, ok := parseAttrList(line)
	if !ok {
		return nil
	}
	// "{{ .Title }}", "{{#title x}}": template and shortcode braces, which
	// other extensions report, not attributes.
	if src := block.Source(); (seg.Start > 0 && src[seg.Start-1] == '{') || (n < len(line) && line[n] == '}') {
		return nil
	}
	node := &attrListNode{tokens: tokens, offset: seg.Start, length: n}
	switch prev := parent.LastChild(); {
	case prev != nil && (prev.Kind() == ast.KindLink || prev.Kind() == ast.KindImage):
		applyAttrs(pc, prev, tokens, seg.Start)
	case onLastLineAlone(parent, block, line[n:]):
		node.block = true
	default:
		bare := true
		for _, t := range tokens {
			bare = bare && t.bare
		}
		if bare && !colon {
			return nil // "{ word }": text, not attributes
		}
		_, delim := prev.(*parser.Delimiter)
		switch {
		case delim:
			// After "*" or "_": it depends on whether emphasis ends
			// there, which the transformer knows.
			node.text, node.colon = true, colon
		case !colon && (prev == nil || prev.Kind() == ast.KindText || prev.Kind() == ast.KindString):
			// After text ("x_{n=0}", "a {b=1}") braces are text, as
			// attr_list reads them.
			return nil
		case prev == nil || prev.Kind() == ast.KindText || prev.Kind() == ast.KindString:
			warn(pc, seg.Start, attrListNoTarget)
		default:
			warn(pc, seg.Start, attrListOnlySome)
		}
	}
	pc.Set(attrListKey, true)
	block.Advance(n)
	return node
}

// onLastLineAlone reports whether the list being read stands alone on the
// last line of parent, and rest (the line after it) is blank.
func onLastLineAlone(parent ast.Node, block text.Reader, rest []byte) bool {
	if len(bytes.TrimSpace(rest)) > 0 {
		return false
	}
	lines := parent.Lines()
	i, pos := block.Position()
	if lines.Len() == 0 || i != lines.Len()-1 {
		return false
	}
	before := block.Source()[lines.At(i).Start:pos.Start]
	return len(bytes.Trim(before, " \t")) == 0
}

// attrListTransformer gives a paragraph the list on its last line, drops
// the line break before it and removes the list nodes.
type attrListTransformer struct{}

func (attrListTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if pc.Get(attrListKey) == nil {
		return
	}
	var lists []*attrListNode
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*attrListNode); ok && entering {
			lists = append(lists, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range lists {
		if l.text {
			switch prev := l.PreviousSibling(); {
			case (prev == nil || prev.Kind() == ast.KindText || prev.Kind() == ast.KindString) && !l.colon:
				l.Parent().ReplaceChild(l.Parent(), l, ast.NewTextSegment(text.NewSegment(l.offset, l.offset+l.length)))
				continue
			case prev == nil || prev.Kind() == ast.KindText || prev.Kind() == ast.KindString:
				warn(pc, l.offset, attrListNoTarget)
			default:
				warn(pc, l.offset, attrListOnlySome)
			}
		}
		if parent := l.Parent(); l.block {
			switch {
			case l.PreviousSibling() == nil:
				warn(pc, l.offset, "attribute list left out: on a line of its own it applies to nothing (put it on the line right under the paragraph)")
			case parent.Kind() == ast.KindParagraph:
				applyAttrs(pc, parent, l.tokens, l.offset)
			default:
				warn(pc, l.offset, attrListOnlySome)
			}
		}
		removeInline(l, reader.Source())
	}
}

// removeInline removes an inline node that shows nothing, with the space
// or line break before it where that would be left dangling, and the
// paragraph it leaves empty.
func removeInline(n ast.Node, src []byte) {
	parent := n.Parent()
	if prev, ok := n.PreviousSibling().(*ast.Text); ok {
		next, isText := n.NextSibling().(*ast.Text)
		switch {
		case n.NextSibling() == nil:
			prev.SetSoftLineBreak(false)
			prev.SetHardLineBreak(false)
			prev.Segment = prev.Segment.TrimRightSpace(src)
		case isText && !prev.SoftLineBreak() && !prev.HardLineBreak() && bytes.HasPrefix(next.Value(src), []byte(" ")):
			prev.Segment = prev.Segment.TrimRightSpace(src)
		}
	}
	parent.RemoveChild(parent, n)
	if !parent.HasChildren() && parent.Kind() == ast.KindParagraph && parent.Parent() != nil {
		parent.Parent().RemoveChild(parent.Parent(), parent)
	}
}

// attrListExtension reads attribute lists and renders the paragraphs,
// links and images that have one (the others as goldmark does).
type attrListExtension struct{ unsafe bool }

func (e attrListExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(attrListParser{}, 600)),
		parser.WithASTTransformers(util.Prioritized(attrListTransformer{}, 105)),
	)
	var opts []gmhtml.Option
	if e.unsafe {
		opts = append(opts, gmhtml.WithUnsafe())
	}
	plain := capturedRenderers{}
	gmhtml.NewRenderer(opts...).RegisterFuncs(plain)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&attrRenderer{plain: plain, unsafe: e.unsafe}, 90)))
}

// capturedRenderers keeps goldmark's own render functions.
type capturedRenderers map[ast.NodeKind]renderer.NodeRendererFunc

func (c capturedRenderers) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

type attrRenderer struct {
	plain  capturedRenderers
	unsafe bool
}

func (r *attrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAttrList, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindParagraph, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Attributes() == nil {
			return r.plain[ast.KindParagraph](w, src, n, entering)
		}
		if entering {
			_, _ = w.WriteString("<p")
			writeAttrs(w, n)
			_ = w.WriteByte('>')
		} else {
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindLink, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if node.Attributes() == nil {
			return r.plain[ast.KindLink](w, src, node, entering)
		}
		if !entering {
			_, _ = w.WriteString("</a>")
			return ast.WalkContinue, nil
		}
		n := node.(*ast.Link)
		_, _ = w.WriteString(`<a href="`)
		if r.unsafe || !gmhtml.IsDangerousURL(n.Destination) {
			_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
		}
		_ = w.WriteByte('"')
		writeTitle(w, n.Title)
		writeAttrs(w, n)
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if node.Attributes() == nil {
			return r.plain[ast.KindImage](w, src, node, entering)
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.Image)
		_, _ = w.WriteString(`<img src="`)
		if dest := util.URLEscape(n.Destination, true); r.unsafe || !gmhtml.IsDangerousURL(dest) {
			_, _ = w.Write(util.EscapeHTML(dest))
		}
		_, _ = w.WriteString(`" alt="`)
		_, _ = w.Write(util.EscapeHTML([]byte(plainText(n, src))))
		_ = w.WriteByte('"')
		writeTitle(w, n.Title)
		writeAttrs(w, n)
		_ = w.WriteByte('>')
		return ast.WalkSkipChildren, nil
	})
}

// writeAttrs writes the attributes an attribute list gave n, an id with
// the page's id prefix.
func writeAttrs(w util.BufWriter, n ast.Node) {
	for _, a := range n.Attributes() {
		v, _ := a.Value.([]byte)
		_ = w.WriteByte(' ')
		_, _ = w.Write(a.Name)
		_, _ = w.WriteString(`="`)
		if string(a.Name) == "id" {
			writeMarker(w, markPrefix, 0)
		}
		_, _ = w.Write(util.EscapeHTML(v))
		_ = w.WriteByte('"')
	}
}
