package importer

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// Report is what an import did: how much it changed, what needs a human,
// and what `playbook check` says of the new site. Markdown writes it as
// IMPORT.md; the same import writes the same bytes.
type Report struct {
	// Kind is the source's tool; Detected says why, when Run detected it.
	Kind     Kind
	Detected string
	// Source is the source folder's name (not its whole path, so that
	// the report does not depend on where the project lies).
	Source string
	// Pages, Sections and Files count what the new site holds: pages,
	// folders of pages under content/, and other files (content files
	// and static files).
	Pages, Sections, Files int
	// Drafts counts the pages that are drafts (draft: true), which a
	// build leaves out without --drafts.
	Drafts int
	// Items are what needs a human, by group.
	Items []Item
	// Check is what `playbook check` said of the new site.
	Check diag.List
	// changes counts the conversions made to each file of the new site.
	changes map[string]*[numCounts]int
}

// Count is a kind of change made to a page.
type Count int

// The kinds of change counted.
const (
	LinksRewritten Count = iota
	ShortcodesConverted
	IncludesInlined
	NavigationKeys // weight, linkTitle, title set from the navigation
	numCounts
)

// countNames names each kind of change, for one and for more.
var countNames = [numCounts][2]string{
	{"link rewritten", "links rewritten"},
	{"shortcode or component converted", "shortcodes and components converted"},
	{"include inlined", "includes inlined"},
	{"navigation key set", "navigation keys set (weights, titles, aliases)"},
}

// countName names n changes of kind c.
func countName(c Count, n int) string {
	if n == 1 {
		return "1 " + countNames[c][0]
	}
	return fmt.Sprintf("%d %s", n, countNames[c][1])
}

// Total returns how many changes of kind c the import made.
func (r *Report) Total(c Count) int {
	n := 0
	for _, ch := range r.changes {
		n += ch[c]
	}
	return n
}

// Group is a kind of report item.
type Group int

// The groups of items, in the order the report lists them.
const (
	// GroupConfig: a key of the source's configuration not carried over.
	GroupConfig Group = iota
	// GroupNav: an entry of the source's navigation not kept as written.
	GroupNav
	// GroupConvert: a shortcode, include or link the import could not
	// convert, and why.
	GroupConvert
	// GroupUnrendered: what a page still holds that playbook does not
	// render (the build's warnings about the page's Markdown).
	GroupUnrendered
	// GroupFrontMatter: front matter the import could not edit.
	GroupFrontMatter
	// GroupFiles: files not imported, or imported under another name.
	GroupFiles
	numGroups
)

var groupNames = [numGroups]string{
	"Configuration not carried over",
	"Navigation",
	"Not converted",
	"Markdown playbook does not render",
	"Front matter",
	"Files",
}

// Item is one thing that needs a human.
type Item struct {
	Group Group
	// Pos is where: a file of the new site ("content/a.md:3:1"), or of
	// the source under its folder's name ("docs-site/mkdocs.yml:12:3").
	Pos diag.Pos
	Msg string
}

