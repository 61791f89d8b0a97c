package markdown

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// hugoParser reads Hugo shortcodes, {{< name args >}} and
// {{% name args %}} with their closing forms {{< /name >}}: each is shown
// as written and reported with the playbook way to write it. Hugo's
// escaped form, {{</* name */>}}, shows {{< name >}} as text, as in Hugo,
// and is no warning. A shortcode ends on its line.
type hugoParser struct{}

// hugoShortcodes registers hugoParser.
type hugoShortcodes struct{}

func (hugoShortcodes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(hugoParser{}, 100)))
}

func (hugoParser) Trigger() []byte { return []byte{'{'} }

func (hugoParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	sc, n, ok := parseShortcode(line)
	if !ok {
		return nil
	}
	block.Advance(n)
	node := &foreignNode{segments: []text.Segment{text.NewSegment(seg.Start, seg.Start+n)}}
	if sc.escaped != nil {
		node.segments, node.text = nil, sc.escaped
		return node
	}
	if foreignReportOf(pc).closesReported(foreignHugo, sc.name, sc.closing) {
		return node
	}
	reportForeign(pc, foreignHugo, seg.Start, "Hugo shortcode %s not rendered: %s", sc.display(), sc.hint())
	return node
}

// shortcode is a parsed Hugo shortcode.
type shortcode struct {
	delim   byte // '<' or '%'
	name    string
	closing bool
	args    []string          // positional arguments, unquoted
	named   map[string]string // named arguments, unquoted
	escaped []byte            // the text of an escaped shortcode, else nil
}

// parseShortcode reads a shortcode at the start of line and returns it and
// its length in bytes.
func parseShortcode(line []byte) (shortcode, int, bool) {
	if len(line) < 3 || line[0] != '{' || line[1] != '{' || (line[2] != '<' && line[2] != '%') {
		return shortcode{}, 0, false
	}
	sc := shortcode{delim: line[2]}
	end := []byte(sc.closer())
	i := bytes.Index(window(line)[3:], end)
	if i < 0 {
		return shortcode{}, 0, false
	}
	n := 3 + i + 3
	inner := bytes.TrimSpace(line[3 : 3+i])
	if bytes.Contains(inner, []byte("{{")) {
		return shortcode{}, 0, false // "{{< a {{< b >}}": the first has no end
	}
	if len(inner) >= 4 && bytes.HasPrefix(inner, []byte("/*")) && bytes.HasSuffix(inner, []byte("*/")) {
		// {{</* x */>}} is Hugo's way to show {{< x >}}.
		content := line[3 : 3+i]
		a, b := bytes.Index(content, []byte("/*")), bytes.LastIndex(content, []byte("*/"))
		sc.escaped = slices.Concat(line[:3], content[:a], content[a+2:b], content[b+2:], end)
		return sc, n, true
	}
	if len(inner) > 0 && inner[0] == '/' {
		sc.closing, inner = true, bytes.TrimSpace(inner[1:])
	}
	inner = bytes.TrimSpace(bytes.TrimSuffix(inner, []byte("/"))) // {{< name />}}
	nameEnd := bytes.IndexAny(inner, " \t")
	if nameEnd < 0 {
		nameEnd = len(inner)
	}
	sc.name = string(inner[:nameEnd])
	if !validShortcodeName(sc.name) {
		return shortcode{}, 0, false
	}
	sc.args, sc.named = shortcodeArgs(string(inner[nameEnd:]))
	return sc, n, true
}

func validShortcodeName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '/'
		if !ok {
			return false
		}
	}
	return true
}

// shortcodeArgs splits a shortcode's arguments: positional ones and
// name=value pairs, either kind quoted with "…" or `…` or bare.
func shortcodeArgs(s string) (args []string, named map[string]string) {
	named = map[string]string{}
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return args, named
		}
		var key string
		if s[0] != '"' && s[0] != '`' {
			i := strings.IndexAny(s, " \t=")
			if i >= 0 && s[i] == '=' {
				key, s = s[:i], s[i+1:]
			}
		}
		var val string
		val, s = shortcodeValue(s)
		if key != "" {
			named[key] = val
		} else {
			args = append(args, val)
		}
	}
}

