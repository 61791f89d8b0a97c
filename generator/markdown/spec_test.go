package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// The conformance tests run the examples of the CommonMark spec and of
// the GFM spec's extensions through the page-body path and compare the
// HTML, normalized, with the spec's. The markup the playbook adds
// everywhere (heading ids and anchors, highlighting, the table's scrolling
// box) is set aside by normalizePlaybookHTML; what else differs on
// purpose is listed below by example number, with the reason. An example
// that differs and is not listed fails the test, and so does one that is
// listed and no longer differs: the lists only shrink.

// difference is why an example renders otherwise on a page.
type difference struct {
	// typographer is set when the typographer alone makes the
	// difference: with [markup] typographer = false the example passes.
	typographer bool
	reason      string
}

func typographic(reason string) difference { return difference{typographer: true, reason: reason} }

var commonMarkDifferences = map[int]difference{
	14:  typographic(`quotes are curly: “not a reference”`),
	46:  typographic(`"--" is an en dash`),
	55:  typographic(`"------" and "---" are em dashes`),
	87:  typographic(`"---" is an em dash`),
	91:  typographic(`quotes are curly`),
	106: typographic(`"--" is an en dash`),
	163: {reason: "<Warning> is a Docusaurus (MDX) component: shown as written, with a warning"},
	197: typographic(`an apostrophe is curly`),
	209: typographic(`quotes are curly`),
	210: typographic(`quotes are curly`),
	352: typographic(`quotes are curly`),
	359: typographic(`quotes are curly`),
	363: typographic(`quotes are curly`),
	380: typographic(`quotes are curly`),
	385: typographic(`quotes are curly`),
	395: typographic(`quotes are curly`),
	508: typographic(`quotes are curly`),
	590: typographic(`quotes are curly`),
	608: {reason: "GFM autolinks (Linkify) link a bare URL, also between < and a space"},
	611: {reason: "GFM autolinks (Linkify) link a bare URL"},
	612: {reason: "GFM autolinks (Linkify) link a bare e-mail address"},
	619: typographic(`quotes are curly`),
	620: typographic(`quotes are curly`),
	622: typographic(`quotes are curly`),
	624: typographic(`quotes are curly`),
	650: typographic(`an apostrophe is curly`),
}

var gfmDifferences = map[int]difference{
	199: {reason: `alignment is style="text-align: …", as goldmark writes HTML5, not the obsolete align attribute`},
	203: typographic(`"---" is an em dash`),
	279: {reason: "task lists are checklists: a label, an id and a stored state per item (see README, Checklists)"},
	280: {reason: "task lists are checklists: a label, an id and a stored state per item (see README, Checklists)"},
	630: typographic(`an apostrophe is curly`),
	653: {reason: "no tag filter: with [markup] unsafe = true raw HTML is kept as written, with unsafe = false it is left out"},
}

func TestCommonMarkSpec(t *testing.T) {
	testSpec(t, "testdata/spec/commonmark-0.31.2.json", commonMarkDifferences)
}

func TestGFMSpecExtensions(t *testing.T) {
	testSpec(t, "testdata/spec/gfm-0.29-extensions.json", gfmDifferences)
}

// testSpec runs the examples of file through the page-body path with the
// default options (the typographer on) and raw HTML kept, as the spec
// assumes, and again with the typographer off.
func testSpec(t *testing.T, file string, differences map[int]difference) {
	examples := readSpec(t, file)
	seen := map[int]bool{}
	for _, ex := range examples {
		seen[ex.Example] = true
	}
	for n := range differences {
		if !seen[n] {
			t.Errorf("example %d is listed as a difference but is not in %s", n, file)
		}
	}
	for _, typographer := range []bool{true, false} {
		m := New(Options{Unsafe: true, NoTypographer: !typographer})
		pass := 0
		for _, ex := range examples {
			want := normalizeHTML(ex.HTML)
			got := normalizePlaybookHTML(renderPageBody(t, m, ex.Markdown))
			d, listed := differences[ex.Example]
			listed = listed && (typographer || !d.typographer)
			switch {
			case got == want:
				pass++
				if listed {
					t.Errorf("typographer %v: example %d (%s) now renders as the spec has it: take it off the list (%q)",
						typographer, ex.Example, ex.Section, d.reason)
				}
			case !listed:
				t.Errorf("typographer %v: example %d (%s) renders otherwise than the spec\nmarkdown: %q\nwant: %s\ngot:  %s",
					typographer, ex.Example, ex.Section, ex.Markdown, want, got)
			}
		}
		t.Logf("%s, typographer %v: %d of %d examples render as the spec has them", file, typographer, pass, len(examples))
	}
}

// With raw HTML off (the default), an example shows what it shows with
// raw HTML on (comments aside: they show nothing either way), or the page
// gets a warning: raw HTML is never left out silently.
func TestSpecWithoutRawHTMLWarnsWhatItLeavesOut(t *testing.T) {
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	for _, file := range []string{"testdata/spec/commonmark-0.31.2.json", "testdata/spec/gfm-0.29-extensions.json"} {
		left := 0
		for _, ex := range readSpec(t, file) {
			doc := safe.Parse([]byte(ex.Markdown), WithTitle("Spec example"))
			var got bytes.Buffer
			if err := doc.WriteHTML(&got, nil); err != nil {
				t.Fatal(err)
			}
			if visibleHTML(got.String()) == visibleHTML(renderPageBody(t, unsafe, ex.Markdown)) {
				continue
			}
			left++
			if len(doc.Warnings) == 0 {
				t.Errorf("%s: example %d (%s) loses something without raw HTML, and says nothing\nmarkdown: %q\ngot: %s",
					file, ex.Example, ex.Section, ex.Markdown, got.String())
			}
		}
		t.Logf("%s: %d examples leave raw HTML out without [markup] unsafe", file, left)
	}
}

