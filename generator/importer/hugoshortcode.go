package importer

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/playbook-ssg/playbook/generator/markdown"
)

// Hugo shortcodes run templates; playbook has none, so the import writes
// what the common ones show as Markdown: ref and relref become relative
// links, callouts (alert, notice, Docsy's pageinfo…) GitHub alerts,
// figure an image with its caption, highlight a fenced block, tabpane and
// tabs content tabs, details a folding callout, param its value,
// youtube and vimeo a link to the video, readfile and include the file's
// text. Hugo runs shortcodes in code blocks and spans too (examples are
// written escaped, {{</* x */>}}, which Hugo shows as {{< x >}}): in code
// param becomes its value and the escaped ones what Hugo shows, the
// others stay and are reported. One that cannot be
// converted stays as written, and finish lists it.

// hugoConverter converts the shortcodes of a Hugo project's pages.
type hugoConverter struct {
	p          *project
	cfg        *hugoConfig
	contentDir string
}

// scToken is one shortcode of a text, opening, closing or alone.
type scToken struct {
	sc         markdown.HugoShortcode
	start, end int
	// match is the index of an opening shortcode's closing one, -1 for
	// a shortcode with no closing form or in code.
	match int
	// code is set for a shortcode in a code block or span of the text.
	code bool
}

// scFailure is a shortcode left as written, with why.
type scFailure struct {
	text, why string
	// inCode is set when text is in code.
	inCode bool
}

// hugoText is one text being converted: a page, or a file it includes.
type hugoText struct {
	c     *hugoConverter
	f     *file
	data  []byte
	toks  []scToken
	depth int // includes followed to get here
	// inCode is set while the body of a shortcode that becomes code
	// (a tab in a language, highlight) is converted: Hugo ran the
	// shortcodes in it too.
	inCode bool
	// failed are the shortcodes left as written with a reason, in text
	// order; converted counts the others by kind.
	failed    *[]scFailure
	converted *[numCounts]int
}

// convert converts the shortcodes of page f in place, counts them, and
// reports the ones it leaves with their reason at their new position.
func (c *hugoConverter) convert(f *file) {
	var failed []scFailure
	var counts [numCounts]int
	b := parseBody(f.Data)
	t := &hugoText{c: c, f: f, data: f.Data, failed: &failed, converted: &counts}
	t.toks = scan(f.Data, b)
	if len(t.toks) > 0 {
		out := t.render(b.start, len(f.Data), 0, len(t.toks))
		f.Data = append(f.Data[:b.start:b.start], out...)
	}
	counts[ShortcodesConverted] += unescapeHugoInCode(f)
	for k, n := range counts {
		c.p.count(f, Count(k), n)
	}
	// The shortcodes left are in the new text in the same order, outside
	// the code the conversion wrote.
	nb := parseBody(f.Data)
	at := nb.start
	for _, fl := range failed {
		for {
			i := bytes.Index(f.Data[at:], []byte(fl.text))
			if i < 0 {
				break
			}
			at += i
			if nb.inCode(at) != fl.inCode {
				at++
				continue
			}
			c.p.report.add(GroupConvert, posIn(f, at), "%s", fl.why)
			at += len(fl.text)
			break
		}
	}
}

// escapedHugo is Hugo's escaped shortcode, {{</* name */>}} or
// {{%/* name */%}}, which Hugo shows as {{< name >}}; it may span lines
// (arguments on lines of their own, or a whole pair escaped at once:
// {{</* x >}}…{{< /x */>}}).
var escapedHugo = regexp.MustCompile(`(?s)\{\{([<%])([ \t]*)/\*(.*?)\*/([ \t]*)([>%])\}\}`)

