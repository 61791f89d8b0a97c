package importer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/generator/markdown"
)

// An mdBook book: book.toml gives site.toml, SUMMARY.md stays the
// navigation (parts, nesting, labels, the draft chapter left out), its
// commands are inlined, .html links to chapters become .md links, pages
// it does not list become drafts, and what does not convert is reported.
func TestImportMdBook(t *testing.T) {
	dest, res := importFixture(t, "mdbook", MdBook, Options{})
	if res.Failed() {
		t.Fatalf("check failed: %v", res.Check)
	}
	for c, want := range map[Count]int{LinksRewritten: 7, IncludesInlined: 8, ShortcodesConverted: 2, NavigationKeys: 9} {
		if got := res.Report.Total(c); got != want {
			t.Errorf("%s, want %d", countName(c, got), want)
		}
	}
	if res.Report.Pages != 11 || res.Report.Sections != 2 || res.Report.Files != 3 {
		t.Errorf("%d pages, %d sections, %d files; want 11, 2, 3", res.Report.Pages, res.Report.Sections, res.Report.Files)
	}
	want := []string{
		"Introduction",
		"Selling",
		"  Discovery calls",
		"  Pricing conversations",
		"People",
		"  Onboarding new sellers",
		"    Your first week",
		"  Forecasting",
		"Glossary",
	}
	if got := sidebar(t, dest); !slices.Equal(got, want) {
		t.Errorf("sidebar\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Each chapter keeps its mdBook URL (x.html) as an alias; a folder's
	// README.md was its index.html, which the new site still writes, and
	// a page SUMMARY.md leaves out was not published.
	tree := readTree(t, dest)
	for name, alias := range map[string]string{
		"content/chapter_1.md": "/chapter_1.html", "content/onboarding/first-week.md": "/onboarding/first-week.html",
		"content/glossary.md": "/glossary.html", "content/README.md": "", "content/onboarding/README.md": "", "content/old-pricing.md": "",
	} {
		got := string(tree[name])
		if alias == "" && strings.Contains(got, "aliases") || alias != "" && !strings.Contains(got, "aliases: [\""+alias+"\"]") {
			t.Errorf("%s, want alias %q:\n%s", name, alias, got)
		}
	}
	if item := "`src/src/SUMMARY.md`: the old URLs redirect: each chapter whose URL changed (5 pages) has its mdBook URL (chapter.html) in aliases"; !strings.Contains(string(res.Report.Markdown()), item) {
		t.Errorf("the report lacks %s", item)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "mdbook", "src", "src", "chapter_1.md"))
	if err != nil || !strings.Contains(string(src), "{{#include snippets/call-opener.md}}") {
		t.Errorf("the source was changed: %v", err)
	}
}

// Detect names an mdBook project by its book.toml.
func TestDetectMdBook(t *testing.T) {
	if kind, why := Detect(os.DirFS(filepath.Join("testdata", "mdbook", "src"))); kind != MdBook || why != "book.toml" {
		t.Errorf("Detect = %s (%s), want mdbook (book.toml)", kind, why)
	}
	dest := filepath.Join(t.TempDir(), "site")
	res, err := Run(t.Context(), Options{Source: filepath.Join("testdata", "mdbook", "src"), Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Kind != MdBook || res.Report.Detected != "book.toml" {
		t.Errorf("imported as %s (detected: %s), want mdbook (book.toml)", res.Report.Kind, res.Report.Detected)
	}
}

// selectLines takes the lines an include names as mdBook does: line
// numbers from 1, an end that is exclusive of nothing (N:M includes M),
// an anchor's lines without the lines that mark anchors; a line range
// or the whole file keeps those lines (mdBook's take_lines).
func TestSelectLines(t *testing.T) {
	const text = "one\ntwo\n// ANCHOR: mid\nthree\n// ANCHOR: inner\nfour\n// ANCHOR_END: inner\n// ANCHOR_END: mid\nfive\n"
	for _, tc := range []struct {
		sel   string
		want  string
		found bool
	}{
		{"", "one\ntwo\n// ANCHOR: mid\nthree\n// ANCHOR: inner\nfour\n// ANCHOR_END: inner\n// ANCHOR_END: mid\nfive", true},
		{"2", "two", true},
		{"0", "one", true},
		{"3", "// ANCHOR: mid", true},
		{"8:", "// ANCHOR_END: mid\nfive", true},
		{":2", "one\ntwo", true},
		{"1:4", "one\ntwo\n// ANCHOR: mid\nthree", true}, // a range keeps anchor lines
		{"::", "one\ntwo\n// ANCHOR: mid\nthree\n// ANCHOR: inner\nfour\n// ANCHOR_END: inner\n// ANCHOR_END: mid\nfive", true},
		{"6:x", "four\n// ANCHOR_END: inner\n// ANCHOR_END: mid\nfive", true}, // an end that is no number: to the end
		{"40", "", true},
		{"4:2", "", true},
		{"mid", "three\nfour", true},
		{"inner", "four", true},
		{"missing", "", false},
	} {
		lines, found := selectLines(text, tc.sel)
		if got := strings.Join(lines, "\n"); got != tc.want || found != tc.found {
			t.Errorf("selectLines(%q) = %q, %v; want %q, %v", tc.sel, got, found, tc.want, tc.found)
		}
	}
}

// mdBookPage returns a project over files (a book in src/) and its page
// src/<name>, converted.
func mdBookPage(t *testing.T, files fstest.MapFS, name string) (*project, *file) {
	t.Helper()
	p := newProject(files, MdBook, "")
	p.report.Source = "book"
	p.copyTree("src", "content", true, nil)
	f := p.bySource["src/"+name]
	if f == nil {
		t.Fatalf("no page src/%s", name)
	}
	p.convertMdBook(f, nil)
	return p, f
}

func allItems(p *project) []string {
	var out []string
	for _, it := range p.report.sortedItems() {
		out = append(out, line(it.Pos, it.Msg))
	}
	return out
}

// Includes: paths from the including file's folder, nested includes from
// the included file's, inside code without a note, a playground in a
// Rust code block with its attributes, escapes dropped in code only.
func TestMdBookIncludes(t *testing.T) {
	files := mapFS(map[string]string{
		"src/guide/page.md":  "# Page\n\n{{#include ../parts/a.md}}\n\n```rust\n{{#rustdoc_include ../../code/x.rs:2:3}}\n```\n\nSee {{#include ../parts/b.txt}} here.\n\nText\n{{ #include ../parts/b.txt }}\n\n{{#playground ../../code/x.rs editable ignore}}\n\nKept: `\\{{#include a.md}}` and \\{{#include a.md}}\n\n```\n\\{{#include a.md}}\n```\n",
		"src/parts/a.md":     "From a.\n{{#include sub/c.md}}\n",
		"src/parts/sub/c.md": "From c.\n",
		"src/parts/b.txt":    "inline text\n",
		"code/x.rs":          "fn main() {\n    let x = 1;\n    let y = 2;\n}\n",
	})
	p, f := mdBookPage(t, files, "guide/page.md")
	want := "# Page\n\n<!-- included from src/parts/a.md -->\nFrom a.\nFrom c.\n\n```rust\n    let x = 1;\n    let y = 2;\n```\n\nSee <!-- included from src/parts/b.txt --> inline text here.\n\nText\ninline text\n\n<!-- included from code/x.rs -->\n```rust,editable,ignore\nfn main() {\n    let x = 1;\n    let y = 2;\n}\n```\n\n\nKept: `{{#include a.md}}` and \\{\\{#include a.md}}\n\n```\n{{#include a.md}}\n```\n"
	if got := string(f.Data); got != want {
		t.Errorf("converted page\n%s\nwant\n%s", got, want)
	}
	if got := p.report.Total(IncludesInlined); got != 5 {
		t.Errorf("%s, want 5", countName(IncludesInlined, got))
	}
	if got := allItems(p); len(got) != 0 {
		t.Errorf("items %q, want none", got)
	}
}

// An include that cannot be made stays as written and is reported at its
// place in the converted page, with why: a missing file, a path out of
// the project, a cycle, a missing anchor, a command mdBook does not have.
func TestMdBookIncludeFailures(t *testing.T) {
	page := "{{#include a.md}}\n\n{{#include missing.md}}\n\n{{#include ../../etc/passwd}}\n\n{{#include /etc/passwd}}\n\n{{#include loop.md}}\n\n{{#include a.md:nowhere}}\n\n{{#tabs x}}\n"
	files := mapFS(map[string]string{
		"src/page.md": page,
		"src/a.md":    "A.\n",
		"src/loop.md": "L.\n{{#include loop.md}}\n",
	})
	p, f := mdBookPage(t, files, "page.md")
	want := []string{
		"`content/page.md:4:1`: {{#include missing.md}} not inlined: src/missing.md: no such file",
		"`content/page.md:6:1`: {{#include ../../etc/passwd}} not inlined: ../../etc/passwd is outside the project, which the import never reads",
		"`content/page.md:8:1`: {{#include /etc/passwd}} not inlined: /etc/passwd is outside the project, which the import never reads",
		"`content/page.md:10:1`: {{#include loop.md}} not inlined: src/loop.md includes itself (src/page.md → src/loop.md → src/loop.md)",
		"`content/page.md:14:1`: {{#include a.md:nowhere}} not inlined: src/a.md has no ANCHOR: nowhere (mdBook inlines nothing)",
		"`content/page.md:16:1`: {{#tabs}} is not one of mdBook's commands (a preprocessor's?); left as written",
	}
	if got := allItems(p); !slices.Equal(got, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The cycle is cut where it closes: loop.md is inlined once, and its
	// own include of itself stays.
	want2 := "<!-- included from src/a.md -->\nA.\n\n{{#include missing.md}}\n\n{{#include ../../etc/passwd}}\n\n{{#include /etc/passwd}}\n\n<!-- included from src/loop.md -->\nL.\n{{#include loop.md}}\n\n{{#include a.md:nowhere}}\n\n{{#tabs x}}\n"
	if got := string(f.Data); got != want2 {
		t.Errorf("converted page\n%s\nwant\n%s", got, want2)
	}
}

// book.toml: what maps goes to site.toml, every other key is reported at
// its line once (a preprocessor or another renderer at its table), and
// a URL or template that cannot be used is reported, not guessed.
func TestMdBookConfig(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		want       site
		items      []string
	}{{
		name: "absolute site-url, edit template",
		toml: "[book]\ntitle = \"T\"\nlanguage = \"de\"\n\n[output.html]\nsite-url = \"https://docs.example.com/book\"\nedit-url-template = \"https://git.example.com/b/edit/main/{path}\"\nmathjax-support = true\n\n[preprocessor.admonish]\ncommand = \"mdbook-admonish\"\nassets_version = \"3\"\n\n[output.pdf]\n",
		want: site{Title: "T", Language: "de", BaseURL: "https://docs.example.com/book/", EditURL: "https://git.example.com/b/edit/main/"},
		items: []string{
			"`book/book.toml:7:1`: editURL is https://git.example.com/b/edit/main/, to which playbook appends content/<page>.md: it assumes the new site replaces the book in its repository (content/ where src/ was)",
			"`book/book.toml:8:1`: output.html.mathjax-support not carried over: playbook has no equivalent",
			"`book/book.toml:10:2`: the admonish preprocessor is not run: what it adds to pages is not imported, and its syntax stays as written (see below)",
			"`book/book.toml:14:2`: the pdf renderer is not run: playbook builds HTML, a print page and a PDF",
		},
	}, {
		name: "site-url without host, template not ending in {path}",
		toml: "[output.html]\nsite-url = \"/book/\"\nedit-url-template = \"https://x.example/{path}?plain=1\"\n[output.html.redirect]\n\"/old.html\" = \"new.html\"\n",
		items: []string{
			"`book/book.toml:2:1`: site-url \"/book/\" has no host; set baseURL in site.toml to the site's whole URL (https://host/book/)",
			"`book/book.toml:3:1`: edit-url-template \"https://x.example/{path}?plain=1\" does not end in {path}; set editURL (a prefix to which playbook appends content/<page>.md) by hand",
			"`book/book.toml:5:1`: redirect from /old.html not carried over: add its path to aliases in the front matter of the page it redirects to",
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(mapFS(map[string]string{"book.toml": tc.toml}), MdBook, "")
			p.report.Source = "book"
			if _, err := p.readBookConfig(); err != nil {
				t.Fatal(err)
			}
			if p.site != tc.want {
				t.Errorf("site %+v, want %+v", p.site, tc.want)
			}
			if got := allItems(p); !slices.Equal(got, tc.items) {
				t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.items, "\n"))
			}
		})
	}
	p := newProject(mapFS(map[string]string{"book.toml": "[book]\ntitle = 3\n"}), MdBook, "")
	if _, err := p.readBookConfig(); err == nil {
		t.Error("a title that is no string: no error")
	}
}

// Links to chapters' .html pages become links to their .md files, with
// the fragment; index.html is a folder's README.md; a real .html file,
// an external link and a page that does not exist stay as written.
func TestMdBookChapterLinks(t *testing.T) {
	files := mapFS(map[string]string{
		"src/guide/page.md":   "[a](../intro.html#why) [b](index.html) [c](../files/x.html) [d](https://e.example/a.html) [e](gone.html) [f](setup.md)\n\n`[g](../intro.html)`\n",
		"src/guide/README.md": "# Guide\n",
		"src/guide/setup.md":  "# Setup\n",
		"src/intro.md":        "# Intro\n",
		"src/files/x.html":    "<p>x</p>\n",
	})
	p, f := mdBookPage(t, files, "guide/page.md")
	want := "[a](../intro.md#why) [b](README.md) [c](../files/x.html) [d](https://e.example/a.html) [e](gone.html) [f](setup.md)\n\n`[g](../intro.html)`\n"
	if got := string(f.Data); got != want {
		t.Errorf("links\n%s\nwant\n%s", got, want)
	}
	if got := p.report.Total(LinksRewritten); got != 2 {
		t.Errorf("%s, want 2", countName(LinksRewritten, got))
	}
}

// A book whose src is the project's root: its configuration, theme and
// output are not imported as content; a page SUMMARY.md does not list
// becomes a draft, and mdBook's 404 page says why it is one.
func TestMdBookSourceAtRoot(t *testing.T) {
	p := newProject(mapFS(map[string]string{
		"book.toml":       "[book]\nsrc = \".\"\n",
		"SUMMARY.md":      "- [Intro](intro.md)\n",
		"intro.md":        "# Intro\n",
		"404.md":          "# Not found\n",
		"theme/index.hbs": "<html></html>\n",
		"book/index.html": "<html></html>\n",
	}), MdBook, "")
	p.report.Source = "book"
	if err := readMdBook(p); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.sortedFiles() {
		got = append(got, f.Dest)
	}
	if want := []string{"content/404.md", "content/SUMMARY.md", "content/intro.md"}; !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if f := p.files["content/404.md"]; !strings.HasPrefix(string(f.Data), "---\ndraft: true\n---\n") {
		t.Errorf("404.md is no draft:\n%s", f.Data)
	}
	want := []string{
		"`content/404.md:1:1`: mdBook's page for missing pages; playbook's theme has its own (layouts/404.html): imported as a draft (built with --drafts); list it in SUMMARY.md and remove draft to publish it",
		"`book/theme`: mdBook theme overrides not imported: playbook's theme has its own templates and CSS (see Themes in README)",
	}
	if got := allItems(p); !slices.Equal(got, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Lines mdBook hides in Rust code blocks ("# x", "#") are left out, and
// reported once per page with their count; "##" shows as "#"; "#[attr]"
// and "#!" lines, other languages' "#" comments and lines outside code
// stay.
func TestMdBookRustHiddenLines(t *testing.T) {
	page := "# Page\n\n```rust\n# fn main() {\n#\n    ##[derive(Debug)]\n#[inline]\n#![allow(unused)]\n    # let x = 1;\n# }\n```\n\n```rust,editable\n# use std::io;\nfn f() {}\n```\n\n```bash\n# a comment\n```\n\n```\n# no language\n```\n\n# fn outside() {}\n"
	p, f := mdBookPage(t, mapFS(map[string]string{"src/page.md": page}), "page.md")
	want := "# Page\n\n```rust\n    #[derive(Debug)]\n#[inline]\n#![allow(unused)]\n```\n\n```rust,editable\nfn f() {}\n```\n\n```bash\n# a comment\n```\n\n```\n# no language\n```\n\n# fn outside() {}\n"
	if got := string(f.Data); got != want {
		t.Errorf("converted page\n%s\nwant\n%s", got, want)
	}
	items := []string{"`content/page.md:4:1`: 5 hidden lines (mdBook's hidden lines, shown on a click) left out of 2 code blocks, as mdBook showed the page"}
	if got := allItems(p); !slices.Equal(got, items) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(items, "\n"))
	}
}

// An include escaped in running text shows as written without its
// backslash, and the build reads no template in it.
func TestMdBookEscapedInText(t *testing.T) {
	files := mapFS(map[string]string{"src/ch1.md": "# One\n\nEscaped: \\{{#include part.md}} and \\{{#title T}}\n", "src/part.md": "P.\n"})
	p, f := mdBookPage(t, files, "ch1.md")
	want := "# One\n\nEscaped: \\{\\{#include part.md}} and \\{\\{#title T}}\n"
	if got := string(f.Data); got != want {
		t.Errorf("converted page\n%s\nwant\n%s", got, want)
	}
	p.finish()
	if got := allItems(p); len(got) != 0 {
		t.Errorf("items %q, want none", got)
	}
	shown, err := markdown.New(markdown.Options{}).Parse(f.Data).Text()
	if err != nil || !strings.Contains(shown, "Escaped: {{#include part.md}} and {{#title T}}") {
		t.Errorf("the page shows %q (%v)", shown, err)
	}
}

// Other languages hide the lines that start with the prefix book.toml's
// output.html.code.hidelines gives them, or the block's hidelines=.
func TestMdBookHidelines(t *testing.T) {
	page := "```python\n~hidden()\nshown()\n    ~hidden()\n```\n\n```python,hidelines=!!!\n!!!hidden()\n~shown()\n```\n\n```bash\n~shown\n```\n"
	p := newProject(mapFS(map[string]string{"src/p.md": page}), MdBook, "")
	p.report.Source = "book"
	p.copyTree("src", "content", true, nil)
	f := p.bySource["src/p.md"]
	p.convertMdBook(f, map[string]string{"python": "~"})
	want := "```python\nshown()\n```\n\n```python,hidelines=!!!\n~shown()\n```\n\n```bash\n~shown\n```\n"
	if got := string(f.Data); got != want {
		t.Errorf("converted page\n%s\nwant\n%s", got, want)
	}
	items := []string{"`content/p.md:2:1`: 3 hidden lines (mdBook's hidden lines, shown on a click) left out of 2 code blocks, as mdBook showed the page"}
	if got := allItems(p); !slices.Equal(got, items) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(items, "\n"))
	}
}

// A chapter SUMMARY.md links without a file gets a page with its title,
// as mdBook writes one, so that the imported book checks.
func TestMdBookMissingChapter(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "book")
	writeFiles(t, src, map[string]string{
		"book.toml":      "[book]\ntitle = \"B\"\n",
		"src/SUMMARY.md": "# Summary\n\n- [Intro](intro.md)\n- [Not yet](later/not-yet.md)\n",
		"src/intro.md":   "# Intro\n",
	})
	dest := filepath.Join(tmp, "site")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest})
	if err != nil || res.Failed() {
		t.Fatalf("import: %v %v", err, res.Check)
	}
	if got := string(readTree(t, dest)["content/later/not-yet.md"]); got != "---\naliases: [\"/later/not-yet.html\"]\n---\n# Not yet\n" {
		t.Errorf("the missing chapter's page is %q", got)
	}
	want := "`content/SUMMARY.md:4:13`: chapter \"Not yet\" has no file content/later/not-yet.md: written with its title"
	if report := string(res.Report.Markdown()); !strings.Contains(report, want) {
		t.Errorf("report lacks %s:\n%s", want, report)
	}
}
