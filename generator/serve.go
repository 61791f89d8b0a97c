package generator

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/generator/transform"
)

// serveOutput keeps the output for the dev server in a folder on disk
// (publish.Folder), not on the heap: the output of a large site is about
// ten times its model, and the server reads a file only when a browser
// asks for it. Given the paths that changed since the last good build, it
// re-renders only what depends on them: an edit to a page's body renders
// that page at once and the files built from every body (print pages,
// search) in the background.
type serveOutput struct {
	// source names the folder the output goes to (see serveDir).
	source string
	// changes are the site paths changed since the last good build (""
	// means unknown: build everything). Guarded by Builder.mu.
	changes map[string]bool
	// last is the site of the last good build.
	last *content.Site
	// folder is the output, made by the first build and removed by
	// Builder.Close.
	folder *publish.Folder
	// spills hold the rendered bodies of the pages, out of memory (they
	// are most of the model's bytes): the newest is the one builds parse
	// into; older ones hold bodies of the last good site until a build
	// that parsed every page anew succeeds.
	spills []*markdown.Spill
	fresh  bool // this build parses every page into a new spill
	closed bool // Builder.Close ran: no build may make a folder again

	mu  sync.Mutex      // guards out
	out *publish.Folder // folder, once a build succeeded

	// One build's state, from open to close.
	pending map[string]bool
	sel     func(*render.Job) bool
	touched map[*content.Page]bool
	batch   *publish.Batch
	keep    []string // the files of the build, when it lists them all
	partial bool
	done    bool
	lay     *layout.Layout
	r       *render.Renderer
	site    *content.Site
	fsys    fs.FS

	// lastRes and lastR are the result and the renderer of the last good
	// build, for the edit fast path (Builder.quickEdit).
	lastRes *Result
	lastR   *render.Renderer

	// Background rendering of the files built from every body.
	later       sync.WaitGroup
	laterCancel context.CancelFunc
	// bodiesStale is set while the files built from every body are
	// older than the site served: from the start of a background render
	// until it commits. A render cancelled by the next build leaves it
	// set, and that build renders them again.
	bodiesStale atomic.Bool
	// bodyNames are the output's files built from every body, as last
	// committed: a background render removes those it no longer makes
	// (search chunks of a page that shrank). It lists only its own jobs'
	// files; the site's other files (a static folder read through the
	// build's file system, closed by then) are not its to judge.
	bodyNames map[string]bool
	// nextBodyNames collects them during a full render.
	nextBodyNames map[string]bool
}

// Changed records site paths (slash paths relative to the site folder) that
// changed since the last build; the next incremental build renders only
// what depends on them. A watcher that lost track calls Changed with "" to
// force a full build.
func (b *Builder) Changed(paths ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.serve == nil {
		return
	}
	for _, p := range paths {
		b.serve.changes[p] = true
	}
}

// Output returns the output of the last good incremental build, or nil
// before one succeeded.
func (b *Builder) Output() *publish.Folder {
	if b.serve == nil {
		return nil
	}
	b.serve.mu.Lock()
	defer b.serve.mu.Unlock()
	return b.serve.out
}

// Wait blocks until background rendering is done.
func (b *Builder) Wait() {
	if b.serve != nil {
		b.serve.later.Wait()
	}
}

// Close stops background rendering and removes the output folder of
// incremental builds. It returns the error of removing it.
func (b *Builder) Close() error {
	if b.serve == nil {
		return nil
	}
	b.stopLater()
	b.mu.Lock()
	defer b.mu.Unlock()
	o := b.serve
	o.mu.Lock()
	o.out = nil
	o.mu.Unlock()
	o.last, o.lastRes, o.lastR, o.closed = nil, nil, nil, true
	for _, s := range o.spills {
		_ = s.Close()
	}
	o.spills = nil
	if o.folder == nil {
		return nil
	}
	err := o.folder.Close()
	o.folder = nil
	return err
}

// stopLater cancels background rendering and waits for it: the next build
// is about to change the site it reads.
func (b *Builder) stopLater() {
	if b.serve == nil {
		return
	}
	b.mu.Lock()
	cancel := b.serve.laterCancel
	b.serve.laterCancel = nil
	b.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	b.serve.later.Wait()
}