// Plain goldmark of the same version renders every CommonMark example as
// the spec has it, through the same normalizer: a failure of ours is ours,
// not the normalizer's.
func TestSpecNormalizerPassesPlainGoldmark(t *testing.T) {
	md := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	for _, ex := range readSpec(t, "testdata/spec/commonmark-0.31.2.json") {
		var b bytes.Buffer
		if err := md.Convert([]byte(ex.Markdown), &b); err != nil {
			t.Fatal(err)
		}
		if got, want := normalizeHTML(b.String()), normalizeHTML(ex.HTML); got != want {
			t.Errorf("example %d: plain goldmark\nwant: %s\ngot:  %s", ex.Example, want, got)
		}
	}
}

func TestNormalizeHTML(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"<p>a  \t b</p>", "<p>a b</p>"},
		{"\n\t<p>\n\t\ta  b\t\t</p>\n\t", "<p>a b</p>"},
		{"<br />", "<br>"},
		{`<a title="bar" HREF="foo">x</a>`, `<a href="foo" title="bar">x</a>`},
		{"&forall;&amp;&gt;&lt;&quot;&#34;", "∀&amp;&gt;&lt;\"\""},
		{`<img alt="a&quot;b">`, `<img alt='a"b'>`},
		{"<pre><code>a  b\n</code></pre>", "<pre><code>a  b\n</code></pre>"},
	} {
		if a, b := normalizeHTML(tc.a), normalizeHTML(tc.b); a != b {
			t.Errorf("normalizeHTML(%q) = %q, normalizeHTML(%q) = %q; want them equal", tc.a, a, tc.b, b)
		}
	}
	for _, tc := range []struct{ a, b string }{
		{"<p>a b</p>", "<p>ab</p>"},
		{"<pre><code>a  b</code></pre>", "<pre><code>a b</code></pre>"},
		{"<em>a</em> b", "<em>a</em>b"},
		{`<a href="x">`, `<a href="y">`},
		{"<!-- a -->", "<!-- b -->"},
		{"<p>&amp;ouml;</p>", "<p>ö</p>"},
		{`<h2 id="a">A</h2>`, `<h2>A</h2>`}, // ids are set aside only on our side
	} {
		if normalizeHTML(tc.a) == normalizeHTML(tc.b) {
			t.Errorf("normalizeHTML(%q) = normalizeHTML(%q); want them apart", tc.a, tc.b)
		}
	}
}

// normalizePlaybookHTML sets aside exactly the markup it names.
func TestNormalizePlaybookHTMLSetsAsideOurMarkup(t *testing.T) {
	for _, tc := range []struct{ ours, spec string }{
		{`<h2 id="a-b">A b<a class="anchor" href="#a-b" aria-hidden="true" tabindex="-1">#</a></h2>`, `<h2>A b</h2>`},
		{`<div class="highlight"><pre class="chroma" tabindex="0"><code class="language-go" data-lang="go"><span class="kd">func</span> f</code></pre></div>`,
			`<pre><code class="language-go">func f</code></pre>`},
		{`<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table><tr><td>x</td></tr></table></div>`,
			`<table><tr><td>x</td></tr></table>`},
		{`<img src="a.png" alt="a" loading="lazy">`, `<img src="a.png" alt="a" />`},
	} {
		if ours, spec := normalizePlaybookHTML(tc.ours), normalizeHTML(tc.spec); ours != spec {
			t.Errorf("normalizePlaybookHTML(%q) = %q, want %q", tc.ours, ours, spec)
		}
	}
	for _, tc := range []struct{ ours, spec string }{
		{`<div class="note"><p>x</p></div>`, `<p>x</p>`},
		{`<h2 id="a">A<a class="other" href="#a">#</a></h2>`, `<h2>A</h2>`},
		{`<p><span class="kd">func</span></p>`, `<p>func</p>`},
		{`<pre class="chroma"><code>a</code></pre>`, `<pre><code>b</code></pre>`},
	} {
		if ours, spec := normalizePlaybookHTML(tc.ours), normalizeHTML(tc.spec); ours == spec {
			t.Errorf("normalizePlaybookHTML(%q) = %q, the spec's; want it kept apart", tc.ours, ours)
		}
	}
}

// specExample is one example of the CommonMark or GFM spec, as the specs'
// own spec_tests.py --dump-tests writes it (see testdata/spec/README.md).
type specExample struct {
	Markdown   string   `json:"markdown"`
	HTML       string   `json:"html"`
	Example    int      `json:"example"`
	Section    string   `json:"section"`
	Extensions []string `json:"extensions"`
}

func readSpec(t testing.TB, file string) []specExample {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var examples []specExample
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(examples) == 0 || !slices.IsSortedFunc(examples, func(a, b specExample) int { return a.Example - b.Example }) {
		t.Fatalf("%s: want examples in order", file)
	}
	return examples
}

// renderPageBody renders src as the build renders a page body: Parse with
// a front-matter title (so that a leading "# heading" stays in the body,
// as on a page whose front matter names another title), then WriteHTML
// with links as written.
func renderPageBody(t *testing.T, m *Markdown, src string) string {
	t.Helper()
	doc := m.Parse([]byte(src), WithTitle("Spec example"))
	var out strings.Builder
	if err := doc.WriteHTML(&out, nil); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
