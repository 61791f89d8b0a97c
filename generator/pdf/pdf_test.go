package pdf_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/pdf"
	"github.com/playbook-ssg/playbook/internal/browsertest"
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
	file string
	info string
	// pages holds the text of each page above the footer, white space
	// folded; lines holds its lines as laid out, folded too, and raw as
	// they are; footers holds the text of each page's footer.
	pages   []string
	lines   [][]string
	raw     [][]string
	footers []string
}

// footerHeight is how far from the bottom of a page the footer's text
// lies: within the 20 mm (57 pt) bottom margin of the theme's @page.
const footerHeight = 45

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
	m := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(p.info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page size:\n%s", p.info)
	}
	width, _ := strconv.ParseFloat(m[1], 64)
	height, _ := strconv.ParseFloat(m[2], 64)
	w, h := int(math.Ceil(width)), int(math.Ceil(height))
	// pdftotext's crop box counts points from the top left.
	text := func(y, height int) []string {
		out, err := exec.Command(pdftotext, "-layout", "-x", "0", "-y", strconv.Itoa(y), "-W", strconv.Itoa(w), "-H", strconv.Itoa(height), p.file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		pages := strings.Split(string(out), "\f")
		return pages[:len(pages)-1] // after the last form feed
	}
	for _, page := range text(0, h-footerHeight) {
		var lines, raw []string
		for _, line := range strings.Split(page, "\n") {
			if folded := strings.Join(strings.Fields(line), " "); folded != "" {
				lines = append(lines, folded)
				raw = append(raw, strings.TrimSpace(line))
			}
		}
		p.lines = append(p.lines, lines)
		p.raw = append(p.raw, raw)
		p.pages = append(p.pages, strings.Join(lines, " "))
	}
	for _, footer := range text(h-footerHeight, footerHeight) {
		p.footers = append(p.footers, strings.Join(strings.Fields(footer), " "))
	}
	if n := p.pageCount(t); len(p.pages) != n || len(p.footers) != n {
		t.Fatalf("pdftotext read %d and %d pages of %d", len(p.pages), len(p.footers), n)
	}
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

// contents returns the entries of the contents, which run from page 2 up
// to the page before first, and the page number each gives: the number
// stands at the right of the entry's last line, apart from the title.
func (p *printed) contents(t *testing.T, first int) []tocEntry {
	t.Helper()
	numbered := regexp.MustCompile(`^(.*\S)\s{2,}(\d+)$`)
	var entries []tocEntry
	var title []string
	for i := 1; i < first; i++ {
		lines := p.raw[i]
		if i == 1 {
			if len(lines) == 0 || lines[0] != "Contents" {
				t.Fatalf("page 2 does not start with the contents: %q", lines)
			}
			lines = lines[1:]
		}
		for _, line := range lines {
			m := numbered.FindStringSubmatch(line)
			if m == nil {
				title = append(title, line)
				continue
			}
			n, _ := strconv.Atoi(m[2])
			title = append(title, m[1])
			entries = append(entries, tocEntry{strings.Join(strings.Fields(strings.Join(title, " ")), " "), n})
			title = nil
		}
	}
	if len(title) > 0 {
		t.Errorf("contents entry %q has no page number", strings.Join(title, " "))
	}
	return entries
}

type tocEntry struct {
	title string
	page  int // from 1
}

// endsWith reports whether the text of page i ends with text, which may
// be wrapped onto several lines.
func (p *printed) endsWith(i int, text string) bool {
	return strings.HasSuffix(p.pages[i], text) && (len(p.pages[i]) == len(text) || p.pages[i][len(p.pages[i])-len(text)-1] == ' ')
}

// bookmark is an entry of the PDF's outline: a heading and the page it is
// on, counting from 1.
type bookmark struct {
	text  string
	page  int
	level int // 0 for the top level
}

// outline returns the bookmarks of the PDF in document order, read with
// pdftohtml. Chromium makes them from the headings; a heading's text
// loses the spaces where it wraps.
func outline(t *testing.T, file string) []bookmark {
	t.Helper()
	out, err := exec.Command(requireTool(t, "pdftohtml"), "-xml", "-i", "-q", "-stdout", file).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	type node struct {
		XMLName xml.Name
		Page    int    `xml:"page,attr"`
		Text    string `xml:",chardata"`
		Nodes   []node `xml:",any"`
	}
	var doc struct {
		Outline node `xml:"outline"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("pdftohtml output: %v", err)
	}
	var marks []bookmark
	var walk func(n node, level int)
	walk = func(n node, level int) {
		for _, c := range n.Nodes {
			if c.XMLName.Local == "item" {
				marks = append(marks, bookmark{text: strings.TrimSpace(c.Text), page: c.Page, level: level})
			} else {
				walk(c, level+1)
			}
		}
	}
	walk(doc.Outline, 0)
	return marks
}

// checkContents checks that the contents list the chapters and every
// other entry with the page on which its heading is: a chapter's, found
// in the text as the page that starts with it; every heading's, as the
// page in the outline. The contents follow the cover (page 2 on).
func checkContents(t *testing.T, p *printed, marks []bookmark, chapters []string) {
	t.Helper()
	first := p.startsOn(chapters[0], 0)
	if first < 2 {
		t.Fatalf("chapter %q starts on page %d, want a page after the cover and the contents", chapters[0], first+1)
	}
	entries := p.contents(t, first)
	byTitle := map[string]int{}
	for _, e := range entries {
		byTitle[e.title] = e.page
	}
	page := 0
	for _, title := range chapters {
		if page = p.startsOn(title, page); page < 0 {
			t.Fatalf("no page starts with chapter %q", title)
		}
		if got, ok := byTitle[title]; !ok || got != page+1 {
			t.Errorf("contents give chapter %q page %d (listed: %t); its heading starts page %d", title, got, ok, page+1)
		}
	}
	// Every entry, by the outline: entries and bookmarks come in the same
	// order, and a module's entry "3. Title" is the heading "Module 3:
	// Title".
	module := regexp.MustCompile(`^(\d+)\. `)
	k := 0
	for k < len(marks) && marks[k].text != "Contents" {
		k++
	}
	for _, e := range entries {
		heading := module.ReplaceAllString(e.title, "Module $1: ")
		for k < len(marks) && squeeze(marks[k].text) != squeeze(heading) {
			k++
		}
		if k == len(marks) {
			t.Errorf("contents entry %q has no heading in the outline after the previous entry's", e.title)
			return
		}
		if marks[k].page != e.page {
			t.Errorf("contents give %q page %d; its heading is on page %d", e.title, e.page, marks[k].page)
		} else if !strings.Contains(squeeze(p.pages[e.page-1]), squeeze(heading)) {
			t.Errorf("contents give %q page %d, which does not show it: %.200q", e.title, e.page, p.pages[e.page-1])
		}
		k++
	}
}

// squeeze drops white space, as the outline does where a heading wraps.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// checkNoPageEndsWithAHead checks that no page ends with a heading, or
// with what a printed page puts under its title: its lead (description),
// details (audience, duration, owner) and prerequisites. leads are the
// printed pages' descriptions.
func checkNoPageEndsWithAHead(t *testing.T, p *printed, marks []bookmark, leads []string) {
	t.Helper()
	for _, m := range marks {
		lines := p.lines[m.page-1]
		for k := 1; k <= min(4, len(lines)); k++ {
			tail := lines[len(lines)-k:]
			if strings.Join(tail, "") == m.text || strings.Join(tail, " ") == m.text {
				t.Errorf("page %d ends with the heading %q", m.page, m.text)
			}
		}
	}
	for i, lines := range p.lines {
		if len(lines) == 0 {
			continue
		}
		for _, head := range []string{"For: ", "Duration: ", "Owner: ", "Before this module: "} {
			if last := lines[len(lines)-1]; strings.HasPrefix(last, head) {
				t.Errorf("page %d ends with a page's details %q", i+1, last)
			}
		}
		for _, lead := range leads {
			if lead = strings.Join(strings.Fields(lead), " "); lead != "" && p.endsWith(i, lead) {
				t.Errorf("page %d ends with a page's lead %q", i+1, lead)
			}
		}
	}
}

// checkFooters checks that every page but the cover has the footer "Title
// 3 / 48", and the cover none.
func checkFooters(t *testing.T, p *printed, title string) {
	t.Helper()
	if p.footers[0] != "" {
		t.Errorf("the cover has a footer %q; want none, nor a page number", p.footers[0])
	}
	if regexp.MustCompile(`\b1 / \d`).MatchString(p.pages[0]) {
		t.Errorf("the cover shows a page number: %q", p.pages[0])
	}
	n := len(p.footers)
	for i := 1; i < n; i++ {
		// pdftotext may read the narrow spaces around the slash or not.
		if want := fmt.Sprintf("%s %d / %d", title, i+1, n); squeeze(p.footers[i]) != squeeze(want) {
			t.Errorf("page %d has the footer %q, want %q", i+1, p.footers[i], want)
		}
	}
}

// leads returns the descriptions of the site's pages.
func leads(site *content.Site) []string {
	var out []string
	for _, pg := range site.Pages {
		out = append(out, pg.Meta.Description)
	}
	return out
}

func TestPDFOfExamplePlaybook(t *testing.T) {
	res, p := printPDF(t, pdf.Options{Build: generator.Options{Source: "../.."}})
	site := res.Build.Site
	chapters := []string{site.Home.Page.Title}
	for _, e := range site.Home.Entries {
		chapters = append(chapters, e.Title)
	}
	if len(chapters) < 4 {
		t.Fatalf("chapters %q: the example has an introduction and three sections", chapters)
	}
	marks := outline(t, p.file)

	t.Run("HasEveryChapterInOrder", func(t *testing.T) {
		n := p.pageCount(t)
		if n < 20 || n > 400 {
			t.Errorf("%d pages; the example playbook prints on 20 to 400", n)
		}
		if !strings.Contains(p.info, "(A4)") {
			t.Errorf("not A4 as site.toml says:\n%s", p.info)
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
		// Bookmarks: the cover title, the contents, then the chapters.
		var got []string
		for _, m := range marks {
			if m.level == 0 {
				got = append(got, m.text)
			}
		}
		want := append([]string{res.Build.Config.Title, "Contents"}, chapters...)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("top-level bookmarks\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("ContentsGiveThePagesOfTheHeadings", func(t *testing.T) {
		checkContents(t, p, marks, chapters)
	})
	t.Run("NoPageEndsWithAHeading", func(t *testing.T) {
		checkNoPageEndsWithAHead(t, p, marks, leads(site))
	})
	t.Run("FootersNumberEveryPageButTheCover", func(t *testing.T) {
		checkFooters(t, p, res.Build.Config.Title)
	})
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
-- content/selling/café.md --
+++
title = "Café talk"
audience = ["seller"]
+++
Small talk comes last.
`

func TestPDFOfOneSectionOrRoleHoldsOnlyItsPages(t *testing.T) {
	for _, tc := range []struct {
		section, audience string
		title, chapter    string
		want, lacks       string
	}{
		{section: "selling", title: "Selling · Small", chapter: "Selling", want: "Ask before you tell.", lacks: "Coach every week."},
		{audience: "manager", title: "For the manager · Small", chapter: "Leading", want: "Coach every week.", lacks: "Ask before you tell."},
	} {
		// Whether or not site.toml builds such print pages for the site,
		// the PDF's build makes the one it prints.
		for _, on := range []bool{false, true} {
			site := strings.Replace(smallSite, "[print]\n", fmt.Sprintf("[print]\nsections = %v\naudiences = %v\n", on, on), 1)
			opts := pdf.Options{Build: sitetest.New(t, site).Opts, Section: tc.section, Audience: tc.audience}
			res, p := printPDF(t, opts)
			if res.Build.Config.Print.Sections != on {
				t.Fatalf("the fixture's [print] sections is not %v", on)
			}
			text := strings.Join(p.pages, "\n")
			if !strings.Contains(text, tc.want) || strings.Contains(text, tc.lacks) {
				t.Errorf("%s%s, print pages on %v: want %q and not %q in\n%s", tc.section, tc.audience, on, tc.want, tc.lacks, text)
			}
			// The stylesheet loads from below the base path: the chapter
			// starts a page after the cover and the contents.
			if got := p.startsOn(tc.chapter, 0); got != 2 {
				t.Errorf("%s%s, print pages on %v: chapter %q starts on page %d, want 3", tc.section, tc.audience, on, tc.chapter, got+1)
			}
			if !strings.Contains(p.info, "(letter)") {
				t.Errorf("not Letter as site.toml says:\n%s", p.info)
			}
			checkContents(t, p, outline(t, p.file), []string{tc.chapter})
			checkFooters(t, p, tc.title)
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
	} {
		tc.opts.Build = sitetest.New(t, smallSite).Opts
		tc.opts.Chromium = "/no/chromium/needed" // it fails before the browser starts
		_, err := pdf.Print(context.Background(), tc.opts)
		if !errors.Is(err, pdf.ErrNotFound) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.opts, err, tc.want)
		}
	}
}

func TestPrintRejectsASectionAndAnAudienceAtOnce(t *testing.T) {
	opts := pdf.Options{Section: "selling", Audience: "seller", Build: sitetest.New(t, smallSite).Opts, Chromium: "/no/chromium/needed"}
	_, err := pdf.Print(context.Background(), opts)
	if !errors.Is(err, pdf.ErrUsage) || !strings.Contains(err.Error(), "give --section or --audience, not both") {
		t.Errorf("err = %v, want ErrUsage saying not both", err)
	}
}

// A long guide whose headings, at every level, and whose pages' titles,
// leads and details fall at all heights of the page: none is left at the
// bottom of one, away from the text it heads.
func TestPDFKeepsHeadingsWithTheirText(t *testing.T) {
	var files strings.Builder
	files.WriteString("-- site.toml --\ntitle = \"Guide\"\n-- content/guide/_index.md --\n+++\ntitle = \"Guide\"\ntype = \"curriculum\"\n+++\n")
	sentence := "Say what the buyer said, then what it costs them, in their words. "
	n := 0 // drives the paragraph lengths through a fixed, uneven cycle
	const pages = 16
	heads := 0
	for page := 1; page <= pages; page++ {
		fmt.Fprintf(&files, "-- content/guide/%02d-step.md --\n+++\ntitle = \"Step %d of the guide\"\n", page, page)
		fmt.Fprintf(&files, "description = \"What step %d teaches, and why it comes at this point of the guide.\"\n", page)
		fmt.Fprintf(&files, "duration = \"%dh\"\nowner = \"Enablement\"\naudience = [\"seller\"]\n", page)
		if page > 1 {
			fmt.Fprintf(&files, "requires = [\"%02d-step\"]\n", page-1)
		}
		files.WriteString("+++\n")
		for h := 1; h <= 1+(page*5)%9; h++ {
			n++
			heads++
			fmt.Fprintf(&files, "\n%s Part %d.%d\n\n%s\n", strings.Repeat("#", 2+h%3), page, h, strings.Repeat(sentence, 1+(n*7)%13))
		}
	}
	res, p := printPDF(t, pdf.Options{Build: sitetest.New(t, files.String()).Opts})
	marks := outline(t, p.file)
	var parts int
	for _, m := range marks {
		if strings.HasPrefix(m.text, "Part ") {
			parts++
		}
	}
	if parts != heads {
		t.Fatalf("%d headings in the outline, want %d", parts, heads)
	}
	checkNoPageEndsWithAHead(t, p, marks, leads(res.Build.Site))
	checkContents(t, p, marks, []string{"Guide"})
	checkFooters(t, p, "Guide")
}
