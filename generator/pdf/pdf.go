// Package pdf prints a playbook's handbook to PDF. It builds the site in
// memory, serves it on loopback and has headless Chromium print the print
// page, with page numbers in the contents and the footer (the theme's) and
// an outline from the headings.
package pdf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/internal/chromium"
)

// ErrNoChromium means that no browser was found to print with.
//
//lint:ignore ST1005 the message starts with the browser's name
var ErrNoChromium = errors.New("Chromium not found; install it (Debian: apt-get install chromium)")

// ErrNotFound means that the section or audience to print does not exist
// or has nothing to print.
var ErrNotFound = errors.New("nothing to print")

// ErrUsage means that the options ask for something Print cannot do.
var ErrUsage = errors.New("cannot print")

// Options configure Print.
type Options struct {
	// Build says which site to build and how; its Target is replaced.
	// Its OnProgress also hears the stage "print" (no count) when
	// Chromium starts.
	Build generator.Options
	// Section prints one chapter (top-level section), named by its folder
	// or URL path
	// ("selling"), instead of the whole playbook.
	Section string
	// Audience prints the pages for one role of site.toml's audiences.
	Audience string
	// Chromium is the browser to run; empty finds one (chromium.Path).
	Chromium string
}

// printTimeout bounds the browser's work: loading the page and printing
// it twice (see printPage), which takes about 40 s for the 100 pages of
// the example playbook on a busy machine.
const printTimeout = 4 * time.Minute

// Result is a printed handbook.
type Result struct {
	// PDF is the file.
	PDF []byte
	// Build is the build the PDF was printed from.
	Build *generator.Result
	// Path is the URL path of the print page, such as "/print/selling/".
	Path string
}

// Print builds the site and prints its print page to PDF.
func Print(ctx context.Context, opts Options) (*Result, error) {
	if opts.Build.FS == nil {
		// Before Chromium: a wrong folder is the first thing to fix.
		if err := generator.CheckSource(opts.Build.Source); err != nil {
			return nil, err
		}
	}
	browser := opts.Chromium
	if browser == "" {
		browser = chromium.Path()
	}
	if browser == "" {
		return nil, ErrNoChromium
	}
	if opts.Section != "" && opts.Audience != "" {
		return nil, fmt.Errorf("%w: a section's handbook and an audience's handbook are different print pages; give --section or --audience, not both", ErrUsage)
	}
	out := publish.NewMemory()
	bo := opts.Build
	bo.Target, bo.Check = out, false
	// The print page of a section or a role is built for the PDF whether
	// or not site.toml's [print] turns such pages on for the site.
	bo.PrintPages = render.PrintPages{Sections: opts.Section != "", Audiences: opts.Audience != ""}
	build, err := generator.Build(ctx, bo)
	res := &Result{Build: build}
	if err != nil {
		return res, err
	}
	if res.Path, err = printPath(build, opts.Section, opts.Audience); err != nil {
		return res, err
	}
	if _, ok := out.File(strings.TrimPrefix(res.Path, "/") + "index.html"); !ok {
		return res, fmt.Errorf("%w: %s was not built (print = false?)", ErrNotFound, res.Path)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	base := build.Config.Base.Path
	srv := &http.Server{Handler: out.Handler(base), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Shutdown(context.WithoutCancel(ctx)) }()

	if bo.OnProgress != nil {
		bo.OnProgress(generator.Progress{Stage: "print"})
	}
	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	pageURL := "http://" + ln.Addr().String() + base + strings.TrimPrefix(res.Path, "/")
	res.PDF, err = printPage(ctx, browser, pageURL, build.Config.Print.PageSize)
	return res, err
}

// printPath returns the URL path of the print page to print.
func printPath(build *generator.Result, section, audience string) (string, error) {
	switch {
	case audience != "":
		if !build.Config.HasAudience(audience) {
			return "", fmt.Errorf("%w: no audience %q; site.toml declares %s", ErrNotFound, audience, quoted(build.Config.Audiences))
		}
		return render.PrintAudienceURL(audience), nil
	case section != "":
		want := strings.Trim(section, "/")
		var names []string
		var found *content.Section
		var walk func(sec *content.Section)
		walk = func(sec *content.Section) {
			for _, sub := range sec.Sections {
				// Chapters (top-level sections) have print pages.
				if found == nil && sec.Parent == nil && (sub.Dir == want || strings.Trim(sub.Page.URL, "/") == want) {
					found = sub
				}
				if sec.Parent == nil {
					names = append(names, strings.Trim(sub.Page.URL, "/"))
				}
				walk(sub)
			}
		}
		walk(build.Site.Home)
		if found == nil {
			slices.Sort(names)
			return "", fmt.Errorf("%w: no section %q; sections are %s", ErrNotFound, section, quoted(names))
		}
		return render.PrintSectionURL(found), nil
	}
	return render.PrintURL, nil
}

func quoted(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return `"` + strings.Join(names, `", "`) + `"`
}

// diagramsDrawn resolves when every <pre class="mermaid"> holds its
// finished SVG, or at once on a page without the mermaid script. Mermaid
// draws the diagrams one after another once the page has loaded, each in
// a scratch element inside the pre, and puts the SVG in the pre's place
// when it is done. A diagram mermaid cannot draw gets its error picture,
// also an SVG; should the script fail, the page prints after 30 s with
// the diagrams' source as code.
const diagramsDrawn = `new Promise(done => {
	const start = Date.now();
	(function check() {
		const waiting = window.mermaid && Array.from(document.querySelectorAll("pre.mermaid")).some(p => !p.querySelector(":scope > svg"));
		if (!waiting || Date.now() - start > 30000) { done(true); } else { setTimeout(check, 50); }
	})();
})`

// printPage opens pageURL in a fresh headless browser and prints it.
func printPage(ctx context.Context, browser, pageURL, pageSize string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "playbook-pdf-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	actx, cancelA := chromedp.NewExecAllocator(ctx, chromium.Options(browser, dir)...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	if err := chromedp.Do(bctx, chromedp.Navigate(pageURL)); err != nil {
		return nil, fmt.Errorf("open %s in Chromium: %w", pageURL, err)
	}
	// Print only once mermaid has drawn every diagram, and web fonts and
	// every image, lazy ones too, are in.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](diagramsDrawn, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("wait for the diagrams of %s: %w", pageURL, err)
	}
	const ready = `document.fonts.ready.then(() => Promise.all(Array.from(document.images, i => {
		i.loading = "eager";
		return i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; });
	}))).then(() => true)`
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](ready, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("wait for %s: %w", pageURL, err)
	}
	paper := chromedp.PaperA4
	if pageSize == "Letter" {
		paper = chromedp.PaperLetter
	}
	printOnce := func() ([]byte, error) {
		pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(
			chromedp.PDFPaper(paper),
			chromedp.PDFPreferCSSPageSize(),
			chromedp.PDFPrintBackground(),
			chromedp.PDFOutlineAndTagged(),
			chromedp.PDFStream(),
		))
		if err != nil {
			return nil, fmt.Errorf("print %s: %w", pageURL, err)
		}
		return pdf, nil
	}
	return printNumbered(bctx, pageURL, printOnce)
}

