package importer

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// MkDocs' pymdownx.snippets includes a file's text where a line says
//
//	--8<-- "includes/terms.md"
//
// or, for several files, between two bare "--8<--" lines. A file name may
// end with line ranges ("file.py:3:5", ":1:3,7:9") or a section name
// ("file.py:setup", the lines between "--8<-- [start:setup]" and
// "--8<-- [end:setup]"). It runs before Markdown is read, so it includes
// inside code blocks too (its main use: a code file in a fence), and
// ";--8<--" escapes a line. The import inlines the text the same way,
// with an HTML comment naming the file before text outside code (a
// comment alone renders nothing and raises no warning).

// maxSnippetDepth bounds snippets that include snippets.
const maxSnippetDepth = 8

var (
	snippetOne   = regexp.MustCompile(`^([ \t]*)(;*)--8<--[ \t]+(.+?)[ \t]*$`)
	snippetBare  = regexp.MustCompile(`^([ \t]*)(;*)--8<--[ \t]*$`)
	snippetMark  = regexp.MustCompile(`(?i)-{1,}8<-{1,}[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*([a-z][-_0-9a-z]*)[ \t]*\]`)
	snippetLines = regexp.MustCompile(`^(.*?)((?::-?[0-9]*){1,2}(?:,-?[0-9]*(?::-?[0-9]*)?)*)$`)
	snippetSect  = regexp.MustCompile(`^(.*?):([A-Za-z][-_0-9A-Za-z]*)$`)
)

// snippetProblem is a snippet left as written, at an offset of the
// converted text.
type snippetProblem struct {
	off int
	msg string
}

// snippets returns data (the text of the source file from) with every
// snippet line replaced by the text it includes, and how many it
// inlined. top is set for a page itself: its problems are reported at
// their place in the page, and text inlined outside code gets a comment
// naming its file. Problems in included files are reported at the
// included file's line.
func (m *mkdocs) snippets(f *file, data []byte, from string, depth int, top bool) ([]byte, int) {
	var b *body
	start := 0
	if top {
		b = parseBody(data)
		start = b.start
		m.budget = maxFileBytes - len(data)
	}
	var out bytes.Buffer
	out.Write(data[:start])
	var problems []snippetProblem
	// A snippet that is not inlined stays in the text; the build leaves
	// its line out of the page (with a warning) unless it is in code.
	problem := func(srcOff int, name string, err error) {
		msg := fmt.Sprintf("snippet %s left out of the page by the build; %v", name, err)
		if m.inCode {
			msg = fmt.Sprintf("snippet %s left as written in a code block; %v", name, err)
		}
		if top {
			problems = append(problems, snippetProblem{out.Len(), msg})
			return
		}
		m.p.report.add(GroupConvert, m.p.srcPos(from, lineOf(data, srcOff), 1), "%s", msg)
	}
	n := 0
	lines := textLines(data[start:])
	for i := 0; i < len(lines); i++ {
		off := start + lines[i].start
		line := lines[i].text
		text := strings.TrimRight(string(line), "\r\n")
		inCode := b != nil && b.inCode(off)
		if top {
			m.inCode = inCode
		}
		var indent string
		var names []string
		var nameOffs []int
		end := i // the last line of the snippet
		if sm := snippetOne.FindStringSubmatch(text); sm != nil && !snippetMark.MatchString(text) {
			if sm[2] != "" { // escaped
				out.WriteString(m.unescape(sm[1], sm[2], text, inCode) + lineBreak(line))
				continue
			}
			indent, names, nameOffs = sm[1], []string{unquote(sm[3])}, []int{off}
		} else if sm := snippetBare.FindStringSubmatch(text); sm != nil {
			if sm[2] != "" {
				out.WriteString(m.unescape(sm[1], sm[2], text, inCode) + lineBreak(line))
				continue
			}
			close := -1
			for j := i + 1; j < len(lines) && j-i <= 100; j++ {
				if snippetBare.MatchString(strings.TrimRight(string(lines[j].text), "\r\n")) {
					close = j
					break
				}
			}
			if close < 0 {
				out.Write(line)
				continue
			}
			indent, end = sm[1], close
			for j := i + 1; j < close; j++ {
				name := strings.TrimSpace(string(lines[j].text))
				if name == "" || strings.HasPrefix(name, ";") {
					continue
				}
				names, nameOffs = append(names, unquote(name)), append(nameOffs, start+lines[j].start)
			}
		} else {
			out.Write(line)
			continue
		}
		// Each file's text, or the whole snippet as written when one
		// fails: a half-inlined list of files would hide the missing one.
		var texts [][]byte
		failed := false
		for k, name := range names {
			if m.budget <= 0 {
				problem(nameOffs[k], name, fmt.Errorf("the page would be larger than %d MiB", maxFileBytes>>20))
				failed = true
				continue
			}
			t, rel, err := m.snippetFile(name, depth)
			if err != nil {
				problem(nameOffs[k], name, err)
				failed = true
				continue
			}
			if len(t) > m.budget {
				m.budget = 0 // the page is full: no more reading
				problem(nameOffs[k], name, fmt.Errorf("the page would be larger than %d MiB", maxFileBytes>>20))
				failed = true
				continue
			}
			m.budget -= len(t)
			t, nested := m.snippets(f, t, rel, depth+1, false)
			n += nested
			texts = append(texts, t)
		}
		if failed {
			for j := i; j <= end; j++ {
				out.Write(lines[j].text)
			}
			i = end
			continue
		}
		if top && !inCode {
			// One comment for the whole snippet: the files' lines run on
			// as MkDocs joins them.
			fmt.Fprintf(&out, "%s<!-- %s, included by pymdownx.snippets -->\n", indent, commentSafe(strings.Join(names, ", ")))
		}
		for _, t := range texts {
			out.Write(indentAll(snippetText(t), indent))
			n++
		}
		if end == len(lines)-1 && !bytes.HasSuffix(lines[end].text, []byte("\n")) {
			out.Truncate(out.Len() - 1) // the page ended without a newline
		}
		i = end
	}
	result := out.Bytes()
	if len(problems) > 0 {
		idx := diag.NewLines(f.Dest, result)
		for _, pr := range problems {
			m.p.report.add(GroupConvert, idx.Pos(pr.off), "%s", pr.msg)
		}
	}
	return result, n
}

