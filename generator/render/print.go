package render

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// The print page puts many pages into one HTML document: the whole
// playbook at /print/, one section at /print/<section>/ ([print] sections
// = true), or the pages for one role at /print/audience/<role>/ ([print]
// audiences = true). It renders the same parsed pages as the site,
// through a linker that prefixes every id per page and turns links between
// printed pages into in-page anchors (as mdBook's print.rs does).

// PrintURL is the URL of the print page of the whole playbook.
const PrintURL = "/" + layout.PrintDir + "/"

// PrintSectionURL returns the URL of the print page of a section.
func PrintSectionURL(sec *content.Section) string {
	if sec.Parent == nil {
		return PrintURL
	}
	return "/" + layout.PrintDir + sec.Page.URL
}

// PrintAudienceURL returns the URL of the print page for one role.
func PrintAudienceURL(role string) string {
	return "/" + layout.PrintDir + content.TermURL(layout.AudienceDir, role)
}

// printable reports whether a page goes into printed handbooks. A section
// that does not takes everything below it out too.
func printable(p *content.Page) bool { return !p.Draft && p.Meta.InPrint() }

// printSections lists the sections that have a print page of their own:
// the chapters, that is the printable sections just below the home
// section. (Every folder having its own would multiply the output: at
// 10,000 pages, 290 nested print pages came to a gigabyte.)
func printSections(site *content.Site) []*content.Section {
	var out []*content.Section
	for _, e := range site.Home.Entries {
		if e.IsSection() && e.Section != site.Home && printable(e) {
			out = append(out, e.Section)
		}
	}
	return out
}

// printHref returns the link from a home or section page to its print
// page, or "" when it has none. A chapter without a print page of its own
// ([print] sections = false) links to its chapter in the whole
// playbook's.
func (r *Renderer) printHref(site *content.Site, p *content.Page, h hrefs) string {
	if !p.IsSection() {
		return ""
	}
	if p == site.Home.Page {
		return h.href(PrintURL)
	}
	if p.Section.Parent != site.Home || !printable(p) {
		return ""
	}
	if !r.cfg.Print.Sections {
		return h.href(PrintURL) + "#" + r.printIDs(site)[p]
	}
	return h.href(PrintSectionURL(p.Section))
}

// PrintPages names the print pages a build makes beside the whole
// playbook's, which it always makes.
type PrintPages struct {
	// Sections makes one per chapter, Audiences one per role.
	Sections, Audiences bool
}

// printPages returns the print pages to make: those site.toml turns on
// and those the renderer's options ask for (Options.PrintPages).
func (r *Renderer) printPages() PrintPages {
	return PrintPages{
		Sections:  r.cfg.Print.Sections || r.extraPrint.Sections,
		Audiences: r.cfg.Print.Audiences || r.extraPrint.Audiences,
	}
}

