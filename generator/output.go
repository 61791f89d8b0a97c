package generator

import (
	"cmp"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/generator/transform"
)

// output is one way of keeping what a build renders: a folder on disk
// (swapped in whole, or patched in place with the build cache's record),
// the dev server's memory, a caller's target, or nothing (check). Build
// calls open, plan, render and commit in that order, stopping at the
// first failure, and always close.
type output interface {
	// open prepares a build of the site in fsys: it sets what the loader
	// needs for this output in load (a spill file, the paths that
	// changed). It returns the previous build's record when the output
	// already is what this build would make, and the build stops there.
	open(fsys fs.FS, lay *layout.Layout, load *content.Options) (*manifest, error)
	// plan returns the transform options for this build of site: an
	// output that re-renders one edited page needs only its links
	// resolved.
	plan(site *content.Site, lay *layout.Layout) transform.Options
	// render writes site's files with r: all of them, or those whose
	// inputs changed since the output was made.
	render(ctx context.Context, r *render.Renderer, site *content.Site, fsys fs.FS) (render.Stats, diag.List)
	// commit makes what render wrote the output. It may add warnings to
	// diags; later is called with files rendered after commit returns.
	commit(diags *diag.List, later func(written []string)) error
	// close releases what open set up, dropping what render wrote unless
	// it was committed.
	close()
}

// output returns the way this build keeps its files.
// docs says whether a build to disk may use the cache of parsed pages;
// gitKey identifies the git history the build reads (see gitState).
func (b *Builder) output(cfg *config.Config, docs bool, gitKey string) output {
	switch {
	case b.serve != nil:
		return b.serve
	case b.opts.Check:
		return &targetOutput{target: discard{}}
	case b.opts.Target != nil:
		return &targetOutput{target: b.opts.Target}
	}
	now := b.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	// The early answer and the spill file need the site on disk; an
	// in-memory site (tests) builds in full and keeps its bodies.
	o := &diskOutput{opts: b.opts, cfg: cfg, dir: b.outputDir(cfg), now: now, oneShot: b.opts.FS == nil, noDocs: !docs, gitKey: gitKey}
	if !o.opts.NoCache {
		if _, err := cacheDir(); err != nil {
			o.opts.NoCache, o.cacheOff = true, err
		}
	}
	return o
}

// targetOutput renders every file into a target that keeps them as they
// come (memory for tests and the PDF printer, nothing for check).
type targetOutput struct{ target publish.Target }

func (o *targetOutput) open(fs.FS, *layout.Layout, *content.Options) (*manifest, error) {
	return nil, nil
}

func (o *targetOutput) plan(*content.Site, *layout.Layout) transform.Options {
	return transform.Options{}
}

func (o *targetOutput) render(ctx context.Context, r *render.Renderer, site *content.Site, fsys fs.FS) (render.Stats, diag.List) {
	return r.Render(ctx, site, fsys, o.target, nil)
}

func (o *targetOutput) commit(*diag.List, func([]string)) error { return nil }

func (o *targetOutput) close() {}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// diskOutput builds into a folder beside the output folder and then
// swaps it in whole or, when the build cache has a record of the output,
// moves in only the files that changed and deletes those no longer made.
// A one-shot build keeps the pages' rendered bodies in a spill file, not
// in memory, until it writes them.
type diskOutput struct {
	opts    Options
	cfg     *config.Config
	dir     string // the output folder
	now     time.Time
	oneShot bool // the site is on disk: answer early, spill bodies
	noDocs  bool // parse every page, without the cache of parsed pages

	// gitKey names the git history the build reads, an input beside the
	// files (see gitState).
	gitKey string
	inputs string // hash of every input file, when oneShot
	stamps map[string]inputStamp
	// The sources kept by the last build (see sources.go): their salt,
	// the entries read, the sources this build took from them, and the
	// site to keep the sources of.
	salt  string
	kept  *keptFile
	given map[*content.Source]bool
	site  *content.Site
	cache *buildCache // nil with NoCache
	// cacheOff is why the build cache is off without NoCache: there
	// is no folder for it.
	cacheOff error
	docs     *markdown.DocCache
	// analyses are the pages' search analyses, kept with docs; parts
	// where print pages' parts lie in their files.
	analyses *analysisStore
	parts    *partStore
	tmp      *publish.Dir
	spill    *markdown.Spill
	stats    render.Stats
	patched  bool
	done     bool
}

