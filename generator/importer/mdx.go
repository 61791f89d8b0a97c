package importer

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// MDX that only Docusaurus understood, converted in the new site's pages:
// partials imported and used as <Partial /> are inlined, <Tabs> and
// <TabItem> become content tabs (=== "Label"), <Admonition> a :::
// callout, <details><summary> a folding callout (??? note "Summary"),
// and the import lines of what was converted go. Links to the docs' URLs
// (/docs/…) and to @site/ become relative links and site paths. Other
// components stay as written; the build's parse lists them. {/* … */}
// comments become HTML comments; other {…} expressions stay as written
// and are reported (mdxexpr.go). Line-highlight magic comments in code
// blocks are dropped.

// convert converts one page.
func (d *docusaurus) convert(f *file) {
	if !d.aliased { // the first page: every page is in its final place
		d.aliased = true
		d.oldURLs()
	}
	d.inlinePartials(f)
	for _, c := range blockConverters {
		d.convertBlocks(f, c)
	}
	d.dropImports(f)
	d.p.rewriteLinks(f, d.link(f))
	d.expressions(f)
	d.p.dropHighlightComments(f)
}

// highlightComment matches a line of code that holds only one of
// Docusaurus' line-highlight magic comments, in any of the comment
// styles it reads (// # <!-- --> /* */ {/* */} -- %).
var highlightComment = regexp.MustCompile(`^[ \t]*(?://|#|<!--|/\*|\{[ \t]*/\*|--|%|;;)[ \t]*highlight-(?:next-line|start|end)[ \t]*(?:-->|\*/[ \t]*\}|\*/)?[ \t]*\r?\n?$`)

// dropHighlightComments removes the lines of Docusaurus' line-highlight
// magic comments (// highlight-next-line, // highlight-start, //
// highlight-end) from f's fenced code blocks: Docusaurus shows them as
// highlighted lines and not the comments, playbook does not highlight
// lines. The lines removed are reported once per page, with their count.
func (p *project) dropHighlightComments(f *file) {
	start := bodyStart(f.Data)
	src := f.Data[start:]
	doc := goldmark.New(goldmark.WithParserOptions(containerParsers())).Parser().Parse(text.NewReader(src))
	var edits []edit
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fc, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		for i := 0; i < fc.Lines().Len(); i++ {
			seg := fc.Lines().At(i)
			if highlightComment.Match(src[seg.Start:seg.Stop]) {
				from := start + lineStartOf(src, seg.Start)
				edits = append(edits, edit{span{from, start + lineEnd(src, seg.Start)}, ""})
			}
		}
		return ast.WalkSkipChildren, nil
	})
	if len(edits) == 0 {
		return
	}
	at := posIn(f, edits[0].Start)
	f.Data = applyEdits(f.Data, edits)
	p.report.add(GroupConvert, at, "%s dropped from code blocks (Docusaurus highlights the lines they mark; playbook does not highlight lines)", plural(len(edits), "line-highlight comment"))
}

// mdxImport is an import line of an MDX page: import Name from 'spec'.
var mdxImport = regexp.MustCompile(`(?m)^import[ \t]+([A-Za-z_$][\w$]*)[ \t]+from[ \t]+['"]([^'"\n]+)['"][ \t]*;?[ \t]*\r?\n?$`)

