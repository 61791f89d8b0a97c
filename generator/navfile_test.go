package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// A navigation file changes the sidebar of every page: the dev server
// renders everything again, and the result is a fresh build's.
func TestIncrementalBuildAfterNavigationFileEdits(t *testing.T) {
	s := sitetest.New(t, `
-- site.toml --
title = "Nav"
-- content/_index.md --
# Home
-- content/docs/_category_.json --
{"label": "Docs"}
-- content/docs/a.md --
# A
-- content/more/b.md --
# B
`)
	s.Opts.Incremental = true
	s.Rebuild()
	sameAsFresh(t, s, "initial")
	steps := []struct{ name, file, text, sidebar string }{
		{"label", "content/docs/_category_.json", `{"label": "Documentation", "position": 2}`, "Documentation /docs/\nMore /more/\n"},
		{"new file", "content/more/_category_.yml", "position: 1\n", "More /more/\nDocumentation /docs/\n"},
		{"deleted", "content/docs/_category_.json", "", "More /more/\nDocs /docs/\n"},
		{"summary", "content/SUMMARY.md", "# Summary\n\n- [B first](more/b.md)\n- [A](docs/a.md)\n", "B first /more/b/\nA /docs/a/\n"},
		{"summary part", "content/SUMMARY.md", "# Summary\n\n# Part\n\n- [A](docs/a.md)\n- [B](more/b.md)\n", "# Part\n  A /docs/a/\n  B /more/b/\n"},
		{"summary gone", "content/SUMMARY.md", "", "More /more/\nDocs /docs/\n"},
	}
	for _, st := range steps {
		s.Edit(st.file, st.text)
		s.Rebuild()
		if s.Err != nil || s.Result.Incremental {
			t.Fatalf("%s: err %v, incremental %v; want a full build", st.name, s.Err, s.Result.Incremental)
		}
		sameAsFresh(t, s, st.name)
		if got := s.Sidebar("index.html"); got != st.sidebar {
			t.Errorf("%s: sidebar\n%s\nwant\n%s", st.name, got, st.sidebar)
		}
	}
}

// The build cache keys every page with the navigation files: a changed
// label rewrites the pages whose sidebar shows it.
func TestBuildCacheRewritesPagesWhenANavigationFileChanges(t *testing.T) {
	site := cachedSite(t, map[string]string{
		"content/_index.md":             "# Home\n",
		"content/docs/_category_.json":  `{"label": "Docs"}`,
		"content/docs/a.md":             "# A\n",
		"content/other/b.md":            "# B\n",
		"content/other/_category_.yaml": "collapsed: true\n",
	})
	out := filepath.Join(site, "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: site}); err != nil {
		t.Fatal(err)
	}
	writeTree(t, site, map[string]string{"content/docs/_category_.json": `{"label": "Documentation"}`})
	res, err := generator.Build(context.Background(), generator.Options{Source: site})
	if err != nil {
		t.Fatal(err)
	}
	if !contains(res.Stats.Written, "other/b/index.html") {
		t.Errorf("a new label wrote %v, want every page", res.Stats.Written)
	}
	b, _ := os.ReadFile(filepath.Join(out, "other", "b", "index.html"))
	if !strings.Contains(string(b), ">Documentation</a>") {
		t.Error("other/b/index.html does not show the new label")
	}
	assertLikeFresh(t, site, out, "cached output differs from a fresh build after a navigation file edit")
}
