package importer

import (
	"strings"
	"testing"
	"testing/fstest"
)

// hugoPage converts the page content/guide/page.md, with text in, of a
// project that also has the files of extra, and returns its new text and
// the report's items about it.
func hugoPage(t *testing.T, in string, extra fstest.MapFS) (string, []string) {
	t.Helper()
	fsys := fstest.MapFS{
		"hugo.toml":                     {Data: []byte("title = \"T\"\n[params]\ncap = \"20%\"\nlimits = [1, 2]\n")},
		"content/guide/page.md":         {Data: []byte(in)},
		"content/guide/other.md":        {Data: []byte("# Other\n")},
		"content/guide/_index.md":       {Data: []byte("# Guide\n")},
		"content/tools/crm/index.md":    {Data: []byte("# CRM\n")},
		"content/tools/crm/shot.png":    {Data: []byte("PNG")},
		"includes/steps.md":             {Data: []byte("1. First {{< ref \"other\" >}}\n2. Second\n")},
		"content/guide/snippet.yaml":    {Data: []byte("a: 1\nb:\n  c: 2\n")},
		"layouts/shortcodes/local.html": {Data: []byte("x")},
	}
	for k, v := range extra {
		fsys[k] = v
	}
	p := newProject(fsys, Hugo, "")
	p.report.Source = "src"
	if err := readHugo(p); err != nil {
		t.Fatal(err)
	}
	f := p.page("content/guide/page.md")
	p.convert(f)
	var items []string
	for _, it := range p.report.Items {
		if it.Group == GroupConvert {
			items = append(items, it.Pos.String()+": "+it.Msg)
		}
	}
	return string(f.Data), items
}

