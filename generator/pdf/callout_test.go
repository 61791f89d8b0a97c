package pdf_test

import (
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/pdf"
)

// Paper cannot be clicked: folded callouts print open and every tab
// prints with its label.
func TestPDFPrintsFoldedCalloutsOpenAndEveryTab(t *testing.T) {
	opts := pdf.Options{Build: sitetest.New(t, `
-- site.toml --
title = "Small"
-- content/selling/_index.md --
+++
title = "Selling"
+++
-- content/selling/follow-up.md --
+++
title = "Follow-up"
+++
??? question "Why does the buyer care?"
    Because slow answers cost them money.

=== "Email"
    Send the recap within a day.

=== "Phone"
    Call back within the hour.
`).Opts}
	_, p := printPDF(t, opts)
	text := strings.Join(p.pages, "\n")
	for _, want := range []string{
		"Why does the buyer care?", "Because slow answers cost them money.",
		"Email", "Send the recap within a day.", "Phone", "Call back within the hour.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}
