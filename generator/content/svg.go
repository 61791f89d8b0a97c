package content

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// An SVG image is a picture in an <img>, but a document that runs its
// scripts when a browser opens it on its own. With unsafe = false, an SVG
// file under content/ is published when it holds none of the ways an SVG
// document runs script, and is an error at each of them otherwise.

// xhtmlNS is the namespace of HTML inside XML documents.
const xhtmlNS = "http://www.w3.org/1999/xhtml"

// checkSVG returns the places in the SVG document src (the file file)
// where it could run script: script-bearing elements, HTML, event handler
// attributes, links to javascript: and other non-web URLs, animations
// that set a link or a handler, stylesheet instructions and entity
// declarations (which could hide any of these). A document that is not
// well-formed XML is one problem at the place it breaks: what a browser
// makes of it is not what this check read.
func checkSVG(file string, src []byte) diag.List {
	var diags diag.List
	lines := diag.NewLines(file, src)
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Entity = xml.HTMLEntity
	for {
		line, col := d.InputPos()
		pos := func() diag.Pos { return lines.At(line, col) }
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return diags
		}
		if err != nil {
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
			}
			diags.Errorf(lines.At(d.InputPos()), "an SVG image that is not well-formed XML (%s) cannot be checked for scripts", msg)
			return diags
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if why := svgElement(t); why != "" {
				diags.Errorf(pos(), "%s", why)
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				diags.Errorf(pos(), "the instruction <?%s?> can make a page of an SVG image, scripts included", t.Target)
			}
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				diags.Errorf(pos(), "an entity declaration in an SVG image can hide a script from this check")
			}
		}
	}
}

// svgElement says how element e runs script, or returns "".
func svgElement(e xml.StartElement) string {
	name := strings.ToLower(e.Name.Local)
	switch {
	case e.Name.Space == xhtmlNS:
		return "HTML inside an SVG image (<" + e.Name.Local + ">) runs its scripts when the image is opened on its own"
	case name == "script" || name == "handler" || name == "listener":
		return "<" + e.Name.Local + "> in an SVG image runs when the image is opened on its own"
	case name == "foreignobject" || name == "iframe" || name == "embed" || name == "object":
		return "<" + e.Name.Local + "> in an SVG image shows a page, scripts included, when the image is opened on its own"
	}
	animation := name == "set" || strings.HasPrefix(name, "animate")
	for _, a := range e.Attr {
		local := strings.ToLower(a.Name.Local)
		switch {
		case strings.HasPrefix(local, "on"):
			return "the event handler " + a.Name.Local + "= on <" + e.Name.Local + "> runs when the image is opened on its own"
		case (local == "href" || local == "base") && !webURL(a.Value): // base: xml:base, under relative links
			return "a link to " + quoteShort(a.Value) + " on <" + e.Name.Local + "> can run script when the image is opened on its own"
		case animation && local == "attributename":
			target := strings.ToLower(a.Value[strings.LastIndex(a.Value, ":")+1:])
			if target == "href" || strings.HasPrefix(target, "on") {
				return "<" + e.Name.Local + "> that sets " + a.Value + " can make a script of a link or a handler"
			}
		}
	}
	return ""
}

// webURL reports whether a link leads to a place of the web or of the
// image itself: a relative URL, a fragment, http, https, mailto, or the
// data of a raster image. javascript:, data:text/html and the like are
// not.
func webURL(v string) bool {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1 // browsers skip whitespace and control characters in a scheme
		}
		return r
	}, v))
	scheme, _, ok := strings.Cut(v, ":")
	if !ok || strings.ContainsAny(scheme, "/?#") {
		return true // no scheme: relative
	}
	switch scheme {
	case "http", "https", "mailto":
		return true
	case "data":
		for _, img := range []string{"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"} {
			if strings.HasPrefix(v, img) {
				return true
			}
		}
	}
	return false
}

// quoteShort quotes v, cut to 40 characters.
func quoteShort(v string) string {
	if r := []rune(v); len(r) > 40 {
		v = string(r[:40]) + "…"
	}
	return `"` + v + `"`
}
