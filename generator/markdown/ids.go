package markdown

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
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
// its tags (see htmlids.go). No two elements of a page share an id, nor
// one with the page around the body (themeID).
type ids struct {
	rawHTML bool
	themeID func(id string) bool
}

func (e ids) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(idTransformer{themeID: e.themeID}, 140)))
	if e.rawHTML {
		m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(htmlIDTransformer{}, 135)))
		m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(rawHTMLRenderer{}, 100)))
	}
}

// idTransformer gives every element of one page that has an id a unique
// one, in three rounds:
//
//  1. ids that cannot move are taken first: a task's (the reader's ticks
//     are stored under it), a footnote's and its references' (fn-1,
//     fnref-1, fnref-1-1: the renderer numbers them) and raw HTML's
//     (written by the author; a clash is a warning).
//  2. ids the author wrote, {#qualify} on a heading or in an attribute
//     list, in page order; one taken already, or the theme's, gets a
//     suffix and a warning.
//  3. the other headings get one from their text as rendered, as GitHub
//     does ("setup", "setup-1", ...), skipping every id taken and the
//     theme's: goldmark's auto ids come from the raw source line, so
//     "## [Guide](a.md)" would get "guideamd".
type idTransformer struct {
	themeID func(id string) bool
}

// givenID is an element whose id the author wrote.
type givenID struct {
	node   ast.Node
	offset int
	what   string // "heading", "paragraph", "link", "image"
}

// givenIDsKey holds the []givenID of attribute lists (see applyAttrs).
var givenIDsKey = parser.NewContextKey()

func (t idTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	d := pc.Get(docKey).(*Doc)
	var headings []*ast.Heading
	var given []givenID
	refs := map[int]int{} // footnote index -> references to it
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headingAttributes(n, src, pc)
			headings = append(headings, n)
			if _, ok := stringAttr(n, "id"); ok {
				given = append(given, givenID{n, n.Pos(), "heading"})
			}
		case *east.FootnoteLink:
			refs[n.Index]++
		}
		return ast.WalkContinue, nil
	})
	if listed, _ := pc.Get(givenIDsKey).([]givenID); len(listed) > 0 {
		given = append(given, listed...)
		sort.SliceStable(given, func(i, j int) bool { return given[i].offset < given[j].offset })
	}

	p := &pageIDs{holder: map[string]string{}, next: map[string]int{}, theme: t.themeID}
	for _, task := range d.Tasks {
		p.take(task.ID, "a checklist item")
	}
	notes := make([]int, 0, len(refs))
	for i := range refs {
		notes = append(notes, i)
	}
	sort.Ints(notes)
	for _, i := range notes {
		n := strconv.Itoa(i)
		p.take("fn-"+n, "footnote "+n)
		d.noteIDs = append(d.noteIDs, "fn-"+n, "fnref-"+n)
		p.take("fnref-"+n, "the reference to footnote "+n)
		for k := 1; k < refs[i]; k++ {
			id := "fnref-" + n + "-" + strconv.Itoa(k)
			d.noteIDs = append(d.noteIDs, id)
			p.take(id, "a reference to footnote "+n)
		}
	}
	anchors, _ := pc.Get(htmlAnchorsKey).([]htmlAnchor)
	for _, a := range anchors {
		if h := p.holderOf(a.id); h != "" {
			warn(pc, a.offset, "id %q in raw HTML is already the id of %s on this page; links to #%s reach only one of them", a.id, h, a.id)
			continue
		}
		p.take(a.id, "a tag of raw HTML")
	}

	// An id written twice: the first keeps it, the others are renamed
	// once every written id is taken, so that a renamed one never takes
	// an id written further down.
	written := map[string]bool{}
	renamed := make([]bool, len(given))
	for i, g := range given {
		id, _ := stringAttr(g.node, "id")
		if p.holderOf(id) != "" {
			renamed[i] = true
			continue
		}
		p.take(id, article(g.what))
		written[id] = true
	}
	for i, g := range given {
		id, _ := stringAttr(g.node, "id")
		if renamed[i] {
			got := p.unique(id, article(g.what))
			if written[id] {
				warn(pc, g.offset, "%s id %q is used twice on this page; this %s gets %q", g.what, id, g.what, got)
			} else {
				warn(pc, g.offset, "%s id %q is already the id of %s; this %s gets %q", g.what, id, p.holderOf(id), g.what, got)
			}
			g.node.SetAttributeString("id", []byte(got))
			id = got
		}
		if g.what != "heading" {
			d.attrIDs = append(d.attrIDs, id)
		}
	}

	for _, h := range headings {
		if _, ok := stringAttr(h, "id"); ok {
			continue
		}
		base := Slug(plainText(h, src))
		if base == "" {
			base = "section"
		}
		h.SetAttributeString("id", []byte(p.unique(base, "a heading")))
	}
}

// article returns "a heading", "an image".
func article(noun string) string {
	if strings.IndexByte("aeiou", noun[0]) >= 0 {
		return "an " + noun
	}
	return "a " + noun
}

// pageIDs are the ids a body has given out, each with what holds it for
// messages.
type pageIDs struct {
	holder map[string]string
	next   map[string]int // next suffix to try per base: linear, not quadratic, in repeats
	theme  func(id string) bool
}

// holderOf says what holds id ("footnote 1", "an element of the theme"),
// or "" when it is free.
func (p *pageIDs) holderOf(id string) string {
	if h := p.holder[id]; h != "" {
		return h
	}
	if p.theme != nil && p.theme(id) {
		return "an element of the theme"
	}
	return ""
}

func (p *pageIDs) take(id, holder string) {
	if p.holder[id] == "" {
		p.holder[id] = holder
	}
}

// unique takes and returns base, or the first of base-1, base-2, ... that
// is free. The theme's numbered ids hold ':' or a fixed count of digits,
// so that the suffixes always reach a free one.
func (p *pageIDs) unique(base, holder string) string {
	id := base
	for i := max(p.next[base], 1); p.holderOf(id) != ""; i++ {
		id = base + "-" + strconv.Itoa(i)
		p.next[base] = i + 1
	}
	p.take(id, holder)
	return id
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
