package importer

import (
	"slices"
	"strings"
	"testing"
)

// docusaurusProject reads a Docusaurus project made of files into a
// project and converts its pages, as Run does before writing.
func docusaurusProject(t *testing.T, files map[string]string) *project {
	t.Helper()
	p := newProject(mapFS(files), Docusaurus, "")
	p.report.Source = "site"
	if err := readDocusaurus(p); err != nil {
		t.Fatal(err)
	}
	p.finish()
	return p
}

// items returns the report's items of group g as "pos: message" lines.
func items(p *project, g Group) []string {
	var out []string
	for _, it := range p.report.sortedItems() {
		if it.Group == g {
			out = append(out, it.Pos.String()+": "+it.Msg)
		}
	}
	return out
}

// hasItem reports whether one of lines holds every part.
func hasItem(lines []string, parts ...string) bool {
	for _, l := range lines {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return true
		}
	}
	return false
}

const tabsPage = `import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

<Tabs>
  <TabItem value="a" label="Apple">

Red **fruit**.

  </TabItem>
  <TabItem value="b" default>
    Yellow.
  </TabItem>
  <TabItem value="c" label={"Cherry"}>Small.</TabItem>
</Tabs>
`

// Each MDX block converts to its Markdown, and the odd members are left
// as written with the reason.
func TestConvertMDXBlocks(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		fails          []string
	}{
		{"tabs: label, value as label, default, a tab on one line, imports dropped", tabsPage,
			"\n===! \"Apple\"\n\n    Red **fruit**.\n\n===+ \"b\"\n\n    Yellow.\n\n=== \"Cherry\"\n\n    Small.\n", nil},
		{"nested tabs convert inside their tab",
			"<Tabs>\n<TabItem value=\"Outer\">\n\n<Tabs>\n<TabItem value=\"Inner\">\n\nDeep.\n\n</TabItem>\n</Tabs>\n\n</TabItem>\n</Tabs>\n",
			"===! \"Outer\"\n\n    ===! \"Inner\"\n\n        Deep.\n", nil},
		{"text between tabs", "<Tabs>\nstray\n<TabItem value=\"a\">x</TabItem>\n</Tabs>\n",
			"<Tabs>\nstray\n<TabItem value=\"a\">x</TabItem>\n</Tabs>\n", []string{"1:1: <Tabs> not converted: text outside its <TabItem>s"}},
		{"a label that is an expression", "<Tabs>\n<TabItem value={v}>x</TabItem>\n</Tabs>\n",
			"<Tabs>\n<TabItem value={v}>x</TabItem>\n</Tabs>\n", []string{"no label or value that is plain text"}},
		{"no closing tag", "<Tabs>\n<TabItem value=\"a\">x</TabItem>\n",
			"<Tabs>\n<TabItem value=\"a\">x</TabItem>\n", []string{"no </Tabs> on a line of its own"}},
		{"tabs in a code block stay", "```mdx\n<Tabs>\n<TabItem value=\"a\">x</TabItem>\n</Tabs>\n```\n",
			"```mdx\n<Tabs>\n<TabItem value=\"a\">x</TabItem>\n</Tabs>\n```\n", nil},
		{"admonition with a title", "import Admonition from '@theme/Admonition';\n\n<Admonition type=\"danger\" title=\"Stop\">\n  Never.\n</Admonition>\n",
			"\n:::danger[Stop]\n\nNever.\n\n:::\n", nil},
		{"admonition with a ::: inside takes more colons, no type is a note", "<Admonition>\n:::tip\nin\n:::\n</Admonition>\n",
			"::::note\n\n:::tip\nin\n:::\n\n::::\n", nil},
		{"details with its summary on the next line", "<details>\n<summary>Why \"now\"?</summary>\n\nBecause.\n</details>\n",
			"??? note \"Why 'now'?\"\n\n    Because.\n", nil},
		{"open details, summary on the same line", "<details open><summary>More</summary>\nText.\n</details>\n",
			"???+ note \"More\"\n\n    Text.\n", nil},
		{"details without a summary", "<details>\nText.\n</details>\n",
			"<details>\nText.\n</details>\n", []string{"no <summary> of plain text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := docusaurusProject(t, map[string]string{"docs/page.mdx": tc.in})
			f := p.page("content/page.md")
			if f == nil {
				t.Fatal("no content/page.md")
			}
			if string(f.Data) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", f.Data, tc.want)
			}
			got := items(p, GroupConvert)
			for _, want := range tc.fails {
				if !hasItem(got, want) {
					t.Errorf("no report item %q in %q", want, got)
				}
			}
			if tc.fails == nil && len(got) > 0 {
				t.Errorf("unexpected items %q", got)
			}
		})
	}
}

