// Package transform holds the site-wide passes that run after every page is
// parsed: ordering, link resolution, curricula, review dates and reading
// order. Passes read and annotate the model and the AST; none renders HTML.
package transform

import (
	"playbook/generator/content"
	"playbook/generator/diag"
)

// pass is one site-wide step.
type pass struct {
	name string
	run  func(*content.Site) diag.List
}

// passes run in this order; later ones rely on earlier ones.
var passes = []pass{
	{"order", Order},
	{"links", Links},
	{"curricula", Curricula},
	{"review", Review},
	{"reading order", ReadingOrder},
}

// Run applies every pass to site and returns their diagnostics.
func Run(site *content.Site) diag.List {
	var diags diag.List
	for _, p := range passes {
		diags.Append(p.run(site))
	}
	return diags
}
