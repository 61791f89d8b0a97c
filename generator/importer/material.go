package importer

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Material for MkDocs syntax that playbook does not render as written:
// code annotations, and admonitions in a definition without a term.

// Code annotations: a numbered marker in a comment of a code block, "#
// (1)" (or "# (1)!", which Material shows as the marker alone), and the
// annotations' texts in the numbered list after the block. Material
// annotates a block with the class annotate ("``` { .yaml .annotate }"),
// every block when theme.features has content.code.annotate, and a
// block with a "(1)!" marker.
var (
	codeFence        = regexp.MustCompile(`^([ \t]*)(` + "`{3,}|~{3,}" + `)[ \t]*(.*?)[ \t]*$`)
	annotationMarker = regexp.MustCompile(`(?:#|//|/\*|--|<!--|;|%)[ \t]*\(([0-9]+)\)(!?)`)
)

// codeLanguage returns the language of a fence's info string ("yaml",
// "{ .yaml .annotate }", "yaml title=\"x\"") and whether it has the
// class annotate.
func codeLanguage(info string) (lang string, annotate bool) {
	if strings.HasPrefix(info, "{") {
		for _, w := range strings.Fields(strings.Trim(info, "{} ")) {
			switch {
			case w == ".annotate":
				annotate = true
			case strings.HasPrefix(w, ".") && lang == "":
				lang = w[1:]
			}
		}
		return lang, annotate
	}
	lang, _, _ = strings.Cut(info, " ")
	return lang, false
}

// annotations drops the "!" of code annotation markers in f ("# (1)!"
// becomes "# (1)", the marker that goes with item 1 of the list after
// the block) and reports each annotated code block at its first marker:
// playbook shows the markers as comments and the list as a list. Blocks
// of Markdown or plain text, which show the syntax, are left alone.
func (m *mkdocs) annotations(f *file) {
	start := bodyStart(f.Data)
	var edits []edit
	type block struct {
		first   int // offset of the first marker
		markers []string
	}
	var blocks []block
	lines := textLines(f.Data[start:])
	for i := 0; i < len(lines); i++ {
		open := codeFence.FindStringSubmatch(strings.TrimRight(string(lines[i].text), "\r\n"))
		if open == nil {
			continue
		}
		lang, annotate := codeLanguage(open[3])
		fence := open[2]
		// The block's lines, up to its closing fence.
		j := i + 1
		for ; j < len(lines); j++ {
			c := codeFence.FindStringSubmatch(strings.TrimRight(string(lines[j].text), "\r\n"))
			if c != nil && c[3] == "" && c[2][0] == fence[0] && len(c[2]) >= len(fence) {
				break
			}
		}
		switch strings.ToLower(lang) {
		case "", "markdown", "md", "text", "txt", "plain":
			i = j
			continue
		}
		var b block
		var strip []edit
		for k := i + 1; k < j && k < len(lines); k++ {
			off := start + lines[k].start
			for _, mk := range annotationMarker.FindAllSubmatchIndex(lines[k].text, -1) {
				if b.markers == nil {
					b.first = off + mk[0]
				}
				b.markers = append(b.markers, "("+string(lines[k].text[mk[2]:mk[3]])+")")
				if mk[4] < mk[5] {
					annotate = true
					strip = append(strip, edit{span{off + mk[4], off + mk[5]}, ""})
				}
			}
		}
		if len(b.markers) > 0 && (annotate || m.annotateAll) {
			edits = append(edits, strip...)
			blocks = append(blocks, b)
		}
		i = j
	}
	f.Data = applyEdits(f.Data, edits)
	for _, b := range blocks {
		m.p.report.add(GroupConvert, posIn(f, shiftOffset(edits, b.first)), "code annotations %s (Material for MkDocs) stay as comments in the code, their texts in the numbered list after it: playbook shows no annotation bubbles", strings.Join(b.markers, ", "))
	}
}

// A definition without a term whose text is an admonition (":   !!!
// note" and the admonition's text indented by eight), which Material
// shows as an admonition set in by a definition's indent.
var termlessAdmonition = regexp.MustCompile(`^:(?: {1,3}|\t)((?:!!!|\?\?\?\+?)[ \t].*)$`)

// definitionAdmonitions turns each admonition in a definition that has
// no term into an admonition of its own: playbook, as CommonMark's
// definition lists, reads a definition only after its term, and would
// show the ":" line as text and the admonition's text as code. It
// returns how many it turned.
func definitionAdmonitions(f *file) int {
	b := parseBody(f.Data)
	src := f.Data[b.start:]
	// The ":" lines that start a paragraph of the page, not a definition.
	termless := map[int]bool{}
	doc := goldmark.New(goldmark.WithExtensions(extension.DefinitionList)).Parser().Parse(text.NewReader(src))
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindParagraph && c.Lines().Len() > 0 {
			termless[c.Lines().At(0).Start] = true
		}
	}
	lines := textLines(src)
	var edits []edit
	n := 0
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(string(lines[i].text), "\r\n")
		sm := termlessAdmonition.FindStringSubmatch(line)
		if sm == nil || !termless[lines[i].start] {
			continue
		}
		off := b.start + lines[i].start
		edits = append(edits, edit{span{off, off + len(line)}, sm[1]})
		n++
		// The definition's lines, indented by four at least, lose four.
		for i+1 < len(lines) {
			next := string(lines[i+1].text)
			blank := strings.TrimSpace(next) == ""
			if !blank && !strings.HasPrefix(next, "    ") {
				break
			}
			i++
			if !blank {
				at := b.start + lines[i].start
				edits = append(edits, edit{span{at, at + 4}, ""})
			}
		}
	}
	f.Data = applyEdits(f.Data, edits)
	return n
}

// linkInner splits what is between a link's parentheses as
// Python-Markdown reads it: the destination, then an optional quoted
// title after a space.
var linkInner = regexp.MustCompile(`^[ \t]*(.*?)(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*$`)

// spacedDestinations rewrites the destinations of f's inline links and
// images that hold spaces, which Python-Markdown reads as written
// ("[policies](../tools.md#Branch Policies)") and CommonMark reads as
// no link, as <…> destinations; a quoted title stays as it is, and so
// does code. It returns how many it rewrote.
func spacedDestinations(f *file) int {
	b := parseBody(f.Data)
	data := f.Data
	var edits []edit
	for at := b.start; ; {
		i := strings.Index(string(data[at:]), "](")
		if i < 0 {
			break
		}
		open := at + i + 2
		at = open
		if b.inCode(open - 2) {
			continue
		}
		// The destination ends at the ")" that closes "(" on its line.
		end, depth := -1, 0
	scan:
		for k := open; k < len(data) && data[k] != '\n'; k++ {
			switch data[k] {
			case '\\':
				k++
			case '(':
				depth++
			case ')':
				if depth == 0 {
					end = k
					break scan
				}
				depth--
			}
		}
		if end < 0 {
			continue
		}
		m := linkInner.FindSubmatchIndex(data[open:end])
		if m == nil {
			continue
		}
		from, to := open+m[2], open+m[3]
		dest := string(data[from:to])
		if !strings.ContainsAny(dest, " \t") || strings.ContainsAny(dest, "<>") {
			continue
		}
		edits = append(edits, edit{span{from, to}, "<" + dest + ">"})
		at = end
	}
	f.Data = applyEdits(data, edits)
	return len(edits)
}
