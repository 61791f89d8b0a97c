package generator_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// syncTags matches what a [progress] url adds to a page: the service's
// URL and sign-in mode on <html>, and the sync stylesheet and script.
var syncTags = regexp.MustCompile(` data-progress="[^"]*" data-progress-auth="[^"]*"|\n<link rel="stylesheet" href="[^"]*progress\.[0-9a-f]+\.css">|\n<script src="[^"]*progress\.[0-9a-f]+\.js" defer></script>`)

// With [progress] every page names the service and how readers sign in,
// and loads the sync script; without it pages are exactly as before and
// the script is not even published.
func TestProgressURLLoadsSyncOnEveryPage(t *testing.T) {
	plain := sitetest.Build(t, curriculumSite)
	synced := sitetest.Build(t, withProgress(curriculumSite, "url = \"https://progress.example.com\"\nauth = \"proxy\"\n"))

	pages := 0
	for _, name := range plain.Out.Names() {
		if strings.HasPrefix(name, "assets/progress.") {
			t.Errorf("a site without [progress] publishes %s", name)
		}
		want := plain.File(name)
		got, ok := synced.Out.File(name)
		if !ok {
			t.Errorf("%s is published without [progress] but not with it", name)
			continue
		}
		if !strings.HasSuffix(name, ".html") || !strings.Contains(want, "<html") {
			continue
		}
		if strings.Contains(want, "data-progress=") || strings.Contains(want, "progress.js") {
			t.Errorf("%s without [progress] mentions the sync", name)
		}
		if !strings.Contains(want, "<html lang=\"en\" data-site=") {
			// Print pages (nothing to tick on paper) and redirects.
			if got := string(got); got != want {
				t.Errorf("%s is not a page of the site's layout but changed with [progress]", name)
			}
			continue
		}
		pages++
		html := string(got)
		if !strings.Contains(html, ` data-progress="https://progress.example.com/" data-progress-auth="proxy">`) {
			t.Errorf("%s: <html> does not name the service and proxy sign-in:\n%.300s", name, html)
		}
		if n := len(syncTags.FindAllString(html, -1)); n != 3 {
			t.Errorf("%s: %d of the 3 sync additions", name, n)
		}
		if syncTags.ReplaceAllString(html, "") != want {
			t.Errorf("%s differs from the page without [progress] by more than the sync additions", name)
		}
	}
	if pages < 5 {
		t.Errorf("compared %d pages, want the fixture's pages, 404 and the rest", pages)
	}
	var assets []string
	for _, name := range synced.Out.Names() {
		if strings.HasPrefix(name, "assets/progress.") {
			assets = append(assets, name)
		}
	}
	if len(assets) != 2 {
		t.Errorf("published sync assets %q, want progress.css and progress.js", assets)
	}
}

// The default sign-in is by invitation link.
func TestProgressAuthDefaultsToInvitation(t *testing.T) {
	s := sitetest.Build(t, withProgress(curriculumSite, "url = \"http://127.0.0.1:8090/\"\n"))
	s.AssertFileContains("path/01-first/index.html", ` data-progress="http://127.0.0.1:8090/" data-progress-auth="invitation">`)
}

// withProgress adds a [progress] table with the keys in toml to the end
// of the archive's site.toml.
func withProgress(archive, toml string) string {
	head, rest, _ := strings.Cut(archive, "-- site.toml --\n")
	conf, files, _ := strings.Cut(rest, "\n-- ")
	return head + "-- site.toml --\n" + conf + "\n[progress]\n" + toml + "-- " + files
}
