package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A Docusaurus project: the configuration read without running it, the
// main sidebar's order and labels kept, MDX tabs, admonitions, details
// and a partial converted, doc URLs turned into relative links (inside
// tabs too), an MDX comment made an HTML comment, and what
// is left (a component, an expression, a second sidebar, the blog)
// reported.
func TestImportDocusaurus(t *testing.T) {
	dest, res := importFixture(t, "docusaurus", Docusaurus, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	r := res.Report
	for c, want := range map[Count]int{LinksRewritten: 6, ShortcodesConverted: 4, IncludesInlined: 1, NavigationKeys: 10} {
		if got := r.Total(c); got != want {
			t.Errorf("%s: %d, want %d", countNames[c][1], got, want)
		}
	}
	if r.Pages != 9 || r.Sections != 2 || r.Files != 2 {
		t.Errorf("pages, sections, files = %d, %d, %d; want 9, 2, 2", r.Pages, r.Sections, r.Files)
	}
	// The sidebar of sidebars.js: intro (slug: /) is the home page, the
	// rest in its order and with its labels; archive.md is in no sidebar.
	want := []string{"Selling", "  Prices", "  Discovery calls", "Getting started", "New sellers", "  Your first week", "  Your first month", "Archive"}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if site := readTree(t, dest)["site.toml"]; !strings.Contains(string(site), "style = \"github\"\ndarkStyle = \"dracula\"\n") {
		t.Errorf("prism's theme and darkTheme are not the highlight styles:\n%s", site)
	}
	report := string(r.Markdown())
	for _, item := range []string{
		"`src/docusaurus.config.js:10:3`: favicon is not carried over",
		"`src/sidebars.js:22:5`: sidebar link entry \"CRM → https://crm.example.com\" left out",
		"`src/sidebars.js:24:3`: sidebar managers not imported",
		"`content/archive.md:1:1`: not in the sidebar \"handbook\"",
		"`content/getting-started.md:37:9`: MDX component <Highlight> not rendered",
		"`content/getting-started.md:37:62`: MDX expression `{new Date().getFullYear()}` not converted",
		"`src/blog`: the blog is not imported",
		"`src/docusaurus.config.js:27:11`: editURL is https://github.com/acme/handbook/tree/main/: playbook appends content/<page> to it, where Docusaurus appended docs/<page>",
	} {
		if !strings.Contains(report, item) {
			t.Errorf("the report does not list %s", item)
		}
	}
}

// Without a kind, Detect names the configuration file.
func TestImportDetectsDocusaurus(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out")
	res, err := Run(t.Context(), Options{Source: filepath.Join("testdata", "docusaurus", "src"), Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Kind != Docusaurus || res.Report.Detected != "docusaurus.config.js" {
		t.Errorf("detected %s (%s), want docusaurus (docusaurus.config.js)", res.Report.Kind, res.Report.Detected)
	}
	if _, err := os.Stat(filepath.Join(dest, "content", "sales", "pricing.md")); err != nil {
		t.Error(err)
	}
}
