package generator_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// buildPage builds a site of site.toml and content/a.md (and b.md, which
// a.md may link to), with content/a.md's text given apart: it may be
// megabytes.
func buildPage(t *testing.T, siteTOML, page string) *sitetest.Site {
	t.Helper()
	s := sitetest.New(t, "-- site.toml --\n"+siteTOML+"-- content/b.md --\n# B\n")
	s.Files["content/a.md"] = &fstest.MapFile{Data: []byte(page), Mode: 0o644}
	s.Rebuild()
	return s
}

// Front matter that held BurntSushi/toml for tens of seconds and
// gigabytes is an error at its place, found before the decoder runs; so is
// the same in site.toml, and YAML and JSON that nest as deep.
func TestFrontMatterThatExplodesTheDecoderIsAnErrorAtItsPlace(t *testing.T) {
	deep := "nested deeper than 32 levels (limits.maxNesting in site.toml)"
	tests := []struct {
		name, siteTOML, page, want string
	}{
		{"dotted key of 30,000 parts", "", "+++\n" + strings.Repeat("a.", 30_000) + "a = 1\n+++\n",
			"content/a.md:2:63: " + deep},
		{"12,000 nested inline tables", "", "+++\nx = " + strings.Repeat("{a=", 12_000) + "1" + strings.Repeat("}", 12_000) + "\n+++\n",
			"content/a.md:2:96: " + deep},
		{"30,000 nested arrays", "", "+++\nx = " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n+++\n",
			"content/a.md:2:36: " + deep},
		{"a table name of 30,000 parts", "", "+++\n[" + strings.Repeat("a.", 30_000) + "a]\n+++\n",
			"content/a.md:2:64: " + deep},
		{"a key of 60,000 bytes", "", "+++\n" + strings.Repeat("k", 60_000) + " = 1\n+++\n",
			"content/a.md:2:1: key of 60000 bytes; keys are names of at most 256 bytes"},
		{"site.toml nested 30,000 deep", "title = \"T\"\n[params]\nx = " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n", "# A\n",
			"site.toml:3:35: nested deeper than 32 levels"},
		{"YAML nested 30,000 deep", "", "---\nx: " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n---\n",
			"content/a.md:2:1: exceeded max depth of 10000"},
		{"JSON nested 30,000 deep", "", "{\n\"x\": " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n}\n",
			"content/a.md:2:37: " + deep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildPage(t, tt.siteTOML, tt.page)
			if s.Err == nil {
				t.Fatal("the build passed")
			}
			s.AssertDiag(tt.want)
		})
	}
}

// Markdown whose HTML or parse would be far larger than its text is an
// error at its place; cmark's pathological inlines build, in time that
// grows with their size.
func TestAmplifyingMarkdownIsAnErrorAtItsPlace(t *testing.T) {
	table := "|" + strings.Repeat("a|", 1000) + "\n|" + strings.Repeat("-|", 1000) + "\n" + strings.Repeat("x\n", 2000)
	tests := []struct {
		name, siteTOML, page, want string
	}{
		{"a table of 2,000,000 cells from 10 KB", "", "# A\n\nIntro.\n\n" + table,
			"content/a.md:5:1: table of 1000 columns and 2000 rows makes 2001000 cells, which with the rest of the page is more than the 1000000 Markdown elements one page may hold (limits.maxElements in site.toml): every row gets as many cells as the header"},
		{"a 1 MB reference URL used 100 times", "", "[a]: /" + strings.Repeat("x", 1<<20) + "\n\n" + strings.Repeat("[a] ", 100),
			"content/a.md:3:61: links that use reference definitions repeat more than 16 MB of their URLs and titles in one page: shorten the definitions or write the links out"},
		{"more elements than the site allows", "[limits]\nmaxElements = 100\n", strings.Repeat("- [b](b.md)\n", 60),
			// 61 lines, the list, and two for each item: blocks are
			// read before the links in them.
			"content/a.md:20:1: more than 100 Markdown elements (lines, blocks, links, emphasis, table cells) in one page (limits.maxElements in site.toml): split the page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildPage(t, tt.siteTOML, tt.page)
			if s.Err == nil {
				t.Fatal("the build passed")
			}
			s.AssertDiag(tt.want)
		})
	}
	s := buildPage(t, "", strings.Repeat("[", 50_000)+"a"+strings.Repeat("]", 50_000)+"\n")
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("a/index.html", "<p>"+strings.Repeat("[", 50_000)+"a"+strings.Repeat("]", 50_000)+"</p>")
	s.AssertDiag(`content/a.md:1:257: warning: this paragraph holds more emphasis markers (2048), unclosed "[" (256) or unclosed link destinations than are parsed; the rest are shown as written: split the paragraph`)
}

