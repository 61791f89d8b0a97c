package search

import "strings"

// Stem reduces a folded English word to a stem shared by its plural and
// common inflections: "coaching", "coached" and "coaches" are "coach";
// "prices", "pricing" and "price" are "pric". It is deliberately light (a
// wrong merge hurts more than a missed one) and has three steps:
//
//  1. plurals: -sses → -ss, -ies → -y, -xes/-ches/-shes/-zzes → drop -es,
//     else a final -s (not -ss, -us, -is) is dropped;
//  2. one of -ied → -y, -eed → -ee, -ing, -ed, -ly, kept when the rest is
//     long enough and has a vowel; a doubled final consonant is undoubled (running →
//     run), except l, s and z (calling → call);
//  3. a final -e is dropped (price → pric), so that it meets its -ing form.
//
// Words shorter than four letters and words with anything but a–z are
// left alone. search.js implements the same steps.
func Stem(w string) string {
	if len(w) < 4 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	// Step 1: plurals.
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies"):
		if len(w) > 4 {
			w = w[:len(w)-3] + "y"
		} else {
			w = w[:len(w)-1]
		}
	case strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zzes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	// Step 2: one inflection.
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "eed") && len(w) >= 6:
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "ing") && stemmable(w[:len(w)-3]):
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && stemmable(w[:len(w)-2]):
		w = undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ly") && len(w) >= 6:
		w = w[:len(w)-2]
	}
	// Step 3: a final e.
	if len(w) >= 4 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	return w
}

// stemmable reports whether s can stand as a stem: three letters or more,
// one of them a vowel ("need" keeps its "ed", "bring" its "ing").
func stemmable(s string) bool {
	return len(s) >= 3 && strings.ContainsAny(s, "aeiouy")
}

// undouble drops the second of two equal final consonants, except l, s, z.
func undouble(s string) string {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouylsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}
