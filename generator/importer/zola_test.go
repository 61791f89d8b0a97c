package importer

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// A Zola project: config.toml to site.toml, the sections' sort_by
// written as weights (date: newest first; title: by title), @/ links
// made relative, callout, video and image shortcodes converted, the
// rest reported with their templates, translations and Zola's own
// folders reported.
func TestImportZola(t *testing.T) {
	dest, res := importFixture(t, "zola", Zola, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	for c, want := range map[Count]int{LinksRewritten: 6, ShortcodesConverted: 8, NavigationKeys: 7} {
		if got := res.Report.Total(c); got != want {
			t.Errorf("%s, want %d", countName(c, got), want)
		}
	}
	if res.Report.Pages != 14 || res.Report.Sections != 3 || res.Report.Files != 3 { // news/offsite is a page bundle
		t.Errorf("pages %d, sections %d, files %d; want 14, 3, 3", res.Report.Pages, res.Report.Sections, res.Report.Files)
	}
	want := []string{
		"Selling", "  Discovery calls", "  Pricing and discounts", "  Objections",
		"News", "  New pricing", "  Team offsite", "  Q1 kickoff", "  Undated note",
		"Onboarding", "  Buddy system", "  Your first week",
		"Forecasting",
	}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Detect names Zola for a config.toml with base_url, and the import
// says so.
func TestImportDetectsZola(t *testing.T) {
	res, err := Run(t.Context(), Options{Source: filepath.Join("testdata", "zola", "src"), Dest: filepath.Join(t.TempDir(), "site")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Kind != Zola || res.Report.Detected != "config.toml with base_url" {
		t.Errorf("detected %s (%s), want zola", res.Report.Kind, res.Report.Detected)
	}
}

// convertZolaPage imports a Zola project made of files and returns the
// body of the page at content/<page> after its conversion, and the items
// reported about it ("line:col: message").
func convertZolaPage(t *testing.T, files map[string]string, page string) (string, []string) {
	t.Helper()
	p := newProject(mapFS(files), Zola, "")
	p.report.Source = "src"
	if err := readZola(p); err != nil {
		t.Fatal(err)
	}
	f := p.bySource["content/"+page]
	if f == nil {
		t.Fatalf("content/%s not imported", page)
	}
	p.convert(f)
	var items []string
	for _, it := range p.report.Items {
		if it.Pos.File == f.Dest {
			items = append(items, fmt.Sprintf("%d:%d: %s", it.Pos.Line, it.Pos.Col, it.Msg))
		}
	}
	return string(f.Data[bodyStart(f.Data):]), items
}

func TestZolaShortcodesConvert(t *testing.T) {
	const fm = "+++\ntitle = \"T\"\n+++\n"
	tests := []struct {
		name, in, want string
		items          []string
	}{
		{"callout with a kind and a title",
			"{% note(kind=\"warning\", title=\"Trade [not] give\") %}\nBody *one*.\n\nTwo.\n{% end %}\nAfter.\n",
			"!!! warning \"Trade \\[not\\] give\"\n    Body *one*.\n\n    Two.\n\nAfter.\n", nil},
		{"the shortcode's name is the kind",
			"{% tip() %}\nx\n{% end %}\n",
			"> [!TIP]\n> x\n", nil},
		{"nested callouts end together",
			"{% tip() %}\nOuter.\n\n{% warning() %}\nInner.\n{% end %}\n{% end %}\nAfter.\n",
			"> [!TIP]\n> Outer.\n>\n> > [!WARNING]\n> > Inner.\n\nAfter.\n", nil},
		{"a callout inside a shortcode left as written",
			"{% details(summary=\"More\") %}\n{% note() %}\nx\n{% end %}\n{% end %}\n",
			"{% details(summary=\"More\") %}\n> [!NOTE]\n> x\n\n{% end %}\n",
			[]string{`4:1: shortcode "details" not converted: playbook cannot run Zola's templates; write what it shows in Markdown`}},
		{"a callout without its end is left as written",
			"Text.\n\n{% note() %}\nx\n",
			"Text.\n\n{% note() %}\nx\n",
			[]string{`6:1: shortcode "note" not converted: it has no {% end %}`}},
		{"shortcodes in code stay",
			"```\n{% note() %}\nx\n{% end %}\n```\n\nWrite `{{ youtube(id=\"x\") }}` inline.\n",
			"```\n{% note() %}\nx\n{% end %}\n```\n\nWrite `{{ youtube(id=\"x\") }}` inline.\n", nil},
		{"escaped shortcodes are shown as written, in code as they are",
			"```\n{%/* note() */%}\nx\n{%/* end */%}\n```\n\nWrite {{/* youtube(id=\"x\") */}} or {{/* a(b=`c`) */}}.\n",
			"```\n{% note() %}\nx\n{% end %}\n```\n\nWrite `{{ youtube(id=\"x\") }}` or `` {{ a(b=`c`) }} ``.\n", nil},
		{"a callout in a list item stays in it",
			"1. Item\n   {% note(kind=\"tip\") %}\n   Tip body with [x](y.md)\n\n     - sub\n   {% end %}\n2. Next\n",
			"1. Item\n   > [!TIP]\n   > Tip body with [x](y.md)\n   >\n   >   - sub\n\n2. Next\n", nil},
		{"nested callouts in a list item, a shortcode left in them",
			"- Item\n  {% tip(title=\"T\") %}\n  Outer.\n    {% warning() %}\n    Inner {{ custom() }}.\n    {% end %}\n  {% end %}\n",
			"- Item\n  !!! tip \"T\"\n      Outer.\n      > [!WARNING]\n      > Inner {{ custom() }}.\n",
			[]string{`8:15: shortcode "custom" not converted: playbook cannot run Zola's templates; write what it shows in Markdown`}},
		{"a one-line callout alone on its line",
			"  {{ admonition(type=\"tip\", text=\"Say **why**.\") }}\n",
			"  > [!TIP]\n  > Say **why**.\n", nil},
		{"a one-line callout with a title shows it as the callout's title",
			"  {{ admonition(type=\"tip\", title=\"Why\", text=\"Say **why**.\") }}\n",
			"  !!! tip \"Why\"\n\n      Say **why**.\n", nil},
		{"a one-line callout inside a sentence stays",
			"See {{ note(text=\"x\") }} here.\n",
			"See {{ note(text=\"x\") }} here.\n",
			[]string{`4:5: shortcode "note" not converted: a callout that is not alone on its line, or has no text; write > [!NOTE] and the text in "> " lines`}},
		{"videos become links, inside a sentence too",
			"Watch {{ vimeo(id=\"123\") }} and {{ youtube(id='abc_D-1') }}.\n",
			"Watch [Watch the video on Vimeo](https://vimeo.com/123) and [Watch the video on YouTube](https://www.youtube.com/watch?v=abc_D-1).\n", nil},
		{"images: quoted commas, a caption under an image alone on its line",
			"{{ figure(src='img/a, b.png', alt=\"A\", caption=\"Who *decides*\") }}\n\nInline {{ image(path=\"x.png\") }} too.\n",
			"![A](<img/a, b.png>)\n*Who \\*decides\\**\n\nInline ![](x.png) too.\n", nil},
		{"an image with a caption inside a sentence, or without a source, stays",
			"An {{ figure(src=\"a.png\", caption=\"c\", alt=\"a\") }} and {{ image(alt=\"x\") }}.\n",
			"An {{ figure(src=\"a.png\", caption=\"c\", alt=\"a\") }} and {{ image(alt=\"x\") }}.\n",
			[]string{
				`4:4: shortcode "figure" not converted: an image shortcode without a plain source, or with a caption inside a line; write ![alt](src)`,
				`4:56: shortcode "image" not converted: an image shortcode without a plain source, or with a caption inside a line; write ![alt](src)`,
			}},
		{"an unknown shortcode names its template",
			"{{ pricing(plan=\"core\") }}\n",
			"{{ pricing(plan=\"core\") }}\n",
			[]string{`4:1: shortcode "pricing" not converted: its template templates/shortcodes/pricing.html is Tera, which playbook cannot run; write what it shows in Markdown`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, items := convertZolaPage(t, map[string]string{
				"config.toml":                       "base_url = \"https://x.example\"\n",
				"content/a.md":                      fm + tc.in,
				"templates/shortcodes/pricing.html": "<table></table>",
			}, "a.md")
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if !slices.Equal(items, tc.items) {
				t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(tc.items, "\n"))
			}
		})
	}
}

func TestZolaLinksBecomeRelative(t *testing.T) {
	got, items := convertZolaPage(t, map[string]string{
		"config.toml":           "base_url = \"https://x.example\"\n",
		"content/guide/a.md":    "+++\ntitle = \"A\"\n+++\n[b](@/guide/b.md#top) [idx](@/_index.md) [bundle](@/c/index.md)\n[b, rewritten](@/guide/b.md) [gone](@/nope.md) [out](@/../config.toml) `[code](@/guide/b.md)`\n",
		"content/guide/b.md":    "+++\ntitle = \"B\"\n+++\n## Top\n",
		"content/_index.md":     "+++\ntitle = \"Home\"\n+++\n",
		"content/c/index.md":    "+++\ntitle = \"C\"\n+++\n",
		"content/c/picture.png": "PNG",
	}, "guide/a.md")
	want := "[b](b.md#top) [idx](../_index.md) [bundle](../c/index.md)\n[b, rewritten](b.md) [gone](@/nope.md) [out](@/../config.toml) `[code](@/guide/b.md)`\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Positions in the new text, after the link before them was rewritten.
	wantItems := []string{
		"5:29: link @/nope.md: content/nope.md is not in the project; left as written",
		"5:46: link @/../config.toml: content/../config.toml is not in the project; left as written",
	}
	if !slices.Equal(items, wantItems) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(wantItems, "\n"))
	}
}

// The language Zola reads in a content file's name: the part after the
// first dot, when the site has other languages than its default one.
func TestZolaLanguage(t *testing.T) {
	langs := map[string]bool{"fr": true, "pt-BR": true}
	type result struct {
		lang  string
		known bool
	}
	for rel, want := range map[string]result{
		"a.fr.md": {"fr", true}, "blog/_index.fr.md": {"fr", true}, "x/index.pt-BR.md": {"pt-BR", true},
		"a.de.md": {"de", false}, "v1.2.md": {"2", false}, "a.b.fr.md": {"b.fr", false},
		"a.md": {}, "a.en.md": {}, "photo.fr.png": {},
	} {
		if lang, known := zolaLanguage(rel, langs, "en"); lang != want.lang || known != want.known {
			t.Errorf("zolaLanguage(%q) = %q, %v; want %q, %v", rel, lang, known, want.lang, want.known)
		}
	}
	if lang, known := zolaLanguage("a.fr.md", nil, ""); lang != "fr" || known {
		t.Errorf("zolaLanguage(a.fr.md) without languages = %q, %v; want \"fr\", false", lang, known)
	}
}

// A page named for a language the site does not have: with no other
// languages Zola publishes it as a page, and so does the import, which
// says so; with other languages Zola refuses to build it, and the import
// leaves it out.
func TestZolaUnknownLanguage(t *testing.T) {
	page := "+++\ntitle = \"Primero\"\n+++\nES\n"
	for _, tc := range []struct {
		config   string
		imported bool
		item     string
	}{
		{"", true, "`src/content/blog/first.es.md`: \"es\" in the name is not a language (config.toml has no [languages]), so Zola publishes this as a page of its own, and so does the import; delete it if it is a translation"},
		{"[languages.fr]\n", false, "`src/content/blog/first.es.md`: not imported: Zola refuses to build this file, as \"es\" in its name is not a language of config.toml"},
	} {
		p := newProject(fstest.MapFS{
			"config.toml":              {Data: []byte("base_url = \"https://x.example\"\ndefault_language = \"en\"\n" + tc.config)},
			"content/blog/first.es.md": {Data: []byte(page)},
			"content/blog/first.md":    {Data: []byte("+++\ntitle = \"First\"\n+++\n")},
		}, Zola, "")
		p.report.Source = "src"
		if err := readZola(p); err != nil {
			t.Fatal(err)
		}
		if got := p.bySource["content/blog/first.es.md"] != nil; got != tc.imported {
			t.Errorf("%q: imported %v, want %v", tc.config, got, tc.imported)
		}
		var items []string
		for _, it := range p.report.Items {
			if strings.HasSuffix(it.Pos.File, "first.es.md") {
				items = append(items, line(it.Pos, it.Msg))
			}
		}
		if !slices.Equal(items, []string{tc.item}) {
			t.Errorf("%q: items\n%s\nwant\n%s", tc.config, strings.Join(items, "\n"), tc.item)
		}
	}
}

// [extra] gives editURL: an edit link as it is, a repository with its
// branch, never a repository without one (reported instead).
func TestZolaEditURL(t *testing.T) {
	tests := []struct{ extra, want, item string }{
		{`edit_url = "https://github.com/a/b/edit/dev/"`, "https://github.com/a/b/edit/dev/", ""},
		{"remote_repository_url = \"https://github.com/a/b\"\nremote_repository_branch = \"trunk\"", "https://github.com/a/b/edit/trunk/", ""},
		{"repo_url = \"https://gitlab.com/a/b.git\"\nrepo_branch = \"main\"", "https://gitlab.com/a/b/-/edit/main/", ""},
		{`repo_url = "https://github.com/a/b"`, "", "`src/config.toml:3:1`: extra.repo_url names the repository but no branch: set editURL = \"https://github.com/a/b/edit/<branch>/\" in site.toml with the right branch"},
	}
	for _, tc := range tests {
		p := newProject(fstest.MapFS{"config.toml": {Data: []byte("base_url = \"https://x.example\"\n[extra]\n" + tc.extra + "\n")}}, Zola, "")
		p.report.Source = "src"
		if _, _, err := p.zolaConfig("config.toml"); err != nil {
			t.Fatal(err)
		}
		if p.site.EditURL != tc.want {
			t.Errorf("%s: editURL %q, want %q", tc.extra, p.site.EditURL, tc.want)
		}
		var items []string
		for _, it := range p.report.Items {
			items = append(items, line(it.Pos, it.Msg))
		}
		var want []string
		if tc.item != "" {
			want = []string{tc.item}
		}
		if !slices.Equal(items, want) {
			t.Errorf("%s: items %q, want %q", tc.extra, items, want)
		}
	}
}

// Links to Zola's anchors (slugify "on": "get_page" is "get-page") go to
// playbook's anchor of the same heading, repeated headings numbered as
// each tool numbers them; with anchors = "safe" Zola's anchors are
// playbook's and nothing changes.
func TestZolaAnchorsBecomePlaybooks(t *testing.T) {
	page := "+++\ntitle = \"A\"\n+++\n## The A & B\n\n## The A & B\n\n## Own {#own_id}\n\n## Plain\n\n" +
		"[1](@/b.md#get-page-and-get-section) [2](#the-a-b) [3](#the-a-b-1) [4](#own-id) [5](#plain) [6](#nothing)\n"
	other := "+++\ntitle = \"B\"\n+++\n## get_page and `get_section`\n"
	for _, tc := range []struct{ config, want string }{
		{"", "[1](b.md#get_page-and-get_section) [2](#the-a--b) [3](#the-a--b-1) [4](#own-id) [5](#plain) [6](#nothing)\n"},
		{"[slugify]\nanchors = \"safe\"\n", "[1](b.md#get-page-and-get-section) [2](#the-a-b) [3](#the-a-b-1) [4](#own-id) [5](#plain) [6](#nothing)\n"},
	} {
		got, _ := convertZolaPage(t, map[string]string{
			"config.toml":  "base_url = \"https://x.example\"\n" + tc.config,
			"content/a.md": page,
			"content/b.md": other,
		}, "a.md")
		if _, links, _ := strings.Cut(got, "## Plain\n\n"); links != tc.want {
			t.Errorf("%q: links\n%s\nwant\n%s", tc.config, links, tc.want)
		}
	}
}

// Both ways Zola has written its languages name the translations.
func TestZolaLanguages(t *testing.T) {
	for _, config := range []string{
		"default_language = \"en\"\n[languages.fr]\n[languages.en]\n",
		"default_language = \"en\"\nlanguages = [{code = \"fr\"}, {code = \"en\"}]\n",
	} {
		p := newProject(fstest.MapFS{"config.toml": {Data: []byte("base_url = \"https://x.example\"\n" + config)}}, Zola, "")
		langs, _, err := p.zolaConfig("config.toml")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]bool{"fr": true}; !maps.Equal(langs, want) {
			t.Errorf("%s: languages %v, want %v", config, langs, want)
		}
	}
}

