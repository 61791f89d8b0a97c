package pdf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/pdf"
)

// The PDF shows mermaid diagrams drawn, not their source: printing waits
// for the script to draw every one (it draws them one after another,
// after the page has loaded).
func TestPDFShowsMermaidDiagramsDrawn(t *testing.T) {
	var body strings.Builder
	const diagrams = 12
	for i := range diagrams {
		fmt.Fprintf(&body, "```mermaid\ngraph LR\n  A[Qualify%d] --> B[Propose%d] --> C[Close%d]\n```\n\n", i, i, i)
	}
	opts := pdf.Options{Build: sitetest.New(t, `
-- site.toml --
title = "Diagrams"
-- content/stages.md --
+++
title = "Stages"
+++
`+body.String()).Opts}
	_, p := printPDF(t, opts)
	text := strings.Join(p.pages, "\n")
	for i := range diagrams {
		for _, label := range []string{"Qualify", "Propose", "Close"} {
			if want := fmt.Sprint(label, i); !strings.Contains(text, want) {
				t.Errorf("no %q in the PDF", want)
			}
		}
	}
	if strings.Contains(text, "-->") || strings.Contains(text, "graph LR") {
		t.Errorf("the PDF shows diagrams' source, not the diagrams:\n%s", text)
	}
}
