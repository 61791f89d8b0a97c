package search

import (
	"slices"
	"testing"
)

func TestWordsFoldCaseDiacriticsAndApostrophes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Pricing Objection", []string{"pricing", "objection"}},
		{"Café crème brûlée", []string{"cafe", "creme", "brulee"}},
		{"Straße, Æsir, Øresund, Łódź", []string{"strasse", "aesir", "oresund", "lodz"}},
		{"Buyer’s and buyer's", []string{"buyers", "and", "buyers"}},
		{"first 1:1, Q4-2026", []string{"first", "1", "1", "q4", "2026"}},
		{"one-on-one", []string{"one", "on", "one"}},
		{"e\u0301te\u0301", []string{"ete"}},            // combining accents
		{"İSTANBUL ΟΔΟΣ", []string{"istanbul", "οδοσ"}}, // dotted I; final sigma
		{"Tiếng Việt", []string{"tieng", "viet"}},
		{"日本語 テキスト", []string{"日本語", "テキスト"}},
		{"  ' — …  ", nil},
	} {
		if got := Words(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTermDropsStopWordsAndStems(t *testing.T) {
	for in, want := range map[string]string{"the": "", "and": "", "your": "", "coaching": "coach", "q4": "q4", "calls": "call"} {
		if got := term(in); got != want {
			t.Errorf("term(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShardDependsOnFirstTwoRunesOnly(t *testing.T) {
	for _, n := range []int{1, 7, 64} {
		if shardOf("coach", n) != shardOf("commit", n) || shardOf("co", n) != shardOf("coaching", n) {
			t.Errorf("%d shards: words with the prefix co are split", n)
		}
		if s := shardOf("σχέδιο", n); s != shardOf("σχ", n) || s < 0 || s >= n {
			t.Errorf("%d shards: non-ASCII prefix in shard %d", n, s)
		}
	}
}

func TestParseQueryDropsStopWordsAndMarksTheLastWordAsPrefix(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []queryWord
	}{
		{"how to run the forecast ca", []queryWord{{"run", "run", false}, {"forecast", "forecast", false}, {"ca", "ca", true}}},
		{"forecast call ", []queryWord{{"forecast", "forecast", false}, {"call", "call", false}}},
		{"coaching.", []queryWord{{"coaching", "coach", false}}},
		{"deal the", []queryWord{{"deal", "deal", false}}},
		{"deal review deal", []queryWord{{"review", "review", false}, {"deal", "deal", true}}},
		{"the", nil},
	} {
		if got := parseQuery(c.in); !slices.Equal(got, c.want) {
			t.Errorf("parseQuery(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestStopWordsAreSorted(t *testing.T) {
	if !slices.IsSorted(stopWords) {
		t.Error("stopWords must be sorted for the binary search")
	}
}
