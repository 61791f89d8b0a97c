package transform

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// terms gathers the tags, categories and audiences of the pages into
// site.Taxonomies. Spellings whose slug is one are one term, shown with
// the spelling most pages use (the first in reading order among equals);
// spellings that differ in more than case, spaces, '-' and '_' ("C++"
// and "C#", both /tags/c/) are merged with a warning, as is an empty
// term left out.
func terms(site *content.Site) diag.List {
	var diags diag.List
	var audiences []string
	if site.Config != nil {
		audiences = site.Config.Audiences
	}
	site.Taxonomies = []*content.Taxonomy{
		gather(site, &diags, layout.TagsDir, "Tags", "tag", nil, func(p *content.Page) []string { return p.Meta.Tags }),
		gather(site, &diags, layout.CategoriesDir, "Categories", "category", nil, func(p *content.Page) []string { return p.Meta.Categories }),
		gather(site, &diags, layout.AudienceDir, "Audiences", "audience", audiences, func(p *content.Page) []string { return p.Meta.Audience }),
	}
	return diags
}

// gather makes one taxonomy from what names gives for each page, with a
// term for each of declared (site.toml's audiences) even without pages.
func gather(site *content.Site, diags *diag.List, name, title, noun string, declared []string, names func(*content.Page) []string) *content.Taxonomy {
	tx := content.NewTaxonomy(name, title)
	type spelling struct {
		text  string
		pages int
		pos   diag.Pos
	}
	type entry struct {
		term      *content.Term
		spellings []*spelling // in order of first use
	}
	byURL := map[string]*entry{}
	var order []*entry
	// posOf is where p names the taxonomy, or site.toml for a declared
	// term (p nil). It is asked only for a term's or a spelling's first
	// use: finding a key in front matter scans it, which for every use
	// was most of an incremental rebuild.
	posOf := func(p *content.Page) diag.Pos {
		if p == nil {
			return diag.Pos{File: config.FileName}
		}
		return p.KeyPos(name)
	}
	urls := map[string]string{} // a term's URL by its text: slugs are slow to make
	use := func(text string, p *content.Page) {
		u, ok := urls[text]
		if !ok {
			u = content.TermURL(name, text)
			urls[text] = u
		}
		e := byURL[u]
		if e == nil {
			e = &entry{term: &content.Term{URL: u, Pos: posOf(p)}}
			byURL[u] = e
			order = append(order, e)
		}
		i := slices.IndexFunc(e.spellings, func(s *spelling) bool { return s.text == text })
		if i < 0 {
			i = len(e.spellings)
			e.spellings = append(e.spellings, &spelling{text: text, pos: posOf(p)})
			tx.Add(text, e.term)
		}
		// A page's terms come one after another: it is the last page of
		// the term when it named the term already.
		if n := len(e.term.Pages); p != nil && (n == 0 || e.term.Pages[n-1] != p) {
			e.term.Pages = append(e.term.Pages, p)
			e.spellings[i].pages++
		}
	}
	for _, d := range declared {
		use(d, nil)
	}
	for _, p := range site.Pages {
		for _, text := range names(p) {
			if strings.TrimSpace(text) == "" {
				diags.Warnf(p.KeyPos(name), "an empty %s is left out", noun)
				continue
			}
			use(text, p)
		}
	}
	for _, e := range order {
		shown := e.spellings[0]
		for _, s := range e.spellings[1:] {
			if s.pages > shown.pages {
				shown = s
			}
		}
		e.term.Name = shown.text
		for _, s := range e.spellings {
			if fold(s.text) != fold(shown.text) {
				diags.Warnf(s.pos, "%s %q is shown as %q: both have the URL %s", noun, s.text, shown.text, e.term.URL)
			}
		}
		tx.Terms = append(tx.Terms, e.term)
	}
	slices.SortFunc(tx.Terms, func(a, b *content.Term) int { return cmp.Compare(a.Name, b.Name) })
	return tx
}

// fold returns a spelling without the differences that do not make
// another term: case, and runs of spaces, '-' and '_'.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_'
	}), "-")
}
