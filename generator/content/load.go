package content

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/slug"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// Options control loading.
type Options struct {
	// Drafts includes pages with draft = true.
	Drafts bool
	// Now is today's date for review reminders; zero means time.Now().
	Now time.Time
	// Reuse, when set, returns an already parsed page for a file whose
	// bytes are unchanged (the dev server passes the previous build's).
	Reuse func(rel string, hash uint64) *Source
	// Previous and Changed, when both set, let Load skip the walk and the
	// reading of unchanged files: the file list is Previous's, updated by
	// Changed (site-relative paths a watcher reported). Pages of Previous
	// whose files did not change are reused through Reuse without reading.
	Previous *Site
	Changed  map[string]bool
	// Known, when set, returns the source of a Markdown file (rel is its
	// path under the content folder) that the caller knows to be
	// unchanged since that source was loaded, or nil: a known file is not
	// read. It is called from several goroutines at once.
	Known func(rel string) *Source
	// Spill, when set, takes each page's rendered body out of memory.
	Spill *markdown.Spill
	// Docs, when set, parses bodies through the build cache: a body
	// parsed by an earlier build with the same options is read back
	// rather than parsed, and new ones are kept in its pack (Spill is
	// then not used).
	Docs *markdown.DocCache
	// Advance, when set, is called with the number of Markdown files
	// loaded so far and their total, once before the first and once
	// after each, from the loading goroutines at once.
	Advance func(done, total int)
}

// sum identifies a file's bytes, stably across processes (build cache keys
// depend on it).
func sum(b []byte) uint64 {
	h := sha256.Sum256(b)
	return binary.LittleEndian.Uint64(h[:8])
}

type entry struct {
	rel  string // relative to content/
	size int64
	// known is the reused source of an unchanged file; ask says to ask
	// opts.Known for it (the loading workers do, side by side).
	known *Source
	ask   bool
}

// knownFiles derives the content file list from the previous build and
// the reported changes, without walking or reading unchanged files. It
// declines (ok false) whenever a change could be a folder.
func knownFiles(fsys fs.FS, lay *layout.Layout, opts Options) (md []entry, files []*File, ok bool) {
	prev := opts.Previous
	if prev == nil || opts.Changed == nil || opts.Reuse == nil || opts.Changed[""] {
		return nil, nil, false
	}
	changed := map[string]bool{}
	for p := range opts.Changed {
		c := lay.Classify(p)
		switch c.Kind {
		case layout.Ignored:
			continue
		case layout.Page, layout.SectionPage, layout.ContentFile:
		default:
			return nil, nil, false // site.toml, theme: the plan renders everything anyway
		}
		rel := c.Rel
		info, err := fs.Stat(fsys, p)
		switch {
		case err == nil && info.IsDir():
			return nil, nil, false
		case err != nil && prev.ByPath[rel] == nil && prev.FileByPath[rel] == nil && !prev.unpublished(rel):
			return nil, nil, false // gone, and not a file we knew: maybe a folder
		}
		changed[rel] = true
		if err != nil {
			continue // deleted
		}
		if strings.HasSuffix(rel, ".md") {
			md = append(md, entry{rel: rel, size: info.Size()})
		} else {
			files = append(files, &File{Rel: rel, Path: p, Size: info.Size(), ModTime: info.ModTime().UnixNano()})
		}
	}
	for _, p := range prev.Pages {
		if p.File == "" || changed[p.Rel] {
			continue
		}
		known := opts.Reuse(p.Rel, p.Hash)
		if known == nil {
			return nil, nil, false
		}
		md = append(md, entry{rel: p.Rel, known: known})
	}
	for _, list := range [][]*File{prev.Files, prev.Unpublished} {
		for _, f := range list {
			if !changed[f.Rel] {
				files = append(files, f)
			}
		}
	}
	return md, files, true
}

