package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
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

// takeTitle applies the rules of a leading level-1 heading: without a
// front-matter title it is the title and leaves the body; one that says
// the front-matter title again leaves the body; one that says something
// else stays, so that its text is not lost.
func takeTitle(doc *ast.Document, d *Doc, src []byte, pc parser.Context) {
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
	text := plainText(h, src)
	if o, _ := pc.Get(parseOptionsKey).(*parseOptions); o != nil && o.title != "" && !sameTitle(o.title, text) {
		return
	}
	d.Title = text
	d.TitleID, _ = stringAttr(h, "id")
	doc.RemoveChild(doc, h)
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
