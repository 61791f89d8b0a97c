package generator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
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

// audienceSite has a curriculum for new hires and managers whose modules
// link and require pages for other roles.
const audienceSite = `
-- site.toml --
audiences = ["manager", "new-hire", "seller"]
[print]
audiences = true
-- content/ramp/_index.md --
+++
title = "Ramp"
type = "curriculum"
audience = ["new-hire", "manager"]
+++
Links from the overview are not checked: [managers](../lead/weekly.md).
-- content/ramp/01-buyers.md --
+++
title = "Buyers"
weight = 1
audience = ["new-hire", "manager"]
+++
Read [discovery](../sell/discovery.md) and [the weekly list](../lead/weekly.md#friday),
[the section](../sell/_index.md), [this page](#buyers) and [the next module](02-calls.md).
-- content/ramp/02-calls.md --
+++
title = "Calls"
weight = 2
audience = ["new-hire", "manager"]
requires = ["01-buyers", "03-managers-only"]
+++
Text.
-- content/ramp/03-managers-only.md --
+++
title = "Managers only"
weight = 3
audience = ["manager"]
+++
A module for managers may link [the weekly list](../lead/weekly.md).
-- content/ramp/04-everyone.md --
+++
title = "No audience"
weight = 4
+++
A module with no audience is in no role's handbook: [weekly](../lead/weekly.md).
-- content/sell/_index.md --
+++
title = "Sell"
audience = ["seller", "new-hire"]
+++
-- content/sell/discovery.md --
+++
title = "Discovery"
audience = ["seller", "new-hire", "manager"]
+++
-- content/lead/weekly.md --
+++
title = "Weekly"
audience = ["manager"]
+++
## Friday
`

// TestModulesLinkOnlyPagesOfTheirAudience checks the audience check: a
// curriculum module that links or requires a page not for every role the
// module is for fails the build, at the link or the requires key, so that
// no role's print handbook lacks its own required reading.
func TestModulesLinkOnlyPagesOfTheirAudience(t *testing.T) {
	s := sitetest.New(t, audienceSite)
	s.Rebuild()
	if s.Err == nil {
		t.Fatal("build succeeded")
	}
	want := []string{
		`content/ramp/01-buyers.md:6:44: link target "../lead/weekly.md#friday" is not for "new-hire", which this module is for: that role's print handbook and role filter leave it out; add "new-hire" to its audience or remove the link`,
		`content/ramp/01-buyers.md:7:1: link target "../sell/_index.md" is not for "manager", which this module is for: that role's print handbook and role filter leave it out; add "manager" to its audience or remove the link`,
		`content/ramp/02-calls.md:5:1: requires "03-managers-only", which is not for "new-hire", which this module is for: that role's print handbook and role filter leave it out; add "new-hire" to its audience`,
	}
	if got := s.Diags(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Fixed, the build succeeds and each role's handbook holds the pages.
	s.Edit("content/lead/weekly.md", "+++\ntitle = \"Weekly\"\naudience = [\"manager\", \"new-hire\"]\n+++\n## Friday\n")
	s.Edit("content/sell/_index.md", "+++\ntitle = \"Sell\"\naudience = [\"seller\", \"new-hire\", \"manager\"]\n+++\n")
	s.Edit("content/ramp/03-managers-only.md", "+++\ntitle = \"Managers only\"\nweight = 3\naudience = [\"manager\", \"new-hire\"]\n+++\n")
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.AssertFileContains("print/audience/new-hire/index.html", "Weekly", "Discovery", "Managers only")
}

// TestAudienceCheckInTheDevServer checks that a body edit in the dev server
// (its fast path, which relinks only the edited page) sees a new link out
// of the module's audience.
func TestAudienceCheckInTheDevServer(t *testing.T) {
	s := sitetest.New(t, strings.Replace(strings.Replace(audienceSite, "[the weekly list](../lead/weekly.md#friday),\n[the section](../sell/_index.md), ", "", 1), `requires = ["01-buyers", "03-managers-only"]`, `requires = ["01-buyers"]`, 1))
	s.Opts.Incremental = true
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}
	s.Edit("content/ramp/02-calls.md", "+++\ntitle = \"Calls\"\nweight = 2\naudience = [\"new-hire\", \"manager\"]\nrequires = [\"01-buyers\"]\n+++\nSee [weekly](../lead/weekly.md).\n")
	s.Rebuild()
	s.AssertDiag(`content/ramp/02-calls.md:7:5: link target "../lead/weekly.md" is not for "new-hire", which this module is for: that role's print handbook and role filter leave it out; add "new-hire" to its audience or remove the link`)
}
