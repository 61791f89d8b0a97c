package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// taxonomyJobs renders the taxonomies' pages: /tags/, /tags/<tag>/,
// /categories/, /categories/<category>/, /audience/ and
// /audience/<role>/. A taxonomy without terms has none.
func (r *Renderer) taxonomyJobs(site *content.Site) []job {
	var jobs []job
	for _, tax := range site.Taxonomies {
		if len(tax.Terms) == 0 {
			continue
		}
		listURL := "/" + tax.Name + "/"
		jobs = append(jobs, job{Name: outName(listURL), Dep: DepSite, what: "the list of " + strings.ToLower(tax.Title), run: func(buf *bytes.Buffer) error {
			frame, err := r.frame(site, nil, "terms", tax.Title, listURL)
			if err != nil {
				return err
			}
			v := &listView{frameView: frame}
			h := r.hrefsFor(listURL)
			for _, t := range tax.Terms {
				v.Entries = append(v.Entries, entryView{Title: t.Name, Href: h.href(t.URL), Count: len(t.Pages)})
			}
			return r.tpl.execute(buf, "terms", v)
		}})
		for _, term := range tax.Terms {
			url := term.URL
			jobs = append(jobs, job{Name: outName(url), Dep: DepSite, named: term.Pos, what: fmt.Sprintf("the page of the %s %q", tax.Name, term.Name), run: func(buf *bytes.Buffer) error {
				title := term.Name
				if tax.Name == layout.AudienceDir {
					title = "For the " + term.Name
				}
				frame, err := r.frame(site, nil, "term", title, url)
				if err != nil {
					return err
				}
				v := &listView{frameView: frame}
				h := r.hrefsFor(url)
				v.Entries = make([]entryView, 0, len(term.Pages))
				size := len(frame.Nav) + 8<<10
				for _, p := range byTitle(term.Pages) {
					ev, err := r.entry(p, h)
					if err != nil {
						return err
					}
					v.Entries = append(v.Entries, ev)
					size += len(ev.HTML) + 1
				}
				v.Crumbs = []link{{Title: site.Home.Page.LinkTitle(), Href: h.href("/")}, {Title: tax.Title, Href: h.href(listURL)}}
				// A term of thousands of pages makes a page of megabytes:
				// one allocation of about its size, not a doubling series.
				buf.Grow(size)
				return r.tpl.execute(buf, "term", v)
			}})
		}
	}
	return jobs
}

// termLinks returns the links of a page to the terms it names in one
// taxonomy, each term once.
func termLinks(site *content.Site, taxonomy string, spellings []string, h hrefs) []link {
	var tax *content.Taxonomy
	for _, t := range site.Taxonomies {
		if t.Name == taxonomy {
			tax = t
		}
	}
	if tax == nil {
		return nil
	}
	var out []link
	var seen []*content.Term
	for _, s := range spellings {
		t := tax.Term(s)
		if t == nil || slices.Contains(seen, t) {
			continue
		}
		seen = append(seen, t)
		out = append(out, link{Title: t.Name, Href: h.href(t.URL)})
	}
	return out
}

// sitemap writes sitemap.xml with every page's absolute URL and, when
// known, the date it last changed (content.Page.Lastmod).
func (r *Renderer) sitemap(buf *bytes.Buffer, site *content.Site) error {
	type url struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range site.Pages {
		set.URLs = append(set.URLs, url{Loc: r.permalink(p.URL), Lastmod: formatDate(p.Lastmod)})
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// byTitle returns pages sorted by title, ignoring case (stable).
func byTitle(pages []*content.Page) []*content.Page {
	type keyed struct {
		key string
		p   *content.Page
	}
	ks := make([]keyed, len(pages))
	for i, p := range pages {
		ks[i] = keyed{strings.ToLower(p.Title), p}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].key < ks[j].key })
	out := make([]*content.Page, len(ks))
	for i, k := range ks {
		out[i] = k.p
	}
	return out
}