func (o *serveOutput) open(_ fs.FS, _ *layout.Layout, load *content.Options) (*manifest, error) {
	if o.closed {
		return nil, errors.New("the builder is closed")
	}
	if o.folder == nil {
		dir, err := serveDir(o.source)
		if err != nil {
			return nil, err
		}
		if o.folder, err = publish.NewFolder(dir); err != nil {
			return nil, err
		}
	}
	o.pending, o.changes = o.changes, map[string]bool{}
	o.sel, o.touched, o.batch, o.keep, o.partial, o.done = nil, nil, nil, nil, false, false
	// Without pages to reuse (the first build, new Markdown options),
	// every body is written again: into a new spill file, so that the
	// old one, all garbage then, can go.
	o.fresh = load.Reuse == nil || len(o.spills) == 0
	if o.fresh {
		spill, err := markdown.NewSpill(o.folder.Root())
		if err != nil {
			return nil, err
		}
		o.spills = append(o.spills, spill)
	}
	load.Spill = o.spills[len(o.spills)-1]
	if len(o.pending) > 0 {
		load.Previous, load.Changed = o.last, o.pending
	}
	return nil, nil
}

// plan decides which jobs the render runs. A body edit re-renders its
// page and the files built from every body (print pages, search index);
// anything that can move a title, an order, a URL or a template renders
// everything. An edit that keeps the page's anchors needs only its own
// links resolved.
func (o *serveOutput) plan(site *content.Site, lay *layout.Layout) transform.Options {
	o.lay = lay
	o.sel, o.touched = o.jobs(site, lay)
	if o.sel != nil && o.sameAnchors(o.touched) {
		return transform.Options{LinksOf: o.touched, Previous: o.last}
	}
	return transform.Options{}
}

// jobs returns the selector of the jobs to render, or nil for all of
// them, and the pages whose own output changed.
func (o *serveOutput) jobs(site *content.Site, lay *layout.Layout) (func(*render.Job) bool, map[*content.Page]bool) {
	if o.last == nil || len(o.pending) == 0 || o.pending[""] {
		return nil, nil
	}
	pages := map[*content.Page]bool{}
	files := map[string]bool{}
	for p := range o.pending {
		c := lay.Classify(p)
		switch c.Kind {
		case layout.Ignored:
		case layout.Page, layout.SectionPage:
			old, now := o.last.ByPath[c.Rel], site.ByPath[c.Rel]
			if old == nil || now == nil || old.ListingKey != now.ListingKey {
				return nil, nil
			}
			pages[now] = true
		case layout.ContentFile:
			if site.FileByPath[c.Rel] == nil || o.last.FileByPath[c.Rel] == nil {
				return nil, nil
			}
			files[p] = true
		case layout.StaticFile:
			if site.Static[c.Rel] != o.last.Static[c.Rel] {
				return nil, nil // added or removed: links to it resolve anew
			}
			if strings.HasSuffix(c.Rel, ".css") {
				// A stylesheet may be linked from templates; the dev
				// server swaps it without a reload.
				return nil, nil
			}
			files[layout.Static+"/"+c.Rel] = true // the job's source, whichever layer has it
		default:
			// site.toml, templates, assets (fingerprinted names change on
			// every page).
			return nil, nil
		}
	}
	return func(j *render.Job) bool {
		switch j.Dep {
		case render.DepPage:
			return pages[j.Page]
		case render.DepBodies:
			return len(pages) > 0 || o.bodiesStale.Load()
		case render.DepFile:
			return files[j.Source]
		}
		return false
	}, pages
}

// sameAnchors reports whether the changed pages define the same heading
// and task ids as before, so that links into them need no new check.
func (o *serveOutput) sameAnchors(pages map[*content.Page]bool) bool {
	for p := range pages {
		old := o.last.ByPath[p.Rel]
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
	return append(d.Anchors(), d.TitleID)
}

func (o *serveOutput) render(ctx context.Context, r *render.Renderer, site *content.Site, fsys fs.FS) (render.Stats, diag.List) {
	o.r, o.site, o.fsys = r, site, fsys
	o.partial = o.sel != nil
	batch, err := o.folder.Begin()
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{}, "publish: %v", err)
		return render.Stats{}, diags
	}
	o.batch = batch
	if !o.partial {
		names := map[string]bool{}
		stats, diags := r.Render(ctx, site, fsys, batch, recordBodies(names, nil))
		o.keep, o.nextBodyNames = stats.Names, names
		return stats, diags
	}
	// Write what changed over the last output. Files built from every
	// body follow in the background (see commit), so the edited page is
	// served without waiting for them.
	if o.onlyPages() {
		return r.RenderPages(ctx, site, batch, o.touched)
	}
	sel := o.sel
	stats, diags := r.Render(ctx, site, fsys, batch, func(j *render.Job) bool { return j.Dep != render.DepBodies && sel(j) })
	o.keep = stats.Names // a deleted content or static file leaves the output
	return stats, diags
}

