package markdown

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Slug turns heading text into the anchor GitHub gives it: lower case;
// letters, marks, decimal and letter numbers, connector punctuation
// ('_') and '-' kept; each space turned into '-'; everything else
// (other punctuation, symbols and emoji, other white space) dropped.
// Variation selectors are marks, and GitHub keeps them: "⚠️ Warning"
// gives "\uFE0F-warning".
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteRune(r)
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r < utf8.RuneSelf:
			// other ASCII: punctuation, symbols, controls
		case r == 'İ':
			b.WriteString("i\u0307") // as Ruby and JavaScript lower it
		case unicode.In(r, unicode.L, unicode.M, unicode.Nd, unicode.Nl, unicode.Pc, unicode.Other_Alphabetic):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// SameAnchor reports whether a link's fragment names the anchor id but for
// variation selectors: people type "#-warning" for the heading
// "⚠️ Warning", whose GitHub id keeps the invisible U+FE0F, and a message
// that says so helps more than "no such id".
func SameAnchor(fragment, id string) bool {
	return stripVariations(fragment) == stripVariations(id)
}

// stripVariations drops variation selectors (U+FE00–U+FE0F and
// U+E0100–U+E01EF) from s.
func stripVariations(s string) string {
	return strings.Map(func(r rune) rune {
		if 0xFE00 <= r && r <= 0xFE0F || 0xE0100 <= r && r <= 0xE01EF {
			return -1
		}
		return r
	}, s)
}

// ids is the extender for a page's ids: ids and classes written as
// {#id .class} at the end of a heading (see headingattr.go), GitHub-style
// ids for the other headings, and, when raw HTML is kept, the anchors of
// its tags (see htmlids.go).
type ids struct {
	rawHTML bool
}

func (e ids) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingIDTransformer{}, 140)))
	if e.rawHTML {
		m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(htmlIDTransformer{}, 150)))
	}
}

// headingIDTransformer gives every heading of one page a unique id. An id
// the author wrote ({#qualify}) is kept; the others are made from the
// heading's text as rendered, as GitHub does ("setup", "setup-1", ...):
// goldmark's auto ids come from the raw source line, so "## [Guide](a.md)"
// would get "guideamd".
type headingIDTransformer struct{}

func (headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	// Ids the author wrote come first, so that an earlier heading's
	// made-up id never takes one that a link names.
	used := map[string]bool{}
	given := make([]string, len(headings))
	twice := make([]bool, len(headings))
	for i, h := range headings {
		headingAttributes(h, src, pc)
		if id, ok := stringAttr(h, "id"); ok {
			given[i], twice[i] = id, used[id]
			used[id] = true
		}
	}
	next := map[string]int{} // next suffix to try per base: linear, not quadratic, in repeats
	unique := func(base string) string {
		id := base
		for i := max(next[base], 1); used[id]; i++ {
			id = base + "-" + strconv.Itoa(i)
			next[base] = i + 1
		}
		used[id] = true
		return id
	}
	for i, h := range headings {
		switch {
		case twice[i]:
			id := unique(given[i])
			warn(pc, h.Pos(), "heading id %q is used twice on this page; this heading gets %q", given[i], id)
			h.SetAttributeString("id", []byte(id))
		case given[i] == "":
			base := Slug(plainText(h, src))
			if base == "" {
				base = "section"
			}
			h.SetAttributeString("id", []byte(unique(base)))
		}
	}
}

// stringAttr returns a heading attribute written as a string or a word.
func stringAttr(n ast.Node, name string) (string, bool) {
	v, ok := n.AttributeString(name)
	if !ok {
		return "", false
	}
	b, ok := v.([]byte)
	return string(b), ok
}

// validID reports whether id can be an HTML id as written: HTML asks for
// no ASCII white space and at least one character; control characters and
// invalid UTF-8 would not survive the page either.
func validID(id string) bool {
	if id == "" || !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}
