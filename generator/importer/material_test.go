package importer

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/markdown"
)

// Code annotations: "(1)!" markers lose their "!" and stay with their
// numbered list after the block, each annotated block is reported at its
// first marker; blocks that show Markdown, and blocks Material does not
// annotate, are left alone.
func TestMkDocsCodeAnnotations(t *testing.T) {
	page := "# Code\n\n``` yaml\ntheme:\n  features:\n    - content.code.annotate # (1)!\n```\n\n1.  I'm a code annotation!\n\n" +
		"```` markdown\n``` yaml\n# (1)!\n```\n````\n\n" +
		"``` { .py .annotate }\nx = 1  # (1)\ny = 2  # (2)\n```\n\n" +
		"``` py\nz = 3  # (1) not annotated\n```\n\n" +
		"=== \"JS\"\n\n    ``` js\n    run(); // (1)!\n    ```\n\n    1.  In a tab.\n"
	want := "# Code\n\n``` yaml\ntheme:\n  features:\n    - content.code.annotate # (1)\n```\n\n1.  I'm a code annotation!\n\n" +
		"```` markdown\n``` yaml\n# (1)!\n```\n````\n\n" +
		"``` { .py .annotate }\nx = 1  # (1)\ny = 2  # (2)\n```\n\n" +
		"``` py\nz = 3  # (1) not annotated\n```\n\n" +
		"=== \"JS\"\n\n    ``` js\n    run(); // (1)\n    ```\n\n    1.  In a tab.\n"
	const why = " (Material for MkDocs) stay as comments in the code, their texts in the numbered list after it: playbook shows no annotation bubbles"
	for _, tc := range []struct {
		name  string
		all   bool
		items []string
	}{
		{"per block", false, []string{
			"`content/p.md:6:29`: code annotations (1)" + why,
			"`content/p.md:18:8`: code annotations (1), (2)" + why,
			"`content/p.md:29:12`: code annotations (1)" + why,
		}},
		{"content.code.annotate", true, []string{
			"`content/p.md:6:29`: code annotations (1)" + why,
			"`content/p.md:18:8`: code annotations (1), (2)" + why,
			"`content/p.md:23:8`: code annotations (1)" + why,
			"`content/p.md:29:12`: code annotations (1)" + why,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := snippetProject(nil)
			m.annotateAll = tc.all
			f := &file{Dest: "content/p.md", From: "docs/p.md", Data: []byte(page), page: true}
			m.annotations(f)
			if string(f.Data) != want {
				t.Errorf("got\n%s\nwant\n%s", f.Data, want)
			}
			if got := allItems(m.p); !slices.Equal(got, tc.items) {
				t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.items, "\n"))
			}
		})
	}
}

// An admonition in a definition without a term (Material's
// reference/admonitions.md) becomes an admonition of its own, which the
// build renders; one after a term, which the build renders as a
// definition, and one in code stay.
func TestMkDocsDefinitionAdmonitions(t *testing.T) {
	for _, tc := range []struct {
		name, page, want string
		n                int
	}{
		{"after a comment", "<!-- md:option type:note -->\n\n:   !!! note\n\n        Lorem ipsum.\n        More.\n\n            code in it\n\nAfter.\n",
			"<!-- md:option type:note -->\n\n!!! note\n\n    Lorem ipsum.\n    More.\n\n        code in it\n\nAfter.\n", 1},
		{"titled, first in the page", ":   ??? tip \"Title\"\n        Lorem.\n", "??? tip \"Title\"\n    Lorem.\n", 1},
		{"after a term", "Term\n\n:   !!! note\n\n        Lorem.\n", "Term\n\n:   !!! note\n\n        Lorem.\n", 0},
		{"in code", "```\n:   !!! note\n```\n", "```\n:   !!! note\n```\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &file{Dest: "content/p.md", From: "docs/p.md", Data: []byte(tc.page), page: true}
			if n := definitionAdmonitions(f); string(f.Data) != tc.want || n != tc.n {
				t.Errorf("got %d:\n%s\nwant %d:\n%s", n, f.Data, tc.n, tc.want)
			}
			if tc.n == 0 {
				return
			}
			var html bytes.Buffer
			if err := markdown.New(markdown.Options{}).Parse(f.Data).WriteHTML(&html, nil); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(html.String(), `class="callout`) || strings.Contains(html.String(), "<pre") != strings.Contains(tc.want, "code in it") {
				t.Errorf("renders\n%s", html.String())
			}
		})
	}
}

// Destinations with spaces, which Python-Markdown reads as links, become
// <…> destinations that CommonMark reads the same; a quoted title stays
// after them; destinations without spaces, already in <…>, in code, or
// with no closing parenthesis on their line stay as written.
func TestSpacedDestinations(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"- [Configure branch policies](../tools.md#Configuring Branch Policies)\n",
			"- [Configure branch policies](<../tools.md#Configuring Branch Policies>)\n"},
		{"![flow chart](img/flow chart.png)\n", "![flow chart](<img/flow chart.png>)\n"},
		{`[a](my notes.md "My notes") and [b](other page.md 'Other')` + "\n",
			`[a](<my notes.md> "My notes") and [b](<other page.md> 'Other')` + "\n"},
		{"[v](docs/v (2) draft.md)\n", "[v](<docs/v (2) draft.md>)\n"},
		{"[t](a.md \"Title with spaces\")\n", "[t](a.md \"Title with spaces\")\n"},
		{"[x](<already spaced.md>)\n", "[x](<already spaced.md>)\n"},
		{"[x](plain.md)\n", "[x](plain.md)\n"},
		{"`[x](in code.md)` and\n\n```\n[y](in fence.md)\n```\n", "`[x](in code.md)` and\n\n```\n[y](in fence.md)\n```\n"},
		{"[x](no close.md\nnext line)\n", "[x](no close.md\nnext line)\n"},
	} {
		f := &file{Dest: "content/p.md", Data: []byte(tc.in)}
		n := spacedDestinations(f)
		if got := string(f.Data); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.in, got, tc.want)
		}
		if want := strings.Count(tc.want, "](<") - strings.Count(tc.in, "](<"); n != want {
			t.Errorf("%q: %d rewritten, want %d", tc.in, n, want)
		}
	}
}
