package transform

import (
	"path"
	"strings"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// curricula numbers the modules of every curriculum section, resolves their
// prerequisites and rejects unknown or circular ones.
func curricula(site *content.Site) diag.List {
	var diags diag.List
	var walk func(sec *content.Section)
	walk = func(sec *content.Section) {
		if sec.Curriculum() {
			diags.Append(curriculum(sec))
		}
		for _, sub := range sec.Sections {
			walk(sub)
		}
	}
	walk(site.Home)
	// requires outside a curriculum make no sense: say so.
	for _, p := range site.Pages {
		if len(p.Meta.Requires) > 0 && p.Module == 0 {
			diags.Errorf(p.KeyPos("requires"), "requires is only meaningful on modules of a curriculum (type = \"curriculum\" in the section's _index.md)")
		}
	}
	return diags
}

func curriculum(sec *content.Section) diag.List {
	var diags diag.List
	byName := map[string]*content.Page{}
	for i, p := range sec.Pages {
		p.Module = i + 1
		byName[moduleName(p)] = p
		if p.Meta.Slug != "" {
			byName[p.Meta.Slug] = p
		}
	}
	for _, p := range sec.Pages {
		p.Requires = nil
		for _, name := range p.Meta.Requires {
			req, ok := byName[strings.TrimSuffix(name, ".md")]
			switch {
			case !ok:
				diags.Errorf(p.KeyPos("requires"), "requires %q: no module of that name in %s", name, sec.Page.Title)
			case req == p:
				diags.Errorf(p.KeyPos("requires"), "module requires itself")
			default:
				p.Requires = append(p.Requires, req)
				if missing := outsideAudience(p, req); len(missing) > 0 {
					diags.Errorf(p.KeyPos("requires"), "requires %q, which is not for %s, which this module is for: that role's print handbook and role filter leave it out; add %s to its audience", name, quoted(missing), quoted(missing))
				}
			}
		}
	}
	// Depth-first search for cycles; report each cycle once, at the module
	// where it is first entered.
	const (
		unvisited = iota
		active
		done
	)
	state := map[*content.Page]int{}
	var stack []*content.Page
	var visit func(p *content.Page)
	visit = func(p *content.Page) {
		state[p] = active
		stack = append(stack, p)
		for _, r := range p.Requires {
			switch state[r] {
			case unvisited:
				visit(r)
			case active:
				var names []string
				for i := len(stack) - 1; i >= 0; i-- {
					names = append([]string{moduleName(stack[i])}, names...)
					if stack[i] == r {
						break
					}
				}
				names = append(names, moduleName(r))
				diags.Errorf(p.KeyPos("requires"), "circular prerequisites: %s", strings.Join(names, " → "))
			}
		}
		stack = stack[:len(stack)-1]
		state[p] = done
	}
	for _, p := range sec.Pages {
		if state[p] == unvisited {
			visit(p)
		}
	}
	return diags
}

// moduleName is how requires names a module: its file name without .md,
// or its folder for a bundle.
func moduleName(p *content.Page) string {
	base := strings.TrimSuffix(path.Base(p.Rel), ".md")
	if base == "index" {
		return path.Base(path.Dir(p.Rel))
	}
	return base
}

// review marks pages whose last review is older than reviewAfter and warns
// about them. A page without a reviewed date counts as reviewed when its
// file was last committed, with enableGitInfo.
func review(site *content.Site) diag.List {
	var diags diag.List
	every := site.Config.ReviewEvery
	if every <= 0 {
		return nil
	}
	for _, p := range site.Pages {
		r := p.Meta.Reviewed.Time
		if r.IsZero() && p.Git != nil {
			// Never reviewed: its last commit is the last time someone
			// looked at it. Its date, as a reviewed date would be written.
			if r = dayOf(p.Git.AuthorDate); site.Now.Sub(r) > every {
				p.ReviewDue = true
				diags.Warnf(diag.Pos{File: p.File, Line: 1, Col: 1}, "needs review: last changed %s (git), more than %s ago, and no reviewed date (reviewAfter in site.toml)",
					r.Format("2006-01-02"), site.Config.ReviewAfter)
			}
			continue
		}
		if r.IsZero() {
			continue
		}
		if site.Now.Sub(r) > every {
			p.ReviewDue = true
			diags.Warnf(p.KeyPos("reviewed"), "needs review: last reviewed %s, more than %s ago (reviewAfter in site.toml)",
				r.Format("2006-01-02"), site.Config.ReviewAfter)
		}
	}
	return diags
}
