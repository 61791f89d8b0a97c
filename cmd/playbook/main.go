// Command playbook builds, checks and serves a sales playbook site.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"playbook/generator"
	"playbook/generator/devserver"
	"playbook/generator/diag"
)

const usage = `playbook builds a sales playbook website from Markdown.

Usage:
  playbook build [-s DIR] [-o DIR] [--drafts] [--base-url URL] [--strict]
  playbook check [-s DIR] [--drafts] [--strict]
  playbook serve [-s DIR] [--addr 127.0.0.1:1313] [--drafts] [--open]
  playbook pdf [-s DIR] [-o handbook.pdf] [--section NAME] [--audience ROLE]
  playbook new site DIR
  playbook new page|play|module PATH [-s DIR]
  playbook version

Run "playbook COMMAND --help" for a command's flags.
`

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
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
	case "version", "--version":
		fmt.Fprintln(stdout, "playbook", generator.Version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "playbook: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

type buildFlags struct {
	source, output, baseURL string
	drafts, strict, noCache bool
	cpuProfile, memProfile  string
}

func (f *buildFlags) register(fs *flag.FlagSet, withOutput bool) {
	fs.StringVar(&f.source, "s", ".", "site folder (holding site.toml and content/)")
	if withOutput {
		fs.StringVar(&f.output, "o", "", "output folder (default: publishDir from site.toml)")
		fs.StringVar(&f.baseURL, "base-url", "", "override baseURL from site.toml")
		fs.BoolVar(&f.noCache, "no-cache", false, "render and write every file, ignoring the build cache")
		fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this file (go tool pprof)")
		fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile taken near the build's peak memory to this file")
	}
	fs.BoolVar(&f.drafts, "drafts", false, "include draft pages")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
}

func parse(fs *flag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "playbook %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

func build(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	f.register(fs, cmd == "build")
	if code, ok := parse(fs, args, stderr); !ok {
		return code
	}
	stop, err := startProfile(f.cpuProfile)
	if err != nil {
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, err)
		return exitUsage
	}
	defer tuneGC()()
	heap := watchHeap(f.memProfile)
	res, err := generator.Build(ctx, generator.Options{
		Source: f.source, Output: f.output, Drafts: f.drafts, BaseURL: f.baseURL,
		Strict: f.strict, Check: cmd == "check", NoCache: f.noCache,
	})
	stop()
	if perr := heap.finish(); perr != nil {
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, perr)
	}
	printDiags(stderr, res.Diags, f.strict)
	if err != nil {
		var l diag.List
		if errors.As(err, &l) {
			fmt.Fprintf(stderr, "playbook %s: %s; output left unchanged\n", cmd, plural(len(l), "error"))
			return exitContent
		}
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, err)
		return exitContent
	}
	if cmd == "check" {
		fmt.Fprintf(stdout, "checked %s, %s, %s in %d ms%s; nothing written\n",
			plural(res.Stats.Pages, "page"), plural(res.Stats.Sections, "section"), plural(len(res.Stats.Names), "file"),
			res.Duration.Milliseconds(), warnings(res.Diags))
		return exitOK
	}
	fmt.Fprintf(stdout, "built %s, %s, %s (%d written) in %d ms%s\n",
		plural(res.Stats.Pages, "page"), plural(res.Stats.Sections, "section"), plural(len(res.Stats.Names), "file"),
		res.Stats.Files, res.Duration.Milliseconds(), warnings(res.Diags))
	return exitOK
}

// warnings returns " (3 warnings)" for the summary line of a build with
// warnings, "" for one without.
func warnings(l diag.List) string {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Warning {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return " (" + plural(n, "warning") + ")"
}

// plural returns "1 page" or "3 pages": n and noun, in the plural unless n
// is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// printDiags prints warnings (and errors) that the result carries. Errors
// of a failed build are part of res.Diags too.
func printDiags(w io.Writer, l diag.List, strict bool) {
	for _, d := range l {
		if strict && d.Severity == diag.Warning {
			fmt.Fprintf(w, "%s: %s\n", d.Pos, d.Msg)
			continue
		}
		fmt.Fprintln(w, d.Error())
	}
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var addr string
	var open bool
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.register(fs, false)
	fs.StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on")
	fs.BoolVar(&open, "open", false, "open the site in the browser")
	if code, ok := parse(fs, args, stderr); !ok {
		return code
	}
	err := devserver.Run(ctx, devserver.Options{
		Addr: addr, Open: open, Log: stderr, Out: stdout,
		Build: generator.Options{Source: f.source, Drafts: f.drafts, Strict: f.strict},
	})
	if err != nil {
		fmt.Fprintf(stderr, "playbook serve: %v\n", err)
		return exitContent
	}
	return exitOK
}

func newCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, "usage: playbook new site DIR | playbook new page|play|module PATH [-s DIR]\n")
		return exitUsage
	}
	kind, target := args[0], args[1]
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	source := fs.String("s", ".", "site folder")
	if code, ok := parse(fs, args[2:], stderr); !ok {
		return code
	}
	if kind == "site" {
		if err := generator.NewSite(target); err != nil {
			fmt.Fprintf(stderr, "playbook new site: %v\n", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "created site in %s; run: playbook serve -s %s\n", target, target)
		return exitOK
	}
	switch kind {
	case "page", "play", "module":
	default:
		fmt.Fprintf(stderr, "playbook new: unknown kind %q: want site, page, play or module\n", kind)
		return exitUsage
	}
	path, err := generator.NewPage(*source, kind, target, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "playbook new %s: %v\n", kind, err)
		return exitContent
	}
	fmt.Fprintln(stdout, "created", path)
	return exitOK
}
