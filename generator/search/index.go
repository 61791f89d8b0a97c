// Package search builds the site's search index at build time and answers
// queries against it. The index is written as small script files that the
// theme's search.js loads on first use:
//
//	search/meta.js      the list of sections, and per page its section and audience
//	search/t-N.js       shard N of the terms: term → postings, word → term
//	search/d-N.js       pages N·K … N·K+K-1: title, URL, headings, text for snippets
//
// Terms are split into shards by their first two runes, so the last word of
// a query, matched as a prefix, needs one shard. The number of shards and
// of pages per d-file follow from the size of the site, known before the
// index is built, so the list of files is cheap to compute.
//
// Ranking lives here (Index.Search) and, with the same logic, in search.js.
package search

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// Limits that size the files.
const (
	// shardSource is how many bytes of Markdown one shard of terms covers.
	// On the generated 10,000-page corpus that makes 98 shards of 8 KB
	// gzipped (median); terms that share their first two runes stay
	// together, so the largest is 88 KB.
	shardSource = 512 << 10
	maxShards   = 512
	// chunkBytes is the aim for the text of one d-file.
	chunkBytes = 16 << 10
	maxPerFile = 64
	// maxText caps the text kept per page for snippets; the index itself
	// covers all of it.
	maxText = 12 << 10
)

// Field weights, the tens of a posting's score: a title match outranks a
// heading match, which outranks a description or tag match, which
// outranks a match in the body.
const (
	tierBody = iota
	tierMeta
	tierHeading
	tierTitle
)

// Doc is a page as the index shows it in results.
type Doc struct {
	Title string
	URL   string

	// page is the page whose body's start its d-file shows in snippets,
	// read when the file is written rather than kept from page to page
	// (at 10,000 pages the texts would hold 37 MB through the build).
	page *content.Page

	description string
	// section is the index in Index.sections of the page's section (for a
	// section page, its own).
	section int
	// audience has bit i set when the page names Index.audiences[i].
	audience uint32
	headings []docHeading
}

// docHeading is a heading that results can link to.
type docHeading struct {
	text string
	id   string
}

// siteSection is a section of the site; parent is -1 for the home section.
type siteSection struct {
	title  string
	url    string
	parent int
}

// posting says that a term occurs in a document. code is the score
// (tier·10 + occurrences up to 9) plus, for a heading match, 100·(heading+1).
type posting struct {
	doc  int32
	code int32
}

func (p posting) score() int   { return int(p.code % 100) }
func (p posting) heading() int { return int(p.code/100) - 1 }

// Index is the search index of a site.
type Index struct {
	Docs      []Doc
	sections  []siteSection
	audiences []string

	plan  *Plan
	terms map[string][]posting
	// words maps words that differ from their term ("coaching") to the
	// term ("coach"), for prefix matching.
	words   map[string]string
	version string
	shards  []shard
}

// shard lists the terms and words of one t-file, sorted.
type shard struct{ terms, words []string }

// Plan is what an index will cover and how it is split into files: it is
// cheap, so that a build can list its files before it builds the index.
type Plan struct {
	cache     AnalysisCache
	site      *content.Site
	pages     []*content.Page
	audiences []string
	shards    int
	perFile   int
	// After ShardKeys: the pages' analysis keys, and the shards whose
	// terms Build indexes (nil: all).
	keys [][32]byte
	want []bool
}

// NewPlan plans the index of site: every page except drafts and pages with
// search = false, in navigation order. audiences are the roles site.toml
// declares.
func NewPlan(site *content.Site, audiences []string) *Plan {
	p := &Plan{site: site, audiences: audiences}
	source := 0
	for _, pg := range site.Pages {
		if pg.Draft || !pg.Meta.InSearch() {
			continue
		}
		p.pages = append(p.pages, pg)
		if pg.Doc != nil {
			source += pg.Doc.SourceLen
		}
	}
	p.shards = min(max(1, (source+shardSource-1)/shardSource), maxShards)
	p.perFile = maxPerFile
	if source > 0 {
		avg := max(1, source/len(p.pages))
		p.perFile = min(max(1, chunkBytes/avg), maxPerFile)
	}
	return p
}

// UseCache makes Build take unchanged pages' analyses from c and keep
// the others' in it.
func (p *Plan) UseCache(c AnalysisCache) { p.cache = c }

