package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// leftoverTransformer is the net under the parsers of other tools'
// syntax: template syntax that none of them took and that a page would
// show as text, such as a Hugo shortcode written over several lines,
// Jinja, Liquid or Nunjucks tags ({% include "x" %}) and expressions
// ({{ page.title }}), is a warning at its place.
type leftoverTransformer struct{}

// zolaShortcode matches what the Zola shortcode transformer still takes
// after this one runs.
var zolaShortcode = regexp.MustCompile(`^\{(\{-?\s*[A-Za-z_][A-Za-z0-9_]*\(|%-?\s*([A-Za-z_][A-Za-z0-9_]*\(|end\b))`)

func (leftoverTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	seen := map[int]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock, ast.KindRawHTML, ast.KindAutoLink, kindForeign:
			return ast.WalkSkipChildren, nil
		}
		t, ok := n.(*ast.Text)
		if !ok {
			return ast.WalkContinue, nil
		}
		// The source goes on past a text node that another parser cut at
		// a '{', so look there too.
		stop := min(t.Segment.Stop+1, len(src))
		v := src[t.Segment.Start:stop]
		for i := 0; i+1 < len(v); i++ {
			if v[i] != '{' || (v[i+1] != '{' && v[i+1] != '%') {
				continue
			}
			off := t.Segment.Start + i
			// "\{{" is escaped: the author shows the braces as text.
			if seen[off] || (off > 0 && (src[off-1] == '{' || src[off-1] == '\\' && !escapedBackslash(src, off-1))) {
				continue
			}
			seen[off] = true
			reportLeftover(pc, src, off)
			i++
		}
		return ast.WalkContinue, nil
	})
}

// escapedBackslash reports whether the backslash at src[i] is itself
// escaped by an odd run of backslashes before it.
func escapedBackslash(src []byte, i int) bool {
	n := 0
	for i > 0 && src[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// reportLeftover reports the template syntax at src[off:].
func reportLeftover(pc parser.Context, src []byte, off int) {
	rest := src[off:]
	if zolaShortcode.Match(rest) {
		return
	}
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		end = len(rest)
	}
	shown := string(rest[:min(end, 40)])
	switch {
	case bytes.HasPrefix(rest, []byte("{{<")), bytes.HasPrefix(rest, []byte("{{%")):
		reportForeign(pc, foreignTemplate, off, "Hugo shortcode %q not rendered: it spans lines or is unclosed; write what it shows in Markdown (a callout > [!NOTE], a link, an image)", shown)
	case rest[1] == '%':
		reportForeign(pc, foreignTemplate, off, "template tag %q not rendered: pages are Markdown, not templates; write what it shows", shown)
	default:
		reportForeign(pc, foreignTemplate, off, "template expression %q not rendered: pages are Markdown, not templates; write the text itself", shown)
	}
}