// inlinePartials replaces each line holding only <Name /> of a partial
// imported as Name (a Markdown file) with the partial's text, and drops
// the import line when every use was inlined.
func (d *docusaurus) inlinePartials(f *file) {
	p := d.p
	b := parseBody(f.Data)
	var edits []edit
	for _, m := range mdxImport.FindAllSubmatchIndex(f.Data[b.start:], -1) {
		at := b.start + m[0]
		if b.inCode(at) {
			continue
		}
		name, spec := string(f.Data[b.start+m[2]:b.start+m[3]]), jsUnquote(f.Data[b.start+m[4]:b.start+m[5]])
		if !isPage(spec) {
			continue
		}
		var rel string
		switch {
		case strings.HasPrefix(spec, "@site/"):
			rel = path.Join(d.base, path.Clean(strings.TrimPrefix(spec, "@site/")))
		case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
			rel = path.Join(path.Dir(f.From), spec)
		default:
			continue
		}
		if rel == ".." || strings.HasPrefix(rel, "../") || f.From == "" {
			p.report.add(GroupConvert, posIn(f, at), "partial %s not inlined: it is outside the project", spec)
			continue
		}
		data, err := p.read(rel)
		if err != nil {
			p.report.add(GroupConvert, posIn(f, at), "partial %s not inlined: %s", spec, errText(err))
			continue
		}
		text := strings.TrimRight(string(data[bodyStart(data):]), "\n") + "\n"
		use := regexp.MustCompile(`(?m)^[ \t]*<` + regexp.QuoteMeta(name) + `[ \t]*/>[ \t]*\r?\n?`)
		other := regexp.MustCompile(`<` + regexp.QuoteMeta(name) + `[\s/>]`)
		inlined, left := 0, 0
		for _, u := range use.FindAllIndex(f.Data[b.start:], -1) {
			if b.inCode(b.start + u[0]) {
				continue
			}
			edits = append(edits, edit{span{b.start + u[0], b.start + u[1]}, text})
			inlined++
		}
		for _, u := range other.FindAllIndex(f.Data[b.start:], -1) {
			if !b.inCode(b.start+u[0]) && !use.Match(lineAt(f.Data, b.start+u[0])) {
				p.report.add(GroupConvert, posIn(f, b.start+u[0]), "partial %s is used with props or inside a line; not inlined", name)
				left++
			}
		}
		p.count(f, IncludesInlined, inlined)
		if inlined > 0 && left == 0 {
			edits = append(edits, edit{span{at, lineEnd(f.Data, at)}, ""})
		}
	}
	f.Data = applyEdits(f.Data, edits)
}

// jsUnquote returns the value of the text of a JavaScript string literal
// without its quotes ("./\_intro.md" is "./_intro.md").
func jsUnquote(text []byte) string {
	toks := tokenizeJS("'" + strings.ReplaceAll(string(text), "'", `\'`) + "'")
	if len(toks) != 1 {
		return string(text)
	}
	return toks[0].text
}

// lineAt returns the line holding offset off, with its newline.
func lineAt(data []byte, off int) []byte {
	return data[lineStartOf(data, off):lineEnd(data, off)]
}

// blockConverter converts one kind of JSX block written on lines of its
// own: <Tag …> … </Tag>.
type blockConverter struct {
	tag string
	// convert returns the Markdown for the block from its opening line
	// (trimmed) and the lines between, or why it cannot.
	convert func(d *docusaurus, open string, inner []string) (string, error)
}

var blockConverters = []blockConverter{
	{"Tabs", (*docusaurus).tabs},
	{"Admonition", (*docusaurus).admonition},
	{"details", (*docusaurus).details},
}

// opens reports whether a trimmed line opens tag.
func opens(line, tag string) bool {
	rest, ok := strings.CutPrefix(line, "<"+tag)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '>' || rest[0] == '\t')
}

// convertBlocks converts every block of c in f, outside code; a block it
// cannot convert is reported with the reason and left as written.
func (d *docusaurus) convertBlocks(f *file, c blockConverter) {
	data, n, fails := d.convertText(f.Data, c)
	for _, e := range fails {
		d.p.report.add(GroupConvert, posIn(f, e.Start), "%s", e.Text)
	}
	f.Data = data
	d.p.count(f, ShortcodesConverted, n)
}

