package importer

import (
	"slices"
	"strings"
	"testing"
)

// pymdownx blocks: admonitions, details and tabs become !!!, ??? and ===
// with the body indented four spaces, a caption an italic line under
// the image; nested blocks, blocks in a list and in code, and blocks
// playbook has no equivalent for (left as written and reported).
func TestMkDocsBlocks(t *testing.T) {
	tests := []struct {
		name, in, want string
		n              int
		items          []string
	}{
		{"a note with a title",
			"/// note | Discount bands\nBands change every quarter.\n///\n\nAfter.\n",
			"!!! note \"Discount bands\"\n\n    Bands change every quarter.\n\nAfter.\n", 1, nil},
		{"an admonition takes its kind from type",
			"/// admonition | Heads up\n    type: warning\n\nBody *one*.\n\nTwo.\n///\n",
			"!!! warning \"Heads up\"\n\n    Body *one*.\n\n    Two.\n", 1, nil},
		{"an admonition without a title has none; a tip without one shows its kind",
			"/// admonition\nx\n///\n/// tip\ny\n///\n",
			"!!! note \"\"\n\n    x\n\n!!! tip\n\n    y\n", 2, nil},
		{"details, open, with a type",
			"/// details | Why?\n    type: tip\n    open: true\n\nBecause.\n///\n",
			"???+ tip \"Why?\"\n\n    Because.\n", 1, nil},
		{"tabs, a new set",
			"/// tab | Python\nprint()\n///\n\n/// tab | Go\n    new: true\nfmt.Println()\n///\n",
			"=== \"Python\"\n\n    print()\n\n===! \"Go\"\n\n    fmt.Println()\n", 2, nil},
		{"a caption under an image",
			"![Our funnel](../img/funnel.png){ width=\"300\" }\n/// caption\nThe Acme funnel\n///\n\nNext.\n",
			"![Our funnel](../img/funnel.png){ width=\"300\" }\\\n*The Acme funnel*\n\nNext.\n", 1, nil},
		{"a caption after a blank line, under a table",
			"| a |\n| - |\n| 1 |\n\n/// table-caption\nCounts\n///\n",
			"| a |\n| - |\n| 1 |\n\n*Counts*\n", 1, nil},
		{"nested: more slashes outside, a fenced block inside",
			"//// details | Outer\n/// warning | Inner\nText.\n\n```\n/// note\n```\n///\n////\n",
			"??? note \"Outer\"\n\n    !!! warning \"Inner\"\n\n        Text.\n\n        ```\n        /// note\n        ```\n\n", 2, nil},
		{"in a list item",
			"- Item\n\n  /// note\n  In the item.\n  ///\n",
			"- Item\n\n  !!! note\n\n      In the item.\n", 1, nil},
		{"in code: left alone",
			"```\n/// note\nx\n///\n```\n\n    /// tip\n    y\n    ///\n",
			"```\n/// note\nx\n///\n```\n\n    /// tip\n    y\n    ///\n", 0, nil},
		{"html and unknown blocks are left and reported; a block in one converts",
			"Intro.\n\n//// html | div\n    attrs: {class: grid}\n\n/// note\nx\n///\n////\n\n/// definition\nTerm\n///\n",
			"Intro.\n\n//// html | div\n    attrs: {class: grid}\n\n!!! note\n\n    x\n\n////\n\n/// definition\nTerm\n///\n", 1,
			[]string{
				"`content/p.md:3:1`: pymdownx block \"//// html\" not converted: playbook has no equivalent; write what it shows in Markdown",
				"`content/p.md:12:1`: pymdownx block \"/// definition\" not converted: playbook has no equivalent; write what it shows in Markdown",
			}},
		{"options playbook cannot show, an unclosed block, a tab without label",
			"/// note | A\n    attrs: {class: x}\nx\n///\n\n/// tab\ny\n///\n\n/// tip\nnever closed\n",
			"/// note | A\n    attrs: {class: x}\nx\n///\n\n/// tab\ny\n///\n\n/// tip\nnever closed\n", 0,
			[]string{
				"`content/p.md:1:1`: pymdownx block \"/// note\" not converted: its options attrs have no equivalent in playbook",
				"`content/p.md:6:1`: pymdownx block \"/// tab\" not converted: a tab needs a label",
				"`content/p.md:10:1`: pymdownx block \"/// tip\" not converted: it has no closing line of ///",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := snippetProject(nil)
			f := &file{Dest: "content/p.md", From: "docs/p.md", Data: []byte(tc.in), page: true}
			n := m.p.convertBlocks(f)
			if string(f.Data) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", f.Data, tc.want)
			}
			if n != tc.n {
				t.Errorf("converted %d, want %d", n, tc.n)
			}
			if got := allItems(m.p); !slices.Equal(got, tc.items) {
				t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.items, "\n"))
			}
		})
	}
}
