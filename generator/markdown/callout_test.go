package markdown

import (
	"fmt"
	"strings"
	"testing"

	"playbook/generator/diag"
)

// What a callout cannot render as written is a warning at the
// place it starts; what renders as written warns of nothing.
func TestCalloutWarningsHavePositions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "line:col: message"
	}{
		{"every dialect as written", "!!! tip \"Why now\"\n    Ask.\n\n??? faq\n    A.\n\n> [!NOTE]\n> Quote.\n", nil},
		{"lone ??? and other text", "???\n\n!!! Wow!\n", nil},
		{"!!! without a kind", "Intro.\n\n!!!\n    Body.\n", []string{
			`3:1: !!! without a kind renders as text: write !!! note "Title"`,
		}},
		{"??? with a title and no kind", "  ???+ \"Title\"\n", []string{
			`1:3: ???+ without a kind renders as text: write ???+ note "Title"`,
		}},
		{"title without its closing quote", "- item\n\n  !!! tip \"Why now\n", []string{
			`3:3: the title after !!! tip has no closing '"': the line renders as text`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := New(Options{}).Parse([]byte(tc.src))
			lines := diag.NewLines("", []byte(tc.src))
			var got []string
			for _, w := range doc.Warnings {
				p := lines.Pos(w.Offset)
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, w.Message))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
