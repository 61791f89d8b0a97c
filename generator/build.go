// Package generator builds a playbook site: it runs the stages load → parse
// → transform → render → publish in order. The dev server calls the same
// Builder on every change.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"playbook/generator/config"
	"playbook/generator/content"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/publish"
	"playbook/generator/render"
	"playbook/generator/transform"
	"playbook/themes"
)

// Version is the program's version.
const Version = "0.1.0"

// Options configure a build.
type Options struct {
	// Source is the site folder (holding site.toml and content/).
	Source string
	// FS, when set, is read instead of Source (tests build in memory).
	FS fs.FS
	// Output overrides publishDir; relative paths are taken from the
	// current directory.
	Output string
	// Target, when set, receives the output instead of a folder on disk.
	Target publish.Target
	// Check validates everything and writes nothing.
	Check bool
	// Drafts includes draft pages.
	Drafts bool
	// BaseURL overrides baseURL from site.toml.
	BaseURL string
	// Strict turns warnings into errors.
	Strict bool
	// Dev marks output for the dev server.
	Dev bool
	// Now is the build's date, for review reminders; zero means now.
	Now time.Time
	// NoCache ignores and does not write the build cache, so every output
	// file is rendered and written.
	NoCache bool
	// Incremental keeps the output in memory (see Builder.Output) and,
	// given the paths that changed (Builder.Changed), re-renders only what
	// depends on them. Target is ignored.
	Incremental bool
}

// Result describes a finished build.
type Result struct {
	// Site is the model the build made. After a one-shot build to disk
	// its pages' bodies are gone with the build's spill file: Doc.WriteHTML
	// and Doc.Text then fail; headings, links and tasks stay.
	Site     *content.Site
	Config   *config.Config
	Stats    render.Stats
	Diags    diag.List
	Output   string
	Duration time.Duration
	// Incremental is set when only part of the output was rendered.
	Incremental bool
	// Timings says how long each stage took.
	Timings Timings
}

// Timings are the durations of a build's stages.
type Timings struct {
	Config, Load, Transform, Theme, Render, Publish time.Duration
}

// Builder runs builds of one site and keeps what later builds can reuse:
// highlighted code and parsed pages whose files did not change.
type Builder struct {
	opts Options

	mu       sync.Mutex
	mdKey    config.Markup
	md       *markdown.Markdown
	previous map[string]*content.Page
	cfgHash  string

	// Incremental builds: the last good output and site, and the paths
	// changed since (nil: unknown, build everything).
	out      *publish.Memory
	prevSite *content.Site
	changes  map[string]bool

	// Background rendering of files built from every body.
	later       sync.WaitGroup
	laterCancel context.CancelFunc
	// OnLater, when set, is called with the files a background render
	// wrote once they are served.
	OnLater func(written []string)
}

// NewBuilder returns a Builder for opts.
func NewBuilder(opts Options) *Builder { return &Builder{opts: opts} }

// SetTarget sends the output of later builds to t.
func (b *Builder) SetTarget(t publish.Target) {
	b.mu.Lock()
	b.opts.Target = t
	b.mu.Unlock()
}

// Build builds the site once.
func Build(ctx context.Context, opts Options) (*Result, error) {
	return NewBuilder(opts).Build(ctx)
}

