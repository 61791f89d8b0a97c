package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Slug turns heading text into a GitHub-style anchor: lower case, letters,
// digits, '-' and '_' kept, spaces turned into '-', everything else dropped.
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// headingIDTransformer gives every heading of one page a unique id
// ("setup", "setup-1", ...) made from its text as rendered, as GitHub does.
// goldmark's auto ids come from the raw source line, so "## [Guide](a.md)"
// would get "guideamd".
type headingIDTransformer struct{}

func (headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	used := map[string]bool{}
	next := map[string]int{} // next suffix to try per base: linear, not quadratic, in repeats
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		base := Slug(plainText(h, reader.Source()))
		if base == "" {
			base = "section"
		}
		id := base
		for i := max(next[base], 1); used[id]; i++ {
			id = base + "-" + strconv.Itoa(i)
			next[base] = i + 1
		}
		used[id] = true
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}
