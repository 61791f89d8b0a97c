package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// Syntax errors in the theme's templates are reported together, each at
// its file's path from the site root with line and column: a site's own
// layouts/, its theme's, whichever layer the file comes from.
func TestTemplateSyntaxErrorsAreAllReportedAtTheirPlaces(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- site.toml --
title = "T"
theme = "corp"
-- content/a.md --
# A
-- themes/corp/layouts/_default/404.html --
<html>
<body>
<p>{{< figure src="x" >}}</p>
-- layouts/partials/x.html --
{{define "x"}}
  <b>{{ .Title | nosuch }}</b>
{{end}}
-- layouts/partials/y.html --
{{if .Title}}
-- themes/corp/layouts/page.html --
{{template "base.html" .}}
{{define "main"}}{{ .Title }}{{end}}
 ü {{ else }}
-- layouts/partials/z.html --
{{ $x := 1 }}{{ $y }}
`)
	want := []string{
		`layouts/partials/x.html:2:18: function "nosuch" not defined`,
		`layouts/partials/y.html:2: unexpected EOF`,
		`layouts/partials/z.html:1:17: undefined variable "$y"`,
		`themes/corp/layouts/_default/404.html:3:6: unexpected "<" in command`,
		`themes/corp/layouts/page.html:3:7: unexpected {{else}}`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An error while a template runs is placed in the file that holds the
// failing action (its column counts characters from 1), once for all the
// files it failed, naming the first; one in the built-in theme is named by
// the built-in theme's path and says so.
func TestTemplateExecutionErrorsAreReportedOnceAtTheirPlaces(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/a.md --
# A
-- content/b.md --
# B
-- content/c.md --
# C
-- layouts/page.html --
{{template "base.html" .}}
{{define "main"}}
<p>Ünïcode {{.Nosuch}}</p>{{end}}
-- layouts/home.html --
{{template "base.html" .}}
{{define "main"}}{{template "partials/crumbs.html" .Site}}{{end}}
`)
	want := []string{
		`layouts/page.html:3:14: executing "main" at <.Nosuch>: can't evaluate field Nosuch in the data of the "page" layout (README, Themes, lists the fields of each layout); rendering content/a.md and 2 other files`,
		`themes/default/layouts/partials/crumbs.html:1:10: executing "partials/crumbs.html" at <.Crumbs>: can't evaluate field Crumbs in the data of the "home" layout (README, Themes, lists the fields of each layout) (in the built-in theme); rendering index.html`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A layout that only defines blocks, as Hugo's do under baseof.html, is
// framed by base.html (it wrote empty pages, exit 0), and an error in its
// block is reported; a template file in a subfolder that no layout calls
// (Hugo's _default/single.html) is a warning, never silently unused.
func TestHugoStyleLayoutsAreFramedOrReported(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/a.md --
# A
-- layouts/page.html --
{{ define "main" }}<h1 class="mine">{{ .Title }}</h1>{{ end }}
-- layouts/_default/single.html --
{{ define "main" }}{{ .Title }}{{ end }}
-- layouts/partials/extra.html --
<p>unused partial</p>
`)
	s.AssertFileContains("a/index.html", `<h1 class="mine">A</h1>`, `<html`, `id="sidebar"`)
	want := []string{
		`layouts/_default/single.html: warning: not used: no layout calls this template (Hugo's _default/single.html is playbook's layouts/page.html)`,
		`layouts/partials/extra.html: warning: not used: no layout calls this template; playbook's layouts are the files directly in layouts/ (page.html, section.html, home.html, …), the others are called with {{template "NAME" .}}`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	bad, _ := sitetest.BuildErr(t, `
-- site.toml --
title = "T"
-- content/a.md --
# A
-- layouts/page.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Nope }}{{ end }}
`)
	if got := strings.Join(bad.Diags(), "\n"); !strings.Contains(got, "layouts/page.html:1:") || !strings.Contains(got, "Nope") {
		t.Errorf("diagnostics: %s, want the error of .Nope in layouts/page.html", got)
	}
}

// A site's own file of {{define}}s replaces the built-in templates it
// names whatever the file is called (extra.html sorts before the built-in
// pager.html, which used to win), fills the head block, and counts as
// used: no "not used" warning, so --strict builds it.
func TestOwnDefinesWinAndAreUsed(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/_index.md --
# Home
-- content/a.md --
+++
title = "A"
weight = 1
+++
-- content/b.md --
+++
title = "B"
weight = 2
+++
-- layouts/partials/extra.html --
{{define "partials/pager.html"}}<p class="my-pager">{{with .Next}}{{.Title}}{{end}}</p>{{end}}
-- layouts/partials/headfill.html --
{{define "head"}}<meta name="x-marker" content="1">{{end}}
-- layouts/partials/unused.html --
<p>unused</p>
`)
	s.AssertFileContains("a/index.html", `<p class="my-pager">B</p>`, `<meta name="x-marker" content="1">`)
	s.AssertFileLacks("a/index.html", `class="pager"`)
	want := []string{
		`layouts/partials/unused.html: warning: not used: no layout calls this template; playbook's layouts are the files directly in layouts/ (page.html, section.html, home.html, …), the others are called with {{template "NAME" .}}`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
