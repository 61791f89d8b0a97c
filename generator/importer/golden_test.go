package importer

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/content"
)

var update = flag.Bool("update", false, "rewrite the golden trees under testdata/*/want")

// importFixture imports the fixture project testdata/<name>/src as kind
// ("" detects it) into a new folder, twice, checks that both imports
// wrote the same bytes, and compares the new site with the golden tree
// testdata/<name>/want (rewritten with -update). It returns the new
// site's folder and the import's result.
func importFixture(t *testing.T, name string, kind Kind, opts Options) (string, *Result) {
	t.Helper()
	src := filepath.Join("testdata", name, "src")
	var dests [2]string
	var res *Result
	for i := range dests {
		dests[i] = filepath.Join(t.TempDir(), name+"-playbook")
		opts.Kind, opts.Source, opts.Dest = kind, src, dests[i]
		var err error
		if res, err = Run(context.Background(), opts); err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
	}
	first, second := readTree(t, dests[0]), readTree(t, dests[1])
	if !equalTrees(first, second) {
		t.Errorf("two imports of %s wrote different bytes", name)
	}
	want := filepath.Join("testdata", name, "want")
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		for rel, data := range first {
			p := filepath.Join(want, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dests[0], res
	}
	golden := readTree(t, want)
	for rel, data := range first {
		if g, ok := golden[rel]; !ok {
			t.Errorf("%s: written, but not in %s", rel, want)
		} else if !bytes.Equal(g, data) {
			t.Errorf("%s differs from %s (run go test -run %s -update and read the diff):\n%s", rel, want, t.Name(), data)
		}
	}
	for rel := range golden {
		if _, ok := first[rel]; !ok {
			t.Errorf("%s: in %s, but not written", rel, want)
		}
	}
	return dests[0], res
}

// readTree returns every file under dir by its slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// sidebar builds the site in dir and returns its navigation as the
// sidebar shows it: one line per entry, its label indented two spaces
// per level ("Guide", "  Setup").
func sidebar(t *testing.T, dir string) []string {
	t.Helper()
	res, err := generator.Build(context.Background(), generator.Options{Source: dir, Check: true})
	if err != nil {
		t.Fatalf("check %s: %v", dir, err)
	}
	var lines []string
	var walk func(n *content.NavNode, depth int)
	walk = func(n *content.NavNode, depth int) {
		for _, c := range n.Children {
			lines = append(lines, strings.Repeat("  ", depth)+c.Label)
			walk(c, depth+1)
		}
	}
	walk(res.Site.Nav, 0)
	return lines
}

// mapFS returns a file system holding files (text by slash path).
func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}
