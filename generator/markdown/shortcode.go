package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Zola shortcodes:
//
//	{{ youtube(id="dQw4w9WgXcQ") }}
//
//	{% note(kind="warning") %}
//	Every discount buys something.
//	{% end %}
//
// Playbook has no templates to run them. A video shortcode becomes a link
// to the video; any other shortcode is left out, and the body of one with
// a body is kept as Markdown. Each says so in a warning that names what to
// write instead.

var (
	// kindShortcode is the node kind of an inline shortcode or marker.
	kindShortcode = ast.NewNodeKind("Shortcode")
	// kindShortcodeBlock is the node kind of a shortcode with a body on
	// lines of its own; it renders its body.
	kindShortcodeBlock = ast.NewNodeKind("ShortcodeBlock")
)

// shortcodeNode is an inline shortcode: a link to a video, or nothing.
type shortcodeNode struct {
	ast.BaseInline
	href, label string
}

// Kind implements ast.Node.
func (n *shortcodeNode) Kind() ast.NodeKind { return kindShortcode }

// Dump implements ast.Node.
func (n *shortcodeNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Href": n.href}, nil)
}

// shortcodeBlock holds the body of "{% name() %}" ... "{% end %}".
type shortcodeBlock struct {
	ast.BaseBlock
	name   string
	depth  int // shortcodes opened in the body and not yet closed
	closed bool
	offset int
	stray  bool // a "{% end %}" that closes nothing
}

// Kind implements ast.Node.
func (n *shortcodeBlock) Kind() ast.NodeKind { return kindShortcodeBlock }

// Dump implements ast.Node.
func (n *shortcodeBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.name}, nil)
}

// shortcodeCall is a parsed "name(key=value, ...)"; values are kept as
// written, strings without their quotes.
type shortcodeCall struct {
	name string
	args map[string]string
}

// shortcodeKey marks a parse that read a shortcode.
var shortcodeKey = parser.NewContextKey()

// maxShortcode bounds the length of one shortcode.
const maxShortcode = 1024

// parseTag reads "{{ call }}" (open "{{", close "}}") or "{% call %}" at the
// start of b. end reports "{% end %}". It returns the length read.
func parseTag(b []byte, open, close string) (call shortcodeCall, end bool, n int, ok bool) {
	if !bytes.HasPrefix(b, []byte(open)) {
		return call, false, 0, false
	}
	b = b[:min(len(b), maxShortcode)]
	i := skipBlanks(b, len(open))
	if open == "{%" && bytes.HasPrefix(b[i:], []byte("end")) && (i+3 == len(b) || !isIdentByte(b[i+3])) {
		if j := skipBlanks(b, i+3); bytes.HasPrefix(b[j:], []byte(close)) {
			return call, true, j + len(close), true
		}
	}
	call, j, ok := parseCall(b, i)
	if !ok {
		return call, false, 0, false
	}
	j = skipBlanks(b, j)
	if !bytes.HasPrefix(b[j:], []byte(close)) {
		return call, false, 0, false
	}
	return call, false, j + len(close), true
}

