package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MDX (Docusaurus) pages hold JavaScript: import and export statements at
// the top level, and JSX components such as <Tabs> among the Markdown.
// playbook shows both as written and reports each.

// mdxSyntax registers mdxESMParser and mdxTransformer.
type mdxSyntax struct{}

func (mdxSyntax) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(mdxESMParser{}, 850)),
		// Before rawHTMLTransformer (50), so that a component is one
		// warning of its own, not raw HTML left out.
		parser.WithASTTransformers(util.Prioritized(mdxTransformer{}, 40)),
	)
}

// mdxESMParser reads import and export statements at the top level, as MDX
// does: from a line that starts with one, unindented, to a blank line.
type mdxESMParser struct{}

var (
	mdxImport = regexp.MustCompile(`^import\s+(?:['"]|\{|\*\s*as\s|[A-Za-z_$][\w$]*(?:\s+from\s*['"]|\s*,\s*[{*]))`)
	mdxExport = regexp.MustCompile(`^export\s+(?:(?:const|let|var|function|class|default)\s|async\s+function|\{|\*)`)
)

// mdxStatement reports whether line starts an import or export statement,
// and which.
func mdxStatement(line []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(line, []byte("import")) && mdxImport.Match(line):
		return "import", true
	case bytes.HasPrefix(line, []byte("export")) && mdxExport.Match(line):
		return "export", true
	}
	return "", false
}

func (mdxESMParser) Trigger() []byte { return []byte{'i', 'e'} }

func (mdxESMParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if parent.Kind() != ast.KindDocument {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	if !reportMDXStatement(pc, line, seg.Start) {
		return nil, parser.NoChildren
	}
	node := &foreignBlock{}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (mdxESMParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Close
	}
	reportMDXStatement(pc, line, seg.Start) // the next statement of the block
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

// reportMDXStatement reports the statement line starts, at offset off, if
// it starts one.
func reportMDXStatement(pc parser.Context, line []byte, off int) bool {
	what, ok := mdxStatement(line)
	if !ok {
		return false
	}
	hint := "playbook pages are Markdown, not MDX; remove the line"
	if what == "export" {
		hint = "put the page's data in its front matter"
	}
	reportForeign(pc, foreignMDXESM, off, "MDX %s not rendered: %s", what, hint)
	return true
}

func (mdxESMParser) Close(ast.Node, text.Reader, parser.Context) {}
func (mdxESMParser) CanInterruptParagraph() bool                 { return false }
func (mdxESMParser) CanAcceptIndentedLine() bool                 { return false }

// mdxTransformer replaces the raw HTML that holds JSX components (tags
// whose names are capitalised, <Tabs>, <TabItem value="a">, <Note />) by
// its text as written, and reports each component once: at its opening
// tag, or at a closing tag that nothing opened.
type mdxTransformer struct{}

func (mdxTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	type found struct {
		node ast.Node
		segs []text.Segment
		tags []jsxTag
	}
	var all []found
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			segs := htmlSegments(n)
			if tags := jsxTags(segs, src); len(tags) > 0 {
				all = append(all, found{n, segs, tags})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, f := range all {
		r := foreignReportOf(pc)
		for _, tag := range f.tags {
			if r.closesReported(foreignMDXComponent, tag.name, tag.closing) {
				continue
			}
			reportForeign(pc, foreignMDXComponent, tag.offset, "MDX component <%s> not rendered: %s", tag.name, jsxHint(tag.name))
		}
		var literal ast.Node
		if f.node.Type() == ast.TypeBlock {
			b := &foreignBlock{}
			b.Lines().AppendAll(f.segs)
			literal = b
		} else {
			literal = &foreignNode{segments: f.segs}
		}
		parent := f.node.Parent()
		parent.ReplaceChild(parent, f.node, literal)
	}
}

// htmlSegments returns the source segments of an HTML block (its closing
// line too) or of inline raw HTML.
func htmlSegments(n ast.Node) []text.Segment {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		segs := n.Lines().Sliced(0, n.Lines().Len())
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
		return segs
	case *ast.RawHTML:
		return n.Segments.Sliced(0, n.Segments.Len())
	}
	return nil
}

// jsxTag is a JSX component's tag in raw HTML.
type jsxTag struct {
	offset  int
	name    string
	closing bool
}

// jsxTags finds the tags of JSX components in segs, outside HTML
// comments. A component's name starts with an upper-case letter and has a
// lower-case one: <DIV> and <B> are HTML.
func jsxTags(segs []text.Segment, src []byte) []jsxTag {
	var tags []jsxTag
	inComment := false
	for _, seg := range segs {
		b := seg.Value(src)
		for i := 0; i < len(b); i++ {
			if inComment {
				end := bytes.Index(b[i:], []byte("-->"))
				if end < 0 {
					break
				}
				i += end + 2
				inComment = false
				continue
			}
			if b[i] != '<' {
				continue
			}
			if bytes.HasPrefix(b[i:], []byte("<!--")) {
				inComment = true
				i += 3
				continue
			}
			if name, closing, ok := jsxName(b[i+1:]); ok {
				tags = append(tags, jsxTag{offset: seg.Start + i, name: name, closing: closing})
			}
		}
	}
	return tags
}

// jsxName reads a component's name after a '<'.
func jsxName(b []byte) (name string, closing, ok bool) {
	if len(b) > 0 && b[0] == '/' {
		closing, b = true, b[1:]
	}
	if len(b) == 0 || b[0] < 'A' || b[0] > 'Z' {
		return "", false, false
	}
	end, lower := 1, false
	for ; end < len(b); end++ {
		c := b[end]
		if c >= 'a' && c <= 'z' {
			lower = true
		} else if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			break
		}
	}
	if !lower || end < len(b) && strings.IndexByte(" \t\r\n/>", b[end]) < 0 {
		return "", false, false
	}
	return string(b[:end]), closing, true
}

// jsxHint says how playbook writes what a component shows.
func jsxHint(name string) string {
	lower := strings.ToLower(name)
	switch {
	case lower == "tabs" || lower == "tabitem" || lower == "tab":
		return "write each tab's content under a heading of its own"
	case lower == "admonition" || lower == "callout" || hintVariants[lower] != "":
		v := hintVariants[lower]
		if v == "" {
			v = "NOTE"
		}
		return "use a callout: > [!" + v + "]"
	}
	return "playbook pages are Markdown, not MDX; write its content in Markdown"
}
