package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/playbook-ssg/playbook/generator/importer"
)

// importCmd runs `playbook import [KIND] SRC`: KIND may be left out when
// SRC's files tell it; the new site goes to -o, by default beside SRC as
// SRC-playbook.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var opts importer.Options
	c := newCLI("import")
	c.String(&opts.Dest, "output", "o", "", "new site `DIR` (default: SRC-playbook beside SRC)")
	c.Bool(&opts.Force, "force", "", "write into a DIR that has files, replacing what an import writes there")
	c.String(&opts.RepoURL, "repo-url", "", "", "the source's GitHub repository `URL`: links to its files become relative links")
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) == 2 {
		opts.Kind, opts.Source = importer.Kind(rest[0]), rest[1]
		if !slices.Contains(importer.Kinds, opts.Kind) {
			return c.usageError(stderr, "unknown kind %q; the kinds are %s", rest[0], kinds())
		}
	} else {
		opts.Source = rest[0]
		if slices.Contains(importer.Kinds, importer.Kind(opts.Source)) && !isDir(opts.Source) {
			return c.usageError(stderr, "missing SRC, the folder of the %s project", opts.Source)
		}
	}
	if opts.Dest == "" {
		// Beside the source, named after it: "../wiki-playbook" for ".".
		abs, err := filepath.Abs(opts.Source)
		if err != nil {
			return c.usageError(stderr, "%v", err)
		}
		opts.Dest = abs + "-playbook"
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, opts.Dest); err == nil {
				opts.Dest = rel
			}
		}
	}
	res, err := importer.Run(ctx, opts)
	if errors.Is(err, importer.ErrUsage) {
		return c.usageError(stderr, "%s", strings.TrimPrefix(err.Error(), importer.ErrUsage.Error()+": "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "playbook import: %v\n", err)
		return exitContent
	}
	_, _ = stdout.Write(res.Report.Markdown())
	fmt.Fprintf(stdout, "\nwrote %s; the report is %s\n", opts.Dest, filepath.Join(opts.Dest, importer.ReportFile))
	if res.Failed() {
		fmt.Fprintf(stderr, "playbook import: the new site has errors (listed under Check above); fix them, then run playbook check -s %s\n", opts.Dest)
		return exitContent
	}
	fmt.Fprintf(stdout, "next: playbook serve -s %s\n", opts.Dest)
	return exitOK
}

// kinds names the kinds of project for messages.
func kinds() string {
	names := make([]string, len(importer.Kinds))
	for i, k := range importer.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// isDir reports whether name is a folder.
func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}
