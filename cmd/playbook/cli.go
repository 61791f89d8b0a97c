package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is the help of one command or subcommand: what `playbook NAME
// --help` prints.
type command struct {
	name    string // "build", "new page"
	summary string // one sentence
	args    string // what follows the name on the usage line
	example string // one or more lines, each a whole command
	min     int    // positional arguments wanted, at least
	max     int    // and at most
}

// commands lists every command and subcommand, in the order the overview
// names them.
var commands = []command{
	{name: "build", summary: "Build the site into its output folder (publishDir in site.toml, public/ by default).",
		args: "[flags]", example: "playbook build -s mysite\nplaybook build -s mysite --base-url https://playbook.example.com/ --strict"},
	{name: "check", summary: "Check the site (front matter, links, anchors, templates) without writing anything.",
		args: "[flags]", example: "playbook check -s mysite --strict"},
	{name: "serve", summary: "Serve the site on a local address, rebuild on every change and reload the browser.",
		args: "[flags]", example: "playbook serve -s mysite --addr 127.0.0.1:8080 --open"},
	{name: "pdf", summary: "Print the playbook, one section or one role's pages to a PDF file with headless Chromium.",
		args: "[flags]", example: "playbook pdf -s mysite -o handbook.pdf\nplaybook pdf -s mysite --section selling -o selling.pdf\nplaybook pdf -s mysite --audience new-hire -o new-hire.pdf"},
	{name: "new", summary: "Start a new site, or add a page, play or module to a site.",
		args: "site|page|play|module ARGUMENT [flags]", min: 1, max: 2,
		example: "playbook new site mysite\nplaybook new module -s mysite onboarding/03-first-calls"},
	{name: "new site", summary: "Write a new site to folder DIR: site.toml, a home page and an onboarding section, ready for `playbook serve`; with --ci, the CI file that publishes it.",
		args: "DIR [flags]", min: 1, max: 1, example: "playbook new site mysite && playbook serve -s mysite\nplaybook new site mysite --ci github"},
	{name: "new page", summary: "Add a page at PATH under the site's content folder (\".md\" is added when missing).",
		args: "PATH [flags]", min: 1, max: 1, example: "playbook new page -s mysite leading/notes"},
	{name: "new play", summary: "Add a play (type \"play\": when to run it and its steps) at PATH under the site's content folder.",
		args: "PATH [flags]", min: 1, max: 1, example: "playbook new play -s mysite selling/discovery-call"},
	{name: "new module", summary: "Add a curriculum module (objectives and checklists) at PATH under the site's content folder.",
		args: "PATH [flags]", min: 1, max: 1, example: "playbook new module -s mysite onboarding/03-first-calls"},
	{name: "import", summary: "Move a Hugo, MkDocs, Docusaurus, mdBook or Zola project, or a folder of GitHub Markdown, into a new playbook site, and report what changed.",
		args: "[hugo|mkdocs|docusaurus|mdbook|zola|markdown] SRC [flags]", min: 1, max: 2,
		example: "playbook import mkdocs ../handbook -o playbook-handbook\nplaybook import ../handbook\nplaybook import markdown ../wiki -o wiki-site --repo-url https://github.com/acme/wiki"},
	{name: "progress", summary: "Run the team progress service, or manage its people: serve, invite, revoke, remove, teams, backup, audit.",
		args: "serve|invite|revoke|remove|teams|backup|audit [ARGUMENT] [flags]", min: 1, max: 2,
		example: "playbook progress serve --site https://playbook.example.com/\nplaybook progress invite ana@example.com --manager maria@example.com"},
	{name: "progress serve", summary: "Serve the progress API that a site with [progress] url syncs checklist ticks with; prints the address it listens on.",
		args: "--site URL [flags]", example: "playbook progress serve --db progress.db --addr 127.0.0.1:8090 --site https://playbook.example.com/\nplaybook progress serve --db postgres://progress@db/progress --addr :8090 --behind-proxy --site https://playbook.example.com/ --proxy-header X-Forwarded-Email --trusted-proxy 10.0.0.0/8"},
	{name: "progress invite", summary: "Add or update a person and print their one-time sign-in link: to the site's home page for a member, to its team page for a manager or admin.",
		args: "EMAIL [flags]", min: 1, max: 1, example: "playbook progress invite ana@example.com --name \"Ana Ruiz\" --manager maria@example.com --start 2026-12-01"},
	{name: "progress revoke", summary: "End all of a person's tokens and unused invitations (behind a proxy, use remove).",
		args: "EMAIL [flags]", min: 1, max: 1, example: "playbook progress revoke ana@example.com"},
	{name: "progress remove", summary: "Delete a person with their tokens, invitations, ticks and sign-offs; the people reporting to them are left without a manager.",
		args: "EMAIL [flags]", min: 1, max: 1, example: "playbook progress remove ana@example.com --db progress.db"},
	{name: "progress teams", summary: "Add or update the people, roles and managers of a teams.toml file.",
		args: "FILE [flags]", min: 1, max: 1, example: "playbook progress teams teams.toml --db progress.db"},
	{name: "progress backup", summary: "Copy an SQLite progress database to a new FILE while the service runs (PostgreSQL: use pg_dump).",
		args: "FILE [flags]", min: 1, max: 1, example: "playbook progress backup progress-$(date +%F).db"},
	{name: "progress audit", summary: "Print the progress service's audit log, oldest first: people added and their role or manager changes, invitations and their use, revocations, removals, sign-offs and undone sign-offs.",
		args: "[flags]", example: "playbook progress audit --db progress.db"},
	{name: "version", summary: "Print playbook's version, the commit it was built from, the commit's date and the Go release.", example: "playbook version\nplaybook --version"},
	{name: "help", summary: "Print the help of playbook or of one command.", args: "[COMMAND]", max: 2, example: "playbook help serve"},
	{name: "completion", summary: "Print the shell completion script for bash, zsh or fish: commands, flags, folders after -s.",
		args: "bash|zsh|fish", min: 1, max: 1,
		example: "playbook completion bash > ~/.local/share/bash-completion/completions/playbook\nplaybook completion zsh > \"${fpath[1]}/_playbook\"\nplaybook completion fish > ~/.config/fish/completions/playbook.fish"},
}

