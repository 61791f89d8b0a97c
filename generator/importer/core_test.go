package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSetMeta(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		key       string
		value     any
		others    []string
		want      string
		wantItems int
	}{
		{"yaml: added at the end", "---\ntitle: A\n---\nBody\n", "weight", 10, nil, "---\ntitle: A\nweight: 10\n---\nBody\n", 0},
		{"yaml: replaced in place", "---\nweight: 3 # old\ntitle: A\n---\n", "weight", 20, nil, "---\nweight: 20\ntitle: A\n---\n", 0},
		{"yaml: the other tool's name replaced", "---\nsidebar_position: 2\n---\n", "weight", 30, []string{"sidebar_position"}, "---\nweight: 30\n---\n", 0},
		{"yaml: a nested key of the same name is not top level", "---\nparams:\n  weight: 1\n---\n", "weight", 10, nil, "---\nparams:\n  weight: 1\nweight: 10\n---\n", 0},
		{"yaml: strings quoted", "---\n---\n", "linkTitle", `Q&A: "why" #1`, nil, "---\nlinkTitle: \"Q&A: \\\"why\\\" #1\"\n---\n", 0},
		{"toml: before the first table", "+++\ntitle = \"A\"\n[extra]\nx = 1\n+++\n", "weight", 10, nil, "+++\ntitle = \"A\"\nweight = 10\n[extra]\nx = 1\n+++\n", 0},
		{"toml: a table's key is not replaced", "+++\n[extra]\nweight = 1\n+++\n", "weight", 10, nil, "+++\nweight = 10\n[extra]\nweight = 1\n+++\n", 0},
		{"toml: replaced", "+++\nweight = 5\n+++\n", "weight", 10, nil, "+++\nweight = 10\n+++\n", 0},
		{"none: YAML added", "# Title\n", "weight", 10, nil, "---\nweight: 10\n---\n# Title\n", 0},
		{"none: after a byte order mark", "\ufeff# Title\n", "weight", 10, nil, "\ufeff---\nweight: 10\n---\n# Title\n", 0},
		{"yaml: a value over several lines is left", "---\ntitle: >\n  Long\n---\n", "title", "B", nil, "---\ntitle: >\n  Long\n---\n", 1},
		{"json is left", "{\n\"title\": \"A\"\n}\n", "weight", 10, nil, "{\n\"title\": \"A\"\n}\n", 1},
		{"an unclosed fence is left", "---\ntitle: A\n", "weight", 10, nil, "---\ntitle: A\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(fstest.MapFS{}, Markdown, "")
			f := &file{Dest: "content/a.md", Data: []byte(tc.in), page: true}
			ok := p.setMeta(f, tc.key, tc.value, tc.others...)
			if got := string(f.Data); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if ok != (tc.wantItems == 0) || len(p.report.Items) != tc.wantItems {
				t.Errorf("ok %v, items %v; want %d items", ok, p.report.Items, tc.wantItems)
			}
			if ok {
				if m := meta(f); m == nil || m[tc.key] == nil {
					t.Errorf("front matter does not decode with %s set: %q", tc.key, f.Data)
				}
			}
		})
	}
}

// Names that would be published at one URL are renamed, never
// overwritten, and each renaming is reported.
func TestClaimRenamesNamesThatShareAURL(t *testing.T) {
	p := newProject(fstest.MapFS{}, Markdown, "")
	got := []string{
		p.claim("QA.md", "content/QA.md", true),
		p.claim("Q&A.md", "content/Q&A.md", true),
		p.claim("qa.md", "content/qa.md", true),
		p.claim("guide/_index.md", "content/guide/_index.md", true),
		p.claim("guide/index.md", "content/guide/index.md", true),
		p.claim("guide.md", "content/guide.md", true),
		p.claim("img/a.png", "static/img/a.png", false),
		p.claim("img/A.png", "static/img/A.png", false),
	}
	want := []string{"content/QA.md", "content/Q&A-2.md", "content/qa-3.md", "content/guide/_index.md", "content/guide/index.md", "content/guide.md", "static/img/a.png", "static/img/A-2.png"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if len(p.report.Items) != 3 {
		t.Errorf("%d items, want 3 renamings: %v", len(p.report.Items), p.report.Items)
	}
}

func TestParseBodyFindsCode(t *testing.T) {
	src := "---\ntitle: `x`\n---\nA `{{< a >}}` b {{< b >}}\n\n```go\n{{< c >}}\n```\n\n    {{< d >}}\n\n- item\n\n  ~~~\n  {{< e >}}\n  ~~~\n\n{{< f >}}\n"
	b := parseBody([]byte(src))
	for name, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true, "e": true, "f": false} {
		off := strings.Index(src, "{{< "+name)
		if got := b.inCode(off); got != want {
			t.Errorf("{{< %s >}} in code: %v, want %v", name, got, want)
		}
	}
	if b.inCode(strings.Index(src, "```go")) != true {
		t.Error("the opening fence is not code")
	}
}