// A partial imported and used as <Name /> is inlined; one outside the
// project, a missing one and one used with props are reported and left.
func TestInlinePartials(t *testing.T) {
	p := docusaurusProject(t, map[string]string{
		"docs/guide/page.mdx":  "import Note from './_note.mdx';\nimport Up from '../../../etc/passwd.md';\nimport Gone from './_gone.md';\nimport Props from '@site/docs/_props.md';\n\n<Note />\n\n```\n<Note />\n```\n\n<Up />\n<Gone />\n<Props who=\"you\" />\n",
		"docs/guide/_note.mdx": "---\ntitle: x\n---\nShared **text**.\n",
		"docs/_props.md":       "Hi.\n",
	})
	f := p.page("content/guide/page.md")
	if f == nil {
		t.Fatal("no content/guide/page.md")
	}
	want := "import Up from '../../../etc/passwd.md';\nimport Gone from './_gone.md';\nimport Props from '@site/docs/_props.md';\n\nShared **text**.\n\n```\n<Note />\n```\n\n<Up />\n<Gone />\n<Props who=\"you\" />\n"
	if string(f.Data) != want {
		t.Errorf("got\n%s\nwant\n%s", f.Data, want)
	}
	got := items(p, GroupConvert)
	if hasItem(got, "open") {
		t.Errorf("an item names Go's file operation:\n%s", strings.Join(got, "\n"))
	}
	for _, want := range [][]string{
		{"content/guide/page.md:2:1", "outside the project"},
		{"content/guide/page.md:3:1", "partial ./_gone.md not inlined: file does not exist"},
		{"content/guide/page.md:14:1", "partial Props is used with props"},
	} {
		if !hasItem(got, want...) {
			t.Errorf("no item %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	for dest := range p.files {
		if strings.Contains(dest, "_note") || strings.Contains(dest, "_props") {
			t.Errorf("partial published as %s", dest)
		}
	}
	if p.report.Total(IncludesInlined) != 1 {
		t.Errorf("%d includes inlined, want 1", p.report.Total(IncludesInlined))
	}
}

// The configuration's expressions are reported, not guessed; a docs-only
// site (routeBasePath "/") rewrites its route links; sidebars built by
// code are reported and the native order kept.
func TestDocusaurusConfigExpressionsAndRoutes(t *testing.T) {
	p := docusaurusProject(t, map[string]string{
		"docusaurus.config.ts": `export default {
  title: 'T',
  url: 'https://example.com',
  baseUrl: '/',
  presets: [['classic', {docs: {routeBasePath: '/', path: 'guide', editUrl: ({docPath}) => 'https://e/' + docPath, sidebarPath: './sidebars.ts'}}]],
  themeConfig: {footer: {copyright: ` + "`© ${new Date().getFullYear()}`" + `}, prism: {theme: prismThemes.dracula}},
};`,
		"sidebars.ts":        "export default generateSidebars();\n",
		"guide/a.md":         "[b](/b#top) [b again](b) [c](/) [gone](/gone)\n",
		"guide/b.md":         "---\nid: bee\nslug: /b\n---\n# Top\n",
		"guide/sub/c.mdx":    "---\nslug: /\n---\nC.\n",
		"guide/sub/index.md": "Sub.\n",
	})
	if p.site.Style != "dracula" || p.site.EditURL != "" || p.site.Copyright != "" {
		t.Errorf("style %q, editURL %q, copyright %q; want dracula and both unset", p.site.Style, p.site.EditURL, p.site.Copyright)
	}
	config := items(p, GroupConfig)
	for _, want := range [][]string{{"site/docusaurus.config.ts:5:", "docs.editUrl is a function"}, {"site/docusaurus.config.ts:6:", "copyright is not plain data"}} {
		if !hasItem(config, want...) {
			t.Errorf("no item %q in\n%s", want, strings.Join(config, "\n"))
		}
	}
	nav := items(p, GroupNav)
	if !hasItem(nav, "site/sidebars.ts:1:16", "not plain data") || !hasItem(nav, "content/sub/c.md:1:1", "move the page there by hand") {
		t.Errorf("navigation items\n%s", strings.Join(nav, "\n"))
	}
	if got := string(p.page("content/a.md").Data); got != "[b](b.md#top) [b again](b.md) [c](sub/c.md) [gone](/gone)\n" {
		t.Errorf("links: %s", got)
	}
}

// Links inside tabs and folding callouts, written there or in a partial
// inlined in a tab, are rewritten in the converted text like any other;
// a link in a code block of a tab stays.
func TestLinksInsideConvertedBlocks(t *testing.T) {
	p := docusaurusProject(t, map[string]string{
		"docs/intro.mdx": `import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import Part from './_part.md';

<Tabs>
  <TabItem value="a" label="Apple" default>
    Apple [a](/docs/guide/a)
  </TabItem>
  <TabItem value="b" label="Banana">

<Part />

  </TabItem>
  <TabItem value="c" label="Cherry">

` + "```md\n[in code](/docs/guide/a)\n```" + `

  </TabItem>
</Tabs>

<details>
  <summary>More</summary>

  See [b](/docs/guide/b/) and [gone](@site/docs/gone.md).
</details>
`,
		"docs/_part.md":   "Partial [a](/docs/guide/a#top).\n",
		"docs/guide/a.md": "# A\n",
		"docs/guide/b.md": "# B\n",
	})
	// Docusaurus' default sidebar lists guide/ before intro.mdx.
	want := `---
weight: 20
---

===!+ "Apple"

    Apple [a](guide/a.md)

=== "Banana"

    Partial [a](guide/a.md#top).

=== "Cherry"

    ` + "```md\n    [in code](/docs/guide/a)\n    ```" + `

??? note "More"

    See [b](guide/b.md) and [gone](@site/docs/gone.md).
`
	if got := string(p.page("content/intro.md").Data); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := p.report.Total(LinksRewritten); n != 3 {
		t.Errorf("%d links rewritten, want 3", n)
	}
	if got := items(p, GroupConvert); !hasItem(got, "content/intro.md:21:", "link @site/docs/gone.md names no imported file") {
		t.Errorf("items\n%s", strings.Join(got, "\n"))
	}
}

// A project without static/ has nothing to report about it; a folder
// staticDirectories names that does not exist is reported.
func TestDocusaurusStaticFolders(t *testing.T) {
	const page = "# A\n"
	p := docusaurusProject(t, map[string]string{
		"docusaurus.config.js": "module.exports = {title: 'T'};\n",
		"docs/a.md":            page,
	})
	if got := items(p, GroupFiles); len(got) > 0 {
		t.Errorf("items about files: %q", got)
	}
	p = docusaurusProject(t, map[string]string{
		"docusaurus.config.js": "module.exports = {title: 'T', staticDirectories: ['public', 'static']};\n",
		"docs/a.md":            page,
		"static/logo.svg":      "<svg/>",
	})
	got := items(p, GroupFiles)
	if want := "site/public: the static folder staticDirectories names does not exist"; len(got) != 1 || got[0] != want {
		t.Errorf("items about files: %q, want %q", got, want)
	}
	if p.files["static/logo.svg"] == nil {
		t.Error("static/logo.svg not imported")
	}
}

// A <details> inside a tab (here from a partial) converts in place: the
// folding callout keeps the tab's indentation, so it stays in the tab,
// and a blank line before it, so that it does not end a list item.
func TestDetailsInsideTab(t *testing.T) {
	p := docusaurusProject(t, map[string]string{
		"docs/page.mdx": "import Part from './_part.md';\n\n<Tabs>\n<TabItem value=\"Podman\">\n\n<Part />\n\n</TabItem>\n</Tabs>\n",
		"docs/_part.md": "1. Run it.\n<details>\n<summary>Managing via systemd</summary>\n\nUse [a unit](/docs/unit).\n\n</details>\n",
		"docs/unit.md":  "# Unit\n",
	})
	want := "---\nweight: 10\n---\n\n===! \"Podman\"\n\n    1. Run it.\n\n    ??? note \"Managing via systemd\"\n\n        Use [a unit](unit.md).\n"
	if got := string(p.page("content/page.md").Data); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if got := items(p, GroupUnrendered); len(got) > 0 {
		t.Errorf("left unrendered: %q", got)
	}
}

// Docusaurus' line-highlight magic comments, in every comment style it
// reads, are dropped from fenced code blocks (in a tab too) and said
// once per page with their count at the first; the same words outside
// a fenced block, or with code on their line, stay (the trial's
// jellyfin caddy.md).
func TestHighlightCommentsDropped(t *testing.T) {
	page := "# Caddy\n\n// highlight-next-line is how you mark a line.\n\n```Caddyfile\nexample.com {\n    reverse_proxy 127.0.0.1:8096\n    // highlight-start\n    tls {\n        dns <DNS Provider> <API Token>\n    }\n    // highlight-end\n}\n```\n\n" +
		"```bash\n# highlight-next-line\necho hi # highlight-next-line\n```\n\n" +
		"~~~html\n<!-- highlight-next-line -->\n<p>x</p>\n  /* highlight-start */\n{/* highlight-end */}\n-- highlight-next-line\n% highlight-next-line\n~~~\n\n" +
		"<Tabs>\n<TabItem value=\"a\" label=\"A\">\n\n```js\n// highlight-next-line\nconst a = 1;\n```\n\n</TabItem>\n</Tabs>\n"
	p := docusaurusProject(t, map[string]string{"docs/caddy.mdx": page})
	want := "# Caddy\n\n// highlight-next-line is how you mark a line.\n\n```Caddyfile\nexample.com {\n    reverse_proxy 127.0.0.1:8096\n    tls {\n        dns <DNS Provider> <API Token>\n    }\n}\n```\n\n" +
		"```bash\necho hi # highlight-next-line\n```\n\n" +
		"~~~html\n<p>x</p>\n~~~\n\n" +
		"===! \"A\"\n\n    ```js\n    const a = 1;\n    ```\n"
	if got := string(p.page("content/caddy.md").Data); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	want1 := "content/caddy.md:8:1: 9 line-highlight comments dropped from code blocks (Docusaurus highlights the lines they mark; playbook does not highlight lines)"
	if got := items(p, GroupConvert); !slices.Equal(got, []string{want1}) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), want1)
	}
}
