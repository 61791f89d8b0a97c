package themes_test

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// emulatePrint makes CSS see paper, as the print preview does.
func emulatePrint() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
}

func TestPrintCSSHidesNavigationAndPrintsLightOnEveryPage(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/leading/")
	// A reader in dark mode prints on white paper all the same.
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "dark")`), emulatePrint())
	for _, sel := range []string{".top", "#sidebar", ".print-link", ".pager"} {
		if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).display`); got != "none" {
			t.Errorf("%s prints (display %s)", sel, got)
		}
	}
	if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector(".lead")).color`); got != "rgb(74, 83, 96)" {
		t.Errorf("lead text prints in %s, want the light theme's grey", got)
	}
	browsertest.Navigate(t, ctx, url+"/onboarding/01-buyers-first/")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "dark")`), emulatePrint())
	if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector("pre.chroma")).breakInside`); got != "avoid" {
		t.Errorf("code blocks break across pages (break-inside %s)", got)
	}
	if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector(".task-box")).appearance`); got != "none" {
		t.Errorf("check boxes print as form controls (appearance %s), want plain boxes", got)
	}
}

func TestPrintPageStartsEachChapterOnANewPage(t *testing.T) {
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, url+"/print/")
	browsertest.Do(t, ctx, emulatePrint())
	got := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".print-part"), s => s.classList.contains("chapter") + ":" + getComputedStyle(s).breakBefore)`)
	chapters := 0
	for _, g := range got {
		switch g {
		case "true:page":
			chapters++
		case "false:auto":
		default:
			t.Errorf("part with chapter:break-before %s", g)
		}
	}
	res, err := generator.Build(context.Background(), generator.Options{Source: exampleSite, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(res.Site.Home.Sections); chapters != want { // the introduction and each section
		t.Errorf("%d chapters start a page, want %d (introduction and each section)", chapters, want)
	}
	for _, sel := range []string{".print-cover", ".print-toc"} {
		if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).breakAfter`); got != "page" {
			t.Errorf("%s: break-after %s, want page", sel, got)
		}
	}
}

func TestPrintPageHasNoWCAGViolations(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	url := browsertest.Serve(t, example(t))
	ctx := browsertest.New(t)
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Navigate(t, ctx, url+"/print/audience/new-hire/")
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+scheme+`")`))
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
		res := browsertest.Eval[[]axeResult](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`)
		for _, v := range res {
			for _, n := range v.Nodes {
				t.Errorf("print page (%s): %s: %s at %v: %s", scheme, v.ID, v.Help, n.Target, n.HTML)
			}
		}
	}
}
