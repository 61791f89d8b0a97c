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
	"hash/fnv"
	"runtime"
	"slices"
	"strconv"

	"golang.org/x/sync/errgroup"

	"playbook/generator/content"
)

// Limits that size the files.
const (
	// shardSource is how many bytes of Markdown one shard of terms covers;
	// at about a fifth of its source in postings and a fifth of that
	// gzipped, a shard is some 20 KB on the wire.
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
	Title       string
	URL         string
	Description string
	// Section is the index in Index.Sections of the page's section (for a
	// section page, its own).
	Section int
	// Audience has bit i set when the page names Index.Audiences[i].
	Audience uint32
	Headings []Heading
	// Text is the start of the body, for snippets.
	Text string
}

// Heading is a heading that results can link to.
type Heading struct {
	Text string
	ID   string
}

// Section is a section of the site; Parent is -1 for the home section.
type Section struct {
	Title  string
	URL    string
	Parent int
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
	Sections  []Section
	Audiences []string

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
	site      *content.Site
	pages     []*content.Page
	audiences []string
	shards    int
	perFile   int
}

// NewPlan plans the index of site: every page except drafts and pages with
// search = false, in navigation order. audiences are the roles site.toml
// declares.
func NewPlan(site *content.Site, audiences []string) *Plan {
	p := &Plan{site: site, audiences: audiences}
	source := 0
	for _, pg := range site.Pages {
		if pg.Meta.Draft || !pg.Meta.InSearch() {
			continue
		}
		p.pages = append(p.pages, pg)
		if pg.Doc != nil {
			source += len(pg.Doc.Source)
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

// Files lists the files of the index, relative to the output folder.
func (p *Plan) Files() []string {
	names := []string{"search/meta.js"}
	for i := range p.shards {
		names = append(names, shardFile(i))
	}
	for i := range p.chunks() {
		names = append(names, chunkFile(i))
	}
	return names
}

func (p *Plan) chunks() int { return (len(p.pages) + p.perFile - 1) / p.perFile }

func shardFile(i int) string { return "search/t-" + strconv.Itoa(i) + ".js" }
func chunkFile(i int) string { return "search/d-" + strconv.Itoa(i) + ".js" }

// docTerms is what one page contributes to the index.
type docTerms struct {
	terms map[string]*termStat
	words map[string]string
	hash  uint64
}

type termStat struct {
	count   int
	tier    int
	heading int
}

// Build builds the index, reading the pages in parallel.
func (p *Plan) Build(ctx context.Context) (*Index, error) {
	ix := &Index{plan: p, Audiences: p.audiences, terms: map[string][]posting{}, words: map[string]string{}}
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
		secIndex[s] = len(ix.Sections)
		ix.Sections = append(ix.Sections, Section{Title: s.Page.Title, URL: s.Page.URL, Parent: parent})
		return secIndex[s]
	}
	addSection(p.site.Home)
	ix.Docs = make([]Doc, len(p.pages))
	for i, pg := range p.pages {
		ix.Docs[i].Section = addSection(pg.Section)
	}

	analysed := make([]docTerms, len(p.pages))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, pg := range p.pages {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			analysed[i] = ix.analyse(pg, &ix.Docs[i])
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	// Merge in page order, so that every posting list is sorted by page.
	h := fnv.New64a()
	for i, a := range analysed {
		for t, st := range a.terms {
			code := int32(st.tier*10 + min(st.count, 9))
			if st.tier == tierHeading {
				code += int32(100 * (st.heading + 1))
			}
			ix.terms[t] = append(ix.terms[t], posting{doc: int32(i), code: code})
		}
		for w, t := range a.words {
			ix.words[w] = t
		}
		h.Write(strconv.AppendUint(nil, a.hash, 36))
	}
	h.Write([]byte(strconv.Itoa(p.shards) + "/" + strconv.Itoa(p.perFile) + "/" + formatVersion))
	ix.version = strconv.FormatUint(h.Sum64(), 36)

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

// formatVersion changes whenever the layout of the files changes.
const formatVersion = "1"

// analyse fills d from pg and counts its terms.
func (ix *Index) analyse(pg *content.Page, d *Doc) docTerms {
	a := docTerms{terms: make(map[string]*termStat, 256), words: make(map[string]string, 128)}
	d.Title, d.URL, d.Description = pg.Title, pg.URL, pg.Meta.Description
	for _, role := range pg.Meta.Audience {
		if i := slices.Index(ix.Audiences, role); i >= 0 && i < 32 {
			d.Audience |= 1 << i
		}
	}
	h := fnv.New64a()
	// seen maps each word of the page to its term's stats, so that a word
	// is folded, checked and stemmed once per page, not once per use.
	seen := make(map[string]*termStat, 512)
	add := func(text string, tier, heading int) {
		h.Write([]byte(text))
		h.Write([]byte{0})
		eachWord(text, func(w []byte) {
			st, ok := seen[string(w)]
			if !ok {
				word := string(w)
				if t := Term(word); t != "" {
					if t != word {
						a.words[word] = t
					}
					if st = a.terms[t]; st == nil {
						st = &termStat{heading: -1}
						a.terms[t] = st
					}
				}
				seen[word] = st
			}
			if st == nil {
				return
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
			d.Headings = append(d.Headings, Heading{Text: hd.Text, ID: hd.ID})
			add(hd.Text, tierHeading, i)
		}
	}
	add(pg.Meta.Description, tierMeta, 0)
	for _, t := range pg.Meta.Tags {
		add(t, tierMeta, 0)
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
	body := bodyText(pg.Doc)
	add(body, tierBody, 0)
	d.Text = clip(body, maxText)
	h.Write([]byte(pg.URL))
	for _, hd := range d.Headings {
		h.Write([]byte(hd.ID))
	}
	h.Write([]byte{byte(d.Section), byte(d.Section >> 8), byte(d.Audience)})
	a.hash = h.Sum64()
	return a
}
