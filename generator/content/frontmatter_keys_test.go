package content

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

func TestOtherGeneratorsKeysMapOntoOurs(t *testing.T) {
	type want struct {
		weight                 int
		linkTitle, desc, diags string
		toc                    bool
	}
	tests := []struct {
		name, src string
		want      want
	}{
		{"Docusaurus in YAML", "---\nsidebar_position: 3\nsidebar_label: Short\n---\n", want{weight: 3, linkTitle: "Short", toc: true}},
		{"Docusaurus in TOML", "+++\nsidebar_position = 3\nsidebar_label = \"Short\"\n+++\n", want{weight: 3, linkTitle: "Short", toc: true}},
		{"Docusaurus in JSON", "{\n\"sidebar_position\": 3,\n\"sidebar_label\": \"Short\"\n}\n", want{weight: 3, linkTitle: "Short", toc: true}},
		{"Just the Docs", "---\nnav_order: 4\nnav_title: Nav\n---\n", want{weight: 4, linkTitle: "Nav", toc: true}},
		{"Hugo", "+++\nlinkTitle = \"Link\"\nsummary = \"Sum\"\ntoc = false\n+++\n", want{linkTitle: "Link", desc: "Sum"}},
		{"MkDocs Material", "---\nhide:\n  - toc\n---\n", want{}},
		{"description wins over summary", "---\ndescription: D\nsummary: S\n---\n", want{desc: "D", toc: true}},
		{"ours wins over its other name", "---\nweight: 1\nnav_order: 2\n---\n",
			want{weight: 1, toc: true, diags: `content/a.md:3:1: warning: nav_order is ignored: weight is set too (nav_order is another name for it)`}},
		{"the first other name wins over the next", "---\nnav_title: A\nsidebar_label: B\n---\n",
			want{linkTitle: "B", toc: true, diags: `content/a.md:2:1: warning: nav_title is ignored: sidebar_label sets the linkTitle already`}},
		{"an other name of the wrong type", "---\nsidebar_position: 2.5\n---\n",
			want{diags: `content/a.md:2:19: sidebar_position: wrong type: got float, want integer`}},
		{"an other name of the wrong type in TOML", "+++\nsidebar_label = 1\n+++\n",
			want{diags: `content/a.md:2:1: sidebar_label: wrong type: got integer, want string`}}, // BurntSushi/toml's words
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := parse(t, "a.md", tt.src)
			got := want{diags: diags}
			if !p.Failed {
				m := p.Meta
				got = want{weight: m.Weight, linkTitle: m.LinkTitle, desc: m.Description, diags: diags, toc: m.ShowTOC()}
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLinkTitleFallsBackToTheTitle(t *testing.T) {
	p, _ := parse(t, "a.md", "# Full title\n")
	if p.LinkTitle() != "Full title" {
		t.Errorf("LinkTitle() = %q", p.LinkTitle())
	}
	p, _ = parse(t, "a.md", "---\nlinkTitle: Short\n---\n# Full title\n")
	if p.LinkTitle() != "Short" || p.Title != "Full title" {
		t.Errorf("LinkTitle() = %q, Title %q", p.LinkTitle(), p.Title)
	}
}

// Material for MkDocs writes search: {exclude: true}; Docusaurus' id names
// the page in its URL as a slug does.
func TestOtherToolsSearchAndIDKeys(t *testing.T) {
	cfg := config.Default()
	p, diags := ParsePage(&cfg, markdown.New(markdown.Options{}), "content/a.md", "a.md", []byte("---\nid: discovery-calls\nsearch:\n  exclude: true\n---\n# A\n"))
	if diags.HasErrors(false) || len(diags) != 0 {
		t.Fatalf("diags: %v", diags)
	}
	if p.Meta.InSearch() || p.Meta.Slug != "discovery-calls" {
		t.Errorf("InSearch %v, slug %q; want false, discovery-calls", p.Meta.InSearch(), p.Meta.Slug)
	}
	p, _ = ParsePage(&cfg, markdown.New(markdown.Options{}), "content/a.md", "a.md", []byte("---\nid: x\nslug: y\n---\n"))
	if p.Meta.Slug != "y" {
		t.Errorf("slug %q, want y (slug wins over id)", p.Meta.Slug)
	}
}

// Zola's [taxonomies], [extra] and updated, and Docusaurus'
// hide_table_of_contents, mean keys of ours.
func TestZolaAndDocusaurusTablesMapOntoOurKeys(t *testing.T) {
	cfg := config.Default()
	md := markdown.New(markdown.Options{})
	p, diags := ParsePage(&cfg, md, "content/a.md", "a.md", []byte("+++\ntitle = \"A\"\nupdated = 2026-01-02\n[taxonomies]\ntags = [\"pricing\"]\ncategories = [\"selling\"]\nauthors = [\"x\"]\n[extra]\nicon = \"tag\"\n+++\n"))
	if diags.HasErrors(false) {
		t.Fatal(diags)
	}
	if got := strings.Join(p.Meta.Tags, ",") + "|" + strings.Join(p.Meta.Categories, ","); got != "pricing|selling" {
		t.Errorf("tags|categories = %s", got)
	}
	if p.Meta.Params["icon"] != "tag" || p.Meta.Lastmod.Format("2006-01-02") != "2026-01-02" {
		t.Errorf("params %v, lastmod %v", p.Meta.Params, p.Meta.Lastmod)
	}
	if want := `content/a.md:4:2: warning: taxonomy "authors" is not supported; playbook has tags and categories`; len(diags) != 1 || diags[0].Error() != want {
		t.Errorf("diags = %v, want %s", diags, want)
	}
	p, _ = ParsePage(&cfg, md, "content/a.md", "a.md", []byte("---\nhide_table_of_contents: true\n---\n"))
	if p.Meta.ShowTOC() {
		t.Error("hide_table_of_contents: true still shows the TOC")
	}
}
