package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds live in testdata/fuzz/FuzzMarkdown/.

// idAttr matches an id attribute in rendered HTML, where text never holds
// a bare '"'.
var idAttr = regexp.MustCompile(` id="([^"]*)"`)

func FuzzMarkdown(f *testing.F) {
	m, unsafe := New(Options{ThemeID: testThemeID}), New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, src []byte) {
		for i, m := range []*Markdown{m, unsafe} {
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
