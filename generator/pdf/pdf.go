// Package pdf prints a playbook's handbook to PDF. It builds the site in
// memory, serves it on loopback and has headless Chromium print the print
// page, with page numbers in the footer and an outline from the headings.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"playbook/generator"
	"playbook/generator/content"
	"playbook/generator/publish"
	"playbook/generator/render"
	"playbook/internal/chromium"
)

// ErrNoChromium means that no browser was found to print with.
//
//lint:ignore ST1005 the message starts with the browser's name
var ErrNoChromium = errors.New("Chromium not found; install it (Debian: apt-get install chromium)")

// ErrNotFound means that the section or audience to print does not exist
// or has nothing to print.
var ErrNotFound = errors.New("nothing to print")

// Options configure Print.
type Options struct {
	// Build says which site to build and how; its Target is replaced.
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

// printTimeout bounds the browser's work.
const printTimeout = 2 * time.Minute

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
		return nil, fmt.Errorf("%w: give a section or an audience, not both", ErrNotFound)
	}
	out := publish.NewMemory()
	bo := opts.Build
	bo.Target, bo.Check = out, false
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

	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	url := "http://" + ln.Addr().String() + base + strings.TrimPrefix(res.Path, "/")
	res.PDF, err = printPage(ctx, browser, url, build.Config.Print.PageSize)
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

// footer prints "Title        3 / 48" at the foot of every page. Chromium
// fills the spans; the template needs its own font size.
const footer = `<div style="box-sizing:border-box;width:100%;padding:0 16mm;display:flex;justify-content:space-between;font:8pt system-ui,sans-serif;color:#555">` +
	`<span class="title"></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`

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

// printPage opens url in a fresh headless browser and prints it.
func printPage(ctx context.Context, browser, url, pageSize string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "playbook-pdf-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	actx, cancelA := chromedp.NewExecAllocator(ctx, chromium.Options(browser, dir)...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	if err := chromedp.Do(bctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("open %s in Chromium: %w", url, err)
	}
	// Print only once mermaid has drawn every diagram, and web fonts and
	// every image, lazy ones too, are in.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](diagramsDrawn, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("wait for the diagrams of %s: %w", url, err)
	}
	const ready = `document.fonts.ready.then(() => Promise.all(Array.from(document.images, i => {
		i.loading = "eager";
		return i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; });
	}))).then(() => true)`
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](ready, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("wait for %s: %w", url, err)
	}
	paper := chromedp.PaperA4
	if pageSize == "Letter" {
		paper = chromedp.PaperLetter
	}
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(paper),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFFooterTemplate(footer),
		chromedp.PDFStream(),
	))
	if err != nil {
		return nil, fmt.Errorf("print %s: %w", url, err)
	}
	return pdf, nil
}