// Load reads the content folder of lay from fsys (a site folder), decodes
// front matter and parses every page with md; paths lay ignores are
// skipped. It returns the site with unsorted sections;
// problems come back as diagnostics.
func Load(ctx context.Context, fsys fs.FS, cfg *config.Config, lay *layout.Layout, md *markdown.Markdown, opts Options) (*Site, diag.List) {
	var diags diag.List
	site := &Site{Config: cfg, ByPath: map[string]*Page{}, FileByPath: map[string]*File{}, Omitted: map[string]string{}, Now: opts.Now}
	if site.Now.IsZero() {
		site.Now = time.Now()
	}
	root := lay.Content
	var mdFiles []entry
	var navFiles []string
	if list, files, ok := knownFiles(fsys, lay, opts); ok {
		mdFiles = list
		for _, f := range files {
			site.Files = append(site.Files, f)
			site.FileByPath[f.Rel] = f
		}
		site.NavFiles = opts.Previous.NavFiles // a change to one declines knownFiles
		for rel, why := range opts.Previous.Omitted {
			if !opts.Changed[path.Join(root, rel)] {
				site.Omitted[rel] = why // an unchanged draft
			}
		}
		return finishLoad(ctx, fsys, cfg, lay, md, opts, site, mdFiles, diags)
	}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				diags.Errorf(diag.Pos{File: root}, "content folder not found")
				return fs.SkipAll
			}
			diags.Errorf(diag.Pos{File: p}, "%s", describeFSError(err))
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		name := d.Name()
		kind := lay.Classify(p).Kind
		if p != root && kind == layout.Ignored {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !utf8.ValidString(name) {
			diags.Errorf(diag.Pos{File: p}, "%s", layout.NotUTF8(name))
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if err != nil {
				diags.Errorf(diag.Pos{File: p}, "symlink leads outside the site or to nothing")
				return nil
			}
			if info.IsDir() {
				diags.Warnf(diag.Pos{File: p}, "symlinked folder is not followed")
				return nil
			}
		}
		if d.IsDir() {
			return nil
		}
		// The entry's own information, unless it is a symlink (a file
		// in the site, checked above): one stat less per file.
		info, err := d.Info()
		if d.Type()&fs.ModeSymlink != 0 {
			info, err = fs.Stat(fsys, p)
		}
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "%s", describeFSError(err))
			return nil
		}
		if kind == layout.NavFile || strings.HasSuffix(name, ".md") {
			if info.Size() > cfg.Limits.MaxFileBytes {
				diags.Errorf(diag.Pos{File: p}, "file is %d bytes, over the limit of %d (limits.maxFileBytes in site.toml)", info.Size(), cfg.Limits.MaxFileBytes)
				return nil
			}
			switch {
			case kind == layout.NavFile:
				navFiles = append(navFiles, rel)
			case opts.Known != nil:
				mdFiles = append(mdFiles, entry{rel: rel, size: info.Size(), ask: true})
			default:
				mdFiles = append(mdFiles, entry{rel: rel, size: info.Size()})
			}
			return nil
		}
		f := &File{Rel: rel, Path: p, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		site.Files = append(site.Files, f)
		site.FileByPath[rel] = f
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: root}, "%v", err)
	}
	site.NavFiles = loadNavFiles(fsys, cfg, root, navFiles)
	return finishLoad(ctx, fsys, cfg, lay, md, opts, site, mdFiles, diags)
}

// finishLoad reads and parses the Markdown files in parallel and builds
// the section tree.
func finishLoad(ctx context.Context, fsys fs.FS, cfg *config.Config, lay *layout.Layout, md *markdown.Markdown, opts Options, site *Site, mdFiles []entry, diags diag.List) (*Site, diag.List) {
	root := lay.Content
	pages := make([]*Page, len(mdFiles))
	pageDiags := make([]diag.List, len(mdFiles))
	var loaded atomic.Int64
	advance := func() {}
	if opts.Advance != nil {
		opts.Advance(0, len(mdFiles))
		advance = func() { opts.Advance(int(loaded.Add(1)), len(mdFiles)) }
	}
	// Each worker takes the next file until none is left: a known one
	// costs microseconds, a parsed one a millisecond.
	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(mdFiles) {
					return nil
				}
				if err := gctx.Err(); err != nil {
					return err
				}
				e := mdFiles[i]
				if e.ask {
					e.known = opts.Known(e.rel)
				}
				if e.known != nil {
					pages[i], pageDiags[i] = NewPage(e.known), e.known.LoadDiags
				} else {
					pages[i], pageDiags[i] = loadPage(fsys, cfg, md, path.Join(root, e.rel), e.rel, opts)
				}
				advance()
			}
		})
	}
	if err := g.Wait(); err != nil {
		diags.Errorf(diag.Pos{}, "load: %v", err)
		return site, diags
	}
	for _, l := range pageDiags {
		diags.Append(l)
	}
	diags.Append(site.NavFiles.Diags)
	for i, p := range pages {
		if p == nil {
			site.Omitted[mdFiles[i].rel] = "a file that failed to load"
			continue
		}
		if why := p.Meta.Unpublished(site.Now); why != "" && !opts.Drafts {
			site.Omitted[mdFiles[i].rel] = why
			continue
		}
		p.Draft = !p.Meta.Published(site.Now)
		site.Pages = append(site.Pages, p)
	}
	diags.Append(site.assemble())
	diags.Append(checkRawFiles(fsys, cfg, site.Files))
	return site, diags
}

func describeFSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if strings.Contains(pe.Err.Error(), "escapes") {
			return "symlink leads outside the site"
		}
		if errors.Is(pe.Err, fs.ErrInvalid) && !utf8.ValidString(pe.Path) {
			return layout.NotUTF8(path.Base(pe.Path))
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// loadPage reads, splits and parses one Markdown file.
func loadPage(fsys fs.FS, cfg *config.Config, md *markdown.Markdown, file, rel string, opts Options) (*Page, diag.List) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: file}, "%s", describeFSError(err))
		return nil, l
	}
	hash := sum(src)
	if opts.Reuse != nil {
		if src := opts.Reuse(rel, hash); src != nil {
			return NewPage(src), src.LoadDiags
		}
	}
	return parsePage(cfg, md, file, rel, src, hash, bodyParser(md, opts))
}

// bodyParser returns how a build parses bodies: through the build cache,
// into the spill file or in memory.
func bodyParser(md *markdown.Markdown, opts Options) func(body []byte, title string) (*markdown.Doc, error) {
	if opts.Docs != nil {
		return func(body []byte, title string) (*markdown.Doc, error) { return opts.Docs.Parse(md, body, title) }
	}
	return func(body []byte, title string) (*markdown.Doc, error) {
		return md.ParseTo(body, opts.Spill, markdown.WithTitle(title))
	}
}

// ParsePage builds a page from the bytes of one file: front matter, checks
// and the parsed body.
func ParsePage(cfg *config.Config, md *markdown.Markdown, file, rel string, src []byte) (*Page, diag.List) {
	return parsePage(cfg, md, file, rel, src, sum(src), bodyParser(md, Options{}))
}

// ParseSource parses the bytes of one file as Load does, with the bodies
// going where opts says (Spill, Docs), and returns its source and the
// diagnostics of loading it; file is the site-relative path diagnostics
// name, rel the path under the content folder. It checks no limit on the
// file's size (Load does, from the file's size on disk).
func ParseSource(cfg *config.Config, md *markdown.Markdown, file, rel string, src []byte, opts Options) (*Source, diag.List) {
	p, diags := parsePage(cfg, md, file, rel, src, sum(src), bodyParser(md, opts))
	return p.Source, diags
}

func parsePage(cfg *config.Config, md *markdown.Markdown, file, rel string, src []byte, hash uint64, parse func(body []byte, title string) (*markdown.Doc, error)) (*Page, diag.List) {
	lines := diag.NewLines(file, src)
	p := &Source{File: file, Rel: rel, Lines: lines, Hash: hash}
	fm, bodyOff, diags := parseFrontMatter(src, lines, cfg.Limits.MaxNesting)
	p.Meta, p.BodyOffset = fm, bodyOff
	if diags.HasErrors(false) {
		// The keys that decoded are checked too: every problem of the
		// front matter in one pass, not one per fix.
		diags.Append(p.check(cfg))
		diags.Sort()
		return p.failedKeepingMeta(diags)
	}
	body := src[bodyOff:]
	if off, ok := tooDeep(body, cfg.Limits.MaxNesting); ok {
		diags.Errorf(p.Pos(off), "nesting deeper than %d levels (limits.maxNesting in site.toml)", cfg.Limits.MaxNesting)
		return p.failed(diags)
	}
	if off, ok := tooManyLinks(body, cfg.Limits.MaxLinks); ok {
		diags.Errorf(p.Pos(off), "more than %d links in one file (limits.maxLinks in site.toml)", cfg.Limits.MaxLinks)
		return p.failed(diags)
	}
	diags.Append(p.check(cfg))
	fm = p.Meta // check leaves control characters out of the texts it shows
	doc, err := parse(body, fm.Title)
	var limit *markdown.LimitError
	switch {
	case errors.As(err, &limit):
		diags.Errorf(p.Pos(limit.Offset), "%s", limit.Msg)
		return p.failed(diags)
	case err != nil:
		diags.Errorf(diag.Pos{File: file}, "%v", err)
		return p.failed(diags)
	}
	p.Doc = doc
	for _, w := range doc.Warnings {
		diags.Warnf(p.Pos(w.Offset), "%s", w.Message)
	}
	p.LinkPos = make([]diag.Pos, len(p.Doc.Links))
	for i, l := range p.Doc.Links {
		p.LinkPos[i] = p.Pos(l.Offset)
	}
	p.Lines = lines.Head(bodyOff)
	switch {
	case fm.Title != "":
		p.Title = fm.Title
	case p.Doc.Title != "":
		p.Title = p.Doc.Title
	default:
		p.Title = TitleFromName(rel)
	}
	p.ListingKey = listingKey(src[:bodyOff], p.Title, p.Doc)
	p.LoadDiags = diags
	return NewPage(p), diags
}