func TestRewriteLinks(t *testing.T) {
	src := "---\nx: 1\n---\n[a](old.md#h) ![i](<old pic.png>) <https://old.example/x>\n\n[r]: old.md\n\n`[c](old.md)`\n\n[keep](other.md)\n"
	p := newProject(fstest.MapFS{}, Markdown, "")
	f := &file{Dest: "content/a.md", Data: []byte(src), page: true}
	p.rewriteLinks(f, func(dest string, off int) (string, bool) {
		switch {
		case strings.HasPrefix(dest, "old.md"):
			return "new.md" + strings.TrimPrefix(dest, "old.md"), true
		case dest == "old pic.png":
			return "new pic.png", true
		case dest == "https://old.example/x":
			return "x.md", true
		}
		return "", false
	})
	want := "---\nx: 1\n---\n[a](new.md#h) ![i](<new pic.png>) [https://old.example/x](x.md)\n\n[r]: new.md\n\n`[c](old.md)`\n\n[keep](other.md)\n"
	if got := string(f.Data); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := p.report.Total(LinksRewritten); n != 4 {
		t.Errorf("%d links counted, want 4", n)
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range [][3]string{
		{"content/a.md", "content/b.md", "b.md"},
		{"content/guide/a.md", "content/b.md", "../b.md"},
		{"content/a.md", "content/guide/b.md", "guide/b.md"},
		{"content/x/y/a.md", "content/x/z/b.md", "../z/b.md"},
		{"content/guides/a.md", "content/guide/b.md", "../guide/b.md"},
	} {
		if got := relPath(tc[0], tc[1]); got != tc[2] {
			t.Errorf("relPath(%s, %s) = %s, want %s", tc[0], tc[1], got, tc[2])
		}
	}
}

func TestDetect(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("# A\n")}
	for _, tc := range []struct {
		fs   fstest.MapFS
		want Kind
	}{
		{fstest.MapFS{"mkdocs.yml": {}, "docs/index.md": page}, MkDocs},
		{fstest.MapFS{"docusaurus.config.ts": {}, "docs/a.mdx": page}, Docusaurus},
		{fstest.MapFS{"book.toml": {}, "src/SUMMARY.md": page}, MdBook},
		{fstest.MapFS{"hugo.yaml": {}}, Hugo},
		{fstest.MapFS{"config.toml": {Data: []byte("baseURL = 'x'\n")}, "content/_index.md": page}, Hugo},
		{fstest.MapFS{"config/_default/hugo.toml": {}, "content/_index.md": page}, Hugo},
		{fstest.MapFS{"config.toml": {Data: []byte("base_url = 'x'\n[extra]\n")}, "content/_index.md": page}, Zola},
		{fstest.MapFS{"README.md": page, "team/onboarding.md": page}, Markdown},
		{fstest.MapFS{"notes.txt": {}}, ""},
	} {
		if got, why := Detect(tc.fs); got != tc.want || why == "" {
			t.Errorf("Detect(%v) = %q (%s), want %q", keys(tc.fs), got, why, tc.want)
		}
	}
}

