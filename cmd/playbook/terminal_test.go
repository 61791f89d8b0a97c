package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// On a terminal a build draws its progress line with "\r" redraws and
// erases it before the summary; stdout and stderr share one buffer here,
// as they share the screen. Elsewhere, and with --quiet, there is no
// "\r" at all.
func TestProgressLineDrawsOnATerminalOnly(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": "# A\n", "content/s/b.md": "# B\n"})

	var screen bytes.Buffer
	code := run(context.Background(), []string{"build", "-s", dir, "--no-cache"}, &screen, &terminal{Writer: &screen})
	if code != 0 {
		t.Fatalf("exit %d: %q", code, screen.String())
	}
	want := regexp.MustCompile(`^(\rbuild: [^\r\n\x1b]*\x1b\[K)+\r\x1b\[Kbuilt 2 pages, 2 sections, \d+ files \(\d+ written\) in \d+ ms\n$`)
	if !want.MatchString(screen.String()) {
		t.Errorf("terminal output %q does not match %s", screen.String(), want)
	}

	for _, c := range []struct {
		name        string
		args        []string
		term, quiet bool
	}{
		{"not a terminal", []string{"build", "-s", dir}, false, false},
		{"check, not a terminal", []string{"check", "-s", dir}, false, false},
		{"quiet terminal", []string{"build", "-q", "-s", dir}, true, true},
	} {
		var out bytes.Buffer
		var stderr io.Writer = &out
		if c.term {
			stderr = &terminal{Writer: &out}
		}
		code := run(context.Background(), c.args, &out, stderr)
		if code != 0 || strings.Contains(out.String(), "\r") || strings.Contains(out.String(), "\x1b") {
			t.Errorf("%s: exit %d, output %q; want no \\r and no escape", c.name, code, out.String())
		}
		if c.quiet != (out.Len() == 0) {
			t.Errorf("%s: output %q", c.name, out.String())
		}
	}
}

// The progress line names the stage, the items done of the total and the
// rate; a stage without a count only its name.
func TestProgressLineText(t *testing.T) {
	p := &progressLine{cmd: "build"}
	if got := p.text(); got != "build: starting" {
		t.Errorf("before any stage: %q", got)
	}
	p.report(generator.Progress{Stage: "load", Total: 40})
	if got := p.text(); got != "build: loading 0/40 pages" {
		t.Errorf("load begun: %q", got)
	}
	p.stage.Load().at = time.Now().Add(-2 * time.Second) // the stage began two seconds ago
	p.report(generator.Progress{Stage: "load", Done: 20, Total: 40})
	p.report(generator.Progress{Stage: "load", Done: 19, Total: 40}) // a slower worker's call, late
	if got := p.text(); !regexp.MustCompile(`^build: loading 20/40 pages, 1\d pages/s$`).MatchString(got) {
		t.Errorf("load half done: %q", got)
	}
	p.report(generator.Progress{Stage: "transform"})
	if got := p.text(); got != "build: resolving links and navigation" {
		t.Errorf("transform: %q", got)
	}
	p.report(generator.Progress{Stage: "render", Total: 300})
	p.report(generator.Progress{Stage: "render", Done: 3, Total: 300})
	if got := p.text(); !strings.HasPrefix(got, "build: rendering 3/300 files, ") || !strings.HasSuffix(got, " files/s") {
		t.Errorf("render: %q", got)
	}
	p.report(generator.Progress{Stage: "commit"})
	if got := p.text(); got != "build: writing the output and the build cache" {
		t.Errorf("commit: %q", got)
	}
	p.report(generator.Progress{Stage: "print"})
	if got := p.text(); got != "build: printing with Chromium" {
		t.Errorf("print: %q", got)
	}
}