// Build runs every stage. Content problems come back in Result.Diags and,
// when they fail the build, as a diag.List error; the previous output is
// then left as it was.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	b.stopLater()
	b.mu.Lock()
	defer b.mu.Unlock()
	start := time.Now()
	res := &Result{}
	changes := b.changes
	b.changes = map[string]bool{}
	ok := false
	defer func() {
		if !ok { // keep the changes for the build that succeeds
			for p := range changes {
				b.changes[p] = true
			}
		}
	}()
	fsys, closeFS, err := b.siteFS()
	if err != nil {
		return res, err
	}
	defer closeFS()

	// Load: configuration.
	cfg, diags := config.Load(fsys)
	res.Config = cfg
	if b.opts.BaseURL != "" {
		cfg.BaseURL = b.opts.BaseURL
		var l diag.List
		l.Append(cfg.Validate(diag.NewLines(config.FileName, nil), ""))
		diags.Append(l)
	}
	if diags.HasErrors(false) {
		return b.fail(res, diags)
	}
	md := b.markdown(cfg)

	// Nothing changed since the last build of this output: done.
	var inputs string
	var early *buildCache
	if b.opts.Target == nil && !b.opts.Check && !b.opts.Incremental && !b.opts.NoCache && b.opts.FS == nil {
		now := b.opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		inputs = inputsKey(fsys, cfg, b.opts, now)
		if early = openCache(b.OutputDir(cfg)); early.upToDate(inputs, b.OutputDir(cfg)) {
			return b.unchanged(res, early, start)
		}
	}

	mark := time.Now()
	lap := func(d *time.Duration) { now := time.Now(); *d = now.Sub(mark); mark = now }
	lap(&res.Timings.Config)

	// Load and parse: every page once, in parallel.
	loadOpts := content.Options{Drafts: b.opts.Drafts, Now: b.opts.Now, Reuse: b.reuse(cfg)}
	if b.opts.Incremental && len(changes) > 0 {
		loadOpts.Previous, loadOpts.Changed = b.prevSite, changes
	}
	// A one-shot build to disk keeps the pages' HTML in a file, not in
	// memory, until it writes them.
	if b.oneShot() {
		spill, err := markdown.NewSpill(b.spillDir(cfg))
		if err != nil {
			return res, fmt.Errorf("load: %w", err)
		}
		defer func() { _ = spill.Close() }()
		loadOpts.Spill, loadOpts.Reuse = spill, nil
	}
	site, l := content.Load(ctx, fsys, cfg, md, loadOpts)
	diags.Append(l)
	res.Site = site
	if err := ctx.Err(); err != nil {
		return res, err
	}

	lap(&res.Timings.Load)

	// Transform: site-wide passes. An edit that keeps the site's structure
	// and the edited pages' anchors needs only their own links resolved.
	var plan func(*render.Job) bool
	var touched map[*content.Page]bool
	if b.opts.Incremental {
		plan, touched = b.plan(changes, site)
	}
	var topts transform.Options
	if plan != nil && b.sameAnchors(touched) {
		topts.LinksOf = touched
	}
	diags.Append(transform.Run(site, topts))
	lap(&res.Timings.Transform)
	if diags.HasErrors(b.opts.Strict) {
		return b.fail(res, diags)
	}

	// Render and publish.
	r, err := render.New(cfg, md, render.Options{Layers: b.layers(fsys, cfg), Dev: b.opts.Dev, Version: Version})
	if err != nil {
		return res, fmt.Errorf("render: %w", err)
	}
	lap(&res.Timings.Theme)
	var sel func(*render.Job) bool
	var target publish.Target
	var commit func() error
	abort := func() {}
	var later func(*render.Job) bool
	if b.opts.Incremental {
		sel = plan
		target, commit = b.memoryTarget(sel != nil)
		res.Incremental = sel != nil
		if sel != nil {
			// Files built from every body (print pages, search index)
			// follow in the background, so the edited page is served
			// without waiting for them.
			now := sel
			sel = func(j *render.Job) bool { return j.Dep != render.DepBodies && now(j) }
			later = func(j *render.Job) bool { return j.Dep == render.DepBodies && now(j) }
		}
	} else if target, commit, abort, err = b.target(cfg); err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	var cache *buildCache
	dir, onDisk := target.(*publish.Dir)
	if onDisk && !b.opts.NoCache {
		if cache = openCache(b.OutputDir(cfg)); cache != nil {
			cfgSrc, _ := fs.ReadFile(fsys, config.FileName)
			sel = cache.selector(newKeys(cfgSrc, b.opts, r.ThemeSum(), site), site, dir)
		}
	}
	var stats render.Stats
	if res.Incremental && len(touchedFiles(changes, cfg)) == 0 {
		stats, l = r.RenderPages(ctx, site, target, touched)
	} else {
		stats, l = r.Render(ctx, site, fsys, target, sel)
	}
	lap(&res.Timings.Render)
	// With a record of the previous output, the output folder is updated
	// in place: changed files move in, files no longer made go. Without
	// one, the new folder is swapped in whole.
	patched := cache != nil && cache.prev != nil && dir.Patch(stats.Names)
	if cache != nil && !patched && !diags.HasErrors(b.opts.Strict) {
		written := make(map[string]bool, len(stats.Written))
		for _, n := range stats.Written {
			written[n] = true
		}
		for _, n := range stats.Names {
			if !written[n] {
				if err := dir.Reuse(n); err != nil {
					l.Errorf(diag.Pos{File: n}, "reuse previous output: %v", err)
				}
			}
		}
	}
	diags.Append(l)
	res.Stats = stats
	if diags.HasErrors(b.opts.Strict) || ctx.Err() != nil {
		abort()
		if err := ctx.Err(); err != nil {
			return res, err
		}
		return b.fail(res, diags)
	}
	switch {
	case patched:
		// Until the record is saved again, the folder is not the one it
		// describes: a build that dies while patching starts afresh.
		cache.drop()
	case onDisk && b.opts.NoCache:
		// A build that ignores the record makes it wrong for this folder.
		if c := openCache(b.OutputDir(cfg)); c != nil {
			c.drop()
		}
	}
	if err := commit(); err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	defer lap(&res.Timings.Publish)
	if cache != nil {
		cache.next.Inputs, cache.next.Pages, cache.next.Sections = inputs, stats.Pages, stats.Sections
		cache.next.Diags = diags
		if err := cache.save(); err != nil {
			diags.Warnf(diag.Pos{}, "build cache not saved: %v", err)
		}
	}
	if b.opts.Incremental {
		if !res.Incremental { // a partial build cannot change the file set
			b.dropStale(stats.Names)
		}
		b.prevSite = site
		if later != nil {
			b.renderLater(r, site, fsys, later)
		}
	}
	switch {
	case b.oneShot(): // the pages' bodies go with the spill file
		b.previous = nil
	case res.Incremental && b.previous != nil:
		for p := range touched { // the others' entries are still right
			b.previous[p.Rel] = p
		}
	default:
		b.remember(site)
	}
	ok = true
	diags.Sort()
	res.Diags = diags
	res.Duration = time.Since(start)
	return res, nil
}

