// Command playbook builds, checks and serves a sales playbook site.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/deploy"
	"github.com/playbook-ssg/playbook/generator/devserver"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/internal/version"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, stderrOf(os.Stderr))
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, overview())
		return exitUsage
	}
	switch args[0] {
	case "build", "check":
		return build(ctx, args[0], args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "pdf":
		return pdfCmd(ctx, args[1:], stdout, stderr)
	case "new":
		return newCmd(args[1:], stdout, stderr)
	case "import":
		return importCmd(ctx, args[1:], stdout, stderr)
	case "progress":
		return progressCmd(ctx, args[1:], stdout, stderr)
	case "completion":
		return completionCmd(args[1:], stdout, stderr)
	case "version", "--version":
		if args[0] == "version" {
			if _, code, ok := newCLI("version").parse(args[1:], stdout, stderr); !ok {
				return code
			}
		}
		fmt.Fprint(stdout, version.Get())
		return exitOK
	case "-h", "--help":
		fmt.Fprint(stdout, overview())
		return exitOK
	case "help":
		rest, code, ok := newCLI("help").parse(args[1:], stdout, stderr)
		if !ok {
			return code
		}
		if len(rest) == 0 {
			fmt.Fprint(stdout, overview())
			return exitOK
		}
		return run(ctx, append(rest, "--help"), stdout, stderr)
	}
	fmt.Fprintf(stderr, "playbook: unknown command %q\n\n%s", args[0], overview())
	return exitUsage
}

// buildFlags are the flags of the commands that build a site: build,
// check, serve and pdf.
type buildFlags struct {
	source, output, baseURL string
	drafts, strict, noCache bool
	quiet, verbose          bool
	cpuProfile, memProfile  string
}

// register adds the flags that command cmd takes.
func (f *buildFlags) register(c *cli, cmd string) {
	c.String(&f.source, "source", "s", ".", "site folder `DIR`, holding site.toml and content/")
	if cmd == "build" {
		c.String(&f.output, "output", "o", "", "output `DIR` (default: publishDir from site.toml)")
	}
	if cmd == "build" || cmd == "check" { // check checks what build would build
		c.String(&f.baseURL, "base-url", "", "", "override baseURL from site.toml with this `URL`")
	}
	if cmd == "build" {
		c.Bool(&f.noCache, "no-cache", "", "render and write every file, ignoring the build cache")
		c.String(&f.cpuProfile, "cpuprofile", "", "", "write a CPU profile of the build to this `FILE` (go tool pprof)")
		c.String(&f.memProfile, "memprofile", "", "", "write a heap profile taken near the build's peak memory to this `FILE`")
	}
	c.Bool(&f.drafts, "drafts", "", "include draft pages")
	c.Bool(&f.strict, "strict", "", "treat warnings as errors")
	if cmd == "serve" {
		c.Bool(&f.quiet, "quiet", "q", "print only errors, warnings and the address: no line per rebuild")
		c.Bool(&f.verbose, "verbose", "v", "print each stage's time after each rebuild's line")
		return
	}
	c.Bool(&f.quiet, "quiet", "q", "print only errors and warnings: no progress line, no summary")
	c.Bool(&f.verbose, "verbose", "v", "after the summary, print each stage's time and what came from the build cache")
}

// parse parses args for c and checks the flags' combination.
func (f *buildFlags) parse(c *cli, args []string, stdout, stderr io.Writer) (int, bool) {
	if _, code, ok := c.parse(args, stdout, stderr); !ok {
		return code, false
	}
	if f.quiet && f.verbose {
		return c.usageError(stderr, "--quiet and --verbose contradict each other; give one"), false
	}
	return 0, true
}

func build(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	c := newCLI(cmd)
	f.register(c, cmd)
	if code, ok := f.parse(c, args, stdout, stderr); !ok {
		return code
	}
	stop, err := startProfile(f.cpuProfile)
	if err != nil {
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, err)
		return exitUsage
	}
	gc := tuneGC()
	defer gc.Stop()
	heap := watchHeap(f.memProfile)
	line := startProgress(stderr, cmd, f.quiet)
	res, err := generator.Build(ctx, generator.Options{
		Source: f.source, Output: f.output, Drafts: f.drafts, BaseURL: f.baseURL,
		Strict: f.strict, Check: cmd == "check", NoCache: f.noCache,
		MapCache:   true, // the command builds once and its process ends
		OnProgress: line.onProgress(), OnOpen: gc.Incremental,
	})
	line.finish()
	stop()
	if perr := heap.finish(); perr != nil {
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, perr)
	}
	printDiags(stderr, res.Diags, f.strict)
	if err != nil {
		var l diag.List
		if errors.As(err, &l) {
			left := "output left unchanged"
			if cmd == "check" {
				left = "nothing written"
			}
			fmt.Fprintf(stderr, "playbook %s: %s; %s\n", cmd, plural(len(l), "error"), left)
			return exitContent
		}
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, err)
		return exitContent
	}
	switch {
	case f.quiet:
	case cmd == "check":
		fmt.Fprintf(stdout, "checked %s, %s, %s in %d ms%s; nothing written\n",
			plural(res.Stats.Pages, "page"), plural(res.Stats.Sections, "section"), plural(len(res.Stats.Names), "file"),
			res.Duration.Milliseconds(), warnings(res.Diags))
	default:
		fmt.Fprintf(stdout, "built %s, %s, %s (%d written) in %d ms%s\n",
			plural(res.Stats.Pages, "page"), plural(res.Stats.Sections, "section"), plural(len(res.Stats.Names), "file"),
			res.Stats.Files, res.Duration.Milliseconds(), warnings(res.Diags))
	}
	if res.CacheOff != nil && !f.quiet {
		fmt.Fprintf(stderr, "playbook %s: the build cache is off (%v), so every file was rendered and written; set XDG_CACHE_HOME or HOME to keep it, or pass --no-cache to say so\n", cmd, res.CacheOff)
	}
	if f.verbose {
		printStages(stdout, res)
	}
	return exitOK
}