// convertText converts every block of c in data, outside code, and
// returns the new text, how many blocks it converted, and the blocks it
// could not convert: their offsets and why.
func (d *docusaurus) convertText(data []byte, c blockConverter) ([]byte, int, []edit) {
	b := parseBody(data)
	lines := splitLines(data, b.start)
	var edits, fails []edit
	fail := func(off int, format string, args ...any) {
		fails = append(fails, edit{span{off, off}, fmt.Sprintf("<%s> not converted: ", c.tag) + fmt.Sprintf(format, args...)})
	}
	for i := 0; i < len(lines); i++ {
		open := strings.TrimSpace(string(data[lines[i].Start:lines[i].End]))
		if b.inCode(lines[i].Start) || !opens(open, c.tag) {
			continue
		}
		closeAt := closing(data, lines, i, c.tag)
		if closeAt < 0 {
			fail(lines[i].Start, "no </%s> on a line of its own closes it", c.tag)
			continue
		}
		if !strings.HasSuffix(open, ">") || strings.HasSuffix(open, "/>") {
			fail(lines[i].Start, "its opening tag is not on one line")
			i = closeAt
			continue
		}
		inner := make([]string, 0, closeAt-i)
		for _, l := range lines[i+1 : closeAt] {
			inner = append(inner, string(data[l.Start:l.End]))
		}
		out, err := c.convert(d, open, inner)
		if err != nil {
			fail(lines[i].Start, "%v", err)
			i = closeAt
			continue
		}
		// A block inside a tab or callout keeps its indentation.
		line := string(data[lines[i].Start:lines[i].End])
		out = indent(out, line[:len(line)-len(strings.TrimLeft(line, " \t"))])
		if i > 0 && strings.TrimSpace(string(data[lines[i-1].Start:lines[i-1].End])) != "" {
			out = "\n" + out // a block of its own, not the end of a list item or paragraph
		}
		edits = append(edits, edit{span{lines[i].Start, lineEnd(data, lines[closeAt].Start)}, out})
		i = closeAt
	}
	return applyEdits(data, edits), len(edits), fails
}

// splitLines returns the lines of data from offset start, without their
// newlines.
func splitLines(data []byte, start int) []span {
	var out []span
	for at := start; at < len(data); {
		end := bytes.IndexByte(data[at:], '\n')
		if end < 0 {
			out = append(out, span{at, len(data)})
			break
		}
		out = append(out, span{at, at + end})
		at += end + 1
	}
	return out
}

// closing returns the index of the line that closes the tag opened on
// line i, nested ones counted; -1 when none does.
func closing(data []byte, lines []span, i int, tag string) int {
	depth := 0
	for j := i; j < len(lines); j++ {
		l := strings.TrimSpace(string(data[lines[j].Start:lines[j].End]))
		if opens(l, tag) && !strings.HasSuffix(l, "/>") {
			depth++
		}
		if strings.HasSuffix(l, "</"+tag+">") {
			depth--
			if depth == 0 {
				if l != "</"+tag+">" {
					return -1
				}
				return j
			}
		}
	}
	return -1
}

// jsxAttr is one attribute of a JSX tag: name, name="v", name='v',
// name={"v"} or name={…}.
var jsxAttr = regexp.MustCompile(`([A-Za-z_][\w-]*)(?:[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}))?`)

// attrs returns the attributes of an opening tag; a {…} value that is a
// string literal is that string, any other is "{…}" as written.
func attrs(open, tag string) map[string]string {
	s := strings.TrimPrefix(open, "<"+tag)
	if i := strings.IndexByte(s, '>'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), "/")
	out := map[string]string{}
	for _, m := range jsxAttr.FindAllStringSubmatch(s, -1) {
		v := m[2] + m[3]
		if m[4] != "" {
			expr := strings.TrimSpace(m[4])
			if lit := newJSData(expr); len(lit.toks) == 1 && lit.toks[0].kind == 's' {
				v = lit.toks[0].text
			} else {
				v = "{" + m[4] + "}"
			}
		}
		if _, ok := out[m[1]]; !ok {
			out[m[1]] = v
		}
	}
	return out
}

