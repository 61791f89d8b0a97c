package importer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A Hugo project with Docsy's configuration and shortcodes: site.toml
// from hugo.toml, the German page left out, shortcodes converted outside
// code, what cannot convert reported, the sidebar in the weights' order.
func TestImportHugo(t *testing.T) {
	dest, res := importFixture(t, "hugo", Hugo, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	want := []string{"Selling", "  Discovery", "  Pricing", "Onboarding", "  Your first week", "Forecast"}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// _index.md: 3 refs; forecasting.md: a tabpane and its 2 tabs;
	// first-week: figure, ref, pageinfo; discovery.md: alert, the ref in
	// it, notice, highlight, youtube; pricing.md: param, figure, alert,
	// a tabpane and its 2 tabs, relref.
	if got := res.Report.Total(ShortcodesConverted); got != 21 {
		t.Errorf("%d shortcodes converted, want 21", got)
	}
	if got := res.Report.Total(LinksRewritten); got != 1 { // the alias ../prices
		t.Errorf("%d links rewritten, want 1", got)
	}
	if got := res.Report.Total(IncludesInlined); got != 1 {
		t.Errorf("%d includes inlined, want 1", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "content", "sales", "discovery.de.md")); err == nil {
		t.Error("the German page was imported")
	}
}

// Detect names Hugo for a project with hugo.toml, and the import says so.
func TestDetectFindsHugo(t *testing.T) {
	src := filepath.Join("testdata", "hugo", "src")
	if kind, why := Detect(os.DirFS(src)); kind != Hugo || why != "hugo.toml" {
		t.Errorf("Detect = %s (%s), want hugo (hugo.toml)", kind, why)
	}
	res, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "site")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Kind != Hugo || !strings.Contains(string(res.Report.Markdown()), "(detected: hugo.toml)") {
		t.Errorf("the import of %s did not say it detected Hugo from hugo.toml", src)
	}
}