// shortcodeValue reads one quoted or bare value at the start of s.
func shortcodeValue(s string) (val, rest string) {
	if s != "" && s[0] == '"' {
		// Hugo reads \" inside "…" as a quote.
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			switch {
			case s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
				b.WriteByte(s[i+1])
				i++
			case s[i] == '"':
				return b.String(), s[i+1:]
			default:
				b.WriteByte(s[i])
			}
		}
		return b.String(), ""
	}
	if s != "" && s[0] == '`' {
		if i := strings.IndexByte(s[1:], s[0]); i >= 0 {
			return s[1 : 1+i], s[2+i:]
		}
		return s[1:], ""
	}
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// display writes the shortcode's name in its delimiters: {{< /alert >}}.
func (sc shortcode) display() string {
	slash := ""
	if sc.closing {
		slash = "/"
	}
	return "{{" + string(sc.delim) + " " + slash + sc.name + " " + sc.closer()
}

// closer returns the end of the shortcode: ">}}" or "%}}".
func (sc shortcode) closer() string {
	if sc.delim == '<' {
		return ">}}"
	}
	return "%}}"
}

// hint says how playbook writes what the shortcode does.
func (sc shortcode) hint() string {
	name := strings.ToLower(sc.name)
	first := ""
	if len(sc.args) > 0 {
		first = sc.args[0]
	}
	switch {
	case name == "ref" || name == "relref":
		target := first
		if target == "" {
			target = sc.named["path"]
		}
		if target == "" {
			target = "page.md"
		}
		return "use a relative link [text](" + target + ")"
	case name == "figure":
		alt := sc.named["alt"]
		if alt == "" {
			alt = sc.named["caption"]
		}
		if alt == "" {
			alt = "alt"
		}
		src := sc.named["src"]
		if src == "" {
			src = "image.png"
		}
		return "use ![" + alt + "](" + src + ")"
	case name == "highlight":
		return "use a fenced code block: ```" + first
	case hugoCallouts[name]:
		return "use a callout: > [!" + calloutVariant(name, first, sc.named) + "]"
	}
	return "playbook has no shortcodes; write what it shows in Markdown"
}

// hugoCallouts are the shortcode names themes use for callouts.
var hugoCallouts = map[string]bool{
	"alert": true, "notice": true, "note": true, "tip": true, "tips": true, "info": true, "hint": true,
	"warning": true, "caution": true, "important": true, "danger": true, "error": true,
	"callout": true, "admonition": true, "attention": true,
}

// hintVariants maps the words themes use for a callout's look to a
// playbook callout.
var hintVariants = map[string]string{
	"note": "NOTE", "info": "NOTE", "information": "NOTE", "notice": "NOTE", "primary": "NOTE", "secondary": "NOTE",
	"tip": "TIP", "tips": "TIP", "success": "TIP", "important": "IMPORTANT",
	"warning": "WARNING", "warn": "WARNING", "attention": "WARNING",
	"caution": "CAUTION", "danger": "CAUTION", "error": "CAUTION",
}

// calloutVariant picks the callout for a callout shortcode from its type
// argument, its first argument, or its own name; NOTE when none says.
func calloutVariant(name, first string, named map[string]string) string {
	for _, w := range []string{named["type"], named["context"], named["color"], first, name} {
		if v, ok := hintVariants[strings.ToLower(w)]; ok {
			return v
		}
	}
	return "NOTE"
}

// HugoShortcode is a Hugo shortcode as ParseHugoShortcode reads it.
type HugoShortcode struct {
	// Delim is '<' for {{< >}} and '%' for {{% %}}.
	Delim byte
	Name  string
	// Closing is set for {{< /name >}}.
	Closing bool
	// Args are the positional arguments and Named the name=value ones,
	// both unquoted.
	Args  []string
	Named map[string]string
	// Escaped is set for Hugo's {{</* name */>}}, which shows the
	// shortcode as text.
	Escaped bool
}

// ParseHugoShortcode reads a Hugo shortcode at the start of line (a
// shortcode ends on its line) and returns it and its length in bytes;
// false when line does not start with one.
func ParseHugoShortcode(line []byte) (HugoShortcode, int, bool) {
	sc, n, ok := parseShortcode(line)
	if !ok {
		return HugoShortcode{}, 0, false
	}
	return HugoShortcode{Delim: sc.delim, Name: sc.name, Closing: sc.closing, Args: sc.args, Named: sc.named, Escaped: sc.escaped != nil}, n, true
}

// HugoCallout returns the callout kind ("NOTE", "TIP", "IMPORTANT",
// "WARNING", "CAUTION") of the Hugo shortcode name with its first
// positional argument and named arguments, and false when themes do not
// use name for callouts.
func HugoCallout(name, first string, named map[string]string) (string, bool) {
	if !hugoCallouts[strings.ToLower(name)] {
		return "", false
	}
	return calloutVariant(name, first, named), true
}
