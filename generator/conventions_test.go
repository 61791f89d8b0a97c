package generator_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// foreignMarker finds syntax of other tools that must never reach a page
// as text without a warning: admonitions and tabs, shortcodes and
// includes, attribute lists, Zola links, icon shortcodes.
var foreignMarker = regexp.MustCompile(`!!! |\?\?\?\+? |:::|=== &#34;|=== "|\{\{[<%#]|\{\{ [a-z_]+\(|\{%|\{#[A-Za-z]|\{: |\{ \.|--8&lt;--|--8<--|\*\[[A-Z]|@/[a-z]|:(material|fontawesome|octicons)-[a-z-]+:`)

// codeOrPre matches code, whose text is shown as written on purpose.
var codeOrPre = regexp.MustCompile(`(?s)<pre[ >].*?</pre>|<code[ >].*?</code>`)

// Content written for Hugo, MkDocs, Docusaurus, mdBook, Zola and plain
// GitHub Markdown builds as it is: each fixture site in
// testdata/conventions builds without errors, no construct of another tool
// reaches a page as text unless a warning names the page, and each page's
// body and the build's warnings match the fixture's golden file
// (go test -run TestOtherToolsContentBuilds -update rewrites them).
func TestOtherToolsContentBuilds(t *testing.T) {
	archives, err := filepath.Glob("testdata/conventions/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, archive := range archives {
		name := strings.TrimSuffix(filepath.Base(archive), ".txtar")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(archive)
			if err != nil {
				t.Fatal(err)
			}
			s := sitetest.New(t, string(data))
			s.Rebuild()
			if s.Err != nil {
				t.Fatalf("build failed:\n%v", s.Err)
			}
			diags := s.Diags()
			warned := map[string]bool{}
			for _, d := range diags {
				file, _, _ := strings.Cut(d, ":")
				warned[file] = true
			}
			var golden strings.Builder
			pages := s.Result.Site.Pages
			sort.Slice(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
			for _, p := range pages {
				html := s.File(strings.TrimPrefix(p.URL+"index.html", "/"))
				body := between(html, `<article`, `</article>`)
				if m := foreignMarker.FindString(codeOrPre.ReplaceAllString(body, "")); m != "" && !warned[p.File] {
					t.Errorf("%s (%s) shows %q as text and no warning names the page", p.URL, p.File, m)
				}
				golden.WriteString("== " + p.URL + " (" + p.File + ")\n")
				golden.WriteString(between(body, `<h1>`, `</h1>`) + "\n")
				golden.WriteString(between(body, `<div class="content">`, "\n</div>") + "\n")
			}
			golden.WriteString("== diagnostics\n" + strings.Join(diags, "\n") + "\n")
			file := filepath.Join("testdata", "conventions", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(golden.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got := golden.String(); got != string(want) {
				t.Errorf("output differs from %s (rerun with -update and review the diff):\n%s", file, firstDiff(got, string(want)))
			}
		})
	}
}

// between returns the text from the first start to the next end, both
// included; "" when either is missing.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return ""
	}
	return s[i : i+j+len(end)]
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got:  " + gl + "\n want: " + wl
		}
	}
	return ""
}