// printJobs renders the print pages: the whole playbook's, and the
// chapters' and the roles' when printPages says so.
func (r *Renderer) printJobs(ctx context.Context, site *content.Site) []Job {
	home := site.Home.Page
	whole := printSpec{url: PrintURL, title: r.cfg.Title, roots: site.Home.Entries,
		cover: printCover{Title: r.cfg.Title, Description: r.cfg.Description}}
	if home.File != "" && printable(home) {
		whole.intro = home
	}
	pages := r.printPages()
	specs := []printSpec{whole}
	var chapters []*content.Section
	if pages.Sections {
		chapters = printSections(site)
	}
	for _, sec := range chapters {
		specs = append(specs, printSpec{url: PrintSectionURL(sec), title: sec.Page.Title + " · " + r.cfg.Title,
			roots: []*content.Page{sec.Page},
			cover: printCover{Kicker: r.cfg.Title, Title: sec.Page.Title, Description: sec.Page.Meta.Description}})
	}
	var roles []string
	if pages.Audiences {
		roles = r.cfg.Audiences
	}
	for _, role := range roles {
		spec := whole
		spec.url, spec.role = PrintAudienceURL(role), role
		spec.title = "For the " + role + " · " + r.cfg.Title
		spec.cover = printCover{Kicker: r.cfg.Title, Title: "For the " + role, Description: r.cfg.Description}
		if whole.intro != nil && !slices.Contains(whole.intro.Meta.Audience, role) {
			spec.intro = nil
		}
		specs = append(specs, spec)
	}
	shared := &printShared{ids: r.printIDs(site), index: make(map[*content.Page]int, len(site.Pages))}
	for i, p := range site.Pages {
		shared.index[p] = i
	}
	jobs := make([]Job, 0, len(specs))
	for _, spec := range specs {
		name := outName(spec.url)
		jobs = append(jobs, Job{Name: name, Dep: DepBodies, print: true, stream: func(buf io.Writer) error {
			v, err := r.printView(ctx, site, spec, shared)
			if err != nil {
				return err
			}
			if b, ok := buf.(*bytes.Buffer); ok {
				b.Grow(v.size() + 64<<10) // one allocation, not a doubling series
			}
			out, ok := buf.(markdown.Output)
			var bw *bufio.Writer
			if !ok {
				bw = bufio.NewWriter(buf)
				out = bw
			}
			cw := &countingOutput{Output: out}
			sp := &splicer{out: cw, count: cw, doc: v.doc, parts: v.Parts}
			var setSum func(string)
			if parts := r.partCache; parts != nil {
				sp.frame = v.doc.frameKey(spec, v.Parts)
				sp.old, sp.oldSpans = parts.Previous(name, sp.frame)
				sp.spans = make(map[string]Span, len(site.Pages))
				if sw, ok := buf.(*streamWriter); ok {
					if c := sw.composer(); c != nil {
						setSum = c.ComposeSum()
						cw.sum = newComposer()
					}
				}
			}
			if err := r.tpl.execute(sp, "print", v); err != nil {
				return err
			}
			if err := sp.flush(); err != nil {
				return err
			}
			if bw != nil {
				if err := bw.Flush(); err != nil {
					return err
				}
			}
			if setSum != nil {
				setSum(cw.sum.done())
			}
			if sp.spans != nil {
				r.partCache.Keep(name, sp.frame, sp.spans, sp.copied)
			}
			return nil
		}})
	}
	return jobs
}

// printSpec says what one print page holds.
type printSpec struct {
	url   string
	title string
	cover printCover
	// intro is the home page, printed first as a chapter of its own.
	intro *content.Page
	// roots become the chapters, with everything below them.
	roots []*content.Page
	// role, when set, keeps only the pages for that audience.
	role string
}

// printCover is the title page.
type printCover struct {
	Kicker      string
	Title       string
	Description string
	Version     string
	Date        string
	Logo        string
	Online      string
}

// printView is the data of a print page.
type printView struct {
	frameView
	Cover printCover
	Parts []*printPart
	doc   *printDoc
}

// size adds up the bodies of the view's parts.
func (v *printView) size() int {
	n := 0
	var add func(ps []*printPart)
	add = func(ps []*printPart) {
		for _, p := range ps {
			n += 512
			if p.doc != nil {
				n += p.page.Doc.Size()
			}
			add(p.Parts)
		}
	}
	add(v.Parts)
	return n
}

// printPart is a chapter, a section or a page of the print document.
type printPart struct {
	// ID is the element id of the part; the ids its body defines start
	// with ID + "--".
	ID string
	// Level is the heading level of the title: 1 for chapters.
	Level       int
	Chapter     bool
	Title       string
	Description string
	Module      int
	Audience    []string
	Duration    string
	Owner       string
	Requires    []link
	Signoff     bool
	Parts       []*printPart

	page *content.Page
	// doc is set once the part's body is to be printed; n is its number
	// in doc.bodies.
	doc *printDoc
	n   int
	// withBody is false for a section printed only as the heading of the
	// pages below it (on a role's print page).
	withBody bool
}