// lookup returns the command named name.
func lookup(name string) command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	panic("no command " + name) // a programming error: names are constants
}

// overview is the help of playbook itself.
func overview() string {
	var b strings.Builder
	b.WriteString("playbook builds a sales playbook website from Markdown.\n\nUsage:\n  playbook COMMAND [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-16s %s\n", c.name, c.summary)
	}
	b.WriteString("\nFlags:\n  -h, --help     print help; `playbook COMMAND --help` prints a command's flags\n      --version  print playbook's version\n")
	b.WriteString("\nExample:\n  playbook new site mysite\n  playbook serve -s mysite\n")
	return b.String()
}

// cli parses the flags and arguments of one command and prints its help.
type cli struct {
	cmd   command
	fs    *flag.FlagSet
	order []string          // long flag names, in the order they were added
	short map[string]string // long name to its one-letter alias
}

// flagRecorder is a stdout that asks a command for its cli instead of
// its help: parse, given -h, hands the cli over rather than printing.
// Every command answers --help before it acts (TestEveryCommandAnswersHelpWithoutActing),
// so flagsOf sees each command's flags without a second list of them.
type flagRecorder struct {
	io.Writer
	cli *cli
}

// flagsOf returns the cli of the command named name ("new page"), with
// the flags the command registers.
func flagsOf(name string) *cli {
	rec := &flagRecorder{Writer: io.Discard}
	done, cancel := context.WithCancel(context.Background())
	cancel() // nothing runs, and nothing may wait
	run(done, append(strings.Fields(name), "-h"), rec, io.Discard)
	if rec.cli == nil || rec.cli.cmd.name != name {
		panic("command " + name + " does not answer -h with its own help") // a programming error
	}
	return rec.cli
}

func newCLI(name string) *cli {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and help are printed by parse
	return &cli{cmd: lookup(name), fs: fs, short: map[string]string{}}
}