// unescapeHugoInCode writes the escaped shortcodes in f's code as Hugo
// shows them ({{</* x */>}} is {{< x >}}) and returns how many. Outside
// code the build shows the escaped form so already, as text.
func unescapeHugoInCode(f *file) int {
	b := parseBody(f.Data)
	var edits []edit
	for _, m := range escapedHugo.FindAllSubmatchIndex(f.Data[b.start:], -1) {
		from, to := b.start+m[0], b.start+m[1]
		g := func(n int) string { return string(f.Data[b.start+m[2*n] : b.start+m[2*n+1]]) }
		if !b.inCode(from) || !b.inCode(to-1) || (g(1) == "<") != (g(5) == ">") {
			continue
		}
		edits = append(edits, edit{span{from, to}, "{{" + g(1) + g(2) + g(3) + g(4) + g(5) + "}}"})
	}
	f.Data = applyEdits(f.Data, edits)
	return len(edits)
}

// scan finds the shortcodes of data after b.start outside code and pairs
// each closing one with the latest opening one of its name.
func scan(data []byte, b *body) []scToken {
	var toks []scToken
	for i := b.start; i < len(data); {
		j := bytes.Index(data[i:], []byte("{{"))
		if j < 0 {
			break
		}
		i += j
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data) - i
		}
		sc, n, ok := markdown.ParseHugoShortcode(data[i : i+end])
		if !ok || sc.Escaped {
			i += max(n, 2)
			continue
		}
		toks = append(toks, scToken{sc: sc, start: i, end: i + n, match: -1, code: b.inCode(i)})
		i += n
	}
	var open []int
	for k, t := range toks {
		if t.code {
			continue // a shortcode in code is taken alone
		}
		if !t.sc.Closing {
			open = append(open, k)
			continue
		}
		for s := len(open) - 1; s >= 0; s-- {
			if strings.EqualFold(toks[open[s]].sc.Name, t.sc.Name) {
				toks[open[s]].match = k
				open = open[:s]
				break
			}
		}
	}
	return toks
}

// render returns data[from:to] with the shortcodes toks[i:j], which lie
// in it, converted.
func (t *hugoText) render(from, to, i, j int) string {
	var out strings.Builder
	at := from
	for k := i; k < j; {
		tok := t.toks[k]
		out.Write(t.data[at:tok.start])
		if tok.match < 0 {
			at, k = tok.end, k+1
			convert := t.single
			if tok.code {
				convert = t.inCodeToken
			}
			if s, ok := convert(tok); ok {
				out.WriteString(s)
			} else {
				out.Write(t.data[tok.start:tok.end])
			}
			continue
		}
		closer := t.toks[tok.match]
		var s string
		ok := false
		if t.inCode {
			// A callout or tabs in code showed Hugo's HTML there.
			t.unknown(tok)
		} else {
			s, ok = t.paired(k)
		}
		if ok {
			out.WriteString(s)
			t.converted[ShortcodesConverted]++
		} else {
			out.Write(t.data[tok.start:tok.end])
			out.WriteString(t.render(tok.end, closer.start, k+1, tok.match))
			out.Write(t.data[closer.start:closer.end])
		}
		at, k = closer.end, tok.match+1
	}
	out.Write(t.data[at:to])
	return out.String()
}

// fail records that the shortcode tok stays as written, and why.
func (t *hugoText) fail(tok scToken, format string, args ...any) {
	text := string(t.data[tok.start:tok.end])
	why := text + " not converted: " + fmt.Sprintf(format, args...)
	*t.failed = append(*t.failed, scFailure{text: text, why: why, inCode: t.inCode})
}

// renderCode is render for a shortcode body that becomes code: the
// shortcodes in it are converted (Hugo ran them), and the ones left are
// reported in the code.
func (t *hugoText) renderCode(from, to, i, j int) string {
	saved := t.inCode
	t.inCode = true
	defer func() { t.inCode = saved }()
	return t.render(from, to, i, j)
}

// inCodeToken converts a shortcode in the text's code, which Hugo ran
// there too: param becomes its value, readfile and include the file's
// text; the others stay and are reported
// (a closing one with its opening). A ref in code showed the page's URL,
// which the import does not know: it is reported too.
func (t *hugoText) inCodeToken(tok scToken) (string, bool) {
	saved := t.inCode
	t.inCode = true
	defer func() { t.inCode = saved }()
	if tok.sc.Closing {
		return "", false
	}
	switch strings.ToLower(tok.sc.Name) {
	case "param", "_param":
		s, ok := t.param(tok)
		if ok {
			t.converted[ShortcodesConverted]++
		}
		return s, ok
	case "readfile", "include":
		return t.includeInCode(tok)
	}
	t.unknown(tok)
	return "", false
}

