package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// What a callout or tab cannot render as written is a warning at the
// place it starts; what renders as written warns of nothing.
func TestCalloutWarningsHavePositions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "line:col: message"
	}{
		{"every dialect as written", "!!! tip \"Why now\"\n    Ask.\n\n:::warning Discount policy\nNever below floor price.\n:::\n\n??? faq\n    A.\n\n=== \"One\"\n    1\n\n> [!NOTE]\n> Quote.\n", nil},
		{"lone ??? and other text", "???\n\n!!! Wow!\n\n=== Label\n\nHeading\n===\n", nil},
		{"!!! without a kind", "Intro.\n\n!!!\n    Body.\n", []string{
			`3:1: !!! without a kind renders as text: write !!! note "Title"`,
		}},
		{"??? with a title and no kind", "  ???+ \"Title\"\n", []string{
			`1:3: ???+ without a kind renders as text: write ???+ note "Title"`,
		}},
		{"title without its closing quote", "- item\n\n  !!! tip \"Why now\n", []string{
			`3:3: the title after !!! tip has no closing '"': the line renders as text`,
		}},
		{"unclosed :::", "Intro.\n\n:::warning Discount policy\nNever below floor price.\n", []string{
			"3:1: :::warning is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
		}},
		{"unclosed inside a closed one", "::::note\n:::tip\nx\n::::\n", []string{
			"2:1: :::tip is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
		}},
		{"unclosed in a quote", "> ::::danger\n> x\n\nAfter.\n", []string{
			"1:3: ::::danger is not closed: its body runs to the end of what holds it; end it with a line :::: (and give callouts around it more colons)",
		}},
		{"::: with nothing open", "Text.\n\n:::\n", []string{
			"3:1: ::: closes no callout and renders as text: open one with :::note",
		}},
		{"tab label without its closing quote", "=== \"Email\n    Body.\n", []string{
			`1:1: the label after === has no closing '"': the line renders as text`,
		}},
		{"too deep, once per page", strings.Repeat(":::a\n", 9) + "x\n", []string{
			"1:1: :::a is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
			"2:1: :::a is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
			"3:1: :::a is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
			"4:1: :::a is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
			"5:1: :::a is not closed: its body runs to the end of what holds it; end it with a line ::: (and give callouts around it more colons)",
			"6:1: callouts and tabs nested more than 5 deep render as text from here",
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

// A page of thousands of nested ":::" lines is bounded: five callouts,
// the rest text, one warning about the depth.
func TestDeeplyNestedCalloutsAreBounded(t *testing.T) {
	src := strings.Repeat(":::note\n", 20000) + strings.Repeat("x\n", 1000)
	doc := New(Options{}).Parse([]byte(src))
	var out strings.Builder
	if err := doc.WriteHTML(&out, nil); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), `<div class="callout`); n != maxCalloutDepth {
		t.Errorf("%d callouts, want %d", n, maxCalloutDepth)
	}
	deep := 0
	for _, w := range doc.Warnings {
		if strings.Contains(w.Message, "nested more than") {
			deep++
		}
	}
	if deep != 1 {
		t.Errorf("%d warnings about depth, want 1", deep)
	}
}
