package markdown

import (
	"strings"
	"testing"
)

// A leading level-1 heading leaves the body when it is the title (no
// front-matter title) or says the front-matter title again; one that says
// something else stays, so that its text is not lost.
func TestLeadingHeadingAgainstFrontMatterTitle(t *testing.T) {
	for _, tc := range []struct {
		name, fmTitle, src string
		title              string // Doc.Title
		kept               bool   // the h1 is in the body
	}{
		{"no front-matter title", "", "# Discovery calls\n\nText.\n", "Discovery calls", false},
		{"the same title", "Discovery calls", "# Discovery calls\n\nText.\n", "Discovery calls", false},
		{"the same but for case, spacing and typography", "The buyer's --  \"first\" call", "# The Buyer's -- \"First\" Call\n", "The Buyer’s – “First” Call", false},
		{"a different heading", "Discovery", "# Running a discovery call\n\nText.\n", "", true},
		{"not leading", "Discovery", "Text.\n\n# Discovery\n", "", true},
		{"level 2", "", "## Discovery\n", "", false},
		{"after MDX imports", "", "import Tabs from '@theme/Tabs';\n\n# Next\n\nText.\n", "Next", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := New(Options{}).Parse([]byte(tc.src), WithTitle(tc.fmTitle))
			if d.Title != tc.title {
				t.Errorf("Title = %q, want %q", d.Title, tc.title)
			}
			var b strings.Builder
			if err := d.WriteHTML(&b, nil); err != nil {
				t.Fatal(err)
			}
			if kept := strings.Contains(b.String(), "<h1"); kept != tc.kept {
				t.Errorf("h1 in the body = %v, want %v:\n%s", kept, tc.kept, b.String())
			}
			if tc.kept && len(d.Headings) == 0 {
				t.Error("a kept h1 is not among the headings")
			}
		})
	}
}

// A title from a heading with inline markup keeps it for the page's
// heading: the text is the title, the markup is TitleHTML, and its links
// are links of the page like any other.
func TestTitleKeepsItsInlineMarkup(t *testing.T) {
	for _, tc := range []struct {
		name, fmTitle, src string
		title, html        string
	}{
		{"emphasis and a link", "", "# Using *Go* with [gRPC](grpc.md)\n\nText.\n",
			"Using Go with gRPC", `Using <em>Go</em> with <a href="/grpc/">gRPC</a>`},
		{"code and strong, said again by the front matter", "Run make test now", "# Run `make test` **now**\n",
			"Run make test now", `Run <code>make test</code> <strong>now</strong>`},
		{"plain text has no markup to keep", "", "# Discovery calls\n", "Discovery calls", ""},
		{"typographic quotes are text", "", "# The \"first\" call\n", "The “first” call", ""},
		{"an id of its own", "", "# *Buyer* {#buyer}\n", "Buyer", `<em>Buyer</em>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := New(Options{}).Parse([]byte(tc.src), WithTitle(tc.fmTitle))
			if d.Title != tc.title {
				t.Errorf("Title = %q, want %q", d.Title, tc.title)
			}
			got, err := d.TitleHTML(testLinker{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.html {
				t.Errorf("TitleHTML = %q, want %q", got, tc.html)
			}
			var b strings.Builder
			if err := d.WriteHTML(&b, testLinker{}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "<h1") {
				t.Errorf("the title is still in the body:\n%s", b.String())
			}
		})
	}
	d := New(Options{}).Parse([]byte("# Using [gRPC](grpc.md#setup)\n"))
	if len(d.Links) != 1 || d.Links[0].Path != "grpc.md" || d.Links[0].Fragment != "setup" {
		t.Errorf("Links = %+v, want the title's link", d.Links)
	}
	// Print pages prefix the ids the title defines, as they do the body's.
	d = New(Options{}).Parse([]byte("# Pricing[^1]\n\n[^1]: List prices.\n"))
	if got, _ := d.TitleHTML(testLinker{prefix: "p-pricing--"}); !strings.Contains(got, `id="p-pricing--fnref-1"`) {
		t.Errorf("TitleHTML = %q, want the footnote reference with the print prefix", got)
	}
}

// The heading that left the body takes no id from the body's headings:
// "## Pricing" after "# Pricing" is "pricing", and a link to #pricing
// finds it.
func TestTitleLeavesItsSlugToTheBody(t *testing.T) {
	d := New(Options{}).Parse([]byte("# Pricing\n\n## Pricing\n\n## Pricing\n"))
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	if strings.Join(ids, " ") != "pricing pricing-1" || d.TitleID != "pricing" {
		t.Errorf("heading ids %q, title id %q; want pricing pricing-1 and pricing", ids, d.TitleID)
	}
	// An author's id on the title reads once, however often asked.
	d = New(Options{}).Parse([]byte("# Pricing {#price .lead}\n\n## Terms {#terms}\n"))
	if d.TitleID != "price" || len(d.Headings) != 1 || d.Headings[0].ID != "terms" {
		t.Errorf("title id %q, headings %+v", d.TitleID, d.Headings)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Message, `class "lead" is not rendered`) {
		t.Errorf("Warnings = %+v, want one about the title's class", d.Warnings)
	}
}

// Raw HTML anchors in a title with markup are anchors of the page: its
// heading shows them.
func TestTitleRawHTMLAnchors(t *testing.T) {
	d := New(Options{Unsafe: true}).Parse([]byte("# <span id=\"top-pricing\">Pricing</span>\n"))
	if !d.HasAnchor("top-pricing") {
		t.Errorf("HTMLAnchors = %q, want top-pricing", d.HTMLAnchors)
	}
	if got, _ := d.TitleHTML(nil); got != `<span id="top-pricing">Pricing</span>` {
		t.Errorf("TitleHTML = %q", got)
	}
}
