package markdown

import (
	"strings"
	"testing"
)

// A leading level-1 heading leaves the body when it is the title (no
// front-matter title) or says the front-matter title again; one that says
// something else stays, so that its text is not lost.
func TestLeadingHeadingAgainstFrontMatterTitle(t *testing.T) {
	for _, tc := range []struct {
		name, fmTitle, src string
		title              string // Doc.Title
		kept               bool   // the h1 is in the body
	}{
		{"no front-matter title", "", "# Discovery calls\n\nText.\n", "Discovery calls", false},
		{"the same title", "Discovery calls", "# Discovery calls\n\nText.\n", "Discovery calls", false},
		{"the same but for case, spacing and typography", "The buyer's --  \"first\" call", "# The Buyer's -- \"First\" Call\n", "The Buyer’s – “First” Call", false},
		{"a different heading", "Discovery", "# Running a discovery call\n\nText.\n", "", true},
		{"not leading", "Discovery", "Text.\n\n# Discovery\n", "", true},
		{"level 2", "", "## Discovery\n", "", false},
		{"after MDX imports", "", "import Tabs from '@theme/Tabs';\n\n# Next\n\nText.\n", "Next", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := New(Options{}).Parse([]byte(tc.src), WithTitle(tc.fmTitle))
			if d.Title != tc.title {
				t.Errorf("Title = %q, want %q", d.Title, tc.title)
			}
			var b strings.Builder
			if err := d.WriteHTML(&b, nil); err != nil {
				t.Fatal(err)
			}
			if kept := strings.Contains(b.String(), "<h1"); kept != tc.kept {
				t.Errorf("h1 in the body = %v, want %v:\n%s", kept, tc.kept, b.String())
			}
			if tc.kept && len(d.Headings) == 0 {
				t.Error("a kept h1 is not among the headings")
			}
		})
	}
}
