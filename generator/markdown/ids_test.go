package markdown

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestHeadingAttributesThatDoNotRenderAreWarnings(t *testing.T) {
	src := "## A {#same}\n\n## B {#same}\n\n## C {#x data-role=\"x\"}\n\n## D {#a b}\n\n## E {id=\"two words\"}\n"
	d := New(Options{}).Parse([]byte(src))
	want := []Warning{
		{strings.Index(src, "## B"), `heading id "same" is used twice on this page; this heading gets "same-1"`},
		{strings.Index(src, "## C"), `heading attribute "data-role" is not rendered; only {#id} and {.class} are`},
		{strings.Index(src, "{#a b}"), `heading attributes "{#a b}" not understood and shown as text; write {#id .class} at the end of the heading`},
		{strings.Index(src, "## E"), `heading id "two words" is not an HTML id (no spaces, not empty); the heading gets one from its text`},
	}
	if !reflect.DeepEqual(d.Warnings, want) {
		t.Errorf("warnings:\n%+v\nwant\n%+v", d.Warnings, want)
	}
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	if want := []string{"same", "same-1", "x", "d-a-b", "e"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
}

func TestGivenHeadingIDsReachHeadingsAndAnchors(t *testing.T) {
	d := New(Options{}).Parse([]byte("# Buyer {#buyer}\n\n### Qualify {#qualify}\n"))
	if d.Title != "Buyer" || d.TitleID != "buyer" {
		t.Errorf("Title, TitleID = %q, %q", d.Title, d.TitleID)
	}
	if len(d.Headings) != 1 || d.Headings[0].ID != "qualify" || d.Headings[0].Text != "Qualify" {
		t.Errorf("Headings = %+v", d.Headings)
	}
	if !d.HasAnchor("qualify") || d.HasAnchor("qualify-qualify") {
		t.Errorf("HasAnchor(qualify) = %v", d.HasAnchor("qualify"))
	}
}

// The title's id is GitHub's slug of it, but the heading left the body:
// a heading of the body that says the same gets the id unsuffixed, as no
// element of the page has it.
func TestTitleIDIsTheSlugAndLeavesItToTheBody(t *testing.T) {
	d := New(Options{}).Parse([]byte("# Café & Crème\n\n## Café & Crème\n"))
	if d.TitleID != "café--crème" || d.Headings[0].ID != "café--crème" {
		t.Errorf("TitleID = %q, heading id = %q", d.TitleID, d.Headings[0].ID)
	}
	if d := New(Options{}).Parse([]byte("Intro.\n\n# Later\n")); d.TitleID != "" {
		t.Errorf("TitleID without a leading heading = %q", d.TitleID)
	}
}

func TestSameAnchorIgnoresVariationSelectors(t *testing.T) {
	tests := []struct {
		fragment, id string
		want         bool
	}{
		{"-warning", "\ufe0f-warning", true},
		{"\ufe0f-warning", "\ufe0f-warning", true},
		{"x\U000E0100", "x", true},
		{"warning", "\ufe0f-warning", false},
		{"-warnings", "\ufe0f-warning", false},
	}
	for _, tt := range tests {
		if got := SameAnchor(tt.fragment, tt.id); got != tt.want {
			t.Errorf("SameAnchor(%q, %q) = %v, want %v", tt.fragment, tt.id, got, tt.want)
		}
	}
}

func TestRawHTMLAnchorsCountOnlyWhenRawHTMLIsKept(t *testing.T) {
	src := "Intro <a id=\"x\"></a> and <a name='old-name'>n</a>.\n\n<div>\n<span id=top-fact>f</span>\n</div>\n\n`<a id=\"code\">`\n"
	d := New(Options{Unsafe: true}).Parse([]byte(src))
	if want := []string{"x", "old-name", "top-fact"}; !reflect.DeepEqual(d.HTMLAnchors, want) {
		t.Errorf("HTMLAnchors = %q, want %q", d.HTMLAnchors, want)
	}
	if !d.HasAnchor("old-name") || d.HasAnchor("code") {
		t.Errorf("HasAnchor(old-name), HasAnchor(code) = %v, %v", d.HasAnchor("old-name"), d.HasAnchor("code"))
	}
	if d := New(Options{}).Parse([]byte(src)); d.HTMLAnchors != nil || d.HasAnchor("x") {
		t.Errorf("raw HTML left out, HTMLAnchors = %q", d.HTMLAnchors)
	}
}

func TestHTMLIDsReadsTagsOnce(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`<a id="a">`, []string{"a"}},
		{`<A ID=b NAME=c>`, []string{"b", "c"}},
		{`<span name="not-a">`, nil},
		{`<div class="x" id='y' data-id="z">`, []string{"y"}},
		{`<a id="&amp;x">`, []string{"&x"}},
		{`<!-- <a id="c"> --><a id="d">`, []string{"d"}},
		{`<a href="/x" id="">`, nil},
		{`<br/><img id=i src=x />`, []string{"i"}},
		{`<a id="unclosed`, nil},
		{`<!-- unclosed <a id="e">`, nil},
		{`< a id="f">`, nil},
		{`<a = id="g">`, []string{"g"}},
		{`x < y and <b id=z>`, []string{"z"}},
	}
	for _, tt := range tests {
		var got []string
		htmlIDs([]byte(tt.in), func(id string) { got = append(got, id) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("htmlIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// goldmark's heading attributes retry every '{' of a line, at a cost that
// grows with its cube: this line would hold a build for hours.
func TestALineOfBracesInAHeadingStaysText(t *testing.T) {
	line := strings.Repeat("{a=", 100_000) + strings.Repeat("}", 100_000)
	d := New(Options{}).Parse([]byte("## x " + line + "\n"))
	if len(d.Headings) != 1 || d.Headings[0].Text != "x "+line {
		t.Errorf("heading text changed")
	}
}

func TestWrittenIDsThatAreTakenGetANumberAndAWarning(t *testing.T) {
	src := "Note[^1].\n\n- [ ] Call\n\n## Intro {#main}\n\n## Notes {#fn-1}\n\nText.\n{: #sidebar }\n\n[Link](x.md){ #intro }\n\n## Intro\n\n[Home](y.md){#search-panel} ![Pic](p.png){#sidebar}\n\n[^1]: N.\n"
	d := New(Options{ThemeID: testThemeID}).Parse([]byte(src))
	want := []Warning{
		{strings.Index(src, "## Intro {#main}"), `heading id "main" is already the id of an element of the theme; this heading gets "main-1"`},
		{strings.Index(src, "## Notes"), `heading id "fn-1" is already the id of footnote 1; this heading gets "fn-1-1"`},
		{strings.Index(src, "{: #sidebar }"), `paragraph id "sidebar" is already the id of an element of the theme; this paragraph gets "sidebar-1"`},
		{strings.Index(src, "{#search-panel}"), `link id "search-panel" is already the id of an element of the theme; this link gets "search-panel-1"`},
		{strings.Index(src, "{#sidebar}"), `image id "sidebar" is already the id of an element of the theme; this image gets "sidebar-2"`},
	}
	if !reflect.DeepEqual(d.Warnings, want) {
		t.Errorf("warnings:\n%+v\nwant\n%+v", d.Warnings, want)
	}
	var out strings.Builder
	if err := d.WriteHTML(&out, nil); err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(out.String(), -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] || testThemeID(m[1]) {
			t.Errorf("id %q twice on the page or the theme's", m[1])
		}
		seen[m[1]] = true
	}
	// The link keeps the id written for it; the heading written later
	// without one skips it.
	for _, id := range []string{"main-1", "fn-1-1", "sidebar-1", "search-panel-1", "sidebar-2", "intro", "intro-1", "fn-1", "fnref-1", d.Tasks[0].ID} {
		if !seen[id] {
			t.Errorf("no element with id %q in\n%s", id, out.String())
		}
	}
}

func TestRawHTMLIDsThatAreTakenAreWarnings(t *testing.T) {
	src := "Note[^1].\n\n<div id=\"main\">x</div>\n\n<a id=\"fn-1\"></a> and <a name=\"here\"></a><a id=\"here\"></a>\n\n[^1]: N.\n"
	d := New(Options{Unsafe: true, ThemeID: testThemeID}).Parse([]byte(src))
	want := []Warning{
		{strings.Index(src, `main"`), `id "main" in raw HTML is already the id of an element of the theme on this page; links to #main reach only one of them`},
		{strings.Index(src, `fn-1"`), `id "fn-1" in raw HTML is already the id of footnote 1 on this page; links to #fn-1 reach only one of them`},
		{strings.Index(src, `here"></a>`) + len(`here"></a><a id="`), `id "here" in raw HTML is already the id of a tag of raw HTML on this page; links to #here reach only one of them`},
	}
	if !reflect.DeepEqual(d.Warnings, want) {
		t.Errorf("warnings:\n%+v\nwant\n%+v", d.Warnings, want)
	}
}

func TestAnchorsAreEveryIDOfTheBodyAndNoneOfTheTheme(t *testing.T) {
	src := "Note[^1], again[^1].\n\n- [ ] Call\n\nText.\n{: #lead }\n\n## Main\n\n<a id=\"raw\"></a>\n\n[^1]: N.\n"
	d := New(Options{Unsafe: true, ThemeID: testThemeID}).Parse([]byte(src))
	want := []string{"main-1", d.Tasks[0].ID, "fn-1", "fnref-1", "fnref-1-1", "lead", "raw"}
	if got := d.Anchors(); !reflect.DeepEqual(got, want) {
		t.Errorf("Anchors() = %q, want %q", got, want)
	}
	for _, id := range want {
		if !d.HasAnchor(id) {
			t.Errorf("HasAnchor(%q) = false", id)
		}
	}
	if d.HasAnchor("main") {
		t.Error(`HasAnchor("main") = true: the theme's <main> is not the body's`)
	}
}
