package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// parseBounded parses src with a budget of maxElements and returns the
// body's HTML, the warnings and the error.
func parseBounded(t *testing.T, src string, maxElements int) (string, []Warning, error) {
	t.Helper()
	doc, err := New(Options{MaxElements: maxElements}).ParseTo([]byte(src), nil)
	if err != nil {
		return "", doc.Warnings, err
	}
	var out bytes.Buffer
	if err := doc.WriteHTML(&out, nil); err != nil {
		t.Fatal(err)
	}
	return out.String(), doc.Warnings, nil
}

// limitOf returns err as a *LimitError, failing the test when it is not.
func limitOf(t *testing.T, err error) *LimitError {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) {
		t.Fatalf("error %v, want a *LimitError", err)
	}
	return le
}

// A header of 1,000 cells over 2,000 one-letter lines is 6 KB of Markdown
// and 2,000,000 cells of HTML: GFM pads each row to the header. It is an
// error at the table, before goldmark makes one cell.
func TestBudgetRefusesATableOfTooManyCells(t *testing.T) {
	src := "Intro.\n\n|" + strings.Repeat("a|", 1000) + "\n|" + strings.Repeat("-|", 1000) + "\n" + strings.Repeat("x\n", 2000)
	_, _, err := parseBounded(t, src, 1_000_000)
	le := limitOf(t, err)
	want := &LimitError{Offset: 8, Msg: "table of 1000 columns and 2000 rows makes 2001000 cells, which with the rest of the page is more than the 1000000 Markdown elements one page may hold (limits.maxElements in site.toml): every row gets as many cells as the header"}
	if *le != *want {
		t.Errorf("got  %d: %s\nwant %d: %s", le.Offset, le.Msg, want.Offset, want.Msg)
	}
	// The same table with 100 rows fits, and has every cell.
	src = "|" + strings.Repeat("a|", 1000) + "\n|" + strings.Repeat("-|", 1000) + "\n" + strings.Repeat("x\n", 100)
	html, _, err := parseBounded(t, src, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(html, "<td"); got != 100_000 {
		t.Errorf("%d cells, want 100000", got)
	}
}

func TestBudgetCountsLinesBlocksAndInlines(t *testing.T) {
	tests := []struct {
		name, src string
		max, off  int
	}{
		{"lines: the one past the budget", strings.Repeat("a\n", 20), 10, 20},
		// 11 lines, the list, then 2 for each item: the 5th is one too many.
		{"list items", strings.Repeat("- a\n", 10), 20, 16},
		{"headings cost their id and contents entry", strings.Repeat("# h\n", 10), 30, 16},
		// 1 line, the paragraph, 2 for each delimiter: the 15th.
		{"emphasis", strings.Repeat("*a* ", 10), 30, 28},
		{"footnote references", "[^1]: n\n\n" + strings.Repeat("[^1] ", 10), 20, 44},
	}
	msg := "more than %d Markdown elements (lines, blocks, links, emphasis, table cells) in one page (limits.maxElements in site.toml): split the page"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseBounded(t, tt.src, tt.max)
			le := limitOf(t, err)
			if want := (LimitError{Offset: tt.off, Msg: fmt.Sprintf(msg, tt.max)}); *le != want {
				t.Errorf("got  %d: %s\nwant %d: %s", le.Offset, le.Msg, want.Offset, want.Msg)
			}
			if _, _, err := parseBounded(t, tt.src, 1000); err != nil {
				t.Errorf("with room: %v", err)
			}
		})
	}
}