func skipBlanks(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

func isIdentByte(c byte) bool { return util.IsAlphaNumeric(c) || c == '_' }

// parseCall reads "name(key=value, ...)" at b[i:]: values are quoted
// strings, numbers, true or false, or arrays.
func parseCall(b []byte, i int) (shortcodeCall, int, bool) {
	call := shortcodeCall{args: map[string]string{}}
	j := i
	for j < len(b) && isIdentByte(b[j]) {
		j++
	}
	if j == i || util.IsNumeric(b[i]) || j >= len(b) || b[j] != '(' {
		return call, 0, false
	}
	call.name = string(b[i:j])
	j++
	for {
		j = skipBlanks(b, j)
		if j < len(b) && b[j] == ')' {
			return call, j + 1, true
		}
		k := j
		for k < len(b) && isIdentByte(b[k]) {
			k++
		}
		if k == j {
			return call, 0, false
		}
		key := string(b[j:k])
		k = skipBlanks(b, k)
		if k >= len(b) || b[k] != '=' {
			return call, 0, false
		}
		value, next, ok := parseCallValue(b, skipBlanks(b, k+1))
		if !ok {
			return call, 0, false
		}
		call.args[key] = value
		j = skipBlanks(b, next)
		if j < len(b) && b[j] == ',' {
			j++
		} else if j >= len(b) || b[j] != ')' {
			return call, 0, false
		}
	}
}

// parseCallValue reads one argument value at b[i:].
func parseCallValue(b []byte, i int) (string, int, bool) {
	if i >= len(b) {
		return "", 0, false
	}
	switch c := b[i]; c {
	case '"', '\'', '`':
		end := bytes.IndexByte(b[i+1:], c)
		if end < 0 {
			return "", 0, false
		}
		return string(b[i+1 : i+1+end]), i + end + 2, true
	case '[':
		depth, quote := 0, byte(0)
		for j := i; j < len(b); j++ {
			switch {
			case quote != 0:
				if b[j] == quote {
					quote = 0
				}
			case b[j] == '"' || b[j] == '\'' || b[j] == '`':
				quote = b[j]
			case b[j] == '[':
				depth++
			case b[j] == ']':
				depth--
				if depth == 0 {
					return string(b[i : j+1]), j + 1, true
				}
			}
		}
		return "", 0, false
	}
	j := i
	for j < len(b) && (isIdentByte(b[j]) || b[j] == '.' || b[j] == '-' || b[j] == '+') {
		j++
	}
	return string(b[i:j]), j, j > i
}

// calloutKinds maps the names of callout-like shortcodes (and their kind
// arguments) to the playbook callout that says the same.
var calloutKinds = map[string]string{
	"note": "NOTE", "info": "NOTE", "aside": "NOTE", "callout": "NOTE", "admonition": "NOTE",
	"alert": "WARNING", "tip": "TIP", "hint": "TIP", "success": "TIP", "important": "IMPORTANT",
	"warning": "WARNING", "warn": "WARNING", "attention": "WARNING",
	"caution": "CAUTION", "danger": "CAUTION", "error": "CAUTION",
}

// videoLink returns the page of a video or gist shortcode's target and the
// text of a link to it, or ok false.
func videoLink(call shortcodeCall) (href, label string, ok bool) {
	id := call.args["id"]
	plain := id != "" && len(id) <= 64 && strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == ""
	switch call.name {
	case "youtube":
		return "https://www.youtube.com/watch?v=" + id, "Watch the video on YouTube", plain
	case "vimeo":
		return "https://vimeo.com/" + id, "Watch the video on Vimeo", plain
	case "streamable":
		return "https://streamable.com/" + id, "Watch the video on Streamable", plain
	case "gist":
		u := call.args["url"]
		return u, "View the gist", strings.HasPrefix(u, "https://gist.github.com/") && !strings.ContainsAny(u, "\"'<> ")
	}
	return "", "", false
}

// shortcodeAdvice says what a shortcode becomes and what to write instead.
func shortcodeAdvice(call shortcodeCall, body bool) string {
	if _, _, ok := videoLink(call); ok {
		return "shown as a link to it"
	}
	kind, callout := calloutKinds[call.name]
	for _, k := range []string{"kind", "type", "class"} {
		if v, ok := calloutKinds[strings.ToLower(call.args[k])]; callout && ok {
			kind = v
		}
	}
	switch {
	case callout && body:
		return "its body is shown as ordinary text; for a callout write \"> [!" + kind + "]\" and the body in \"> \" lines"
	case callout:
		return "left out; for a callout write \"> [!" + kind + "]\""
	case body:
		return "its body is kept, the shortcode left out"
	}
	return "left out"
}

type shortcodeBlockParser struct{}

func (shortcodeBlockParser) Trigger() []byte { return []byte{'{'} }

// blockTag reads a line that holds a "{% ... %}" tag and nothing else.
func blockTag(line []byte) (call shortcodeCall, end, ok bool) {
	line = bytes.TrimRight(line, " \t\r\n")
	for i := 0; i < 3 && len(line) > 0 && line[0] == ' '; i++ {
		line = line[1:]
	}
	call, end, n, ok := parseTag(line, "{%", "%}")
	return call, end, ok && n == len(line)
}

func (shortcodeBlockParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	call, end, ok := blockTag(line)
	if !ok {
		return nil, parser.NoChildren
	}
	reader.Advance(seg.Len() - 1)
	pc.Set(shortcodeKey, true)
	if end {
		warn(pc, seg.Start, "{%% end %%} closes no shortcode: left out")
		return &shortcodeBlock{stray: true, closed: true}, parser.NoChildren
	}
	warn(pc, seg.Start, "zola shortcode %q is not supported: %s", call.name, shortcodeAdvice(call, true))
	return &shortcodeBlock{name: call.name, offset: seg.Start}, parser.HasChildren
}

func (shortcodeBlockParser) Continue(node ast.Node, reader text.Reader, _ parser.Context) parser.State {
	n := node.(*shortcodeBlock)
	if n.stray {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	_, end, ok := blockTag(line)
	switch {
	case ok && end && n.depth == 0:
		reader.Advance(seg.Len() - 1)
		n.closed = true
		return parser.Close
	case ok && end:
		n.depth--
	case ok:
		n.depth++
	}
	return parser.Continue | parser.HasChildren
}

func (shortcodeBlockParser) Close(node ast.Node, _ text.Reader, pc parser.Context) {
	if n := node.(*shortcodeBlock); !n.closed {
		warn(pc, n.offset, "zola shortcode %q has no {%% end %%}: its body runs to the end of the page", n.name)
	}
}

func (shortcodeBlockParser) CanInterruptParagraph() bool { return true }
func (shortcodeBlockParser) CanAcceptIndentedLine() bool { return false }

// shortcodeInlineParser reads "{{ name(...) }}" and "{% name(...) %}" or
// "{% end %}" inside a line of text.
type shortcodeInlineParser struct{}

func (shortcodeInlineParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeInlineParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	call, end, n, ok := parseTag(line, "{{", "}}")
	body := false
	if !ok {
		call, end, n, ok = parseTag(line, "{%", "%}")
		body = true
	}
	if !ok {
		return nil
	}
	block.Advance(n)
	pc.Set(shortcodeKey, true)
	node := &shortcodeNode{}
	switch {
	case end:
		// the end of an inline body: its start has warned
	case body:
		warn(pc, seg.Start, "zola shortcode %q is not supported: %s", call.name, shortcodeAdvice(call, true))
	default:
		warn(pc, seg.Start, "zola shortcode %q is not supported: %s", call.name, shortcodeAdvice(call, false))
		if href, label, ok := videoLink(call); ok {
			node.href, node.label = href, label
		}
	}
	return node
}

// shortcodeTransformer removes the shortcodes that show nothing, and the
// paragraphs they leave empty.
type shortcodeTransformer struct{}

func (shortcodeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if pc.Get(shortcodeKey) == nil {
		return
	}
	var empty []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *shortcodeNode:
			if entering && n.href == "" {
				empty = append(empty, n)
			}
		case *shortcodeBlock:
			if entering && n.stray {
				empty = append(empty, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range empty {
		if n.Type() == ast.TypeInline {
			removeInline(n, reader.Source())
		} else {
			n.Parent().RemoveChild(n.Parent(), n)
		}
	}
}

// shortcodeExtension handles Zola shortcodes.
type shortcodeExtension struct{}

func (shortcodeExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(shortcodeBlockParser{}, 90)),
		parser.WithInlineParsers(util.Prioritized(shortcodeInlineParser{}, 590)),
		parser.WithASTTransformers(util.Prioritized(shortcodeTransformer{}, 106)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(shortcodeExtension{}, 500)))
}

func (shortcodeExtension) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindShortcode, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if n := node.(*shortcodeNode); entering && n.href != "" {
			_, _ = w.WriteString(`<a href="`)
			_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(n.href), true)))
			_, _ = w.WriteString(`">` + n.label + `</a>`)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindShortcodeBlock, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

