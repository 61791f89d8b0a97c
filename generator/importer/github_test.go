package importer

import (
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