// tabs converts <Tabs> with its <TabItem value label default> children
// into content tabs; a nested <Tabs> is converted inside its tab.
func (d *docusaurus) tabs(open string, inner []string) (string, error) {
	type tab struct {
		label string
		first bool
		body  []string
	}
	var tabs []*tab
	var cur *tab
	depth := 0
	for _, l := range inner {
		t := strings.TrimSpace(l)
		if cur != nil && depth > 0 || cur != nil && !opens(t, "TabItem") && t != "</TabItem>" {
			if opens(t, "Tabs") && !strings.HasSuffix(t, "/>") {
				depth++
			} else if t == "</Tabs>" {
				depth--
			}
			cur.body = append(cur.body, l)
			continue
		}
		switch {
		case opens(t, "TabItem"):
			if cur != nil {
				return "", fmt.Errorf("a <TabItem> opens inside another")
			}
			a := attrs(t, "TabItem")
			label := a["label"]
			if label == "" {
				label = a["value"]
			}
			if label == "" || strings.HasPrefix(label, "{") {
				return "", fmt.Errorf("a <TabItem> has no label or value that is plain text")
			}
			_, def := a["default"]
			cur = &tab{label: label, first: def}
			tabs = append(tabs, cur)
			if rest, ok := strings.CutSuffix(t, "</TabItem>"); ok { // on one line
				cur.body = append(cur.body, rest[strings.IndexByte(rest, '>')+1:])
				cur = nil
			}
		case t == "</TabItem>":
			if cur == nil {
				return "", fmt.Errorf("a </TabItem> closes no tab")
			}
			cur = nil
		case t == "":
		default:
			return "", fmt.Errorf("text outside its <TabItem>s")
		}
	}
	if cur != nil || len(tabs) == 0 {
		return "", fmt.Errorf("a <TabItem> is not closed, or there is none")
	}
	var out strings.Builder
	for i, t := range tabs {
		mark := "==="
		if i == 0 {
			mark += "!"
		}
		if t.first {
			mark += "+"
		}
		fmt.Fprintf(&out, "%s %s\n\n", mark, quote(t.label))
		body := dedent(t.body)
		nested, _, _ := d.convertText([]byte(body), blockConverter{"Tabs", (*docusaurus).tabs})
		out.WriteString(indent(string(nested), "    "))
		if i < len(tabs)-1 {
			out.WriteString("\n")
		}
	}
	return out.String(), nil
}

// admonition converts <Admonition type title> into a ::: callout, with
// more colons outside when its body holds one.
func (d *docusaurus) admonition(open string, inner []string) (string, error) {
	a := attrs(open, "Admonition")
	kind := a["type"]
	if kind == "" {
		kind = "note"
	}
	if strings.HasPrefix(kind, "{") || strings.HasPrefix(a["title"], "{") {
		return "", fmt.Errorf("its type or title is an expression")
	}
	body := dedent(inner)
	fence := ":::"
	for _, l := range strings.Split(body, "\n") {
		if run := len(l) - len(strings.TrimLeft(l, ":")); run >= len(fence) {
			fence = strings.Repeat(":", run+1)
		}
	}
	head := fence + kind
	if t := a["title"]; t != "" {
		head += "[" + t + "]"
	}
	return head + "\n\n" + body + "\n" + fence + "\n", nil
}

var summaryTag = regexp.MustCompile(`^<summary>([^<]*)</summary>$`)

// details converts <details><summary>Title</summary> … </details> into a
// folding callout; <details open> shows it open.
func (d *docusaurus) details(open string, inner []string) (string, error) {
	head := strings.TrimSpace(open[:strings.IndexByte(open, '>')+1])
	rest := strings.TrimSpace(open[len(head):])
	if head != "<details>" && head != "<details open>" {
		return "", fmt.Errorf("its attributes %s are not carried over", head)
	}
	if rest == "" {
		for len(inner) > 0 && strings.TrimSpace(inner[0]) == "" {
			inner = inner[1:]
		}
		if len(inner) > 0 {
			rest, inner = strings.TrimSpace(inner[0]), inner[1:]
		}
	}
	m := summaryTag.FindStringSubmatch(rest)
	if m == nil {
		return "", fmt.Errorf("no <summary> of plain text on its own line")
	}
	mark := "???"
	if head == "<details open>" {
		mark += "+"
	}
	title := strings.ReplaceAll(strings.TrimSpace(m[1]), `"`, "'")
	return fmt.Sprintf("%s note %q\n\n%s", mark, title, indent(dedent(inner), "    ")), nil
}

