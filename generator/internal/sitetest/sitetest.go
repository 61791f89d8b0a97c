// Package sitetest builds small sites written as txtar archives in memory,
// for integration tests:
//
//	s := sitetest.Build(t, `
//	-- site.toml --
//	title = "T"
//	-- content/a.md --
//	# A
//	`)
//	s.AssertFileContains("a/index.html", "<h1>A</h1>")
package sitetest

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/publish"
)

// Site is a built test site.
type Site struct {
	T       testing.TB
	Files   fstest.MapFS
	Opts    generator.Options
	Out     Output
	Result  *generator.Result
	Err     error
	builder *generator.Builder
	edited  []string
}

// Output is a build's output: memory for a one-shot build, the
// incremental builder's folder on disk.
type Output interface {
	File(name string) ([]byte, bool)
	Names() []string
}

// Now is the fixed date test builds use.
var Now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// New parses the archive without building. An archive without site.toml
// gets an empty one (every key at its default): a site needs one.
func New(t testing.TB, archive string) *Site {
	t.Helper()
	ar := txtar.Parse([]byte(strings.TrimLeft(archive, "\n")))
	files := fstest.MapFS{"site.toml": &fstest.MapFile{Mode: 0o644}}
	for _, f := range ar.Files {
		files[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	s := &Site{T: t, Files: files}
	s.Opts = generator.Options{FS: files, Now: Now}
	return s
}

// Build parses the archive, builds it and fails the test on errors.
func Build(t testing.TB, archive string) *Site {
	t.Helper()
	s := New(t, archive)
	s.Rebuild()
	if s.Err != nil {
		t.Fatalf("build failed:\n%v", s.Err)
	}
	return s
}

// BuildErr builds and returns the error, which the test expects.
func BuildErr(t testing.TB, archive string) (*Site, error) {
	t.Helper()
	s := New(t, archive)
	s.Rebuild()
	if s.Err == nil {
		t.Fatalf("build succeeded, want an error")
	}
	return s, s.Err
}

// Rebuild builds again with the same Builder, into fresh memory.
func (s *Site) Rebuild() {
	s.T.Helper()
	if s.builder == nil {
		s.builder = generator.NewBuilder(s.Opts)
		b := s.builder
		s.T.Cleanup(func() { _ = b.Close() })
	}
	s.builder.Changed(s.edited...)
	s.edited = nil
	if s.Opts.Incremental {
		s.Result, s.Err = s.builder.Build(context.Background())
		s.builder.Wait()
		s.Out = nil
		if out := s.builder.Output(); out != nil {
			s.Out = out
		}
		return
	}
	mem := publish.NewMemory()
	s.Out = mem
	s.builder.SetTarget(mem)
	s.Result, s.Err = s.builder.Build(context.Background())
}

// RebuildNoWait is Rebuild for an incremental site without waiting for
// the background render, as a dev server whose next change comes at
// once: the next Rebuild interrupts it.
func (s *Site) RebuildNoWait() {
	s.T.Helper()
	if s.builder == nil || !s.Opts.Incremental {
		s.T.Fatal("RebuildNoWait needs an incremental site built once")
	}
	s.builder.Changed(s.edited...)
	s.edited = nil
	s.Result, s.Err = s.builder.Build(context.Background())
}

// Edit replaces (or with an empty text, removes) a source file.
func (s *Site) Edit(name, text string) {
	s.edited = append(s.edited, name)
	if text == "" {
		delete(s.Files, name)
		return
	}
	s.Files[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
}

// File returns an output file, failing the test when it is missing.
func (s *Site) File(name string) string {
	s.T.Helper()
	b, ok := s.Out.File(name)
	if !ok {
		s.T.Fatalf("output has no %s; it has %v", name, s.Out.Names())
	}
	return string(b)
}

// AssertFileContains checks that an output file contains every snippet.
func (s *Site) AssertFileContains(name string, snippets ...string) {
	s.T.Helper()
	got := s.File(name)
	for _, want := range snippets {
		if !strings.Contains(got, want) {
			s.T.Errorf("%s does not contain %q\n--- got:\n%s", name, want, got)
		}
	}
}

// AssertFileLacks checks that an output file contains none of the snippets.
func (s *Site) AssertFileLacks(name string, snippets ...string) {
	s.T.Helper()
	got := s.File(name)
	for _, bad := range snippets {
		if strings.Contains(got, bad) {
			s.T.Errorf("%s contains %q", name, bad)
		}
	}
}

// AssertNoFile checks that an output file does not exist.
func (s *Site) AssertNoFile(name string) {
	s.T.Helper()
	if _, ok := s.Out.File(name); ok {
		s.T.Errorf("output has %s, want none", name)
	}
}

// sidebarTag matches what Sidebar reads of the default theme's sidebar:
// list starts and ends, links (marked current: "page", or "true" above
// it) and part headings.
var sidebarTag = regexp.MustCompile(`<ul>|</ul>|<a href="([^"]*)"(?: aria-current="(page|true)")?>([^<]*)</a>|<span class="nav-part-title">([^<]*)</span>`)

// Sidebar returns the sidebar of an output page (default theme) as an
// outline, one entry a line, indented two spaces a level: "Title /url/",
// with " *" on the current page and "# Title" for a part heading.
func (s *Site) Sidebar(name string) string {
	s.T.Helper()
	page := s.File(name)
	start := strings.Index(page, `<nav id="sidebar"`)
	end := strings.Index(page[max(start, 0):], "</nav>")
	if start < 0 || end < 0 {
		s.T.Fatalf("%s has no sidebar", name)
	}
	var b strings.Builder
	depth := -1
	for _, m := range sidebarTag.FindAllStringSubmatch(page[start:start+end], -1) {
		switch {
		case m[0] == "<ul>":
			depth++
		case m[0] == "</ul>":
			depth--
		case m[4] != "":
			b.WriteString(strings.Repeat("  ", max(depth, 0)) + "# " + m[4] + "\n")
		default:
			b.WriteString(strings.Repeat("  ", max(depth, 0)) + m[3] + " " + m[1])
			if m[2] == "page" {
				b.WriteString(" *")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// AssertSidebar checks the sidebar outline of an output page (see
// Sidebar).
func (s *Site) AssertSidebar(name, want string) {
	s.T.Helper()
	want = strings.TrimLeft(want, "\n")
	if got := s.Sidebar(name); got != want {
		s.T.Errorf("sidebar of %s:\n%s\nwant:\n%s", name, got, want)
	}
}

// Diags returns all diagnostics of the last build as lines.
func (s *Site) Diags() []string {
	var out []string
	var l diag.List
	if errors.As(s.Err, &l) {
		for _, d := range l {
			out = append(out, d.Error())
		}
		return out
	}
	if s.Result != nil {
		for _, d := range s.Result.Diags {
			out = append(out, d.Error())
		}
	}
	return out
}

// AssertDiag checks that some diagnostic line equals want.
func (s *Site) AssertDiag(want string) {
	s.T.Helper()
	got := s.Diags()
	for _, d := range got {
		if d == want {
			return
		}
	}
	s.T.Errorf("no diagnostic %q; got:\n%s", want, strings.Join(got, "\n"))
}
