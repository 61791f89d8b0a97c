package layout

import (
	"slices"
	"testing"

	"github.com/playbook-ssg/playbook/generator/config"
)

func TestClassify(t *testing.T) {
	def := config.Default()
	docs := config.Default()
	docs.ContentDir, docs.Theme, docs.PublishDir = "docs", "handbook", "site"
	nested := config.Default()
	nested.ContentDir = "./src/content/"

	layouts := map[string]*Layout{
		"default": New(&def),
		"docs":    New(&docs, "../elsewhere", "build"),
		"nested":  New(&nested),
	}
	tests := []struct {
		layout, path string
		want         Path
	}{
		{"default", "site.toml", Path{Config, ""}},
		{"default", "content/selling/discovery.md", Path{Page, "selling/discovery.md"}},
		{"default", "content/_index.md", Path{SectionPage, "_index.md"}},
		{"default", "content/selling/_index.md", Path{SectionPage, "selling/_index.md"}},
		{"default", "content/selling/bundle/index.md", Path{Page, "selling/bundle/index.md"}},
		{"default", "content/selling/bundle/sheet.csv", Path{ContentFile, "selling/bundle/sheet.csv"}},
		// Other tools' section pages and navigation files.
		{"default", "content/guide/README.md", Path{SectionPage, "guide/README.md"}},
		{"default", "content/guide/readme.md", Path{SectionPage, "guide/readme.md"}},
		{"default", "content/README.md", Path{SectionPage, "README.md"}},
		{"default", "content/index.md", Path{Page, "index.md"}},
		{"default", "content/docs/_category_.json", Path{NavFile, "docs/_category_.json"}},
		{"default", "content/docs/_category_.yml", Path{NavFile, "docs/_category_.yml"}},
		{"default", "content/_category_.yaml", Path{NavFile, "_category_.yaml"}},
		{"default", "content/docs/category.json", Path{ContentFile, "docs/category.json"}},
		{"default", "content/SUMMARY.md", Path{NavFile, "SUMMARY.md"}},
		{"default", "content/guide/SUMMARY.md", Path{Page, "guide/SUMMARY.md"}},
		{"default", "content", Path{ContentFile, ""}},
		{"default", "content/selling", Path{ContentFile, "selling"}},
		{"default", "layouts/page.html", Path{Template, "page.html"}},
		{"default", "layouts/partials/nav.html", Path{Template, "partials/nav.html"}},
		{"default", "assets/style.css", Path{Asset, "style.css"}},
		{"default", "static/img/logo.png", Path{StaticFile, "img/logo.png"}},
		{"default", "themes/default/static/img/logo.png", Path{StaticFile, "img/logo.png"}},
		{"default", "themes/default/layouts/base.html", Path{Template, "base.html"}},
		{"default", "themes/other/layouts/base.html", Path{Ignored, ""}},
		{"default", "themes/default/theme.toml", Path{Ignored, ""}},
		{"default", "public/index.html", Path{Ignored, ""}},
		{"default", "node_modules/x/y.js", Path{Ignored, ""}},
		{"default", "README.md", Path{Ignored, ""}},
		{"default", "docs/a.md", Path{Ignored, ""}},
		// Editor noise, anywhere: one rule for loader and watcher.
		{"default", "content/notes.bak", Path{Ignored, ""}},
		{"default", "content/.x.md.swp", Path{Ignored, ""}},
		{"default", "content/x.swo", Path{Ignored, ""}},
		{"default", "content/a.md~", Path{Ignored, ""}},
		{"default", "content/#a.md#", Path{Ignored, ""}},
		{"default", "content/4913", Path{Ignored, ""}},
		{"default", "content/.git/config", Path{Ignored, ""}},
		{"default", "content/~$deck.pptx", Path{Ignored, ""}},
		{"default", "content/img/Thumbs.db", Path{Ignored, ""}},
		{"default", "content/a.md.orig", Path{Ignored, ""}},
		{"default", "content/a.md.rej", Path{Ignored, ""}},
		{"default", "static/report.pdf.crdownload", Path{Ignored, ""}},
		{"default", ".site.toml.swp", Path{Ignored, ""}},
		{"default", "content/selling/sedX7kQ2a", Path{Ignored, ""}}, // GNU sed -i
		{"default", "content/a.md___jb_tmp___", Path{Ignored, ""}},  // JetBrains
		{"default", "content/a.md___jb_old___", Path{Ignored, ""}},  // JetBrains
		{"default", "content/a.md.kate-swp", Path{Ignored, ""}},     // Kate
		{"default", "content/sedan.md", Path{Page, "sedan.md"}},     // not sed's
		{"default", "content/img/sed-12345", Path{ContentFile, "img/sed-12345"}},
		{"default", "content/../site.toml", Path{Config, ""}},
		// A custom content folder, theme and output folder.
		{"docs", "docs/pricing.md", Path{Page, "pricing.md"}},
		{"docs", "docs/_index.md", Path{SectionPage, "_index.md"}},
		{"docs", "docs/img/chart.svg", Path{ContentFile, "img/chart.svg"}},
		{"docs", "content/pricing.md", Path{Ignored, ""}},
		{"docs", "themes/handbook/assets/app.js", Path{Asset, "app.js"}},
		{"docs", "themes/default/assets/app.js", Path{Ignored, ""}},
		{"docs", "site/index.html", Path{Ignored, ""}},
		{"docs", "build/index.html", Path{Ignored, ""}},
		{"docs", "public/index.html", Path{Ignored, ""}},
		{"nested", "src/content/a.md", Path{Page, "a.md"}},
		{"nested", "src/a.md", Path{Ignored, ""}},
	}
	for _, tt := range tests {
		if got := layouts[tt.layout].Classify(tt.path); got != tt.want {
			t.Errorf("%s layout: Classify(%q) = {%v %q}, want {%v %q}", tt.layout, tt.path, got.Kind, got.Rel, tt.want.Kind, tt.want.Rel)
		}
	}
}

