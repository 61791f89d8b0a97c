package search

import "testing"

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		// plurals
		"calls": "call", "coaches": "coach", "boxes": "box", "wishes": "wish", "classes": "class",
		"policies": "policy", "ties": "tie", "buyers": "buyer", "objections": "objection",
		"business": "business", "status": "status", "analysis": "analysis",
		// -ing, -ed, -ied
		"coaching": "coach", "coached": "coach", "forecasting": "forecast", "forecasted": "forecast",
		"running": "run", "planned": "plan", "calling": "call", "tried": "try", "applied": "apply",
		"meetings": "meet", "needed": "need", "needs": "need", "need": "need", "bring": "bring", "string": "string",
		// -ly
		"weekly": "week", "quickly": "quick", "early": "early", "only": "only",
		// final e meets -ing and -ed
		"price": "pric", "prices": "pric", "pricing": "pric", "priced": "pric",
		"hire": "hir", "hiring": "hir", "hired": "hir", "manage": "manag", "managing": "manag",
		"agree": "agre", "agreed": "agre", "proceeds": "proce", "speed": "spe",
		// left alone
		"run": "run", "ss": "ss", "q4s": "q4s", "café": "café", "manager": "manager",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStemKeepsTheFirstTwoLetters(t *testing.T) {
	// Shards are chosen by the first two runes of a term; a word typed in
	// full and its stem must land in the same shard.
	for _, w := range []string{"ties", "dies", "uses", "eyes", "ices", "seeing", "eased", "aaaing", "ooly"} {
		if s := Stem(w); len(s) < 2 || s[:2] != w[:2] {
			t.Errorf("Stem(%q) = %q changes the first two letters", w, s)
		}
	}
}
