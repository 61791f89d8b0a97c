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
	for c, want := range map[Count]int{LinksRewritten: 6, ShortcodesConverted: 4, IncludesInlined: 1, NavigationKeys: 19} {
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
		"`content/getting-started.md:38:9`: MDX component <Highlight> not rendered",
		"`content/getting-started.md:38:62`: MDX expression `{new Date().getFullYear()}` not converted",
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

// importFiles imports the Docusaurus project made of files (by slash
// path) and returns the new site's folder and the result.
func importFiles(t *testing.T, files map[string]string) (string, *Result) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	writeFiles(t, src, files)
	dest := filepath.Join(t.TempDir(), "out")
	res, err := Run(t.Context(), Options{Kind: Docusaurus, Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	return dest, res
}

// A category whose link opens a doc of its folder (the trial's
// onboarding/overview): that doc becomes the folder's own page, links
// to it follow it, and the report says neither that it is left out of
// the sidebar nor that it stays a page of its own.
func TestDocusaurusCategoryLinkDocIsTheFolderPage(t *testing.T) {
	dest, res := importFiles(t, map[string]string{
		"docusaurus.config.ts": "export default {title: 'Academy', url: 'https://a.example.com', baseUrl: '/'};\n",
		"sidebars.ts": `export default {
  academy: [
    'intro',
    {type: 'category', label: 'Onboarding', link: {type: 'doc', id: 'onboarding/overview'}, items: ['onboarding/week-one', 'onboarding/tools']},
    {type: 'category', label: 'Sales', link: {type: 'doc', id: 'intro'}, items: ['sales/a']},
  ],
};
`,
		"docs/intro.md":               "---\ntitle: Intro\n---\nStart with the [overview](onboarding/overview.md).\n",
		"docs/onboarding/overview.md": "---\ntitle: Onboarding overview\nsidebar_position: 9\n---\nYour first month, then [tools](tools.md).\n",
		"docs/onboarding/week-one.md": "---\ntitle: Week one\n---\nSee the [overview](./overview.md).\n",
		"docs/onboarding/tools.md":    "---\ntitle: Tools\n---\nTools.\n",
		"docs/sales/a.md":             "---\ntitle: A\n---\nA.\n",
	})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	tree := readTree(t, dest)
	if _, ok := tree["content/onboarding/overview.md"]; ok {
		t.Error("overview.md is still a page of its own")
	}
	wantPage := "---\ntitle: Onboarding overview\nweight: 20\nlinkTitle: \"Onboarding\"\naliases: [\"/docs/onboarding/overview/\"]\n---\nYour first month, then [tools](tools.md).\n"
	if got := string(tree["content/onboarding/_index.md"]); got != wantPage {
		t.Errorf("content/onboarding/_index.md:\n%s\nwant\n%s", got, wantPage)
	}
	for name, link := range map[string]string{"content/intro.md": "(onboarding/_index.md)", "content/onboarding/week-one.md": "(_index.md)"} {
		if !strings.Contains(string(tree[name]), link) {
			t.Errorf("%s does not link to the overview as %s:\n%s", name, link, tree[name])
		}
	}
	want := []string{"Intro", "Onboarding", "  Week one", "  Tools", "Sales", "  A"}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	report := string(res.Report.Markdown())
	for _, wrong := range []string{"overview.md:1:1`: not in the sidebar", "onboarding/overview\"; in playbook"} {
		if strings.Contains(report, wrong) {
			t.Errorf("the report says %q:\n%s", wrong, report)
		}
	}
	// intro is not in the Sales folder and listed before: it stays where
	// it is, which the report says.
	if !strings.Contains(report, "`site/sidebars.ts:5:46`: category \"Sales\" opens the doc content/intro.md; in playbook a folder's page is its _index.md, index.md or README.md, and it is in the sidebar before the category, so that doc stays a page of its own") {
		t.Errorf("the report does not explain the Sales link:\n%s", report)
	}
}

// A syntax error in docusaurus.config.js fails the import with its
// position; one in sidebars.js is reported and the sidebar follows the
// docs' own order (the trial's bad/d1 and bad/d2).
func TestDocusaurusSyntaxErrors(t *testing.T) {
	src := filepath.Join(t.TempDir(), "d2")
	for name, text := range map[string]string{
		"docusaurus.config.js": "module.exports = {title: 'X', url: 'https://x.com' baseUrl: '/'\n",
		"docs/intro.md":        "# Hi\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Run(t.Context(), Options{Kind: Docusaurus, Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if want := "d2/docusaurus.config.js:1:52: syntax error: unexpected baseUrl after 'https://x.com' (a comma missing?)"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	dest, res := importFiles(t, map[string]string{
		"docusaurus.config.js": "module.exports = {title: 'X', url: 'https://x.com', baseUrl: '/'};\n",
		"sidebars.js":          "module.exports = {\n  s: [\n    'intro',\n    {type: 'category', label: 'A' items: ['b']},\n  ],\n};\n",
		"docs/intro.md":        "---\nsidebar_position: 2\n---\n# Intro\n",
		"docs/b.md":            "---\nsidebar_position: 1\n---\n# B\n",
	})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	var nav []string
	for _, it := range items(&project{report: res.Report}, GroupNav) {
		if strings.Contains(it, "syntax") || strings.Contains(it, "sidebars.js") {
			nav = append(nav, it)
		}
	}
	if want := "site/sidebars.js:4:35: syntax error: unexpected items after 'A' (a comma missing?); the sidebar follows sidebar_position and _category_ files"; !slices.Equal(nav, []string{want}) {
		t.Errorf("navigation items\n%s\nwant\n%s", strings.Join(nav, "\n"), want)
	}
	if got, want := sidebar(t, dest), []string{"B", "Intro"}; !slices.Equal(got, want) {
		t.Errorf("sidebar %q, want %q", got, want)
	}
}

// Every doc gets its Docusaurus URL (routeBasePath, then its folders and
// id, or its slug) as an alias, said once in the report; with
// routeBasePath "/" only the URLs that changed get one.
func TestDocusaurusOldURLsRedirect(t *testing.T) {
	docs := map[string]string{
		"sidebars.js":          "module.exports = {s: ['intro', 'guide/setup', 'guide/faq']};\n",
		"docs/intro.md":        "---\nslug: /\n---\n# Intro\n",
		"docs/guide/setup.md":  "---\ntitle: Setup\nslug: getting-set-up\n---\nSetup.\n",
		"docs/guide/02-faq.md": "---\ntitle: FAQ\n---\nFAQ.\n",
		"docs/guide/index.md":  "---\ntitle: Guide\n---\nThe guide.\n",
	}
	for _, tc := range []struct {
		route string
		want  map[string]string // aliases by page
		item  string
	}{
		{"/handbook", map[string]string{
			"content/_index.md":       `aliases: ["/handbook/"]`,
			"content/guide/setup.md":  `aliases: ["/handbook/guide/getting-set-up/"]`,
			"content/guide/02-faq.md": `aliases: ["/handbook/guide/faq/"]`,
			"content/guide/index.md":  `aliases: ["/handbook/guide/"]`,
		}, "`site/docusaurus.config.js`: the old URLs redirect: each page whose URL changed (4 pages) has its Docusaurus URL (/handbook/…) in aliases"},
		// only the number prefix, which Docusaurus left out, changes a URL
		{"/", map[string]string{"content/guide/02-faq.md": `aliases: ["/guide/faq/"]`},
			"`site/docusaurus.config.js`: the old URLs redirect: each page whose URL changed (1 page) has its Docusaurus URL (/…) in aliases"},
	} {
		files := map[string]string{"docusaurus.config.js": "module.exports = {title: 'X', url: 'https://x.com', baseUrl: '/', presets: [['classic', {docs: {routeBasePath: '" + tc.route + "'}}]]};\n"}
		for k, v := range docs {
			files[k] = v
		}
		dest, res := importFiles(t, files)
		if res.Failed() {
			t.Fatalf("%s: check failed: %v", tc.route, res.Check)
		}
		tree := readTree(t, dest)
		for name, data := range tree {
			want, ok := tc.want[name]
			if got := strings.Contains(string(data), "aliases:"); got != ok || ok && !strings.Contains(string(data), want) {
				t.Errorf("routeBasePath %s: %s:\n%s\nwant aliases %q", tc.route, name, data, want)
			}
		}
		report := string(res.Report.Markdown())
		if !strings.Contains(report, tc.item) {
			t.Errorf("routeBasePath %s: report\n%s\nwant item %q", tc.route, report, tc.item)
		}
	}
}

// An autogenerated sidebar keeps Docusaurus' order: by sidebar_position
// (0 included) or a _category_ position (2.1 between 2 and 3), else the
// file or folder name's number prefix (not 2.1_, a version), else the
// folder's page's position; items without one last, by file or folder
// name rather than by title (the trial's jellyfin general/ folder).
func TestDocusaurusAutogeneratedOrder(t *testing.T) {
	docs := map[string]string{
		"getting-help.md":             "---\ntitle: Getting Help\nsidebar_position: 0\n---\nHelp.\n",
		"quick-start.md":              "---\ntitle: Quick Start\nsidebar_position: 1\n---\nStart.\n",
		"zebra.md":                    "---\ntitle: Alpha zebra\n---\nZ.\n",
		"about.md":                    "---\ntitle: Zz About\n---\nAbout.\n",
		"net/_category_.yml":          "label: 'Networking'\nposition: 2\n",
		"net/index.md":                "---\ntitle: Networking\n---\nNetworks.\n",
		"net/2_tailscale.md":          "---\ntitle: Tailscale\nsidebar-position: 3\n---\nT.\n",
		"net/3_dlna.md":               "---\ntitle: DLNA\n---\nD.\n",
		"net/8_proxy/_category_.yml":  "label: 'Reverse Proxy'\nposition: 2.1 # after Tailscale\n",
		"net/8_proxy/a-caddy.md":      "---\ntitle: Caddy\n---\nC.\n",
		"net/8_proxy/b-apache.md":     "---\ntitle: Apache\n---\nA.\n",
		"net/9_adv/_category_.json":   "{\"label\": \"Advanced\", \"position\": 2.3}\n",
		"net/9_adv/b.md":              "---\ntitle: B\n---\nB.\n",
		"net/9_adv/a.md":              "---\ntitle: A\nsidebar_position: 5\n---\nA.\n",
		"setup/index.md":              "---\ntitle: Setup\nsidebar_position: 3\n---\nSetup.\n",
		"setup/one.md":                "---\ntitle: One\n---\nOne.\n",
		"setup/two.md":                "---\ntitle: Aaa two\n---\nTwo.\n",
		"2.1_versions/x.md":           "---\ntitle: X\n---\nX.\n",
		"2.1_versions/y.md":           "---\ntitle: Y\n---\nY.\n",
		"2.1_versions/_not-a-page.md": "Partial.\n",
	}
	order := []string{"Getting Help", "Quick Start", "Networking", "  Tailscale", "  Reverse Proxy", "    Caddy", "    Apache",
		"  Advanced", "    A", "    B", "  DLNA", "Setup", "  One", "  Aaa two", "2.1_versions", "  X", "  Y", "Zz About", "Alpha zebra"}
	for _, tc := range []struct {
		name, sidebars, under string
		want                  []string
		item                  string
	}{
		// Without sidebars.js Docusaurus autogenerates the whole docs folder.
		{"default sidebar", "", "", order, ""},
		// The whole sidebar autogenerated from general/: Docusaurus lists
		// its items at the top, playbook under the folder's section.
		{"autogenerated general", "module.exports = {docs: ['index', {type: 'autogenerated', dirName: 'general'}, {type: 'link', label: 'API', href: 'https://api.example.com'}]};\n",
			"general/", append([]string{"General"}, nested(order)...),
			"`site/sidebars.js:1:35`: the autogenerated items of docs/general are listed at the top of the sidebar in Docusaurus; playbook's sidebar follows folders, so they are the entries of the section \"General\""},
	} {
		files := map[string]string{"docusaurus.config.js": "module.exports = {title: 'X', url: 'https://x.com', baseUrl: '/'};\n"}
		if tc.sidebars != "" {
			files["sidebars.js"] = tc.sidebars
			files["docs/index.md"] = "---\ntitle: Home\n---\nHome.\n"
		}
		for name, text := range docs {
			files["docs/"+tc.under+name] = text
		}
		dest, res := importFiles(t, files)
		if res.Failed() {
			t.Fatalf("%s: check failed: %v", tc.name, res.Check)
		}
		if got := sidebar(t, dest); !slices.Equal(got, tc.want) {
			t.Errorf("%s: sidebar\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
		tree := readTree(t, dest)
		// The category's position is the weight of its place; the page
		// with a typo (sidebar-position) keeps it for check to warn about.
		for name, want := range map[string]string{
			"net/8_proxy/_category_.yml": "label: 'Reverse Proxy'\nposition: 20 # after Tailscale\n",
			"net/9_adv/_category_.json":  "{\"label\": \"Advanced\", \"position\": 30}\n",
			"net/2_tailscale.md":         "---\ntitle: Tailscale\nsidebar-position: 3\nweight: 10\n",
			"2.1_versions/_index.md":     "---\ntitle: \"2.1_versions\"\nweight: 50\n---\n",
		} {
			if got := string(tree["content/"+tc.under+name]); !strings.HasPrefix(got, want) {
				t.Errorf("%s: %s:\n%s\nwant\n%s", tc.name, name, got, want)
			}
		}
		if report := string(res.Report.Markdown()); tc.item != "" && !strings.Contains(report, tc.item) {
			t.Errorf("%s: the report does not say %s:\n%s", tc.name, tc.item, report)
		}
	}
}

// nested returns lines indented one level of the sidebar.
func nested(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}

// Front matter keys Docusaurus defines and playbook has no use for are
// dropped, their values over several lines too, and reported once per
// key with the number of pages at the first; keys playbook reads stay,
// and so does a custom key (uid), which check warns about.
func TestDocusaurusUnusedFrontMatterKeys(t *testing.T) {
	dest, res := importFiles(t, map[string]string{
		"docusaurus.config.js": "module.exports = {title: 'X', url: 'https://x.com', baseUrl: '/'};\n",
		"docs/a.md":            "---\nuid: a-page\ntitle: A\nkeywords:\n  - sales\n  - calls\nimage: /img/a.png\nsidebar_position: 2\ncustom_edit_url: null\n---\nA.\n",
		"docs/b.md":            "---\ntitle: B\nkeywords: [pricing]\npagination_next: a\nhide_table_of_contents: true\n---\nB.\n",
	})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	tree := readTree(t, dest)
	for name, want := range map[string]string{
		"content/a.md": "---\nuid: a-page\ntitle: A\nweight: 10\naliases:",
		"content/b.md": "---\ntitle: B\nhide_table_of_contents: true\nweight: 20\naliases:",
	} {
		if got := string(tree[name]); !strings.HasPrefix(got, want) {
			t.Errorf("%s:\n%s\nwant it to begin\n%s", name, got, want)
		}
	}
	want := []string{
		"site/docs/a.md:4:1: keywords dropped from 2 pages: in Docusaurus, the page's keywords meta tag",
		"site/docs/a.md:7:1: image dropped from 1 page: in Docusaurus, the page's social card image",
		"site/docs/a.md:9:1: custom_edit_url dropped from 1 page: in Docusaurus, the page's own edit link; playbook's is editURL in site.toml followed by the page's path",
		"site/docs/b.md:4:1: pagination_next dropped from 1 page: in Docusaurus, the next link; playbook's follows the sidebar's order",
	}
	if got := items(&project{report: res.Report}, GroupFrontMatter); !slices.Equal(got, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var warnings []string
	for _, w := range res.Check {
		warnings = append(warnings, w.Error())
	}
	if wantW := []string{"content/a.md:2:1: warning: unknown key \"uid\""}; !slices.Equal(warnings, wantW) {
		t.Errorf("check %q, want %q", warnings, wantW)
	}
}

// Docusaurus' settings for broken links and anchors are [links]
// internal and anchors in site.toml, which the report says, whether
// written as data or as an expression (the trial's jellyfin).
func TestDocusaurusBrokenLinksSettings(t *testing.T) {
	_, res := importFiles(t, map[string]string{
		"docusaurus.config.ts": "export default {\n  title: 'X',\n  onBrokenAnchors: process.env.CI ? 'throw' : 'warn',\n  onBrokenLinks: 'warn',\n  markdown: {mermaid: true, hooks: {onBrokenMarkdownLinks: 'throw'}},\n};\n",
		"docs/a.md":            "# A\n",
	})
	want := []string{
		"site/docusaurus.config.ts:3:3: onBrokenAnchors (`process.env.CI ? 'throw' : 'warn'`) is [links] anchors in site.toml, which the import sets to \"warning\" while the imported links are fixed; set it to \"error\" then to fail builds on them",
		"site/docusaurus.config.ts:4:3: onBrokenLinks (\"warn\") is [links] internal in site.toml, which the import sets to \"warning\" while the imported links are fixed; set it to \"error\" then to fail builds on them",
		"site/docusaurus.config.ts:5:37: markdown.hooks.onBrokenMarkdownLinks (\"throw\") is [links] internal in site.toml, which the import sets to \"warning\" while the imported links are fixed; set it to \"error\" then to fail builds on them",
	}
	var got []string
	for _, it := range items(&project{report: res.Report}, GroupConfig) {
		if strings.Contains(it, "onBroken") {
			got = append(got, it)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