// printDoc is one print page being rendered.
type printDoc struct {
	ctx    context.Context // a cancelled render stops between parts
	r      *Renderer
	h      hrefs
	role   string
	byURL  map[string]*printPart
	shared *printShared
	// bodies holds the parts whose bodies the page prints, by the number
	// in their placeholder (the page's index in the site).
	bodies map[int]*printPart
}

// printShared is what the print pages of one build share: each page's
// part id and index, and the HTML of parts that read the same on every
// print page that shows them.
type printShared struct {
	ids    map[*content.Page]string
	index  map[*content.Page]int
	leaves sync.Map // leafKey -> []byte
}

// leafKey identifies a part without parts below it, as print-part and
// print-part-end write it.
type leafKey struct {
	page     *content.Page
	level    int
	withBody bool
}

func (r *Renderer) printView(ctx context.Context, site *content.Site, spec printSpec, shared *printShared) (*printView, error) {
	// A whole playbook's print page (the home page first) holds about
	// every page: its maps are sized for that rather than grown.
	hint := 0
	if spec.intro != nil {
		hint = len(site.Pages)
	}
	d := &printDoc{ctx: ctx, r: r, h: r.hrefsFor(spec.url), role: spec.role, byURL: make(map[string]*printPart, hint), shared: shared,
		bodies: make(map[int]*printPart, hint)}
	var parts []*printPart
	if spec.intro != nil {
		parts = append(parts, d.part(spec.intro, 1, true))
	}
	for _, p := range spec.roots {
		if part := d.collect(p, 1); part != nil {
			parts = append(parts, part)
		}
	}
	// Bodies render once every part is known, so that links can tell
	// which pages the document holds.
	var render func(ps []*printPart) error
	render = func(ps []*printPart) error {
		for _, part := range ps {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := d.fill(part); err != nil {
				return err
			}
			if err := render(part.Parts); err != nil {
				return err
			}
		}
		return nil
	}
	if err := render(parts); err != nil {
		return nil, err
	}

	frame, err := r.frame(site, nil, "print", spec.title, spec.url)
	if err != nil {
		return nil, err
	}
	v := &printView{frameView: frame, Parts: parts, doc: d}
	for _, part := range d.bodies {
		v.Mermaid = v.Mermaid || part.page.Doc.Mermaid
	}
	v.Description = spec.cover.Description
	v.Cover = spec.cover
	v.Cover.Version = r.cfg.Print.Version
	v.Cover.Date = site.Now.Format("2 January 2006")
	if logo := r.cfg.Print.Logo; logo != "" {
		v.Cover.Logo = d.h.href("/" + strings.TrimPrefix(logo, "/"))
	}
	if r.cfg.Base.Host != "" {
		v.Cover.Online = r.permalink("/")
		if len(spec.roots) == 1 {
			v.Cover.Online = r.permalink(spec.roots[0].URL)
		}
	}
	return v, nil
}

// collect returns the part of p and everything below it at heading level
// level, or nil when nothing of it is printed.
func (d *printDoc) collect(p *content.Page, level int) *printPart {
	if !printable(p) {
		return nil
	}
	part := d.part(p, level, d.role == "" || slices.Contains(p.Meta.Audience, d.role))
	if p.IsSection() {
		for _, e := range p.Section.Entries {
			if c := d.collect(e, level+1); c != nil {
				part.Parts = append(part.Parts, c)
			}
		}
	}
	if !part.withBody && len(part.Parts) == 0 {
		delete(d.byURL, p.URL)
		return nil
	}
	return part
}

// part makes the part of one page and gives it a unique id.
func (d *printDoc) part(p *content.Page, level int, withBody bool) *printPart {
	part := &printPart{
		Level:    min(level, 6),
		Chapter:  level == 1,
		Title:    p.Title,
		Module:   p.Module,
		Duration: formatDuration(p.Duration),
		Owner:    p.Meta.Owner,
		Signoff:  p.Meta.Signoff,
		page:     p,
		withBody: withBody,
	}
	if withBody {
		part.Description = p.Meta.Description
		part.Audience = p.Meta.Audience
	}
	part.ID = d.shared.ids[p]
	d.byURL[p.URL] = part
	return part
}