func (o *diskOutput) open(fsys fs.FS, lay *layout.Layout, load *content.Options) (*manifest, error) {
	if !o.opts.NoCache {
		// The site's folders are listed while the record is read: the
		// inputs' hash and the loader then walk them in memory.
		var listed sync.WaitGroup
		if sf, ok := fsys.(*siteFiles); ok && o.oneShot {
			listed.Go(func() { sf.list(lay.Inputs(), lay) })
		}
		o.cache = openCache(o.dir, o.reader())
		listed.Wait()
		if o.oneShot {
			o.inputs, o.stamps = inputsKey(fsys, lay, o.opts, o.now, time.Now(), o.cache.prev, o.gitKey)
			if o.cache.upToDate(o.inputs, o.dir) {
				publish.RemoveLeftovers(o.dir)
				return o.cache.prev, nil
			}
		}
	}
	if err := checkOutput(o.opts.Source, o.dir, lay); err != nil {
		return nil, err
	}
	if o.oneShot && o.cache != nil && !o.noDocs {
		// Parsed bodies go to the build cache, whose pack is the spill
		// file and stays for the next build. The index of parsed pages
		// and the kept sources are read side by side; the analyses are
		// wanted only at render and finish reading during the load.
		o.salt = sourcesSalt(o.cfg.Source(), o.opts)
		var wg sync.WaitGroup
		if o.cache.prev != nil {
			wg.Go(func() { o.kept = keptSources(o.cache.read, o.cache.sourcesPath(), o.salt) })
		}
		docs, err := o.cache.docs()
		if err == nil {
			o.docs, load.Docs, load.Spill, load.Reuse = docs, docs, docs.Spill(), nil
			o.analyses = openAnalyses(o.cache.read, o.cache.analysesPath(), o.cache.shardsPath())
			o.given = map[*content.Source]bool{}
		}
		wg.Wait()
		if err == nil && o.kept != nil {
			load.Known = knownSources(o.kept.entries, o.stamps, docs, lay.Content, o.given)
		}
	}
	if o.oneShot && o.docs == nil {
		spill, err := markdown.NewSpill(spillDir(o.dir))
		if err != nil {
			return nil, err
		}
		o.spill, load.Spill, load.Reuse = spill, spill, nil
	}
	tmp, err := publish.NewDir(o.dir)
	if err != nil {
		return nil, err
	}
	o.tmp = tmp
	return nil, nil
}

// spillDir is where a one-shot build keeps rendered bodies: beside the
// output folder, on the disk it writes anyway.
func spillDir(out string) string {
	dir := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return os.TempDir()
	}
	return dir
}

func (o *diskOutput) plan(*content.Site, *layout.Layout) transform.Options {
	// The transform and the listing of jobs leave a core free: the
	// previous output is looked at meanwhile, for the render's selector.
	o.cache.lookAtOutput(o.dir)
	return transform.Options{}
}

func (o *diskOutput) render(ctx context.Context, r *render.Renderer, site *content.Site, fsys fs.FS) (render.Stats, diag.List) {
	var sel func(*render.Job) bool
	var target publish.Target = o.tmp
	var sums *sumTarget
	if o.cache != nil {
		k := newKeys(o.cfg.Source(), o.opts, r.ThemeSum(), site)
		sel = o.cache.selector(k, site, o.tmp)
		o.parts = newPartStore(o.cache, o.tmp, o.dir, k)
		r.UsePartCache(o.parts)
		sums = newSumTarget(o.tmp, o.cache)
		target = sums
		if o.analyses != nil {
			o.analyses.salt = shortKey(k.base + "|" + k.structure)
		}
	}
	o.site = site
	if o.analyses != nil {
		r.UseSearchCache(o.analyses)
	}
	stats, diags := r.Render(ctx, site, fsys, target, sel)
	if sums != nil {
		stats.Written = sums.written(stats.Written)
		stats.Files = len(stats.Written)
		stats.PrintReused = o.parts.reused()
	}
	if o.analyses != nil {
		stats.SearchReused = o.analyses.reused()
	}
	o.stats = stats
	if o.cache == nil || diags.HasErrors(o.opts.Strict) {
		return stats, diags
	}
	// With a record of the previous output, the output folder is updated
	// in place: changed files move in, files no longer made go. Without
	// one, the files the render skipped are linked from the old output
	// into the new folder, which is swapped in whole.
	var known publish.Listing
	if l := o.cache.listing(o.dir); l != nil {
		known = l
	}
	if o.patched = o.cache.prev != nil && o.tmp.Patch(stats.Names, known); o.patched {
		return stats, diags
	}
	written := make(map[string]bool, len(stats.Written))
	for _, n := range stats.Written {
		written[n] = true
	}
	for _, n := range stats.Names {
		if !written[n] {
			if err := o.tmp.Reuse(n); err != nil {
				diags.Errorf(diag.Pos{File: n}, "reuse previous output: %v", err)
			}
		}
	}
	return stats, diags
}

