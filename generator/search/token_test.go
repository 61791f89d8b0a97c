package search

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/playbook-ssg/playbook/generator/content"
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

func TestWordsEndWhereTheScriptChanges(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"顧客との商談を準備する", []string{"顧客との商談を準備する"}}, // Han and kana are one script
		{"テストcase", []string{"テスト", "case"}},
		{"CRMに議事録を記録し、iPhone15を買う", []string{"crm", "に議事録を記録し", "iphone15", "を買う"}},
		{"Café・テスト", []string{"cafe", "テスト"}},
		{"한국어 회사에서", []string{"한국어", "회사에서"}},
		{"ภาษาไทยabcພາສາລາວ", []string{"ภาษาไทย", "abc", "ພາສາລາວ"}}, // Thai, Latin, Lao
		{"ｶﾀｶﾅとカタカナ", []string{"ｶﾀｶﾅとカタカナ"}},                         // halfwidth katakana
		{"テーブル", []string{"テーブル"}},                                   // the long vowel mark is kana
		{"éテ́", []string{"e", "テ"}},                                 // a mark stays with the letter before it
		{"aั ัa", []string{"aั", "ั", "a"}},                          // a Thai mark after a Latin letter
		{"葛󠄀城", []string{"葛城"}},                                      // an ideographic variation selector
		{"❤️ 👍🏽 ✅テスト🎉", []string{"テスト"}},                             // emoji and their selectors are no words
		{"𮯰𮯱", []string{"𮯰𮯱"}},                                       // Extension I, newer than Go's tables
		{"「商談」、準備。", []string{"商談", "準備"}},
	} {
		if got := Words(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTermsOfScriptsWithoutSpacesAreBigrams(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"顧客との商談を準備する", []string{"顧客", "客と", "との", "の商", "商談", "談を", "を準", "準備", "備す", "する", "る"}},
		{"商", []string{"商"}},
		{"The buyers’ 商談", []string{"buyer", "商談", "談"}},
		{"テストcase studies", []string{"テス", "スト", "ト", "cas", "study"}},
		{"한국어 회사에서", []string{"한국", "국어", "어", "회사", "사에", "에서", "서"}},
		{"客户拜访", []string{"客户", "户拜", "拜访", "访"}},
		{"ราคา", []string{"รา", "าค", "คา", "า"}},
		{"ｶﾀｶﾅ", []string{"ｶﾀ", "ﾀｶ", "ｶﾅ", "ﾅ"}},
		// Stems and stop words are English: grams keep their characters.
		{"ies する the", []string{"ies", "する", "る"}},
	} {
		if got := Terms(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%q) = %q, want %q", c.in, got, c.want)
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

func TestShardOfAGramDependsOnItsFirstRuneOnly(t *testing.T) {
	// A query of one character finds every gram that starts with it, so
	// they must share its shard.
	for _, n := range []int{7, 64} {
		for _, g := range []string{"商談", "商品", "商"} {
			if shardOf(g, n) != shardOf("商", n) {
				t.Errorf("%d shards: %q is not in the shard of 商", n, g)
			}
		}
		if shardOf("한국", n) != shardOf("한", n) || shardOf("รา", n) != shardOf("ร", n) {
			t.Errorf("%d shards: Hangul or Thai grams are split from their first rune", n)
		}
	}
	spread := map[int]bool{}
	for _, g := range []string{"商談", "準備", "顧客", "テス", "스트", "한국", "客户", "ราค"} {
		spread[shardOf(g, 64)] = true
	}
	if len(spread) < 4 {
		t.Errorf("grams with different first runes land in %d of 64 shards", len(spread))
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
		// Scripts without spaces: bigrams, which must all match; one
		// character is a prefix wherever it stands.
		{"商談", []queryWord{{"商談", "商談", false}}},
		{"準備する", []queryWord{{"準備", "準備", false}, {"備す", "備す", false}, {"する", "する", false}}},
		{"商", []queryWord{{"商", "商", true}}},
		{"商 deal ", []queryWord{{"商", "商", true}, {"deal", "deal", false}}},
		{"テストcase", []queryWord{{"テス", "テス", false}, {"スト", "スト", false}, {"case", "cas", true}}},
		{"case テスト", []queryWord{{"case", "cas", false}, {"テス", "テス", false}, {"スト", "スト", false}}},
		{"はははは", []queryWord{{"はは", "はは", false}}},
		{"the 商談、", []queryWord{{"商談", "商談", false}}},
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

// indexOfTitles indexes a site whose pages have the given titles, at
// /0/, /1/, …, and nothing else.
func indexOfTitles(t testing.TB, titles ...string) *Index {
	t.Helper()
	home := &content.Section{Page: content.NewPage(&content.Source{Title: "Home"})}
	home.Page.URL = "/"
	site := &content.Site{Home: home}
	for i, title := range titles {
		pg := content.NewPage(&content.Source{Title: title})
		pg.URL, pg.Section = "/"+strconv.Itoa(i)+"/", home
		site.Pages = append(site.Pages, pg)
	}
	ix, err := NewPlan(site, nil).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// finds reports whether the query q finds page doc.
func finds(ix *Index, q string, doc int) bool {
	return slices.ContainsFunc(ix.Search(q, Filter{}), func(h Hit) bool { return h.Doc == doc })
}

// FuzzTerms checks the tokeniser on any text: words and terms are valid
// UTF-8, a word of a script without spaces gives one gram per rune, each
// gram in the shard of its first character, and a page is found by its
// own text and by any piece of such a word that starts at a letter.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{
		"顧客との商談を準備する", "テストcase", "Café crème brûlée", "한국어 회사에서", "ภาษาไทย", "ພາສາລາວ",
		"ភាសាខ្មែរ", "မြန်မာစာ", "葛\U000E0100城", "❤️ 👍🏽 ✅テスト🎉", "e\u0301テ\u0301", "a\u0e31 \u0e31a",
		"The buyers’ 商談 at 10:00", "ｶﾀｶﾅとカタカナ", "İSTANBUL ΟΔΟΣ", "\U0002EBF0\U0002EBF1", "\xff商\xfe談",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" || !utf8.ValidString(w) {
				t.Fatalf("Words(%q) has the word %q", s, w)
			}
		}
		for _, tm := range Terms(s) {
			if tm == "" || !utf8.ValidString(tm) {
				t.Fatalf("Terms(%q) has the term %q", s, tm)
			}
		}
		var pieces []string
		eachWord(s, func(w []byte, sc script) {
			if sc == spaced {
				return
			}
			n, runes := 0, []rune(string(w))
			eachGram(w, func(g []byte) {
				first, _ := utf8.DecodeRune(g)
				// A gram is in the shard of its first rune, where a query of
				// that one character looks; a gram that starts with a mark
				// of another script ("회ؗؐ" has "ؗؐ") is found only whole.
				oneChar := scriptOf(first) != spaced
				if k := utf8.RuneCount(g); k < 1 || k > 2 || first != runes[n] || oneChar && shardOf(string(g), 61) != shardOf(string(first), 61) {
					t.Fatalf("word %q: gram %d is %q", w, n, g)
				}
				n++
			})
			if n != len(runes) {
				t.Fatalf("word %q of %d runes has %d grams", w, len(runes), n)
			}
			for i := range runes {
				if unicode.IsMark(runes[i]) {
					continue // nobody types a mark on its own
				}
				pieces = append(pieces, string(runes[i:min(i+1, len(runes))]), string(runes[i:min(i+3, len(runes))]))
			}
		})
		if len(parseQuery(s)) == 0 && len(pieces) == 0 {
			return
		}
		ix := indexOfTitles(t, s, "unrelated")
		if len(parseQuery(s)) > 0 && !finds(ix, s, 0) {
			t.Fatalf("%q does not find its own page", s)
		}
		for _, p := range pieces {
			if !finds(ix, p, 0) {
				t.Fatalf("%q does not find a page titled %q", p, s)
			}
		}
	})
}

func TestShardOfBytesIsShardOf(t *testing.T) {
	for _, n := range []int{1, 7, 98, 512} {
		for _, w := range []string{"", "a", "coach", "coaching", "σχέδιο", "商談", "한국", "\xff\xfeab", "a\xff", "é"} {
			if got, want := shardOfBytes([]byte(w), n), shardOf(w, n); got != want {
				t.Errorf("%d shards: shardOfBytes(%q) = %d, shardOf = %d", n, w, got, want)
			}
		}
	}
}
