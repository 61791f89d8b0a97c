package generator

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/gitinfo"
)

// gitState is what a build knows of the site's git history before it
// reads it (site.toml's enableGitInfo): the repository, or why there is
// none to read.
type gitState struct {
	repo *gitinfo.Repo
	// key identifies the history for the build cache's inputs: the
	// commit checked out and the work tree's .mailmap, or why there is
	// no history; "" when enableGitInfo is off.
	key string
	// folder is the content folder, whose history is read.
	folder string
}

// builtGit is the history the last build read, kept for the next build
// of the same commit (the dev server's).
type builtGit struct {
	key  string
	hist gitinfo.History
}

// openGit finds the repository of the site folder when site.toml turns
// enableGitInfo on, running git once. A site without a history to read
// (git missing, no repository, a shallow clone, a site read from memory)
// builds with its front matter's dates, with one warning at
// enableGitInfo that says why.
func (b *Builder) openGit(ctx context.Context, cfg *config.Config) (gitState, diag.List) {
	var diags diag.List
	if !cfg.EnableGitInfo {
		return gitState{}, nil
	}
	noHistory := func(why string) (gitState, diag.List) {
		diags.Warnf(cfg.KeyPos("enableGitInfo"), "enableGitInfo: %s; pages take their dates from front matter", why)
		return gitState{key: "git none: " + why}, diags
	}
	if b.opts.FS != nil {
		return noHistory("the site is not read from a folder on disk")
	}
	repo, err := gitinfo.Open(ctx, gitinfo.Exec, b.opts.Source)
	switch {
	case errors.Is(err, gitinfo.ErrNoGit):
		return noHistory("git is not installed (not found on PATH)")
	case errors.Is(err, gitinfo.ErrShallow):
		return noHistory("the site's git history is shallow (a clone made with --depth), so its dates would be wrong; fetch the whole history with git fetch --unshallow")
	case err != nil:
		return noHistory(fmt.Sprintf("the site folder's git history cannot be read: %v", err))
	}
	// The mailmap renames authors without a commit.
	key := "git " + repo.Head
	if m := repo.Mailmap(); m != nil {
		key += fmt.Sprintf(" mailmap %x", sha256.Sum256(m))
	}
	return gitState{repo: repo, key: key, folder: cfg.ContentDir}, nil
}

// readGit starts reading the history of st's content folder, with one
// git process, and returns the function that waits for it. It runs
// beside the loading of the pages; the function must be called with
// b.mu held, as build holds it.
func (b *Builder) readGit(ctx context.Context, st gitState, cfg *config.Config) func() (gitinfo.History, diag.List) {
	if st.repo == nil {
		return func() (gitinfo.History, diag.List) { return nil, nil }
	}
	key := st.key + "\x00" + st.folder
	if b.git.hist != nil && b.git.key == key {
		hist := b.git.hist
		return func() (gitinfo.History, diag.List) { return hist, nil }
	}
	type result struct {
		hist gitinfo.History
		err  error
	}
	done := make(chan result, 1)
	go func() {
		hist, err := st.repo.History(ctx, st.folder)
		done <- result{hist, err}
	}()
	return func() (gitinfo.History, diag.List) {
		r := <-done
		if r.err != nil {
			var diags diag.List
			diags.Warnf(cfg.KeyPos("enableGitInfo"), "enableGitInfo: %v; pages take their dates from front matter", r.err)
			return nil, diags
		}
		b.git = builtGit{key: key, hist: r.hist}
		return r.hist, nil
	}
}
