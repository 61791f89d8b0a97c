package generator_test

import (
	"strings"
	"testing"
	"time"

	"playbook/generator/internal/sitetest"
)

const curriculumSite = `
-- site.toml --
reviewAfter = "180d"
editURL = "https://git.example.com/playbook/edit/main/"
-- content/path/_index.md --
+++
title = "Path"
type = "curriculum"
+++
-- content/path/02-second.md --
+++
title = "Second"
weight = 20
duration = "1h30m"
requires = ["01-first"]
+++
- [ ] b
-- content/path/01-first.md --
+++
title = "First"
weight = 10
duration = "45m"
+++
- [ ] a
- [x] a2
-- content/path/03-third.md --
+++
title = "Third"
weight = 30
duration = "2h"
requires = ["01-first", "02-second"]
reviewed = 2026-01-02
+++
-- content/other.md --
+++
title = "Other"
reviewed = 2026-11-01
+++
`

func TestCurriculumNumbersModulesAndTotalsDurations(t *testing.T) {
	s := sitetest.Build(t, curriculumSite)
	page := s.File("path/index.html")
	for _, want := range []string{"3 modules · 4 h 15 min in total", `<span class="module-no">1.</span> First`,
		`<span class="module-no">2.</span> Second`, `<span class="module-no">3.</span> Third`, "1 h 30 min"} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if i, j := strings.Index(page, "> First"), strings.Index(page, "> Second"); i < 0 || j < i {
		t.Error("modules not in weight order")
	}
	s.AssertFileContains("path/03-third/index.html", "Module 3", "Before this module:", `href="/path/01-first/">First</a>`, `href="/path/02-second/">Second</a>`)
	// The path runs from the overview through the modules and stops there.
	s.AssertFileContains("path/01-first/index.html", `href="/path/" rel="prev"`, `href="/path/02-second/" rel="next"`)
	s.AssertFileLacks("path/03-third/index.html", `rel="next"`)
	s.AssertFileContains("path/01-first/index.html", `href="https://git.example.com/playbook/edit/main/content/path/01-first.md"`)
}

func TestCurriculumRejectsUnknownAndCircularPrerequisites(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/path/_index.md --
+++
type = "curriculum"
+++
-- content/path/a.md --
+++
weight = 1
requires = ["c"]
+++
-- content/path/b.md --
+++
weight = 2
requires = ["a"]
+++
-- content/path/c.md --
+++
weight = 3
requires = ["b", "nope"]
+++
-- content/loose.md --
+++
requires = ["a"]
+++
`)
	s.AssertDiag(`content/path/c.md:3:1: requires "nope": no module of that name in Path`)
	s.AssertDiag(`content/path/b.md:3:1: circular prerequisites: a → c → b → a`)
	s.AssertDiag(`content/loose.md:2:1: requires is only meaningful on modules of a curriculum (type = "curriculum" in the section's _index.md)`)
	if n := len(s.Diags()); n != 3 {
		t.Errorf("%d diagnostics, want 3:\n%s", n, strings.Join(s.Diags(), "\n"))
	}
}

func TestPagesPastReviewAreWarningsAndShownInServeMode(t *testing.T) {
	s := sitetest.Build(t, curriculumSite)
	s.AssertDiag(`content/path/03-third.md:6:1: warning: needs review: last reviewed 2026-01-02, more than 180d ago (reviewAfter in site.toml)`)
	if n := len(s.Diags()); n != 1 {
		t.Errorf("want exactly one warning, got %q", s.Diags())
	}
	s.AssertFileLacks("path/03-third/index.html", "Needs review")

	dev := sitetest.New(t, curriculumSite)
	dev.Opts.Dev = true
	dev.Rebuild()
	dev.AssertFileContains("path/03-third/index.html", "Needs review: last reviewed 2026-01-02")

	strict := sitetest.New(t, curriculumSite)
	strict.Opts.Strict = true
	strict.Rebuild()
	if strict.Err == nil {
		t.Error("a page past review passed --strict")
	}
	later := sitetest.New(t, curriculumSite)
	later.Opts.Now = sitetest.Now.Add(-300 * 24 * time.Hour)
	later.Rebuild()
	if len(later.Diags()) != 0 {
		t.Errorf("before the due date: %q", later.Diags())
	}
}

func TestUnknownAudienceIsAnErrorWithPosition(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- site.toml --
audiences = ["manager", "seller"]
-- content/a.md --
+++
title = "A"
audience = ["seller", "sales"]
+++
`)
	s.AssertDiag(`content/a.md:3:1: unknown audience "sales"; site.toml declares "manager", "seller"`)
}

func TestAudiencePagesListPagesPerRole(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
+++
title = "For managers"
audience = ["manager"]
+++
-- content/b.md --
+++
title = "For sellers"
audience = ["seller"]
+++
`)
	main := s.File("audience/manager/index.html")
	main = main[strings.Index(main, "<main"):]
	if !strings.Contains(main, "For managers") || strings.Contains(main, "For sellers") {
		t.Errorf("manager page lists the wrong pages:\n%s", main)
	}
	s.AssertFileContains("audience/new-hire/index.html", "For the new-hire")
	s.AssertFileContains("a/index.html", `For: <a href="/audience/manager/">manager</a>`)
	s.AssertFileContains("index.html", `data-audience="manager"`)
}

// A curriculum of one module says "1 module".
func TestCurriculumOfOneModuleCountsInTheSingular(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
-- content/path/_index.md --
+++
title = "Path"
type = "curriculum"
+++
-- content/path/01-only.md --
+++
title = "Only"
duration = "45m"
+++
`)
	if page := s.File("path/index.html"); !strings.Contains(page, "1 module · 45 min in total") {
		t.Errorf("overview lacks %q", "1 module · 45 min in total")
	}
}
