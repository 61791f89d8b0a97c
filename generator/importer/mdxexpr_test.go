package importer

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/markdown"
)

// In an MDX page, {/* comments */} become HTML comments, which render
// as nothing and warn about nothing; every other expression is reported
// at its place in the new page and left as written. Braces in code,
// math, escaped, in a heading's {#id}, in a tag's attributes and in
// import/export statements are not expressions to report.
func TestMDXExpressions(t *testing.T) {
	const page = "The answer is {1 + 1}.\n\n{/* a comment */}\n\nHello {props.name}, {/* inline */} bye {'}'} and { {a: 1} }.\n\n" +
		"`{code}` and\n\n```js\nconst o = {x};\n```\n\n$x^{2}$ and\n\n$$\n\\frac{a}{b}\n$$\n\n\\{escaped\\}\n\n## Title {#title}\n\n" +
		"<span title={'x'}>tag</span>\n\n{/* a -- b */}\n\n{/*\n  two lines\n*/}\n"
	p := docusaurusProject(t, map[string]string{"docs/page.mdx": "export const meta = {a: 1};\n\n" + page})
	got := string(p.page("content/page.md").Data)
	want := strings.NewReplacer("{/* a comment */}", "<!-- a comment -->", "{/* inline */}", "<!-- inline -->",
		"{/* a -- b */}", "<!-- -->", "{/*\n  two lines\n*/}", "<!-- two lines -->").Replace("export const meta = {a: 1};\n\n" + page)
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := p.report.Total(ShortcodesConverted); n != 4 {
		t.Errorf("%d converted, want 4", n)
	}
	wantItems := []string{
		"content/page.md:3:15: MDX expression `{1 + 1}` not converted",
		"content/page.md:7:7: MDX expression `{props.name}` not converted",
		"content/page.md:7:41: MDX expression `{'}'}` not converted",
		"content/page.md:7:51: MDX expression `{ {a: 1} }` not converted",
	}
	items := items(p, GroupConvert)
	if len(items) != len(wantItems) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(wantItems, "\n"))
	}
	for _, w := range wantItems {
		if !hasItem(items, w) {
			t.Errorf("no item %q in\n%s", w, strings.Join(items, "\n"))
		}
	}
	// The comments render as nothing, with raw HTML off, and no warning.
	doc := markdown.New(markdown.Options{}).Parse([]byte("A\n\n<!-- a comment -->\n\nB <!-- inline --> C\n\n<!-- -->\n\n<!-- two lines -->\n"))
	var html strings.Builder
	if err := doc.WriteHTML(&html, nil); err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) > 0 || strings.Contains(html.String(), "comment") || strings.Contains(html.String(), "inline") {
		t.Errorf("comments render as %q, warnings %v", html.String(), doc.Warnings)
	}
}

// Docusaurus reads a page as MDX by its configuration's markdown.format
// and the page's front matter format: "md" pages have no expressions,
// "detect" makes .md pages CommonMark and .mdx pages MDX.
func TestMDXFormat(t *testing.T) {
	const text = "Hello {name} {/* c */}\n"
	for _, tc := range []struct {
		name, config, page, front string
		mdx                       bool
	}{
		{"default: every page is MDX", "", "a.md", "", true},
		{"detect: a .md page is CommonMark", "markdown: {format: 'detect', mermaid: true}", "a.md", "", false},
		{"detect: a .mdx page is MDX", "markdown: {format: 'detect'}", "a.mdx", "", true},
		{"md: no page is MDX", "markdown: {format: 'md'}", "a.mdx", "", false},
		{"front matter format decides", "markdown: {format: 'detect'}", "a.md", "format: mdx", true},
		{"front matter mdx.format decides", "", "a.md", "mdx:\n  format: md", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := text
			if tc.front != "" {
				page = "---\n" + tc.front + "\n---\n" + text
			}
			p := docusaurusProject(t, map[string]string{
				"docusaurus.config.js": "module.exports = {title: 'T', " + tc.config + "};\n",
				"docs/" + tc.page:      page,
			})
			got := string(p.page("content/a.md").Data)
			converted := strings.Contains(got, "<!-- c -->")
			reported := hasItem(items(p, GroupConvert), "MDX expression `{name}`")
			if converted != tc.mdx || reported != tc.mdx {
				t.Errorf("converted %v, reported %v, want %v:\n%s", converted, reported, tc.mdx, got)
			}
			if config := items(p, GroupConfig); hasItem(config, "markdown") {
				t.Errorf("markdown reported: %q", config)
			}
		})
	}
}