// failed returns the page of a file that could not be loaded: without its
// front matter and body, it is only a link target, so that links to it
// do not fail as well; diags hold the errors that fail the build.
func (p *Source) failed(diags diag.List) (*Page, diag.List) {
	p.Meta = FrontMatter{}
	return p.failedKeepingMeta(diags)
}

// failedKeepingMeta is failed for a page whose front matter is in error:
// the keys that decoded stay, so that its slug, aliases and title still
// answer links to it.
func (p *Source) failedKeepingMeta(diags diag.List) (*Page, diag.List) {
	p.Failed = true
	p.Title = p.Meta.Title
	if p.Title == "" {
		p.Title = TitleFromName(p.Rel)
	}
	p.Lines = nil
	p.LoadDiags = diags
	return NewPage(p), diags
}

// tooDeep finds the first line nested (by quote markers or indentation)
// beyond max levels: goldmark's cost grows with nesting, so content from
// many editors is bounded here.
func tooDeep(body []byte, max int) (int, bool) {
	lineStart := 0
	for lineStart < len(body) {
		depth, indent := 0, 0
		i := lineStart
	scan:
		for ; i < len(body); i++ {
			switch body[i] {
			case '>':
				depth++
			case ' ':
				indent++
			case '\t':
				indent += 4
			case '-', '*', '+':
				// A list marker is followed by a blank; "-----" is a rule.
				if i+1 >= len(body) || (body[i+1] != ' ' && body[i+1] != '\t') {
					break scan
				}
				depth++
			case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
				// An ordered list marker: digits, '.' or ')', a blank.
				j := i
				for j < len(body) && j-i < 9 && body[j] >= '0' && body[j] <= '9' {
					j++
				}
				if j+1 >= len(body) || (body[j] != '.' && body[j] != ')') || (body[j+1] != ' ' && body[j+1] != '\t') {
					break scan
				}
				depth++
				i = j
			default:
				break scan
			}
		}
		if depth+indent/2 > max {
			return lineStart, true
		}
		for i < len(body) && body[i] != '\n' {
			i++
		}
		lineStart = i + 1
	}
	return 0, false
}

// tooManyLinks finds the link (or link definition) past max: goldmark's
// cost grows with the square of their number, so a file of 40,000 links
// would hold a build for seconds.
func tooManyLinks(body []byte, max int) (int, bool) {
	n := 0
	for i := 0; i+1 < len(body); i++ {
		if body[i] == ']' && (body[i+1] == '(' || body[i+1] == ':') {
			if n++; n > max {
				return i, true
			}
		}
	}
	return 0, false
}

// check validates front matter values that need no other page.
func (p *Source) check(cfg *config.Config) diag.List {
	var diags diag.List
	at := p.KeyPos
	for _, f := range []struct {
		key string
		v   *string
	}{{"title", &p.Meta.Title}, {"linkTitle", &p.Meta.LinkTitle}, {"description", &p.Meta.Description}, {"summary", &p.Meta.Summary}} {
		if clean, c, ok := withoutControls(*f.v); ok {
			diags.Warnf(at(f.key), "%s holds the control character %U, which no reader sees; it is left out", f.key, c)
			*f.v = clean
		}
	}
	for _, a := range p.Meta.Audience {
		if !cfg.HasAudience(a) {
			diags.Errorf(at("audience"), "unknown audience %q; site.toml declares %s", a, strings.Join(quoteAll(cfg.Audiences), ", "))
		}
	}
	if s := p.Meta.Slug; strings.HasPrefix(s, "/") {
		if _, ok := slugPath(s); !ok { // Docusaurus: a path from the site's root
			diags.Errorf(at("slug"), "slug %q must be one URL segment or a site path such as \"/sales/pricing\"", s)
		}
	} else if s != "" && !slug.Valid(s) {
		diags.Errorf(at("slug"), "slug %q may hold only letters, digits, '-', '_' and '.'; %q would do", s, slug.Segment(s))
	}
	for _, a := range p.Meta.Aliases {
		if _, ok := cleanAlias(a); !ok {
			diags.Errorf(at("aliases"), "alias %q must be a site path such as \"/old/page/\"", a)
		}
	}
	diags.Append(p.checkAliases(layout.OptionalOf(cfg)))
	switch p.Meta.Type {
	case "", "page", "play", "module":
	case "curriculum":
		if layout.IndexRank(path.Base(p.Rel)) == 0 {
			diags.Errorf(at("type"), "type \"curriculum\" belongs in a section's own page: _index.md, index.md or README.md")
		}
	default:
		// Hugo and Docsy use type for layouts ("docs", "blog"): it is
		// not lost work, so a warning.
		diags.Warnf(at("type"), "unknown type %q is ignored; playbook's types are \"curriculum\" (in _index.md), \"module\", \"play\" and \"page\"", p.Meta.Type)
	}
	if p.Meta.Duration != "" {
		d, err := config.ParseDuration(p.Meta.Duration)
		if err != nil {
			diags.Errorf(at("duration"), "duration: %v", err)
		}
		p.Duration = d
	}
	if p.Meta.Layout != "" && !validSegment(p.Meta.Layout) {
		diags.Errorf(at("layout"), "layout %q is not a template name", p.Meta.Layout)
	}
	return diags
}