// unescape writes an escaped snippet line (";--8<--") as MkDocs shows it:
// one ";" less. Outside code the line would be read as a snippet and left
// out, so its dashes are escaped.
func (m *mkdocs) unescape(indent, semis, text string, inCode bool) string {
	rest := strings.TrimPrefix(text, indent+semis)
	if !inCode && len(semis) == 1 {
		rest = `\-\-` + strings.TrimPrefix(rest, "--")
	}
	return indent + semis[1:] + rest
}

// snippetPath returns the file a snippet name names, without its line
// ranges or section.
func snippetPath(name string) string {
	if sm := snippetLines.FindStringSubmatch(name); sm != nil && sm[2] != "" && path.Ext(sm[1]) != "" {
		return sm[1]
	}
	if sm := snippetSect.FindStringSubmatch(name); sm != nil && path.Ext(sm[1]) != "" {
		return sm[1]
	}
	return name
}

// snippetFile returns the text a snippet name includes: the file looked
// up in each base_path, then in docs_dir, cut to its line ranges or
// section, without section marker lines, and the file's path in the
// source.
func (m *mkdocs) snippetFile(name string, depth int) ([]byte, string, error) {
	if depth >= maxSnippetDepth {
		return nil, "", fmt.Errorf("snippets nest more than %d deep", maxSnippetDepth)
	}
	if strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://") {
		return nil, "", fmt.Errorf("a URL is not fetched; paste its text")
	}
	file, ranges, section := snippetPath(name), "", ""
	if sm := snippetLines.FindStringSubmatch(name); sm != nil && sm[2] != "" && sm[1] == file {
		ranges = sm[2]
	} else if sm := snippetSect.FindStringSubmatch(name); sm != nil && sm[1] == file {
		section = sm[2]
	}
	var data []byte
	var from string
	found := false
	for _, base := range append(append([]string(nil), m.snippetBase...), m.docs) {
		rel, ok := m.within(base, file)
		if !ok {
			return nil, "", fmt.Errorf("the path leaves the project; not read")
		}
		if d, err := m.p.read(rel); err == nil {
			data, from, found = d, rel, true
			break
		}
	}
	if !found {
		return nil, "", fmt.Errorf("no file %s in %s", file, strings.Join(append(append([]string(nil), m.snippetBase...), m.docs), ", "))
	}
	lines := textLines(data)
	keep := make([]bool, len(lines))
	switch {
	case ranges != "":
		for _, r := range strings.Split(strings.TrimPrefix(ranges, ":"), ",") {
			from, to, _ := strings.Cut(r, ":")
			a, b := 1, len(lines)
			if v, err := strconv.Atoi(from); err == nil && v > 0 {
				a = v
			}
			if v, err := strconv.Atoi(to); err == nil && v > 0 {
				b = v
			}
			for i := a; i <= min(b, len(lines)); i++ {
				keep[i-1] = true
			}
		}
	case section != "":
		in, seen := false, false
		for i, l := range lines {
			if sm := snippetMark.FindSubmatch(l.text); sm != nil && strings.EqualFold(string(sm[2]), section) {
				in, seen = strings.EqualFold(string(sm[1]), "start"), true
				continue
			}
			keep[i] = in
		}
		if !seen {
			return nil, "", fmt.Errorf("%s has no section %q (--8<-- [start:%s])", file, section, section)
		}
	default:
		for i := range keep {
			keep[i] = true
		}
	}
	var out []byte
	for i, l := range lines {
		if keep[i] && !snippetMark.Match(l.text) {
			out = append(out, l.text...)
		}
	}
	return out, from, nil
}

