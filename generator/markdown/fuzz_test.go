package markdown

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// Seeds live in testdata/fuzz/FuzzMarkdown/.

func FuzzMarkdown(f *testing.F) {
	m := New(Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		d := m.Parse(src)
		var out bytes.Buffer
		if err := m.Render(&out, d, testLinker{prefix: "p-"}); err != nil {
			t.Fatalf("render: %v", err)
		}
		if utf8.Valid(src) && !utf8.Valid(out.Bytes()) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out.Bytes())
		}
	})
}