// onlyPages reports whether every change is to a Markdown page.
func (o *serveOutput) onlyPages() bool {
	for p := range o.pending {
		switch o.lay.Classify(p).Kind {
		case layout.Page, layout.SectionPage, layout.Ignored:
		default:
			return false
		}
	}
	return true
}

func (o *serveOutput) commit(_ *diag.List, later func([]string)) error {
	if err := o.batch.Commit(o.keep); err != nil {
		return err
	}
	o.mu.Lock()
	o.out = o.folder
	o.mu.Unlock()
	o.last, o.lastR, o.done = o.site, o.r, true
	if !o.partial {
		o.bodiesStale.Store(false) // a full build rendered them
		o.bodyNames = o.nextBodyNames
	}
	if o.fresh {
		for _, s := range o.spills[:len(o.spills)-1] {
			_ = s.Close()
		}
		o.spills = o.spills[len(o.spills)-1:]
	}
	if o.partial && (len(o.touched) > 0 || o.bodiesStale.Load()) {
		sel := o.sel
		o.renderLater(func(j *render.Job) bool { return j.Dep == render.DepBodies && sel(j) }, later)
	}
	return nil
}

func (o *serveOutput) close() {
	if !o.done { // keep the changes for the build that succeeds
		for p := range o.pending {
			o.changes[p] = true
		}
	}
	if o.batch != nil {
		o.batch.Abort() // nothing when committed
	}
	o.pending, o.batch, o.keep, o.lay, o.r, o.site, o.fsys = nil, nil, nil, nil, nil, nil, nil
}

// renderLater renders the jobs sel picks in the background and moves
// them into the output when done, then calls notify with their names.
// Called with Builder.mu held.
func (o *serveOutput) renderLater(sel func(*render.Job) bool, notify func([]string)) {
	ctx, cancel := context.WithCancel(context.Background())
	o.laterCancel = cancel
	r, site, fsys, folder := o.r, o.site, o.fsys, o.folder
	o.bodiesStale.Store(true)
	o.later.Add(1)
	go func() {
		defer o.later.Done()
		batch, err := folder.Begin()
		if err != nil {
			return // the next build renders them again
		}
		defer batch.Abort()
		names := map[string]bool{}
		stats, diags := r.Render(ctx, site, fsys, batch, recordBodies(names, sel))
		if ctx.Err() != nil || diags.HasErrors(false) {
			return // superseded by a newer build, which renders them again
		}
		for n := range o.bodyNames {
			if !names[n] {
				batch.Remove(n) // no longer made
			}
		}
		if batch.Commit(nil) != nil {
			return
		}
		o.bodyNames = names
		o.bodiesStale.Store(false)
		if notify != nil {
			notify(stats.Written)
		}
	}()
}

// serveDir makes the folder for the dev server's output of the site
// folder source: a new folder in playbook's user cache folder (or the
// system's temporary folder), named after the site so that one left by a
// server that was killed can be told apart.
func serveDir(source string) (string, error) {
	base := os.TempDir()
	if cache, err := cacheDir(); err == nil {
		base = cache
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		base = os.TempDir()
	}
	if abs, err := filepath.Abs(source); err == nil {
		source = abs
	}
	sum := sha256.Sum256([]byte(source))
	return os.MkdirTemp(base, fmt.Sprintf("serve-%x-", sum[:4]))
}