// oneShot reports a build that writes a folder on disk from files on disk,
// and keeps nothing for a next build.
func (b *Builder) oneShot() bool {
	return !b.opts.Incremental && !b.opts.Check && b.opts.Target == nil && b.opts.FS == nil
}

// spillDir is where a one-shot build keeps rendered bodies: beside the
// output folder, on the disk it writes anyway.
func (b *Builder) spillDir(cfg *config.Config) string {
	dir := filepath.Dir(filepath.Clean(b.OutputDir(cfg)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return os.TempDir()
	}
	return dir
}

// unchanged answers a build whose inputs and output are those of the last
// one: it writes nothing and repeats the last build's warnings.
func (b *Builder) unchanged(res *Result, c *buildCache, start time.Time) (*Result, error) {
	res.Stats.Pages, res.Stats.Sections = c.prev.Pages, c.prev.Sections
	for name := range c.prev.Keys {
		res.Stats.Names = append(res.Stats.Names, name)
	}
	sort.Strings(res.Stats.Names)
	res.Diags = c.prev.Diags
	res.Output = b.OutputDir(res.Config)
	res.Duration = time.Since(start)
	if err := res.Diags.Err(b.opts.Strict); err != nil {
		return res, err
	}
	return res, nil
}

func (b *Builder) fail(res *Result, diags diag.List) (*Result, error) {
	diags.Sort()
	res.Diags = diags
	return res, diags.Errors(b.opts.Strict)
}

// siteFS opens the site folder so that nothing, symlinks included, reads
// outside it.
func (b *Builder) siteFS() (fs.FS, func(), error) {
	if b.opts.FS != nil {
		return b.opts.FS, func() {}, nil
	}
	root, err := os.OpenRoot(b.opts.Source)
	if err != nil {
		return nil, nil, fmt.Errorf("open site: %w", err)
	}
	return root.FS(), func() { _ = root.Close() }, nil
}

// markdown returns the Markdown pipeline, rebuilt only when its options
// change so that its highlight cache survives rebuilds.
func (b *Builder) markdown(cfg *config.Config) *markdown.Markdown {
	if b.md == nil || b.mdKey != cfg.Markup {
		b.md = markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe, LineNumbers: cfg.Markup.Highlight.LineNumbers})
		b.mdKey = cfg.Markup
		b.previous = nil
	}
	return b.md
}

// reuse lets the loader take pages from the previous build whose bytes did
// not change. Transforms rewrite parts of a page, so a reused page is
// reset first.
func (b *Builder) reuse(cfg *config.Config) func(rel string, hash uint64) *content.Page {
	key := fmt.Sprintf("%v|%v|%v", cfg.Audiences, cfg.Limits, cfg.ContentDir)
	if b.previous == nil || key != b.cfgHash {
		b.cfgHash = key
		b.previous = nil
		return nil
	}
	prev := b.previous
	return func(rel string, hash uint64) *content.Page {
		p := prev[rel]
		if p == nil || p.Hash != hash {
			return nil
		}
		return p.Reset()
	}
}

func (b *Builder) remember(site *content.Site) {
	m := make(map[string]*content.Page, len(site.Pages))
	for _, p := range site.Pages {
		if p.File != "" {
			m[p.Rel] = p
		}
	}
	b.previous = m
}

// layers is the theme lookup path: the site's own layouts/, assets/ and
// static/, then themes/<theme>/ in the site, then the embedded default.
func (b *Builder) layers(fsys fs.FS, cfg *config.Config) render.Layers {
	layers := render.Layers{fsys}
	if sub, err := fs.Sub(fsys, "themes/"+cfg.Theme); err == nil {
		layers = append(layers, sub)
	}
	def, _ := fs.Sub(themes.Default, "default")
	return append(layers, def)
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// target returns where output goes and how to finish or undo it.
func (b *Builder) target(cfg *config.Config) (publish.Target, func() error, func(), error) {
	nop := func() error { return nil }
	switch {
	case b.opts.Check:
		return discard{}, nop, func() {}, nil
	case b.opts.Target != nil:
		return b.opts.Target, nop, func() {}, nil
	}
	out := b.OutputDir(cfg)
	if err := checkOutput(b.opts.Source, out); err != nil {
		return nil, nil, nil, err
	}
	d, err := publish.NewDir(out)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, d.Commit, d.Abort, nil
}

// OutputDir is the folder a build writes.
func (b *Builder) OutputDir(cfg *config.Config) string {
	if b.opts.Output != "" {
		return b.opts.Output
	}
	return filepath.Join(b.opts.Source, cfg.PublishDir)
}

// checkOutput refuses output folders that would swallow the site.
func checkOutput(source, out string) error {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site itself", out)
	}
	if strings.HasPrefix(dst, filepath.Join(src, "content")+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s is inside content/", out)
	}
	return nil
}
