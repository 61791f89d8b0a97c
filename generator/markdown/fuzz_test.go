package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds live in testdata/fuzz/FuzzMarkdown/; the spec examples are seeds
// too.

// idAttr matches an id attribute in rendered HTML, where text never holds
// a bare '"'.
var idAttr = regexp.MustCompile(` id="([^"]*)"`)

func FuzzMarkdown(f *testing.F) {
	for _, file := range []string{"testdata/spec/commonmark-0.31.2.json", "testdata/spec/gfm-0.29-extensions.json"} {
		for _, ex := range readSpec(f, file) {
			f.Add([]byte(ex.Markdown))
		}
	}
	// The second pipeline keeps raw HTML, whose ids are the author's.
	pipelines := []*Markdown{New(Options{ThemeID: testThemeID}), New(Options{Unsafe: true}), New(Options{NoTypographer: true, ThemeID: testThemeID})}
	f.Fuzz(func(t *testing.T, src []byte) {
		for i, m := range pipelines {
			d := m.Parse(src)
			linker := shiftLinker{testLinker{prefix: "p-"}, 1}
			var out bytes.Buffer
			if err := m.render(&out, d, linker); err != nil {
				t.Fatalf("render: %v", err)
			}
			title, err := d.TitleHTML(linker)
			if err != nil {
				t.Fatalf("title: %v", err)
			}
			if utf8.Valid(src) && (!utf8.Valid(out.Bytes()) || !utf8.ValidString(title)) {
				t.Fatalf("valid UTF-8 in, invalid out: %q, title %q", out.Bytes(), title)
			}
			// Every placeholder resolved, and none forged by content.
			if bytes.IndexByte(out.Bytes(), markerByte) >= 0 || strings.IndexByte(title, markerByte) >= 0 {
				t.Fatalf("NUL in the output: %q, title %q", out.Bytes(), title)
			}
			// Without raw HTML every id is the pipeline's: each one once,
			// and none of the theme's.
			if i == 1 {
				continue
			}
			seen := map[string]bool{}
			for _, id := range idAttr.FindAllSubmatch(out.Bytes(), -1) {
				if id := string(id[1]); seen[id] || testThemeID(strings.TrimPrefix(id, "p-")) {
					t.Fatalf("id %q twice or the theme's in %q", id, out.Bytes())
				}
				seen[string(id[1])] = true
			}
		}
	})
}

// FuzzBudget checks that the budget changes nothing it does not report:
// a page parsed within it, without a warning of its marker bounds, has the
// HTML it has without a budget; and a small budget never breaks a parse.
func FuzzBudget(f *testing.F) {
	for _, s := range []string{
		"*a_ *a_ **b** _c_", "a**b c* c* c*", "[a](b [c](d) [[e]] ![f](<g", "|a|b|\n|-|-|\nx\n",
		"[r]: /u 't'\n\n[r] [r][] [x][r]", "~~a~~ ==b== *a **a b** a*", "# h\n\n- [ ] t\n\n> q\n\n[^1]\n\n[^1]: n\n",
	} {
		f.Add([]byte(s))
	}
	free, bounded, small := New(Options{}), New(Options{MaxElements: 1_000_000}), New(Options{MaxElements: 20})
	f.Fuzz(func(t *testing.T, src []byte) {
		html := func(d *Doc) string {
			var out bytes.Buffer
			if err := d.WriteHTML(&out, nil); err != nil {
				t.Fatalf("render: %v", err)
			}
			return out.String()
		}
		if d, err := small.ParseTo(src, nil); err == nil {
			html(d)
		}
		d, err := bounded.ParseTo(src, nil)
		if err != nil {
			t.Fatalf("within a budget of 1,000,000: %v", err)
		}
		for _, w := range d.Warnings {
			if strings.Contains(w.Message, "than are parsed") {
				return
			}
		}
		if got, want := html(d), html(free.Parse(src)); got != want {
			t.Fatalf("the budget changed the HTML of %q:\n got %q\nwant %q", src, got, want)
		}
	})
}
