package gitinfo

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// commit writes one commit of git log -z --name-status --format=logFormat:
// its header, then files as "M path", "R100 old new".
func commit(hash, name, date, subject string, files ...string) string {
	var b strings.Builder
	b.WriteString("\x1e" + hash + "\x00" + name + "\x00" + strings.ToLower(name) + "@example.com\x00" + date + "\x00" + subject + "\x00\n")
	for _, f := range files {
		b.WriteString(strings.Join(strings.Fields(f), "\x00") + "\x00")
	}
	return b.String()
}

func TestParseLogTakesTheNewestCommitAndTheOneThatAddedTheFile(t *testing.T) {
	out := commit("c3", "Bo", "2026-11-03T09:00:00+01:00", "Rename and edit", "R087 site/content/a.md site/content/b.md", "M site/content/c.md") +
		commit("c2", "Ana", "2026-11-02T09:00:00Z", "Edit a & c <now>", "M site/content/a.md", "M site/content/c.md", "M site/other.md") +
		commit("c1", "Ana", "2026-11-01T09:00:00Z", "First", "A site/content/a.md", "A site/content/c.md", "A site/content/gone.md") +
		commit("c0", "Cy", "2026-10-01T09:00:00Z", "An older a.md, deleted before c1", "D site/content/a.md")
	hist, err := parseLog([]byte(out), "site/content/")
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	b := hist["b.md"]
	if b == nil || b.Hash != "c3" || b.AuthorName != "Bo" || b.Subject != "Rename and edit" || !b.AuthorDate.Equal(day("2026-11-03T09:00:00+01:00")) {
		t.Errorf("b.md = %+v, want the rename commit c3", b)
	}
	if b != nil && !b.Created.Equal(day("2026-11-01T09:00:00Z")) {
		t.Errorf("b.md created %v, want c1's date, when it was added as a.md", b.Created)
	}
	if _, offset := b.AuthorDate.Zone(); offset != 3600 {
		t.Errorf("b.md's date lost the author's time zone: %v", b.AuthorDate)
	}
	c := hist["c.md"]
	if c == nil || c.Hash != "c3" || !c.Created.Equal(day("2026-11-01T09:00:00Z")) || c.AuthorEmail != "bo@example.com" {
		t.Errorf("c.md = %+v", c)
	}
	if hist["a.md"] != nil {
		t.Errorf("a.md, renamed away, has history: %+v", hist["a.md"])
	}
	if g := hist["gone.md"]; g == nil || g.Hash != "c1" {
		t.Errorf("gone.md = %+v (not deleted in this log, so present)", g)
	}
	if hist["../other.md"] != nil || len(hist) != 3 {
		t.Errorf("history holds %d files, want b.md, c.md and gone.md: %v", len(hist), hist)
	}
}

func TestParseLogEndsAFileAtItsDeletion(t *testing.T) {
	out := commit("c3", "Ana", "2026-11-03T09:00:00Z", "Add x again", "A x.md") +
		commit("c2", "Ana", "2026-11-02T09:00:00Z", "Delete x", "D x.md") +
		commit("c1", "Ana", "2026-11-01T09:00:00Z", "Add x", "A x.md")
	hist, err := parseLog([]byte(out), "")
	if err != nil {
		t.Fatal(err)
	}
	if x := hist["x.md"]; x == nil || x.Hash != "c3" || x.Created.Day() != 3 {
		t.Errorf("x.md = %+v, want made and changed in c3 (the older x.md was another file)", x)
	}
}

func TestParseLogFollowsSwappedNames(t *testing.T) {
	out := commit("c2", "Ana", "2026-11-02T09:00:00Z", "Swap", "R100 a.md b.md", "R100 b.md a.md") +
		commit("c1", "Ana", "2026-11-01T09:00:00Z", "Add b", "A b.md") +
		commit("c0", "Ana", "2026-10-01T09:00:00Z", "Add a", "A a.md")
	hist, err := parseLog([]byte(out), "")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := hist["a.md"], hist["b.md"]; a == nil || b == nil || a.Created.Day() != 1 || a.Created.Month() != 11 || b.Created.Month() != 10 {
		t.Errorf("a.md = %+v, b.md = %+v; want a.md made with the old b.md (c1) and b.md with the old a.md (c0)", a, b)
	}
}

func TestParseLogRefusesWhatItCannotRead(t *testing.T) {
	for _, out := range []string{
		"junk\x00",
		"\x1eabc\x00Ana\x00",
		"\x1eabc\x00Ana\x00a@b\x00yesterday\x00S\x00",
		commit("c1", "Ana", "2026-11-01T09:00:00Z", "R", "R100 a.md"),
	} {
		if _, err := parseLog([]byte(out), ""); err == nil {
			t.Errorf("parseLog(%q) took it", out)
		}
	}
	if hist, err := parseLog(nil, ""); err != nil || len(hist) != 0 {
		t.Errorf("an empty log: %v, %v", hist, err)
	}
}

// fake answers git's commands with out and err, and counts them.
type fake struct {
	out   string
	err   error
	calls [][]string
}

func (f *fake) run(_ context.Context, dir string, args ...string) ([]byte, error) {
	f.calls = append(f.calls, append([]string{dir}, args...))
	return []byte(f.out), f.err
}

