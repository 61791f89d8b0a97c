package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseTag(t *testing.T) {
	tests := []struct {
		in          string
		open, close string
		name        string
		args        map[string]string
		end         bool
		n           int
		ok          bool
	}{
		{`{{ youtube(id="x", autoplay=false) }} more`, "{{", "}}", "youtube", map[string]string{"id": "x", "autoplay": "false"}, false, 37, true},
		{`{{youtube()}}`, "{{", "}}", "youtube", map[string]string{}, false, 13, true},
		{`{% note(kind='warning', n=2, tags=["a", "b]"]) %}`, "{%", "%}", "note", map[string]string{"kind": "warning", "n": "2", "tags": `["a", "b]"]`}, false, 49, true},
		{"{% end %}", "{%", "%}", "", nil, true, 9, true},
		{"{%end%}", "{%", "%}", "", nil, true, 7, true},
		{"{% ending() %}", "{%", "%}", "ending", map[string]string{}, false, 14, true},
		{"{{ foo }}", "{{", "}}", "", nil, false, 0, false},
		{"{{ 1x() }}", "{{", "}}", "", nil, false, 0, false},
		{`{{ x(a="open) }}`, "{{", "}}", "", nil, false, 0, false},
		{`{{ x(a=1 b=2) }}`, "{{", "}}", "", nil, false, 0, false},
		{`{{ x(a=1) }`, "{{", "}}", "", nil, false, 0, false},
		{`{{ x(a=[1, 2) }}`, "{{", "}}", "", nil, false, 0, false},
		{"{% x() }}", "{%", "%}", "", nil, false, 0, false},
	}
	for _, tt := range tests {
		call, end, n, ok := parseTag([]byte(tt.in), tt.open, tt.close)
		if !ok || end {
			call = shortcodeCall{}
		}
		if ok != tt.ok || end != tt.end || n != tt.n || call.name != tt.name || (tt.args != nil && !reflect.DeepEqual(call.args, tt.args)) {
			t.Errorf("parseTag(%q) = %+v, %v, %d, %v; want %s %v, %v, %d, %v", tt.in, call, end, n, ok, tt.name, tt.args, tt.end, tt.n, tt.ok)
		}
	}
}

func TestShortcodesWarnWithTheirPlaybookEquivalent(t *testing.T) {
	src := `{% note() %}
Body.
{% end %}

{% note(kind="warning", title="Trade") %}
Body.
{% end %}

{{ youtube(id="dQw4w9WgXcQ") }} and {{ figure(src="a.png") }} and {{ youtube(id="a b") }}

{% tip() %}{% end %} and {% details() %}x{% end %}

{% end %}

{% open() %}
Rest.
`
	doc := New(Options{}).Parse([]byte(src))
	at := func(s string) int { return strings.Index(src, s) }
	want := []Warning{
		{at(`{% note()`), `zola shortcode "note" is not supported: its body is shown as ordinary text; for a callout write "> [!NOTE]" and the body in "> " lines`},
		{at(`{% note(kind`), `zola shortcode "note" is not supported: its body is shown as ordinary text; for a callout write "> [!WARNING]" and the body in "> " lines`},
		{at(`{{ youtube(id="d`), `zola shortcode "youtube" is not supported: shown as a link to it`},
		{at(`{{ figure`), `zola shortcode "figure" is not supported: left out`},
		{at(`{{ youtube(id="a b`), `zola shortcode "youtube" is not supported: left out`},
		{at(`{% tip`), `zola shortcode "tip" is not supported: its body is shown as ordinary text; for a callout write "> [!TIP]" and the body in "> " lines`},
		{at(`{% details`), `zola shortcode "details" is not supported: its body is kept, the shortcode left out`},
		{at("{% end %}\n\n{% open"), `{% end %} closes no shortcode: left out`},
		{at(`{% open`), `zola shortcode "open" is not supported: its body is kept, the shortcode left out`},
		{at(`{% open`), `zola shortcode "open" has no {% end %}: its body runs to the end of the page`},
	}
	if !reflect.DeepEqual(doc.Warnings, want) {
		t.Errorf("warnings:\n%+v\nwant\n%+v", doc.Warnings, want)
	}
}

// ParseZolaShortcode reads each form of tag, and says which callout or
// video a shortcode stands for.
func TestParseZolaShortcode(t *testing.T) {
	tests := []struct {
		in             string
		name           string
		body, end      bool
		n              int
		callout, video string
		ok             bool
	}{
		{`{{ youtube(id="dQw4w9WgXcQ") }} and more`, "youtube", false, false, 31, "", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", true},
		{`{% note(kind="warning", title="Trade") %}`, "note", true, false, 41, "WARNING", "", true},
		{`{% admonition(type="Danger") %}`, "admonition", true, false, 31, "CAUTION", "", true},
		{`{{ tip(text="x") }}`, "tip", false, false, 19, "TIP", "", true},
		{`{% details(summary="x") %}`, "details", true, false, 26, "", "", true},
		{`{{ youtube(id="a b") }}`, "youtube", false, false, 23, "", "", true},
		{"{% end %}", "", false, true, 9, "", "", true},
		{"{{ page.title }}", "", false, false, 0, "", "", false},
		{"{%/* note() */%}", "", false, false, 0, "", "", false},
	}
	for _, tc := range tests {
		sc, ok := ParseZolaShortcode([]byte(tc.in))
		if ok != tc.ok || sc.Name != tc.name || sc.Body != tc.body || sc.End != tc.end || sc.Len != tc.n {
			t.Errorf("%s: got %+v %v", tc.in, sc, ok)
			continue
		}
		if kind, _ := sc.Callout(); kind != tc.callout {
			t.Errorf("%s: callout %q, want %q", tc.in, kind, tc.callout)
		}
		if href, _, _ := sc.Video(); ok && href != tc.video && tc.video != "" {
			t.Errorf("%s: video %q, want %q", tc.in, href, tc.video)
		}
		if _, _, isVideo := sc.Video(); isVideo != (tc.video != "") {
			t.Errorf("%s: video %v, want %v", tc.in, isVideo, tc.video != "")
		}
	}
}
