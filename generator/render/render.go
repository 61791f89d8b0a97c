// Package render turns the transformed site into files: pages through
// html/template with small view structs, taxonomy pages, aliases, the
// sitemap, fingerprinted theme assets and copied static files.
package render

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/search"
)

// Options configure a Renderer.
type Options struct {
	// Layers is the theme lookup path, most specific first.
	Layers Layers
	// Dev marks output for the dev server (review notes, no canonical).
	Dev bool
	// Version is printed in the generator meta tag.
	Version string
	// PrintPages asks for print pages per chapter or per role whatever
	// site.toml's [print] says (playbook pdf, which prints one of them);
	// links in the site stay as site.toml has them.
	PrintPages PrintPages
	// Advance, when set, is called with the number of files a render has
	// made so far and the number it makes, once before the first and
	// once after each, from the rendering goroutines at once.
	Advance func(done, total int)
}

// Renderer renders sites with one theme. It is safe for concurrent use.
type Renderer struct {
	cfg    *config.Config
	md     *markdown.Markdown
	tpl    *templates
	layers Layers
	assets []asset
	site   *siteView
	// themeSum identifies every template, asset and static file.
	themeSum string
	// extraPrint is Options.PrintPages.
	extraPrint PrintPages
	// advance is Options.Advance.
	advance func(done, total int)
	// pageInGo is set when writePage writes the pages of layout "page".
	pageInGo bool
	// navs caches the sidebar HTML of pages outside the navigation per
	// root; levels the levels of the navigation (navLevel) and audiences
	// the audience of each section, both per build.
	navs      sync.Map
	levels    sync.Map
	audiences sync.Map
	// splits caches the shared part of the sidebars of the pages
	// directly under an entry (navSplit) per entry and root.
	splits sync.Map
	// navWindow is the largest window a sidebar cut by a split had, in
	// bytes: the room the next one is given.
	navWindow atomic.Int64
	// entries caches the HTML of list entries per page and root.
	entries sync.Map
	// printIDsOf caches the print pages' part ids per site (printIDs).
	printIDsOf sync.Map
	// searchCache, when set, keeps pages' search analyses between builds;
	// partCache the parts of print pages.
	searchCache search.AnalysisCache
	partCache   PartCache
}

// Span is where a part of a print page lies in its file, in bytes, the
// CRC-32C (Castagnoli) of its bytes, which a render checks before it
// copies them, and their SHA-256, from which the file's composed sum is
// made (see SumComposer).
type Span struct {
	Off, Len int64
	CRC      uint32
	Sum      [32]byte
}

// SumComposer is implemented by the files of a target that records a sum
// of each file's bytes (a cached build's, which writes only the files
// whose sums changed). ComposeSum, called before anything is written,
// stops the file hashing what it is given and returns the function that
// gives it the file's sum instead: a print page composes its sum from its
// parts' (see composer), so that the parts it copies from the previous
// file, nearly all of its bytes, are not hashed again. A composed sum
// starts with "c", so that it never equals a sum of plain bytes.
type SumComposer interface {
	ComposeSum() (set func(sum string))
}

// PartCache keeps, from one build to the next, where the parts of each
// print page lie in its file, so that a render copies the parts whose
// pages did not change from the previous file rather than rendering them
// again. Implementations must be safe for concurrent use.
type PartCache interface {
	// Previous returns the previous file of the print page name and
	// where its parts lay in it, when that file is as the previous build
	// wrote it and was made with the same frame key; else nil, nil.
	Previous(name, frame string) (io.ReaderAt, map[string]Span)
	// Keep records where the parts of the print page name, made with
	// frame, lie in the file this render wrote; copied of them came
	// from the previous file.
	Keep(name, frame string, spans map[string]Span, copied int)
}

// UsePartCache makes later renders of print pages take unchanged parts
// from c. Call it before Render, not during one.
func (r *Renderer) UsePartCache(c PartCache) { r.partCache = c }

// UseSearchCache makes the search index of later renders take unchanged
// pages' analyses from c and keep the others' in it. Call it before
// Render, not during one.
func (r *Renderer) UseSearchCache(c search.AnalysisCache) { r.searchCache = c }

// ThemeSum identifies the theme's files: it changes whenever a template,
// an asset or a static file does.
func (r *Renderer) ThemeSum() string { return r.themeSum }

