package importer

import "strings"

// admonitionHead returns the first line of an MkDocs admonition that
// shows title as its title, for a callout of the GitHub alert kind
// (NOTE, TIP, IMPORTANT, WARNING, CAUTION): a "> [!KIND]" alert has no
// title of its own, so a titled callout is written "!!! kind "title"" with
// its body indented four spaces. mark is "!!!", "???" or "???+". CAUTION
// is written danger, which the build shows in red as GitHub's caution.
func admonitionHead(mark, kind, title string) string {
	k := strings.ToLower(kind)
	if k == "caution" {
		k = "danger"
	}
	return mark + " " + k + ` "` + oneLine(title) + `"`
}
