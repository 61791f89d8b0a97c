package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Filter narrows a search.
type Filter struct {
	// Section is the URL of a top-level section, such as "/leading/";
	// empty for the whole site.
	Section string
	// Audience is a role from site.toml; pages that name no audience are
	// for every role.
	Audience string
}

// Hit is one result of a search.
type Hit struct {
	// Doc is the index of the page in Index.Docs.
	Doc   int
	Score int
	// Heading is the index in the page's headings of the heading the
	// result links to, or -1 for the top of the page.
	Heading int
}

// queryWord is a word of a query: the folded word as typed and its term.
// The last word of a query that does not end in a space or punctuation is
// a prefix: it also matches longer words. In a script written without
// spaces, a query word is a gram: a run of two characters or more becomes
// its bigrams, which must all match (the index keeps no positions, so
// they need not be neighbours on the page), and a single character is a
// prefix wherever it stands, so that it finds every gram it starts.
type queryWord struct {
	word, term string
	prefix     bool
}

// parseQuery splits q into words, drops stop words and keeps the last of
// repeated words.
func parseQuery(q string) []queryWord {
	type typed struct {
		word string
		sc   script
	}
	var words []typed
	eachWord(q, func(w []byte, sc script) { words = append(words, typed{string(w), sc}) })
	r, _ := utf8.DecodeLastRuneInString(q)
	open := isWordRune(r)
	var out []queryWord
	add := func(w queryWord) {
		out = slices.DeleteFunc(out, func(x queryWord) bool { return x.word == w.word })
		out = append(out, w)
	}
	for i, w := range words {
		switch {
		case w.sc == spaced:
			if !isStop(w.word) {
				add(queryWord{word: w.word, term: Stem(w.word), prefix: open && i == len(words)-1})
			}
		case utf8.RuneCountInString(w.word) == 1:
			add(queryWord{word: w.word, term: w.word, prefix: true})
		default:
			eachGram([]byte(w.word), func(g []byte) {
				if utf8.RuneCount(g) == 2 {
					add(queryWord{word: string(g), term: string(g)})
				}
			})
		}
	}
	return out
}

// expand returns the terms a query word matches: its own term and, for a
// prefix of keyRunes runes or more, every term and word that starts with
// it. All of them are in the word's shard.
func (ix *Index) expand(w queryWord) []string {
	out := []string{w.term}
	if !w.prefix || utf8.RuneCountInString(w.word) < keyRunes(w.word) {
		return out
	}
	s := ix.shards[shardOf(w.word, len(ix.shards))]
	for _, t := range withPrefix(s.terms, w.word) {
		if t != w.term {
			out = append(out, t)
		}
	}
	for _, word := range withPrefix(s.words, w.word) {
		if t := ix.words[word]; !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// withPrefix returns the strings of sorted that start with prefix.
func withPrefix(sorted []string, prefix string) []string {
	i, _ := slices.BinarySearch(sorted, prefix)
	j := i
	for j < len(sorted) && strings.HasPrefix(sorted[j], prefix) {
		j++
	}
	return sorted[i:j]
}

// match is how well a page matches one query word.
type match struct{ score, heading int }

// better reports whether m beats o: a higher score, or the same score with
// an earlier heading.
func (m match) better(o match) bool {
	if m.score != o.score {
		return m.score > o.score
	}
	return m.heading >= 0 && (o.heading < 0 || m.heading < o.heading)
}

// Search returns the pages that match every word of q, best first.
//
// A page's score for a word is the best of its postings for the terms the
// word matches: 2·(tier·10 + occurrences up to 9), plus 1 when the term is
// the word's own (not a longer word it is a prefix of). The page's score is
// the sum over the words; ties go to the page that comes first in the
// navigation. A result links to the heading that the most words matched
// best in a heading (the earliest on a tie), else to the page.
func (ix *Index) Search(q string, f Filter) []Hit {
	words := parseQuery(q)
	if len(words) == 0 {
		return nil
	}
	per := make([]map[int32]match, len(words))
	for i, w := range words {
		m := map[int32]match{}
		for _, t := range ix.expand(w) {
			exact := 0
			if t == w.term {
				exact = 1
			}
			for _, p := range ix.terms[t] {
				c := match{p.score()*2 + exact, p.heading()}
				if old, ok := m[p.doc]; !ok || c.better(old) {
					m[p.doc] = c
				}
			}
		}
		per[i] = m
	}
	// Walk the rarest word's pages; the others must have them too.
	slices.SortStableFunc(per, func(a, b map[int32]match) int { return len(a) - len(b) })
	var hits []Hit
	for doc := range per[0] {
		if !ix.allowed(int(doc), f) {
			continue
		}
		h := Hit{Doc: int(doc), Heading: -1}
		votes := map[int]int{}
		ok := true
		for _, m := range per {
			c, found := m[doc]
			if !found {
				ok = false
				break
			}
			h.Score += c.score
			if c.heading >= 0 {
				votes[c.heading]++
			}
		}
		if !ok {
			continue
		}
		for hd, n := range votes {
			if h.Heading < 0 || n > votes[h.Heading] || n == votes[h.Heading] && hd < h.Heading {
				h.Heading = hd
			}
		}
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return a.Doc - b.Doc
	})
	return hits
}

// allowed reports whether page doc passes the filter.
func (ix *Index) allowed(doc int, f Filter) bool {
	d := &ix.Docs[doc]
	if f.Section != "" {
		s := d.section
		for s > 0 && ix.sections[s].parent > 0 {
			s = ix.sections[s].parent
		}
		if s == 0 || ix.sections[s].url != f.Section {
			return false
		}
	}
	if i := slices.Index(ix.audiences, f.Audience); f.Audience != "" && i >= 0 && d.audience != 0 && d.audience&(1<<i) == 0 {
		return false
	}
	return true
}

// Href returns the site URL a hit links to: the page, or a heading on it.
func (ix *Index) Href(h Hit) string {
	d := &ix.Docs[h.Doc]
	if h.Heading >= 0 {
		return d.URL + "#" + d.headings[h.Heading].id
	}
	return d.URL
}