// FilePages returns the pages whose bodies the index file name holds on
// their own: those of a d-file. It returns nil for the other files, which
// hold something of every page.
func (p *Plan) FilePages(name string) []*content.Page {
	base := strings.TrimSuffix(strings.TrimPrefix(name, layout.SearchDir+"/"), ".js")
	kind, num, _ := strings.Cut(base, "-")
	n, err := strconv.Atoi(num)
	if kind != "d" || err != nil || n < 0 || n >= p.chunks() {
		return nil
	}
	return p.pages[n*p.perFile : min((n+1)*p.perFile, len(p.pages))]
}

// Files lists the files of the index, relative to the output folder.
func (p *Plan) Files() []string {
	names := []string{layout.SearchDir + "/meta.js"}
	for i := range p.shards {
		names = append(names, shardFile(i))
	}
	for i := range p.chunks() {
		names = append(names, chunkFile(i))
	}
	return names
}

func (p *Plan) chunks() int { return (len(p.pages) + p.perFile - 1) / p.perFile }

func shardFile(i int) string { return layout.SearchDir + "/t-" + strconv.Itoa(i) + ".js" }
func chunkFile(i int) string { return layout.SearchDir + "/d-" + strconv.Itoa(i) + ".js" }

// Build builds the index, reading the pages in parallel.
func (p *Plan) Build(ctx context.Context) (*Index, error) {
	ix := &Index{plan: p, audiences: p.audiences, terms: map[string][]posting{}, words: map[string]string{}}
	secIndex := map[*content.Section]int{}
	var addSection func(s *content.Section) int
	addSection = func(s *content.Section) int {
		if i, ok := secIndex[s]; ok {
			return i
		}
		parent := -1
		if s.Parent != nil {
			parent = addSection(s.Parent)
		}
		secIndex[s] = len(ix.sections)
		ix.sections = append(ix.sections, siteSection{title: s.Page.Title, url: s.Page.URL, parent: parent})
		return secIndex[s]
	}
	addSection(p.site.Home)
	ix.Docs = make([]Doc, len(p.pages))
	for i, pg := range p.pages {
		ix.Docs[i].section = addSection(pg.Section)
	}

	// Each worker takes the next page until none is left.
	workers := make([]*worker, runtime.GOMAXPROCS(0))
	found := make([]pageTerms, len(p.pages))
	var next atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	for w := range workers {
		wk := newWorker(ix, p.cache)
		wk.want, wk.shards = p.want, p.shards
		workers[w] = wk
		g.Go(func() error {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(p.pages) {
					return nil
				}
				if err := gctx.Err(); err != nil {
					return err
				}
				terms, err := wk.index(p.pages[i], &ix.Docs[i], p.key(i))
				if err != nil {
					return err
				}
				found[i] = pageTerms{worker: w, terms: terms}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	// Merge in page order, so that every posting list is sorted by page:
	// count each term's postings first, so that each list is made once,
	// and find a worker's term by its id rather than by name.
	slot := make([][]int32, len(workers)) // worker's term id → list
	for w, wk := range workers {
		slot[w] = make([]int32, len(wk.terms))
	}
	index := map[string]int32{}
	var count []int
	for w, wk := range workers {
		for id, t := range wk.terms {
			n, ok := index[t]
			if !ok {
				n = int32(len(count))
				index[t] = n
				count = append(count, 0)
			}
			slot[w][id] = n
		}
	}
	for _, f := range found {
		for _, tc := range f.terms {
			count[slot[f.worker][tc.term]]++
		}
	}
	total := 0
	for _, c := range count {
		total += c
	}
	arena := make([]posting, total)
	lists := make([][]posting, len(count))
	for n, c := range count {
		lists[n], arena = arena[:0:c], arena[c:]
	}
	for i, f := range found {
		for _, tc := range f.terms {
			n := slot[f.worker][tc.term]
			lists[n] = append(lists[n], posting{doc: int32(i), code: tc.code})
		}
	}
	for t, n := range index {
		if len(lists[n]) > 0 {
			ix.terms[t] = lists[n]
		}
	}
	for _, wk := range workers {
		if p.want == nil {
			maps.Copy(ix.words, wk.words)
			continue
		}
		for w, t := range wk.words {
			if p.want[shardOf(w, p.shards)] {
				ix.words[w] = t
			}
		}
	}
	ix.version = ix.inputHash()

	ix.shards = make([]shard, p.shards)
	for t := range ix.terms {
		s := &ix.shards[shardOf(t, p.shards)]
		s.terms = append(s.terms, t)
	}
	for w := range ix.words {
		s := &ix.shards[shardOf(w, p.shards)]
		s.words = append(s.words, w)
	}
	for _, s := range ix.shards {
		slices.Sort(s.terms)
		slices.Sort(s.words)
	}
	return ix, nil
}

// formatVersion changes whenever the files change for the same input: a
// new encoding, stemmer or tokeniser.
const formatVersion = "2"

// inputHash identifies what the index was built from, for the version
// that busts browser caches of the index files.
func (ix *Index) inputHash() string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%d|%d|%q\n", formatVersion, ix.plan.shards, ix.plan.perFile, ix.audiences)
	for _, s := range ix.sections {
		fmt.Fprintf(h, "%q|%s|%d\n", s.title, s.url, s.parent)
	}
	for i, pg := range ix.plan.pages {
		fmt.Fprintf(h, "%s|%x|%d|%q\n", pg.URL, pg.Hash, ix.Docs[i].section, pg.Title)
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// pageTerms is what one page contributes to the index: its terms, by the
// ids of the worker that read it, with their posting codes.
type pageTerms struct {
	worker int
	terms  []termCode
}

type termCode struct {
	term int32
	code int32
}

// worker reads pages. It keeps, from page to page, the words it has met
// and their terms, so that a word is folded, checked and stemmed once
// rather than at every use, and a page allocates almost nothing.
type worker struct {
	ix      *Index
	ids     map[string]int32 // word → index in info
	info    []wordInfo
	termIDs map[string]int32 // term → id
	terms   []string         // id → term
	words   map[string]string
	stats   []termStat // by term id, for the page being read
	touched []int32

	// With a cache, pageWords lists the words of the page being read
	// (number page, from 1) that differ from their terms, by index in
	// info, so that its analysis can be kept whole.
	cache     AnalysisCache
	page      int32
	pageWords []int32

	// want, when set, are the shards (of shards) whose terms and words
	// the worker returns; analyses are kept whole all the same.
	want   []bool
	shards int
	// decoded and newWords are decodeAnalysis's buffers.
	decoded  []termCode
	newWords [][]byte
}

// wordInfo is what a worker knows of a word it has met.
type wordInfo struct {
	term int32  // the term's id, -1 for a stop word
	word string // the word, when it differs from its term
	page int32  // the last page whose pageWords holds it
}

type termStat struct {
	count   int
	tier    int
	heading int
}

// newWorker returns a worker for the index ix, with the cache of
// analyses c (nil: none), that returns the terms of every shard.
func newWorker(ix *Index, c AnalysisCache) *worker {
	return &worker{ix: ix, ids: map[string]int32{}, termIDs: map[string]int32{}, words: map[string]string{}, cache: c}
}

// id returns the term id of a token (see eachToken), or -1 for a stop
// word. Grams are their own terms; term() changes only ASCII words and a
// gram is never ASCII, so a word and a gram with the same bytes have the
// same term and one cache holds both.
func (wk *worker) id(tok []byte, gram bool) int32 {
	i, ok := wk.ids[string(tok)]
	if !ok {
		i = wk.newWord(tok, gram)
	}
	in := &wk.info[i]
	if in.word != "" && wk.cache != nil && in.page != wk.page {
		in.page = wk.page
		wk.pageWords = append(wk.pageWords, i)
	}
	return in.term
}

// newWord adds a word the worker has not met and returns its index in
// info.
func (wk *worker) newWord(tok []byte, gram bool) int32 {
	word := string(tok)
	t := word
	if !gram {
		t = term(word)
	}
	in := wordInfo{term: -1}
	if t != "" {
		in.term = wk.termID([]byte(t))
		if t != word {
			wk.words[word] = t
			in.word = word
		}
	}
	i := int32(len(wk.info))
	wk.info = append(wk.info, in)
	wk.ids[word] = i
	return i
}

// termID returns the id of term t, adding it when it is new.
func (wk *worker) termID(t []byte) int32 {
	if id, ok := wk.termIDs[string(t)]; ok {
		return id
	}
	id := int32(len(wk.terms))
	s := string(t)
	wk.termIDs[s] = id
	wk.terms = append(wk.terms, s)
	wk.stats = append(wk.stats, termStat{heading: -1})
	return id
}

// key returns the analysis key of page i when ShardKeys computed it.
func (p *Plan) key(i int) *[32]byte {
	if p.keys == nil {
		return nil
	}
	return &p.keys[i]
}

// index fills d from pg and returns its terms: from the cache when it
// holds them, else read from the page (and kept in the cache). key, when
// not nil, is pg's analysis key.
func (wk *worker) index(pg *content.Page, d *Doc, key *[32]byte) ([]termCode, error) {
	if wk.cache == nil {
		return wk.analyse(pg, d)
	}
	if key == nil {
		k, ok := analysisKey(pg)
		if !ok {
			return wk.analyse(pg, d)
		}
		key = &k
	}
	if b := wk.cache.Get(*key); b != nil {
		if terms, err := wk.decodeAnalysis(b); err == nil {
			wk.describe(pg, d)
			return terms, nil
		}
	}
	wk.page++
	wk.pageWords = wk.pageWords[:0]
	terms, err := wk.analyse(pg, d)
	if err == nil {
		wk.cache.Put(*key, wk.encodeAnalysis(terms))
	}
	if wk.want != nil {
		kept := terms[:0:0]
		for _, tc := range terms {
			if wk.want[shardOf(wk.terms[tc.term], wk.shards)] {
				kept = append(kept, tc)
			}
		}
		terms = kept
	}
	return terms, err
}

// describe fills the fields of d that come from pg without its body.
func (wk *worker) describe(pg *content.Page, d *Doc) {
	d.Title, d.URL, d.description = pg.Title, pg.URL, pg.Meta.Description
	if pg.Doc != nil {
		d.page = pg
	}
	for _, role := range pg.Meta.Audience {
		if i := slices.Index(wk.ix.audiences, role); i >= 0 && i < 32 {
			d.audience |= 1 << i
		}
	}
	if pg.Doc != nil {
		for _, hd := range pg.Doc.Headings {
			d.headings = append(d.headings, docHeading{text: hd.Text, id: hd.ID})
		}
	}
}

// analyse fills d from pg and returns its terms.
func (wk *worker) analyse(pg *content.Page, d *Doc) ([]termCode, error) {
	wk.describe(pg, d)
	add := func(text string, tier, heading int) {
		eachToken(text, func(tok []byte, gram bool) {
			id := wk.id(tok, gram)
			if id < 0 {
				return
			}
			st := &wk.stats[id]
			if st.count == 0 {
				wk.touched = append(wk.touched, id)
			}
			st.count++
			if tier > st.tier {
				st.tier = tier
			}
			if tier == tierHeading && st.heading < 0 {
				st.heading = heading
			}
		})
	}
	add(pg.Title, tierTitle, 0)
	if pg.Doc != nil {
		for i, hd := range pg.Doc.Headings {
			add(hd.Text, tierHeading, i)
		}
	}
	add(pg.Meta.Description, tierMeta, 0)
	for _, t := range pg.Meta.Tags {
		add(t, tierMeta, 0)
	}
	for _, c := range pg.Meta.Categories {
		add(c, tierMeta, 0)
	}
	// The section trail and the audience are findable, but only as much
	// as a word of the body.
	for s := pg.Section; s != nil && s.Parent != nil; s = s.Parent {
		if s.Page != pg {
			add(s.Page.Title, tierBody, 0)
		}
	}
	for _, role := range pg.Meta.Audience {
		add(role, tierBody, 0)
	}
	var body string
	if pg.Doc != nil {
		var err error
		if body, err = pg.Doc.Text(); err != nil {
			return nil, fmt.Errorf("%s: %w", pg.File, err)
		}
	}
	add(body, tierBody, 0)

	out := make([]termCode, len(wk.touched))
	for i, id := range wk.touched {
		st := wk.stats[id]
		code := int32(st.tier*10 + min(st.count, 9))
		if st.tier == tierHeading {
			code += int32(100 * (st.heading + 1))
		}
		out[i] = termCode{term: id, code: code}
		wk.stats[id] = termStat{heading: -1}
	}
	wk.touched = wk.touched[:0]
	return out, nil
}