func keys(m fstest.MapFS) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The import reads the source and never writes there; it refuses a
// destination inside the source (or holding it), or one that has files,
// unless forced, and then replaces only what an import writes.
func TestRunRefusesToOverwrite(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "wiki")
	writeFiles(t, src, map[string]string{"README.md": "# Wiki\n", "a.md": "# A\n"})
	before := readTree(t, src)
	ctx := context.Background()
	for _, dest := range []string{filepath.Join(src, "out"), tmp} {
		if _, err := Run(ctx, Options{Source: src, Dest: dest}); !errors.Is(err, ErrUsage) {
			t.Errorf("dest %s: err %v, want a usage error", dest, err)
		}
	}
	dest := filepath.Join(tmp, "site")
	writeFiles(t, dest, map[string]string{".git/HEAD": "ref\n", "content/stale.md": "# Old\n"})
	if _, err := Run(ctx, Options{Source: src, Dest: dest}); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("a dest with files: err %v, want a usage error naming --force", err)
	}
	res, err := Run(ctx, Options{Source: src, Dest: dest, Force: true})
	if err != nil || res.Failed() {
		t.Fatalf("forced import: %v %v", err, res)
	}
	got := readTree(t, dest)
	if _, ok := got["content/stale.md"]; ok {
		t.Error("an earlier import's page survived --force")
	}
	if _, ok := got[".git/HEAD"]; !ok {
		t.Error("--force removed a file the import does not write")
	}
	for _, name := range []string{"site.toml", "IMPORT.md", "content/README.md", "content/a.md"} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s not written", name)
		}
	}
	if !equalTrees(before, readTree(t, src)) {
		t.Error("the source changed")
	}
	if _, err := Run(ctx, Options{Kind: "jekyll", Source: src, Dest: filepath.Join(tmp, "x")}); !errors.Is(err, ErrUsage) {
		t.Errorf("unknown kind: %v", err)
	}
}

// A file a build refuses under content/ (a script) moves to static/ at
// the same URL, and relative links to it become site-absolute.
func TestScriptsMoveToStatic(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "wiki")
	writeFiles(t, src, map[string]string{
		"js/README.md": "# JS\n\nSee [the sample](sample.js#L3) and [the page](page.html).\n",
		"js/sample.js": "alert(1)\n",
		"js/page.html": "<script>alert(1)</script>\n",
		"js/chart.png": "\x89PNG\r\n\x1a\n",
	})
	dest := filepath.Join(tmp, "site")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest})
	if err != nil || res.Failed() {
		t.Fatalf("import: %v %v", err, res.Check)
	}
	got := readTree(t, dest)
	for _, name := range []string{"static/js/sample.js", "static/js/page.html", "content/js/chart.png"} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s not written", name)
		}
	}
	if want := "See [the sample](/js/sample.js#L3) and [the page](/js/page.html).\n"; !strings.Contains(string(got["content/js/README.md"]), want) {
		t.Errorf("links not rewritten:\n%s", got["content/js/README.md"])
	}
	if n := strings.Count(string(got["IMPORT.md"]), "moved to static/js/"); n != 2 {
		t.Errorf("%d moves reported, want 2:\n%s", n, got["IMPORT.md"])
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Symbolic links are followed inside the source only: one that leads out
// of it, or to a folder, is reported and not imported.
func TestSymlinksStayInsideTheSource(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "wiki")
	writeFiles(t, src, map[string]string{"README.md": "# Wiki\n", "docs/a.md": "# A\n", "docs/b.png": "\x89PNG\r\n\x1a\n"})
	writeFiles(t, tmp, map[string]string{"secret.md": "# Secret\n"})
	for link, target := range map[string]string{"secret.md": "../secret.md", "mirror": "docs", "pic.png": "docs/b.png"} {
		if err := os.Symlink(target, filepath.Join(src, link)); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(tmp, "site")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	if _, ok := got["content/secret.md"]; ok {
		t.Error("a link out of the source was followed")
	}
	if _, ok := got["content/pic.png"]; !ok {
		t.Error("a link to a file inside the source was not followed")
	}
	report := string(res.Report.Markdown())
	for _, want := range []string{"`wiki/secret.md`: not imported: a symbolic link that leads out of the project", "`wiki/mirror`: not imported: a symbolic link to a folder"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// A file with a Markdown name that is not text is reported, not made a
// page of garbage.
func TestBinaryMarkdownIsNotAPage(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "wiki")
	writeFiles(t, src, map[string]string{"README.md": "# Wiki\n", "blob.md": "PK\x03\x04\x00\x00binary", "latin1.md": "caf\xe9\n"})
	res, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(tmp, "site")})
	if err != nil || res.Failed() {
		t.Fatalf("import: %v %v", err, res)
	}
	if res.Report.Pages != 1 {
		t.Errorf("%d pages, want 1", res.Report.Pages)
	}
	report := string(res.Report.Markdown())
	for _, name := range []string{"blob.md", "latin1.md"} {
		if !strings.Contains(report, "`wiki/"+name+"`: not imported: a Markdown name, but not text") {
			t.Errorf("%s not reported:\n%s", name, report)
		}
	}
}