// New loads the theme's templates and assets. Problems of the theme's
// files (a template's syntax, a name that is not UTF-8) come back as a
// diag.List, each at its place.
func New(cfg *config.Config, md *markdown.Markdown, opts Options) (*Renderer, error) {
	bad := opts.Layers.badNames()
	r, err := newRenderer(cfg, md, opts)
	if len(bad) > 0 {
		// Layers.Files leaves the bad names out: the templates' own
		// errors come with them.
		if l := diag.List(nil); errors.As(err, &l) {
			bad.Append(l)
		}
		bad.Sort()
		return nil, bad
	}
	return r, err
}

// newRenderer is New without the check of the names.
func newRenderer(cfg *config.Config, md *markdown.Markdown, opts Options) (*Renderer, error) {
	tpl, err := loadTemplates(opts.Layers, funcs())
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	r := &Renderer{cfg: cfg, md: md, tpl: tpl, layers: opts.Layers, extraPrint: opts.PrintPages, advance: opts.Advance}
	r.site = &siteView{
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cfg.Language,
		Copyright:   cfg.Copyright,
		Params:      cfg.Params,
		Extra:       cfg.Extra,
		Audiences:   cfg.Audiences,
		BaseURL:     cfg.Base.String(),
		Dev:         opts.Dev,
		Generator:   "playbook " + opts.Version,
		PageSize:    cfg.Print.PageSize,
		assets:      map[string]string{},
	}
	if cfg.Progress.Enabled() {
		r.site.Progress = &progressView{URL: cfg.Progress.URL, Auth: cfg.Progress.Auth}
	}
	for _, name := range opts.Layers.Files("assets") {
		if layer, ok := opts.Layers.owner("assets/" + name); ok && name != "style.css" {
			if sum := layer.Sums["assets/"+name]; len(sum) == 64 {
				a := asset{name: fingerprintSum(layout.AssetsDir+"/"+name, sum), source: name, from: layer.FS}
				r.assets = append(r.assets, a)
				r.site.assets[name] = a.name
				continue
			}
		}
		data, err := opts.Layers.ReadFile("assets/" + name)
		if err != nil {
			return nil, fmt.Errorf("theme asset %s: %w", name, err)
		}
		if name == "style.css" {
			data = append(data, md.Highlighter().CSS(cfg.Markup.Highlight.Style, cfg.Markup.Highlight.DarkStyle)...)
		}
		a := asset{name: fingerprint(layout.AssetsDir+"/"+name, data), source: name, data: data}
		r.assets = append(r.assets, a)
		r.site.assets[name] = a.name
	}
	sum := sha256.New()
	for _, dir := range []string{"layouts", "static"} {
		for _, name := range opts.Layers.Files(dir) {
			b, err := opts.Layers.ReadFile(dir + "/" + name)
			if err != nil {
				return nil, fmt.Errorf("theme file %s/%s: %w", dir, name, err)
			}
			fmt.Fprintf(sum, "%s/%s %d\n", dir, name, len(b))
			sum.Write(b)
		}
	}
	for _, a := range r.assets {
		fmt.Fprintf(sum, "%s\n", a.name)
	}
	r.themeSum = hex.EncodeToString(sum.Sum(nil))
	r.pageInGo = pageInGo(r.tpl, r.site)
	return r, nil
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"join": strings.Join,
	}
}

// Stats counts what a render produced.
type Stats struct {
	Pages    int
	Sections int
	// Files counts files written; Names lists every file of the build,
	// written or not, so that stale ones can be dropped; Written lists the
	// files this render wrote.
	Files   int
	Names   []string
	Written []string
	// SearchReused counts the pages the search index took from a
	// search.AnalysisCache, PrintReused the print parts copied from the
	// previous print pages (a PartCache); the caller that set the caches
	// fills them in. SearchKept counts the search index's term files
	// (t-N.js) the render did not make again.
	SearchReused, PrintReused, SearchKept int
	// Rendered counts the pages this render made: a page's own file,
	// not its aliases.
	Rendered int
}

// Dep says what a job's output depends on, so that an incremental build
// can skip jobs whose inputs did not change.
type Dep int

// The dependencies of jobs.
const (
	// DepPage: the job's page and the site's structure (titles, order).
	DepPage Dep = iota
	// DepSite: the site's structure only (taxonomies, sitemap, 404).
	DepSite
	// DepBodies: the bodies of many pages (print page, search index).
	DepBodies
	// DepFile: one source file copied as is (assets, static, content files).
	DepFile
	// DepDates: the site's structure and every page's dates and git
	// history (the sitemap, the page of recent changes and its feed).
	DepDates
)