// A reference definition used over and over repeats its URL and title in
// every link: a 1 MB URL used 250,000 times took 470 s before it was
// killed, one title, 3.3 GB and then out of memory.
func TestBudgetBoundsWhatReferenceLinksRepeat(t *testing.T) {
	src := "[a]: /" + strings.Repeat("x", 1<<20) + "\n\n" + strings.Repeat("[a] ", 100)
	_, _, err := parseBounded(t, src, 1_000_000)
	le := limitOf(t, err)
	// The 16th use passes 16 MB: the URL is one byte more than 1 MB.
	want := &LimitError{Offset: len(src) - 100*4 + 15*4, Msg: "links that use reference definitions repeat more than 16 MB of their URLs and titles in one page: shorten the definitions or write the links out"}
	if *le != *want {
		t.Errorf("got  %d: %s\nwant %d: %s", le.Offset, le.Msg, want.Offset, want.Msg)
	}
	html, _, err := parseBounded(t, "[a]: /x \"T\"\n\n"+strings.Repeat("[a] ", 3), 1000)
	if want := "<p><a href=\"/x\" title=\"T\">a</a> <a href=\"/x\" title=\"T\">a</a> <a href=\"/x\" title=\"T\">a</a></p>\n"; err != nil || html != want {
		t.Errorf("got %q, %v\nwant %q", html, err, want)
	}
}

// cmark's pathological tests (commonmark/cmark test/pathological_tests.py)
// that goldmark parses in time that grows with the square of the input
// (the mismatched markers of 128 KB: 114 s, nested brackets: 22 s). Each
// must give CommonMark's output, in time that grows with the input.
func TestBudgetKeepsPathologicalInlinesLinearWithTheRightOutput(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"mismatched openers and closers", strings.Repeat("*a_ ", 50_000), strings.Repeat("*a_ ", 49_999) + "*a_"},
		{"openers and closers multiple of 3", "a**b" + strings.Repeat("c* ", 50_000), "a**b" + strings.Repeat("c* ", 49_999) + "c*"},
		{"many emph closers with no openers", strings.Repeat("a_ ", 65_000), strings.Repeat("a_ ", 64_999) + "a_"},
		{"many emph openers with no closers", strings.Repeat("_a ", 65_000), strings.Repeat("_a ", 64_999) + "_a"},
		{"many link closers with no openers", strings.Repeat("a]", 65_000), strings.Repeat("a]", 65_000)},
		{"many link openers with no closers", strings.Repeat("[a", 65_000), strings.Repeat("[a", 65_000)},
		{"link openers and emph closers", strings.Repeat("[ a_", 50_000), strings.Repeat("[ a_", 50_000)},
		{"nested brackets", strings.Repeat("[", 50_000) + "a" + strings.Repeat("]", 50_000), strings.Repeat("[", 50_000) + "a" + strings.Repeat("]", 50_000)},
		{"unclosed links A", strings.Repeat("[a](<b", 50_000), strings.Repeat("[a](&lt;b", 50_000)},
		{"unclosed links B", strings.Repeat("[a](b", 50_000), strings.Repeat("[a](b", 50_000)},
		{"strikethrough openers", strings.Repeat("~~a ", 50_000), strings.Repeat("~~a ", 49_999) + "~~a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, _, err := parseBounded(t, tt.src, 1_000_000)
			if err != nil {
				t.Fatal(err)
			}
			if want := "<p>" + tt.want + "</p>\n"; html != want {
				t.Errorf("got  %.200q…\nwant %.200q…", html, want)
			}
		})
	}
}