// printIDs returns the id of every page's part, made once per site:
// print pages and the chapters' links into the whole playbook's print
// page share them.
func (r *Renderer) printIDs(site *content.Site) map[*content.Page]string {
	if ids, ok := r.printIDsOf.Load(site); ok {
		return ids.(map[*content.Page]string)
	}
	ids, _ := r.printIDsOf.LoadOrStore(site, makePrintIDs(site))
	return ids.(map[*content.Page]string)
}

// makePrintIDs gives every page the id of its part, the same in every
// print page. A key loses doubled and edge dashes so that no page id can
// equal the id of a heading of another page, which always holds "--".
func makePrintIDs(site *content.Site) map[*content.Page]string {
	ids := make(map[*content.Page]string, len(site.Pages))
	used := make(map[string]bool, len(site.Pages))
	for _, p := range site.Pages {
		key := p.Key
		for strings.Contains(key, "--") {
			key = strings.ReplaceAll(key, "--", "-")
		}
		key = strings.Trim(key, "-")
		if key == "" {
			key = "page"
		}
		id := "p-" + key
		for n := 2; used[id]; n++ {
			id = "p-" + key + "-" + strconv.Itoa(n)
		}
		used[id] = true
		ids[p] = id
	}
	return ids
}

// fill renders a part's body and links.
func (d *printDoc) fill(part *printPart) error {
	p := part.page
	if !part.withBody {
		return nil
	}
	for _, q := range p.Requires {
		part.Requires = append(part.Requires, link{Title: q.Title, Href: d.pageHref(q.URL, "")})
	}
	if p.Doc != nil {
		n, ok := d.shared.index[p]
		if !ok {
			return fmt.Errorf("print: %s is not a page of the site", p.URL)
		}
		part.doc, part.n = d, n
		d.bodies[n] = part
	}
	return nil
}

// Document stands for the parts in the template's output; the splicer
// writes them in its place (see writeParts).
func (v *printView) Document() template.HTML { return "\x00D\x00" }

// writeParts writes parts through the theme's print-part, the parts below
// each, and print-part-end. A part without parts below it and without
// links of its own (prerequisites) reads the same on every print page
// that shows it at its level, its body being a placeholder: its HTML is
// made once per build and reused, so seven print pages of 10,000 pages
// run the templates for about 10,000 parts rather than 70,000.
func (d *printDoc) writeParts(w io.Writer, parts []*printPart) error {
	for _, p := range parts {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		if len(p.Parts) == 0 && len(p.Requires) == 0 {
			if sp, ok := w.(*splicer); ok && sp.spans != nil {
				done, err := sp.leaf(p)
				if err != nil {
					return err
				}
				if done {
					continue
				}
			}
			key := leafKey{p.page, p.Level, p.withBody}
			html, ok := d.shared.leaves.Load(key)
			if !ok {
				var b bytes.Buffer
				if err := d.execPart(&b, printPartTpl, p); err != nil {
					return err
				}
				if err := d.execPart(&b, printPartEndTpl, p); err != nil {
					return err
				}
				html, _ = d.shared.leaves.LoadOrStore(key, b.Bytes())
			}
			start := int64(-1)
			sp, _ := w.(*splicer)
			if sp != nil && sp.spans != nil {
				start, sp.count.crc = sp.count.n, 0
				sp.count.sum.cut('g')
			}
			if _, err := w.Write(html.([]byte)); err != nil {
				return err
			}
			if start >= 0 {
				sum := sp.count.sum.cut('l')
				sp.spans[spanKey(p)] = Span{Off: start, Len: sp.count.n - start, CRC: sp.count.crc, Sum: sum}
			}
			continue
		}
		if err := d.execPart(w, printPartTpl, p); err != nil {
			return err
		}
		if err := d.writeParts(w, p.Parts); err != nil {
			return err
		}
		if err := d.execPart(w, printPartEndTpl, p); err != nil {
			return err
		}
	}
	return nil
}

