package markdown

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Abbreviations, as Python-Markdown's abbr extension writes them: a line
//
//	*[MEDDICC]: Metrics, Economic buyer, Decision criteria, ...
//
// is left out of the page, and every whole-word MEDDICC in the page's text,
// before or after the line, becomes <abbr title="Metrics, ...">MEDDICC</abbr>.
// A definition with no text takes a term back.

var (
	// kindAbbrDef is the node kind of a definition line, removed once read.
	kindAbbrDef = ast.NewNodeKind("AbbrDef")
	// kindAbbr is the node kind of a term shown with its meaning.
	kindAbbr = ast.NewNodeKind("Abbr")
)

type abbrDefNode struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *abbrDefNode) Kind() ast.NodeKind { return kindAbbrDef }

// Dump implements ast.Node.
func (n *abbrDefNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type abbrNode struct {
	ast.BaseInline
	title string
}

// Kind implements ast.Node.
func (n *abbrNode) Kind() ast.NodeKind { return kindAbbr }

// Dump implements ast.Node.
func (n *abbrNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Title": n.title}, nil)
}

// maxAbbrs bounds the terms of one page: each is tried at every word.
const maxAbbrs = 1000

var abbrKey = parser.NewContextKey()

// abbrDefs are the definitions read from one page.
type abbrDefs struct {
	titles   map[string]string // "" takes a term back
	overflow int               // offset of the first definition past maxAbbrs, or -1
}

// parseAbbrDef reads "*[term]: title" from a line indented by at most
// three spaces.
func parseAbbrDef(line []byte) (term, title string, ok bool) {
	line = bytes.TrimRight(line, "\r\n")
	for i := 0; i < 3 && len(line) > 0 && line[0] == ' '; i++ {
		line = line[1:]
	}
	rest, ok := bytes.CutPrefix(line, []byte("*["))
	if !ok {
		return "", "", false
	}
	end := bytes.IndexByte(rest, ']')
	if end < 0 {
		return "", "", false
	}
	t := bytes.TrimSpace(rest[:end])
	rest = bytes.TrimPrefix(rest[end+1:], []byte(" "))
	rest, ok = bytes.CutPrefix(rest, []byte(":"))
	if !ok || len(t) == 0 || bytes.ContainsAny(t, "\\[") {
		return "", "", false
	}
	return string(t), string(bytes.TrimSpace(rest)), true
}

type abbrParser struct{}

func (abbrParser) Trigger() []byte { return []byte{'*'} }

func (abbrParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	term, title, ok := parseAbbrDef(line)
	if !ok {
		return nil, parser.NoChildren
	}
	defs, _ := pc.Get(abbrKey).(*abbrDefs)
	if defs == nil {
		defs = &abbrDefs{titles: map[string]string{}, overflow: -1}
		pc.Set(abbrKey, defs)
	}
	if _, known := defs.titles[term]; known || len(defs.titles) < maxAbbrs {
		defs.titles[term] = title
	} else if defs.overflow < 0 {
		defs.overflow = seg.Start
	}
	reader.Advance(seg.Len() - 1)
	n := &abbrDefNode{}
	n.Lines().Append(seg)
	return n, parser.NoChildren
}

func (abbrParser) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (abbrParser) Close(ast.Node, text.Reader, parser.Context)                 {}
func (abbrParser) CanInterruptParagraph() bool                                 { return true }
func (abbrParser) CanAcceptIndentedLine() bool                                 { return false }

// abbrTransformer removes the definition lines and wraps the terms.
type abbrTransformer struct{}

func (abbrTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	defs, _ := pc.Get(abbrKey).(*abbrDefs)
	if defs == nil {
		return
	}
	if defs.overflow >= 0 {
		warn(pc, defs.overflow, "more than %d abbreviations on one page: the rest are left out", maxAbbrs)
	}
	var remove, texts []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *abbrDefNode:
			remove = append(remove, n)
		case *ast.Text:
			texts = append(texts, n)
		case *ast.CodeSpan, *ast.Image, *ast.RawHTML, *ast.AutoLink, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *linkNode:
			if n.link.Image {
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range remove {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	idx := newAbbrIndex(defs.titles)
	if idx == nil {
		return
	}
	src := reader.Source()
	for _, n := range texts {
		idx.wrap(n.(*ast.Text), src)
	}
}

// abbrIndex finds terms quickly: by their first word (or, for a term that
// starts with a symbol, its first character), longest first.
type abbrIndex struct {
	byStart map[string][]string
	titles  map[string]string
}

func newAbbrIndex(titles map[string]string) *abbrIndex {
	idx := &abbrIndex{byStart: map[string][]string{}, titles: titles}
	for term, title := range titles {
		if title == "" {
			continue
		}
		k := leadingWord([]byte(term))
		idx.byStart[k] = append(idx.byStart[k], term)
	}
	if len(idx.byStart) == 0 {
		return nil
	}
	for _, terms := range idx.byStart {
		sort.Slice(terms, func(i, j int) bool {
			if len(terms[i]) != len(terms[j]) {
				return len(terms[i]) > len(terms[j])
			}
			return terms[i] < terms[j]
		})
	}
	return idx
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// leadingWord returns the run of word characters b starts with or, if it
// starts with another character, that character.
func leadingWord(b []byte) string {
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	if i == 0 && len(b) > 0 {
		_, i = utf8.DecodeRune(b)
	}
	return string(b[:i])
}

// wrap splits t around the terms it holds, each term into an abbrNode.
func (idx *abbrIndex) wrap(t *ast.Text, src []byte) {
	seg := t.Segment
	type match struct{ start, stop int }
	var found []match
	for i := seg.Start; i < seg.Stop; {
		r, size := utf8.DecodeRune(src[i:seg.Stop])
		prev, _ := utf8.DecodeLastRune(src[:i])
		if isWordRune(r) && i > 0 && isWordRune(prev) {
			i += size
			continue
		}
		word := leadingWord(src[i:seg.Stop])
		matched := 0
		for _, term := range idx.byStart[word] {
			end := i + len(term)
			if end > seg.Stop || string(src[i:end]) != term {
				continue
			}
			last, _ := utf8.DecodeLastRuneInString(term)
			next, _ := utf8.DecodeRune(src[end:])
			if end < len(src) && isWordRune(last) && isWordRune(next) {
				continue
			}
			matched = len(term)
			break
		}
		if matched == 0 {
			i += len(word)
			continue
		}
		found = append(found, match{i, i + matched})
		i += matched
	}
	if len(found) == 0 {
		return
	}
	parent := t.Parent()
	at := seg.Start
	piece := func(start, stop int) *ast.Text {
		p := ast.NewTextSegment(text.NewSegment(start, stop))
		p.SetRaw(t.IsRaw())
		return p
	}
	for _, m := range found {
		if m.start > at {
			parent.InsertBefore(parent, t, piece(at, m.start))
		}
		a := &abbrNode{title: idx.titles[string(src[m.start:m.stop])]}
		a.AppendChild(a, piece(m.start, m.stop))
		parent.InsertBefore(parent, t, a)
		at = m.stop
	}
	// t keeps the rest and its line break.
	t.Segment = text.NewSegment(at, seg.Stop)
	if at == seg.Stop && !t.SoftLineBreak() && !t.HardLineBreak() {
		parent.RemoveChild(parent, t)
	}
}

// abbrExtension reads abbreviations and shows their terms as <abbr>.
type abbrExtension struct{}

func (abbrExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(abbrParser{}, 150)),
		parser.WithASTTransformers(util.Prioritized(abbrTransformer{}, 125)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(abbrExtension{}, 500)))
}

func (abbrExtension) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAbbr, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<abbr title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*abbrNode).title)))
			_, _ = w.WriteString(`">`)
		} else {
			_, _ = w.WriteString("</abbr>")
		}
		return ast.WalkContinue, nil
	})
}
