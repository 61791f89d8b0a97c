package render

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// The print layout's parts (the "print-part" and "print-part-end"
// templates of layouts/print.html) open and close every chapter, section
// and page of a print page: 10,000 of them in a whole playbook of 10,000
// pages. When both are the built-in ones, writePrintPart writes their
// bytes in Go, escaped as html/template escapes them; the tests hold the
// two to the same output.

// The names of the print layout's part templates.
const (
	printPartTpl    = "print-part"
	printPartEndTpl = "print-part-end"
)

// execPart writes p through the print layout's template name
// (printPartTpl or printPartEndTpl) to w.
func (d *printDoc) execPart(w io.Writer, name string, p *printPart) error {
	if !d.r.tpl.builtinPrintPart || templatesOnly.Load() {
		return d.r.tpl.sets["print"].ExecuteTemplate(w, name, p)
	}
	if name == printPartEndTpl {
		_, err := io.WriteString(w, "\n</section>")
		return err
	}
	title, err := p.TitleHTML()
	if err != nil {
		// The template reports it as it reports its other errors.
		return d.r.tpl.sets["print"].ExecuteTemplate(w, name, p)
	}
	if b, ok := w.(*bytes.Buffer); ok {
		writePrintPart(b, p, string(title))
		return nil
	}
	var b bytes.Buffer
	writePrintPart(&b, p, string(title))
	_, err = w.Write(b.Bytes())
	return err
}

// writePrintPart writes the built-in print-part template with p, whose
// title's HTML (printPart.TitleHTML) is title.
func writePrintPart(b *bytes.Buffer, p *printPart, title string) {
	level := strconv.Itoa(p.Level)
	b.WriteString("\n<section id=\"")
	writeEscaped(b, p.ID)
	b.WriteString("\" class=\"print-part")
	if p.Chapter {
		b.WriteString(" chapter")
	}
	if p.Signoff {
		b.WriteString(" signoff")
	}
	b.WriteString("\">\n<header class=\"part-head\">\n<h" + level + " class=\"part-title\">")
	if p.Module != 0 {
		b.WriteString("<span class=\"module-no\">Module " + strconv.Itoa(p.Module) + ":</span> ")
	}
	b.WriteString(title)
	b.WriteString("</h" + level + ">")
	writeWrapped(b, "<p class=\"lead\">", p.Description, "</p>")
	if len(p.Audience) > 0 || p.Duration != "" || p.Owner != "" {
		b.WriteString("\n<ul class=\"page-meta\">")
		if len(p.Audience) > 0 { // {{with .Audience}}: a list of empty names too
			b.WriteString("<li>For: ")
			writeEscaped(b, strings.Join(p.Audience, ", "))
			b.WriteString("</li>")
		}
		writeWrapped(b, "<li>Duration: ", p.Duration, "</li>")
		writeWrapped(b, "<li>Owner: ", p.Owner, "</li>")
		b.WriteString("\n</ul>")
	}
	writeRequires(b, p.Requires)
	b.WriteString("\n</header>")
	if body := p.Body(); body != "" {
		b.WriteString("\n<div class=\"content\">\n")
		b.WriteString(string(body))
		b.WriteString("\n</div>")
	}
}
