package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// An MkDocs project: mkdocs.yml (with an INHERITed file and custom tags)
// becomes site.toml, nav: becomes the sidebar's order and labels,
// snippets are inlined (in code blocks too, as MkDocs does), pymdownx
// blocks become admonitions and captions (an html block is reported), scripts
// move to static/, and what cannot be carried over is reported.
func TestImportMkDocs(t *testing.T) {
	dest, res := importFixture(t, "mkdocs", MkDocs, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	r := res.Report
	for c, want := range map[Count]int{IncludesInlined: 16, NavigationKeys: 13, ShortcodesConverted: 3} {
		if got := r.Total(c); got != want {
			t.Errorf("%s, want %d", countName(c, got), want)
		}
	}
	want := []string{
		"Selling", "  Discovery calls", "  Pricing", "  Old pricing",
		"Onboarding", "  Your first week", "  Tools and access",
		"Coaching", "  Call reviews",
		"Forecasting",
		"Blog", "  Q1 review", // not in nav: after the pages it orders
	}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Extensions without syntax: reported with what playbook does
	// instead, or not at all when playbook does what they did.
	var exts []string
	for _, it := range r.Items {
		if strings.HasPrefix(it.Msg, "markdown extension ") {
			exts = append(exts, it.Msg)
		}
	}
	for _, want := range []string{
		"markdown extension nl2br is not carried over: it made every line break in a paragraph a <br>; playbook, as CommonMark, joins a paragraph's lines (end a line with a backslash to break it)",
		"markdown extension pymdownx.emoji is not carried over: playbook does not render its syntax; pages that still use it are listed under Markdown playbook does not render",
	} {
		if !slices.Contains(exts, want) {
			t.Errorf("no report item %q in\n%s", want, strings.Join(exts, "\n"))
		}
	}
	for _, e := range exts {
		if strings.Contains(e, "pathconverter") || strings.Contains(e, "truly_sane") {
			t.Errorf("reported: %s", e)
		}
	}
	site, err := os.ReadFile(filepath.Join(dest, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`title = "Northwind Sales Handbook"`,
		`description = "How Northwind sellers run discovery, price deals and coach each other."`,
		`baseURL = "https://northwind.example/handbook/"`,
		`language = "en-GB"`,
		`editURL = "https://github.com/northwind/handbook/edit/main/"`,
		`style = "monokai"`,
	} {
		if !strings.Contains(string(site), line+"\n") {
			t.Errorf("site.toml has no line %s:\n%s", line, site)
		}
	}
}

// Detect names MkDocs for a folder with mkdocs.yml, and Run with no kind
// imports it as one.
func TestImportDetectsMkDocs(t *testing.T) {
	src := filepath.Join("testdata", "mkdocs", "src")
	if kind, why := Detect(os.DirFS(src)); kind != MkDocs || why != "mkdocs.yml" {
		t.Errorf("Detect = %s (%s), want mkdocs (mkdocs.yml)", kind, why)
	}
	res, err := Run(t.Context(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "site")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Kind != MkDocs || res.Report.Detected != "mkdocs.yml" {
		t.Errorf("imported as %s (detected %q)", res.Report.Kind, res.Report.Detected)
	}
}

// Without nav:, the awesome-pages plugin's .pages files order each
// folder: named entries first, "..." for the rest in MkDocs' order (a
// folder's pages by name, then its folders), a folder's title; folders
// without one are labelled from their name as MkDocs does, even when
// they have a page of their own. Link destinations with spaces, which
// Python-Markdown reads, become <…> destinations. A GitLab repo_url
// gives GitLab's default edit path.
func TestImportMkDocsAwesomePages(t *testing.T) {
	dest, res := importFixture(t, "mkdocs-pages", MkDocs, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	if got := res.Report.Total(LinksRewritten); got != 2 {
		t.Errorf("%s, want 2", countName(LinksRewritten, got))
	}
	want := []string{
		"Start here",
		"How-to guides", "  Setup", "  Deploy", "  Other",
		"Alpha",
		"Zeta",
		"Ml projects", "  Ideas", // README.md's heading is "Machine learning projects"
		"Team notes", "  Agenda", "  Weekly notes", "  2024", "    Notes from 2024",
	}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	site, err := os.ReadFile(filepath.Join(dest, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if line := `editURL = "https://gitlab.com/acme/handbook/-/edit/master/"`; !strings.Contains(string(site), line) {
		t.Errorf("site.toml has no line %s:\n%s", line, site)
	}
}
