package generator

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"

	"playbook/generator/config"
	"playbook/generator/content"
	"playbook/generator/markdown"
	"playbook/generator/publish"
	"playbook/generator/render"
)

// Changed records site paths (slash paths relative to the site folder) that
// changed since the last build; the next incremental build renders only
// what depends on them. A nil or empty list of a watcher that lost track
// should call Changed with "" to force a full build.
func (b *Builder) Changed(paths ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.changes == nil {
		b.changes = map[string]bool{}
	}
	for _, p := range paths {
		b.changes[p] = true
	}
}

// Output returns the in-memory output of the last good incremental build.
func (b *Builder) Output() *publish.Memory {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.out
}

// plan decides which jobs the next render runs, or nil for all of them.
// A body edit re-renders its page and the files built from every body
// (print page, search index); anything that can move a title, an order,
// a URL or a template renders everything.
func (b *Builder) plan(changes map[string]bool, site *content.Site) (func(*render.Job) bool, map[*content.Page]bool) {
	if b.out == nil || b.prevSite == nil || len(changes) == 0 || changes[""] {
		return nil, nil
	}
	contentDir := site.Config.ContentDir + "/"
	pages := map[*content.Page]bool{}
	files := map[string]bool{}
	for p := range changes {
		switch {
		case strings.HasPrefix(p, contentDir):
			rel := strings.TrimPrefix(p, contentDir)
			if strings.HasSuffix(rel, ".md") {
				old, now := b.prevSite.ByPath[rel], site.ByPath[rel]
				if old == nil || now == nil || old.Summary() != now.Summary() {
					return nil, nil
				}
				pages[now] = true
				continue
			}
			if site.FileByPath[rel] == nil || b.prevSite.FileByPath[rel] == nil {
				return nil, nil
			}
			files[p] = true
		case strings.HasPrefix(p, "static/") && !strings.HasSuffix(path.Base(p), ".css"):
			files[p] = true
		default:
			// site.toml, layouts, assets (fingerprinted names change every
			// page), themes, or a file we know nothing about.
			return nil, nil
		}
	}
	return func(j *render.Job) bool {
		switch j.Dep {
		case render.DepPage:
			return pages[j.Page]
		case render.DepBodies:
			return len(pages) > 0
		case render.DepFile:
			return files[j.Source]
		}
		return false
	}, pages
}

// sameAnchors reports whether the changed pages define the same heading
// and task ids as before, so that links into them need no new check.
func (b *Builder) sameAnchors(pages map[*content.Page]bool) bool {
	for p := range pages {
		old := b.prevSite.ByPath[p.Rel]
		if old == nil || old.Doc == nil || p.Doc == nil {
			return false
		}
		if !slices.Equal(anchorIDs(old.Doc), anchorIDs(p.Doc)) {
			return false
		}
	}
	return true
}

func anchorIDs(d *markdown.Doc) []string {
	ids := make([]string, 0, len(d.Headings)+len(d.Tasks))
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	for _, t := range d.Tasks {
		ids = append(ids, t.ID)
	}
	return ids
}

// memoryTarget returns where an incremental build writes: a copy of the
// last output to patch, or an empty one for a full build.
func (b *Builder) memoryTarget(patch bool) (publish.Target, func() error) {
	var next *publish.Memory
	if patch {
		next = b.out.Clone()
	} else {
		next = publish.NewMemory()
	}
	return next, func() error {
		b.out = next
		return nil
	}
}

// dropStale removes files that the last build no longer produces.
func (b *Builder) dropStale(names []string) {
	keep := make(map[string]bool, len(names))
	for _, n := range names {
		keep[n] = true
	}
	for _, n := range b.out.Names() {
		if !keep[n] {
			b.out.Remove(n)
		}
	}
}

// renderLater renders the jobs later selects in the background and merges
// them into the output when done. Called with b.mu held.
func (b *Builder) renderLater(r *render.Renderer, site *content.Site, fsys fs.FS, later func(*render.Job) bool) {
	ctx, cancel := context.WithCancel(context.Background())
	b.laterCancel = cancel
	b.later.Add(1)
	go func() {
		defer b.later.Done()
		mem := publish.NewMemory()
		stats, diags := r.Render(ctx, site, fsys, mem, later)
		if ctx.Err() != nil || diags.HasErrors(false) {
			return // superseded by a newer build, which renders them again
		}
		b.mu.Lock()
		out := b.out.Clone()
		for _, n := range stats.Written {
			data, _ := mem.File(n)
			_ = out.Adopt(n, data) // mem is dropped: no copy needed; names were checked
		}
		b.out = out
		notify := b.OnLater
		b.mu.Unlock()
		if notify != nil {
			notify(stats.Written)
		}
	}()
}

// stopLater cancels background rendering and waits for it: the next build
// is about to change the site it reads.
func (b *Builder) stopLater() {
	b.mu.Lock()
	cancel := b.laterCancel
	b.laterCancel = nil
	b.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	b.later.Wait()
}

// Wait blocks until background rendering is done.
func (b *Builder) Wait() { b.later.Wait() }

// touchedFiles lists changed paths that are not Markdown pages.
func touchedFiles(changes map[string]bool, cfg *config.Config) []string {
	var out []string
	for p := range changes {
		if !strings.HasPrefix(p, cfg.ContentDir+"/") || !strings.HasSuffix(p, ".md") {
			out = append(out, p)
		}
	}
	return out
}
