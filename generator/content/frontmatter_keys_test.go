package content

import "testing"

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
			want{diags: `content/a.md:2:1: sidebar_label: wrong type: got int64, want string`}}, // BurntSushi/toml's words
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
