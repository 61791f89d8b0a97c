package search

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// isWordRune reports whether r belongs to a word: letters, decimal digits,
// combining marks and apostrophes (search.js: /[\p{L}\p{Nd}\p{M}'’]+/u).
func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\''
	}
	return r == '’' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// eachWord calls fn with every folded word of s, in order. The slice
// passed to fn is reused; fn must copy what it keeps.
func eachWord(s string, fn func(w []byte)) {
	var buf []byte
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			// The common case, without the function calls.
			buf = append(buf, c)
			i++
			continue
		case 'A' <= c && c <= 'Z':
			buf = append(buf, c+'a'-'A')
			i++
			continue
		}
		r, n := rune(c), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		if isWordRune(r) {
			buf = appendFolded(buf, r)
			continue
		}
		if len(buf) > 0 {
			fn(buf)
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		fn(buf)
	}
}

// Words splits s into folded words: lower case, diacritics removed,
// apostrophes dropped. "Buyer’s Café" is ["buyers", "cafe"].
func Words(s string) []string {
	var out []string
	eachWord(s, func(w []byte) { out = append(out, string(w)) })
	return out
}

// term is the index term of a folded word: its stem, or "" for a stop word
// that the index leaves out.
func term(w string) string {
	if isStop(w) {
		return ""
	}
	return Stem(w)
}

// stopWords are English words too common to help a search: the index
// leaves them out and queries ignore them. Sorted; meta.js hands them to
// search.js.
var stopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for",
	"from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is",
	"it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so", "than",
	"that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "us",
	"was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
	"would", "you", "your",
}

func isStop(w string) bool {
	if len(w) > 5 {
		return false
	}
	_, found := slices.BinarySearch(stopWords, w)
	return found
}

// shardOf returns the shard that holds term: FNV-1a over the code points
// of its first two runes, modulo the number of shards. Terms that share
// their first two runes ("coach", "commit") share a shard, so the last word
// of a query, matched as a prefix, needs one shard.
func shardOf(term string, shards int) int {
	h := uint32(2166136261)
	n := 0
	for _, r := range term {
		if n == 2 {
			break
		}
		n++
		h ^= uint32(r)
		h *= 16777619
	}
	return int(h % uint32(shards))
}