// Job is one output file to produce.
type Job struct {
	Name string
	// Page is the page the file belongs to, for diagnostics and selection;
	// nil for site-wide files.
	Page *content.Page
	Dep  Dep
	// Source is the site path of a DepFile job's input.
	Source string
	// Pages, for a DepBodies job, are the pages whose bodies the file
	// holds; nil means every page's.
	Pages []*content.Page
	// Key, when set on a DepBodies job, stands for what the file is made
	// from besides the configuration, the theme and the site's structure,
	// in place of the bodies of Pages: the maker of the file tracks its
	// inputs (a search t-file's key changes only when an edit touches
	// its terms).
	Key string
	// named, when set, is where the file's content is named (a term's
	// first use), and what says what the file is, for diagnostics.
	named diag.Pos
	what  string
	run   func(buf *bytes.Buffer) error
	// stream, when set instead of run, writes a large file straight to
	// its destination.
	stream func(w io.Writer) error
	// termFile marks a term file of the search index, for Stats; print
	// a print page, which a render starts first.
	termFile, print bool
}

// streamJob writes a streaming job's file; err is the job's own failure,
// werr a failure to write.
func streamJob(st publish.Streamer, j job) (err, werr error) {
	w, werr := st.Create(j.Name)
	if werr != nil {
		return nil, werr
	}
	bw := &streamWriter{Writer: bufio.NewWriterSize(w, 256<<10), file: w}
	err = j.stream(bw)
	if ferr := bw.Flush(); werr == nil {
		werr = ferr
	}
	if cerr := w.Close(); werr == nil {
		werr = cerr
	}
	return err, werr
}

// streamWriter is what a stream job writes to: a buffer over the file the
// target made, which a print page asks for a SumComposer.
type streamWriter struct {
	*bufio.Writer
	file io.WriteCloser
}

// composer returns the file's SumComposer, or nil.
func (w *streamWriter) composer() SumComposer {
	c, _ := w.file.(SumComposer)
	return c
}

// buffers are the render buffers, reused from file to file: growing a new
// buffer for every page was a third of a large build's allocation.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// pooled reports whether a buffer goes back to the pool: not one that grew
// for a file much larger than a page's (a print page built in memory).
func pooled(b *bytes.Buffer) bool { return b.Cap() <= 4<<20 }

// putBuffer returns a buffer to the pool when it is pooled.
func putBuffer(b *bytes.Buffer) {
	if pooled(b) {
		b.Reset()
		buffers.Put(b)
	}
}

// job is the internal spelling of Job.
type job = Job

// Warnings returns the theme's warnings, which every Render and
// RenderPages reports.
func (r *Renderer) Warnings() diag.List { return r.tpl.warnings }

// Render writes the output files of site to target: all of them, or with
// sel set only those sel picks; sel is called from several goroutines
// at once. srcFS is the site folder, for copying
// content and static files.
func (r *Renderer) Render(ctx context.Context, site *content.Site, srcFS fs.FS, target publish.Target, sel func(*Job) bool) (Stats, diag.List) {
	diags := append(diag.List(nil), r.tpl.warnings...)
	rn := r.newRunner(ctx, target)
	// The print pages are the longest jobs: a 10,000-page site's whole
	// print page is 143 MB, half of an edit build's render. They are
	// picked and started first, and run while the other files are
	// listed and picked.
	prints := r.printJobs(ctx, site)
	rn.start(prints, sel, false)
	all := r.jobs(ctx, site, srcFS, prints, &diags)
	rest := make([]job, 0, len(all))
	for _, j := range all {
		if !j.print {
			rest = append(rest, j)
		}
	}
	rn.start(rest, sel, true)
	stats, l := rn.finish(site, all)
	diags.Append(l)
	return stats, diags
}

// RenderPages renders the page jobs of pages alone, without listing the
// site's other files: the fast path of an edit to a page's body. Its
// diagnostics hold the theme's warnings, as Render's do.
func (r *Renderer) RenderPages(ctx context.Context, site *content.Site, target publish.Target, pages map[*content.Page]bool) (Stats, diag.List) {
	diags := append(diag.List(nil), r.tpl.warnings...)
	var jobs []job
	for _, p := range site.Pages {
		if pages[p] {
			jobs = r.pageJobs(jobs, site, p, &diags)
		}
	}
	only := func(j *Job) bool { return j.Dep == DepPage }
	rn := r.newRunner(ctx, target)
	rn.start(jobs, only, true)
	stats, l := rn.finish(site, jobs)
	diags.Append(l)
	return stats, diags
}

