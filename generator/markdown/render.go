package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders the nodes whose HTML the playbook defines itself:
// headings with anchors, code, tasks, local links, scrolling tables and
// footnotes with per-page ids. Callouts and tabs have their own renderers.
type nodeRenderer struct {
	hl *Highlighter
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindFencedCodeBlock, r.code)
	reg.Register(ast.KindCodeBlock, r.code)
	reg.Register(kindTask, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTask(w, n.(*taskNode).task, entering)
		return ast.WalkContinue, nil
	})
	reg.Register(kindLocalLink, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		return renderLocalLink(w, src, n.(*linkNode), entering), nil
	})
	reg.Register(kindScroll, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="table-scroll" tabindex="0" role="region" aria-label="Table">` + "\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(east.KindTableCell, r.tableCell)
	reg.Register(east.KindFootnoteLink, r.footnoteLink)
	reg.Register(east.KindFootnoteBacklink, r.footnoteBacklink)
	reg.Register(east.KindFootnote, r.footnote)
}

// tableCell renders a table cell as goldmark's table extension does
// (extension.TableHTMLRenderer: its alignment as a style, after a style
// attribute of its own, and the attributes a cell may have) but without
// setting that style on the node, which allocated an attribute list for
// each aligned cell: about 100 MB in a build of 10,000 pages.
func (r *nodeRenderer) tableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	tag, filter := "td", extension.TableTdCellAttributeFilter
	if n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader {
		tag, filter = "th", extension.TableThCellAttributeFilter
	}
	if !entering {
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<" + tag)
	var align string
	if n.Alignment != east.AlignNone {
		align = "text-align:" + n.Alignment.String()
	}
	styled := false
	for _, a := range n.Attributes() {
		var value []byte
		switch v := a.Value.(type) {
		case []byte:
			value = v
		case string:
			value = []byte(v)
		}
		if align != "" && string(a.Name) == "style" {
			value = append(append(append([]byte(nil), value...), ';'), align...)
			styled = true
		}
		if !filter.Contains(a.Name) && !bytes.HasPrefix(a.Name, []byte("data-")) {
			continue
		}
		_ = w.WriteByte(' ')
		_, _ = w.Write(a.Name)
		_, _ = w.WriteString(`="`)
		_, _ = w.Write(util.EscapeHTML(value))
		_ = w.WriteByte('"')
	}
	if align != "" && !styled {
		_, _ = w.WriteString(` style="` + align + `"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) heading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id, _ := stringAttr(n, "id")
	idb := util.EscapeHTML([]byte(id))
	if entering {
		_, _ = w.WriteString("<h")
		writeMarker(w, markLevel, n.Level)
		_, _ = w.WriteString(` id="`)
		writeMarker(w, markPrefix, 0)
		_, _ = w.Write(idb)
		if class, ok := stringAttr(n, "class"); ok {
			_, _ = w.WriteString(`" class="`)
			_, _ = w.Write(util.EscapeHTML([]byte(class)))
		}
		_, _ = w.WriteString(`">`)
		return ast.WalkContinue, nil
	}
	if n.Level > 1 {
		_, _ = w.WriteString(`<a class="anchor" href="#`)
		writeMarker(w, markPrefix, 0)
		_, _ = w.Write(idb)
		_, _ = w.WriteString(`" aria-hidden="true" tabindex="-1">#</a>`)
	}
	_, _ = w.WriteString("</h")
	writeMarker(w, markLevel, n.Level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) code(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.hl.renderCode(w, src, n)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) footnoteLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.FootnoteLink)
	is := strconv.Itoa(n.Index)
	ref := is
	if n.RefIndex > 0 {
		ref = is + "-" + strconv.Itoa(n.RefIndex)
	}
	_, _ = w.WriteString(`<sup id="`)
	writeMarker(w, markPrefix, 0)
	_, _ = w.WriteString(`fnref-` + ref + `"><a href="#`)
	writeMarker(w, markPrefix, 0)
	_, _ = w.WriteString(`fn-` + is + `" class="footnote-ref" role="doc-noteref">` + is + `</a></sup>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) footnoteBacklink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.FootnoteBacklink)
	ref := strconv.Itoa(n.Index)
	if n.RefIndex > 0 {
		ref += "-" + strconv.Itoa(n.RefIndex)
	}
	_, _ = w.WriteString(`&#160;<a href="#`)
	writeMarker(w, markPrefix, 0)
	_, _ = w.WriteString(`fnref-` + ref + `" class="footnote-backref" role="doc-backlink" aria-label="Back to the text">↩︎</a>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) footnote(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.Footnote)
	if entering {
		_, _ = w.WriteString(`<li id="`)
		writeMarker(w, markPrefix, 0)
		_, _ = w.WriteString(`fn-` + strconv.Itoa(n.Index) + `">` + "\n")
	} else {
		_, _ = w.WriteString("</li>\n")
	}
	return ast.WalkContinue, nil
}
