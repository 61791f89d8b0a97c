package render

import (
	"regexp"
	"strings"
)

// themeIDs lists the id of every element that the default theme puts on a
// page around its Markdown body: in its layouts, in its scripts and in the
// dev server's overlay. A page's headings and footnotes must not take one
// (a heading "Main" would share "main" with the page's <main>, and its
// table-of-contents entry would jump there), so the Markdown pipeline
// skips them (markdown.Options.ThemeID). Each pattern is a regular
// expression matched against the whole id; a test renders every layout
// and checks the template ids against this list, and a browser test the
// ids the scripts make.
//
// Numbered ids hold ':' or a fixed count of digits, so that the "-1",
// "-2" a heading id gets to be unique always reaches a free one.
var themeIDs = []struct{ pattern, madeBy string }{
	{"main", "base.html"},
	{"sidebar", "base.html"},
	{"role-select", "base.html"},
	{"search-q", "partials/search.html"},
	{"search-panel", "partials/search.html"},
	{"rollup-title", "partials/rollup.html"},
	{"search-page", "search.html"},
	{"search-page-q", "search.html"},
	{"search-status", "search.html"},
	{"search-results", "search.html"},
	// The print page's own; the parts of its document are "p-" and a
	// page's key, and their bodies' ids are prefixed with it (printIDs).
	{"print-toc", "print.html"},
	{"print-toc-title", "print.html"},
	// The list under the search box and its options.
	{"search-list", "search.js"},
	{`sr:\d+`, "search.js"},
	// Content tabs and their panels.
	{`tabs:\d+:\d+`, "main.js"},
	{`tabs:\d+:\d+:panel`, "main.js"},
	// mermaid names each diagram it draws after the time in milliseconds.
	{`mermaid-\d{13}`, "mermaid/mermaid.min.js"},
	// The dev server's overlay of build errors.
	{"playbook-errors", "devserver"},
}

var themeIDPattern = func() *regexp.Regexp {
	alts := make([]string, len(themeIDs))
	for i, t := range themeIDs {
		alts[i] = t.pattern
	}
	return regexp.MustCompile(`^(?:` + strings.Join(alts, "|") + `)$`)
}()

// ThemeID reports whether id is the id of an element that the default
// theme puts on a page around its body (see themeIDs).
func ThemeID(id string) bool { return themeIDPattern.MatchString(id) }