// runner runs a render's jobs, GOMAXPROCS at a time, in batches that
// start as soon as they are picked, so that a long job runs while the
// next batch is listed.
type runner struct {
	r       *Renderer
	target  publish.Target
	g       *errgroup.Group
	gctx    context.Context
	jobs    []job        // the jobs started, in order
	results []*jobResult // each started job's
	kept    int          // term files not picked (Stats.SearchKept)
	written atomic.Int64
	tally   tally
}

// jobResult is what one job did: the error of its own making (a
// template's, a missing file's) and whether it wrote its file.
type jobResult struct {
	err   error
	wrote bool
}

func (r *Renderer) newRunner(ctx context.Context, target publish.Target) *runner {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	return &runner{r: r, target: target, g: g, gctx: gctx, tally: tally{advance: r.advance}}
}

// start picks the jobs of batch that sel picks (every one when sel is
// nil) and starts them; it returns once the last has started, which
// waits while GOMAXPROCS jobs run. last says no batch follows: the
// number of jobs is then known, for Options.Advance.
func (rn *runner) start(batch []job, sel func(*Job) bool, last bool) {
	jobs := batch
	if sel != nil {
		// The selector hashes each job's inputs and looks at its old
		// file: a few thousand jobs' worth at 10,000 pages, shared out.
		pick := make([]bool, len(batch))
		var sg sync.WaitGroup
		n := min(runtime.GOMAXPROCS(0), len(batch))
		for w := range n {
			sg.Go(func() {
				for i := w; i < len(batch); i += n {
					pick[i] = sel(&batch[i])
				}
			})
		}
		sg.Wait()
		jobs = make([]job, 0, 16)
		for i := range batch {
			if pick[i] {
				jobs = append(jobs, batch[i])
			} else if batch[i].termFile {
				rn.kept++
			}
		}
	}
	if last {
		rn.tally.begin(len(rn.jobs) + len(jobs))
	}
	for _, j := range jobs {
		res := &jobResult{}
		rn.jobs = append(rn.jobs, j)
		rn.results = append(rn.results, res)
		rn.g.Go(func() error {
			if err := rn.gctx.Err(); err != nil {
				return err
			}
			defer rn.tally.ended()
			err, werr := rn.run(j)
			res.err = err
			if werr != nil {
				return fmt.Errorf("write %s: %w", j.Name, werr)
			}
			if err == nil {
				res.wrote = true
				rn.written.Add(1)
			}
			return nil
		})
	}
}

// run renders one job into its file: err is the job's own error, werr
// the target's.
func (rn *runner) run(j job) (err, werr error) {
	if st, ok := rn.target.(publish.Streamer); ok && j.stream != nil {
		return streamJob(st, j)
	}
	buf := getBuffer()
	run := j.run
	if j.stream != nil {
		run = func(b *bytes.Buffer) error { return j.stream(b) }
	}
	if err := run(buf); err != nil {
		putBuffer(buf)
		return err, nil
	}
	if a, ok := rn.target.(publish.Adopter); ok && !pooled(buf) {
		return nil, a.Adopt(j.Name, buf.Bytes()) // a large file is not copied
	}
	werr = rn.target.WriteFile(j.Name, buf.Bytes())
	putBuffer(buf)
	return nil, werr
}

// finish waits for the started jobs and returns what they made of site,
// all being every job the render listed, picked or not.
func (rn *runner) finish(site *content.Site, all []job) (Stats, diag.List) {
	stats := Stats{SearchKept: rn.kept}
	var diags diag.List
	if err := rn.g.Wait(); err != nil {
		diags.Errorf(diag.Pos{}, "render: %v", err)
	}
	errs := make([]error, len(rn.jobs))
	for i, res := range rn.results {
		errs[i] = res.err
	}
	diags.Append(rn.r.jobErrors(rn.jobs, errs))
	stats.Names = make([]string, len(all))
	for i, j := range all {
		stats.Names[i] = j.Name
	}
	for _, p := range site.Pages {
		if p.IsSection() {
			stats.Sections++
		} else {
			stats.Pages++
		}
	}
	stats.Files = int(rn.written.Load())
	for i, res := range rn.results {
		if res.wrote {
			stats.Written = append(stats.Written, rn.jobs[i].Name)
			if rn.jobs[i].Page != nil && rn.jobs[i].Dep == DepPage {
				stats.Rendered++
			}
		}
	}
	return stats, diags
}