// textLine is a line of a text with its newline and its offset.
type textLine struct {
	start int
	text  []byte
}

// textLines returns the lines of data, each with its newline.
func textLines(data []byte) []textLine {
	var out []textLine
	for _, l := range splitLines(data, 0) {
		end := min(l.End+1, len(data)) // with its newline
		out = append(out, textLine{l.Start, data[l.Start:end]})
	}
	return out
}

// lineBreak returns the newline that ends line, "" for none.
func lineBreak(line []byte) string {
	if bytes.HasSuffix(line, []byte("\r\n")) {
		return "\r\n"
	}
	if bytes.HasSuffix(line, []byte("\n")) {
		return "\n"
	}
	return ""
}

// unquote returns a snippet name without the quotes around it.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// snippetText returns included text ending with a newline.
func snippetText(t []byte) []byte {
	if len(t) > 0 && t[len(t)-1] != '\n' {
		return append(t[:len(t):len(t)], '\n')
	}
	return t
}

// indentAll puts indent before every line of t that is not blank.
func indentAll(t []byte, indent string) []byte {
	if indent == "" {
		return t
	}
	var out []byte
	for _, l := range textLines(t) {
		if len(bytes.TrimSpace(l.text)) > 0 {
			out = append(out, indent...)
		}
		out = append(out, l.text...)
	}
	return out
}

// commentSafe returns s fit for an HTML comment: no "--".
func commentSafe(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}

// jinja reports the Jinja of mkdocs-macros in f outside code: "{{ … }}"
// and "{% … %}" are left as written.
func (m *mkdocs) jinja(f *file) {
	b := parseBody(f.Data)
	for _, loc := range jinjaTag.FindAllIndex(f.Data[b.start:], -1) {
		off := b.start + loc[0]
		if b.inCode(off) {
			continue
		}
		m.p.report.add(GroupConvert, posIn(f, off), "mkdocs-macros %s left as written: playbook has no template variables or macros", shorten(string(f.Data[off:b.start+loc[1]])))
	}
}

var jinjaTag = regexp.MustCompile(`\{\{[^{}\n]*\}\}|\{%[^\n]*?%\}`)

// shorten returns s cut to 60 characters.
func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return s
}
