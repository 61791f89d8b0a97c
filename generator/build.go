// Package generator builds a playbook site: Builder.Build reads the
// configuration, loads and parses the content, runs the site-wide
// transforms, renders into an output and commits it. How the output is kept
// (a folder swapped in or patched in place, the dev server's memory, a
// caller's target, nothing for check) is one implementation each of a small
// interface; the dev server calls the same Builder on every change.
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
	"sync/atomic"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/generator/transform"
	"github.com/playbook-ssg/playbook/internal/version"
	"github.com/playbook-ssg/playbook/themes"
)

// Version is the program's version, as `playbook version` prints it
// (see internal/version): in the generator meta tag of every page, and
// part of the build cache's key.
var Version = version.Get().Version

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
	// MapCache maps the build cache's files into memory rather than
	// reading them, which spares an edit build at 10,000 pages about
	// 50 MB of fresh memory. The mappings stay for the life of the
	// process (the site is decoded from them), so only a process that
	// builds once and ends, as `playbook build` does, should set it.
	MapCache bool
	// PrintPages asks for print pages per chapter or per role whatever
	// site.toml says (see render.Options.PrintPages).
	PrintPages render.PrintPages
	// Incremental keeps the output in a folder of its own (see
	// Builder.Output; Builder.Close removes it) and, given the paths that
	// changed (Builder.Changed), re-renders only what depends on them.
	// Target and Output are ignored.
	Incremental bool
	// OnProgress, when set, is called as the load stage reads pages and
	// the render stage makes files: once when each begins, then once per
	// page or file, from the stages' goroutines at once; and once as the
	// transform and commit stages begin (see Progress). It must be cheap
	// and safe for concurrent use (playbook's progress line stores the
	// numbers in atomics and draws them from a ticker).
	OnProgress func(Progress)
	// OnOpen, when set, is called once the output and the build cache
	// are open, before the load: incremental is set when the build works
	// from a previous build's record (an edit build, at most a few
	// pages parsed), unset for a build from scratch. playbook's build
	// lets the heap of a short incremental build grow further before
	// collecting (cmd/playbook/gc.go).
	OnOpen func(incremental bool)
}

// Progress is how far a stage of a build has come: Done of Total pages
// loaded (Stage "load") or output files made (Stage "render"). The
// stages between them have no count: "transform" (links, navigation)
// and "commit" (the files moved into the output and the build cache
// saved) are reported once as they begin, with Done and Total 0.
type Progress struct {
	Stage       string
	Done, Total int
}

// Result describes a finished build.
type Result struct {
	// Site is the model the build made. After a one-shot build to disk
	// its pages' bodies are gone with the build's spill file: Doc.WriteHTML
	// and Doc.Text then fail; headings, links and tasks stay.
	Site   *content.Site
	Config *config.Config
	// Layout says what each path of the site is; nil when site.toml
	// could not be read.
	Layout   *layout.Layout
	Stats    render.Stats
	Diags    diag.List
	Duration time.Duration
	// Incremental is set when only part of the output was rendered.
	Incremental bool
	// Stages are the build's stages in order with their wall time
	// (open: configuration, build cache and inputs; load; transform;
	// render; commit).
	Stages []Stage
	// Parsed and Cached count the page bodies this build parsed and those
	// it read back from the build cache instead (one-shot builds to disk
	// with the cache on; zero otherwise).
	Parsed, Cached int
	// Unread counts the pages whose sources came from the build cache
	// without their files being read: their size and time vouched for
	// the bytes the cache kept the source of.
	Unread int
	// CacheDamaged is set when a body read back from the build cache of
	// parsed pages was not what was written: the build ran again parsing
	// every page, and that cache starts afresh with the next build.
	CacheDamaged bool
	// CacheOff, when set, is why this build could not use the build
	// cache though Options.NoCache did not turn it off: no folder for
	// it (neither XDG_CACHE_HOME nor HOME set, say). Such a build
	// renders and writes every file.
	CacheOff error
}

// Stage is one stage of a build and how long it took.
type Stage struct {
	Name     string
	Duration time.Duration
}

