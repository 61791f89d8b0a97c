package importer

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Conversions rewrite a page's Markdown as text, outside its code: a
// shortcode in a code block or a code span is an example of the old
// syntax and stays as written.

// span is a byte range [Start, End) of a page's text.
type span struct{ Start, End int }

// body is a page's text with where its Markdown body starts and which
// ranges of it are code.
type body struct {
	data  []byte
	start int
	code  []span // sorted, in offsets of data
}

// parseBody finds the body and the code of f's text: fenced and indented
// code blocks and code spans, as CommonMark reads them; the bodies of
// content tabs and admonitions are Markdown, as the build reads them
// (container.go).
func parseBody(data []byte) *body {
	b := &body{data: data, start: bodyStart(data)}
	src := data[b.start:]
	doc := goldmark.New(goldmark.WithParserOptions(containerParsers())).Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			lines := n.Lines()
			from, to := -1, -1
			if lines.Len() > 0 {
				from, to = lines.At(0).Start, lines.At(lines.Len()-1).Stop
			}
			// A fenced block's fences belong to it: from the opening
			// fence's line to the end of the closing one.
			if n.Kind() == ast.KindFencedCodeBlock {
				if p := n.Pos(); p >= 0 {
					from = lineStartOf(src, p)
				}
				if to < 0 {
					to = lineEnd(src, from)
				}
				to = fenceEnd(src, to)
			}
			if from >= 0 {
				b.code = append(b.code, span{b.start + from, b.start + to})
			}
			return ast.WalkSkipChildren, nil
		case ast.KindCodeSpan:
			from, to := -1, -1
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if from < 0 {
						from = t.Segment.Start
					}
					to = t.Segment.Stop
				}
			}
			if from >= 0 {
				// the backticks around it
				for from > 0 && src[from-1] == '`' {
					from--
				}
				for to < len(src) && src[to] == '`' {
					to++
				}
				b.code = append(b.code, span{b.start + from, b.start + to})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(b.code, func(i, j int) bool { return b.code[i].Start < b.code[j].Start })
	return b
}

// lineStartOf returns the start of the line holding offset off.
func lineStartOf(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// lineEnd returns the offset after the newline of the line at off.
func lineEnd(src []byte, off int) int {
	for off < len(src) && src[off] != '\n' {
		off++
	}
	return min(off+1, len(src))
}

// fenceEnd returns the end of the closing fence line after offset off (the
// end of the code), or off when there is none.
func fenceEnd(src []byte, off int) int {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i < len(src) && (src[i] == '`' || src[i] == '~') {
		for i < len(src) && src[i] != '\n' {
			i++
		}
		return i
	}
	return off
}

// inCode reports whether byte offset off of the text is in code.
func (b *body) inCode(off int) bool {
	i := sort.Search(len(b.code), func(i int) bool { return b.code[i].End > off })
	return i < len(b.code) && b.code[i].Start <= off
}

// edit replaces the bytes [Start, End) of a text with Text.
type edit struct {
	span
	Text string
}

// applyEdits returns data with every edit made; edits must not overlap
// (a later one that overlaps an earlier one is dropped).
func applyEdits(data []byte, edits []edit) []byte {
	if len(edits) == 0 {
		return data
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	out := make([]byte, 0, len(data))
	at := 0
	for _, e := range edits {
		if e.Start < at {
			continue
		}
		out = append(out, data[at:e.Start]...)
		out = append(out, e.Text...)
		at = e.End
	}
	return append(out, data[at:]...)
}

// Link destinations in Markdown: inline links and images "](dest" (with
// or without <…>), reference definitions "[x]: dest", autolinks "<dest>".
var (
	inlineDest = regexp.MustCompile(`\]\([ \t]*(<[^>\n]*>|[^)\s]+)`)
	refDest    = regexp.MustCompile(`(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)`)
	autoDest   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]*)>`)
)

// rewriteLinks calls fn with the destination of every link and image of
// f's body outside code, without its <…>, and its byte offset in f.Data;
// where fn returns a new destination and true, the link is rewritten and
// counted. Offsets are those of the text before any link is rewritten;
// the function it returns maps them to the text after.
func (p *project) rewriteLinks(f *file, fn func(dest string, off int) (string, bool)) func(off int) int {
	b := parseBody(f.Data)
	var edits []edit
	for _, re := range []*regexp.Regexp{inlineDest, refDest, autoDest} {
		for _, m := range re.FindAllSubmatchIndex(f.Data[b.start:], -1) {
			from, to := b.start+m[2], b.start+m[3]
			if b.inCode(from) {
				continue
			}
			dest := string(f.Data[from:to])
			angle := strings.HasPrefix(dest, "<") && strings.HasSuffix(dest, ">") && re != autoDest
			if angle {
				dest = dest[1 : len(dest)-1]
			}
			out, ok := fn(dest, from)
			if !ok || out == dest {
				continue
			}
			if angle || strings.ContainsAny(out, " \t()") {
				out = "<" + out + ">"
			}
			if re == autoDest {
				out = "[" + string(f.Data[from:to]) + "](" + out + ")"
				from, to = from-1, to+1
			}
			edits = append(edits, edit{span{from, to}, out})
		}
	}
	f.Data = applyEdits(f.Data, edits)
	p.count(f, LinksRewritten, len(edits))
	return func(off int) int { return shiftOffset(edits, off) }
}

// shiftOffset returns where offset off of a text, outside the edits made
// to it by applyEdits, is in the text after them.
func shiftOffset(edits []edit, off int) int {
	moved, at := 0, 0
	for _, e := range edits {
		if e.Start < at || e.Start >= off {
			continue
		}
		moved += len(e.Text) - (e.End - e.Start)
		at = e.End
	}
	return off + moved
}

// relPath returns the path of the new site's file to as a relative link
// from the page from: "../guide/setup.md".
func relPath(from, to string) string {
	dir := path.Dir(from)
	up := ""
	for dir != "." && dir != "/" && !strings.HasPrefix(to, dir+"/") {
		dir = path.Dir(dir)
		up += "../"
	}
	if dir == "." {
		return up + to
	}
	return up + strings.TrimPrefix(to, dir+"/")
}
