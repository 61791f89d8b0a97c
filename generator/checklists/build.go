package checklists

import (
	"strings"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
)

// New returns the manifest of a transformed site: its curricula in
// navigation order (site.Pages is in that order after the ordering pass)
// and every page with checklist items. Drafts and pages that failed to load
// are not in site.Pages and so not in the manifest.
func New(site *content.Site, cfg *config.Config) *Manifest {
	m := &Manifest{
		Format:     Format,
		Version:    Version,
		Site:       cfg.Base.String(),
		DailyHours: cfg.Progress.DailyHours,
		Curricula:  []Curriculum{},
		Pages:      map[string]*Page{},
	}
	var withItems []string // page URLs in navigation order
	for _, p := range site.Pages {
		if p.Doc == nil {
			continue
		}
		leaves := p.Doc.Leaves()
		if len(leaves) == 0 {
			continue
		}
		pg := &Page{Title: p.Title, Items: make([]Item, len(leaves))}
		for i, t := range leaves {
			pg.Items[i] = Item{ID: t.ID, Text: t.Text(), Default: t.Default()}
		}
		m.Pages[p.URL] = pg
		withItems = append(withItems, p.URL)
	}
	for _, p := range site.Pages {
		if !p.IsSection() || !p.Section.Curriculum() {
			continue
		}
		c := Curriculum{URL: p.URL, Title: p.Title, Modules: []Module{}}
		for _, mp := range p.Section.Pages {
			if mp.Module == 0 {
				continue
			}
			mod := Module{
				URL:             mp.URL,
				Title:           mp.Title,
				Number:          mp.Module,
				DurationSeconds: int64(mp.Duration.Seconds()),
				Signoff:         mp.Meta.Signoff,
				Pages:           []string{},
			}
			for _, u := range withItems {
				if strings.HasPrefix(u, mp.URL) {
					mod.Pages = append(mod.Pages, u)
				}
			}
			c.Modules = append(c.Modules, mod)
		}
		m.Curricula = append(m.Curricula, c)
	}
	return m
}