// Builder runs builds of one site and keeps what later builds can reuse:
// highlighted code and the sources of pages whose files did not change.
type Builder struct {
	opts Options

	mu       sync.Mutex
	mdKey    markdownKey
	md       *markdown.Markdown
	sources  map[string]*content.Source
	reuseKey string
	// git is the history the last build read (enableGitInfo).
	git builtGit

	// serve is the output of incremental builds (Options.Incremental),
	// kept from build to build; nil otherwise.
	serve *serveOutput
	// OnLater, when set, is called with the files a background render
	// wrote once they are served.
	OnLater func(written []string)
}

// NewBuilder returns a Builder for opts.
func NewBuilder(opts Options) *Builder {
	b := &Builder{opts: opts}
	if opts.Incremental {
		b.serve = &serveOutput{source: opts.Source, changes: map[string]bool{}}
	}
	return b
}

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

// Build runs every stage: configuration, load and parse, transform,
// render into the output, commit. Content problems come back in
// Result.Diags and, when they fail the build, as a diag.List error; the
// previous output is then left as it was.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	res, err := b.build(ctx, true)
	if errors.Is(err, errDocsDamaged) {
		// A body read back from the build cache was not what was
		// written: nothing was committed, and the build runs again
		// parsing every page.
		res, err = b.build(ctx, false)
		if res != nil {
			res.CacheDamaged = true
		}
	}
	return res, err
}

// errDocsDamaged fails a build that read a damaged body from the cache of
// parsed pages.
var errDocsDamaged = errors.New("the build cache of parsed pages is damaged")