// ZolaShortcode is one Zola shortcode tag, as ParseZolaShortcode reads it.
type ZolaShortcode struct {
	// Name is the shortcode's name; "" for "{% end %}".
	Name string
	// Args are its arguments by name, values as written, strings without
	// their quotes.
	Args map[string]string
	// Body reports a "{% name() %}" tag, which opens a body closed by
	// "{% end %}"; End reports "{% end %}" itself.
	Body, End bool
	// Len is the length of the tag in bytes.
	Len int
}

// ParseZolaShortcode reads the shortcode tag at the start of b:
// "{{ name(key=value, …) }}", "{% name(…) %}" or "{% end %}". ok is false
// when b does not start with one.
func ParseZolaShortcode(b []byte) (sc ZolaShortcode, ok bool) {
	call, end, n, ok := parseTag(b, "{{", "}}")
	if !ok {
		call, end, n, ok = parseTag(b, "{%", "%}")
		sc.Body = ok && !end
	}
	if !ok {
		return ZolaShortcode{}, false
	}
	sc.Name, sc.Args, sc.End, sc.Len = call.name, call.args, end, n
	return sc, true
}

// Callout returns the callout kind ("NOTE", "TIP", "IMPORTANT",
// "WARNING", "CAUTION") that a callout-like shortcode (note, tip,
// admonition, alert…) stands for, picked by its kind, type or class
// argument when it has one; ok is false for any other shortcode.
func (sc ZolaShortcode) Callout() (kind string, ok bool) {
	kind, ok = calloutKinds[sc.Name]
	for _, k := range []string{"kind", "type", "class"} {
		if v, known := calloutKinds[strings.ToLower(sc.Args[k])]; ok && known {
			kind = v
		}
	}
	return kind, ok
}

// Video returns the page a video or gist shortcode (youtube, vimeo,
// streamable, gist) points at and the text of a link to it; ok is false
// for any other shortcode, or one whose id is not a plain id.
func (sc ZolaShortcode) Video() (href, label string, ok bool) {
	return videoLink(shortcodeCall{name: sc.Name, args: sc.Args})
}
