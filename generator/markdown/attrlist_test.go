package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseAttrList(t *testing.T) {
	tests := []struct {
		in     string
		want   []attrToken
		n      int
		colon  bool
		wantOK bool
	}{
		{`{ .a #b }`, []attrToken{{name: "class", value: "a"}, {name: "id", value: "b"}}, 9, false, true},
		{`{: .a }rest`, []attrToken{{name: "class", value: "a"}}, 7, true, true},
		{`{:}`, nil, 3, true, true},
		{`{width="300" height=20}`, []attrToken{{name: "width", value: "300"}, {name: "height", value: "20"}}, 23, false, true},
		{`{ title="a \"b\" \\ c" }`, []attrToken{{name: "title", value: `a "b" \ c`}}, 24, false, true},
		{`{ title='it\'s' }`, []attrToken{{name: "title", value: "it's"}}, 17, false, true},
		{`{ title="a}b" }`, []attrToken{{name: "title", value: "a}b"}}, 15, false, true},
		{`{ ONCLICK=x }`, []attrToken{{name: "onclick", value: "x"}}, 13, false, true},
		{`{ word }`, []attrToken{{name: "word", value: "word", bare: true}}, 8, false, true},
		{`{}`, nil, 0, false, false},
		{`{ }`, nil, 0, false, false},
		{`{ .a`, nil, 0, false, false},
		{`{ . }`, nil, 0, false, false},
		{`{"a": 1}`, nil, 0, false, false},
		{`{{ youtube() }}`, nil, 0, false, false},
		{`{ title="open }`, nil, 0, false, false},
		{`{ title="a"b }`, nil, 0, false, false},
		{`{ a= }`, nil, 0, false, false},
		{`{ .a` + strings.Repeat(" ", 2000) + `}`, nil, 0, false, false},
	}
	for _, tt := range tests {
		got, n, colon, ok := parseAttrList([]byte(tt.in))
		if ok != tt.wantOK || n != tt.n || colon != tt.colon || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseAttrList(%q) = %+v, %d, %v, %v; want %+v, %d, %v, %v", tt.in, got, n, colon, ok, tt.want, tt.n, tt.colon, tt.wantOK)
		}
	}
}

func TestAttrAllowed(t *testing.T) {
	tests := []struct {
		tok   attrToken
		image bool
		want  bool
	}{
		{attrToken{name: "class", value: "md-button"}, false, true},
		{attrToken{name: "class", value: "a -b _c"}, false, true},
		{attrToken{name: "class", value: "1a"}, false, false},
		{attrToken{name: "class", value: "a<b"}, false, false},
		{attrToken{name: "class", value: " "}, false, false},
		{attrToken{name: "id", value: "intro-1.a:b"}, false, true},
		{attrToken{name: "id", value: "1intro"}, false, false},
		{attrToken{name: "id", value: `x"y`}, false, false},
		{attrToken{name: "title", value: `<script>`}, false, true},
		{attrToken{name: "title", value: "title", bare: true}, false, false},
		{attrToken{name: "alt", value: "a"}, true, true},
		{attrToken{name: "alt", value: "a"}, false, false},
		{attrToken{name: "width", value: "300"}, true, true},
		{attrToken{name: "width", value: "300"}, false, false},
		{attrToken{name: "height", value: "30%"}, true, false},
		{attrToken{name: "height", value: "123456"}, true, false},
		{attrToken{name: "style", value: "background:url(x)"}, false, false},
		{attrToken{name: "onclick", value: "x"}, false, false},
		{attrToken{name: "href", value: "javascript:x"}, false, false},
		{attrToken{name: "src", value: "x.png"}, true, false},
		{attrToken{name: "target", value: "_blank"}, false, false},
	}
	for _, tt := range tests {
		if got := attrAllowed(tt.tok, tt.image); got != tt.want {
			t.Errorf("attrAllowed(%+v, image=%v) = %v, want %v", tt.tok, tt.image, got, tt.want)
		}
	}
}

func TestAttrListWarnings(t *testing.T) {
	src := "[x](https://x.example){ onclick=\"a()\" .ok style=\"b\" }\n\nText {: .orphan } here.\n\n{: .alone }\n\n- item\n  {: .li }\n\nA { word } stays.\n"
	doc := New(Options{}).Parse([]byte(src))
	want := []Warning{
		{strings.Index(src, "{ onclick"), `attribute list: left out "onclick", "style" (playbook keeps id, class and title, and alt, width and height on images)`},
		{strings.Index(src, "{: .orphan"), "attribute list left out: it follows no link, image or paragraph (put it right after a link or image, or on the line under a paragraph)"},
		{strings.Index(src, "{: .alone"), "attribute list left out: on a line of its own it applies to nothing (put it on the line right under the paragraph)"},
		{strings.Index(src, "{: .li"), "attribute list left out: playbook applies them to links, images and paragraphs only"},
	}
	if !reflect.DeepEqual(doc.Warnings, want) {
		t.Errorf("warnings:\n%+v\nwant\n%+v", doc.Warnings, want)
	}
}

// An id from an attribute list is an anchor that links may name.
func TestAttrListIDIsAnAnchor(t *testing.T) {
	doc := New(Options{}).Parse([]byte("Text.\n{: #pricing-rules }\n\n[x](https://x.example){ #out } [y](y.md){#local}\n"))
	for _, id := range []string{"pricing-rules", "out", "local"} {
		if !doc.HasAnchor(id) {
			t.Errorf("HasAnchor(%q) = false", id)
		}
	}
	if doc.HasAnchor("x") {
		t.Error("HasAnchor(\"x\") = true")
	}
}

// Braces after text are text, as attr_list reads them: KaTeX, template
// braces, JSON and "{a=1}" in prose render as written, with no warning;
// after emphasis or a code span a list is one, and is left out with a
// warning.
func TestAttrListAfterTextIsText(t *testing.T) {
	m := New(Options{})
	for _, tc := range []struct{ src, want string }{
		{`For example $\sum_{n=0}^{\infty} x^{2n + 1}$ renders.`, `<p>For example $\sum_{n=0}^{\infty} x^{2n + 1}$ renders.</p>`},
		{`\\[ \sum_{i=1}^{n}(x_i - \bar{x}) \\]`, `<p>\[ \sum_{i=1}^{n}(x_i - \bar{x}) \]</p>`},
		{`Set {a=1} and {"b": 2} and {#c}.`, `<p>Set {a=1} and {&ldquo;b&rdquo;: 2} and {#c}.</p>`},
		{`{x=1} starts it, and a_{y=2}_ b.`, `<p>{x=1} starts it, and a_{y=2}_ b.</p>`},
	} {
		doc := m.Parse([]byte(tc.src))
		if len(doc.Warnings) > 0 {
			t.Errorf("%s: warnings %+v", tc.src, doc.Warnings)
		}
		if got := strings.TrimSpace(renderPageBody(t, m, tc.src)); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.src, got, tc.want)
		}
	}
	for _, src := range []string{"Some *em*{ .x } text.", "Some `code`{ .x } text.", "Some _em_{#x} text."} {
		doc := m.Parse([]byte(src))
		want := []Warning{{strings.Index(src, "{"), "attribute list left out: playbook applies them to links, images and paragraphs only"}}
		if !reflect.DeepEqual(doc.Warnings, want) {
			t.Errorf("%s: warnings %+v, want %+v", src, doc.Warnings, want)
		}
		if got := renderPageBody(t, m, src); strings.Contains(got, "{") {
			t.Errorf("%s: rendered %s", src, got)
		}
	}
}