// A kind named for a folder that is not one is refused, saying what the
// folder is; a repository whose project is in a folder of its own is
// detected as nothing, with the folder named.
func TestWrongKindIsRefused(t *testing.T) {
	tmp := t.TempDir()
	wiki := filepath.Join(tmp, "wiki")
	writeFiles(t, wiki, map[string]string{"README.md": "# Wiki\n"})
	repo := filepath.Join(tmp, "repo")
	writeFiles(t, repo, map[string]string{"README.md": "# Code\n", "guide/book.toml": "[book]\n", "guide/src/SUMMARY.md": "- [A](a.md)\n"})
	for _, tc := range []struct {
		kind Kind
		src  string
		want string
	}{
		{Hugo, wiki, "is not a Hugo project: it has no generator's configuration; playbook import markdown imports its Markdown as it is"},
		{MkDocs, filepath.Join("testdata", "hugo", "src"), "is not an MkDocs project: it is a Hugo project (hugo.toml); run playbook import hugo"},
		{"", repo, "its mdBook project is in guide/ (guide/book.toml); run playbook import mdbook on that folder"},
		{MdBook, repo, "is not an mdBook project: its mdBook project is in guide/"},
	} {
		_, err := Run(context.Background(), Options{Kind: tc.kind, Source: tc.src, Dest: filepath.Join(tmp, "out")})
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("import %s %s: %v; want a usage error with %q", tc.kind, tc.src, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "out")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a refused import wrote its folder")
	}
	if res, err := Run(context.Background(), Options{Kind: Markdown, Source: repo, Dest: filepath.Join(tmp, "all")}); err != nil || res.Report.Pages != 2 {
		t.Errorf("markdown of the whole repository: %v, %v", err, res)
	}
}

// A page with a folder's URL moves into the folder as its own page, or
// is renamed when the folder has one; links to it follow, read from
// where their pages were in the source.
func TestPageBesideItsFolder(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "wiki")
	writeFiles(t, src, map[string]string{
		"README.md":      "# Wiki\n\n[guide](guide.md#start) [team](team.md) [a](guide/a.md)\n",
		"guide.md":       "# Guide\n\n## Start\n\n[a](guide/a.md) [home](README.md)\n",
		"guide/a.md":     "# A\n\n[up](../guide.md)\n",
		"team.md":        "# Team\n",
		"team/README.md": "# Our team\n",
		"team/b.md":      "# B\n\n[team page](../team.md)\n",
	})
	dest := filepath.Join(tmp, "site")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest})
	if err != nil || res.Failed() {
		t.Fatalf("import: %v %v", err, res.Check)
	}
	got := readTree(t, dest)
	for name, want := range map[string]string{
		"content/README.md":       "[guide](guide/_index.md#start) [team](team-2.md) [a](guide/a.md)",
		"content/guide/_index.md": "[a](a.md) [home](../README.md)",
		"content/guide/a.md":      "[up](_index.md)",
		"content/team-2.md":       "# Team",
		"content/team/b.md":       "[team page](../team-2.md)",
	} {
		if !strings.Contains(string(got[name]), want) {
			t.Errorf("%s lacks %q:\n%s", name, want, got[name])
		}
	}
	if len(res.Check) != 0 {
		t.Errorf("check: %v", res.Check)
	}
}

