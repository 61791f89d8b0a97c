package search

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/playbook-ssg/playbook/generator/layout"
)

// A t-file holds, for the terms of its shard, every page's postings, and
// the words that lead to them: its bytes follow from the number of
// shards, the order of the pages (postings name pages by position) and
// each page's analysis restricted to the shard. So after an edit that
// keeps the pages and their order, a t-file that none of the edited
// pages' changed terms or words fall in has the bytes it had, and only
// the others need the postings of every page, for their own terms. An
// AnalysisCache that also implements ShardStates lets a Plan know that:
// ShardKeys gives each t-file a key that changes only when its bytes may.

// ShardState is what the t-files of one build were made from.
type ShardState struct {
	Shards int
	// Order is the SHA-256 of the pages' URLs in index order.
	Order [32]byte
	// Docs are the pages' analysis keys, in index order.
	Docs [][32]byte
	// Keys are the t-files' keys, by shard.
	Keys []string
}

// ShardStates keeps a ShardState from one build to the next, beside the
// analyses. Implementations must be safe for concurrent use.
type ShardStates interface {
	// PreviousShards returns the state the last build kept, or nil.
	PreviousShards() *ShardState
	// KeepShards keeps state for the next build.
	KeepShards(state *ShardState)
	// Peek returns the analysis kept under key, or nil, without keeping
	// it for the next build as Get does.
	Peek(key [32]byte) []byte
}

// maxIncremental is the most pages an edit may change for ShardKeys to
// work out the t-files they touch; with more, every t-file is made anew.
const maxIncremental = 64

// ShardKeys returns the key of each t-file by shard, or nil when the
// plan has no ShardStates cache or a page has no analysis key (its
// t-files then depend on every page's body). A key is the previous
// build's when the pages and their order are the same and no changed
// page adds, drops or changes a term or word of that shard; else it
// is new. It analyses the changed pages (keeping their analyses in the
// cache for Build), keeps the new state, and makes Build skip the terms
// of shards whose keys did not change: the t-files of those shards must
// then be written from an index of BuildAll.
func (p *Plan) ShardKeys() []string {
	states, ok := p.cache.(ShardStates)
	if !ok {
		return nil
	}
	next := &ShardState{Shards: p.shards, Docs: make([][32]byte, len(p.pages)), Keys: make([]string, p.shards)}
	order := sha256.New()
	for i, pg := range p.pages {
		key, ok := analysisKey(pg)
		if !ok {
			return nil
		}
		next.Docs[i] = key
		order.Write([]byte(pg.URL))
		order.Write([]byte{0})
	}
	order.Sum(next.Order[:0])
	p.keys = next.Docs

	if prev := states.PreviousShards(); prev != nil {
		if want, ok := p.touched(states, prev, next); ok {
			for n := range next.Keys {
				next.Keys[n] = prev.Keys[n]
				if want[n] {
					next.Keys[n] = chainKey(prev.Keys[n], prev.Docs, next.Docs)
				}
			}
			p.want = want
			states.KeepShards(next)
			return next.Keys
		}
	}
	h := sha256.New()
	h.Write([]byte("fresh " + formatVersion + " " + analysisVersion + " " + strconv.Itoa(p.shards) + "\n"))
	h.Write(next.Order[:])
	for _, k := range next.Docs {
		h.Write(k[:])
	}
	fresh := hex.EncodeToString(h.Sum(nil))
	for n := range next.Keys {
		next.Keys[n] = fresh + "/" + strconv.Itoa(n)
	}
	states.KeepShards(next)
	return next.Keys
}

// chainKey is the new key of a t-file whose shard the changed pages
// touch: its previous key and the changes, so that the same file
// reached by the same edits has the same key.
func chainKey(prev string, before, after [][32]byte) string {
	h := sha256.New()
	h.Write([]byte(prev + "\n"))
	var num [binary.MaxVarintLen64]byte
	for i := range after {
		if before[i] != after[i] {
			h.Write(num[:binary.PutUvarint(num[:], uint64(i))])
			h.Write(after[i][:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// touched returns the shards that the pages changed between prev and
// next add, drop or change a term or word of; ok is false when prev is
// not of the same pages in the same order, too many pages changed, or a
// previous analysis is gone. The changed pages are analysed, and their
// analyses kept in the cache.
func (p *Plan) touched(states ShardStates, prev, next *ShardState) (want []bool, ok bool) {
	if prev.Shards != next.Shards || prev.Order != next.Order || len(prev.Docs) != len(next.Docs) || len(prev.Keys) != next.Shards {
		return nil, false
	}
	var changed []int
	for i := range next.Docs {
		if prev.Docs[i] != next.Docs[i] {
			if changed = append(changed, i); len(changed) > maxIncremental {
				return nil, false
			}
		}
	}
	want = make([]bool, p.shards)
	wk := newWorker(&Index{audiences: p.audiences}, p.cache)
	for _, i := range changed {
		old := states.Peek(prev.Docs[i])
		if old == nil {
			return nil, false
		}
		before, ok := analysisOf(old)
		if !ok {
			return nil, false
		}
		b := p.cache.Get(next.Docs[i])
		if b == nil {
			wk.page++
			wk.pageWords = wk.pageWords[:0]
			terms, err := wk.analyse(p.pages[i], &Doc{})
			if err != nil {
				return nil, false // Build reports it
			}
			b = wk.encodeAnalysis(terms)
			p.cache.Put(next.Docs[i], b)
		}
		after, ok := analysisOf(b)
		if !ok {
			return nil, false
		}
		for t, code := range before.terms {
			if c, ok := after.terms[t]; !ok || c != code {
				want[shardOf(t, p.shards)] = true
			}
		}
		for t := range after.terms {
			if _, ok := before.terms[t]; !ok {
				want[shardOf(t, p.shards)] = true
			}
		}
		// A word another page also has stays, but its shard is made
		// anew all the same.
		for w := range before.words {
			if !after.words[w] {
				want[shardOf(w, p.shards)] = true
			}
		}
		for w := range after.words {
			if !before.words[w] {
				want[shardOf(w, p.shards)] = true
			}
		}
	}
	return want, true
}

// analysis is a page's analysis as maps.
type analysis struct {
	terms map[string]int32
	words map[string]bool
}

// analysisOf reads bytes encodeAnalysis wrote; ok is false when they are
// malformed.
func analysisOf(b []byte) (a analysis, ok bool) {
	a = analysis{terms: map[string]int32{}, words: map[string]bool{}}
	_, ok = walkAnalysis(b, func(t []byte, code int32) { a.terms[string(t)] = code }, func(w []byte) { a.words[string(w)] = true })
	return a, ok
}

// ShardOf returns the shard of the t-file name, one of Files; ok is
// false for the other files.
func (p *Plan) ShardOf(name string) (n int, ok bool) {
	base, found := strings.CutPrefix(name, layout.SearchDir+"/t-")
	if !found {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(base, ".js"))
	return n, err == nil && 0 <= n && n < p.shards && name == shardFile(n)
}

// Wants reports whether an index of Build has the terms of shard n:
// after ShardKeys, only of the shards whose keys changed. The t-files of
// the others come from an index of BuildAll.
func (p *Plan) Wants(n int) bool { return p.want == nil || p.want[n] }

// BuildAll builds the index with the terms of every shard.
func (p *Plan) BuildAll(ctx context.Context) (*Index, error) {
	q := *p
	q.want = nil
	return q.Build(ctx)
}
