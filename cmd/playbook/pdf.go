package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/pdf"
)

// pdfCmd runs `playbook pdf`: the print page of the playbook, a section or
// a role, printed to a PDF file by headless Chromium.
func pdfCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var output, section, audience string
	c := newCLI("pdf")
	f.register(c, "pdf")
	c.String(&output, "output", "o", "handbook.pdf", "PDF `FILE` to write")
	c.String(&section, "section", "", "", "print one section, by folder `NAME` (e.g. selling)")
	c.String(&audience, "audience", "", "", "print the pages for one `ROLE` of site.toml's audiences")
	if code, ok := f.parse(c, args, stdout, stderr); !ok {
		return code
	}
	start := time.Now()
	line := startProgress(stderr, "pdf", f.quiet)
	res, err := pdf.Print(ctx, pdf.Options{
		Build:   generator.Options{Source: f.source, Drafts: f.drafts, Strict: f.strict, OnProgress: line.onProgress()},
		Section: section, Audience: audience,
	})
	line.finish()
	if res != nil && res.Build != nil {
		printDiags(stderr, res.Build.Diags, f.strict)
	}
	var l diag.List
	switch {
	case errors.Is(err, pdf.ErrNoChromium), errors.Is(err, pdf.ErrNotFound), errors.Is(err, pdf.ErrUsage):
		fmt.Fprintf(stderr, "playbook pdf: %v\n", err)
		return exitUsage
	case errors.As(err, &l):
		fmt.Fprintf(stderr, "playbook pdf: %s; no PDF written\n", plural(len(l), "error"))
		return exitContent
	case err != nil:
		fmt.Fprintf(stderr, "playbook pdf: %v\n", err)
		return exitContent
	}
	if err := os.WriteFile(output, res.PDF, 0o644); err != nil {
		fmt.Fprintf(stderr, "playbook pdf: %v\n", err)
		return exitContent
	}
	took := time.Since(start)
	if !f.quiet {
		fmt.Fprintf(stdout, "wrote %s (%s, %d KB) in %.1f s\n", output, res.Path, (len(res.PDF)+1023)/1024, took.Seconds())
	}
	if f.verbose {
		printStages(stdout, res.Build)
		fmt.Fprintf(stdout, "  %-10s %6d ms\n", "print", (took - res.Build.Duration).Milliseconds())
	}
	return exitOK
}
