// Package importer moves another tool's project (Hugo, MkDocs,
// Docusaurus, mdBook, Zola, or a folder of GitHub Markdown) into a new
// playbook site: site.toml from its configuration, its pages under
// content/ with the old navigation written as weights and titles, the
// syntax only the old tool understood converted, its static files kept.
// It reads the source and never writes there, and its report (IMPORT.md)
// counts every change and names, by position, everything left for a
// human.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// Kind is a kind of source project: the tool it was written for.
type Kind string

// The kinds of project Run reads.
const (
	Hugo       Kind = "hugo"
	MkDocs     Kind = "mkdocs"
	Docusaurus Kind = "docusaurus"
	MdBook     Kind = "mdbook"
	Zola       Kind = "zola"
	Markdown   Kind = "markdown"
)

// Kinds lists every Kind, in the order the command's help names them.
var Kinds = []Kind{Hugo, MkDocs, Docusaurus, MdBook, Zola, Markdown}

// Options say what to import and where.
type Options struct {
	// Kind is the source's tool; "" detects it (Detect).
	Kind Kind
	// Source is the project folder; it is only read.
	Source string
	// Dest is the new site folder. It must not exist, be empty, or Force
	// must be set; it must not be inside Source nor Source inside it.
	Dest string
	// Force writes into a Dest that has files: the files and folders an
	// import writes (site.toml, IMPORT.md, content/, static/) are removed
	// first, anything else in Dest is left alone.
	Force bool
	// RepoURL is the source's repository on GitHub
	// ("https://github.com/org/repo"): links to its files
	// (…/blob/<branch>/x.md) become relative links, and editURL is set
	// from it when the source's configuration names none.
	RepoURL string
}

// ErrUsage marks an error in the options (a missing or unknown source, a
// Dest that would be overwritten): the caller prints it with the usage.
var ErrUsage = errors.New("usage")

// Result is a finished import.
type Result struct {
	// Report is what IMPORT.md holds.
	Report *Report
	// Check is the diagnostics of `playbook check` on the new site.
	Check diag.List
}

// Failed reports whether the check of the new site found errors.
func (r *Result) Failed() bool { return r.Check.HasErrors(false) }

// Run imports opts.Source into opts.Dest: it reads and converts the
// whole project in memory, writes the new site, checks it as `playbook
// check` does and writes the report to Dest/IMPORT.md. The error is
// ErrUsage-wrapped for bad options, and otherwise an I/O failure or a
// source whose configuration cannot be read at all; problems in the
// source's files are report items, and problems of the new site are in
// Result.Check.
func Run(ctx context.Context, opts Options) (*Result, error) {
	src, dest, err := folders(opts)
	if err != nil {
		return nil, err
	}
	// Every read goes through root, which refuses paths and symbolic
	// links that lead out of the source folder.
	root, err := os.OpenRoot(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	defer root.Close()
	srcFS := root.FS()
	kind, detected := opts.Kind, ""
	if kind == "" {
		if kind, detected = Detect(srcFS); kind == "" {
			return nil, fmt.Errorf("%w: %s: %s", ErrUsage, opts.Source, detected)
		}
	} else if !slices.Contains(Kinds, kind) {
		return nil, fmt.Errorf("%w: unknown kind %q; playbook imports %s", ErrUsage, kind, kindList())
	} else if found, why := Detect(srcFS); kind != Markdown && found != kind {
		// A folder of Markdown is any project; every other kind has its
		// configuration file.
		switch {
		case found != "" && found != Markdown:
			return nil, fmt.Errorf("%w: %s is not %s project: it is %s project (%s); run playbook import %s %s", ErrUsage, opts.Source, aKind(kind), aKind(found), why, found, opts.Source)
		case !hasConfig(srcFS, kind):
			return nil, fmt.Errorf("%w: %s is not %s project: %s", ErrUsage, opts.Source, aKind(kind), notFound(why))
		}
	}
	p := newProject(srcFS, kind, opts.RepoURL)
	p.report.Detected = detected
	p.report.Source = filepath.Base(src)
	if err := readers[kind](p); err != nil {
		return nil, err
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	p.finish()
	if err := p.write(dest, opts.Force); err != nil {
		return nil, err
	}
	res, err := generator.Build(ctx, generator.Options{Source: dest, Check: true})
	if err != nil && res == nil {
		return nil, fmt.Errorf("check %s: %w", opts.Dest, err)
	}
	p.report.Check = res.Diags
	if err := os.WriteFile(filepath.Join(dest, ReportFile), p.report.Markdown(), 0o644); err != nil {
		return nil, err
	}
	return &Result{Report: p.report, Check: res.Diags}, nil
}

// aKind names a kind with its article: "an mdBook".
func aKind(k Kind) string {
	if k == MkDocs || k == MdBook {
		return "an " + kindTitles[k]
	}
	return "a " + kindTitles[k]
}

// notFound words what Detect said of a folder that is no generator's
// project.
func notFound(why string) string {
	if strings.HasPrefix(why, "Markdown files") {
		return "it has no generator's configuration; playbook import markdown imports its Markdown as it is"
	}
	return why
}

// ReportFile is the report's name in the new site.
const ReportFile = "IMPORT.md"

// readers read each kind of project into a project: configuration,
// pages, navigation, static files and syntax conversion.
var readers = map[Kind]func(*project) error{
	Hugo:       readHugo,
	MkDocs:     readMkDocs,
	Docusaurus: readDocusaurus,
	MdBook:     readMdBook,
	Zola:       readZola,
	Markdown:   readMarkdown,
}

// kindList names the kinds for messages: "hugo, mkdocs, … or markdown".
func kindList() string {
	names := kindNames()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// folders returns the absolute source and destination folders of opts,
// after checking that one is a folder, the other can be written without
// touching the source, and neither holds the other.
func folders(opts Options) (src, dest string, err error) {
	if opts.Source == "" {
		return "", "", fmt.Errorf("%w: name the project folder to import", ErrUsage)
	}
	if src, err = realPath(opts.Source); err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if fi, err := os.Stat(src); err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrUsage, err)
	} else if !fi.IsDir() {
		return "", "", fmt.Errorf("%w: %s is a file; name the project's folder", ErrUsage, opts.Source)
	}
	if opts.Dest == "" {
		return "", "", fmt.Errorf("%w: name the new site's folder with -o", ErrUsage)
	}
	if dest, err = realPath(opts.Dest); err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrUsage, err)
	}
	switch {
	case within(dest, src):
		return "", "", fmt.Errorf("%w: %s is inside %s; import never writes into the project it reads", ErrUsage, opts.Dest, opts.Source)
	case within(src, dest):
		return "", "", fmt.Errorf("%w: %s is inside %s; write the new site beside the project", ErrUsage, opts.Source, opts.Dest)
	}
	entries, err := os.ReadDir(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", "", err
	case len(entries) > 0 && !opts.Force:
		return "", "", fmt.Errorf("%w: %s is not empty; pass --force to replace what an import writes there (site.toml, %s, content/, static/)", ErrUsage, opts.Dest, ReportFile)
	}
	return src, dest, nil
}

// realPath returns name as an absolute path with the symbolic links of
// its longest existing prefix resolved, so that two names of one folder
// compare equal.
func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
