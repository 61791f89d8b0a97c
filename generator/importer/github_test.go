package importer

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A folder of GitHub Markdown: README.md files are folders' pages, links
// to the repository's files on GitHub become relative links (a folder's
// /tree/ link goes to its README), a file that is not imported stays an
// absolute link and is reported, code is left alone.
func TestImportGitHubMarkdown(t *testing.T) {
	dest, res := importFixture(t, "markdown", Markdown, Options{RepoURL: "https://github.com/acme/handbook"})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	if got := res.Report.Total(LinksRewritten); got != 4 {
		t.Errorf("%d links rewritten, want 4", got)
	}
	want := []string{"The guide", "  Closing", "  Discovery"}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Without --repo-url, links to the repository's own files on GitHub stay
// as they are, and the first names the flag.
func TestImportGitHubMarkdownNamesRepoURL(t *testing.T) {
	_, res := importFixture(t, "markdown-norepo", Markdown, Options{})
	if got := res.Report.Total(LinksRewritten); got != 0 {
		t.Errorf("%d links rewritten, want 0", got)
	}
	want := "`content/README.md:4:13`: this link and others like it point at guide/discovery.md, a file imported here, on GitHub; import again with --repo-url https://github.com/acme/handbook to make them relative links"
	if report := string(res.Report.Markdown()); !strings.Contains(report, want) {
		t.Errorf("report lacks %s:\n%s", want, report)
	}
}

// A GitHub wiki: Home.md is the home page, [[Page]] links become links
// to the page of that name in any folder, image links images; a link to
// no page and the wiki's _Sidebar.md are reported.
func TestImportGitHubWiki(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "sales.wiki")
	writeFiles(t, src, map[string]string{
		"Home.md":                  "# Sales wiki\n\nStart at [[Onboarding]], then [[our pricing|Pricing#Discount bands]] ([[Pricing|prices]], MediaWiki's order).\n\n[[funnel.png|alt=The funnel]] `[[Onboarding]]` [[Nowhere]]\n",
		"Onboarding.md":            "# Onboarding\n\nSee [[Sales Plays/Cold Call]] and [[Cold Call]].\n",
		"Pricing.md":               "# Pricing\n\n## Discount bands\n",
		"Sales Plays/Cold Call.md": "# Cold call\n",
		"Sales Plays/cold call.md": "# Another cold call\n",
		"funnel.png":               "\x89PNG\r\n\x1a\n",
		"_Sidebar.md":              "* [[Home]]\n",
	})
	dest := filepath.Join(tmp, "site")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest})
	if err != nil || res.Failed() {
		t.Fatalf("import: %v %v", err, res)
	}
	got := readTree(t, dest)
	for name, want := range map[string]string{
		"content/_index.md":     "Start at [Onboarding](Onboarding.md), then [our pricing](Pricing.md#discount-bands) ([prices](Pricing.md), MediaWiki's order).\n\n![The funnel](funnel.png) `[[Onboarding]]` [[Nowhere]]\n",
		"content/Onboarding.md": "See [Sales Plays/Cold Call](<Sales Plays/Cold Call.md>) and [Cold Call](<Sales Plays/Cold Call.md>).\n",
	} {
		if !strings.HasSuffix(string(got[name]), want) {
			t.Errorf("%s:\n%s\nwant it to end\n%s", name, got[name], want)
		}
	}
	if _, ok := got["content/_Sidebar.md"]; ok {
		t.Error("_Sidebar.md imported as a page")
	}
	if !strings.Contains(string(got["site.toml"]), `title = "Sales wiki"`) {
		t.Errorf("site.toml:\n%s", got["site.toml"])
	}
	report := string(res.Report.Markdown())
	for _, want := range []string{"`content/_index.md:5:44`: wiki link [[Nowhere]]: no page \"Nowhere\"", "`sales.wiki/_Sidebar.md`: not imported: the GitHub wiki's Sidebar", "`sales.wiki/Home.md`: the wiki's Home.md is the home page"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %s:\n%s", want, report)
		}
	}
	if len(res.Check) != 0 {
		t.Errorf("check: %v", res.Check)
	}
}
