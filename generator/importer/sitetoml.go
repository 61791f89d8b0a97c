package importer

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2/styles"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// site is what the new site.toml says, from the source's configuration.
type site struct {
	Title, Description string
	// BaseURL keeps the source's sub-path: "https://example.com/docs/".
	BaseURL   string
	Language  string
	EditURL   string
	Copyright string
	// Style and DarkStyle are chroma styles for code in the light and
	// the dark scheme ([markup.highlight] style and darkStyle).
	Style, DarkStyle string
}

// setBaseURL sets the base URL from the source's site URL, when it is an
// absolute http(s) URL; otherwise it is reported at pos.
func (p *project) setBaseURL(raw string, at func() (string, int, int)) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		file, line, col := at()
		p.report.add(GroupConfig, p.srcPos(file, line, col), "site URL %q is not an absolute http(s) URL; set baseURL in site.toml", raw)
		return
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	p.site.BaseURL = u.String()
}

// setStyle sets the highlighting style from the source's style name when
// chroma has one by that name (Pygments' names are chroma's); otherwise
// it is reported at pos.
func (p *project) setStyle(name string, file string, line, col int) {
	p.chromaStyle(&p.site.Style, name, file, line, col)
}

// setDarkStyle is setStyle for the dark scheme.
func (p *project) setDarkStyle(name string, file string, line, col int) {
	p.chromaStyle(&p.site.DarkStyle, name, file, line, col)
}

// chromaStyle sets *dst to chroma's style named name, in any case.
func (p *project) chromaStyle(dst *string, name string, file string, line, col int) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	for _, n := range styles.Names() {
		if strings.EqualFold(n, name) {
			*dst = n
			return
		}
	}
	p.report.add(GroupConfig, p.srcPos(file, line, col), "highlighting style %q has no chroma equivalent; the default style is used (see [markup.highlight] in README)", name)
}

// markupTag matches an HTML tag in a configuration value.
var markupTag = regexp.MustCompile(`<[^>]*>`)

// plainText returns a configuration value that the theme shows as text
// (the footer's copyright) without the HTML tags a source wrote into it,
// reported, with white space folded and entities read.
func plainText(v string, r *Report) string {
	if !markupTag.MatchString(v) {
		return v
	}
	out := strings.Join(strings.Fields(html.UnescapeString(markupTag.ReplaceAllString(v, " "))), " ")
	r.add(GroupConfig, diag.Pos{File: "site.toml"}, "copyright: its HTML (links, images) left out, the footer shows text: %q", out)
	return out
}

// toml writes site.toml: the keys the source gave, and the defaults an
// imported site needs to build before its links are fixed.
func (s *site) toml(r *Report) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Imported from the %s project %q by `playbook import`; IMPORT.md lists\n# what was converted and what needs a human. Every key is documented in\n# playbook's README.\n", kindTitles[r.Kind], r.Source)
	title := s.Title
	if title == "" {
		title = r.Source
	}
	kv := func(key, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", key, quote(v))
		}
	}
	kv("title", title)
	kv("description", s.Description)
	kv("baseURL", s.BaseURL)
	kv("language", s.Language)
	kv("editURL", s.EditURL)
	kv("copyright", plainText(s.Copyright, r))
	b.WriteString("# The roles a page can be written for (audience = [...] in front matter),\n# each with its own list and printed handbook; none yet.\naudiences = []\n")
	b.WriteString("\n[links]\n# Links that do not resolve are warnings while the imported pages are\n# fixed; set both to \"error\" once IMPORT.md's links are done.\ninternal = \"warning\"\nanchors = \"warning\"\n")
	if s.Style != "" || s.DarkStyle != "" {
		b.WriteString("\n[markup.highlight]\n")
		kv("style", s.Style)
		kv("darkStyle", s.DarkStyle)
	}
	return b.Bytes()
}