func TestIndexRank(t *testing.T) {
	tests := []struct {
		name string
		want int
	}{
		{"_index.md", 1},
		{"index.md", 2},
		{"README.md", 3},
		{"Readme.md", 3},
		{"readme.md", 3},
		{"INDEX.md", 0},
		{"README", 0},
		{"README.markdown", 0},
		{"about.md", 0},
	}
	for _, tt := range tests {
		if got := IndexRank(tt.name); got != tt.want {
			t.Errorf("IndexRank(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestRootsFollowTheConfiguration(t *testing.T) {
	cfg := config.Default()
	cfg.ContentDir, cfg.Theme = "docs", "handbook"
	got := New(&cfg).Roots()
	want := []string{"docs", "layouts", "assets", "static", "themes/handbook/layouts", "themes/handbook/assets", "themes/handbook/static"}
	if !slices.Equal(got, want) {
		t.Errorf("Roots() = %q, want %q", got, want)
	}
	// Every root classifies as a kind a build reads.
	for _, r := range got {
		if k := New(&cfg).Classify(r + "/x.md").Kind; k == Ignored {
			t.Errorf("a file under root %s is ignored", r)
		}
	}
}

func TestReservedOutputPaths(t *testing.T) {
	for _, tt := range []struct {
		name     string
		reserved string // the Path of the generated entry, "" for none
		shared   bool
		progress bool // reserved only for a site with a progress service
		changes  bool // reserved only for a site with a page of changes
	}{
		{"search", "search/", false, false, false},
		{"search/index.html", "search/", false, false, false},
		{"Search/meta.js", "search/", false, false, false},
		{"searching/index.html", "", false, false, false},
		{"tags/pricing/index.html", "tags/", false, false, false},
		{"TAGS", "tags/", false, false, false},
		{"categories/x/", "categories/", false, false, false},
		{"audience/seller/index.html", "audience/", false, false, false},
		{"print/audience/seller/index.html", "print/", false, false, false},
		{"printing/index.html", "", false, false, false},
		{"404.html", "404.html", false, false, false},
		{"404.html/index.html", "404.html", false, false, false},
		{"404.htm", "", false, false, false},
		{"sitemap.xml", "sitemap.xml", false, false, false},
		{"/sitemap.xml", "sitemap.xml", false, false, false},
		{"__playbook/events", "__playbook/", false, false, false},
		{"assets/style.1a2b3c4d.css", "assets/", true, false, false},
		{"assets/logo.png", "assets/", true, false, false},
		{"index.html", "", false, false, false},
		{"selling/tags/index.html", "", false, false, false},
		{"team/index.html", "team/", false, true, false},
		{"Team/person/index.html", "team/", false, true, false},
		{"teams/index.html", "", false, false, false},
		{"checklists.json", "checklists.json", false, true, false},
		{"changes/index.html", "changes/", false, false, true},
		{"Changes/index.xml", "changes/", false, false, true},
		{"changes", "changes/", false, false, true},
		{"changelog/index.html", "", false, false, false},
	} {
		g, ok := GeneratedAt(tt.name)
		if g.Path != tt.reserved || ok != (tt.reserved != "") || g.Shared != tt.shared {
			t.Errorf("GeneratedAt(%q) = %+v, %v; want %q (shared %v)", tt.name, g, ok, tt.reserved, tt.shared)
		}
		if _, ok := Reserved(tt.name, Optional{Progress: true, Changes: true}); ok != (tt.reserved != "" && !tt.shared) {
			t.Errorf("Reserved(%q, progress and changes) = %v", tt.name, ok)
		}
		if _, ok := Reserved(tt.name, Optional{Changes: true}); ok != (tt.reserved != "" && !tt.shared && !tt.progress) {
			t.Errorf("Reserved(%q, no progress) = %v", tt.name, ok)
		}
		if _, ok := Reserved(tt.name, Optional{Progress: true}); ok != (tt.reserved != "" && !tt.shared && !tt.changes) {
			t.Errorf("Reserved(%q, no changes) = %v", tt.name, ok)
		}
	}
}

func TestPrintPageOffNamesTheKeyThatBuildsIt(t *testing.T) {
	for _, tt := range []struct {
		name                string
		sections, audiences bool
		want                string
	}{
		{"print/", false, false, ""},
		{"print", false, false, ""},
		{"/print/index.html", false, false, ""},
		{"print/selling/", false, false, "print.sections"},
		{"print/selling/index.html", false, true, "print.sections"},
		{"Print/Selling", false, false, "print.sections"},
		{"print/selling/", true, false, ""},
		{"print/audience/seller/", false, false, "print.audiences"},
		{"print/audience/", true, false, "print.audiences"},
		{"print/audience/seller/index.html", false, true, ""},
		{"printing/index.html", false, false, ""},
		{"selling/print/", false, false, ""},
		{"audience/seller/", false, false, ""},
	} {
		if got := PrintPageOff(tt.name, config.Print{Sections: tt.sections, Audiences: tt.audiences}); got != tt.want {
			t.Errorf("PrintPageOff(%q, sections=%v audiences=%v) = %q, want %q", tt.name, tt.sections, tt.audiences, got, tt.want)
		}
	}
}
