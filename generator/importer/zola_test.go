package importer

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A Zola project: config.toml to site.toml, the sections' sort_by
// written as weights (date: newest first; title: by title), @/ links
// made relative, callout, video and image shortcodes converted, the
// rest reported with their templates, translations and Zola's own
// folders reported.
func TestImportZola(t *testing.T) {
	dest, res := importFixture(t, "zola", Zola, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	for c, want := range map[Count]int{LinksRewritten: 5, ShortcodesConverted: 8, NavigationKeys: 6} {
		if got := res.Report.Total(c); got != want {
			t.Errorf("%s, want %d", countName(c, got), want)
		}
	}
	if res.Report.Pages != 13 || res.Report.Sections != 4 || res.Report.Files != 3 {
		t.Errorf("pages %d, sections %d, files %d; want 13, 4, 3", res.Report.Pages, res.Report.Sections, res.Report.Files)
	}
	want := []string{
		"Selling", "  Discovery calls", "  Pricing and discounts",
		"News", "  New pricing", "  Team offsite", "  Q1 kickoff", "  Undated note",
		"Onboarding", "  Buddy system", "  Your first week",
		"Forecasting",
	}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Detect names Zola for a config.toml with base_url, and the import
// says so.
func TestImportDetectsZola(t *testing.T) {
	res, err := Run(t.Context(), Options{Source: filepath.Join("testdata", "zola", "src"), Dest: filepath.Join(t.TempDir(), "site")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Kind != Zola || res.Report.Detected != "config.toml with base_url" {
		t.Errorf("detected %s (%s), want zola", res.Report.Kind, res.Report.Detected)
	}
}
