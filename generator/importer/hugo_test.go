package importer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
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
	// it, notice, highlight, youtube, 3 escaped ones in code; pricing.md:
	// param, figure, alert, a tabpane and its 2 tabs, relref.
	if got := res.Report.Total(ShortcodesConverted); got != 24 {
		t.Errorf("%d shortcodes converted, want 24", got)
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

// config/_default/ in YAML: params.yaml and menus.en.yaml hold the keys
// under params and menus; languages by contentDir take the default
// language's folder; every key not carried over is named at its line.
func TestHugoConfigDefaultFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"config/_default/hugo.yaml": {Data: []byte(`baseURL: https://docs.example.org/handbook
title: Handbook
defaultContentLanguage: de
enableGitInfo: true
languages:
  en:
    contentDir: content/en
    title: Handbook
  de:
    contentDir: content/de
    title: Handbuch
    languageCode: de-DE
markup:
  highlight:
    style: not-a-style
`)},
		"config/_default/params.yaml":   {Data: []byte("description: How we work\neditURL: https://github.com/o/r/edit/main/content/de/\nlogo: x.png\n")},
		"config/_default/menus.en.yaml": {Data: []byte("main:\n  - name: Blog\n    url: /blog/\n")},
		"config/production/hugo.yaml":   {Data: []byte("baseURL: https://x/\n")},
		"content/de/_index.md":          {Data: []byte("# Start\n")},
		"content/de/a.md":               {Data: []byte("# A\n")},
		"content/en/_index.md":          {Data: []byte("# Start\n")},
	}
	p := newProject(fsys, Hugo, "")
	p.report.Source = "src"
	if err := readHugo(p); err != nil {
		t.Fatal(err)
	}
	want := site{Title: "Handbuch", Description: "How we work", BaseURL: "https://docs.example.org/handbook/", Language: "de-DE", EditURL: "https://github.com/o/r/edit/main/"}
	if p.site != want {
		t.Errorf("site = %+v\nwant %+v", p.site, want)
	}
	if p.page("content/a.md") == nil || p.page("content/_index.md") == nil || len(p.files) != 2 {
		t.Errorf("pages %v, want content/_index.md and content/a.md from content/de", p.sortedFiles())
	}
	var items []string
	for _, it := range p.report.sortedItems() {
		items = append(items, it.Pos.String()+": "+it.Msg)
	}
	wantItems := []string{
		"src/config/_default/hugo.yaml:4:1: enableGitInfo not carried over",
		"src/config/_default/hugo.yaml:6:3: language en not imported: playbook builds one language, and the import took de; its pages are left out",
		`src/config/_default/hugo.yaml:15:5: highlighting style "not-a-style" has no chroma equivalent; the default style is used (see [markup.highlight] in README)`,
		"src/config/_default/params.yaml:3:1: params.logo not carried over: free-form values go under [params] in site.toml",
		"src/config/production: the production environment's configuration is not read: site.toml has one configuration, from config/_default/",
		"src/config/_default/menus.en.yaml:1:1: menus.main not carried over: playbook has no site menus; the sidebar lists the content folders by weight and title",
	}
	if strings.Join(items, "\n") != strings.Join(wantItems, "\n") {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(wantItems, "\n"))
	}
}

// hugo-book's [menu] with two [[menu.home]] entries is one item, naming
// the menu once.
func TestHugoMenuReportedOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"hugo.toml":         {Data: []byte("title = \"T\"\n\n[menu]\n[[menu.home]]\n  name = 'Docs'\n  weight = 2\n\n[[menu.home]]\n  name = 'Github'\n  url = 'https://x/'\n")},
		"content/_index.md": {Data: []byte("# Start\n")},
	}
	p := newProject(fsys, Hugo, "")
	p.report.Source = "src"
	if err := readHugo(p); err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, it := range p.report.sortedItems() {
		items = append(items, it.Pos.String()+": "+it.Msg)
	}
	want := []string{"src/hugo.toml:4:3: menu.home not carried over: playbook has no site menus; the sidebar lists the content folders by weight and title"}
	if !slices.Equal(items, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
}

// A .md file inside a leaf bundle (a folder with index.md) is one of the
// bundle's resources: no page, one Files item each, and the page's
// readfile of it still inlines it. A branch bundle's (_index.md) pages
// stay pages.
func TestHugoLeafBundleResources(t *testing.T) {
	fsys := fstest.MapFS{
		"hugo.toml":                                        {Data: []byte("title = \"T\"\n")},
		"content/docs/_index.md":                           {Data: []byte("# Docs\n")},
		"content/docs/setup.md":                            {Data: []byte("# Setup\n")},
		"content/docs/shortcodes/index.md":                 {Data: []byte("# Shortcodes\n\n{{% readfile file=\"includes/installation.md\" %}}\n")},
		"content/docs/shortcodes/includes/installation.md": {Data: []byte("Run `npm i`.\n")},
		"content/docs/shortcodes/includes/deep/index.md":   {Data: []byte("# Deep\n")},
		"content/docs/shortcodes/shot.png":                 {Data: []byte("PNG")},
	}
	p := newProject(fsys, Hugo, "")
	p.report.Source = "src"
	if err := readHugo(p); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, f := range p.sortedFiles() {
		if f.page {
			pages = append(pages, f.Dest)
		}
	}
	wantPages := []string{"content/docs/_index.md", "content/docs/setup.md", "content/docs/shortcodes/index.md"}
	if !slices.Equal(pages, wantPages) {
		t.Errorf("pages %v, want %v", pages, wantPages)
	}
	if p.files["content/docs/shortcodes/shot.png"] == nil {
		t.Error("the bundle's image was not imported")
	}
	var items []string
	for _, it := range p.report.sortedItems() {
		if it.Group == GroupFiles {
			items = append(items, it.Pos.String()+": "+it.Msg)
		}
	}
	wantItems := []string{
		"src/content/docs/shortcodes/includes/deep/index.md: not imported: a resource of the page bundle content/docs/shortcodes/index.md, which Hugo publishes no page for (a readfile or include of it is inlined where it is used)",
		"src/content/docs/shortcodes/includes/installation.md: not imported: a resource of the page bundle content/docs/shortcodes/index.md, which Hugo publishes no page for (a readfile or include of it is inlined where it is used)",
	}
	if !slices.Equal(items, wantItems) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(wantItems, "\n"))
	}
	f := p.page("content/docs/shortcodes/index.md")
	p.convert(f)
	if want := "# Shortcodes\n\n<!-- included from content/docs/shortcodes/includes/installation.md -->\nRun `npm i`.\n"; string(f.Data) != want {
		t.Errorf("index.md\n%s\nwant\n%s", f.Data, want)
	}
}
