package search

import (
	"unicode"
	"unicode/utf8"
)

// foldTable holds, for U+00C0–U+024F and then U+1E00–U+1EFF, the first rune
// of each rune's canonical decomposition (NFD): "é" → "e", "ǖ" → "u". The
// browser does the same with String.prototype.normalize("NFD"); a browser
// test checks both agree on every rune of these ranges. Made with Python:
//
//	"".join(unicodedata.normalize("NFD", chr(c))[0] for c in ranges)
var foldTable = []rune("" +
	"AAAAAAÆCEEEEIIIIÐNOOOOO×ØUUUUYÞßaaaaaaæceeeeiiii" +
	"ðnooooo÷øuuuuyþyAaAaAaCcCcCcCcDdĐđEeEeEeEeEeGgGg" +
	"GgGgHhĦħIiIiIiIiIıĲĳJjKkĸLlLlLlĿŀŁłNnNnNnŉŊŋOoOo" +
	"OoŒœRrRrRrSsSsSsSsTtTtŦŧUuUuUuUuUuUuWwYyYZzZzZzſ" +
	"ƀƁƂƃƄƅƆƇƈƉƊƋƌƍƎƏƐƑƒƓƔƕƖƗƘƙƚƛƜƝƞƟOoƢƣƤƥƦƧƨƩƪƫƬƭƮU" +
	"uƱƲƳƴƵƶƷƸƹƺƻƼƽƾƿǀǁǂǃǄǅǆǇǈǉǊǋǌAaIiOoUuUuUuUuUuǝAa" +
	"AaÆæǤǥGgKkOoOoƷʒjǱǲǳGgǶǷNnAaÆæØøAaAaEeEeIiIiOoOo" +
	"RrRrUuUuSsTtȜȝHhȠȡȢȣȤȥAaEeOoOoOoOoYyȴȵȶȷȸȹȺȻȼȽȾȿ" +
	"ɀɁɂɃɄɅɆɇɈɉɊɋɌɍɎɏAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFf" +
	"GgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOo" +
	"OoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv" +
	"WwWwWwWwWwXxXxYyZzZzZzhtwyẚſẜẝẞẟAaAaAaAaAaAaAaAa" +
	"AaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOo" +
	"OoOoUuUuUuUuUuUuUuYyYyYyYyỺỻỼỽỾỿ")

// foldLetter spells letters that have no decomposition the way an English
// reader would type them. search.js has the same table.
func foldLetter(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'þ':
		return "th"
	case 'ĳ':
		return "ij"
	case 'ø':
		return "o"
	case 'đ', 'ð':
		return "d"
	case 'ł':
		return "l"
	case 'ı':
		return "i"
	case 'ħ':
		return "h"
	case 'ŧ':
		return "t"
	case 'ſ':
		return "s"
	case 'ς':
		return "σ"
	}
	return ""
}

// appendFolded appends the folded form of r to b: lower case, without
// diacritics. Combining marks U+0300–U+036F, apostrophes and variation
// selectors fold to nothing, so "don't" is "dont", "e\u0301" is "e" and an
// ideograph with a variation selector is the ideograph.
func appendFolded(b []byte, r rune) []byte {
	if r < 0x80 {
		switch {
		case 'A' <= r && r <= 'Z':
			return append(b, byte(r+'a'-'A'))
		case r == '\'':
			return b
		}
		return append(b, byte(r))
	}
	r = unicode.ToLower(r)
	switch {
	case 0xC0 <= r && r < 0x250:
		r = foldTable[r-0xC0]
	case 0x1E00 <= r && r < 0x1F00:
		r = foldTable[0x190+r-0x1E00]
	case 0x300 <= r && r < 0x370, r == '’', 0xFE00 <= r && r <= 0xFE0F, 0xE0100 <= r && r <= 0xE01EF:
		return b
	}
	if s := foldLetter(r); s != "" {
		return append(b, s...)
	}
	return utf8.AppendRune(b, r)
}