func (o *diskOutput) commit(diags *diag.List, _ func([]string)) error {
	switch {
	case o.patched:
		// Until the record is saved again, the folder is not the one it
		// describes: a build that dies while patching starts afresh.
		o.cache.drop()
	case o.cache == nil:
		// A build that ignores the record makes it wrong for this folder.
		if c := openCache(o.dir, cachefile.Read); c != nil {
			c.drop()
		}
	}
	o.done = true
	if err := o.tmp.Commit(); err != nil {
		return err
	}
	if o.cache != nil {
		o.cache.stamp(o.dir, o.stats.Names, o.stats.Written, o.patched)
		o.cache.stampDirs(o.dir, o.stats.Names, o.touched(), o.patched)
		next := o.cache.next
		next.InputsKey, next.Inputs, next.Pages, next.Sections, next.Diags = o.inputs, o.stamps, o.stats.Pages, o.stats.Sections, *diags
		// The cache's files are independent of each other: they are
		// written side by side.
		var wg sync.WaitGroup
		// The print spans serve only with the record that vouches for
		// their files, so they go side by side with it too.
		var recErr, partsErr, docsErr, wordsErr, srcErr error
		wg.Go(func() { recErr = o.cache.save() })
		wg.Go(func() { partsErr = o.parts.save(o.stats.Names) })
		if o.docs != nil {
			wg.Go(func() {
				if wordsErr = o.analyses.save(o.cache.analysesPath()); wordsErr == nil {
					wordsErr = o.analyses.saveShards(o.cache.shardsPath())
				}
			})
			wg.Go(func() { srcErr = keepSources(o.cache.sourcesPath(), o.salt, o.site, o.stamps, o.kept, o.given) })
			docsErr = o.docs.Save()
		}
		wg.Wait()
		recErr = cmp.Or(recErr, partsErr)
		if recErr != nil {
			diags.Warnf(diag.Pos{}, "build cache not saved: %v (deleting %s starts the cache afresh)", recErr, filepath.Dir(o.cache.path))
		}
		if err := cmp.Or(docsErr, wordsErr, srcErr); err != nil {
			o.docs.Drop()
			_ = os.Remove(o.cache.sourcesPath())
			_ = os.Remove(o.cache.analysesPath())
			_ = os.Remove(o.cache.shardsPath())
			diags.Warnf(diag.Pos{}, "build cache of parsed pages, search words and sources not saved: %v (deleting %s starts the cache afresh)", err, filepath.Dir(o.cache.path))
		}
	}
	return nil
}

// touched returns the files the commit wrote or removed: those written,
// and those of the previous output the build no longer makes.
func (o *diskOutput) touched() []string {
	out := append([]string(nil), o.stats.Written...)
	if prev := o.cache.prev; prev != nil {
		now := make(map[string]bool, len(o.stats.Names))
		for _, n := range o.stats.Names {
			now[n] = true
		}
		for n, f := range prev.Files {
			if !f.Stamped {
				continue
			}
			if !now[n] {
				out = append(out, n)
			}
		}
	}
	return out
}

// reader returns how the build cache's files are read: mapped when the
// process builds once (Options.MapCache), else read whole.
func (o *diskOutput) reader() readFunc {
	if o.opts.MapCache {
		return cachefile.Map
	}
	return cachefile.Read
}

func (o *diskOutput) close() {
	o.cache.wait() // a look at the output that a failed build started
	if o.parts != nil {
		o.parts.close()
	}
	if o.tmp != nil && !o.done {
		o.tmp.Abort()
	}
	if o.spill != nil {
		_ = o.spill.Close()
	}
	if o.docs != nil {
		o.docs.Close()
	}
	if o.analyses != nil {
		o.analyses.close()
	}
}
