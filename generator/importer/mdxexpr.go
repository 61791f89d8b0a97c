package importer

import (
	"path"
	"regexp"
	"strings"
)

// MDX reads every { in a page's text as the start of a JavaScript
// expression: {1 + 1}, {props.name}, {/* a comment */}. Docusaurus 3
// parses every page as MDX unless the configuration's markdown.format is
// "md", or "detect" and the page a .md file; a page's front matter
// format (or mdx.format) decides for that page. In an MDX page, a
// comment becomes an HTML comment, which shows nothing, and every other
// expression is reported and left as written.

// mdxFormat returns whether Docusaurus parses f as MDX.
func (d *docusaurus) mdxFormat(f *file) bool {
	format := d.format
	m := meta(f)
	if s := metaString(m, "format"); s != "" {
		format = s
	} else if mdx, ok := m["mdx"].(map[string]any); ok && metaString(mdx, "format") != "" {
		format = metaString(mdx, "format")
	}
	switch format {
	case "md":
		return false
	case "detect":
		return strings.EqualFold(path.Ext(f.From), ".mdx")
	}
	return true
}

// expressions converts f's MDX comments to HTML comments and reports its
// other expressions, at their places in the converted text.
func (d *docusaurus) expressions(f *file) {
	if !d.mdxFormat(f) {
		return
	}
	var edits []edit
	for _, e := range findExpressions(f.Data) {
		if c, ok := mdxComment(string(f.Data[e.Start:e.End])); ok {
			edits = append(edits, edit{e, c})
		}
	}
	f.Data = applyEdits(f.Data, edits)
	d.p.count(f, ShortcodesConverted, len(edits))
	for _, e := range findExpressions(f.Data) {
		d.p.report.add(GroupConvert, posIn(f, e.Start), "MDX expression %s not converted: it shows as written; write its value, or remove it", short(string(f.Data[e.Start:e.End])))
	}
}

// mdxComment returns the HTML comment for an expression that holds one
// JavaScript block comment alone, and whether it does. A comment whose
// text an HTML comment cannot hold ("--") becomes an empty one.
func mdxComment(expr string) (string, bool) {
	inner := strings.TrimSpace(expr[1 : len(expr)-1])
	body, ok := strings.CutPrefix(inner, "/*")
	if !ok || !strings.HasSuffix(body, "*/") || strings.Contains(body[:len(body)-2], "*/") {
		return "", false
	}
	text := strings.TrimSpace(strings.TrimSuffix(body, "*/"))
	if strings.Contains(text, "--") || strings.HasPrefix(text, ">") || strings.HasSuffix(text, "-") {
		text = ""
	}
	if text == "" {
		return "<!-- -->", true
	}
	return "<!-- " + text + " -->", true
}

// headingID is a heading's {#id} at the end of its line, which
// Docusaurus reads as the heading's id, and so does playbook.
var headingID = regexp.MustCompile(`^\{#[\w.:-]+\}\s*$`)

// findExpressions returns the {…} expressions of data's body: outside
// code, math, JSX and HTML tags (the build reports components), escaped
// braces, import and export statements, and a heading's {#id}. An
// expression without its closing brace runs to the end of the text.
func findExpressions(data []byte) []span {
	b := parseBody(data)
	var out []span
	lineStart := true
	for i := b.start; i < len(data); i++ {
		c := data[i]
		if b.inCode(i) {
			lineStart = false
			continue
		}
		if lineStart {
			lineStart = false
			if j := skipESM(data, i); j > i {
				i = j - 1
				lineStart = true
				continue
			}
		}
		switch c {
		case '\n':
			lineStart = true
		case '\\':
			i++ // an escaped character
		case '$':
			i = skipMath(data, i) - 1
		case '<':
			i = skipTag(data, i) - 1
		case '{':
			end := jsExprEnd(data, i)
			if !isHeadingLine(data, i) || !headingID.Match(data[i:lineEnd(data, i)]) {
				out = append(out, span{i, end})
			}
			i = end - 1
		}
	}
	return out
}

