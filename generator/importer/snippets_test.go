package importer

import (
	"strings"
	"testing"
)

// snippetProject returns an MkDocs project over files, with snippets
// looked up in "." and "includes" as base_path says.
func snippetProject(files map[string]string) *mkdocs {
	p := newProject(mapFS(files), MkDocs, "")
	p.report.Source = "src"
	m := newMkDocs(p)
	m.snippetBase = []string{".", "includes"}
	return m
}

// Each form of pymdownx.snippets is inlined as MkDocs inlines it, and
// what cannot be is left as written with a report item at its line.
func TestSnippets(t *testing.T) {
	files := map[string]string{
		"includes/a.md":    "Text of a.\n",
		"includes/nest.md": "Before.\n--8<-- \"a.md\"\nAfter.\n",
		"includes/loop.md": "--8<-- \"loop.md\"\n",
		"code/b.py":        "one\ntwo\n# --8<-- [start:mid]\nthree\n# --8<-- [end:mid]\nfour\n",
		"secret.txt":       "inside the project\n",
	}
	tests := []struct {
		name, page, want string
		inlined          int
		items            []string
	}{
		{"double-quoted", "--8<-- \"a.md\"\n", "<!-- a.md, included by pymdownx.snippets -->\nText of a.\n", 1, nil},
		{"single-quoted and bare", "--8<-- 'a.md'\n\n--8<-- includes/a.md\n", "<!-- a.md, included by pymdownx.snippets -->\nText of a.\n\n<!-- includes/a.md, included by pymdownx.snippets -->\nText of a.\n", 2, nil},
		{"line range", "```\n--8<-- \"code/b.py:2:4\"\n```\n", "```\ntwo\nthree\n```\n", 1, nil},
		{"open range start", "```\n--8<-- \"code/b.py::2\"\n```\n", "```\none\ntwo\n```\n", 1, nil},
		{"open range end", "```\n--8<-- \"code/b.py:4\"\n```\n", "```\nthree\nfour\n```\n", 1, nil},
		{"two ranges", "```\n--8<-- \"code/b.py:1:1,6:6\"\n```\n", "```\none\nfour\n```\n", 1, nil},
		{"section", "```\n--8<-- \"code/b.py:mid\"\n```\n", "```\nthree\n```\n", 1, nil},
		{"missing section", "--8<-- \"code/b.py:nope\"\n", "--8<-- \"code/b.py:nope\"\n", 0,
			[]string{`docs/p.md:1:1: snippet code/b.py:nope left out of the page by the build; code/b.py has no section "nope" (--8<-- [start:nope])`}},
		{"block form", "--8<--\na.md\n; commented.md\n\nincludes/a.md\n--8<--\n", "<!-- a.md, includes/a.md, included by pymdownx.snippets -->\nText of a.\nText of a.\n", 2, nil},
		{"block form not closed", "--8<--\na.md\n", "--8<--\na.md\n", 0, nil},
		{"escaped in code", "```\n;--8<-- \"a.md\"\n```\n", "```\n--8<-- \"a.md\"\n```\n", 0, nil},
		{"escaped in text", ";--8<-- \"a.md\"\n", "\\-\\-8<-- \"a.md\"\n", 0, nil},
		{"indented in an admonition", "!!! note\n    --8<-- \"a.md\"\n", "!!! note\n    <!-- a.md, included by pymdownx.snippets -->\n    Text of a.\n", 1, nil},
		{"nested", "--8<-- \"nest.md\"\n", "<!-- nest.md, included by pymdownx.snippets -->\nBefore.\nText of a.\nAfter.\n", 2, nil},
		{"no newline at the end", "x\n\n--8<-- \"a.md\"", "x\n\n<!-- a.md, included by pymdownx.snippets -->\nText of a.", 1, nil},
		{"missing file", "# T\n\n--8<-- \"gone.md\"\n", "# T\n\n--8<-- \"gone.md\"\n", 0,
			[]string{"docs/p.md:3:1: snippet gone.md left out of the page by the build; no file gone.md in ., includes, docs"}},
		{"missing file in code", "```\n--8<-- \"gone.md\"\n```\n", "```\n--8<-- \"gone.md\"\n```\n", 0,
			[]string{"docs/p.md:2:1: snippet gone.md left as written in a code block; no file gone.md in ., includes, docs"}},
		{"outside the project", "--8<-- \"../secret.txt\"\n--8<-- \"/etc/passwd\"\n", "--8<-- \"../secret.txt\"\n--8<-- \"/etc/passwd\"\n", 0,
			[]string{"docs/p.md:1:1: snippet ../secret.txt left out of the page by the build; the path leaves the project; not read",
				"docs/p.md:2:1: snippet /etc/passwd left out of the page by the build; the path leaves the project; not read"}},
		{"a URL", "--8<-- \"https://example.com/x.md\"\n", "--8<-- \"https://example.com/x.md\"\n", 0,
			[]string{"docs/p.md:1:1: snippet https://example.com/x.md left out of the page by the build; a URL is not fetched; paste its text"}},
		{"includes itself", "--8<-- \"loop.md\"\n", "", -1,
			[]string{"src/includes/loop.md:1:1: snippet loop.md left out of the page by the build; snippets nest more than 8 deep"}},
		{"not a snippet", "Scissors --8<-- here.\n", "Scissors --8<-- here.\n", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := snippetProject(files)
			f := &file{Dest: "docs/p.md", From: "docs/p.md", Data: []byte(tc.page), page: true}
			got, n := m.snippets(f, f.Data, f.From, 0, true)
			if tc.inlined >= 0 && (string(got) != tc.want || n != tc.inlined) {
				t.Errorf("got %d inlined:\n%s\nwant %d:\n%s", n, got, tc.inlined, tc.want)
			}
			var items []string
			for _, it := range m.p.report.Items {
				items = append(items, it.Pos.String()+": "+it.Msg)
			}
			if strings.Join(items, "\n") != strings.Join(tc.items, "\n") {
				t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(tc.items, "\n"))
			}
		})
	}
}