// A section's redirect_to: a section with no other files is left out and
// its URL made an alias of the page it redirects to; one whose folder
// has pages keeps its own page (playbook has no redirect for it), and a
// target that is not a page is reported.
func TestZolaSectionRedirect(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":              {Data: []byte("base_url = \"https://x.example/sub\"\n")},
		"content/old/_index.md":    {Data: []byte("+++\ntitle = \"Old\"\nredirect_to = \"guide/start/\"\n+++\n")},
		"content/guide/start.md":   {Data: []byte("+++\ntitle = \"Start\"\naliases = [\"/first/\"]\n+++\n")},
		"content/legacy/_index.md": {Data: []byte("---\ntitle: Legacy\nredirect_to: https://x.example/sub/guide/start\n---\n")},
		"content/docs/_index.md":   {Data: []byte("+++\nredirect_to = \"docs/intro\"\n+++\nText.\n")},
		"content/docs/intro.md":    {Data: []byte("+++\ntitle = \"Intro\"\n+++\n")},
		"content/moved/_index.md":  {Data: []byte("+++\nredirect_to = \"https://elsewhere.example/\"\n+++\n")},
	}
	p := newProject(fsys, Zola, "")
	p.report.Source = "src"
	if err := readZola(p); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"content/old/_index.md", "content/legacy/_index.md"} {
		if p.files[gone] != nil {
			t.Errorf("%s imported", gone)
		}
	}
	for _, kept := range []string{"content/docs/_index.md", "content/moved/_index.md"} {
		if p.files[kept] == nil {
			t.Errorf("%s not imported", kept)
		}
	}
	if got, want := string(p.files["content/guide/start.md"].Data), "+++\ntitle = \"Start\"\naliases = [\"/first/\", \"/legacy/\", \"/old/\"]\n+++\n"; got != want {
		t.Errorf("target page\n%s\nwant\n%s", got, want)
	}
	var items []string
	for _, it := range p.report.Items {
		items = append(items, line(it.Pos, it.Msg))
	}
	want := []string{
		"`content/docs/_index.md:2:1`: redirect_to = \"docs/intro\": Zola sends /docs/ to content/docs/intro.md; playbook shows the section's own page there (it has no redirect for a section whose folder has pages): write its text, or link to it",
		"`src/content/legacy/_index.md:3:1`: redirect_to = \"https://x.example/sub/guide/start\": /legacy/ redirects to content/guide/start.md, an alias of it; the section's page, whose folder has no other files, is not imported",
		"`content/moved/_index.md:2:1`: redirect_to = \"https://elsewhere.example/\": not a page of the site, so /moved/ is not redirected; add it to the aliases of the page it should go to",
		"`src/content/old/_index.md:3:1`: redirect_to = \"guide/start/\": /old/ redirects to content/guide/start.md, an alias of it; the section's page, whose folder has no other files, is not imported",
	}
	if !slices.Equal(items, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
}

