package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// The generic blocks of pymdownx.blocks (pymdown-extensions 10):
//
//	/// note | Discount bands
//	    type: warning
//
//	Bands change every quarter.
//	///
//
// A header of three slashes or more, the block's name and, after "|",
// its argument; YAML options on the lines indented four spaces right
// after it; the body up to a line of as many slashes (an outer block
// takes more slashes than the blocks in it). Playbook renders none of
// them; the import writes admonitions (note, tip… and admonition),
// details and tabs as the pymdownx syntax playbook reads (!!!, ???,
// ===) with the body indented four spaces, and a caption as an italic
// line under what it captions. Any other block (html, definition, a
// project's own) is left as written and reported.

// blockHeader is a block's first line: its slashes, its name and its
// argument after "|".
var blockHeader = regexp.MustCompile(`^([ \t]*)(/{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\|[ \t]*(.*?))?[ \t]*\r?\n?$`)

// blockFence is a block's closing line.
var blockFence = regexp.MustCompile(`^[ \t]*(/{3,})[ \t]*\r?\n?$`)

// blockAdmonitions are the names of pymdownx.blocks.admonition's
// admonitions of one kind; "admonition" takes its kind from type:.
var blockAdmonitions = map[string]bool{
	"note": true, "attention": true, "caution": true, "danger": true, "error": true,
	"tip": true, "hint": true, "warning": true, "important": true, "admonition": true,
}

// openBlock is a block whose body is being written.
type openBlock struct {
	slashes int
	indent  string
	// converted: its body is indented four spaces under the head
	// written for it; a caption's body is gathered into caption.
	converted, isCaption bool
	caption              []string
	// captioned: the line before a caption's header was an image, which
	// the caption follows on the same paragraph.
	captioned bool
}

// blockItem is a block left as written, at offset off of the new text.
type blockItem struct {
	off int
	msg string
}

// convertBlocks rewrites the pymdownx blocks of f outside code and
// returns how many it converted; those it leaves are reported.
func (p *project) convertBlocks(f *file) int {
	b := parseBody(f.Data)
	data := f.Data
	var out bytes.Buffer
	out.Write(data[:b.start])
	var stack []*openBlock
	var items []blockItem
	n := 0
	prevImage, prevBlank := false, true
	prefix := func() string {
		if len(stack) == 0 {
			return ""
		}
		pre := stack[0].indent
		for _, o := range stack {
			if o.converted {
				pre += "    "
			}
		}
		return pre
	}
	// write writes a line of the body of the blocks open, without the
	// innermost block's indentation.
	write := func(line []byte) {
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.isCaption {
				top.caption = append(top.caption, strings.TrimSpace(string(line)))
				return
			}
			line = bytes.TrimPrefix(line, []byte(top.indent))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			out.WriteString(strings.TrimRight(prefix(), " \t") + lineBreak(line))
			return
		}
		out.WriteString(prefix())
		out.Write(line)
	}
	lines := textLines(data[b.start:])
	for i := 0; i < len(lines); i++ {
		at := b.start + lines[i].start
		line := lines[i].text
		trim := bytes.TrimLeft(line, " \t")
		inCode := b.inCode(at + len(line) - len(trim))
		blank := len(bytes.TrimSpace(line)) == 0
		if m := blockFence.FindSubmatch(line); m != nil && !inCode && len(stack) > 0 && len(m[1]) == stack[len(stack)-1].slashes {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case top.isCaption:
				p.writeCaption(&out, top, prefix())
			case !top.converted:
				write(line)
			}
			prevImage, prevBlank = false, false
			if top.converted && !top.isCaption {
				// A blank line ends the indented body, unless one
				// follows.
				if i+1 < len(lines) && len(bytes.TrimSpace(lines[i+1].text)) > 0 {
					out.WriteString(strings.TrimRight(prefix(), " \t") + "\n")
				}
				prevBlank = true
			}
			continue
		}
		m := blockHeader.FindSubmatch(line)
		if m == nil || inCode || len(stack) > 0 && stack[len(stack)-1].isCaption {
			write(line)
			prevImage = !blank && (bytes.HasPrefix(trim, []byte("![")) || bytes.HasPrefix(trim, []byte("[![")))
			prevBlank = blank
			continue
		}
		indent, slashes, name, arg := string(m[1]), len(m[2]), strings.ToLower(string(m[3])), strings.TrimSpace(string(m[4]))
		// The options: the lines indented four spaces (past the
		// header's indentation) right after it.
		var opts []string
		for i+1 < len(lines) {
			next := string(lines[i+1].text)
			if !strings.HasPrefix(next, indent+"    ") || strings.TrimSpace(next) == "" {
				break
			}
			opts = append(opts, strings.TrimRight(strings.TrimPrefix(next, indent+"    "), "\r\n"))
			i++
		}
		o := &openBlock{slashes: slashes, indent: indent}
		// rel is the header's indentation past its parent's.
		rel := indent
		if len(stack) > 0 {
			rel = strings.TrimPrefix(indent, stack[len(stack)-1].indent)
		}
		head, why := blockHead(name, arg, opts)
		if !closed(lines[i+1:], slashes, b, b.start) {
			head, why = "", "it has no closing line of "+strings.Repeat("/", slashes)
		}
		switch {
		case why != "":
			// Left as written, header and options.
			before := out.Len()
			write(line)
			off := before + max(bytes.IndexByte(out.Bytes()[before:], '/'), 0)
			items = append(items, blockItem{off, fmt.Sprintf("pymdownx block %q not converted: %s", string(m[2])+" "+name, why)})
			for _, l := range opts {
				write([]byte(indent + "    " + l + "\n"))
			}
			if !strings.HasPrefix(why, "it has no closing") {
				stack = append(stack, o)
			}
		case head == "caption":
			o.isCaption, o.captioned = true, prevImage && !prevBlank
			stack = append(stack, o)
			n++
		default:
			out.WriteString(prefix() + rel + head + "\n")
			o.converted = true
			stack = append(stack, o)
			n++
			if i+1 < len(lines) && len(bytes.TrimSpace(lines[i+1].text)) > 0 {
				out.WriteString(strings.TrimRight(prefix(), " \t") + "\n")
			}
		}
		prevImage, prevBlank = false, false
	}
	f.Data = out.Bytes()
	pos := diag.NewLines(f.Dest, f.Data)
	sort.SliceStable(items, func(i, j int) bool { return items[i].off < items[j].off })
	for _, it := range items {
		p.report.add(GroupConvert, pos.Pos(it.off), "%s", it.msg)
	}
	return n
}