// dedent joins lines after removing their common indentation and the
// blank lines around them; the result ends with a newline.
func dedent(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if common < 0 || n < common {
			common = n
		}
	}
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(l[common:] + "\n")
	}
	return b.String()
}

// indent prefixes every line of text that is not blank.
func indent(text, prefix string) string {
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			b.WriteString(prefix)
		}
		b.WriteString(l)
	}
	return b.String()
}

// converted holds the modules of the components whose import lines go
// once no tag of theirs is left outside code.
var converted = map[string]bool{"@theme/Tabs": true, "@theme/TabItem": true, "@theme/Admonition": true}

// dropImports removes the import lines of converted components.
func (d *docusaurus) dropImports(f *file) {
	b := parseBody(f.Data)
	var edits []edit
	for _, m := range mdxImport.FindAllSubmatchIndex(f.Data[b.start:], -1) {
		at := b.start + m[0]
		name := string(f.Data[b.start+m[2] : b.start+m[3]])
		if b.inCode(at) || !converted[string(f.Data[b.start+m[4]:b.start+m[5]])] {
			continue
		}
		used := regexp.MustCompile(`<` + regexp.QuoteMeta(name) + `[\s/>]`)
		left := false
		for _, u := range used.FindAllIndex(f.Data[b.start:], -1) {
			left = left || !b.inCode(b.start+u[0])
		}
		if !left {
			edits = append(edits, edit{span{at, lineEnd(f.Data, at)}, ""})
		}
	}
	f.Data = applyEdits(f.Data, edits)
}

// link returns the rewriting of f's links: @site/static/x becomes the
// site path /x; @site/<docs>/x.md, a doc's URL (/docs/guide/setup, with
// or without its trailing slash) and a relative link to a renamed file
// (x.mdx, now x.md) become relative links to the file in the new site.
func (d *docusaurus) link(f *file) func(string, int) (string, bool) {
	return func(dest string, off int) (string, bool) {
		if strings.Contains(dest, "://") || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "mailto:") {
			return "", false
		}
		target, frag := dest, ""
		if i := strings.IndexAny(target, "#?"); i >= 0 {
			target, frag = target[:i], target[i:]
		}
		if rest, ok := strings.CutPrefix(target, "@site/"); ok {
			rest = path.Join(d.base, path.Clean(rest))
			for _, dir := range d.statics {
				if s, ok := strings.CutPrefix(rest, dir+"/"); ok {
					return "/" + s + frag, true
				}
			}
			if g := d.p.bySource[rest]; g != nil {
				return relPath(f.Dest, g.Dest) + frag, true
			}
			d.p.report.add(GroupConvert, posIn(f, off), "link %s names no imported file; kept as written", dest)
			return "", false
		}
		if strings.HasPrefix(target, "/") {
			if g := d.p.bySource[path.Join(d.base, path.Clean(target[1:]))]; g != nil && isPage(target) { // a file from the site's folder
				return relPath(f.Dest, g.Dest) + frag, true
			}
			if g := d.byRoute[strings.TrimSuffix(path.Clean(target), "/")]; g != nil {
				return relPath(f.Dest, g.Dest) + frag, true
			}
			return "", false
		}
		if f.From == "" || target == "" {
			return "", false
		}
		src := path.Join(path.Dir(f.From), target)
		if g := d.p.bySource[src]; g != nil {
			if out := relPath(f.Dest, g.Dest); out != path.Clean(target) && "./"+out != target {
				return out + frag, true
			}
			return "", false
		}
		// a URL relative to the page's URL: ./configuration from
		// /docs/resolution is /docs/configuration
		if route, ok := d.routeOf[f]; ok && !isPage(target) {
			if g := d.byRoute[strings.TrimSuffix(path.Join(path.Dir(route), target), "/")]; g != nil {
				return relPath(f.Dest, g.Dest) + frag, true
			}
		}
		return "", false
	}
}