// Body stands for the part's body HTML in the template's output: a
// placeholder that the splicer replaces with the body, written straight to
// the file with its ids prefixed with the part's, its headings moved down
// under the part's title and its links resolved for this print page. A
// whole playbook's bodies thus never pass through the template engine or
// sit in memory as strings.
func (p *printPart) Body() template.HTML {
	if p.doc == nil {
		return ""
	}
	return template.HTML("\x00B" + strconv.Itoa(p.n) + "\x00")
}

// TitleHTML is the part's title as its heading shows it: the page's
// leading "# heading" with its inline markup when the title came from
// one, its links resolved for this print page, or else the title as text.
func (p *printPart) TitleHTML() (template.HTML, error) {
	if p.doc != nil && p.page.Doc != nil {
		title, err := p.page.Doc.TitleHTML(p.linker())
		if err != nil || title != "" {
			return template.HTML(title), err
		}
	}
	return template.HTML(template.HTMLEscapeString(p.Title)), nil
}

// linker resolves the part's links and ids for its print page.
func (p *printPart) linker() printLinker {
	return printLinker{d: p.doc, p: p.page, prefix: p.ID + "--", shift: p.Level - 1}
}

// writeBody writes the part's body for its print page.
func (p *printPart) writeBody(out markdown.Output) error {
	return p.page.Doc.WriteHTML(out, p.linker())
}

// splicer passes a print page's template output through, replacing body
// placeholders with the bodies. Template output never holds NUL (the
// escaper turns data's NULs into U+FFFD), so only Body writes one.
type splicer struct {
	out     markdown.Output
	count   *countingOutput // out, counting the bytes written
	doc     *printDoc
	parts   []*printPart // written in place of the document placeholder
	docDone bool
	pending []byte // a placeholder cut by the end of a Write
	err     error

	// With a PartCache: the page's frame key, the previous file and
	// where its leaves lay in it, and where they lie in this one.
	frame    string
	old      io.ReaderAt
	oldSpans map[string]Span
	spans    map[string]Span
	win      []byte // the previous file from winOff
	winOff   int64
	copied   int
}

// leaf copies the leaf part p from the previous file when it holds it,
// recording where it now lies, and reports whether it did. A part whose
// bytes there do not match their checksum is rendered instead, and the
// previous file is no longer used.
func (s *splicer) leaf(p *printPart) (bool, error) {
	key := spanKey(p)
	old, ok := s.oldSpans[key]
	if !ok || s.old == nil {
		return false, nil
	}
	b, err := s.oldBytes(old)
	if err != nil || b == nil {
		s.old = nil
		return false, nil
	}
	start := s.count.n
	s.count.sum.cut('g')
	if _, err := s.count.Output.Write(b); err != nil {
		return false, err
	}
	s.count.n += int64(len(b))
	s.count.sum.copied(old.Sum, old.Len)
	s.spans[key] = Span{Off: start, Len: old.Len, CRC: old.CRC, Sum: old.Sum}
	s.copied++
	return true, nil
}

