package generator_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// Tags and categories whose slugs are one ("Pricing" and "pricing", "Cold
// Calls" and "cold-calls") are one term with one page, shown with the
// spelling most pages use (the first in reading order among equals), on
// the term pages and on every page that names it.
func TestTermsThatSlugAlikeAreOneTerm(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/a.md --
+++
title = "A"
weight = 1
tags = ["Pricing", "Cold Calls"]
categories = ["Sales Ops"]
+++
-- content/b.md --
+++
title = "B"
weight = 2
tags = ["pricing", "cold-calls", "Pricing"]
categories = ["sales-ops"]
+++
-- content/c.md --
+++
title = "C"
weight = 3
tags = ["pricing"]
categories = ["sales_ops", "sales-ops"]
+++
`)
	if d := s.Diags(); len(d) != 0 {
		t.Errorf("diagnostics: %q", d)
	}
	s.AssertFileContains("tags/index.html", `<ul class="terms"><li><a href="/tags/cold-calls/">Cold Calls</a> <span class="count">(2)</span></li><li><a href="/tags/pricing/">pricing</a> <span class="count">(3)</span></li>
</ul>`)
	s.AssertFileContains("tags/pricing/index.html", "<h1>pricing</h1>", `href="/a/"`, `href="/b/"`, `href="/c/"`)
	s.AssertFileContains("tags/cold-calls/index.html", "<h1>Cold Calls</h1>", `href="/a/"`, `href="/b/"`)
	s.AssertFileContains("categories/index.html", `<ul class="terms"><li><a href="/categories/sales-ops/">sales-ops</a> <span class="count">(3)</span></li><li><a href="/categories/sales_ops/">sales_ops</a> <span class="count">(1)</span></li>
</ul>`)
	// Each page links each of its terms once, by the term's spelling.
	s.AssertFileContains("b/index.html", `<ul class="tags" aria-label="Tags"><li><a href="/tags/pricing/">pricing</a></li><li><a href="/tags/cold-calls/">Cold Calls</a></li></ul>`)
	s.AssertFileContains("a/index.html", `<ul class="tags" aria-label="Tags"><li><a href="/tags/pricing/">pricing</a></li><li><a href="/tags/cold-calls/">Cold Calls</a></li></ul>`,
		`<ul class="tags" aria-label="Categories"><li><a href="/categories/sales-ops/">sales-ops</a></li></ul>`)
	if n := strings.Count(s.File("tags/pricing/index.html"), `data-key="/b/"`); n != 1 {
		t.Errorf("page b is listed %d times under pricing, want once", n)
	}
}

// Spellings that share a URL but differ in more than case and separators
// are one term too, with a warning at each other spelling; an empty tag
// is left out with a warning. Nothing is written twice.
func TestTermsMergedAcrossSpellingsAreWarned(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/a.md --
+++
title = "A"
weight = 1
tags = ["C++"]
+++
-- content/b.md --
+++
title = "B"
weight = 2
tags = ["C#", " "]
+++
-- content/c.md --
---
title: C
weight: 3
tags:
  - C++
---
`)
	s.AssertDiag(`content/b.md:4:1: warning: tag "C#" is shown as "C++": both have the URL /tags/c/`)
	s.AssertDiag(`content/b.md:4:1: warning: an empty tag is left out`)
	if d := s.Diags(); len(d) != 2 {
		t.Errorf("diagnostics: %q, want 2", d)
	}
	s.AssertFileContains("tags/c/index.html", "<h1>C&#43;&#43;</h1>", `href="/a/"`, `href="/b/"`, `href="/c/"`)
}

// Terms made only of symbols get a URL from their code points, so that
// each has its own page.
func TestTermsOfSymbolsHaveTheirOwnPages(t *testing.T) {
	s := sitetest.Build(t, `
-- content/a.md --
+++
tags = ["🔥", "???"]
+++
`)
	s.AssertFileContains("tags/u1f525/index.html", "<h1>🔥</h1>", `href="/a/"`)
	s.AssertFileContains("tags/u3f-3f-3f/index.html", "<h1>???</h1>", `href="/a/"`)
}

// Audiences of site.toml that slug alike would share their pages: an
// error at site.toml's line.
func TestAudiencesWithOneURLAreAnError(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- site.toml --
title = "T"
audiences = ["Seller", "seller"]
-- content/a.md --
`)
	s.AssertDiag(`site.toml:2:1: audiences "Seller" and "seller" are one: both have the URL /audience/seller/`)
}

// An output file two sources write names both sources, with positions
// where there are any, and the output once.
func TestOutputWrittenTwiceNamesBothSources(t *testing.T) {
	s, _ := sitetest.BuildErr(t, `
-- content/logo.png --
content
-- static/logo.png --
static
`)
	s.AssertDiag(`content/logo.png: output file logo.png is written twice: by static/logo.png and by content/logo.png`)
}
