package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
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
	reg.Register(east.KindFootnoteLink, r.footnoteLink)
	reg.Register(east.KindFootnoteBacklink, r.footnoteBacklink)
	reg.Register(east.KindFootnote, r.footnote)
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
