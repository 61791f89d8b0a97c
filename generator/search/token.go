package search

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// isWordRune reports whether r belongs to a word: letters, decimal digits,
// combining marks and apostrophes, and every code point of the CJK
// ideograph blocks, so that ideographs newer than Go's Unicode tables
// count as the browser's do (search.js: WORD).
func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\''
	}
	return r == '’' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || isIdeograph(r)
}

// isIdeograph reports whether r is in a block of CJK ideographs, assigned
// or not: Extension A to the unified block (with the Yijing hexagrams
// between them), the compatibility block and the planes 2 and 3.
func isIdeograph(r rune) bool {
	return 0x3400 <= r && r <= 0x9FFF || 0xF900 <= r && r <= 0xFAFF || 0x20000 <= r && r <= 0x3FFFF
}

// script is the kind of script a word is written in, as far as the index
// cares: spaced for scripts that put spaces between words, else one of
// the scripts written without them. A word ends where the script changes,
// so "テストcase" is "テスト" and "case".
type script uint8

const (
	spaced script = iota
	cjk           // Han, kana, Hangul and bopomofo: one script, as in "商談する"
	thai
	lao
	myanmar
	khmer
	// noWord is eachWord's state between words.
	noWord script = 255
)

// spacelessBlocks are the Unicode blocks of the scripts written without
// spaces, sorted. Only letters, digits and marks in them matter; blocks
// are whole so that the table is easy to check. search.js has the same
// table.
var spacelessBlocks = []struct {
	lo, hi rune
	script script
}{
	{0x0E00, 0x0E7F, thai},
	{0x0E80, 0x0EFF, lao},
	{0x1000, 0x109F, myanmar},
	{0x1100, 0x11FF, cjk}, // Hangul jamo
	{0x1780, 0x17FF, khmer},
	{0x3000, 0x9FFF, cjk},     // CJK symbols, kana, bopomofo, Hangul jamo, ideographs
	{0xA960, 0xA97F, cjk},     // Hangul jamo extended-A
	{0xA9E0, 0xA9FF, myanmar}, // Myanmar extended-B
	{0xAA60, 0xAA7F, myanmar}, // Myanmar extended-A
	{0xAC00, 0xD7FF, cjk},     // Hangul syllables, jamo extended-B
	{0xF900, 0xFAFF, cjk},     // CJK compatibility ideographs
	{0xFF66, 0xFFDC, cjk},     // halfwidth katakana and Hangul
	{0x1AFF0, 0x1B16F, cjk},   // kana extensions
	{0x20000, 0x3FFFF, cjk},   // ideographs of planes 2 and 3
}

// scriptOf returns the script of r.
func scriptOf(r rune) script {
	if r < 0x0E00 {
		return spaced
	}
	for _, b := range spacelessBlocks {
		if r <= b.hi {
			if r >= b.lo {
				return b.script
			}
			return spaced
		}
	}
	return spaced
}

// eachWord calls fn with every folded word of s, in order, and its
// script. A word is a run of word runes of one script; a combining mark
// stays with the rune before it. The slice passed to fn is reused; fn
// must copy what it keeps. Words that fold to nothing ("'") are skipped.
func eachWord(s string, fn func(w []byte, sc script)) {
	var buf []byte
	sc := noWord
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			// The common case, without the function calls.
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			r, n := rune(c), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			i += n
			if !isWordRune(r) {
				if len(buf) > 0 {
					fn(buf, sc)
					buf = buf[:0]
				}
				sc = noWord
				continue
			}
			if rs := scriptOf(r); rs != sc && (sc == noWord || !unicode.IsMark(r)) {
				if len(buf) > 0 {
					fn(buf, sc)
					buf = buf[:0]
				}
				sc = rs
			}
			buf = appendFolded(buf, r)
			continue
		}
		if sc != spaced {
			if len(buf) > 0 {
				fn(buf, sc)
				buf = buf[:0]
			}
			sc = spaced
		}
		buf = append(buf, c)
		i++
	}
	if len(buf) > 0 {
		fn(buf, sc)
	}
}

// Words splits s into folded words: lower case, diacritics removed,
// apostrophes dropped. "Buyer’s Café" is ["buyers", "cafe"]. A run of a
// script written without spaces is one word, cut where the script
// changes: "CRMに記録" is ["crm", "に記録"].
func Words(s string) []string {
	var out []string
	eachWord(s, func(w []byte, _ script) { out = append(out, string(w)) })
	return out
}

// eachGram calls fn with the grams of w, a word of a script written
// without spaces: each rune with the rune after it, and the last rune
// alone. "商談する" gives "商談", "談す", "する", "る". Any two neighbouring
// runes of w are a gram, so a query of two characters or more is found
// through its bigrams; and every rune of w starts a gram, so a query of one
// character is found as a prefix.
func eachGram(w []byte, fn func(g []byte)) {
	for i := 0; i < len(w); {
		_, n := utf8.DecodeRune(w[i:])
		j := i + n
		if j < len(w) {
			_, m := utf8.DecodeRune(w[j:])
			fn(w[i : j+m])
		} else {
			fn(w[i:])
		}
		i = j
	}
}

// eachToken calls fn with what the index makes terms of, in order: the
// words of s, whose terms are term(word), and the grams of words in
// scripts written without spaces, which are their own terms (gram is
// true). The slice passed to fn is reused.
func eachToken(s string, fn func(tok []byte, gram bool)) {
	eachWord(s, func(w []byte, sc script) {
		if sc == spaced {
			fn(w, false)
			return
		}
		eachGram(w, func(g []byte) { fn(g, true) })
	})
}

// Terms returns the index terms of s, in order: the stems of its words
// other than stop words, and the grams of its words in scripts written
// without spaces, which are neither stemmed nor stop words.
// "The buyers' 商談" is ["buyer", "商談", "談"].
func Terms(s string) []string {
	var out []string
	eachToken(s, func(tok []byte, gram bool) {
		t := string(tok)
		if !gram {
			t = term(t)
		}
		if t != "" {
			out = append(out, t)
		}
	})
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

// keyRunes is how many runes of term choose its shard: one for a term
// of a script written without spaces (a query of one character, matched
// as a prefix, must find every gram that starts with it in one shard),
// else two.
func keyRunes(term string) int {
	r, _ := utf8.DecodeRuneInString(term)
	if scriptOf(r) != spaced {
		return 1
	}
	return 2
}

// shardOf returns the shard that holds term: FNV-1a over the code points
// of its first keyRunes runes, modulo the number of shards. Terms that
// share those runes ("coach", "commit"; "商談", "商品") share a shard, so
// the last word of a query, matched as a prefix, needs one shard.
func shardOf(term string, shards int) int {
	h := uint32(2166136261)
	n, k := 0, keyRunes(term)
	for _, r := range term {
		if n == k {
			break
		}
		n++
		h ^= uint32(r)
		h *= 16777619
	}
	return int(h % uint32(shards))
}

// shardOfBytes is shardOf of a term as bytes, without making a string.
func shardOfBytes(term []byte, shards int) int {
	h := uint32(2166136261)
	r, _ := utf8.DecodeRune(term)
	k := 2
	if scriptOf(r) != spaced {
		k = 1
	}
	for n := 0; n < k && len(term) > 0; n++ {
		r, size := utf8.DecodeRune(term)
		term = term[size:]
		h ^= uint32(r)
		h *= 16777619
	}
	return int(h % uint32(shards))
}