// tally reports a render's progress to Options.Advance, whose total is
// known only once every batch is picked: the jobs that end before that
// are reported then, so that Advance hears Done 0 first and every count
// once, with one total.
type tally struct {
	advance func(done, total int)
	mu      sync.Mutex
	done    int
	total   int
	known   bool
}

// ended counts a job that ended, whatever it did.
func (t *tally) ended() {
	if t.advance == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done++
	if t.known {
		t.advance(t.done, t.total)
	}
}

// begin sets the total and reports the jobs that ended before it.
func (t *tally) begin(total int) {
	if t.advance == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.known, t.total = true, total
	for done := 0; done <= t.done; done++ {
		t.advance(done, total)
	}
}

// jobErrors places the errors of jobs: an error of a template at its
// place in the theme file, once however many files it failed (naming the
// first and counting the others), any other error at the job's page or
// file.
func (r *Renderer) jobErrors(jobs []job, errs []error) diag.List {
	var diags diag.List
	type placed struct {
		pos diag.Pos
		msg string
	}
	var order []placed
	first := map[placed]string{}
	count := map[placed]int{}
	for i, err := range errs {
		if err == nil {
			continue
		}
		at := jobs[i].Name
		if p := jobs[i].Page; p != nil && p.File != "" {
			at = p.File
		}
		if pos, msg, ok := r.tpl.place(err); ok {
			k := placed{pos, msg}
			if count[k] == 0 {
				order = append(order, k)
				first[k] = at
			}
			count[k]++
			continue
		}
		diags.Errorf(diag.Pos{File: at}, "render: %v", err)
	}
	for _, k := range order {
		also := ""
		switch n := count[k] - 1; {
		case n == 1:
			also = " and 1 other file"
		case n > 1:
			also = fmt.Sprintf(" and %d other files", n)
		}
		diags.Errorf(k.pos, "%s; rendering %s%s", k.msg, first[k], also)
	}
	return diags
}

// jobs lists every file to write; ctx bounds the long ones (print pages,
// the search index).
func (r *Renderer) jobs(ctx context.Context, site *content.Site, srcFS fs.FS, prints []job, diags *diag.List) []job {
	// About one job per page and file, and a few hundred of the site's
	// own: sized once rather than grown (a job is a large value).
	jobs := make([]job, 0, len(site.Pages)+len(site.Files)+1024)
	for _, p := range site.Pages {
		jobs = r.pageJobs(jobs, site, p, diags)
	}
	return unique(r.siteJobs(ctx, jobs, site, srcFS, prints), layout.OptionalOf(r.cfg), diags)
}

// unique reports output files that two jobs would write (an alias that is
// another page's URL, a content file beside a static file of the same
// name) and keeps the first job of each name, so that no build depends on
// which write lands last. A file of the site (a page, an alias, a content
// or static file) where the build writes its own (layout.Reserved) is an
// error too; o says which of the optional paths the build writes.
func unique(jobs []job, o layout.Optional, diags *diag.List) []job {
	first := make(map[string]int, len(jobs))
	kept := jobs[:0]
	for _, j := range jobs {
		if !j.generated() {
			if g, ok := layout.Reserved(j.Name, o); ok {
				diags.Errorf(j.origin(), "output file %s is where the build writes %s; %s may not be there", j.Name, g.What, j.describe())
				continue
			}
		}
		if i, dup := first[j.Name]; dup {
			other := kept[i]
			pos := j.origin()
			if j.generated() && !other.generated() || pos.File == "" {
				pos = other.origin()
			}
			diags.Errorf(pos, "output file %s is written twice: by %s and by %s", j.Name, other.describe(), j.describe())
			continue
		}
		first[j.Name] = len(kept)
		kept = append(kept, j)
	}
	return kept
}

// generated reports whether the build writes the job's file of its own:
// it is no page's, no content file and no static file.
func (j *Job) generated() bool {
	return j.Page == nil && (j.Source == "" || strings.HasPrefix(j.Source, layout.Assets+"/"))
}

// origin is where a job's output comes from, for diagnostics: a page's
// first line or its aliases, a file, the front matter naming a term;
// nothing for the other files the build writes.
func (j *Job) origin() diag.Pos {
	switch {
	case j.Page != nil && j.Page.File != "" && j.Name != outName(j.Page.URL):
		return j.Page.KeyPos("aliases")
	case j.Page != nil && j.Page.File != "":
		return diag.Pos{File: j.Page.File, Line: 1, Col: 1}
	case j.Source != "":
		return diag.Pos{File: j.Source}
	}
	return j.named
}

