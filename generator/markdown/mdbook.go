package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdBookParser reads mdBook's commands {{#include file}},
// {{#rustdoc_include file}}, {{#playground file}} and {{#title text}}:
// each is shown as written and reported with the playbook way. A command
// ends on its line.
type mdBookParser struct{}

// mdBookCommands registers mdBookParser.
type mdBookCommands struct{}

func (mdBookCommands) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mdBookParser{}, 110)))
}

func (mdBookParser) Trigger() []byte { return []byte{'{'} }

func (mdBookParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	name, arg, n, ok := parseMdBook(line)
	if !ok {
		return nil
	}
	block.Advance(n)
	reportForeign(pc, foreignMdBook, seg.Start, "mdBook {{#%s}} not rendered: %s", name, mdBookHint(name, arg))
	return &foreignNode{segments: []text.Segment{text.NewSegment(seg.Start, seg.Start+n)}}
}

// parseMdBook reads a command at the start of line: its name, its
// argument and its length in bytes.
func parseMdBook(line []byte) (name, arg string, n int, ok bool) {
	if !bytes.HasPrefix(line, []byte("{{#")) {
		return "", "", 0, false
	}
	end := bytes.Index(window(line), []byte("}}"))
	if end < 0 {
		return "", "", 0, false
	}
	inner := strings.TrimSpace(string(line[3:end]))
	name, arg, _ = strings.Cut(inner, " ")
	switch name {
	case "include", "rustdoc_include", "playground", "title":
		return name, strings.TrimSpace(arg), end + 2, true
	}
	return "", "", 0, false
}

// mdBookHint says how playbook writes what a command does.
func mdBookHint(name, arg string) string {
	file := "the file"
	if f := strings.Fields(arg); len(f) > 0 {
		file, _, _ = strings.Cut(f[0], ":") // listing.rs:2:10, listing.rs:anchor
	}
	switch name {
	case "title":
		return "set title = " + strconv.Quote(arg) + " in the front matter"
	case "playground":
		return "paste the code of " + file + " into a fenced code block"
	}
	return "playbook does not include files; paste the content of " + file + " here"
}
