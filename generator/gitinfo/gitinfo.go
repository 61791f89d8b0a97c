// Package gitinfo reads a site's git history: for every file of a folder,
// its last commit (hash, author, date, subject) and when it was added,
// renames followed. A build runs git twice, whatever the number of pages:
// Open asks git rev-parse where the repository is and what HEAD is, and
// History reads the whole log of the folder in one git log.
package gitinfo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Runner runs git with args in the folder dir and returns its standard
// output. A git that exits with a status other than 0 gives an error
// holding the status and what git wrote to its standard error
// (*exec.ExitError, as Exec returns it); output is what it wrote to its
// standard output either way.
type Runner func(ctx context.Context, dir string, args ...string) (output []byte, err error)

// Exec is the Runner of the git found on PATH.
func Exec(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	return cmd.Output()
}

// Info is what the history says of one file.
type Info struct {
	// Hash, AuthorName, AuthorEmail, AuthorDate and Subject describe the
	// last commit that changed the file (a rename counts). AuthorDate
	// keeps the author's time zone; it is Hugo's :git date.
	Hash        string
	AuthorName  string
	AuthorEmail string
	AuthorDate  time.Time
	Subject     string
	// Created is the author date of the commit that added the file,
	// under its present name or, through renames, an earlier one.
	Created time.Time
}

// History holds the Info of the files of one folder, by their slash path
// relative to it. A file never committed has none.
type History map[string]*Info

// Repo is the repository that holds a site folder, as one build sees it.
type Repo struct {
	run Runner
	dir string
	// prefix is the site folder's path in the repository ("" at its
	// top, else ending in "/").
	prefix string
	// Head is the commit checked out; "" in a repository without
	// commits.
	Head string
}

// Reasons why a site folder has no usable history; Open wraps them with
// what git said.
var (
	// ErrNoGit is returned when git is not on PATH.
	ErrNoGit = errors.New("git not found")
	// ErrNotRepository is returned when the folder is in no repository
	// git can read.
	ErrNotRepository = errors.New("not in a git repository")
	// ErrShallow is returned for a shallow clone (git clone --depth):
	// its oldest commits stand for the whole history before them, so
	// the dates it gives would be wrong.
	ErrShallow = errors.New("the git history is shallow")
)

// Open finds the repository of the folder dir with one git process. It
// returns an error wrapping ErrNoGit, ErrNotRepository or ErrShallow when
// there is no history to read.
func Open(ctx context.Context, run Runner, dir string) (*Repo, error) {
	out, err := run(ctx, dir, "rev-parse", "--show-prefix", "--is-shallow-repository", "--verify", "--quiet", "HEAD")
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	var exit *exec.ExitError
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return nil, ErrNoGit
	case err != nil && !errors.As(err, &exit):
		return nil, err
	case err != nil && (exit.ExitCode() != 1 || len(lines) != 2):
		// Exit status 1 with the prefix and the shallow flag written is
		// --verify's answer for a HEAD without commits; anything else
		// is git's refusal to read the folder.
		if msg := firstLine(exit.Stderr); msg != "" {
			return nil, fmt.Errorf("%w (git: %s)", ErrNotRepository, msg)
		}
		return nil, ErrNotRepository
	case len(lines) < 2:
		return nil, fmt.Errorf("%w (git rev-parse wrote %q)", ErrNotRepository, out)
	}
	if lines[1] == "true" {
		return nil, ErrShallow
	}
	r := &Repo{run: run, dir: dir, prefix: lines[0]}
	if err == nil && len(lines) > 2 {
		r.Head = lines[2]
	}
	return r, nil
}

// firstLine returns the first line of b, trimmed.
func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(bytes.TrimSpace(b), []byte("\n"))
	return string(bytes.TrimSpace(line))
}

// Mailmap returns the bytes of the .mailmap at the top of the work tree,
// which git log applies to the names and emails it gives (see
// gitmailmap(5)), or nil when there is none. It changes without a
// commit, so a build's cache must key on it beside Head. A mailmap that
// git's configuration names (mailmap.file, mailmap.blob) is not read.
func (r *Repo) Mailmap() []byte {
	top := r.dir
	for range strings.Count(r.prefix, "/") {
		top = filepath.Join(top, "..")
	}
	b, err := os.ReadFile(filepath.Join(top, ".mailmap"))
	if err != nil {
		return nil
	}
	return b
}

