package markdown

import (
	"bytes"
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