// quickEdit is the dev server's fast path for edits to page bodies: when
// every change since the last good build is a page whose front matter,
// title, checklist counts and anchors stayed the same (its
// content.Source.ListingKey and anchor ids), the site's structure and
// every other page's output are those of the last build. The edited
// pages' sources are swapped into the last build's site, their links
// resolved again, the pages rendered and committed; the files built from
// every body follow in the background. It reports false, having changed
// nothing, when the edit needs a build: anything else changed, a page
// failed to load, or its links or render have errors.
func (b *Builder) quickEdit(ctx context.Context, start time.Time) (*Result, bool) {
	o := b.serve
	prev, site, r := o.lastRes, o.last, o.lastR
	if prev == nil || site == nil || r == nil || b.md == nil || len(o.changes) == 0 || o.changes[""] || len(o.spills) == 0 {
		return nil, false
	}
	now := b.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if y, m, d := now.Date(); site.Now.Year() != y || site.Now.Month() != m || site.Now.Day() != d {
		return nil, false // a new day: review dates and the print cover move
	}
	fsys, closeFS, err := b.siteFS()
	if err != nil {
		return nil, false
	}
	defer closeFS()
	type edit struct {
		page *content.Page
		src  *content.Source
	}
	var edits []edit
	for p := range o.changes {
		c := prev.Layout.Classify(p)
		switch c.Kind {
		case layout.Ignored:
			continue
		case layout.Page, layout.SectionPage:
		default:
			return nil, false
		}
		page := site.ByPath[c.Rel]
		if page == nil || page.Failed || page.Doc == nil || page.File != p {
			return nil, false
		}
		info, err := fs.Stat(fsys, p)
		if err != nil || !info.Mode().IsRegular() || info.Size() > prev.Config.Limits.MaxFileBytes {
			return nil, false
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, false
		}
		src, _ := content.ParseSource(prev.Config, b.md, p, c.Rel, data, content.Options{Spill: o.spills[len(o.spills)-1]})
		if src.Failed || src.Doc == nil || src.ListingKey != page.ListingKey || !slices.Equal(anchorIDs(src.Doc), anchorIDs(page.Doc)) {
			return nil, false
		}
		if src.Hash != page.Hash {
			edits = append(edits, edit{page, src})
		}
	}

	// Swap the sources in, remembering what to put back.
	type saved struct {
		src   *content.Source
		links []content.LinkTarget
		diags diag.List
	}
	old := make([]saved, len(edits))
	drop := map[*diag.Diagnostic]bool{}
	for _, d := range r.Warnings() { // RenderPages reports them again
		drop[d] = true
	}
	for _, p := range site.Pages {
		for _, d := range p.LinkDiags {
			drop[d] = true
		}
	}
	touched := make(map[*content.Page]bool, len(edits))
	for i, e := range edits {
		for _, d := range e.page.LoadDiags {
			drop[d] = true
		}
		old[i] = saved{e.page.Source, e.page.Links, e.page.LinkDiags}
		e.page.Source = e.src
		touched[e.page] = true
	}
	undo := func() {
		for i, e := range edits {
			e.page.Source, e.page.Links, e.page.LinkDiags = old[i].src, old[i].links, old[i].diags
		}
	}
	var diags diag.List
	for _, d := range prev.Diags {
		if !drop[d] {
			diags = append(diags, d)
		}
	}
	for _, e := range edits {
		diags.Append(e.src.LoadDiags)
	}
	diags.Append(transform.Relink(site, touched))
	if diags.HasErrors(b.opts.Strict) {
		undo()
		return nil, false
	}

	batch, err := o.folder.Begin()
	if err != nil {
		undo()
		return nil, false
	}
	stats, l := r.RenderPages(ctx, site, batch, touched)
	if l.HasErrors(b.opts.Strict) || ctx.Err() != nil {
		batch.Abort()
		undo()
		return nil, false
	}
	diags.Append(l)
	if err := batch.Commit(nil); err != nil {
		batch.Abort()
		undo()
		return nil, false
	}
	for _, e := range edits {
		if b.sources != nil {
			b.sources[e.page.Rel] = e.src
		}
	}
	o.changes = map[string]bool{}
	o.r, o.site, o.fsys = r, site, fsys // as build leaves them: fsys closes, body jobs do not read it
	if len(touched) > 0 || o.bodiesStale.Load() {
		o.renderLater(func(j *render.Job) bool { return j.Dep == render.DepBodies }, b.laterDone)
	}
	o.r, o.site, o.fsys = nil, nil, nil
	stats.Pages, stats.Sections = prev.Stats.Pages, prev.Stats.Sections
	diags.Sort()
	res := &Result{Site: site, Config: prev.Config, Layout: prev.Layout, Stats: stats, Diags: diags, Incremental: true}
	res.Duration = time.Since(start)
	res.Stages = []Stage{{"edit", res.Duration}}
	o.lastRes = res
	return res, true
}

// recordBodies returns sel (nil: every job) recording in names the
// files of the jobs built from every body that it picks.
func recordBodies(names map[string]bool, sel func(*render.Job) bool) func(*render.Job) bool {
	var mu sync.Mutex
	return func(j *render.Job) bool {
		run := sel == nil || sel(j)
		if run && j.Dep == render.DepBodies {
			mu.Lock()
			names[j.Name] = true
			mu.Unlock()
		}
		return run
	}
}