// build is Build, with the cache of parsed pages used when docs is set.
func (b *Builder) build(ctx context.Context, docs bool) (*Result, error) {
	b.stopLater()
	b.mu.Lock()
	defer b.mu.Unlock()
	res := &Result{}
	start := time.Now()
	if b.serve != nil {
		if res, ok := b.quickEdit(ctx, start); ok {
			return res, nil
		}
	}
	mark := start
	stage := func(name string) {
		now := time.Now()
		res.Stages = append(res.Stages, Stage{name, now.Sub(mark)})
		mark = now
	}
	fsys, closeFS, err := b.siteFS()
	if err != nil {
		return res, err
	}
	defer closeFS()

	cfg, diags := b.config(fsys)
	res.Config = cfg
	if diags.HasErrors(false) {
		return b.fail(res, diags)
	}
	res.Layout = layout.New(cfg, b.outputRel(cfg))
	git, l := b.openGit(ctx, cfg)
	diags.Append(l)
	md := b.markdown(cfg)
	load := content.Options{Drafts: b.opts.Drafts, Now: b.opts.Now, Reuse: b.reuse(cfg), Advance: b.advance("load")}
	out := b.output(cfg, docs, git.key)
	defer out.close()
	if d, ok := out.(*diskOutput); ok {
		res.CacheOff = d.cacheOff
	}
	done, err := out.open(fsys, res.Layout, &load)
	if err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	stage("open")
	if b.opts.OnOpen != nil {
		d, ok := out.(*diskOutput)
		b.opts.OnOpen(ok && d.cache != nil && d.cache.prev != nil)
	}
	if done != nil {
		return b.unchanged(res, done, start)
	}
	history := b.readGit(ctx, git, cfg)
	var unread atomic.Int64
	if known := load.Known; known != nil {
		load.Known = func(rel string) *content.Source {
			src := known(rel)
			if src != nil {
				unread.Add(1)
			}
			return src
		}
	}

	site, l := content.Load(ctx, fsys, cfg, res.Layout, md, load)
	if sf, ok := fsys.(*siteFiles); ok {
		sf.drop()
	}
	if b.serve == nil {
		md.Highlighter().Forget() // the dev server's next parse may use it
	}
	res.Unread += int(unread.Load())
	diags.Append(l)
	res.Site = site
	if load.Docs != nil {
		res.Parsed, res.Cached = load.Docs.Misses, load.Docs.Hits
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	stage("load")

	b.begin("transform")
	site.Git, l = history()
	diags.Append(l)
	layers := b.layers(fsys, res.Layout)
	site.Static = staticFiles(layers)
	diags.Append(transform.Run(site, out.plan(site, res.Layout)))
	// The theme loads before the content's errors fail the build, so
	// that its own come with them.
	r, err := render.New(cfg, md, render.Options{Layers: layers, Dev: b.opts.Dev, Version: Version, PrintPages: b.opts.PrintPages, Advance: b.advance("render")})
	themeErrs := diag.List(nil)
	if errors.As(err, &themeErrs) {
		diags.Append(themeErrs) // the theme's syntax errors and bad names, each at its place
	}
	if diags.HasErrors(b.opts.Strict) {
		return b.fail(res, diags)
	}
	stage("transform")
	if err != nil {
		return res, fmt.Errorf("render: %w", err)
	}
	res.Stats, l = out.render(ctx, r, site, fsys)
	stage("render")
	if load.Docs != nil && load.Docs.Damaged() {
		load.Docs.Drop()
		return res, errDocsDamaged
	}
	diags.Append(l)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if diags.HasErrors(b.opts.Strict) {
		return b.fail(res, diags)
	}

	b.begin("commit")
	if err := out.commit(&diags, b.laterDone); err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	stage("commit")
	res.Incremental = b.serve != nil && b.serve.partial
	if b.serve != nil {
		b.serve.lastRes = res
	}
	b.remember(site, (load.Spill != nil || load.Docs != nil) && b.serve == nil) // serve's spill outlives the build
	diags.Sort()
	res.Diags = diags
	res.Duration = time.Since(start)
	return res, nil
}

// advance reports a stage's progress to Options.OnProgress; nil when
// there is none.
func (b *Builder) advance(stage string) func(done, total int) {
	report := b.opts.OnProgress
	if report == nil {
		return nil
	}
	return func(done, total int) { report(Progress{stage, done, total}) }
}

// begin reports to Options.OnProgress that a stage without a count
// begins.
func (b *Builder) begin(stage string) {
	if advance := b.advance(stage); advance != nil {
		advance(0, 0)
	}
}

// config loads site.toml and applies the options that override it.
func (b *Builder) config(fsys fs.FS) (*config.Config, diag.List) {
	cfg, diags := config.Load(fsys)
	if b.opts.BaseURL != "" {
		cfg.BaseURL = b.opts.BaseURL
		var l diag.List
		l.Append(cfg.Validate(diag.NewLines(config.FileName, nil), ""))
		diags.Append(l)
	}
	if !diags.HasErrors(false) {
		diags.Append(cfg.CheckFolders(fsys, b.sourceDir()))
	}
	return cfg, diags
}

// sourceDir is the site folder's absolute path, for messages about
// folders it lacks; "" for a site read through Options.FS.
func (b *Builder) sourceDir() string {
	if b.opts.FS != nil {
		return ""
	}
	if abs, err := filepath.Abs(b.opts.Source); err == nil {
		return abs
	}
	return b.opts.Source
}

// laterDone passes on the files a background render wrote.
func (b *Builder) laterDone(written []string) {
	if b.OnLater != nil {
		b.OnLater(written)
	}
}

// unchanged answers a build whose inputs and output are those of the last
// one: it writes nothing and repeats the last build's warnings.
func (b *Builder) unchanged(res *Result, prev *manifest, start time.Time) (*Result, error) {
	res.Stats.Pages, res.Stats.Sections = prev.Pages, prev.Sections
	for name := range prev.Files {
		res.Stats.Names = append(res.Stats.Names, name)
	}
	sort.Strings(res.Stats.Names)
	res.Diags = prev.Diags
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
		if err := checkFS(b.opts.FS, b.opts.Source); err != nil {
			return nil, nil, err
		}
		return b.opts.FS, func() {}, nil
	}
	if err := CheckSource(b.opts.Source); err != nil {
		return nil, nil, err
	}
	root, err := os.OpenRoot(b.opts.Source)
	if err != nil {
		return nil, nil, fmt.Errorf("open site: %w", err)
	}
	files := newSiteFiles(root)
	return files, files.Close, nil
}

// markdownKey is what the Markdown pipeline is built from.
type markdownKey struct {
	markup      config.Markup
	maxElements int
}

