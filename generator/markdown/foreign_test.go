package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// warnings parses src and returns its warnings as "line:col: message".
func warnings(opts Options, src string) []string {
	var out []string
	for _, w := range New(opts).Parse([]byte(src)).Warnings {
		before := src[:w.Offset]
		line := strings.Count(before, "\n") + 1
		col := w.Offset - (strings.LastIndexByte(before, '\n') + 1) + 1
		out = append(out, fmt.Sprintf("%d:%d: %s", line, col, w.Message))
	}
	return out
}

// The output of each construct is in testdata/foreign.txt; these are its
// warnings.
func TestForeignSyntaxWarnsWithPositionAndThePlaybookWay(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"hugo callouts", "{{< alert >}}\nText.\n{{< /alert >}}\n\n{{% notice warning %}}x{{% /notice %}}\n\n{{< hint type=tip >}}\n", []string{
			"1:1: Hugo shortcode {{< alert >}} not rendered: use a callout: > [!NOTE]",
			"5:1: Hugo shortcode {{% notice %}} not rendered: use a callout: > [!WARNING]",
			"7:1: Hugo shortcode {{< hint >}} not rendered: use a callout: > [!TIP]",
		}},
		{"hugo links, figures, code and the rest", `See {{< ref "pricing.md" >}}, {{< relref path="a/b.md" >}} and {{< figure src="/f.png" caption="Funnel" >}}.` + "\n\n{{< highlight go >}}\n\n{{< youtube abc />}}\n", []string{
			"1:5: Hugo shortcode {{< ref >}} not rendered: use a relative link [text](pricing.md)",
			"1:31: Hugo shortcode {{< relref >}} not rendered: use a relative link [text](a/b.md)",
			"1:64: Hugo shortcode {{< figure >}} not rendered: use ![Funnel](/f.png)",
			"3:1: and 2 more Hugo shortcodes not rendered, the next here",
		}},
		{"hugo closing form without an opening", "Text {{< /tab >}}\n", []string{
			"1:6: Hugo shortcode {{< /tab >}} not rendered: playbook has no shortcodes; write what it shows in Markdown",
		}},
		{"hugo escaped form", "{{</* alert */>}}\n", nil},
		// What no parser takes still shows: the net under them warns.
		{"template lookalikes", "{{</* alert */>}}\n\n{{< alert and {{< >}}\n\n{{ .Title }} {% include \"x\" %}\n\n{{ youtube(id=\"x\") }}\n", []string{
			`3:1: Hugo shortcode "{{< alert and {{< >}}" not rendered: it spans lines or is unclosed; write what it shows in Markdown (a callout > [!NOTE], a link, an image)`,
			`3:15: Hugo shortcode "{{< >}}" not rendered: it spans lines or is unclosed; write what it shows in Markdown (a callout > [!NOTE], a link, an image)`,
			`5:1: template expression "{{ .Title }} {% include \"x\" %}" not rendered: pages are Markdown, not templates; write the text itself`,
			`5:14: and 1 more template tag not rendered, the next here`,
			`7:1: zola shortcode "youtube" is not supported: shown as a link to it`,
		}},
		{"a Hugo shortcode over several lines", "{{< alert color=\"warning\"\n    title=\"Heads up\" >}}\nBody.\n{{< /alert >}}\n", []string{
			`1:1: Hugo shortcode "{{< alert color=\"warning\"" not rendered: it spans lines or is unclosed; write what it shows in Markdown (a callout > [!NOTE], a link, an image)`,
			`4:1: Hugo shortcode {{< /alert >}} not rendered: use a callout: > [!NOTE]`,
		}},
		{"mdbook", "{{#include ../listings/call.md:intro}}\n\n{{#rustdoc_include x.rs}}\n\n{{#playground demo.rs editable}}\n\n{{#title Discovery calls}}\n\n{{#each x}}\n", []string{
			"1:1: mdBook {{#include}} not rendered: playbook does not include files; paste the content of ../listings/call.md here",
			"3:1: mdBook {{#rustdoc_include}} not rendered: playbook does not include files; paste the content of x.rs here",
			"5:1: mdBook {{#playground}} not rendered: paste the code of demo.rs into a fenced code block",
			`7:1: and 1 more mdBook command not rendered, the next here`,
			`9:1: template expression "{{#each x}}" not rendered: pages are Markdown, not templates; write the text itself`,
		}},
		{"mdbook title", "{{#title Discovery calls}}\n", []string{
			`1:1: mdBook {{#title}} not rendered: set title = "Discovery calls" in the front matter`,
		}},
		{"mdx statements", "import Tabs from '@theme/Tabs';\nimport {\n  TabItem,\n} from '@theme/TabItem';\n\nexport const meta = {};\n\nimport the CSV.\n", []string{
			"1:1: MDX import not rendered: playbook pages are Markdown, not MDX; remove the line",
			"2:1: MDX import not rendered: playbook pages are Markdown, not MDX; remove the line",
			"6:1: MDX export not rendered: put the page's data in its front matter",
		}},
		{"mdx components", "<Tabs>\n  <TabItem value=\"a\">\n\nA.\n\n  </TabItem>\n</Tabs>\n\nPress <Kbd>K</Kbd>, </Stray>.\n\n<Admonition type=\"tip\">x</Admonition>\n", []string{
			"1:1: MDX component <Tabs> not rendered: write each tab's content under a heading of its own",
			"2:3: MDX component <TabItem> not rendered: write each tab's content under a heading of its own",
			"9:7: MDX component <Kbd> not rendered: playbook pages are Markdown, not MDX; write its content in Markdown",
			"9:21: and 2 more MDX components not rendered, the next here",
		}},
		{"mdx components and raw HTML each say their own", "<details>\n\n<Note>x</Note> <br> <!-- <Tip> -->\n", []string{
			"1:1: raw HTML left out (2 places, the first here): set unsafe = true under [markup] in site.toml to keep it",
			"3:1: MDX component <Note> not rendered: use a callout: > [!NOTE]",
		}},
		{"mkdocs icons", ":material-check: Done, :fontawesome-brands-github: and :octicons-mark-github-16: or :simple-python:, not a:material-x: or :smile:\n", []string{
			"1:1: MkDocs icon :material-check: not rendered: write an emoji or plain text instead",
			"1:24: MkDocs icon :fontawesome-brands-github: not rendered: write an emoji or plain text instead",
			"1:56: MkDocs icon :octicons-mark-github-16: not rendered: write an emoji or plain text instead",
			"1:85: and 1 more MkDocs icon not rendered, the next here",
		}},
		{"none in code", "`{{< ref \"x.md\" >}}` `:material-check:` `<Tabs>`\n\n```\n{{#include x}}\nimport X from 'y';\n<Tabs>\n```\n\n    {{< alert >}}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := warnings(Options{}, tc.src); !slices.Equal(got, tc.want) {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A page of 200 shortcodes says so in four warnings, not 200.
func TestForeignWarningsAreBoundedPerKind(t *testing.T) {
	src := strings.Repeat("{{< tab >}} :material-check:\n", 200) + "import X from 'y';\n"
	got := warnings(Options{}, src)
	want := []string{
		"1:1: Hugo shortcode {{< tab >}} not rendered: playbook has no shortcodes; write what it shows in Markdown",
		"1:13: MkDocs icon :material-check: not rendered: write an emoji or plain text instead",
		"2:1: Hugo shortcode {{< tab >}} not rendered: playbook has no shortcodes; write what it shows in Markdown",
		"2:13: MkDocs icon :material-check: not rendered: write an emoji or plain text instead",
		"3:1: Hugo shortcode {{< tab >}} not rendered: playbook has no shortcodes; write what it shows in Markdown",
		"3:13: MkDocs icon :material-check: not rendered: write an emoji or plain text instead",
		"4:1: and 197 more Hugo shortcodes not rendered, the next here",
		"4:13: and 197 more MkDocs icons not rendered, the next here",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Template syntax whose brace is escaped is text its author shows, and
// no warning; an escaped backslash before it escapes nothing.
func TestEscapedTemplateSyntaxIsText(t *testing.T) {
	got := warnings(Options{}, "Write \\{{#include x}} or \\{% if %} to show them.\n\nBut \\\\{{ x }} is a template.\n")
	want := []string{`3:7: template expression "{{ x }} is a template." not rendered: pages are Markdown, not templates; write the text itself`}
	if !slices.Equal(got, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if html := renderPageBody(t, New(Options{}), "\\{{#include x}}\n"); !strings.Contains(html, "{{#include x}}") {
		t.Errorf("escaped braces not shown: %s", html)
	}
}

// With EveryForeign (the import's report) every occurrence is a warning
// of its own, at its position.
func TestEveryForeignWarnsAboutEachOccurrence(t *testing.T) {
	src := strings.Repeat("{{< tab >}} :material-check:\n", 200)
	got := warnings(Options{EveryForeign: true}, src)
	if len(got) != 400 {
		t.Fatalf("%d warnings, want 400", len(got))
	}
	if want := "200:13: MkDocs icon :material-check: not rendered: write an emoji or plain text instead"; got[399] != want {
		t.Errorf("last warning %q, want %q", got[399], want)
	}
	for _, w := range got {
		if strings.Contains(w, "more") {
			t.Errorf("a count where each occurrence was asked for: %s", w)
		}
	}
}

// With EveryForeign, raw HTML is a warning at each place, named by its
// first tag, not one per page.
func TestEveryForeignNamesEachRawHTMLPlace(t *testing.T) {
	got := warnings(Options{EveryForeign: true}, "<table>\n<tr><td>a</td></tr>\n</table>\n\nText<sup>1</sup> and <!-- a note -->.\n")
	want := []string{
		"1:1: raw HTML <table> left out: set unsafe = true under [markup] in site.toml to keep it, or write it in Markdown",
		"5:5: raw HTML <sup> left out: set unsafe = true under [markup] in site.toml to keep it, or write it in Markdown",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// JSX components show as written with raw HTML on too, and are the one
// warning they get.
func TestMDXComponentsWarnWithRawHTMLOn(t *testing.T) {
	got := warnings(Options{Unsafe: true}, "<Tabs>\n\n<b>kept</b>\n")
	want := []string{"1:1: MDX component <Tabs> not rendered: write each tab's content under a heading of its own"}
	if !slices.Equal(got, want) {
		t.Errorf("warnings %q, want %q", got, want)
	}
}

func TestShortcodeArgs(t *testing.T) {
	for _, tc := range []struct {
		in    string
		args  []string
		named map[string]string
	}{
		{``, nil, map[string]string{}},
		{` "a b" c`, []string{"a b", "c"}, map[string]string{}},
		{` src="/x.png" alt=` + "`A \"q\"`" + ` w=3`, nil, map[string]string{"src": "/x.png", "alt": `A "q"`, "w": "3"}},
		{` "unclosed`, []string{"unclosed"}, map[string]string{}},
		{` a= b`, []string{"b"}, map[string]string{"a": ""}},
	} {
		args, named := shortcodeArgs(tc.in)
		if !slices.Equal(args, tc.args) || fmt.Sprint(named) != fmt.Sprint(tc.named) {
			t.Errorf("shortcodeArgs(%q) = %q %q, want %q %q", tc.in, args, named, tc.args, tc.named)
		}
	}
}

func TestCalloutVariant(t *testing.T) {
	for _, tc := range []struct {
		name, first string
		named       map[string]string
		want        string
	}{
		{"alert", "", nil, "NOTE"},
		{"warning", "", nil, "WARNING"},
		{"notice", "tip", nil, "TIP"},
		{"notice", "Some title", nil, "NOTE"},
		{"tip", "Some title", nil, "TIP"},
		{"alert", "", map[string]string{"type": "danger"}, "CAUTION"},
		{"callout", "", map[string]string{"context": "Important"}, "IMPORTANT"},
		{"hint", "info", nil, "NOTE"},
	} {
		if got := calloutVariant(tc.name, tc.first, tc.named); got != tc.want {
			t.Errorf("calloutVariant(%q, %q, %v) = %q, want %q", tc.name, tc.first, tc.named, got, tc.want)
		}
	}
}

// Hugo, mdBook and MkDocs syntax keeps its quotes straight: the
// typographer never sees it.
func TestForeignSyntaxKeepsQuotesStraight(t *testing.T) {
	for _, src := range []string{`{{< ref "x.md" >}}`, `{{#title "It's"}}`, `<Note a="b">`, `import X from "y";`} {
		var out bytes.Buffer
		m := New(Options{})
		if err := m.render(&out, m.Parse([]byte(src+"\n")), nil); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(out.String(), "‘’“”") || strings.Contains(out.String(), "&ldquo;") || strings.Contains(out.String(), "&rsquo;") {
			t.Errorf("%s: curled quotes in %s", src, out.String())
		}
	}
}
