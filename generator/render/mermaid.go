package render

import (
	"strings"

	"github.com/playbook-ssg/playbook/generator/content"
)

// The theme's mermaid script (assets/mermaid/, about 5 MB) is published
// only by sites with a mermaid diagram, and loaded only by the pages
// that show one (frameView.Mermaid).

// isMermaidAsset reports whether the asset named name (under assets/) is
// part of the mermaid script.
func isMermaidAsset(name string) bool { return strings.HasPrefix(name, "mermaid/") }

// usesMermaid reports whether a page of site has a mermaid diagram.
func usesMermaid(site *content.Site) bool {
	for _, p := range site.Pages {
		if p.Doc != nil && p.Doc.Mermaid {
			return true
		}
	}
	return false
}