// describe names what a job writes from.
func (j *Job) describe() string {
	switch {
	case j.Page != nil && j.Name != outName(j.Page.URL):
		return "an alias of " + j.Page.URL
	case j.Page != nil:
		return "the page " + j.Page.URL
	case j.Source != "":
		return j.Source
	case j.what != "":
		return j.what
	}
	if g, ok := layout.GeneratedAt(j.Name); ok {
		return g.What
	}
	return "the build's " + j.Name
}

// pageJobs appends the jobs of one page: the page and its aliases.
func (r *Renderer) pageJobs(jobs []job, site *content.Site, p *content.Page, diags *diag.List) []job {
	{
		kind := "page"
		switch {
		case p == site.Home.Page:
			kind = "home"
		case p.IsSection():
			kind = "section"
		}
		if p.Meta.Layout != "" {
			if !r.tpl.has(p.Meta.Layout) {
				diags.Errorf(p.KeyPos("layout"), "layout %q not found in the theme (layouts/%s.html)", p.Meta.Layout, p.Meta.Layout)
				return jobs
			}
			kind = p.Meta.Layout
		}
		jobs = append(jobs, job{Name: outName(p.URL), Page: p, run: func(buf *bytes.Buffer) error {
			v, err := r.pageView(site, p, kind)
			if err != nil {
				return err
			}
			return r.execPage(buf, kind, v)
		}})
		for _, alias := range p.Aliases() {
			a := aliasURL(alias)
			jobs = append(jobs, job{Name: outName(a), Page: p, Dep: DepSite, run: func(buf *bytes.Buffer) error {
				return r.tpl.execute(buf, "alias", r.aliasView(p, a))
			}})
		}
	}
	return jobs
}

// siteJobs appends the jobs that are not a page's own.
func (r *Renderer) siteJobs(ctx context.Context, jobs []job, site *content.Site, srcFS fs.FS, prints []job) []job {
	jobs = append(jobs, r.taxonomyJobs(site)...)
	jobs = append(jobs, r.changesJobs(site)...)
	jobs = append(jobs, prints...)
	jobs = append(jobs, r.searchJobs(ctx, site)...)
	jobs = append(jobs, r.teamJobs(site)...)
	if r.cfg.Progress.Enabled() {
		// The progress service validates ticks against the manifest and
		// the team pages count items with it.
		jobs = append(jobs, job{Name: checklists.FileName, Dep: DepBodies, run: func(buf *bytes.Buffer) error {
			return checklists.New(site, r.cfg).Write(buf)
		}})
	}
	jobs = append(jobs,
		job{Name: layout.NotFoundFile, Dep: DepSite, run: func(buf *bytes.Buffer) error {
			v, err := r.frameWith(site, nil, "404", "Page not found", "/404.html", r.anywhereHrefs())
			if err != nil {
				return err
			}
			return r.tpl.execute(buf, "404", &v)
		}},
		job{Name: layout.SitemapFile, Dep: DepDates, run: func(buf *bytes.Buffer) error { return r.sitemap(buf, site) }},
	)
	mermaid := usesMermaid(site)
	for _, a := range r.assets {
		if isMermaidAsset(a.source) && !mermaid || (isProgressAsset(a.source) || teamAssets[a.source]) && r.site.Progress == nil {
			continue
		}
		jobs = append(jobs, job{Name: a.name, Dep: DepFile, Source: layout.Assets + "/" + a.source, run: func(buf *bytes.Buffer) error {
			b, err := a.read()
			buf.Write(b)
			return err
		}})
	}
	for _, name := range r.layers.Files("static") {
		jobs = append(jobs, job{Name: name, Dep: DepFile, Source: "static/" + name, run: func(buf *bytes.Buffer) error {
			b, err := r.layers.ReadFile("static/" + name)
			buf.Write(b)
			return err
		}})
	}
	for _, f := range site.Files {
		jobs = append(jobs, job{Name: strings.TrimPrefix(f.URL, "/"), Dep: DepFile, Source: f.Path, run: func(buf *bytes.Buffer) error {
			b, err := fs.ReadFile(srcFS, f.Path)
			buf.Write(b)
			return err
		}})
	}
	return jobs
}

