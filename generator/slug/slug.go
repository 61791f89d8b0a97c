// Package slug makes URL path segments from the names people write: file
// and folder names, front matter slugs and taxonomy terms. One rule serves
// them all, so that a name's URL can be told without reading the code:
//
//   - letters, digits and marks of any script, '-', '_' and '.' are kept
//     as written (case too: "Sales Team" is "Sales-Team");
//   - any other run of characters (spaces, punctuation, symbols such as
//     & # ? % ( ) and emoji) becomes one '-' when it holds white space
//     and nothing otherwise, and nothing at either end: "Q&A #1 what?" is
//     "QA-1-what", "Pricing (EMEA)" is "Pricing-EMEA", "100% done" is
//     "100-done";
//   - a name that keeps nothing (only symbols), or only "." or "..", is
//     spelled by its code points: "???" is "u3f-3f-3f".
//
// A taxonomy term is lower-cased as well ("Cold Calls" and "cold-calls"
// are both "cold-calls"). What Segment returns is always one safe URL path
// segment: it holds no '/', '\', '%', '#', '?', white space or control
// character, and is neither "." nor "..".
package slug

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment returns the URL path segment for name, a file name without
// its ".md" or a folder name (see the package comment for the rule).
func Segment(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	gap, space := false, false // inside a run of dropped characters; it holds white space
	for _, r := range name {
		if kept(r) {
			if gap && space && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap, space = false, false
			b.WriteRune(r)
			continue
		}
		gap = true
		space = space || unicode.IsSpace(r)
	}
	s := b.String()
	if s == "" || s == "." || s == ".." {
		return codePoints(name)
	}
	return s
}

// Term returns the URL path segment of a taxonomy term: its Segment,
// lower-cased.
func Term(term string) string {
	return strings.ToLower(Segment(term))
}

// Valid reports whether s is a segment as Segment makes it, as a front
// matter slug must be.
func Valid(s string) bool { return s != "" && Segment(s) == s }

// Safe reports whether s can be one segment of a URL path and the name of
// a file or folder on every common file system, written as it is: not
// empty, "." or "..", valid UTF-8, and without '/', '\', '%', '#', '?',
// white space, control or format characters. Every Segment is Safe.
func Safe(s string) bool {
	if s == "" || s == "." || s == ".." || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && strings.ContainsRune("/\\%#?\"<>|*:", r):
			return false
		case unicode.IsSpace(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return false
		}
	}
	return true
}

// kept reports whether r stays in a segment as written.
func kept(r rune) bool {
	switch {
	case r == '-' || r == '_' || r == '.':
		return true
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r == utf8.RuneError:
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// codePoints spells name by the hexadecimal code points of what is not
// white space: "u3f-3f-3f" for "???", "u" for a name of white space only.
func codePoints(name string) string {
	b := []byte{'u'}
	for _, r := range name {
		if unicode.IsSpace(r) {
			continue
		}
		if len(b) > 1 {
			b = append(b, '-')
		}
		b = strconv.AppendInt(b, int64(r), 16)
	}
	return string(b)
}
