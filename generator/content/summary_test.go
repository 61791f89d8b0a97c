package content

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/config"
)

func TestParseSummaryBoundsPathologicalInput(t *testing.T) {
	cfg := config.Default()
	var deep strings.Builder
	for i := range 40 {
		deep.WriteString(strings.Repeat("  ", i) + "- [C](c.md)\n")
	}
	tests := []struct{ name, src, want string }{
		{"nesting", deep.String(), "content/SUMMARY.md:33:1: nesting deeper than 32 levels (limits.maxNesting in site.toml)"},
		{"links", strings.Repeat("[a](a.md) ", 5001), "content/SUMMARY.md:1:50003: more than 5000 links in one file (limits.maxLinks in site.toml)"},
		{"elements", strings.Repeat("- C\n", 1_000_001), "content/SUMMARY.md:1000001:1: more than 1000000 Markdown elements (lines, blocks, links, emphasis, table cells) in one page (limits.maxElements in site.toml): split the page"},
		{"quadratic inlines", strings.Repeat("[a](b", 3000) + strings.Repeat("*a_ ", 100_000), "content/SUMMARY.md:1:1: warning: text ignored: SUMMARY.md lists chapters as links, [Title](file.md)"},
	}
	for _, tt := range tests {
		sum, diags := parseSummary(&cfg, "content/SUMMARY.md", []byte(tt.src))
		if got := diags.Error(); got != tt.want {
			t.Errorf("%s: diagnostics %q, want %q", tt.name, got, tt.want)
		}
		if len(sum.Items) != 0 {
			t.Errorf("%s: %d items read past the limit", tt.name, len(sum.Items))
		}
	}
}

func TestParseSummaryReadsPartsPrefixAndSuffixChapters(t *testing.T) {
	cfg := config.Default()
	sum, diags := parseSummary(&cfg, "SUMMARY.md", []byte(`# Title

[Foreword](foreword.md) [Preface](<pre face.md>)

- [Top](top.md)

# Part *One*

- [A &amp; B](a%20b.md#x)
  * [Draft]()
    1. [Deep](deep.md)
---
[Appendix](appendix.md)
`))
	var b strings.Builder
	var show func(items []*SummaryItem, depth int)
	show = func(items []*SummaryItem, depth int) {
		for _, it := range items {
			b.WriteString(strings.Repeat("  ", depth) + it.Title + " " + it.Rel + " " + it.Pos.String() + "\n")
			show(it.Children, depth+1)
		}
	}
	show(sum.Items, 0)
	want := `Foreword foreword.md SUMMARY.md:3:1
Preface pre face.md SUMMARY.md:3:25
Top top.md SUMMARY.md:5:3
Part One  SUMMARY.md:7:1
  A & B a b.md SUMMARY.md:9:3
    Deep deep.md SUMMARY.md:11:8
Appendix appendix.md SUMMARY.md:13:1
`
	if b.String() != want {
		t.Errorf("items:\n%s\nwant:\n%s", b.String(), want)
	}
	if got := diags.Error(); got != `SUMMARY.md:10:5: warning: draft chapter "Draft" has no file and is left out` {
		t.Errorf("diagnostics: %s", got)
	}
}