// String adds a string flag --long (and -short unless short is "").
// A `word` in usage names the flag's value in the help.
func (c *cli) String(p *string, long, short, value, usage string) {
	c.fs.StringVar(p, long, value, usage)
	c.alias(long, short)
}

// Bool adds a boolean flag --long (and -short unless short is "").
func (c *cli) Bool(p *bool, long, short string, usage string) {
	c.fs.BoolVar(p, long, false, usage)
	c.alias(long, short)
}

func (c *cli) alias(long, short string) {
	c.order = append(c.order, long)
	if short != "" {
		c.fs.Var(c.fs.Lookup(long).Value, short, "")
		c.short[long] = short
	}
}

// parse parses args, with flags before, between or after the arguments
// ("--" ends the flags). On -h or --help it prints the help to stdout; on
// a usage error it prints what is wrong to stderr. It returns the
// arguments, and ok false with the exit code when the command should
// not run.
func (c *cli) parse(args []string, stdout, stderr io.Writer) (rest []string, code int, ok bool) {
	for {
		err := c.fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			if rec, ok := stdout.(*flagRecorder); ok {
				rec.cli = c
			} else {
				c.help(stdout)
			}
			return nil, exitOK, false
		}
		if err != nil {
			return nil, c.usageError(stderr, "%v", err), false
		}
		left := c.fs.Args()
		if len(left) == 0 {
			break
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			rest = append(rest, left...)
			break
		}
		rest, args = append(rest, left[0]), left[1:]
	}
	switch {
	case len(rest) > c.cmd.max:
		return nil, c.usageError(stderr, "unexpected argument %q", rest[c.cmd.max]), false
	case len(rest) < c.cmd.min:
		return nil, c.usageError(stderr, "missing %s", strings.Fields(c.cmd.args)[len(rest)]), false
	}
	return rest, 0, true
}

// usageError prints a usage error and the command's usage line, and
// returns exitUsage.
func (c *cli) usageError(w io.Writer, format string, args ...any) int {
	fmt.Fprintf(w, "playbook %s: %s\nusage: playbook %s %s\nRun \"playbook %s --help\" for more.\n",
		c.cmd.name, fmt.Sprintf(format, args...), c.cmd.name, c.cmd.args, c.cmd.name)
	return exitUsage
}

// subcommands returns the commands one word below c's, such as
// "progress serve" below "progress".
func (c *cli) subcommands() []command {
	var subs []command
	for _, sub := range commands {
		if rest, ok := strings.CutPrefix(sub.name, c.cmd.name+" "); ok && !strings.Contains(rest, " ") {
			subs = append(subs, sub)
		}
	}
	return subs
}

// help prints the command's description, usage line, flags with their
// defaults, its subcommands with their summaries, and example.
func (c *cli) help(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  playbook %s %s\n", c.cmd.summary, c.cmd.name, c.cmd.args)
	fmt.Fprint(w, "\nFlags:\n")
	type line struct{ names, usage string }
	lines := []line{{"-h, --help", "print this help"}}
	for _, long := range c.order {
		f := c.fs.Lookup(long)
		value, usage := flag.UnquoteUsage(f)
		names := "    --" + long
		if s := c.short[long]; s != "" {
			names = "-" + s + ", --" + long
		}
		if value != "" {
			names += " " + value
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		lines = append(lines, line{names, usage})
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l.names))
	}
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l.names, l.usage)
	}
	if subs := c.subcommands(); len(subs) > 0 {
		fmt.Fprint(w, "\nSubcommands:\n")
		width := 0
		for _, sub := range subs {
			width = max(width, len(sub.name)-len(c.cmd.name)-1)
		}
		for _, sub := range subs {
			fmt.Fprintf(w, "  %-*s  %s\n", width, sub.name[len(c.cmd.name)+1:], sub.summary)
		}
		fmt.Fprintf(w, "\nRun \"playbook %s SUBCOMMAND --help\" for its flags.\n", c.cmd.name)
	}
	fmt.Fprint(w, "\nExample:\n")
	for _, e := range strings.Split(c.cmd.example, "\n") {
		fmt.Fprintf(w, "  %s\n", e)
	}
}
