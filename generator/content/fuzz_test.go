package content

import (
	"bytes"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// Seeds live in testdata/fuzz/<FuzzName>/.

func FuzzSplitFrontMatter(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		b, err := splitFrontMatter(src)
		if err != nil {
			if fe, ok := err.(*fenceError); !ok || fe.offset < 0 || fe.offset > len(src) {
				t.Fatalf("error %#v", err)
			}
			return
		}
		if b.offset < 0 || b.body < b.offset || b.body > len(src) {
			t.Fatalf("offsets fm %d, body %d out of order or bounds (len %d)", b.offset, b.body, len(src))
		}
		if b.offset+len(b.text) > b.body || !bytes.Equal(src[b.offset:b.offset+len(b.text)], b.text) {
			t.Fatalf("front matter %q is not src[%d:] before the body at %d", b.text, b.offset, b.body)
		}
		if b.format == jsonFormat && (b.text[0] != '{' || b.text[len(b.text)-1] != '}') {
			t.Fatalf("JSON front matter %q is not an object", b.text)
		}
	})
}

func FuzzParsePage(f *testing.F) {
	cfg := config.Default()
	md := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		p, diags := ParsePage(&cfg, md, "content/a.md", "a.md", src)
		if p == nil {
			t.Fatalf("no page")
		}
		if p.Failed && !diags.HasErrors(false) {
			t.Fatalf("page failed without an error")
		}
		for _, d := range diags {
			if d.Pos.File != "content/a.md" || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Pos.Line > bytes.Count(src, []byte("\n"))+1 {
				t.Fatalf("diagnostic without a position: %v", d)
			}
		}
	})
}

func FuzzParseCategory(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte, json bool) {
		file := "content/a/_category_.yml"
		if json {
			file = "content/a/_category_.json"
		}
		c, diags := parseCategory(file, src)
		if c == nil || c.File != file {
			t.Fatalf("category %+v", c)
		}
		for _, d := range diags {
			if d.Pos.File != file || json && (d.Pos.Line < 1 || d.Pos.Col < 1) {
				t.Fatalf("diagnostic without a position: %v", d)
			}
		}
	})
}

func FuzzParseSummary(f *testing.F) {
	cfg := config.Default()
	f.Fuzz(func(t *testing.T, src []byte) {
		sum, diags := parseSummary(&cfg, "content/SUMMARY.md", src)
		for _, d := range diags {
			if d.Pos.File != "content/SUMMARY.md" || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Fatalf("diagnostic without a position: %v", d)
			}
		}
		var check func(items []*SummaryItem)
		check = func(items []*SummaryItem) {
			for _, it := range items {
				if it.Rel == ".." || strings.HasPrefix(it.Rel, "../") || strings.HasPrefix(it.Rel, "/") || it.Rel == "." {
					t.Fatalf("chapter %q outside the content folder", it.Rel)
				}
				check(it.Children)
			}
		}
		check(sum.Items)
	})
}

// FuzzCheckSVG: any bytes give diagnostics, never a panic, each placed
// in the file: a line of it, a column of that line (or just past it).
func FuzzCheckSVG(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := bytes.Split(src, []byte("\n"))
		for _, d := range checkSVG("a.svg", src) {
			if d.Pos.File != "a.svg" || d.Pos.Line < 1 || d.Pos.Line > len(lines) || d.Pos.Col < 1 ||
				d.Pos.Col > len([]rune(string(lines[d.Pos.Line-1])))+1 {
				t.Fatalf("%s placed outside the file (%d lines)", d.Error(), len(lines))
			}
		}
	})
}
