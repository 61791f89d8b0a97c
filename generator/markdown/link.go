package markdown

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindLocalLink is the node kind of a link or image to a file of the site.
var kindLocalLink = ast.NewNodeKind("LocalLink")

// LocalLink is a link or image to a file of the site: a relative path
// such as "../selling/discovery.md#questions" or "diagram.png", a
// site-absolute one such as "/images/chart.png", or a bare fragment. The
// link transform resolves it for each build; writing a body asks the
// Linker for the final href.
type LocalLink struct {
	// Dest is the destination as written.
	Dest string
	// Path, Query and Fragment split Dest ("a.md?x=1#y" gives "a.md",
	// "x=1", "y"); Path and Fragment are unescaped when that gives
	// UTF-8 ("caf%C3%A9" is "café").
	Path, Query, Fragment string
	Image                 bool
	// Offset is where the link starts in the source, in bytes.
	Offset int
}

// linkNode holds a local link and its text in the tree.
type linkNode struct {
	ast.BaseInline
	index int // in Doc.Links
	link  *LocalLink
	title []byte
}

// Kind implements ast.Node.
func (n *linkNode) Kind() ast.NodeKind { return kindLocalLink }

// Dump implements ast.Node.
func (n *linkNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Dest": n.link.Dest}, nil)
}

// isLocal reports whether a destination points into the site: by a
// relative path, a site-absolute path ("/a/b/", not "//host/" or
// "/\host/", which browsers read alike), or a bare fragment on the
// same page.
func isLocal(dest string) bool {
	if dest == "" || strings.HasPrefix(dest, "//") || strings.HasPrefix(dest, "/\\") || strings.HasPrefix(dest, "?") {
		return false
	}
	u, err := url.Parse(dest)
	if err != nil {
		// A file's own name need not be a valid URL ("100% done.md"):
		// what has no scheme is a path.
		return !hasScheme(dest)
	}
	return u.Scheme == "" && u.Host == "" && u.Opaque == ""
}

// hasScheme reports whether dest starts with a URL scheme ("mailto:").
func hasScheme(dest string) bool {
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// unescape returns s with its %XX escapes decoded, or s as written when
// that is not valid UTF-8 (file paths must be, for fs.FS).
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil && utf8.ValidString(u) {
		return u
	}
	return s
}

// linkTransformer replaces links and images with relative destinations by
// LocalLink nodes.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	d := pc.Get(docKey).(*Doc)
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if isLocal(string(n.Destination)) {
				found = append(found, n)
			}
		case *ast.Image:
			if isLocal(string(n.Destination)) {
				found = append(found, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		l := &LocalLink{}
		node := &linkNode{index: len(d.Links), link: l}
		switch n := n.(type) {
		case *ast.Link:
			l.Dest, node.title = string(n.Destination), n.Title
		case *ast.Image:
			l.Dest, node.title, l.Image = string(n.Destination), n.Title, true
		}
		p, frag, _ := strings.Cut(l.Dest, "#")
		p, query, _ := strings.Cut(p, "?")
		l.Path, l.Query, l.Fragment, l.Offset = unescape(p), query, unescape(frag), n.Pos()
		for _, a := range n.Attributes() { // from an attribute list
			node.SetAttribute(a.Name, a.Value)
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			node.AppendChild(node, c)
			c = next
		}
		parent := n.Parent()
		parent.ReplaceChild(parent, n, node)
		d.Links = append(d.Links, l)
		given, _ := pc.Get(givenIDsKey).([]givenID)
		for i := range given { // the id pass renames the node on the page
			if given[i].node == n {
				given[i].node = node
			}
		}
	}
}

func renderLocalLink(w util.BufWriter, src []byte, n *linkNode, entering bool) ast.WalkStatus {
	if n.link.Image {
		if !entering {
			return ast.WalkContinue
		}
		_, _ = w.WriteString(`<img src="`)
		writeHref(w, n)
		_, _ = w.WriteString(`" alt="`)
		_, _ = w.Write(util.EscapeHTML([]byte(plainText(n, src))))
		_, _ = w.WriteString(`"`)
		writeTitle(w, n.title)
		writeAttrs(w, n)
		_, _ = w.WriteString(` loading="lazy">`)
		return ast.WalkSkipChildren
	}
	if entering {
		_, _ = w.WriteString(`<a href="`)
		writeHref(w, n)
		_, _ = w.WriteString(`"`)
		writeTitle(w, n.title)
		writeAttrs(w, n)
		_, _ = w.WriteString(`>`)
	} else {
		_, _ = w.WriteString(`</a>`)
	}
	return ast.WalkContinue
}

// writeHref writes the link's placeholder, or, to a writer that is not a
// body's, the destination as written.
func writeHref(w util.BufWriter, n *linkNode) {
	if _, ok := w.(*bodyWriter); ok {
		writeMarker(w, markLink, n.index)
		return
	}
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(n.link.Dest), true)))
}

// writeTitle writes the title attribute of a link or image. title is as
// written in the Markdown source, escapes and character references
// included (`"t \"&quot;"` is `t ""`), as goldmark keeps it.
func writeTitle(w util.BufWriter, title []byte) {
	if len(title) > 0 {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(unescapeMarkdown(title)))
		_, _ = w.WriteString(`"`)
	}
}
