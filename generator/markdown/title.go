package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ParseOption configures one Parse.
type ParseOption func(*parseOptions)

type parseOptions struct {
	title string
}

var parseOptionsKey = parser.NewContextKey()

// WithTitle gives Parse the page's title from its front matter ("" when
// it has none), which decides what becomes of a leading level-1 heading
// (see Doc.Title).
func WithTitle(title string) ParseOption {
	return func(o *parseOptions) { o.title = title }
}

// titleTransformer applies the rules of a leading level-1 heading: without
// a front-matter title it is the title and leaves the body; one that says
// the front-matter title again leaves the body; one that says something
// else stays, so that its text is not lost.
//
// It runs after links are collected (so that a link in the title resolves
// like any other) and before heading ids are given, so that the heading
// that left does not take an id from a heading of the body: after
// "# Pricing", "## Pricing" is "pricing", not "pricing-1". A title with
// inline markup (emphasis, code, a link) keeps it in Doc's title HTML.
type titleTransformer struct{}

func (titleTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	// MDX import and export lines come before the title: they are shown
	// as written and warned about, and do not hide it.
	first := doc.FirstChild()
	for first != nil && first.Kind() == kindForeignBlock {
		first = first.NextSibling()
	}
	h, ok := first.(*ast.Heading)
	if !ok || h.Level != 1 {
		return
	}
	src := reader.Source()
	headingAttributes(h, src, pc) // "# Title {#id}" says "Title"
	title := plainText(h, src)
	if o, _ := pc.Get(parseOptionsKey).(*parseOptions); o != nil && o.title != "" && !sameTitle(o.title, title) {
		return
	}
	d := pc.Get(docKey).(*Doc)
	d.Title = title
	if id, ok := stringAttr(h, "id"); ok {
		d.TitleID = id
	} else {
		d.TitleID = Slug(title)
	}
	if class, ok := stringAttr(h, "class"); ok {
		warn(pc, h.Pos(), "the title's class %q is not rendered: the theme writes the page title", class)
	}
	if hasMarkup(h) {
		d.titleNode = h
	}
	doc.RemoveChild(doc, h)
}

// hasMarkup reports whether a heading holds more than text: emphasis,
// code, a link, an image, raw HTML.
func hasMarkup(h *ast.Heading) bool {
	for c := h.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Text, *ast.String:
		default:
			return true
		}
	}
	return false
}

// sameTitle reports whether a heading's text says the same as a title,
// ignoring case, runs of white space and what the typographer changed
// (curly quotes, dashes, ellipses).
func sameTitle(title, heading string) bool {
	return strings.EqualFold(foldTitle(title), foldTitle(heading))
}

var typography = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "--", "—", "---", "…", "...", "«", "<<", "»", ">>")

func foldTitle(s string) string {
	return strings.Join(strings.Fields(typography.Replace(s)), " ")
}