// Pages of megabytes build: a 5 MB generated reference table, a 5 MB
// transcript and a page of one 1 MB line; 2 MiB was the limit.
func TestLargePagesBuild(t *testing.T) {
	var table strings.Builder
	table.WriteString("# Reference\n\n| id | name | description | date |\n|---|---|---|---|\n")
	rows := 0
	for table.Len() < 5<<20 {
		rows++
		fmt.Fprintf(&table, "| %06d | entry %d | a description of the entry in a few words | 2026-01-31 |\n", rows, rows)
	}
	s := buildPage(t, "", table.String())
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	html := s.File("a/index.html")
	if got := strings.Count(html, "<tr>"); got != rows+1 {
		t.Errorf("%d rows, want %d and the header", got, rows)
	}
	s.AssertFileContains("a/index.html", fmt.Sprintf("<td>%06d</td>\n<td>entry %d</td>", rows, rows))

	transcript := "# Transcript\n\n" + strings.Repeat("**Seller:** What would change for your team if this worked?\n\n**Buyer:** We would stop copying numbers by hand.\n\n", 5<<20/110)
	s = buildPage(t, "", transcript)
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	if got, want := strings.Count(s.File("a/index.html"), "<strong>Buyer:</strong>"), 5<<20/110; got != want {
		t.Errorf("%d turns of the buyer, want %d", got, want)
	}

	line := "# One line\n\n" + strings.Repeat("word ", 1<<20/5) + "and [the end](b.md).\n"
	s = buildPage(t, "", line)
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("a/index.html", "word word and <a href=\"/b/\">the end</a>.</p>")
}

// BenchmarkBuildLargePage builds a one-page site in memory, cold, for each
// kind of large page that 2 MiB refused: time and allocation per build.
func BenchmarkBuildLargePage(b *testing.B) {
	row := "| 0042 | reference entry name | a description of the entry in a few words | 2026-01-31 |\n"
	turn := "**Seller:** What would change for your team if this worked?\n\n**Buyer:** We would stop copying numbers by hand.\n\n"
	for _, c := range []struct{ name, page string }{
		{"table-5MB", "# Reference\n\n| id | name | description | date |\n|---|---|---|---|\n" + strings.Repeat(row, 5<<20/len(row))},
		{"transcript-5MB", "# Transcript\n\n" + strings.Repeat(turn, 5<<20/len(turn))},
		{"line-1MB", "# One line\n\n" + strings.Repeat("word ", 1<<20/5) + "\n"},
		{"prose-16MB", "# Prose\n\n" + strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n\n", 16_000_000/74)},
	} {
		b.Run(c.name, func(b *testing.B) {
			page := []byte(c.page)
			b.ReportAllocs()
			for b.Loop() { // a new site each time: a cold build
				s := sitetest.New(b, "-- site.toml --\ntitle = \"T\"\n")
				s.Files["content/a.md"] = &fstest.MapFile{Data: page, Mode: 0o644}
				s.Rebuild()
				if s.Err != nil {
					b.Fatal(s.Err)
				}
			}
		})
	}
}