// A section's sort_by that the import writes as weights, or that is
// weight, is dropped from its front matter (playbook does not read it,
// and would warn of an unknown key in every build) and the report says
// so; one Zola does not know stays.
func TestZolaSortByDropped(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":            {Data: []byte("base_url = \"https://x.example/\"\n")},
		"content/_index.md":      {Data: []byte("+++\ntitle = \"Home\"\nsort_by = \"weight\"\n+++\nHi.\n")},
		"content/news/_index.md": {Data: []byte("+++\ntitle = \"News\"\nsort_by = \"date\"\n+++\n")},
		"content/news/a.md":      {Data: []byte("+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n")},
		"content/news/b.md":      {Data: []byte("+++\ntitle = \"B\"\ndate = 2024-02-01\n+++\n")},
		"content/odd/_index.md":  {Data: []byte("+++\ntitle = \"Odd\"\nsort_by = \"random\"\n+++\n")},
		"content/odd/c.md":       {Data: []byte("+++\ntitle = \"C\"\n+++\n")},
	}
	p := newProject(fsys, Zola, "")
	p.report.Source = "src"
	if err := readZola(p); err != nil {
		t.Fatal(err)
	}
	for dest, want := range map[string]string{
		"content/_index.md":      "+++\ntitle = \"Home\"\n+++\nHi.\n",
		"content/news/_index.md": "+++\ntitle = \"News\"\n+++\n",
		"content/news/b.md":      "+++\ntitle = \"B\"\ndate = 2024-02-01\nweight = 10\n+++\n",
		"content/odd/_index.md":  "+++\ntitle = \"Odd\"\nsort_by = \"random\"\n+++\n",
	} {
		if got := string(p.files[dest].Data); got != want {
			t.Errorf("%s\n%s\nwant\n%s", dest, got, want)
		}
	}
	var items []string
	for _, it := range p.report.Items {
		items = append(items, line(it.Pos, it.Msg))
	}
	want := []string{
		"`src/content/_index.md:3:1`: sort_by = \"weight\" dropped from the section's front matter: playbook orders a section's pages by weight always",
		"`src/content/news/_index.md:3:1`: sort_by = \"date\": weights 10 to 20 written into the section's 2 pages, newest first as Zola lists them; the key is dropped from the section's front matter",
		"`content/odd/_index.md:3:1`: sort_by = \"random\" is not one Zola knows; the pages keep their weights",
	}
	if !slices.Equal(items, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
}