// outName maps a URL path to the file that serves it: a folder URL
// ("/a/b/") to its index.html, a file's URL ("/old/page.html") to the file.
func outName(url string) string {
	p := strings.Trim(url, "/")
	switch {
	case p == "":
		return "index.html"
	case !strings.HasSuffix(url, "/"):
		return p
	}
	return p + "/index.html"
}

// hrefsFor returns the hrefs of the page served at url.
func (r *Renderer) hrefsFor(url string) hrefs {
	return hrefs{root: rootFor(r.cfg.Base.Path, r.cfg.RelativeURLs, url), relative: r.cfg.RelativeURLs}
}

// anywhereHrefs returns the hrefs of 404.html. A server sends that file
// for any URL that has none, at any depth, so no link relative to where it
// is can be right: its links start at the site's root (the base path),
// or, with relativeURLs and a host in baseURL, are absolute, so that they
// also lead to the site's files when the page is opened from disk (with
// relativeURLs and no host, there is no way to both). The dev server
// serves the site at its base path, so its 404 page never leaves it for
// the host in baseURL.
func (r *Renderer) anywhereHrefs() hrefs {
	if r.cfg.RelativeURLs && r.cfg.Base.Host != "" && !r.site.Dev {
		return hrefs{root: r.cfg.Base.String()}
	}
	return hrefs{root: r.cfg.Base.Path}
}

// aliasURL returns the URL an alias is served at: an alias that names an
// HTML file ("/old/page.html", as Hugo sites have) is that file, any
// other one a folder ("/old/page/").
func aliasURL(alias string) string {
	file := strings.TrimSuffix(alias, "/")
	if ext := strings.ToLower(path.Ext(file)); ext == ".html" || ext == ".htm" {
		return file
	}
	return alias
}

// permalink returns the absolute URL of a site URL.
func (r *Renderer) permalink(url string) string {
	b := *r.cfg.Base
	b.Path = strings.TrimSuffix(b.Path, "/") + url
	return b.String()
}

// frame fills what every page view has, for the page served at url.
func (r *Renderer) frame(site *content.Site, cur *content.Page, kind, title, url string) (frameView, error) {
	return r.frameWith(site, cur, kind, title, url, r.hrefsFor(url))
}

// frameWith is frame with the page's links written by h.
func (r *Renderer) frameWith(site *content.Site, cur *content.Page, kind, title, url string, h hrefs) (frameView, error) {
	nav, err := r.navHTML(site, cur, h)
	return frameView{
		Site:      r.site,
		Root:      h.root,
		relative:  h.relative,
		Kind:      kind,
		Title:     title,
		Href:      h.href(url),
		Permalink: r.permalink(url),
		Key:       content.KeyOf(url),
		Nav:       nav,
	}, err
}

