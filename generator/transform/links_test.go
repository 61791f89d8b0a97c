package transform

import (
	"net/url"
	"testing"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// linkSite is a site of a few pages and files, as the loader leaves it.
func linkSite(t *testing.T) *content.Site {
	t.Helper()
	cfg := config.Default()
	cfg.Base, _ = url.Parse("https://x.com/playbook/")
	site := &content.Site{Config: &cfg, ByPath: map[string]*content.Page{}, FileByPath: map[string]*content.File{},
		Static: map[string]bool{"images/chart.png": true, "favicon.svg": true}}
	md := markdown.New(markdown.Options{})
	add := func(rel, url, body string, aliases ...string) {
		src := &content.Source{File: "content/" + rel, Rel: rel, Doc: md.Parse([]byte(body))}
		src.Meta.Aliases = aliases
		p := content.NewPage(src)
		p.URL, p.Key = url, content.KeyOf(url)
		site.Pages = append(site.Pages, p)
		site.ByPath[rel] = p
	}
	add("_index.md", "/", "Home")
	add("selling/_index.md", "/selling/", "")
	add("selling/discovery.md", "/selling/discovery/", "## Questions", "/old/discovery/")
	add("selling/call notes.md", "/selling/call-notes/", "")
	add("selling/renamed.md", "/selling/new-name/", "")
	add("guide/README.md", "/guide/readme/", "# Guide")
	add("kit/index.md", "/kit/", "")
	shot := &content.File{Rel: "kit/shot.png", URL: "/kit/shot.png"}
	site.FileByPath[shot.Rel] = shot
	site.FileByURL = map[string]*content.File{shot.URL: shot}
	return site
}

func TestResolveLinkPaths(t *testing.T) {
	site := linkSite(t)
	from := site.ByPath["selling/discovery.md"]
	tests := []struct {
		path string
		page string // the page's file, or
		url  string // the URL of a file or generated page
	}{
		{"", "selling/discovery.md", ""},
		{"discovery.md", "selling/discovery.md", ""},
		{"../guide/README.md", "guide/README.md", ""},
		{"../guide/", "guide/README.md", ""},
		{"../kit", "kit/index.md", ""},
		{"../kit/shot.png", "", "/kit/shot.png"},
		{"call notes.md", "selling/call notes.md", ""},
		{"discovery.html", "selling/discovery.md", ""},
		{"index.html", "selling/_index.md", ""},
		{"../index.html", "_index.md", ""},
		{"renamed/", "selling/renamed.md", ""},
		{"../new-name/", "selling/renamed.md", ""}, // by URL, from /selling/discovery/
		{"../../kit/shot.png", "", "/kit/shot.png"},
		{"/", "_index.md", ""},
		{"/selling/discovery.md", "selling/discovery.md", ""},
		{"/selling/discovery/", "selling/discovery.md", ""},
		{"/selling/discovery.html", "selling/discovery.md", ""},
		{"/selling/new-name/index.html", "selling/renamed.md", ""},
		{"/old/discovery/", "selling/discovery.md", ""},
		{"/playbook/selling/", "selling/_index.md", ""},
		{"/playbook", "_index.md", ""},
		{"/images/chart.png", "", "/images/chart.png"},
		{"/playbook/images/chart.png", "", "/images/chart.png"},
		{"/tags/x/", "", "/tags/x/"},
		{"/print/", "", "/print/"},
		{"/sitemap.xml", "", "/sitemap.xml"},
	}
	for _, tt := range tests {
		r := newResolver(site)
		pg, u, ok := r.resolve(from, tt.path)
		if !ok {
			t.Errorf("%q: not found", tt.path)
			continue
		}
		got := ""
		if pg != nil {
			got = pg.Rel
		}
		if got != tt.page || u != tt.url {
			t.Errorf("%q: page %q, url %q; want %q, %q", tt.path, got, u, tt.page, tt.url)
		}
	}
	for _, p := range []string{"nope.md", "../../outside.md", "/nope/", "/images/nope.png", "/playbook/playbook/selling/", "../discovery.md"} {
		if pg, u, ok := newResolver(site).resolve(from, p); ok {
			t.Errorf("%q resolves to %v %q, want nothing", p, pg, u)
		}
	}
}

func TestRelPath(t *testing.T) {
	tests := []struct{ dir, target, want string }{
		{".", "a.md", "a.md"},
		{"selling", "selling/a.md", "a.md"},
		{"leading", "selling/a.md", "../selling/a.md"},
		{"a/b", "a/c/d.md", "../c/d.md"},
		{"a/b", "a/b", "../b"},
		{".", "a/b/", "a/b/"},
	}
	for _, tt := range tests {
		if got := relPath(tt.dir, tt.target); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.target, got, tt.want)
		}
	}
}

func TestClosestIsATypoAway(t *testing.T) {
	tests := []struct {
		s     string
		cands []string
		want  string
	}{
		{"discovry.md", []string{"demo.md", "discovery.md"}, "discovery.md"},
		{"qualfy", []string{"qualify", "quality-1"}, "qualify"},
		{"qs", []string{"questions"}, ""},
		{"nowhere", []string{"somewhere"}, ""},
		{"ab", []string{"ac", "ab"}, "ac"}, // never itself
		{"setup-2", []string{"setup", "setup-1"}, "setup-1"},
		{"café", []string{"cafe"}, "cafe"}, // runes, not bytes
		{"x", nil, ""},
	}
	for _, tt := range tests {
		if got := closest(tt.s, tt.cands); got != tt.want {
			t.Errorf("closest(%q, %q) = %q, want %q", tt.s, tt.cands, got, tt.want)
		}
	}
}

func TestDistanceStopsAtItsLimit(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 9, 3},
		{"kitten", "sitting", 2, 2},
		{"", "abc", 9, 3},
		{"abc", "abc", 1, 0},
		{"a very long name", "b", 3, 3},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