// oldBytes returns the bytes of the span sp of the previous file, or nil
// when they do not match its checksum. Leaves mostly follow each other in
// both files, so the previous file is read in large windows, not part by
// part.
func (s *splicer) oldBytes(sp Span) ([]byte, error) {
	const window = 1 << 20
	if sp.Off < 0 || sp.Len <= 0 || sp.Len > 64<<20 {
		return nil, nil
	}
	if sp.Off < s.winOff || sp.Off+sp.Len > s.winOff+int64(len(s.win)) {
		size := max(window, int(sp.Len))
		if cap(s.win) < size {
			s.win = make([]byte, size)
		}
		n, err := s.old.ReadAt(s.win[:size], sp.Off)
		if int64(n) < sp.Len {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		s.win, s.winOff = s.win[:n], sp.Off
	}
	b := s.win[sp.Off-s.winOff : sp.Off-s.winOff+sp.Len]
	if crc32.Checksum(b, castagnoli) != sp.CRC {
		return nil, nil
	}
	return b, nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// spanKey identifies a leaf part's bytes within one print page's frame:
// its page, at its level, with or without its body, from the page's bytes.
func spanKey(p *printPart) string {
	return fmt.Sprintf("%s|%d|%v|%x", p.page.URL, p.Level, p.withBody, p.page.Hash)
}

// frameKey identifies what, besides their own pages, the leaves of a
// print page are made from: the page itself and its tree of parts (each
// part's page, id, level and whether its body is printed, which decide
// where links lead). The caller's PartCache adds the configuration, the
// theme and the site's structure.
func (d *printDoc) frameKey(spec printSpec, parts []*printPart) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s\n", spec.url, spec.role, spec.title)
	var walk func(ps []*printPart)
	walk = func(ps []*printPart) {
		for _, p := range ps {
			fmt.Fprintf(h, "%s|%s|%d|%v|%v|%d|%d\n", p.page.URL, p.ID, p.Level, p.Chapter, p.withBody, p.Module, len(p.Parts))
			walk(p.Parts)
			fmt.Fprintf(h, "end\n")
		}
	}
	walk(parts)
	return hex.EncodeToString(h.Sum(nil))
}

// countingOutput counts the bytes written through it, keeps the CRC-32C
// of those since the last reset of crc, and, when sum is set, composes
// the file's sum.
type countingOutput struct {
	markdown.Output
	n   int64
	crc uint32
	sum *composer
}

func (c *countingOutput) Write(p []byte) (int, error) {
	n, err := c.Output.Write(p)
	c.n += int64(n)
	c.crc = crc32.Update(c.crc, castagnoli, p[:n])
	c.sum.write(p[:n])
	return n, err
}

func (c *countingOutput) WriteString(s string) (int, error) {
	n, err := c.Output.WriteString(s)
	c.n += int64(n)
	c.crc = crc32.Update(c.crc, castagnoli, []byte(s[:n]))
	c.sum.write([]byte(s[:n]))
	return n, err
}

// composer composes a print page's sum (see SumComposer): the SHA-256 of
// a series of records, one per stretch of the file, each a tag ('g' for
// the bytes between leaf parts, 'l' for a leaf part), the SHA-256 of the
// stretch's bytes and its length as a uvarint. The file's stretches and
// their order follow from its bytes and its parts, so the same file with
// the same parts composes the same sum whether its leaves were rendered
// or copied; a copied leaf brings the SHA-256 recorded in its Span. A nil
// composer does nothing.
type composer struct {
	records hash.Hash // the file's records
	cur     hash.Hash // the stretch being written
	n       int64     // its length
}

func newComposer() *composer {
	c := &composer{records: sha256.New(), cur: sha256.New()}
	c.records.Write([]byte("playbook composed sum 1\n"))
	return c
}

func (c *composer) write(p []byte) {
	if c != nil {
		c.cur.Write(p)
		c.n += int64(len(p))
	}
}

// cut ends the stretch being written, with tag, and returns its sum. An
// empty stretch between leaves is no record; an empty leaf is one.
func (c *composer) cut(tag byte) [32]byte {
	var sum [32]byte
	if c == nil {
		return sum
	}
	c.cur.Sum(sum[:0])
	if tag != 'g' || c.n > 0 {
		c.record(tag, sum, c.n)
	}
	c.cur.Reset()
	c.n = 0
	return sum
}

// copied records a leaf of n bytes with the SHA-256 sum, written without
// passing through write.
func (c *composer) copied(sum [32]byte, n int64) {
	if c != nil {
		c.record('l', sum, n)
	}
}

func (c *composer) record(tag byte, sum [32]byte, n int64) {
	var b [1 + 32 + binary.MaxVarintLen64]byte
	b[0] = tag
	copy(b[1:], sum[:])
	m := binary.PutUvarint(b[33:], uint64(n))
	c.records.Write(b[:33+m])
}

// done ends the last stretch and returns the composed sum: "c" and 128
// bits of the records' SHA-256 in hex.
func (c *composer) done() string {
	c.cut('g')
	return "c" + hex.EncodeToString(c.records.Sum(nil)[:16])
}

func (s *splicer) Write(p []byte) (int, error) {
	n := len(p)
	if s.err != nil {
		return 0, s.err
	}
	if len(s.pending) > 0 {
		p = append(s.pending, p...)
		s.pending = nil
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, 0)
		if i < 0 {
			_, s.err = s.out.Write(p)
			break
		}
		if _, s.err = s.out.Write(p[:i]); s.err != nil {
			break
		}
		j := bytes.IndexByte(p[i+1:], 0)
		if j < 0 {
			if len(p)-i > 32 { // not a placeholder: pass it on
				_, s.err = s.out.Write(p[i:])
				break
			}
			s.pending = bytes.Clone(p[i:])
			break
		}
		mark := p[i+1 : i+1+j]
		switch {
		case len(mark) > 1 && mark[0] == 'B':
			k, err := strconv.Atoi(string(mark[1:]))
			if part := s.doc.bodies[k]; err == nil && part != nil {
				s.err = part.writeBody(s.out)
			} else {
				_, s.err = s.out.Write(p[i : i+j+2])
			}
		case string(mark) == "D":
			// Once, and nothing for a page without parts. The parts'
			// template output comes back through this writer (their
			// bodies are placeholders too); p's rest waits.
			if !s.docDone {
				s.docDone = true
				s.err = s.doc.writeParts(s, s.parts)
			}
			if s.err == nil && len(s.pending) > 0 { // whole writes leave none
				_, s.err = s.out.Write(s.pending)
				s.pending = nil
			}
		default:
			_, s.err = s.out.Write(p[i : i+j+2])
		}
		if s.err != nil {
			break
		}
		p = p[i+j+2:]
	}
	return n, s.err
}

