package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds live in testdata/fuzz/FuzzMarkdown/.

func FuzzMarkdown(f *testing.F) {
	m, unsafe := New(Options{}), New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, m := range []*Markdown{m, unsafe} {
			d := m.Parse(src)
			var out bytes.Buffer
			if err := m.render(&out, d, shiftLinker{testLinker{prefix: "p-"}, 1}); err != nil {
				t.Fatalf("render: %v", err)
			}
			if utf8.Valid(src) && !utf8.Valid(out.Bytes()) {
				t.Fatalf("valid UTF-8 in, invalid out: %q", out.Bytes())
			}
			// Every placeholder resolved, and none forged by content.
			if bytes.IndexByte(out.Bytes(), markerByte) >= 0 {
				t.Fatalf("NUL in the output: %q", out.Bytes())
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