// KeyPos returns the position of a front matter key, or of the file's start
// when the key is not there.
func (p *Source) KeyPos(key string) diag.Pos {
	if p.Lines == nil {
		return diag.Pos{File: p.File}
	}
	b, err := splitFrontMatter(p.Lines.Source())
	switch {
	case err != nil || len(b.text) == 0:
		return diag.Pos{File: p.File, Line: 1, Col: 1}
	case b.format == tomlFormat:
		return p.Lines.Pos(b.offset + tomlx.KeyOffset(string(b.text), key))
	}
	return nodeKeyPos(b, p.Lines, key)
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// orderPrefix is a number of one to three digits that orders a file
// ("02-next.md").
var orderPrefix = regexp.MustCompile(`^\d{1,3}[-_. ]+`)

// TitleFromName returns the title a page at rel (a slash path under the
// content folder) gets when it names none: its file name, or its
// folder's for an index page, without an ordering prefix, with spaces
// for '-' and '_' and a capital first letter ("02-first-calls.md":
// "First calls").
func TitleFromName(rel string) string {
	name := strings.TrimSuffix(path.Base(rel), ".md")
	if layout.IndexRank(path.Base(rel)) > 0 {
		name = path.Base(path.Dir(rel))
		if name == "." {
			return "Home"
		}
	}
	// An ordering prefix ("02-next", as Docusaurus and others name files)
	// is no part of the title; a year ("2024-plan") is.
	if t := orderPrefix.ReplaceAllString(name, ""); t != "" {
		name = t
	}
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" {
		return "Untitled"
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// validSegment reports whether s can be one URL path segment as written.
func validSegment(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 && r != 0xFFFD) {
			return false
		}
	}
	return true
}

// cleanAlias normalises an alias to "/a/b/".
func cleanAlias(a string) (string, bool) {
	if a == "" || strings.ContainsAny(a, "?#\\\"'<>") {
		return "", false
	}
	c := path.Clean("/" + strings.TrimPrefix(a, "/"))
	if c == "/" || strings.Contains(a, "..") {
		return "", false
	}
	for _, seg := range strings.Split(strings.Trim(c, "/"), "/") {
		if !validSegment(seg) {
			return "", false
		}
	}
	return c + "/", true
}

// slugPath normalises a slug that is a path from the site's root
// ("/sales/pricing") to "/sales/pricing/"; each segment must be a valid
// slug.
func slugPath(s string) (string, bool) {
	c, ok := cleanAlias(s)
	if !ok {
		return "", false
	}
	for _, seg := range strings.Split(strings.Trim(c, "/"), "/") {
		if !slug.Valid(seg) {
			return "", false
		}
	}
	return c, true
}

// Aliases returns the page's aliases normalised to "/a/b/".
func (p *Source) Aliases() []string {
	var out []string
	for _, a := range p.Meta.Aliases {
		if c, ok := cleanAlias(a); ok && !slices.Contains(out, c) { // "/old" and "/old/" are one
			out = append(out, c)
		}
	}
	return out
}

// withoutControls returns s without its control characters (C0 but tab,
// line feed and carriage return; DEL; C1), the first of them, and whether
// it had any. HTML forbids them in text (WHATWG HTML, "control"
// characters are parse errors), and a page shows them as nothing or as a
// box.
func withoutControls(s string) (clean string, first rune, ok bool) {
	isControl := func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
	}
	i := strings.IndexFunc(s, isControl)
	if i < 0 {
		return s, 0, false
	}
	first, _ = utf8.DecodeRuneInString(s[i:])
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s), first, true
}