// isHeadingLine reports whether the line holding off is an ATX heading.
func isHeadingLine(data []byte, off int) bool {
	l := strings.TrimLeft(string(data[lineStartOf(data, off):off]), " ")
	return strings.HasPrefix(l, "#")
}

// skipESM returns the end of the import or export statements that start
// at the line at off, up to a blank line; off when none starts there.
func skipESM(data []byte, off int) int {
	if _, ok := mdxStatementLine(data[off:lineEnd(data, off)]); !ok {
		return off
	}
	for off < len(data) {
		end := lineEnd(data, off)
		if strings.TrimSpace(string(data[off:end])) == "" {
			return off
		}
		off = end
	}
	return off
}

// mdxStatement is the start of an import or export statement.
var mdxStatement = regexp.MustCompile(`^(?:import\s+(?:['"{*]|[A-Za-z_$][\w$]*)|export\s+(?:const|let|var|function|class|default|async|\{|\*))`)

// mdxStatementLine reports whether line starts an import or export
// statement.
func mdxStatementLine(line []byte) (string, bool) {
	m := mdxStatement.Find(line)
	return string(m), m != nil
}

// skipMath returns the end of the math that starts at off: $$…$$, or
// $…$ on one line whose opening $ is not followed and closing $ not
// preceded by a space; off+1 when it is a lone dollar.
func skipMath(data []byte, off int) int {
	if off+1 < len(data) && data[off+1] == '$' {
		if end := strings.Index(string(data[off+2:]), "$$"); end >= 0 {
			return off + 2 + end + 2
		}
		return off + 2
	}
	end := lineEnd(data, off)
	if off+1 >= end || data[off+1] == ' ' || data[off+1] == '\n' {
		return off + 1
	}
	for j := off + 1; j < end; j++ {
		if data[j] == '\\' {
			j++
			continue
		}
		if data[j] == '$' && data[j-1] != ' ' && (j+1 >= len(data) || data[j+1] < '0' || data[j+1] > '9') {
			return j + 1
		}
	}
	return off + 1
}

// skipTag returns the end of the tag, HTML comment or autolink that
// starts at off (braces of attribute values inside it), or off+1 when
// none does.
func skipTag(data []byte, off int) int {
	rest := string(data[off:])
	if strings.HasPrefix(rest, "<!--") {
		if end := strings.Index(rest[4:], "-->"); end >= 0 {
			return off + 4 + end + 3
		}
		return len(data)
	}
	if len(rest) < 2 || !(rest[1] == '/' || rest[1] == '>' || isLetter(rest[1])) {
		return off + 1
	}
	for j := off + 1; j < len(data); j++ {
		switch data[j] {
		case '{':
			j = jsExprEnd(data, j) - 1
		case '"', '\'':
			if k := strings.IndexByte(string(data[j+1:]), data[j]); k >= 0 {
				j += k + 1
			}
		case '>':
			return j + 1
		case '\n':
			if j+1 < len(data) && data[j+1] == '\n' { // a blank line: no tag
				return off + 1
			}
		}
	}
	return off + 1
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// jsExprEnd returns the offset after the } that closes the expression
// whose { is at off, past JavaScript strings, template literals and
// comments; len(data) when none closes it.
func jsExprEnd(data []byte, off int) int {
	depth := 0
	for j := off; j < len(data); j++ {
		switch c := data[j]; c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		case '"', '\'', '`':
			for j++; j < len(data) && data[j] != c; j++ {
				if data[j] == '\\' {
					j++
				}
			}
		case '/':
			switch {
			case j+1 < len(data) && data[j+1] == '*':
				end := strings.Index(string(data[j+2:]), "*/")
				if end < 0 {
					return len(data)
				}
				j += 2 + end + 1
			case j+1 < len(data) && data[j+1] == '/':
				j = lineEnd(data, j) - 1
			}
		}
	}
	return len(data)
}