func (r *Renderer) pageView(site *content.Site, p *content.Page, kind string) (*pageView, error) {
	h := r.hrefsFor(p.URL)
	frame, err := r.frame(site, p, kind, p.Title, p.URL)
	if err != nil {
		return nil, err
	}
	v := &pageView{
		Site:        frame.Site,
		Root:        frame.Root,
		Kind:        frame.Kind,
		Title:       frame.Title,
		Description: p.Meta.Description,
		Href:        frame.Href,
		Permalink:   frame.Permalink,
		URL:         p.URL,
		Key:         frame.Key,
		Nav:         frame.Nav,
		relative:    frame.relative,
		Crumbs:      crumbs(site, p, h),
		Date:        formatDate(p.Meta.Date.Time),
		Lastmod:     formatDate(p.Lastmod),
		UpdatedBy:   r.updatedBy(p),
		Badge:       p.Badge.String(),
		Owner:       p.Meta.Owner,
		Reviewed:    formatDate(p.Meta.Reviewed.Time),
		ReviewDue:   p.ReviewDue,
		Signoff:     p.Meta.Signoff,
		Module:      p.Module,
		Duration:    formatDuration(p.Duration),
		Params:      p.Meta.Params,
	}
	pr := pageProgress(p)
	v.Tasks, v.Done = pr.Tasks, pr.Done
	if p == site.Home.Page {
		if v.Description == "" {
			v.Description = r.cfg.Description
		}
		v.Feed = r.feedHref(h)
		if r.cfg.Changes.Limit > 0 {
			v.ChangesHref = h.href(changesURL)
		}
	}
	if r.cfg.EditURL != "" && p.File != "" {
		// Each segment escaped: a file named "Q&A #1 what?.md" is
		// Q&A%20%231%20what%3F.md in the repository's URL.
		segs := strings.Split(p.File, "/")
		for i, seg := range segs {
			segs[i] = url.PathEscape(seg)
		}
		v.EditURL = strings.TrimSuffix(r.cfg.EditURL, "/") + "/" + strings.Join(segs, "/")
	}
	if p.Doc != nil {
		var body strings.Builder
		body.Grow(p.Doc.Size() + 256)
		if err := p.Doc.WriteHTML(&body, pageLinker{h, p}); err != nil {
			return nil, err
		}
		v.Content = template.HTML(body.String())
		title, err := p.Doc.TitleHTML(pageLinker{h, p})
		if err != nil {
			return nil, err
		}
		v.TitleHTML = template.HTML(title)
		if p.Meta.ShowTOC() {
			v.TOC = toc(p.Doc.Headings)
		}
		v.Minutes = (p.Doc.Words + 219) / 220
		v.Mermaid = p.Doc.Mermaid
	}
	if v.TitleHTML == "" {
		v.TitleHTML = template.HTML(template.HTMLEscapeString(v.Title))
	}
	v.Tags = termLinks(site, layout.TagsDir, p.Meta.Tags, h)
	v.Categories = termLinks(site, layout.CategoriesDir, p.Meta.Categories, h)
	v.Audience = termLinks(site, layout.AudienceDir, p.Meta.Audience, h)
	for _, q := range p.Requires {
		v.Requires = append(v.Requires, link{Title: q.Title, Href: h.href(q.URL)})
	}
	v.PrintHref = r.printHref(site, p, h)
	if p.Prev != nil {
		v.Prev = &link{Title: p.Prev.LinkTitle(), Href: h.href(p.Prev.URL)}
	}
	if p.Next != nil {
		v.Next = &link{Title: p.Next.LinkTitle(), Href: h.href(p.Next.URL)}
	}
	if p.IsSection() {
		sp := sectionProgress(p.Section)
		v.SectionTasks, v.SectionDone = sp.Tasks, sp.Done
		v.SectionRoles = sectionRoles(p.Section, r.cfg.Audiences)
		for _, e := range p.Section.Entries {
			ev, err := r.entry(e, h)
			if err != nil {
				return nil, err
			}
			v.Entries = append(v.Entries, ev)
		}
		if p.Section.Curriculum() {
			v.Curriculum = &curriculumView{Modules: len(p.Section.Pages), Duration: formatDuration(sumDurations(p.Section.Pages))}
		}
	}
	return v, nil
}

// entryOf returns the entry of page e in a list of a page whose links
// are written by h.
func (r *Renderer) entryOf(e *content.Page, h hrefs) entryView {
	pr := pageProgress(e)
	if e.IsSection() {
		pr = sectionProgress(e.Section)
	}
	ev := entryView{
		Title:       e.Title,
		Href:        h.href(e.URL),
		Description: e.Meta.Description,
		IsSection:   e.IsSection(),
		Key:         e.URL,
		Tasks:       pr.Tasks,
		Done:        pr.Done,
		Module:      e.Module,
		Duration:    formatDuration(e.Duration),
		Audience:    strings.Join(e.Meta.Audience, " "),
		Badge:       e.Badge.String(),
	}
	if e.IsSection() {
		ev.Audience = r.sectionAudience(e.Section).String()
		ev.Roles = sectionRoles(e.Section, r.cfg.Audiences)
	}
	for _, q := range e.Requires {
		ev.Requires = append(ev.Requires, link{Title: q.Title, Href: h.href(q.URL)})
	}
	return ev
}

func (r *Renderer) aliasView(p *content.Page, alias string) *aliasView {
	h := r.hrefsFor(alias)
	return &aliasView{frameView: frameView{Site: r.site, Root: h.root, relative: h.relative, Kind: "alias", Title: p.Title, Href: h.href(alias),
		Permalink: r.permalink(p.URL)}, Redirect: h.href(p.URL)}
}

func crumbs(site *content.Site, p *content.Page, h hrefs) []link {
	if p == site.Home.Page {
		return nil
	}
	sec := p.Section
	if p.IsSection() {
		sec = sec.Parent
	}
	var out []link
	for s := sec; s != nil; s = s.Parent {
		out = append([]link{{Title: s.Page.LinkTitle(), Href: h.href(s.Page.URL)}}, out...)
	}
	return out
}

func sumDurations(ps []*content.Page) (d time.Duration) {
	for _, p := range ps {
		d += p.Duration
	}
	return d
}