// A configuration that does not parse stops the import with its
// position, and nothing is written.
func TestBrokenConfigurationStopsTheImport(t *testing.T) {
	for _, tc := range []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{"hugo.toml": "title = \"Sales\nbaseURL = 'x'\n", "content/_index.md": "# A\n"}, "proj/hugo.toml:1:15: syntax error: strings cannot contain newlines"},
		{map[string]string{"config/_default/hugo.yaml": "title: [a\n", "content/_index.md": "# A\n"}, "proj/config/_default/hugo.yaml:2: syntax error:"},
		{map[string]string{"hugo.json": "{\"title\": }\n", "content/_index.md": "# A\n"}, "proj/hugo.json:1:11: syntax error: invalid character '}'"},
		{map[string]string{"mkdocs.yml": "site_name: A\nnav:\n  - a.md\n - b.md\n", "docs/a.md": "# A\n"}, "proj/mkdocs.yml:"},
		{map[string]string{"config.toml": "base_url = \"x\"\ntitle = \n", "content/_index.md": "# A\n"}, "proj/config.toml:2:9: syntax error: expected value"},
		{map[string]string{"book.toml": "[book]\ntitle = \n", "src/SUMMARY.md": "- [A](a.md)\n"}, "proj/book.toml:2:9: syntax error:"},
	} {
		tmp := t.TempDir()
		src := filepath.Join(tmp, "proj")
		writeFiles(t, src, tc.files)
		_, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(tmp, "site")})
		if err == nil || errors.Is(err, ErrUsage) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%v: err %v, want one starting %q", tc.files, err, tc.want)
		}
		if _, err := os.Stat(filepath.Join(tmp, "site")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v: the site was written", tc.files)
		}
	}
}

// Pages come out with LF line endings, an empty page is named, a
// symbolic link to a page is not a second copy of it, and --force names
// the files of its own that it removes.
func TestOddPagesAndForce(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "wiki")
	writeFiles(t, src, map[string]string{"README.md": "# Wiki\r\n\r\nText.\r\n", "empty.md": "\n", "pricing.md": "# Pricing\n"})
	if err := os.Symlink("pricing.md", filepath.Join(src, "prices.md")); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(tmp, "site")
	if _, err := Run(context.Background(), Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dest, map[string]string{"content/mine.md": "# Mine\n", "NOTES.md": "kept\n"})
	res, err := Run(context.Background(), Options{Source: src, Dest: dest, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	if string(got["content/README.md"]) != "# Wiki\n\nText.\n" {
		t.Errorf("README.md is %q", got["content/README.md"])
	}
	if _, ok := got["content/prices.md"]; ok {
		t.Error("a symbolic link to a page was imported as a copy")
	}
	if _, ok := got["NOTES.md"]; !ok {
		t.Error("--force removed a file at the site's root")
	}
	report := string(res.Report.Markdown())
	for _, want := range []string{
		"`wiki/empty.md`: an empty page: imported",
		"`wiki/prices.md`: not imported: a symbolic link to pricing.md, which is imported as a page itself",
		"`content/mine.md`: removed by --force: the source has no such file",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// A copyright with HTML (Docusaurus' footer) is written as the text the
// footer shows, and reported.
func TestCopyrightHTMLBecomesText(t *testing.T) {
	r := &Report{}
	got := plainText(`Copyright &copy; 2026 <a href="https://x.example">Acme</a>.<br/>
  Content under <b>CC-BY</b>`, r)
	if want := "Copyright © 2026 Acme . Content under CC-BY"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(r.Items) != 1 || r.Items[0].Pos.File != "site.toml" {
		t.Errorf("items %v", r.Items)
	}
	if got := plainText("© Acme", r); got != "© Acme" || len(r.Items) != 1 {
		t.Errorf("plain text changed: %q %v", got, r.Items)
	}
}
