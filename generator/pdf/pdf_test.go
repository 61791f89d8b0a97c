package pdf_test

import (
	"context"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"playbook/generator"
	"playbook/generator/internal/sitetest"
	"playbook/generator/pdf"
	"playbook/internal/browsertest"
)

// requireTool returns the path of a command the test needs: in CI (CI set)
// a missing one fails, elsewhere it skips.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: apt-get install poppler-utils", name)
		}
		t.Skipf("no %s on this machine (apt-get install poppler-utils); PDF test skipped", name)
	}
	return p
}

// printed is a PDF written to disk and read back with poppler-utils.
type printed struct {
	file  string
	info  string
	pages []string // the text of each page, white space folded
}

func printPDF(t *testing.T, opts pdf.Options) (*pdf.Result, *printed) {
	t.Helper()
	opts.Chromium = browsertest.Require(t)
	pdfinfo, pdftotext := requireTool(t, "pdfinfo"), requireTool(t, "pdftotext")
	start := time.Now()
	res, err := pdf.Print(context.Background(), opts)
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	p := &printed{file: filepath.Join(t.TempDir(), "handbook.pdf")}
	if err := os.WriteFile(p.file, res.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command(pdfinfo, p.file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	p.info = string(info)
	text, err := exec.Command(pdftotext, p.file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, page := range strings.Split(string(text), "\f") {
		p.pages = append(p.pages, strings.Join(strings.Fields(page), " "))
	}
	p.pages = p.pages[:len(p.pages)-1] // after the last form feed
	t.Logf("%s: %d pages, %d KB in %v", res.Path, p.pageCount(t), len(res.PDF)/1024, time.Since(start).Round(time.Millisecond))
	return res, p
}

func (p *printed) pageCount(t *testing.T) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(p.info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", p.info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// startsOn returns the first page after page after whose text begins with
// title, or -1.
func (p *printed) startsOn(title string, after int) int {
	for i := after + 1; i < len(p.pages); i++ {
		if strings.HasPrefix(p.pages[i], title) {
			return i
		}
	}
	return -1
}

// outline returns the top-level bookmarks of the PDF, read with pdftohtml.
func outline(t *testing.T, file string) []string {
	t.Helper()
	out, err := exec.Command(requireTool(t, "pdftohtml"), "-xml", "-i", "-q", "-stdout", file).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	var doc struct {
		Outline struct {
			Items []string `xml:"item"`
		} `xml:"outline"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("pdftohtml output: %v", err)
	}
	return doc.Outline.Items
}

func TestPDFOfExamplePlaybookHasEveryChapterInOrder(t *testing.T) {
	res, p := printPDF(t, pdf.Options{Build: generator.Options{Source: "../.."}})
	n := p.pageCount(t)
	if n < 20 || n > 400 {
		t.Errorf("%d pages; the example playbook prints on 20 to 400", n)
	}
	if !strings.Contains(p.info, "(A4)") {
		t.Errorf("not A4 as site.toml says:\n%s", p.info)
	}
	site := res.Build.Site
	chapters := []string{site.Home.Page.Title}
	for _, e := range site.Home.Entries {
		chapters = append(chapters, e.Title)
	}
	if len(chapters) < 4 {
		t.Fatalf("chapters %q: the example has an introduction and three sections", chapters)
	}
	// Cover, then contents, then each chapter at the top of a new page.
	if !strings.HasPrefix(p.pages[0], res.Build.Config.Title) {
		t.Errorf("page 1 is not the cover: %.80q", p.pages[0])
	}
	page := p.startsOn("Contents", -1)
	if page != 1 {
		t.Errorf("contents start on page %d, want 2", page+1)
	}
	for _, title := range chapters {
		next := p.startsOn(title, page)
		if next < 0 {
			t.Fatalf("no page after page %d starts with chapter %q", page+1, title)
		}
		page = next
	}
	// Footers number the pages: "3 / 48".
	if want := "3 / " + strconv.Itoa(n); !strings.Contains(p.pages[2], want) {
		t.Errorf("page 3 has no footer %q: ...%q", want, p.pages[2][max(0, len(p.pages[2])-80):])
	}
	// Bookmarks: the cover title, the contents, then the chapters.
	got := outline(t, p.file)
	want := append([]string{res.Build.Config.Title, "Contents"}, chapters...)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("top-level bookmarks\n%q\nwant\n%q", got, want)
	}
}

const smallSite = `
-- site.toml --
title = "Small"
baseURL = "https://example.com/pb/"
audiences = ["seller", "manager"]
[print]
pageSize = "Letter"
-- content/leading/_index.md --
+++
title = "Leading"
weight = 1
+++
-- content/leading/coach.md --
+++
title = "Coaching"
audience = ["manager"]
+++
Coach every week.
-- content/selling/_index.md --
+++
title = "Selling"
weight = 2
+++
-- content/selling/discovery.md --
+++
title = "Discovery"
audience = ["seller"]
+++
Ask before you tell.
`

func TestPDFOfOneSectionOrRoleHoldsOnlyItsPages(t *testing.T) {
	for _, tc := range []struct {
		section, audience string
		chapter           string
		want, lacks       string
	}{
		{section: "selling", chapter: "Selling", want: "Ask before you tell.", lacks: "Coach every week."},
		{audience: "manager", chapter: "Leading", want: "Coach every week.", lacks: "Ask before you tell."},
	} {
		opts := pdf.Options{Build: sitetest.New(t, smallSite).Opts, Section: tc.section, Audience: tc.audience}
		_, p := printPDF(t, opts)
		text := strings.Join(p.pages, "\n")
		if !strings.Contains(text, tc.want) || strings.Contains(text, tc.lacks) {
			t.Errorf("%s%s: want %q and not %q in\n%s", tc.section, tc.audience, tc.want, tc.lacks, text)
		}
		// The stylesheet loads from below the base path: the chapter
		// starts a page after the cover and the contents.
		if got := p.startsOn(tc.chapter, 0); got != 2 {
			t.Errorf("%s%s: chapter %q starts on page %d, want 3", tc.section, tc.audience, tc.chapter, got+1)
		}
		if !strings.Contains(p.info, "(letter)") {
			t.Errorf("not Letter as site.toml says:\n%s", p.info)
		}
	}
}

func TestPrintWithoutChromiumSaysWhatToInstall(t *testing.T) {
	t.Setenv("CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	_, err := pdf.Print(context.Background(), pdf.Options{Build: sitetest.New(t, smallSite).Opts})
	if !errors.Is(err, pdf.ErrNoChromium) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("err = %v, want ErrNoChromium naming the package", err)
	}
}

func TestPrintRejectsUnknownSectionAndAudience(t *testing.T) {
	for _, tc := range []struct {
		opts pdf.Options
		want string
	}{
		{pdf.Options{Section: "pricing"}, `no section "pricing"; sections are "leading", "selling"`},
		{pdf.Options{Audience: "cfo"}, `no audience "cfo"; site.toml declares "seller", "manager"`},
		{pdf.Options{Section: "selling", Audience: "seller"}, "not both"},
	} {
		tc.opts.Build = sitetest.New(t, smallSite).Opts
		tc.opts.Chromium = "/no/chromium/needed" // it fails before the browser starts
		_, err := pdf.Print(context.Background(), tc.opts)
		if !errors.Is(err, pdf.ErrNotFound) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.opts, err, tc.want)
		}
	}
}
