package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

var pdfSite = map[string]string{
	"content/_index.md":       "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
	"content/selling/disc.md": "# Discovery\n\nAsk first.\n",
}

func TestPDFWithoutChromiumExitsTwoNamingThePackage(t *testing.T) {
	t.Setenv("CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	code, _, errs := runCLI(t, "pdf", "-s", writeSite(t, pdfSite))
	if want := "playbook pdf: Chromium not found; install it (Debian: apt-get install chromium)\n"; code != 2 || errs != want {
		t.Errorf("exit %d, stderr %q; want 2, %q", code, errs, want)
	}
}

func TestPDFExitCodes(t *testing.T) {
	t.Setenv("CHROMIUM", "/no/chromium/needed") // each case fails before the browser starts
	dir := writeSite(t, pdfSite)
	broken := writeSite(t, map[string]string{"content/a.md": "[x](missing.md)\n"})
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"pdf", "-s", dir, "--section", "pricing"}, 2, `no section "pricing"; sections are "selling"`},
		{[]string{"pdf", "-s", dir, "--audience", "cfo"}, 2, `no audience "cfo"`},
		{[]string{"pdf", "-s", dir, "--nope"}, 2, "flag provided but not defined"},
		{[]string{"pdf", "-s", broken}, 1, `content/a.md:1:1: link target "missing.md" not found`},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}

func TestPDFWritesTheHandbook(t *testing.T) {
	browsertest.Require(t)
	out := filepath.Join(t.TempDir(), "book.pdf")
	code, stdout, errs := runCLI(t, "pdf", "-s", writeSite(t, pdfSite), "-o", out, "--section", "selling")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF in %s: %v", out, err)
	}
	if !strings.HasPrefix(stdout, "wrote "+out+" (/print/selling/, ") {
		t.Errorf("stdout %q", stdout)
	}
}