// markdown returns the Markdown pipeline, rebuilt only when its options
// change so that its highlight cache survives rebuilds.
func (b *Builder) markdown(cfg *config.Config) *markdown.Markdown {
	key := markdownKey{cfg.Markup, cfg.Limits.MaxElements}
	if b.md == nil || b.mdKey != key {
		b.md = markdown.New(markdown.Options{
			Unsafe:        cfg.Markup.Unsafe,
			LineNumbers:   cfg.Markup.Highlight.LineNumbers,
			NoTypographer: !cfg.Markup.Typographer,
			ThemeID:       render.ThemeID,
			MaxElements:   cfg.Limits.MaxElements,
		})
		b.mdKey = key
		b.sources = nil
	}
	return b.md
}

// reuse lets the loader take the sources of the previous build whose
// files' bytes did not change.
func (b *Builder) reuse(cfg *config.Config) func(rel string, hash uint64) *content.Source {
	key := fmt.Sprintf("%v|%v|%v|%v", cfg.Audiences, cfg.Limits, cfg.ContentDir, layout.OptionalOf(cfg)) // aliases are checked against the optional paths
	if b.sources == nil || key != b.reuseKey {
		b.reuseKey = key
		b.sources = nil
		return nil
	}
	prev := b.sources
	return func(rel string, hash uint64) *content.Source {
		if src := prev[rel]; src != nil && src.Hash == hash {
			return src
		}
		return nil
	}
}

// remember keeps the site's sources for the next build, unless their
// bodies went with the build's spill file.
func (b *Builder) remember(site *content.Site, spilled bool) {
	if spilled {
		b.sources = nil
		return
	}
	m := make(map[string]*content.Source, len(site.Pages))
	for _, p := range site.Pages {
		if p.File != "" {
			m[p.Rel] = p.Source
		}
	}
	b.sources = m
}

// layers is the theme lookup path: the theme folders of the layout (the
// site's own layouts/, assets/ and static/, then its theme's), then the
// embedded default.
func (b *Builder) layers(fsys fs.FS, lay *layout.Layout) render.Layers {
	var layers render.Layers
	for _, dir := range lay.ThemeFolders() {
		if sub, err := fs.Sub(fsys, dir); err == nil {
			layers = append(layers, render.Layer{FS: sub, Dir: dir})
		}
	}
	return append(layers, builtinTheme())
}

// builtinTheme is the theme built into playbook, named in messages by
// where its files are in playbook's source.
func builtinTheme() render.Layer {
	def, _ := fs.Sub(themes.Default, "default")
	sums := make(map[string]string, len(themes.Sums))
	for name, sum := range themes.Sums {
		sums[strings.TrimPrefix(name, "default/")] = sum
	}
	return render.Layer{FS: def, Dir: "themes/default", Builtin: true, Sums: sums}
}

// staticFiles lists the files the static folders of layers publish, for
// links to resolve against.
func staticFiles(layers render.Layers) map[string]bool {
	files := map[string]bool{}
	for _, name := range layers.Files(layout.Static) {
		files[name] = true
	}
	return files
}

// outputRel is the output folder relative to the site, when the options
// name one ("" otherwise, or when it is outside the site).
func (b *Builder) outputRel(cfg *config.Config) string {
	if b.opts.Output == "" || b.opts.FS != nil {
		return ""
	}
	src, err1 := filepath.Abs(b.opts.Source)
	dst, err2 := filepath.Abs(b.outputDir(cfg))
	rel, err3 := filepath.Rel(src, dst)
	if errors.Join(err1, err2, err3) != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// outputDir is the folder a build writes.
func (b *Builder) outputDir(cfg *config.Config) string {
	if b.opts.Output != "" {
		return b.opts.Output
	}
	if filepath.IsAbs(cfg.PublishDir) {
		return cfg.PublishDir
	}
	return filepath.Join(b.opts.Source, cfg.PublishDir)
}

// checkOutput refuses output folders that would swallow the site or its
// content folder.
func checkOutput(source, out string, lay *layout.Layout) error {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site itself", out)
	}
	if content := filepath.Join(src, filepath.FromSlash(lay.Content)); dst == content || strings.HasPrefix(dst, content+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s is inside the content folder %s/", out, lay.Content)
	}
	return nil
}