// stderr is a terminal when it is a character device and TERM is not
// "dumb"; NO_COLOR, set to anything, turns colour off, and the progress
// line waits a second before it shows.
func TestStderrIsATerminalOnlyWhenItIsOne(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()

	t.Setenv("TERM", "xterm-256color")
	t.Setenv("NO_COLOR", "")
	if w, ok := stderrOf(devNull).(*terminal); !ok || !w.color || w.after != time.Second {
		t.Errorf("character device: %#v, want a terminal with colour after 1s", stderrOf(devNull))
	}
	if _, ok := stderrOf(file).(*terminal); ok {
		t.Error("a regular file counts as a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if w, ok := stderrOf(devNull).(*terminal); !ok || w.color {
		t.Errorf("NO_COLOR=1: %#v, want a terminal without colour", stderrOf(devNull))
	}
	t.Setenv("TERM", "dumb")
	if _, ok := stderrOf(devNull).(*terminal); ok {
		t.Error("TERM=dumb counts as a terminal")
	}
}

// On a terminal with colour an error's position is red and a warning's
// "warning:" yellow; without colour (NO_COLOR) or off a terminal the text
// is as check prints it anywhere.
func TestDiagnosticsAreColouredOnlyOnAColourTerminal(t *testing.T) {
	l := diag.List{
		{Pos: diag.Pos{File: "content/a.md", Line: 3, Col: 1}, Severity: diag.Error, Msg: `link target "x.md" not found`},
		{Pos: diag.Pos{File: "content/b.md", Line: 1}, Severity: diag.Warning, Msg: "unknown key \"x\""},
		{Severity: diag.Error, Msg: "no position"},
	}
	plain := "content/a.md:3:1: link target \"x.md\" not found\ncontent/b.md:1: warning: unknown key \"x\"\nno position\n"
	var b bytes.Buffer
	printDiags(&b, l, false)
	if b.String() != plain {
		t.Errorf("plain: %q", b.String())
	}
	b.Reset()
	printDiags(&terminal{Writer: &b}, l, false)
	if b.String() != plain {
		t.Errorf("terminal without colour: %q", b.String())
	}
	b.Reset()
	printDiags(&terminal{Writer: &b, color: true}, l, false)
	want := "\x1b[1;31mcontent/a.md:3:1:\x1b[0m link target \"x.md\" not found\ncontent/b.md:1: \x1b[1;33mwarning:\x1b[0m unknown key \"x\"\nno position\n"
	if b.String() != want {
		t.Errorf("colour:\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	printDiags(&terminal{Writer: &b, color: true}, l[1:2], true)
	if want := "\x1b[1;31mcontent/b.md:1:\x1b[0m unknown key \"x\"\n"; b.String() != want {
		t.Errorf("strict warning: %q, want %q", b.String(), want)
	}
}

// --quiet prints only the diagnostics; --verbose adds each stage's time
// to build and check; both at once is a usage error.
func TestQuietAndVerbose(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":    "[links]\ninternal = \"warning\"\n",
		"content/a.md": "[x](missing.md)\n",
	})
	for _, cmd := range []string{"build", "check"} {
		code, out, errs := runCLI(t, cmd, "-q", "-s", dir)
		if code != 0 || out != "" || !strings.Contains(errs, "content/a.md:1:1: warning: link target \"missing.md\" not found") {
			t.Errorf("%s -q: exit %d, stdout %q, stderr %q", cmd, code, out, errs)
		}
		verbose := []string{cmd, "--verbose", "-s", dir}
		if cmd == "build" {
			verbose = append(verbose, "--no-cache") // else the cache answers before loading
		}
		code, out, _ = runCLI(t, verbose...)
		if code != 0 || !regexp.MustCompile(`(?m)^  load +\d+ ms\n  transform +\d+ ms\n  render +\d+ ms$`).MatchString(out) {
			t.Errorf("%s -v: exit %d, stdout %q", cmd, code, out)
		}
		if code, _, errs := runCLI(t, cmd, "-q", "-v", "-s", dir); code != 2 || !strings.Contains(errs, "--quiet and --verbose contradict each other") {
			t.Errorf("%s -q -v: exit %d, %q", cmd, code, errs)
		}
	}
	if code, _, errs := runCLI(t, "check", "-q", "--strict", "-s", dir); code != 1 || !strings.Contains(errs, "content/a.md:1:1: link target") {
		t.Errorf("check -q --strict: exit %d, %q", code, errs)
	}
}
