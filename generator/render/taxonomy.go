package render

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strings"

	"playbook/generator/content"
)

// taxonomyJobs renders /tags/, /tags/<tag>/, /categories/,
// /categories/<category>/, /audience/ and /audience/<role>/.
func (r *Renderer) taxonomyJobs(site *content.Site) []job {
	tags := map[string][]*content.Page{}
	categories := map[string][]*content.Page{}
	roles := map[string][]*content.Page{}
	for _, a := range r.cfg.Audiences {
		roles[a] = nil
	}
	for _, p := range site.Pages {
		for _, t := range p.Meta.Tags {
			tags[t] = append(tags[t], p)
		}
		for _, c := range p.Meta.Categories {
			categories[c] = append(categories[c], p)
		}
		for _, a := range p.Meta.Audience {
			roles[a] = append(roles[a], p)
		}
	}
	var jobs []job
	for _, tax := range []struct {
		name, title string
		terms       map[string][]*content.Page
	}{{"tags", "Tags", tags}, {"categories", "Categories", categories}, {"audience", "Audiences", roles}} {
		if len(tax.terms) == 0 {
			continue
		}
		listURL := "/" + tax.name + "/"
		jobs = append(jobs, job{Name: outName(listURL), Dep: DepSite, run: func(buf *bytes.Buffer) error {
			frame, err := r.frame(site, nil, "terms", tax.title, listURL)
			if err != nil {
				return err
			}
			v := &listView{frameView: frame}
			for _, t := range sortedKeys(tax.terms) {
				v.Entries = append(v.Entries, entryView{Title: t, Href: r.hrefsFor(listURL).href(termURL(tax.name, t)), Count: len(tax.terms[t])})
			}
			return r.tpl.execute(buf, "terms", v)
		}})
		for term, pages := range tax.terms {
			url := termURL(tax.name, term)
			jobs = append(jobs, job{Name: outName(url), Dep: DepSite, run: func(buf *bytes.Buffer) error {
				title := term
				if tax.name == "audience" {
					title = "For the " + term
				}
				frame, err := r.frame(site, nil, "term", title, url)
				if err != nil {
					return err
				}
				v := &listView{frameView: frame}
				h := r.hrefsFor(url)
				for _, p := range byTitle(pages) {
					ev, err := r.entry(p, h)
					if err != nil {
						return err
					}
					v.Entries = append(v.Entries, ev)
				}
				v.Crumbs = []link{{Title: site.Home.Page.LinkTitle(), Href: h.href("/")}, {Title: tax.title, Href: h.href(listURL)}}
				return r.tpl.execute(buf, "term", v)
			}})
		}
	}
	return jobs
}

// sitemap writes sitemap.xml with every page's absolute URL.
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
		lm := p.Meta.Lastmod.Time
		if lm.IsZero() {
			lm = p.Meta.Date.Time
		}
		set.URLs = append(set.URLs, url{Loc: r.permalink(p.URL), Lastmod: formatDate(lm)})
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
