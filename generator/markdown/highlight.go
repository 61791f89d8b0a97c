package markdown

import (
	"bytes"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Highlighter colours fenced code with chroma, using CSS classes so that one
// stylesheet serves light and dark themes. It caches lexers by language and
// the HTML of blocks it has seen, up to cacheBytes of it, so that identical
// blocks (a snippet repeated across pages, a page the dev server parses
// again) are highlighted once without a large site's code all staying in
// memory.
type Highlighter struct {
	formatter   *chromahtml.Formatter
	lineNumbers bool
	seed        maphash.Seed
	lexers      sync.Map // language -> chroma.Lexer
	blocks      sync.Map // uint64 -> []byte
	cached      atomic.Int64
}

// cacheBytes bounds the HTML a Highlighter keeps.
const cacheBytes = 8 << 20

// maxHighlightBytes bounds the code blocks that are highlighted; larger
// ones are shown plain: chroma's tokens for a 16 MB block took 1.5 GB and
// 35 s, and its highlighted HTML is five times the code.
const maxHighlightBytes = 1 << 20

// newHighlighter returns a Highlighter; with lineNumbers, every code block
// numbers its lines, whatever its language.
func newHighlighter(lineNumbers bool) *Highlighter {
	return &Highlighter{
		// chroma's formatter leaves line numbers out when it does not
		// write the pre, so renderCode adds them (numberLines).
		formatter: chromahtml.New(
			chromahtml.WithClasses(true),
			chromahtml.WithCSSComments(false),
			chromahtml.PreventSurroundingPre(true),
		),
		lineNumbers: lineNumbers,
		seed:        maphash.MakeSeed(),
	}
}

func (h *Highlighter) lexer(lang string) chroma.Lexer {
	if l, ok := h.lexers.Load(lang); ok {
		return l.(chroma.Lexer)
	}
	l := lexers.Get(lang)
	if l == nil {
		l = lexers.Fallback
	}
	l = chroma.Coalesce(l)
	h.lexers.Store(lang, l)
	return l
}

// highlight returns the HTML of code in lang, without the surrounding pre.
func (h *Highlighter) highlight(lang string, code []byte) []byte {
	var mh maphash.Hash
	mh.SetSeed(h.seed)
	mh.WriteString(lang)
	mh.WriteByte(0)
	mh.Write(code)
	key := mh.Sum64()
	if v, ok := h.blocks.Load(key); ok {
		return v.([]byte)
	}
	var out bytes.Buffer
	if fast := fastLexers[lang]; fast != nil {
		out.Grow(len(code) * 3)
		highlightFast(fast, &out, code)
		return h.keep(key, out.Bytes())
	}
	it, err := h.lexer(lang).Tokenise(nil, string(code))
	if err == nil {
		err = h.formatter.Format(&out, styles.Fallback, plainWhitespace(it))
	}
	if err != nil {
		out.Reset()
		out.Write(util.EscapeHTML(code))
	}
	return h.keep(key, out.Bytes())
}

// plainWhitespace gives white space tokens no class, so that they are
// written without a span, as the fast lexers write them.
func plainWhitespace(it chroma.Iterator) chroma.Iterator {
	return func() chroma.Token {
		t := it()
		if t.Type == chroma.TextWhitespace {
			t.Type = chroma.Text
		}
		return t
	}
}

// Forget empties the cache of highlighted blocks (its lexers stay). A
// one-shot build calls it once every page is parsed: nothing highlights
// after that, and the cache would otherwise hold up to cacheBytes
// through the render, when the build's memory peaks.
func (h *Highlighter) Forget() {
	h.blocks.Clear()
	h.cached.Store(0)
}

// keep caches b under key while the cache has room, and returns it.
func (h *Highlighter) keep(key uint64, b []byte) []byte {
	if h.cached.Add(int64(len(b))) > cacheBytes {
		h.cached.Add(-int64(len(b)))
		return b
	}
	b = bytes.Clone(b) // without the buffer's spare capacity
	h.blocks.Store(key, b)
	return b
}

// CSS returns the stylesheet for the light style and the dark style; the
// dark rules apply under [data-theme="dark"] and, when the reader has not
// chosen, under prefers-color-scheme: dark.
func (h *Highlighter) CSS(light, dark string) string {
	var lb, db bytes.Buffer
	_ = h.formatter.WriteCSS(&lb, styleOrFallback(light))
	_ = h.formatter.WriteCSS(&db, styleOrFallback(dark))
	if h.lineNumbers {
		// After each style's own rules, so that they win in dark mode too.
		lb.WriteString(lineNumbersCSS)
		db.WriteString(lineNumbersCSS)
	}
	darkCSS := groupRules(db.String())
	var out strings.Builder
	out.WriteString("/* code highlighting: " + light + " / " + dark + " */\n")
	out.WriteString(groupRules(lb.String()))
	// Dark colours are for screens: paper always gets the light style.
	out.WriteString("@media screen {\n")
	out.WriteString(prefixRules(darkCSS, `[data-theme="dark"] `))
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	out.WriteString(prefixRules(darkCSS, `:root:not([data-theme="light"]) `))
	out.WriteString("}\n}\n")
	return out.String()
}

// lineNumbersCSS adjusts chroma's rules for the markup numberLines writes.
// A line stays inline, so numbered code keeps the spacing of code without
// numbers (a flex row, as chroma has it, gets the line height of the
// smaller <code> font). A number cannot be selected, so copied code has
// none, and it takes the code's colour, dimmed: the styles' grey is too
// faint on the theme's code background to pass WCAG AA.
const lineNumbersCSS = `.chroma .line { display: inline; }
.chroma .ln { -webkit-user-select: none; user-select: none; color: inherit; opacity: 0.75; }
`

func styleOrFallback(name string) *chroma.Style {
	if s, ok := styles.Registry[name]; ok {
		return s
	}
	return styles.Fallback
}

// prefixRules puts prefix before every selector of every rule.
func prefixRules(css, prefix string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(css, "\n") {
		if strings.HasPrefix(line, ".") {
			sel, rest, _ := strings.Cut(line, " {")
			line = prefix + strings.ReplaceAll(sel, ",", ","+prefix) + " {" + rest
		}
		b.WriteString(line)
	}
	return b.String()
}

// groupRules writes the one-line rules (".sel { decls }") that declare the
// same as one rule with a selector list, where the first of them was:
// chroma writes a rule a token type, most types share a colour, and every
// page loads the stylesheet (it is about half as long). A selector that
// has more than one rule keeps its rules where they are, so no override
// changes order.
func groupRules(css string) string {
	lines := strings.SplitAfter(css, "\n")
	type rule struct{ sel, decls string }
	parse := func(line string) (rule, bool) {
		sel, decls, ok := strings.Cut(strings.TrimSpace(line), " { ")
		if !ok || !strings.HasPrefix(sel, ".") || !strings.HasSuffix(decls, "}") || strings.ContainsAny(sel, "{},") {
			return rule{}, false
		}
		return rule{sel, strings.TrimSpace(strings.TrimSuffix(decls, "}"))}, true
	}
	count := map[string]int{}
	for _, l := range lines {
		if r, ok := parse(l); ok {
			count[r.sel]++
		}
	}
	groups := map[string][]string{} // declarations -> selectors
	for _, l := range lines {
		if r, ok := parse(l); ok && count[r.sel] == 1 {
			groups[r.decls] = append(groups[r.decls], r.sel)
		}
	}
	var b strings.Builder
	for _, l := range lines {
		r, ok := parse(l)
		switch {
		case !ok || count[r.sel] > 1:
			b.WriteString(l)
		case groups[r.decls] != nil:
			b.WriteString(strings.Join(groups[r.decls], ",") + " { " + r.decls + " }\n")
			groups[r.decls] = nil
		}
	}
	return b.String()
}

func (h *Highlighter) renderCode(w util.BufWriter, src []byte, n ast.Node) {
	var lang string
	var code bytes.Buffer
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		if l := f.Language(src); l != nil {
			// "foo\+bar" is "foo+bar" and "f&ouml;&ouml;" is "föö", as
			// CommonMark reads an info string.
			lang = string(unescapeMarkdown(l))
		}
	}
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	_, _ = w.WriteString(`<div class="highlight"><pre class="chroma" tabindex="0"><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.Write(util.EscapeHTML([]byte(lang)))
		_, _ = w.WriteString(`" data-lang="`)
		_, _ = w.Write(util.EscapeHTML([]byte(lang)))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(">")
	var body []byte
	if lang == "" || code.Len() > maxHighlightBytes {
		body = util.EscapeHTML(code.Bytes())
	} else {
		body = h.highlight(strings.ToLower(lang), code.Bytes())
	}
	if h.lineNumbers {
		numberLines(w, body)
	} else {
		_, _ = w.Write(body)
	}
	_, _ = w.WriteString("</code></pre></div>\n")
}

var (
	spanEnd  = []byte("</span>")
	lineEnd  = []byte("</span></span>")
	lineOpen = []byte(`<span class="line"><span class="ln">`)
	codeOpen = []byte(`</span><span class="cl">`)
)

// numberLines writes highlighted code (escaped text and class spans, as
// chroma's formatter and the fast lexers write it) one line at a time, in
// the markup chroma uses for numbered lines:
//
//	<span class="line"><span class="ln"> 9</span><span class="cl">code
//	</span></span>
//
// A span that runs over the end of a line (a block comment, a multi-line
// string) is closed there and opened again on the next line, so that each
// line is an element of its own. Numbers are padded to one width.
func numberLines(w util.BufWriter, html []byte) {
	n := bytes.Count(html, []byte("\n"))
	if len(html) > 0 && html[len(html)-1] != '\n' {
		n++
	}
	width := len(strconv.Itoa(n))
	var open [][]byte // start tags of the spans open where html is
	num := make([]byte, 0, width)
	line := 0
	for len(html) > 0 {
		line++
		num = strconv.AppendInt(num[:0], int64(line), 10)
		_, _ = w.Write(lineOpen)
		for range width - len(num) {
			_ = w.WriteByte(' ')
		}
		_, _ = w.Write(num)
		_, _ = w.Write(codeOpen)
		for _, tag := range open {
			_, _ = w.Write(tag)
		}
		// Copy text and tags up to the end of the line.
		for len(html) > 0 {
			i := bytes.IndexAny(html, "<\n")
			if i < 0 {
				_, _ = w.Write(html)
				html = nil
				break
			}
			if html[i] == '\n' {
				_, _ = w.Write(html[:i+1])
				html = html[i+1:]
				break
			}
			j := bytes.IndexByte(html[i:], '>')
			if j < 0 { // not a tag we write; keep it as text
				_, _ = w.Write(html)
				html = nil
				break
			}
			tag := html[i : i+j+1]
			if bytes.Equal(tag, spanEnd) {
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			} else {
				open = append(open, tag)
			}
			_, _ = w.Write(html[:i+j+1])
			html = html[i+j+1:]
		}
		for range open {
			_, _ = w.Write(spanEnd)
		}
		_, _ = w.Write(lineEnd)
		// Spans that close right after the line end closed with it.
		for len(open) > 0 && bytes.HasPrefix(html, spanEnd) {
			open = open[:len(open)-1]
			html = html[len(spanEnd):]
		}
	}
}