// exitErr returns the error of a git that exited with code, having
// written stderr.
func exitErr(t *testing.T, code int, stderr string) error {
	t.Helper()
	err := exec.Command("sh", "-c", "exit "+strconv.Itoa(code)).Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("sh exiting %d: %v", code, err)
	}
	exit.Stderr = []byte(stderr)
	return exit
}

func TestOpenSaysWhyThereIsNoHistory(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		f    fake
		want error
		head string
	}{
		{"a repository", fake{out: "site/\nfalse\nabc123\n"}, nil, "abc123"},
		{"at the top", fake{out: "\nfalse\nabc123\n"}, nil, "abc123"},
		{"no commits yet", fake{out: "site/\nfalse\n", err: exitErr(t, 1, "")}, nil, ""},
		{"shallow", fake{out: "site/\ntrue\nabc123\n"}, ErrShallow, ""},
		{"not a repository", fake{err: exitErr(t, 128, "fatal: not a git repository (or any of the parent directories): .git\n")}, ErrNotRepository, ""},
		{"no git", fake{err: &exec.Error{Name: "git", Err: exec.ErrNotFound}}, ErrNoGit, ""},
	} {
		r, err := Open(ctx, tt.f.run, "site")
		if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
			continue
		}
		if err == nil && r.Head != tt.head {
			t.Errorf("%s: Head = %q, want %q", tt.name, r.Head, tt.head)
		}
		if len(tt.f.calls) != 1 {
			t.Errorf("%s: %d git processes, want 1", tt.name, len(tt.f.calls))
		}
	}
	_, err := Open(ctx, (&fake{err: exitErr(t, 128, "fatal: detected dubious ownership in repository at '/x'\nmore")}).run, "site")
	if err == nil || !strings.Contains(err.Error(), "dubious ownership in repository at '/x'") || strings.Contains(err.Error(), "more") {
		t.Errorf("git's reason is not in %v", err)
	}
}

// git runs the real git in dir, as a fixed person at a fixed time.
func git(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Ana Ruiz", "GIT_AUTHOR_EMAIL=ana@example.com", "GIT_COMMITTER_NAME=Ana Ruiz",
		"GIT_COMMITTER_EMAIL=ana@example.com", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestHistoryOfARealRepositoryInASubfolder(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is required")
		}
		t.Skip("no git")
	}
	repo := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, repo, "2026-11-01T10:00:00Z", "init", "-q")
	write("site/content/a b.md", "# A\n")
	write("site/content/é.md", "# E\n")
	git(t, repo, "2026-11-01T10:00:00Z", "add", "-A")
	git(t, repo, "2026-11-01T10:00:00Z", "commit", "-qm", "First")
	if err := os.Mkdir(filepath.Join(repo, "site", "content", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "2026-11-02T10:00:00Z", "mv", "site/content/a b.md", "site/content/sub/moved.md")
	git(t, repo, "2026-11-02T10:00:00Z", "commit", "-qm", "Move a")
	write("site/content/é.md", "# E\n\nMore.\n")
	git(t, repo, "2026-11-03T10:00:00+02:00", "commit", "-qam", "Edit é")

	var calls int
	run := func(ctx context.Context, dir string, args ...string) ([]byte, error) {
		calls++
		return Exec(ctx, dir, args...)
	}
	r, err := Open(context.Background(), run, filepath.Join(repo, "site"))
	if err != nil {
		t.Fatal(err)
	}
	hist, err := r.History(context.Background(), "content")
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("%d git processes, want 2", calls)
	}
	moved, e := hist["sub/moved.md"], hist["é.md"]
	if moved == nil || moved.Subject != "Move a" || moved.Created.Day() != 1 || moved.AuthorName != "Ana Ruiz" {
		t.Errorf("sub/moved.md = %+v", moved)
	}
	if e == nil || e.Subject != "Edit é" || e.AuthorDate.Format(time.RFC3339) != "2026-11-03T10:00:00+02:00" || e.Created.Day() != 1 {
		t.Errorf("é.md = %+v", e)
	}
	if len(hist) != 2 {
		t.Errorf("history: %v", hist)
	}
}

// BenchmarkParseLog reads the log of a content folder of 10,000 files
// added in one commit and edited 20 at a time in 500 more.
func BenchmarkParseLog(b *testing.B) {
	var log strings.Builder
	for i := 500; i > 0; i-- {
		var files []string
		for k := range 20 {
			files = append(files, "M content/s"+strconv.Itoa((i*7+k)%100)+"/p"+strconv.Itoa((i*13+k*31)%100)+".md")
		}
		log.WriteString(commit(strconv.Itoa(i), "Ana Ruiz", "2026-11-02T09:00:00Z", "Edit "+strconv.Itoa(i), files...))
	}
	var added []string
	for s := range 100 {
		for p := range 100 {
			added = append(added, "A content/s"+strconv.Itoa(s)+"/p"+strconv.Itoa(p)+".md")
		}
	}
	log.WriteString(commit("0", "Ana Ruiz", "2026-01-01T09:00:00Z", "First", added...))
	out := []byte(log.String())
	b.SetBytes(int64(len(out)))
	for b.Loop() {
		hist, err := parseLog(out, "content/")
		if err != nil || len(hist) != 10000 {
			b.Fatalf("%d files, %v", len(hist), err)
		}
	}
}
