package themes_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// badgedSite builds a small site whose pages carry new and updated
// badges and fill the page of recent changes (the example playbook has
// no dates, so it shows neither).
func badgedSite(t *testing.T) *publish.Memory {
	t.Helper()
	page := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"site.toml":                      page("title = \"Playbook\"\nbaseURL = \"https://example.com/\"\n[changes]\nbadgeDays = 14\n"),
		"content/_index.md":              page("+++\ntitle = \"Home\"\ndate = 2026-01-05\n+++\nWelcome.\n"),
		"content/selling/_index.md":      page("+++\ntitle = \"Selling\"\ndate = 2026-11-20\n+++\nHow we sell.\n"),
		"content/selling/pricing.md":     page("+++\ntitle = \"Pricing\"\ndescription = \"Talk price late.\"\ndate = 2026-11-25\n+++\n## Anchor price\n\nText.\n"),
		"content/selling/discovery.md":   page("+++\ntitle = \"Discovery\"\ndate = 2026-03-01\nlastmod = 2026-11-24\n+++\nText.\n"),
		"content/leading/_index.md":      page("+++\ntitle = \"Leading\"\ndate = 2026-02-01\n+++\n"),
		"content/leading/one-on-ones.md": page("+++\ntitle = \"One-on-ones\"\ndate = 2026-02-01\n+++\nText.\n"),
	}
	out := publish.NewMemory()
	_, err := generator.Build(context.Background(), generator.Options{FS: fsys, Target: out, BaseURL: "/", Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBadgesAndChangesPagePassAxeInLightAndDarkAndHideInPrint(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	url := browsertest.Serve(t, badgedSite(t))
	ctx := browsertest.New(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, p := range []string{"/", "/changes/", "/selling/", "/selling/pricing/"} {
			browsertest.Navigate(t, ctx, url+p)
			if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".badge").length`); n == 0 {
				t.Errorf("%s shows no badge", p)
			}
			checkAxe(t, ctx, axe, p, scheme)
		}
	}
	// The badge is a word: its text, not its colour, says what it is.
	browsertest.Navigate(t, ctx, url+"/selling/")
	words := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#sidebar .badge")).map(b => b.textContent)`)
	if strings.Join(words, " ") != "new updated new" {
		t.Errorf("sidebar badges read %q, want selling new, discovery updated, pricing new", words)
	}
	browsertest.Do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if shown := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll(".badge")).filter(b => getComputedStyle(b).display !== "none").length`); shown != 0 {
		t.Errorf("%d badges print", shown)
	}
}

func TestBadgesAndChangesPageAreValidHTML(t *testing.T) {
	out := badgedSite(t)
	if b, _ := out.File("changes/index.html"); !strings.Contains(string(b), `<span class="badge badge-new">new</span>`) {
		t.Fatalf("the page of changes shows no badge:\n%s", b)
	}
	checkHTML(t, out, func(name string) bool { return !strings.HasPrefix(name, "print/") })
}