// add records an item.
func (r *Report) add(g Group, pos diag.Pos, format string, args ...any) {
	r.Items = append(r.Items, Item{Group: g, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// kindTitles names each tool as its users write it.
var kindTitles = map[Kind]string{
	Hugo: "Hugo", MkDocs: "MkDocs", Docusaurus: "Docusaurus", MdBook: "mdBook", Zola: "Zola", Markdown: "GitHub Markdown",
}

// Markdown writes the report: what was imported, the counts, the changes
// per file, the items by group, then the check's result.
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Import report\n\nImported the %s project `%s`", kindTitles[r.Kind], r.Source)
	if r.Detected != "" {
		fmt.Fprintf(&b, " (detected: %s)", r.Detected)
	}
	b.WriteString(".\n\n| | |\n| --- | --: |\n")
	for _, row := range []struct {
		name string
		n    int
	}{{"pages (sections' own pages included)", r.Pages}, {"of them drafts", r.Drafts}, {"sections (folders of pages)", r.Sections}, {"other files", r.Files}} {
		fmt.Fprintf(&b, "| %s | %d |\n", row.name, row.n)
	}
	for c := range numCounts {
		fmt.Fprintf(&b, "| %s | %d |\n", countNames[c][1], r.Total(c))
	}
	r.writeItems(&b)
	r.writeChanges(&b)
	r.writeCheck(&b)
	return b.Bytes()
}

// writeItems lists the items by group, each group sorted by position.
func (r *Report) writeItems(b *bytes.Buffer) {
	items := r.sortedItems()
	fmt.Fprintf(b, "\n## Needs a human (%d)\n", len(items))
	if len(items) > 0 {
		fmt.Fprintf(b, "\nPositions under `content/` and `site.toml` are in the new site; those under `%s/` in the project imported.\n", r.Source)
	}
	if len(items) == 0 {
		b.WriteString("\nNothing: every construct was converted or renders as written.\n")
		return
	}
	for g := range numGroups {
		var in []Item
		for _, it := range items {
			if it.Group == g {
				in = append(in, it)
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n### %s (%d)\n\n", groupNames[g], len(in))
		for _, it := range in {
			fmt.Fprintf(b, "- %s\n", line(it.Pos, it.Msg))
		}
	}
}

// sortedItems returns the items sorted by group, file, line, column and
// message, without repeats.
func (r *Report) sortedItems() []Item {
	items := append([]Item(nil), r.Items...)
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if c := a.Pos.Compare(b.Pos); c != 0 {
			return c < 0
		}
		return a.Msg < b.Msg
	})
	// The build's warning about what a conversion left, at the place the
	// conversion names with its reason, is one item.
	explained := map[diag.Pos]bool{}
	for _, it := range items {
		if it.Group == GroupConvert {
			explained[it.Pos] = true
		}
	}
	out := items[:0]
	for i, it := range items {
		if (i == 0 || it != items[i-1]) && (it.Group != GroupUnrendered || !explained[it.Pos]) {
			out = append(out, it)
		}
	}
	return out
}

// writeChanges lists each changed file with its counts.
func (r *Report) writeChanges(b *bytes.Buffer) {
	files := make([]string, 0, len(r.changes))
	for f := range r.changes {
		files = append(files, f)
	}
	if len(files) == 0 {
		return
	}
	sort.Strings(files)
	fmt.Fprintf(b, "\n## Changed files (%d)\n\n", len(files))
	for _, f := range files {
		var parts []string
		for c, n := range r.changes[f] {
			if n > 0 {
				parts = append(parts, countName(Count(c), n))
			}
		}
		fmt.Fprintf(b, "- `%s`: %s\n", f, strings.Join(parts, ", "))
	}
}

// writeCheck writes the check's summary and its diagnostics, leaving out
// those the items already name at the same position.
func (r *Report) writeCheck(b *bytes.Buffer) {
	errs, warns := 0, 0
	for _, d := range r.Check {
		if d.Severity == diag.Error {
			errs++
		} else {
			warns++
		}
	}
	fmt.Fprintf(b, "\n## Check\n\n`playbook check` on the new site: %s, %s.\n", plural(errs, "error"), plural(warns, "warning"))
	listed := map[diag.Pos]bool{}
	for _, it := range r.Items {
		listed[it.Pos] = true
	}
	var rest []string
	for _, d := range r.Check {
		if d.Severity == diag.Warning && listed[d.Pos] {
			continue
		}
		rest = append(rest, "- "+strings.ReplaceAll(d.Error(), "\n", " "))
	}
	if len(rest) < len(r.Check) {
		fmt.Fprintf(b, "\nLeft out here: %s at a place the list above names already.\n", plural(len(r.Check)-len(rest), "warning"))
	}
	if len(rest) > 0 {
		b.WriteString("\n" + strings.Join(rest, "\n") + "\n")
	}
}

// line writes an item as "pos: message".
func line(pos diag.Pos, msg string) string {
	if s := pos.String(); s != "" {
		return "`" + s + "`: " + msg
	}
	return msg
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