// single converts a shortcode without a closing form and counts it.
func (t *hugoText) single(tok scToken) (string, bool) {
	sc := tok.sc
	if t.inCode {
		return t.inCodeToken(tok)
	}
	if sc.Closing {
		return "", false // a closing one without its opening: finish lists it
	}
	var s string
	var ok bool
	switch strings.ToLower(sc.Name) {
	case "ref", "relref":
		s, ok = t.ref(tok)
	case "figure":
		s, ok = t.figure(tok), true
	case "param", "_param":
		s, ok = t.param(tok)
	case "youtube", "vimeo":
		s, ok = t.video(tok)
	case "readfile", "include":
		if s, ok = t.include(tok); ok {
			t.converted[IncludesInlined]++
		}
		return s, ok
	default:
		t.unknown(tok)
		return "", false
	}
	if ok {
		t.converted[ShortcodesConverted]++
	}
	return s, ok
}

// first returns a shortcode's first positional argument, or the first of
// the named ones given.
func first(sc markdown.HugoShortcode, names ...string) string {
	for _, n := range names {
		if v := sc.Named[n]; v != "" {
			return v
		}
	}
	if len(sc.Args) > 0 {
		return sc.Args[0]
	}
	return ""
}

// ref resolves {{< ref "page" >}} as Hugo does and writes the relative
// link to the page in the new site.
func (t *hugoText) ref(tok scToken) (string, bool) {
	target := first(tok.sc, "path")
	if target == "" {
		t.fail(tok, "it names no page")
		return "", false
	}
	page, frag, _ := strings.Cut(target, "#")
	if frag != "" {
		frag = "#" + frag
	}
	if page == "" {
		return frag, frag != ""
	}
	dest := t.c.resolve(t.f, page)
	if dest == nil {
		t.fail(tok, "no page %q in the project", page)
		return "", false
	}
	return strings.ReplaceAll(relPath(t.f.Dest, dest.Dest), " ", "%20") + frag, true
}

// resolve finds the page a ref names from page f, as Hugo does, in the
// new site's content/ (which is Hugo's content tree, mounts included):
// relative to the page's folder, then from the content root, then a page
// of that name anywhere when only one has it.
func (c *hugoConverter) resolve(f *file, ref string) *file {
	ref = strings.TrimSuffix(ref, "/")
	var bases []string
	if strings.HasPrefix(ref, "/") {
		bases = append(bases, path.Join("content", ref))
	} else {
		dir := path.Dir(f.Dest)
		bases = append(bases, path.Join(dir, ref))
		if strings.HasPrefix(path.Base(f.Dest), "index.") || strings.HasPrefix(path.Base(f.Dest), "_index.") {
			bases = append(bases, path.Join(path.Dir(dir), ref))
		}
		bases = append(bases, path.Join("content", ref))
	}
	for _, b := range bases {
		if b != "content" && !strings.HasPrefix(b, "content/") {
			continue
		}
		cands := []string{b + ".md", b + "/_index.md", b + "/index.md"}
		if isPage(b) {
			cands = append([]string{pageName(b)}, cands...)
		}
		for _, cand := range cands {
			if g := c.p.page(cand); g != nil {
				return g
			}
		}
	}
	if strings.Contains(ref, "/") {
		return nil
	}
	// A bare name: the one page of that name.
	name := strings.TrimSuffix(ref, path.Ext(ref))
	var found *file
	for dest, g := range c.p.files {
		base := strings.TrimSuffix(path.Base(dest), ".md")
		if base == "index" || base == "_index" { // a folder's page by the folder's name
			base = path.Base(path.Dir(dest))
		}
		if g.page && base == name {
			if found != nil {
				return nil
			}
			found = g
		}
	}
	return found
}

