package generator_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// urlSite has a file of each kind the generator writes: pages, a section,
// aliases to a folder and to an .html file, taxonomy pages, the search
// and print pages, the 404 page and the sitemap, with a logo and an image.
const urlSite = `
-- content/_index.md --
# Home

See [discovery](selling/discovery.md).
-- content/selling/_index.md --
# Selling
-- content/selling/discovery.md --
+++
title = "Discovery"
tags = ["Buyer Pain"]
audience = ["seller"]
aliases = ["/old/discovery/", "/legacy/discovery.html"]
+++
## Questions

![chart](chart.png) and [home](../_index.md).
-- content/selling/chart.png --
PNG
-- static/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`

// urlAttr matches the URLs a page holds: links, sources, form actions,
// the folder its scripts load the search index from (data-root), a
// redirect's target, a sitemap's locations, and (apart, in group 5) the
// canonical link.
var urlAttr = regexp.MustCompile(`<link rel="canonical" href="([^"]*)"|(?:href|src|action)="([^"]*)"|data-root="([^"]*)"|content="0; url=([^"]*)"|<loc>([^<]*)</loc>`)

// servedAt returns the URL path (below the base path) a file of the output
// is served at: a folder's index.html at the folder, 404.html at a URL
// that has no file, deep down, any other file at its name.
func servedAt(name string) string {
	switch {
	case name == "404.html":
		return "nosuch/deep/page/"
	case name == "index.html":
		return ""
	case strings.HasSuffix(name, "/index.html"):
		return strings.TrimSuffix(name, "index.html")
	}
	return name
}

// Every URL in every page and in the sitemap leads to a file of the output,
// resolved against the URL the file is served at (404.html: a URL deep in
// a folder that does not exist) and, with relativeURLs, against the file
// opened from disk, under every kind of baseURL. The 404 page cannot be
// right both deep down and from disk without a host in baseURL: there its
// links start from the site's root, and opened from disk it is left out.
func TestEveryURLResolvesWhereItsFileIsServedAndFromDisk(t *testing.T) {
	for _, base := range []string{"/", "/playbook/", "http://x.example/", "http://x.example/playbook/"} {
		for _, relative := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s relativeURLs=%v", base, relative), func(t *testing.T) {
				s := sitetest.New(t, urlSite)
				s.Edit("site.toml", fmt.Sprintf("baseURL = %q\nrelativeURLs = %v\n[params]\nlogo = \"logo.svg\"\n", base, relative))
				s.Rebuild()
				if s.Err != nil {
					t.Fatal(s.Err)
				}
				site, _ := url.Parse("http://x.example" + strings.TrimPrefix(base, "http://x.example"))
				files := map[string]bool{}
				for _, n := range s.Out.Names() {
					files[n] = true
				}
				for _, want := range []string{"legacy/discovery.html", "old/discovery/index.html", "404.html", "search/index.html", "print/index.html", "tags/buyer-pain/index.html", "sitemap.xml"} {
					if !files[want] {
						t.Fatalf("output lacks %s", want)
					}
				}
				disk, _ := url.Parse("file:///out/")
				checked := 0
				for _, name := range s.Out.Names() {
					if !strings.HasSuffix(name, ".html") && name != "sitemap.xml" {
						continue
					}
					served := site.ResolveReference(&url.URL{Path: servedAt(name)})
					fromDisk := disk.ResolveReference(&url.URL{Path: name})
					for _, m := range urlAttr.FindAllStringSubmatch(s.File(name), -1) {
						ref := m[1] + m[2] + m[3] + m[4] + m[5]
						if m[3] != "" {
							ref += "index.html" // data-root: the index of the site's root
						}
						if strings.HasPrefix(ref, "#") {
							continue // within the page
						}
						checked++
						if got, ok := outputFile(site, served, ref); !ok || !files[got] {
							t.Errorf("%s served at %s: %q leads to %q, not a file of the output", name, served, ref, got)
						}
						switch {
						case !relative, name == "sitemap.xml":
							continue // for servers only
						case m[1] != "":
							continue // a canonical link is for crawlers, which do not read from disk
						case name == "404.html" && base[0] == '/':
							continue // links from the site's root: right at any depth, not from disk
						}
						if got, ok := diskFile(site, base, disk, fromDisk, ref); !ok || !files[got] {
							t.Errorf("%s from disk: %q leads to %q, not a file of the output", name, ref, got)
						}
					}
				}
				if checked < 100 {
					t.Errorf("only %d URLs checked", checked)
				}
				s.AssertFileContains("404.html", wantRoot404(base, relative))
			})
		}
	}
}

// wantRoot404 is the data-root of 404.html: the base URL itself with
// relativeURLs and a host, else the base path.
func wantRoot404(base string, relative bool) string {
	if relative && strings.HasPrefix(base, "http") {
		return `data-root="` + base + `"`
	}
	return `data-root="` + strings.TrimPrefix(base, "http://x.example") + `"`
}

// outputFile resolves ref against the URL a file is served at and returns
// the output file it names; ok is false when it leaves the site.
func outputFile(site, served *url.URL, ref string) (string, bool) {
	u, err := served.Parse(ref)
	if err != nil || u.Scheme != site.Scheme || u.Host != site.Host || !strings.HasPrefix(u.Path, site.Path) {
		return u.String(), false
	}
	name := strings.TrimPrefix(u.Path, site.Path)
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name, true
}

// diskFile resolves ref against a file opened from disk; a URL of the
// site's host (with one in baseURL) is resolved as served.
func diskFile(site *url.URL, base string, disk, at *url.URL, ref string) (string, bool) {
	u, err := at.Parse(ref)
	if err != nil {
		return ref, false
	}
	if u.Scheme == "file" {
		if !strings.HasPrefix(u.Path, disk.Path) {
			return u.String(), false
		}
		name := strings.TrimPrefix(u.Path, disk.Path)
		return name, name != "" && !strings.HasSuffix(name, "/")
	}
	if !strings.HasPrefix(base, "http") {
		return u.String(), false
	}
	return outputFile(site, site, u.String())
}

// The dev server serves the site at baseURL's path on its own host: its
// 404 page links there, never to the host in baseURL.
func TestDevServer404PageStaysOnTheDevServer(t *testing.T) {
	s := sitetest.New(t, urlSite)
	s.Edit("site.toml", "baseURL = \"http://x.example/playbook/\"\nrelativeURLs = true\n")
	s.Opts.Dev = true
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("404.html", `data-root="/playbook/"`, `href="/playbook/assets/style.`)
	s.AssertFileLacks("404.html", `href="http://x.example/playbook/assets`, `data-root="http`)
}