// printNumbered prints the open page with its page numbers filled in:
// it prints, reads on which page each numbered target starts, writes the
// numbers and prints again, until the numbers printed are the pages the
// targets are on. The numbers' boxes have a fixed width, so that is the
// second print unless a theme lets a number move things.
func printNumbered(ctx context.Context, pageURL string, printOnce func() ([]byte, error)) ([]byte, error) {
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](numbered))
	if err != nil {
		return nil, fmt.Errorf("find the page numbers to fill in %s: %w", pageURL, err)
	}
	pdf, err := printOnce()
	if err != nil || len(ids) == 0 {
		return pdf, err
	}
	var shown map[string]int
	for prints := 1; ; prints++ {
		dests, err := pagesByID(pdf)
		if err != nil {
			return nil, fmt.Errorf("number the pages of %s: %w", pageURL, err)
		}
		pages := make(map[string]int, len(ids))
		var missing []string
		for _, id := range ids {
			if pages[id] = dests[id]; pages[id] == 0 {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("number the pages of %s: no link in the document points to %s, so Chromium gave no page for it", pageURL, quoted(missing))
		}
		if maps.Equal(pages, shown) {
			return pdf, nil
		}
		if prints == maxPrints {
			return nil, fmt.Errorf("number the pages of %s: the numbers still moved the pages after %d prints", pageURL, prints)
		}
		js, err := json.Marshal(pages)
		if err != nil {
			return nil, err
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(fillNumbers, js))); err != nil {
			return nil, fmt.Errorf("fill in the page numbers of %s: %w", pageURL, err)
		}
		if pdf, err = printOnce(); err != nil {
			return nil, err
		}
		shown = pages
	}
}

// pagesByID returns the page, counting from 1, on which each element that a
// link inside the document points to starts, by the element's id.
// Chromium names the destinations by the links' fragments, which are
// percent-encoded ("p-caf%C3%A9" for the id "p-café").
func pagesByID(pdf []byte) (map[string]int, error) {
	dests, err := destPages(pdf)
	if err != nil {
		return nil, err
	}
	pages := make(map[string]int, len(dests))
	for name, page := range dests {
		if id, err := url.PathUnescape(name); err == nil {
			name = id
		}
		pages[name] = page
	}
	return pages, nil
}

// maxPrints bounds the prints of one PDF: one to find the pages, one with
// the numbers, and two more should a number move anything.
const maxPrints = 4

// numbered marks the document as printed by playbook pdf (the class "pdf"
// on its root, which the theme uses to set out the contents with page
// numbers) and lists the ids whose page numbers it asks for: each element
// with a data-page-of attribute is to hold the number of the page on
// which the element with that id starts. The theme links to those
// elements too, as that is what makes Chromium record their pages.
const numbered = `(() => {
	document.documentElement.classList.add("pdf");
	return Array.from(document.querySelectorAll("[data-page-of]"), e => e.dataset.pageOf);
})()`

// fillNumbers writes the page numbers, given as a JSON object by id.
const fillNumbers = `(pages => {
	for (const e of document.querySelectorAll("[data-page-of]")) {
		e.textContent = pages[e.dataset.pageOf] ?? "";
	}
	return true;
})(%s)`
