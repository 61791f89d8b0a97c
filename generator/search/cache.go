package search

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"slices"
	"strconv"

	"github.com/playbook-ssg/playbook/generator/content"
)

// AnalysisCache keeps what pages add to the index from one build to the
// next, so that a page whose inputs did not change is indexed without
// reading its body again. Keys come from AnalysisKey; values are opaque
// bytes this package writes and reads back. Implementations must be safe
// for concurrent use.
type AnalysisCache interface {
	// Get returns the bytes kept under key, or nil.
	Get(key [32]byte) []byte
	// Put keeps b under key; b is not changed afterwards.
	Put(key [32]byte, b []byte)
}

// analysisVersion changes whenever the analysis of the same page changes:
// a new tokeniser, stemmer, field weight or encoding of the bytes.
const analysisVersion = "analysis 2"

// analysisKey returns the key of pg's analysis, which covers everything
// analyse reads: the page's title, description, tags, categories, the
// titles of its sections, its roles, and its body (through the body's
// cache key, which covers the Markdown options). ok is false when the
// body has no cache key, so the analysis is not kept.
func analysisKey(pg *content.Page) (key [32]byte, ok bool) {
	var body [32]byte
	if pg.Doc != nil {
		if body, ok = pg.Doc.CacheKey(); !ok {
			return key, false
		}
	}
	// One buffer hashed once: a hash's Write per field cost more than
	// the hashing at 10,000 pages.
	buf := make([]byte, 0, 512)
	field := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	field(analysisVersion)
	field(formatVersion)
	buf = append(buf, body[:]...)
	field(pg.Title)
	field(pg.Meta.Description)
	for _, list := range [][]string{pg.Meta.Tags, pg.Meta.Categories, pg.Meta.Audience} {
		field(strconv.Itoa(len(list)))
		for _, s := range list {
			field(s)
		}
	}
	for s := pg.Section; s != nil && s.Parent != nil; s = s.Parent {
		if s.Page != pg {
			field(s.Page.Title)
		}
	}
	return sha256.Sum256(buf), true
}

// encodeAnalysis returns the bytes kept for one page: its terms with their
// posting codes, then the words of the page that differ from their terms
// (term(word) gives the term back), all as uvarint-prefixed strings and
// uvarints.
func (wk *worker) encodeAnalysis(terms []termCode) []byte {
	// The exact size: the values of 10,000 pages stay in memory until
	// the build ends, and room for the longest varints doubled them.
	size := uvarintLen(uint64(len(terms))) + uvarintLen(uint64(len(wk.pageWords)))
	for _, tc := range terms {
		t := wk.terms[tc.term]
		size += uvarintLen(uint64(len(t))) + len(t) + uvarintLen(uint64(tc.code))
	}
	for _, w := range wk.pageWords {
		word := wk.info[w].word
		size += uvarintLen(uint64(len(word))) + len(word)
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(len(terms)))
	for _, tc := range terms {
		b = appendBytes(b, wk.terms[tc.term])
		b = binary.AppendUvarint(b, uint64(tc.code))
	}
	b = binary.AppendUvarint(b, uint64(len(wk.pageWords)))
	for _, w := range wk.pageWords {
		b = appendBytes(b, wk.info[w].word)
	}
	return b
}

// uvarintLen returns the number of bytes binary.AppendUvarint appends for v.
func uvarintLen(v uint64) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

func appendBytes(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errBadAnalysis = errors.New("search: malformed cached analysis")

// decodeAnalysis reads bytes that encodeAnalysis wrote into the worker's
// terms and words, and returns the page's terms. A malformed value
// returns errBadAnalysis and adds no word (the terms it added have no
// postings, which the merge leaves out).
func (wk *worker) decodeAnalysis(b []byte) ([]termCode, error) {
	out := wk.decoded[:0]
	words := wk.newWords[:0]
	_, ok := walkAnalysis(b, func(t []byte, code int32) {
		if wk.want == nil || wk.want[shardOfBytes(t, wk.shards)] {
			out = append(out, termCode{term: wk.termID(t), code: code})
		}
	}, func(w []byte) {
		if wk.want != nil && !wk.want[shardOfBytes(w, wk.shards)] {
			return
		}
		if _, ok := wk.words[string(w)]; !ok {
			words = append(words, w)
		}
	})
	wk.decoded, wk.newWords = out, words
	if !ok {
		return nil, errBadAnalysis
	}
	for _, w := range words {
		if _, ok := wk.words[string(w)]; !ok {
			word := string(w)
			wk.words[word] = term(word)
		}
	}
	return slices.Clone(out), nil
}

// walkAnalysis calls term for each term and its code and word for each
// word of a value encodeAnalysis wrote, when they are not
// nil. It returns the number of terms and whether the value is well
// formed; on a malformed value it may have made some calls.
func walkAnalysis(b []byte, term func(t []byte, code int32), word func(w []byte)) (int, bool) {
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	str := func() ([]byte, bool) {
		n, ok := next()
		if !ok || n == 0 || n > uint64(len(b)) {
			return nil, false
		}
		s := b[:n]
		b = b[n:]
		return s, true
	}
	terms, ok := next()
	if !ok || terms > uint64(len(b)) {
		return 0, false
	}
	for range terms {
		t, ok := str()
		code, ok2 := next()
		if !ok || !ok2 || code > 1<<30 {
			return 0, false
		}
		if term != nil {
			term(t, int32(code))
		}
	}
	words, ok := next()
	if !ok || words > uint64(len(b)) {
		return 0, false
	}
	for range words {
		w, ok := str()
		if !ok {
			return 0, false
		}
		if word != nil {
			word(w)
		}
	}
	return int(terms), len(b) == 0
}