// logFormat starts each commit with a record separator and its fields
// separated by NUL bytes: hash, author name and email (as .mailmap has
// them), strict ISO 8601 author date, subject. With -z, the names of the
// files follow, each status and path ended by a NUL.
const logFormat = "%x1e%H%x00%aN%x00%aE%x00%aI%x00%s"

// History reads the history of the files under folder, a slash path
// relative to the site folder, with one git process.
func (r *Repo) History(ctx context.Context, folder string) (History, error) {
	if r.Head == "" {
		return History{}, nil
	}
	out, err := r.run(ctx, r.dir, "-c", "log.showSignature=false", "log", "-z", "--name-status", "-M", "--no-merges",
		"--format="+logFormat, "HEAD", "--", folder)
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && len(exit.Stderr) > 0 {
			return nil, fmt.Errorf("git log: %s", firstLine(exit.Stderr))
		}
		return nil, fmt.Errorf("git log: %w", err)
	}
	under := r.prefix + strings.Trim(path.Clean(folder), "/") + "/"
	if folder == "." || folder == "" {
		under = r.prefix
	}
	return parseLog(out, under)
}

// change is one file of a commit as git log --name-status lists it.
type change struct {
	status   byte   // 'A', 'M', 'D', 'R', 'T', …
	from, to string // from is set for renames and copies only
}

// parseLog reads the output of git log with logFormat, -z and
// --name-status, newest commit first, into the History of the files
// whose repository path starts with under (which is cut off them).
//
// A file's last commit is the first one that names it. The commit that
// added it is found by walking on to older commits: a rename makes the
// old name's older commits the file's, and an addition or a deletion
// ends the file's history under that name (an older file of the same
// name is another file).
func parseLog(out []byte, under string) (History, error) {
	hist := History{}
	// alias maps a name, in the commits still to read, to the present
	// name of the file it belongs to; "" for a file that is gone.
	alias := map[string]string{}
	present := func(name string) string {
		if p, ok := alias[name]; ok {
			return p
		}
		return name
	}
	toks := strings.Split(string(out), "\x00")
	i := 0
	next := func() (string, bool) {
		if i >= len(toks) {
			return "", false
		}
		i++
		return toks[i-1], true
	}
	for {
		head, ok := next()
		if !ok {
			break
		}
		head = strings.TrimLeft(head, "\n")
		if head == "" && i == len(toks) {
			break // the NUL that ends the output
		}
		hash, isCommit := strings.CutPrefix(head, "\x1e")
		if !isCommit {
			return nil, fmt.Errorf("git log: unexpected %q", head)
		}
		var fields [4]string
		for k := range fields {
			if fields[k], ok = next(); !ok {
				return nil, errors.New("git log: output ends inside a commit")
			}
		}
		date, err := time.Parse(time.RFC3339, fields[2])
		if err != nil {
			return nil, fmt.Errorf("git log: commit %s: %v", hash, err)
		}
		c := Info{Hash: hash, AuthorName: fields[0], AuthorEmail: fields[1], AuthorDate: date, Subject: fields[3]}
		var changes []change
		for i < len(toks) {
			st := strings.TrimLeft(toks[i], "\n")
			if st == "" || st[0] == '\x1e' {
				break
			}
			i++
			ch := change{status: st[0]}
			if ch.status == 'R' || ch.status == 'C' {
				if ch.from, ok = next(); !ok || ch.from == "" {
					return nil, errors.New("git log: output ends inside a rename")
				}
			}
			if ch.to, ok = next(); !ok || ch.to == "" {
				return nil, errors.New("git log: output ends inside a commit's files")
			}
			changes = append(changes, ch)
		}
		// Every name of a commit is looked up before its renames move
		// the names of the older commits: a commit may swap two names.
		keys := make([]string, len(changes))
		for k, ch := range changes {
			keys[k] = present(ch.to)
		}
		for k, ch := range changes {
			switch ch.status {
			case 'A', 'C', 'D', 'R':
				// Before this commit the name was not this file's: the
				// file was added (a copy too: its source's history is
				// not its own) or renamed here, or deleted.
				alias[ch.to] = ""
			}
			rel, ok := strings.CutPrefix(keys[k], under)
			if keys[k] == "" || !ok || ch.status == 'D' {
				continue
			}
			info := hist[rel]
			if info == nil {
				info = new(Info)
				*info = c
				hist[rel] = info
			}
			info.Created = c.AuthorDate
		}
		for k, ch := range changes {
			if ch.status == 'R' {
				alias[ch.from] = keys[k] // its older commits are the file's
			}
		}
	}
	return hist, nil
}
