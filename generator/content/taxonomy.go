package content

import (
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/slug"
)

// Taxonomy is a way of grouping pages by terms their front matter names:
// the tags, the categories or the audiences.
type Taxonomy struct {
	// Name is the taxonomy's front matter key and the folder of its
	// pages: "tags", "categories" or "audience".
	Name string
	// Title heads its list of terms: "Tags".
	Title string
	// Terms are its terms, sorted by name.
	Terms []*Term
	// bySpelling finds a term by each spelling the pages use.
	bySpelling map[string]*Term
}

// Term is one term of a taxonomy: every spelling whose slug is the same
// ("Pricing", "pricing"; "Cold Calls", "cold-calls"), shown as one.
type Term struct {
	// Name is the spelling shown: the one most pages use, the first in
	// reading order among equals.
	Name string
	// URL is the term's page: "/tags/cold-calls/".
	URL string
	// Pages name the term, each once, in reading order.
	Pages []*Page
	// Pos is where the term is first named, for diagnostics: a page's
	// front matter key, or site.toml's audiences.
	Pos diag.Pos
}

// NewTaxonomy returns an empty taxonomy.
func NewTaxonomy(name, title string) *Taxonomy {
	return &Taxonomy{Name: name, Title: title, bySpelling: map[string]*Term{}}
}

// Add records that spelling names t, so that Term finds t by it.
func (tx *Taxonomy) Add(spelling string, t *Term) { tx.bySpelling[spelling] = t }

// Term returns the term a page names by spelling, nil when there is none
// (an empty spelling).
func (tx *Taxonomy) Term(spelling string) *Term { return tx.bySpelling[spelling] }

// TermURL returns the URL of a term's page: "/tags/cold-calls/" for the
// tag "Cold Calls" (see slug.Term).
func TermURL(taxonomy, term string) string {
	return "/" + taxonomy + "/" + slug.Term(term) + "/"
}
