package render

import (
	"bytes"
	"context"
	"sync"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/search"
)

// searchURL is where the search results page lives; the index files are
// published beside it.
const searchURL = "/" + layout.SearchDir + "/"

// searchJobs writes the search index (search/*.js) and the results page.
// The index is built once, by whichever of its files is rendered first;
// the file names are known without building it.
func (r *Renderer) searchJobs(ctx context.Context, site *content.Site) []job {
	plan := search.NewPlan(site, r.cfg.Audiences)
	if r.searchCache != nil {
		plan.UseCache(r.searchCache)
	}
	// With keys, the index of Build lacks the terms of the t-files whose
	// keys did not change; those that run all the same (the file was
	// changed by hand) come from a whole index.
	keys := plan.ShardKeys()
	index := sync.OnceValues(func() (*search.Index, error) { return plan.Build(ctx) })
	whole := sync.OnceValues(func() (*search.Index, error) { return plan.BuildAll(ctx) })
	var jobs []job
	for _, name := range plan.Files() {
		j := job{Name: name, Dep: DepBodies, Pages: plan.FilePages(name)}
		from := index
		if n, ok := plan.ShardOf(name); ok {
			j.termFile = true
			if keys != nil {
				j.Key = keys[n]
				if !plan.Wants(n) {
					from = whole
				}
			}
		}
		j.run = func(buf *bytes.Buffer) error {
			ix, err := from()
			if err != nil {
				return err
			}
			return ix.WriteFile(buf, name)
		}
		jobs = append(jobs, j)
	}
	// A page of the content folder cannot be at /search/ (the loader
	// refuses it); a site changes the results page with its own
	// layouts/search.html.
	if r.tpl.has("search") {
		jobs = append(jobs, job{Name: outName(searchURL), Dep: DepSite, run: func(buf *bytes.Buffer) error {
			v, err := r.frame(site, nil, "search", "Search", searchURL)
			if err != nil {
				return err
			}
			return r.tpl.execute(buf, "search", &v)
		}})
	}
	return jobs
}
