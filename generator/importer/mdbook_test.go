package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// An mdBook book: book.toml gives site.toml, SUMMARY.md stays the
// navigation (parts, nesting, labels, the draft chapter left out), its
// commands are inlined, .html links to chapters become .md links, pages
// it does not list become drafts, and what does not convert is reported.
func TestImportMdBook(t *testing.T) {
	dest, res := importFixture(t, "mdbook", MdBook, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	for c, want := range map[Count]int{LinksRewritten: 7, IncludesInlined: 7, ShortcodesConverted: 2, NavigationKeys: 4} {
		if got := res.Report.Total(c); got != want {
			t.Errorf("%s, want %d", countName(c, got), want)
		}
	}
	if res.Report.Pages != 11 || res.Report.Sections != 2 || res.Report.Files != 3 {
		t.Errorf("%d pages, %d sections, %d files; want 11, 2, 3", res.Report.Pages, res.Report.Sections, res.Report.Files)
	}
	want := []string{
		"Introduction",
		"Selling",
		"  Discovery calls",
		"  Pricing conversations",
		"People",
		"  Onboarding new sellers",
		"    Your first week",
		"  Forecasting",
		"Glossary",
	}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	src, err := os.ReadFile(filepath.Join("testdata", "mdbook", "src", "src", "chapter_1.md"))
	if err != nil || !strings.Contains(string(src), "{{#include snippets/call-opener.md}}") {
		t.Errorf("the source was changed: %v", err)
	}
}