// figure writes {{< figure src alt title caption link >}} as an image,
// linked when it has a link, with its caption in emphasis on the line
// below (playbook has no figure captions).
func (t *hugoText) figure(tok scToken) string {
	n := tok.sc.Named
	alt := oneLine(n["alt"])
	if alt == "" {
		alt = oneLine(n["caption"])
	}
	if alt == "" {
		alt = oneLine(n["title"])
	}
	img := "![" + strings.NewReplacer("[", `\[`, "]", `\]`).Replace(alt) + "](" + linkDest(first(tok.sc, "src"))
	if title := oneLine(n["title"]); title != "" {
		img += ` "` + strings.ReplaceAll(title, `"`, `\"`) + `"`
	}
	img += ")"
	var attrs []string
	for _, a := range []string{"width", "height"} {
		if v := n[a]; v != "" {
			attrs = append(attrs, a+`="`+strings.ReplaceAll(v, `"`, "")+`"`)
		}
	}
	for _, cl := range strings.Fields(n["class"]) {
		attrs = append(attrs, "."+cl)
	}
	if len(attrs) > 0 {
		img += "{ " + strings.Join(attrs, " ") + " }"
	}
	if link := n["link"]; link != "" {
		img = "[" + img + "](" + linkDest(link) + ")"
	}
	caption := oneLine(n["caption"])
	if a := oneLine(n["attr"]); a != "" {
		if caption != "" {
			caption += " "
		}
		caption += "(" + a + ")"
	}
	if caption != "" {
		// A hard line break keeps the caption under the image, in its
		// paragraph.
		img += "\\\n" + t.indent(tok.start) + "*" + strings.Trim(caption, "*_ ") + "*"
	}
	return img
}

// oneLine returns s on one line, trimmed.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// linkDest writes a link destination, in <…> when it has spaces.
func linkDest(s string) string {
	if strings.ContainsAny(s, " ()") {
		return "<" + s + ">"
	}
	return s
}

// param writes {{< param "key" >}}: the page's own value of key, else the
// site's params.key. Docsy's {{% _param key a b %}} is the value with
// {0} replaced by key, {1} by a, {2} by b.
func (t *hugoText) param(tok scToken) (string, bool) {
	s, ok := t.paramValue(tok)
	if ok && strings.EqualFold(tok.sc.Name, "_param") {
		for i, a := range tok.sc.Args {
			s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", a)
		}
	}
	return s, ok
}

// paramValue returns the value param writes.
func (t *hugoText) paramValue(tok scToken) (string, bool) {
	key := first(tok.sc, "name")
	if key == "" {
		t.fail(tok, "it names no parameter")
		return "", false
	}
	if m := meta(t.f); m != nil {
		var v any = m
		for _, part := range strings.Split(key, ".") {
			mm, _ := v.(map[string]any)
			v = mm[part]
		}
		if s, ok := fmtValue(v); ok {
			return s, true
		}
		if params, ok := m["params"].(map[string]any); ok {
			if s, ok := fmtValue(params[key]); ok {
				return s, true
			}
		}
	}
	if s, ok := fmtValue(t.c.cfg.get("params." + strings.ToLower(key))); ok {
		return s, true
	}
	t.fail(tok, "params.%s is not a text, number or true/false value in the configuration or the page", key)
	return "", false
}

// video writes {{< youtube id >}} and {{< vimeo id >}} as a link to the
// video.
func (t *hugoText) video(tok scToken) (string, bool) {
	id := first(tok.sc, "id")
	if id == "" {
		t.fail(tok, "it names no video")
		return "", false
	}
	site, u := "YouTube", "https://www.youtube.com/watch?v="+id
	if strings.EqualFold(tok.sc.Name, "vimeo") {
		site, u = "Vimeo", "https://vimeo.com/"+id
	}
	text := site + " video"
	if title := oneLine(tok.sc.Named["title"]); title != "" {
		text += ": " + strings.NewReplacer("[", `\[`, "]", `\]`).Replace(title)
	}
	return "[" + text + "](" + u + ")", true
}