// printStages prints one line per stage of a build: its name and time.
func printStages(w io.Writer, res *generator.Result) {
	for _, s := range res.Stages {
		fmt.Fprintf(w, "  %-10s %6d ms\n", s.Name, s.Duration.Milliseconds())
	}
	if len(res.Stages) == 1 && res.Stages[0].Name == "open" {
		fmt.Fprintln(w, "  no input changed since the last build: the output is as it was")
	}
	if res.CacheDamaged {
		fmt.Fprintf(w, "  build cache: a parsed page read back damaged, so this build parsed every page; the cache of parsed pages starts afresh with the next build\n")
	}
	if res.Parsed+res.Cached > 0 {
		fmt.Fprintf(w, "  Markdown files: %d parsed, %d from the build cache (%d of those not read at all: their size and time vouched for them)\n", res.Parsed, res.Cached, res.Unread)
		fmt.Fprintf(w, "  search index: %d pages' words from the build cache, %d term files kept as they were; print pages: %d pages copied from the previous print files\n", res.Stats.SearchReused, res.Stats.SearchKept, res.Stats.PrintReused)
	}
}

// warnings returns " (3 warnings)" for the summary line of a build with
// warnings, "" for one without.
func warnings(l diag.List) string {
	n := l.Warnings()
	if n == 0 {
		return ""
	}
	return " (" + plural(n, "warning") + ")"
}

// plural returns "1 page" or "3 pages": n and noun, in the plural unless n
// is one.
func plural(n int, noun string) string { return count(n, noun, noun+"s") }

// count returns n with the singular or the plural form: "1 person",
// "3 people".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var addr string
	var open bool
	c := newCLI("serve")
	f.register(c, "serve")
	c.String(&addr, "addr", "", "127.0.0.1:1313", "address `HOST:PORT` to listen on")
	c.Bool(&open, "open", "", "open the site in the browser")
	if code, ok := f.parse(c, args, stdout, stderr); !ok {
		return code
	}
	err := devserver.Run(ctx, devserver.Options{
		Addr: addr, Open: open, Log: stderr, Out: stdout, Quiet: f.quiet, Verbose: f.verbose,
		Build: generator.Options{Source: f.source, Drafts: f.drafts, Strict: f.strict},
	})
	if err != nil {
		fmt.Fprintf(stderr, "playbook serve: %v\n", err)
		return exitContent
	}
	return exitOK
}

// newCmd runs `playbook new KIND ...`.
func newCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch kind := args[0]; kind {
		case "site":
			return newSite(args[1:], stdout, stderr)
		case "page", "play", "module":
			return newPage(kind, args[1:], stdout, stderr)
		}
	}
	// No kind, or one we do not know: --help anywhere answers, before
	// the kind is judged.
	c := newCLI("new")
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	return c.usageError(stderr, "unknown kind %q: want site, page, play or module", rest[0])
}

func newSite(args []string, stdout, stderr io.Writer) int {
	var ci string
	c := newCLI("new site")
	c.String(&ci, "ci", "", deploy.None, "also write the CI file with which `SERVICE` builds and publishes the site: "+deploy.Choices())
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if _, known := deploy.Lookup(ci); !known && ci != deploy.None {
		return c.usageError(stderr, "unknown --ci %q: want %s", ci, deploy.Choices())
	}
	dir := rest[0]
	ciFile, err := generator.NewSite(dir, ci)
	if err != nil {
		fmt.Fprintf(stderr, "playbook new site: %v\n", err)
		return exitContent
	}
	if ciFile != "" {
		fmt.Fprintf(stdout, "created site in %s, with %s to build and publish it once pushed; run: playbook serve -s %s\n", dir, ciFile, dir)
		if strings.HasSuffix(filepath.ToSlash(ciFile), ".github/workflows/playbook.yml") {
			fmt.Fprintln(stdout, "GitHub Pages: turn it on first, in the repository's Settings > Pages > Source: GitHub Actions")
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "created site in %s; run: playbook serve -s %s\n", dir, dir)
	return exitOK
}

func newPage(kind string, args []string, stdout, stderr io.Writer) int {
	var source string
	c := newCLI("new " + kind)
	c.String(&source, "source", "s", ".", "site folder `DIR`, holding site.toml and content/")
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	path, err := generator.NewPage(source, kind, rest[0], time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "playbook new %s: %v\n", kind, err)
		return exitContent
	}
	fmt.Fprintln(stdout, "created", path)
	return exitOK
}
