package markdown

import "testing"

// A page with a mermaid diagram says so, for the script; the diagram's
// source is no prose.
func TestMermaidFenceMarksTheDoc(t *testing.T) {
	for _, tc := range []struct {
		src     string
		mermaid bool
	}{
		{"```mermaid\ngraph LR\n  A --> B\n```\n", true},
		{"- item\n\n  ```MERMAID\n  pie\n  ```\n", true},
		{"```text\nmermaid\n```\n\n`mermaid`\n", false},
	} {
		d := New(Options{}).Parse([]byte(tc.src))
		if d.Mermaid != tc.mermaid {
			t.Errorf("%q: Mermaid = %v, want %v", tc.src, d.Mermaid, tc.mermaid)
		}
		if tc.mermaid && d.Words > 1 {
			t.Errorf("%q: %d words counted in a diagram", tc.src, d.Words)
		}
	}
}