func TestHugoShortcodesConvert(t *testing.T) {
	tests := []struct {
		name, in, want string
		items          []string
	}{
		{"ref in a link, relative, with anchor",
			`[a]({{< ref "other.md#x" >}}) [b]({{< relref other >}})`,
			`[a](other.md#x) [b](other.md)`, nil},
		{"ref from the content root, to a section and a bundle",
			`[a]({{< ref "/guide" >}}) [b]({{< ref "/tools/crm/" >}}) [c]({{% ref path="tools/crm" %}})`,
			`[a](_index.md) [b](../tools/crm/index.md) [c](../tools/crm/index.md)`, nil},
		{"ref to an anchor of the page",
			`[a]({{< ref "#top" >}})`, `[a](#top)`, nil},
		{"ref by a bare name found anywhere, a folder by its name",
			`[a]({{< ref "crm" >}})`, `[a](../tools/crm/index.md)`, nil},
		{"ref to nothing stays and says why",
			"Intro.\n\n[a]({{< ref \"gone.md\" >}})",
			"Intro.\n\n[a]({{< ref \"gone.md\" >}})",
			[]string{`content/guide/page.md:3:5: {{< ref "gone.md" >}} not converted: no page "gone.md" in the project`}},
		{"shortcodes in code, which Hugo ran: param converted, the others stay and are reported",
			"`{{< ref \"other\" >}}` `v{{% param cap %}}`\n\n```\n{{< alert >}}x{{< /alert >}}\n{{< local >}}\n```\n\n    {{< ref \"other\" >}}\n",
			"`{{< ref \"other\" >}}` `v20%`\n\n```\n{{< alert >}}x{{< /alert >}}\n{{< local >}}\n```\n\n    {{< ref \"other\" >}}\n",
			[]string{
				"content/guide/page.md:1:2: {{< ref \"other\" >}} not converted: it is in code, where Hugo ran it too; write what it showed there, or {{</* ref */>}} for the shortcode as text",
				"content/guide/page.md:4:1: {{< alert >}} not converted: it is in code, where Hugo ran it too; write what it showed there, or {{</* alert */>}} for the shortcode as text",
				"content/guide/page.md:5:1: {{< local >}} not converted: the project's own shortcode (layouts/shortcodes/local.html); write what it shows in Markdown",
				"content/guide/page.md:8:5: {{< ref \"other\" >}} not converted: it is in code, where Hugo ran it too; write what it showed there, or {{</* ref */>}} for the shortcode as text",
			}},
		{"Hugo's escaped form stays outside code (the build shows it as {{< ref >}})", `{{</* ref "other" */>}}`, `{{</* ref "other" */>}}`, nil},
		{"Hugo's escaped form in code is what Hugo shows",
			"Use `{{</* button href=\"/\" */>}}`.\n\n```tpl\n{{%/* details \"Title\" [open] */%}}\nText\n{{%/*/details*/%}}\n```\n",
			"Use `{{< button href=\"/\" >}}`.\n\n```tpl\n{{% details \"Title\" [open] %}}\nText\n{{%/details%}}\n```\n", nil},
		{"a theme's shortcode in a tab that becomes code is reported in it",
			"{{< tabpane >}}\n{{< tab header=\"Shell\" lang=\"sh\" >}}\nnpm i {{< pkg-version >}}\n{{< /tab >}}\n{{< /tabpane >}}\n",
			"=== \"Shell\"\n\n    ```sh\n    npm i {{< pkg-version >}}\n    ```\n",
			[]string{"content/guide/page.md:4:11: {{< pkg-version >}} not converted: it is in code, where Hugo ran it too; write what it showed there, or {{</* pkg-version */>}} for the shortcode as text"}},
		{"a ref in a highlight is reported in the code (Hugo showed a URL there), param converted",
			"{{< highlight md >}}\n[a]({{< ref other >}}) {{< param cap >}}\n{{< /highlight >}}\n",
			"```md\n[a]({{< ref other >}}) 20%\n```\n",
			[]string{"content/guide/page.md:2:5: {{< ref other >}} not converted: it is in code, where Hugo ran it too; write what it showed there, or {{</* ref */>}} for the shortcode as text"}},
		{"a callout in a tab that becomes code stays and is reported",
			"{{< tabpane >}}\n{{< tab header=\"HTML\" lang=\"html\" >}}\n{{< alert >}}x{{< /alert >}}\n{{< /tab >}}\n{{< /tabpane >}}\n",
			"=== \"HTML\"\n\n    ```html\n    {{< alert >}}x{{< /alert >}}\n    ```\n",
			[]string{"content/guide/page.md:4:5: {{< alert >}} not converted: it is in code, where Hugo ran it too; write what it showed there, or {{</* alert */>}} for the shortcode as text"}},
		{"escaped shortcodes over several lines in code",
			"```tpl\n{{</* asciinema\n  cast=\"a.cast\" */>}}\n```\n\n- x\n  ```tpl\n  {{</* katex display=true >}}\n  f(x)\n  {{< /katex */>}}\n  ```\n",
			"```tpl\n{{< asciinema\n  cast=\"a.cast\" >}}\n```\n\n- x\n  ```tpl\n  {{< katex display=true >}}\n  f(x)\n  {{< /katex >}}\n  ```\n", nil},
		{"escaped shortcodes in a tab of code and in highlight",
			"{{< tabpane >}}\n{{< tab header=\"Markdown\" lang=\"md\" >}}\n{{</* alert */>}}x{{</* /alert */>}}\n{{< /tab >}}\n{{< /tabpane >}}\n\n{{< highlight go-html-template >}}\n{{</* figure src=\"a.png\" */>}}\n{{< /highlight >}}\n",
			"=== \"Markdown\"\n\n    ```md\n    {{< alert >}}x{{< /alert >}}\n    ```\n\n```go-html-template\n{{< figure src=\"a.png\" >}}\n```\n", nil},
		{"shortcodes in a tab that becomes code are converted, or reported in it",
			"{{< tabpane >}}\n{{< tab header=\"hugo.toml\" lang=\"toml\" >}}\ncap = \"{{% param cap %}}\"\nv = \"{{% param mermaid.version %}}\"\n{{< /tab >}}\n{{< /tabpane >}}\n",
			"=== \"hugo.toml\"\n\n    ```toml\n    cap = \"20%\"\n    v = \"{{% param mermaid.version %}}\"\n    ```\n",
			[]string{"content/guide/page.md:5:10: {{% param mermaid.version %}} not converted: params.mermaid.version is not a text, number or true/false value in the configuration or the page"}},
		{"callout with title and a nested ref",
			"{{< alert title=\"Careful: \\\"quotes\\\"\" color=\"danger\" >}}\nSee {{< ref other >}}.\n\nTwo.\n{{< /alert >}}\n",
			"!!! danger \"Careful: \"quotes\"\"\n\n    See other.md.\n\n    Two.\n", nil},
		{"alert and pageinfo with a title show it as the callout's title",
			"{{< alert title=\"Heads up\" color=\"warning\" >}}\nBody.\n{{< /alert >}}\n\n{{% pageinfo title=\"About\" %}}\nInfo.\n{{% /pageinfo %}}\n",
			"!!! warning \"Heads up\"\n\n    Body.\n\n!!! note \"About\"\n\n    Info.\n", nil},
		{"notice with a positional title, in a list",
			"- item\n\n  {{% notice warning \"Heads up\" %}}\n  Body.\n  {{% /notice %}}\n",
			"- item\n\n  !!! warning \"Heads up\"\n\n      Body.\n", nil},
		{"nested callouts",
			"{{% note %}}\nOuter.\n{{% tip %}}\nInner.\n{{% /tip %}}\n{{% /note %}}\n",
			"> [!NOTE]\n> Outer.\n> > [!TIP]\n> > Inner.\n", nil},
		{"callout sharing its line stays",
			"Text {{< alert >}}x{{< /alert >}}\n",
			"Text {{< alert >}}x{{< /alert >}}\n",
			[]string{"content/guide/page.md:1:6: {{< alert >}} not converted: it shares its lines with other text; playbook's equivalent is a block of its own"}},
		{"figure with link, size, caption and attribution",
			`{{< figure src="shot [1].png" alt="A [shot]" title="Say \"hi\"" link="https://x.example/" width="300" caption="The CRM" attr="Acme" >}}`,
			"[![A \\[shot\\]](<shot [1].png> \"Say \\\"hi\\\"\"){ width=\"300\" }](https://x.example/)\\\n*The CRM (Acme)*", nil},
		{"highlight with backticks in the code",
			"{{< highlight md >}}\n```go\nx\n```\n{{< /highlight >}}\n",
			"````md\n```go\nx\n```\n````\n", nil},
		{"param from the site and from the page",
			"---\ncap: \"10%\"\n---\n{{< param cap >}} {{< param \"limits\" >}}",
			"---\ncap: \"10%\"\n---\n10% {{< param \"limits\" >}}",
			[]string{`content/guide/page.md:4:5: {{< param "limits" >}} not converted: params.limits is not a text, number or true/false value in the configuration or the page`}},
		{"Docsy's _param, with its placeholders, in text and in code",
			"---\nhint: \"Run {0} with {1}\"\n---\n{{% _param hint --force %}}\n\n    {{% _param cap %}}\n",
			"---\nhint: \"Run {0} with {1}\"\n---\nRun hint with --force\n\n    20%\n", nil},
		{"videos",
			`{{< youtube id="abc" title="Demo" >}} {{< vimeo 123 >}}`,
			`[YouTube video: Demo](https://www.youtube.com/watch?v=abc) [Vimeo video](https://vimeo.com/123)`, nil},
		{"details, open",
			"{{< details summary=\"More\" open=true >}}\nHidden *text*.\n{{< /details >}}\n",
			"???+ note \"More\"\n\n    Hidden *text*.\n", nil},
		{"details of hugo-book: title=, and a positional title with open",
			"{{< details title=\"Why?\" >}}\nBecause.\n{{< /details >}}\n\n{{% details \"How?\" open %}}\nLike this.\n{{% /details %}}\n",
			"??? note \"Why?\"\n\n    Because.\n\n???+ note \"How?\"\n\n    Like this.\n", nil},
		{"comment", "{{< comment >}}draft -- note{{< /comment >}}", "<!--draft - - note-->", nil},
		{"include from the project, its shortcodes converted",
			"{{% include \"/includes/steps.md\" %}}\n",
			"<!-- included from includes/steps.md -->\n1. First other.md\n2. Second\n", nil},
		{"readfile of code beside the page",
			"{{< readfile file=\"snippet.yaml\" code=\"true\" lang=\"yaml\" >}}\n",
			"```yaml\na: 1\nb:\n  c: 2\n```\n", nil},
		{"readfile in code is the file's text at the shortcode's indentation",
			"- Config:\n\n  ```yaml\n  {{< readfile \"snippet.yaml\" >}}\n  ```\n",
			"- Config:\n\n  ```yaml\n  a: 1\n  b:\n    c: 2\n  ```\n", nil},
		{"include outside the project or missing stays",
			"{{% readfile \"../../../etc/passwd\" %}}\n\n{{% readfile \"nope.md\" %}}\n",
			"{{% readfile \"../../../etc/passwd\" %}}\n\n{{% readfile \"nope.md\" %}}\n",
			[]string{
				`content/guide/page.md:1:1: {{% readfile "../../../etc/passwd" %}} not converted: "../../../etc/passwd" is outside the project; the import reads only the project's files`,
				`content/guide/page.md:3:1: {{% readfile "nope.md" %}} not converted: no file "nope.md" beside the page, in content/ or in the project`,
			}},
		{"tabpane of code and of Markdown",
			"{{< tabpane lang=\"sh\" >}}\n{{< tab header=\"Run:\" disabled=true />}}\n{{< tab \"Linux\" >}}\nmake\n{{< /tab >}}\n{{% tab header=\"Notes\" %}}\n**Bold**\n{{% /tab %}}\n{{< /tabpane >}}\n",
			"**Run:**\n\n=== \"Linux\"\n\n    ```sh\n    make\n    ```\n\n=== \"Notes\"\n\n    **Bold**\n", nil},
		{"unknown shortcodes stay, the project's own named",
			"{{< local >}} {{< gist a b >}}",
			"{{< local >}} {{< gist a b >}}",
			[]string{"content/guide/page.md:1:1: {{< local >}} not converted: the project's own shortcode (layouts/shortcodes/local.html); write what it shows in Markdown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, items := hugoPage(t, tt.in, nil)
			if got != tt.want {
				t.Errorf("converted\n%s\nwant\n%s", got, tt.want)
			}
			if strings.Join(items, "\n") != strings.Join(tt.items, "\n") {
				t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(tt.items, "\n"))
			}
		})
	}
}