// closed reports whether lines, outside code, hold the closing line of a
// block of slashes.
func closed(lines []textLine, slashes int, b *body, start int) bool {
	for _, l := range lines {
		if m := blockFence.FindSubmatch(l.text); m != nil && len(m[1]) == slashes && !b.inCode(start+l.start+bytes.IndexByte(l.text, '/')) {
			return true
		}
	}
	return false
}

// blockHead returns the line a block becomes ("!!! warning "Title"",
// "??? note "More"", "=== "Label"", or "caption"), or why it is left as
// written. opts are its YAML option lines.
func blockHead(name, arg string, optLines []string) (string, string) {
	opts := map[string]any{}
	if len(optLines) > 0 {
		if err := yaml.Unmarshal([]byte(strings.Join(optLines, "\n")), &opts); err != nil {
			return "", "its options are not YAML playbook can read"
		}
	}
	str := func(key string) string {
		s, _ := opts[key].(string)
		return strings.ToLower(strings.TrimSpace(s))
	}
	yes := func(key string) bool { v, _ := opts[key].(bool); return v }
	var known []string
	var head string
	switch {
	case blockAdmonitions[name], name == "details":
		known = []string{"type"}
		kind := name
		if name == "admonition" || name == "details" {
			kind = str("type")
			if kind == "" || !isKind(kind) {
				kind = "note"
			}
		}
		mark := "!!!"
		if name == "details" {
			known = append(known, "open")
			mark = "???"
			if yes("open") {
				mark = "???+"
			}
		}
		head = mark + " " + kind
		switch {
		case arg != "":
			head += ` "` + oneLine(arg) + `"`
		case name == "admonition":
			head += ` ""` // no title, as pymdownx shows it
		}
	case name == "tab":
		if arg == "" {
			return "", "a tab needs a label"
		}
		known = []string{"new", "select"}
		mark := "==="
		if yes("new") {
			mark += "!"
		} else if yes("select") {
			mark += "+"
		}
		head = mark + ` "` + oneLine(arg) + `"`
	case name == "caption" || name == "figure-caption" || name == "table-caption":
		if arg != "" {
			return "", fmt.Sprintf("its argument %q (a number or placement) has no equivalent in playbook, whose captions are an italic line", arg)
		}
		head = "caption"
	default:
		return "", "playbook has no equivalent; write what it shows in Markdown"
	}
	var unread []string
	for k := range opts {
		if !slices.Contains(known, k) {
			unread = append(unread, k)
		}
	}
	if len(unread) > 0 {
		sort.Strings(unread)
		return "", fmt.Sprintf("its options %s have no equivalent in playbook", strings.Join(unread, ", "))
	}
	return head, ""
}

// isKind reports whether s may be an admonition's kind.
func isKind(s string) bool {
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

// writeCaption writes a caption block as an italic line: on the
// paragraph of the image it follows (after a hard line break), or as a
// paragraph of its own.
func (p *project) writeCaption(out *bytes.Buffer, o *openBlock, pre string) {
	var words []string
	for _, l := range o.caption {
		if l != "" {
			words = append(words, l)
		}
	}
	text := "*" + strings.Trim(oneLine(strings.Join(words, " ")), "*_ ") + "*"
	if pre == "" {
		pre = o.indent // not in a converted block: at the header's place
	}
	if o.captioned {
		data := out.Bytes()
		end := len(data)
		for end > 0 && (data[end-1] == '\n' || data[end-1] == '\r') {
			end--
		}
		br := string(data[end:])
		out.Truncate(end)
		out.WriteString("\\" + br + pre + text + "\n")
		return
	}
	out.WriteString(pre + text + "\n")
}