// include inlines {{% readfile file="x.md" %}} (Docsy) and
// {{% include "x.md" %}}: the file, found beside the page, in the content
// folder or at the project's root, with a comment naming it; a code file
// (code="true") as a fenced block in its lang.
func (t *hugoText) include(tok scToken) (string, bool) {
	if t.depth >= maxIncludeDepth {
		t.fail(tok, "includes nest more than %d deep", maxIncludeDepth)
		return "", false
	}
	rel, data, ok := t.readInclude(tok)
	if !ok {
		return "", false
	}
	ind := t.indent(tok.start)
	if tok.sc.Named["code"] == "true" || tok.sc.Named["lang"] != "" {
		return fence(tok.sc.Named["lang"], string(data), ind), true
	}
	// An included Markdown file's shortcodes are converted too.
	b := parseBody(data)
	sub := &hugoText{c: t.c, f: t.f, data: data, depth: t.depth + 1, failed: t.failed, converted: t.converted}
	sub.toks = scan(data, b)
	text := strings.TrimRight(sub.render(b.start, len(data), 0, len(sub.toks)), "\n")
	return "<!-- included from " + rel + " -->\n" + ind + indentLines(text, ind), true
}

// readInclude reads the file a readfile or include shortcode names,
// and returns its path in the source and its text; a shortcode that
// names none, or a file that is not there or outside the project, fails.
func (t *hugoText) readInclude(tok scToken) (rel string, data []byte, ok bool) {
	name := first(tok.sc, "file", "path")
	if name == "" {
		t.fail(tok, "it names no file")
		return "", nil, false
	}
	rel, why := t.c.includePath(t.f, name)
	if rel == "" {
		t.fail(tok, "%s", why)
		return "", nil, false
	}
	data, err := t.c.p.read(rel)
	if err != nil {
		t.fail(tok, "%s: %s", rel, errText(err))
		return "", nil, false
	}
	return rel, data, true
}

// includeInCode writes the file a readfile or include in code names as
// its text, each line at the shortcode's indentation, as Hugo did.
func (t *hugoText) includeInCode(tok scToken) (string, bool) {
	_, data, ok := t.readInclude(tok)
	if !ok {
		return "", false
	}
	t.converted[IncludesInlined]++
	return indentLines(strings.TrimRight(string(data), "\n"), t.indent(tok.start)), true
}

// includePath returns the project path of an included file named from
// page f, or "" and why when there is none: names leading out of the
// project are refused.
func (c *hugoConverter) includePath(f *file, name string) (string, string) {
	if strings.Contains(name, "\\") || strings.HasPrefix(name, "//") {
		return "", fmt.Sprintf("%q is not a path in the project", name)
	}
	var cands []string
	if strings.HasPrefix(name, "/") {
		cands = []string{path.Join(c.contentDir, name), strings.TrimPrefix(path.Clean(name), "/")}
	} else {
		cands = []string{path.Join(path.Dir(f.From), name), path.Join(c.contentDir, name), path.Clean(name)}
	}
	for _, cand := range cands {
		if cand == ".." || strings.HasPrefix(cand, "../") {
			return "", fmt.Sprintf("%q is outside the project; the import reads only the project's files", name)
		}
	}
	for _, cand := range cands {
		if c.p.exists(cand) {
			return cand, ""
		}
	}
	return "", fmt.Sprintf("no file %q beside the page, in %s/ or in the project", name, c.contentDir)
}

// indent returns the white space before offset off on its line, or ""
// when the line has text before off.
func (t *hugoText) indent(off int) string {
	ls := lineStartOf(t.data, off)
	ind := t.data[ls:off]
	if len(bytes.TrimLeft(ind, " \t")) > 0 {
		return ""
	}
	return string(ind)
}

// atLineStart reports whether only white space comes before off on its
// line.
func (t *hugoText) atLineStart(off int) bool {
	ls := lineStartOf(t.data, off)
	return len(bytes.TrimLeft(t.data[ls:off], " \t")) == 0
}

// atLineEnd reports whether only white space follows off on its line.
func (t *hugoText) atLineEnd(off int) bool {
	e := bytes.IndexByte(t.data[off:], '\n')
	if e < 0 {
		e = len(t.data) - off
	}
	return len(bytes.TrimSpace(t.data[off:off+e])) == 0
}