// Emphasis nested deeper than the parser follows is a warning, and the
// inner levels it follows are emphasis.
func TestBudgetWarnsWhenEmphasisNestsTooDeep(t *testing.T) {
	n := 1000
	src := strings.Repeat("*a **a ", n) + "b" + strings.Repeat(" a** a*", n)
	html, warnings, err := parseBounded(t, src, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	// The 2,049th delimiter is the 49th closer's.
	want := []Warning{{Offset: 7*n + 1 + 7*24 + 2, Message: "this paragraph holds more emphasis markers (2048), unclosed \"[\" (256) or unclosed link destinations than are parsed; the rest are shown as written: split the paragraph"}}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings %+v, want %+v", warnings, want)
	}
	inner := "*a <em>a <strong>a " + strings.Repeat("<em>a <strong>a ", 23) + "b" + strings.Repeat(" a</strong> a</em>", 24) + " a** a*"
	if !strings.Contains(html, inner) {
		t.Errorf("the innermost 24 levels are not emphasis: %.300q", html[7*n-150:])
	}
	// Within the bound, emphasis is CommonMark's.
	n = 100
	src = strings.Repeat("*a **a ", n) + "b" + strings.Repeat(" a** a*", n)
	html, warnings, _ = parseBounded(t, src, 1_000_000)
	if want := "<p>" + strings.Repeat("<em>a <strong>a ", n) + "b" + strings.Repeat(" a</strong> a</em>", n) + "</p>\n"; html != want || len(warnings) != 0 {
		t.Errorf("100 levels: warnings %v, html %.300q", warnings, html)
	}
}

// Ordinary text is parsed as without a budget: a long line of links and
// emphasis, and a paragraph of many snake_case words before emphasis.
func TestBudgetLeavesOrdinaryTextAlone(t *testing.T) {
	for name, src := range map[string]string{
		"links on a long line": strings.Repeat("see [the guide](guide.md#a) and **this** ", 1000) + strings.Repeat("word ", 200_000) + "\n",
		"snake_case words":     strings.Repeat("set max_file_bytes ", 2000) + "**then** _build_\n",
		"a long destination":   "[a](/" + strings.Repeat("x", 100_000) + ") [b](/y)\n",
		"a long table":         "|a|b|\n|-|-|\n" + strings.Repeat("|*x*|[y](z)|\n", 20_000),
	} {
		bounded, warnings, err := parseBounded(t, src, 1_000_000)
		if err != nil || len(warnings) != 0 {
			t.Errorf("%s: %v %+v", name, err, warnings)
		}
		if free, _, _ := parseBounded(t, src, 0); bounded != free {
			t.Errorf("%s: the budget changed the output", name)
		}
	}
}

// BenchmarkParsePathological parses 2 MB pages of each pathological kind,
// and legitimate large pages, with the default budget: time and memory per
// page, to the error or to the body. (Peak RSS of whole builds of such
// pages is measured with /usr/bin/time; see the commit messages.)
func BenchmarkParsePathological(b *testing.B) {
	const size = 2 << 20
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	row := "| 0042 | reference entry name | a description of the entry in a few words | 2026-01-31 |\n"
	cases := []struct{ name, src string }{
		{"table-1000-columns", "|" + strings.Repeat("a|", 1000) + "\n|" + strings.Repeat("-|", 1000) + "\n" + fill("x\n")[:size/4]},
		{"reference-1MB-url", "[a]: /" + strings.Repeat("x", 1<<20) + "\n\n" + strings.Repeat("[a] ", size/8)},
		{"headings", fill("# h\n")},
		{"list-items", fill("- a\n")},
		{"footnote-refs", "[^1]: x\n\n" + fill("[^1] ")},
		{"mismatched-emphasis", fill("*a_ ")},
		{"openers-closers-mult-of-3", "a**b" + fill("c* ")},
		{"nested-brackets", strings.Repeat("[", size/2) + "a" + strings.Repeat("]", size/2)},
		{"unclosed-links", fill("[a](b")},
		{"code-block", "```go\n" + fill("a(b) ") + "\n```\n"},
		{"ok-table", "| id | name | description | date |\n|---|---|---|---|\n" + fill(row)},
		{"ok-transcript", fill("**Seller:** What would change for your team if this worked?\n\n")},
		{"ok-long-line", fill("word ") + "\n"},
	}
	m := New(Options{MaxElements: 1_000_000})
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			src := []byte(c.src)
			b.ReportAllocs()
			for b.Loop() {
				_, _ = m.ParseTo(src, nil)
			}
		})
	}
}
