// Package transform holds the site-wide passes that run after every page is
// parsed: dates, ordering, link resolution, curricula, review dates and
// reading order. Passes read the parsed pages and annotate the build's Pages; none
// renders HTML.
package transform

import (
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// Options narrow the passes for incremental builds.
type Options struct {
	// LinksOf, when set, limits link resolution to these pages; every
	// other page takes its resolved links from the page of the same file
	// in Previous, an earlier build of the same site structure whose
	// anchors still exist.
	LinksOf  map[*content.Page]bool
	Previous *content.Site
}

// pass is one site-wide step.
type pass func(*content.Site, Options) diag.List

// all adapts a pass that always covers the whole site.
func all(f func(*content.Site) diag.List) pass {
	return func(s *content.Site, _ Options) diag.List { return f(s) }
}

// passes run in this order; later ones rely on earlier ones.
var passes = []pass{
	all(dates), // last changes and badges, for the review pass
	all(order),
	all(curricula), // module numbers, for the link pass's audience check
	linksOf,
	all(review),
	all(readingOrder),
	all(terms),
}

// Run applies every pass to site and returns their diagnostics.
func Run(site *content.Site, opts Options) diag.List {
	var diags diag.List
	for _, run := range passes {
		diags.Append(run(site, opts))
	}
	return diags
}