// indentLines puts ind before every line of s but the first (which
// follows the indentation already written); blank lines stay empty.
func indentLines(s, ind string) string {
	if ind == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			lines[i] = ind + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// unindent returns the lines of a shortcode's body without the
// indentation ind of its opening line, and without the blank lines
// around them.
func unindent(s, ind string) []string {
	s = strings.Trim(s, "\n")
	s = strings.TrimRight(s, " \t\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, ind)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	return lines
}

// fence writes code as a fenced block in lang, with a fence longer than
// any run of backticks in it, every line after the first indented by ind.
func fence(lang, code, ind string) string {
	code = strings.Trim(code, "\n")
	ticks := "```"
	for strings.Contains(code, ticks) {
		ticks += "`"
	}
	lines := unindent(code, ind)
	return indentLines(ticks+lang+"\n"+strings.Join(lines, "\n")+"\n"+ticks, ind)
}

// paired converts the shortcode toks[k] with its body up to its closing
// one: a callout, highlight, tabs, details or comment. It reports false,
// with the reason recorded, when it cannot.
func (t *hugoText) paired(k int) (string, bool) {
	tok, closer := t.toks[k], t.toks[t.toks[k].match]
	sc := tok.sc
	name := strings.ToLower(sc.Name)
	block := func() bool {
		if t.atLineStart(tok.start) && t.atLineEnd(closer.end) {
			return true
		}
		t.fail(tok, "it shares its lines with other text; playbook's equivalent is a block of its own")
		return false
	}
	ind := t.indent(tok.start)
	inner := func() string { return t.render(tok.end, closer.start, k+1, tok.match) }
	switch {
	case name == "highlight":
		if !block() {
			return "", false
		}
		lang := first(sc)
		code := fence(lang, t.renderCode(tok.end, closer.start, k+1, tok.match), ind)
		if len(sc.Args) > 1 {
			// The block is converted; its options are not, and are
			// reported on its first line.
			head, _, _ := strings.Cut(code, "\n")
			*t.failed = append(*t.failed, scFailure{text: head, inCode: true,
				why: fmt.Sprintf("highlight options %q not converted: playbook numbers no lines and marks none", sc.Args[1])})
		}
		return code, true
	case name == "comment":
		return "<!--" + strings.ReplaceAll(string(t.data[tok.end:closer.start]), "--", "- -") + "-->", true
	case name == "tabpane" || name == "tabs":
		if !block() {
			return "", false
		}
		return t.tabs(k)
	case name == "details":
		if !block() {
			return "", false
		}
		// Hugo's details takes summary= and open=; hugo-book's title=
		// or a first positional title, and "open" after it.
		mark := "???"
		if v := sc.Named["open"]; v == "true" || v == "open" || len(sc.Args) > 1 && slices.Contains(sc.Args[1:], "open") {
			mark = "???+"
		}
		summary := oneLine(first(sc, "summary", "title"))
		if summary == "" {
			summary = "Details"
		}
		return t.folded(mark+` note "`+strings.ReplaceAll(summary, `"`, "'")+`"`, inner(), ind), true
	}
	named := map[string]string{}
	for k, v := range sc.Named {
		named[k] = v
	}
	if named["type"] == "" {
		named["type"] = named["style"]
	}
	kind, ok := markdown.HugoCallout(name, first(sc), named)
	if name == "pageinfo" {
		kind, ok = "NOTE", true
	}
	if !ok {
		t.unknown(tok)
		return "", false
	}
	if !block() {
		return "", false
	}
	title := oneLine(sc.Named["title"])
	if title == "" && name == "notice" && len(sc.Args) > 1 {
		title = oneLine(sc.Args[1])
	}
	if title != "" {
		// A titled callout: the title in the callout's heading.
		return t.folded(admonitionHead("!!!", kind, title), inner(), ind), true
	}
	lines := []string{"> [!" + kind + "]"}
	for _, l := range unindent(inner(), ind) {
		if strings.TrimSpace(l) == "" {
			lines = append(lines, ">")
		} else {
			lines = append(lines, "> "+l)
		}
	}
	return indentLines(strings.Join(lines, "\n"), ind), true
}

// folded writes a pymdownx block: its head line and its body indented
// four spaces.
func (t *hugoText) folded(head, body, ind string) string {
	lines := []string{head, ""}
	for _, l := range unindent(body, ind) {
		if strings.TrimSpace(l) == "" {
			lines = append(lines, "")
		} else {
			lines = append(lines, "    "+l)
		}
	}
	return indentLines(strings.Join(lines, "\n"), ind)
}

// tabs writes Docsy's tabpane (and the tabs of other themes) as content
// tabs, === "Label" with the body indented: a tab with a language (its
// own lang, or the pane's) is code, one with text=true or written
// {{% tab %}} Markdown.
func (t *hugoText) tabs(k int) (string, bool) {
	pane, closer := t.toks[k], t.toks[t.toks[k].match]
	ind := t.indent(pane.start)
	var out []string
	at := pane.end
	for i := k + 1; i < pane.match; {
		tab := t.toks[i]
		if !strings.EqualFold(tab.sc.Name, "tab") || len(bytes.TrimSpace(t.data[at:tab.start])) > 0 {
			t.fail(pane, "it holds text or shortcodes outside its tabs")
			return "", false
		}
		label := oneLine(first(tab.sc, "header", "title", "name"))
		if tab.match < 0 && tab.sc.Named["disabled"] == "true" {
			// Docsy's {{< tab header="Config file:" disabled=true />}}
			// labels the pane: a bold line above the tabs.
			out = append(out, "**"+strings.Trim(label, "*")+"**")
			t.converted[ShortcodesConverted]++
			at, i = tab.end, i+1
			continue
		}
		if label == "" {
			label = fmt.Sprintf("Tab %d", len(out)+1)
		}
		lang := tab.sc.Named["lang"]
		if lang == "" {
			lang = pane.sc.Named["lang"]
		}
		if lang == "" && pane.sc.Named["langEqualsHeader"] == "true" {
			lang = strings.ToLower(label)
		}
		text := tab.sc.Named["text"] == "true" || pane.sc.Named["text"] == "true" || tab.sc.Delim == '%'
		head := `=== "` + strings.ReplaceAll(label, `"`, "'") + `"`
		if tab.match < 0 {
			t.fail(pane, "tab %q has no closing {{< /tab >}}", label)
			return "", false
		}
		tc := t.toks[tab.match]
		var body string
		if lang != "" && !text {
			body = fence(lang, t.renderCode(tab.end, tc.start, i+1, tab.match), ind)
		} else {
			body = t.render(tab.end, tc.start, i+1, tab.match)
		}
		out = append(out, t.folded(head, body, ind))
		t.converted[ShortcodesConverted]++
		at, i = tc.end, tab.match+1
	}
	if len(bytes.TrimSpace(t.data[at:closer.start])) > 0 {
		t.fail(pane, "it holds text outside its tabs")
		return "", false
	}
	if len(out) == 0 {
		t.fail(pane, "it has no tabs")
		return "", false
	}
	return strings.Join(out, "\n\n"+ind), true
}

// unknown says why a shortcode the import does not know stays, when the
// project defines it itself (layouts/shortcodes/name.html), or when it
// is in code, where finish does not look; other shortcodes come from the
// theme or Hugo, and finish lists them.
func (t *hugoText) unknown(tok scToken) {
	for _, dir := range []string{"layouts/shortcodes/", "layouts/_shortcodes/"} {
		for _, ext := range []string{".html", ".md"} {
			if name := dir + tok.sc.Name + ext; t.c.p.exists(name) {
				t.fail(tok, "the project's own shortcode (%s); write what it shows in Markdown", name)
				return
			}
		}
	}
	if t.inCode {
		t.fail(tok, "it is in code, where Hugo ran it too; write what it showed there, or {{</* %s */>}} for the shortcode as text", tok.sc.Name)
	}
}