// flush writes what a last Write left pending.
func (s *splicer) flush() error {
	if s.err == nil && len(s.pending) > 0 {
		_, s.err = s.out.Write(s.pending)
	}
	return s.err
}

// pageHref links to a page (and a heading or task on it): inside the
// document when the page is printed in it, else to the site.
func (d *printDoc) pageHref(url, fragment string) string {
	if part := d.byURL[url]; part != nil {
		if fragment == "" {
			return "#" + part.ID
		}
		if part.withBody {
			return "#" + part.ID + "--" + fragment
		}
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return d.siteHref(url)
}

// siteHref links to a site URL from the print page: absolute when the site
// has a host, so that links still lead somewhere from a PDF.
func (d *printDoc) siteHref(url string) string {
	if d.r.cfg.Base.Host == "" {
		return d.h.href(url)
	}
	path, frag, hasFrag := strings.Cut(url, "#")
	path, query, hasQuery := strings.Cut(path, "?")
	out := d.r.permalink(path)
	if hasQuery {
		out += "?" + query
	}
	if hasFrag {
		out += "#" + frag
	}
	return out
}

// href is where a body link of p points from this print page.
func (d *printDoc) href(p *content.Page, i int, n *markdown.LocalLink) string {
	t := target(p, i)
	part := d.byURL[t.URL]
	switch {
	case t.URL == "":
		return n.Dest
	case part != nil && t.Key != "":
		if t.Exact || part.page.IsTitleAnchor(n.Fragment) {
			return d.pageHref(t.URL, "") // the page's title in the document
		}
		return d.pageHref(t.URL, n.Fragment)
	case n.Image:
		// Images load from the site, also when printing to PDF.
		return d.h.href(linkURL(t, n))
	}
	return d.siteHref(linkURL(t, n))
}

// printLinker resolves a body for a print page: ids prefixed per page,
// headings shifted, links inside the document where they can be.
type printLinker struct {
	d      *printDoc
	p      *content.Page
	prefix string
	shift  int
}

func (l printLinker) Href(i int, n *markdown.LocalLink) string { return l.d.href(l.p, i, n) }
func (l printLinker) IDPrefix() string                         { return l.prefix }
func (l printLinker) HeadingShift() int                        { return l.shift }