// An escaped snippet line loses its ";" in a page that inlines no
// snippet too, as in a code block that shows the syntax inside another
// (Material's reference/code-blocks.md).
func TestMkDocsConvertEscapedSnippet(t *testing.T) {
	m := snippetProject(nil)
	page := "# Embedding\n\n```` markdown\n``` title=\".browserslistrc\"\n;--8<-- \".browserslistrc\"\n```\n````\n"
	f := &file{Dest: "content/p.md", From: "docs/p.md", Data: []byte(page), page: true}
	m.convert(f)
	want := "# Embedding\n\n```` markdown\n``` title=\".browserslistrc\"\n--8<-- \".browserslistrc\"\n```\n````\n"
	if string(f.Data) != want {
		t.Errorf("got\n%s\nwant\n%s", f.Data, want)
	}
	if len(m.p.report.Items) != 0 {
		t.Errorf("items: %v", m.p.report.Items)
	}
}

// Jinja of mkdocs-macros is reported outside code and left as written.
func TestMkDocsJinjaReported(t *testing.T) {
	m := snippetProject(nil)
	f := &file{Dest: "content/p.md", Data: []byte("# T\n\nOwner: {{ config.extra.owner }}.\n\n{% include 'x.md' %}\n\n`{{ code }}`\n\n```\n{{ block }}\n```\n"), page: true}
	m.jinja(f)
	var items []string
	for _, it := range m.p.report.Items {
		items = append(items, it.Pos.String()+": "+it.Msg)
	}
	want := []string{
		"content/p.md:3:8: mkdocs-macros {{ config.extra.owner }} left as written: playbook has no template variables or macros",
		"content/p.md:5:1: mkdocs-macros {% include 'x.md' %} left as written: playbook has no template variables or macros",
	}
	if strings.Join(items, "\n") != strings.Join(want, "\n") {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
}

func TestDirTitle(t *testing.T) {
	for in, want := range map[string]string{"team-notes": "Team notes", "sales_ops": "Sales ops", "CI-CD": "CI CD", "über": "Über"} {
		if got := dirTitle(in); got != want {
			t.Errorf("dirTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// editURL is repo_url plus edit_uri up to its branch, with MkDocs'
// defaults for GitHub and GitLab; no edit links stay none.
func TestMkDocsEditURL(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{"repo_url: https://github.com/a/b\n", "https://github.com/a/b/edit/master/"},
		{"repo_url: https://github.com/a/b/\nedit_uri: blob/main/handbook/docs/\n", "https://github.com/a/b/blob/main/"},
		{"repo_url: https://gitlab.com/a/b\n", "https://gitlab.com/a/b/-/edit/master/"},
		{"repo_url: https://github.com/a/b\nedit_uri: ''\n", ""},
		{"repo_url: https://git.example.com/a/b\n", ""},
		{"edit_uri: https://github.com/a/c/edit/dev/docs/\n", "https://github.com/a/c/edit/dev/"},
		{"repo_url: https://github.com/a/b\nedit_uri: !ENV EDIT_URI\n", ""},
	} {
		m := snippetProject(map[string]string{"mkdocs.yml": tc.config})
		if err := m.load("mkdocs.yml", 0); err != nil {
			t.Fatal(err)
		}
		m.config()
		if m.p.site.EditURL != tc.want {
			t.Errorf("%q: editURL %q, want %q", tc.config, m.p.site.EditURL, tc.want)
		}
	}
}

// INHERIT reads the parent file first; the child's keys win, mappings
// merge; a parent outside the project is refused.
func TestMkDocsInherit(t *testing.T) {
	m := snippetProject(map[string]string{
		"mkdocs.yml":      "INHERIT: base/mkdocs.yml\nsite_name: Child\ntheme:\n  name: material\n",
		"base/mkdocs.yml": "site_name: Parent\nsite_description: From the parent\ntheme:\n  language: de\n  name: mkdocs\nINHERIT: ../../outside.yml\n",
	})
	if err := m.load("mkdocs.yml", 0); err != nil {
		t.Fatal(err)
	}
	m.config()
	s := m.p.site
	if s.Title != "Child" || s.Description != "From the parent" || s.Language != "de" {
		t.Errorf("site %+v", s)
	}
	var items []string
	for _, it := range m.p.report.Items {
		items = append(items, it.Pos.String()+": "+it.Msg)
	}
	want := []string{
		`src/base/mkdocs.yml:6:1: INHERIT "../../outside.yml" is outside the project; its keys are not read`,
		`src/mkdocs.yml:4:3: theme "material" is not carried over: the site uses playbook's theme`,
	}
	if strings.Join(items, "\n") != strings.Join(want, "\n") {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
}

// Snippets that include each other many times stop before a page grows
// past the size a build reads.
func TestSnippetsBounded(t *testing.T) {
	files := map[string]string{"includes/s0.md": strings.Repeat("x", 1<<20) + "\n"}
	for i := 1; i <= 6; i++ {
		files["includes/s"+string(rune('0'+i))+".md"] = strings.Repeat("--8<-- \"s"+string(rune('0'+i-1))+".md\"\n", 4)
	}
	m := snippetProject(files)
	f := &file{Dest: "docs/p.md", From: "docs/p.md", Data: []byte("--8<-- \"s6.md\"\n"), page: true}
	got, _ := m.snippets(f, f.Data, f.From, 0, true)
	if len(got) > maxFileBytes {
		t.Errorf("page of %d bytes, more than %d", len(got), maxFileBytes)
	}
	if len(m.p.report.Items) == 0 {
		t.Error("no item says a snippet was left out")
	}
}
