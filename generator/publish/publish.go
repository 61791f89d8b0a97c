// Package publish writes a build's output: to a folder on disk, swapped in
// atomically; to a folder the dev server serves while builds update it
// (Folder); or to memory for the PDF printer and tests.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Target receives the files of one build. WriteFile is called concurrently
// with slash paths relative to the output root; data is the caller's again
// once it returns (renderers reuse their buffers), so a target that keeps
// it keeps a copy.
type Target interface {
	WriteFile(name string, data []byte) error
}

// Streamer is a Target that takes a file as a stream, for files too large
// to hold in memory (the print pages of a big playbook).
type Streamer interface {
	Create(name string) (io.WriteCloser, error)
}

// checkName rejects paths that would leave the output folder.
func checkName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || !fs.ValidPath(name) {
		return fmt.Errorf("output path %q is outside the output folder", name)
	}
	return nil
}

// Memory keeps the output in memory.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory target.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// WriteFile implements Target.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	data = bytes.Clone(data)
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// Adopter is a Target that can take a file's bytes without copying them,
// the caller giving them up.
type Adopter interface {
	Adopt(name string, data []byte) error
}

// Adopt stores data as the file name without copying it; the caller gives
// data up.
func (m *Memory) Adopt(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// Clone returns a copy that shares the files' bytes.
func (m *Memory) Clone() *Memory {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := &Memory{files: make(map[string][]byte, len(m.files))}
	for k, v := range m.files {
		c.files[k] = v
	}
	return c
}

// Remove deletes name.
func (m *Memory) Remove(name string) {
	m.mu.Lock()
	delete(m.files, name)
	m.mu.Unlock()
}

// File returns the bytes of name.
func (m *Memory) File(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[name]
	return b, ok
}

// Names lists the files, sorted.
func (m *Memory) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Sorted(maps.Keys(m.files))
}

// Handler serves the files below the URL path base ("/" or "/playbook/"):
// a path ending in "/" serves its index.html. It is for local tools (PDF
// printing, tests); the dev server has its own, stricter handler.
func (m *Memory) Handler(base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, base)
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		data, found := m.File(name)
		if !ok || !found {
			http.NotFound(w, r)
			return
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(data)
	})
}

// Dir builds into a temporary folder beside the output and swaps it in by
// Commit, so that a failed build leaves the previous output untouched.
//
// In patch mode (Patch), the temporary folder holds only the files that
// changed, and Commit moves each into the output folder (a rename, so no
// reader sees half a file) and deletes the files the build no longer
// makes: a build that changed three files touches three files, not the
// whole tree.
type Dir struct {
	out  string
	tmp  string
	mu   sync.Mutex
	dirs map[string]bool
	// Written counts files written.
	Written int

	patch bool
	names map[string]bool // written (in patch mode, to move in)
	keep  map[string]bool // every file of the new build, in patch mode
	stale []string        // files of the old output to delete, in patch mode
	// staleDirs are folders of the old output where the new build makes
	// a file, to delete with what they hold, in patch mode.
	staleDirs []string
	// lock holds the temporary folder's lock (see removeLeftovers).
	lock *os.File
	// Removed counts the temporary folders of killed builds NewDir
	// removed.
	Removed int
}

// NewDir prepares a temporary folder beside out. It has out's
// permissions when out is a folder, else those any new folder gets (0777
// less the umask), so that a web server reads the output swapped in as it
// reads any folder: os.MkdirTemp would make it 0700.
func NewDir(out string) (*Dir, error) {
	out = filepath.Clean(out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	prefix := tmpPrefix(out)
	tmp, err := mkdirUnique(filepath.Dir(out), prefix)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		if err := os.Chmod(tmp, info.Mode().Perm()); err != nil {
			_ = os.Remove(tmp)
			return nil, err
		}
	}
	d := &Dir{out: out, tmp: tmp, dirs: map[string]bool{}, names: map[string]bool{}}
	if d.lock, err = lockFolder(tmp); err == nil {
		d.Removed = removeLeftovers(filepath.Dir(out), prefix, tmp)
	}
	return d, nil
}

// tmpPrefix starts the names of the temporary folders of builds into
// out (a clean path).
func tmpPrefix(out string) string { return "." + filepath.Base(out) + ".tmp-" }

// RemoveLeftovers removes the temporary folders that killed builds into
// out left beside it (see NewDir), and returns how many it removed. A
// build that makes no temporary folder of its own (its output was up to
// date) calls it, so that leftovers go even when nothing changes.
func RemoveLeftovers(out string) int {
	out = filepath.Clean(out)
	return removeLeftovers(filepath.Dir(out), tmpPrefix(out), "")
}

// removeLeftovers removes the temporary folders beside the output, but
// mine, of builds that ended without removing theirs (killed): a running
// build holds a lock on its folder, a dead one's lock is gone. A folder
// changed in the last minute stays all the same: its build may not have
// locked it yet. It returns how many it removed.
func removeLeftovers(dir, prefix, mine string) int {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) || p == mine {
			continue
		}
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < time.Minute {
			continue
		}
		if f, err := lockFolder(p); err == nil {
			if os.RemoveAll(p) == nil {
				n++
			}
			_ = f.Close()
		}
	}
	return n
}

// release lets go of the lock on the temporary folder.
func (d *Dir) release() {
	if d.lock != nil {
		_ = d.lock.Close()
		d.lock = nil
	}
}

// mkdirUnique makes a new folder in dir whose name starts with prefix,
// with permissions 0777 less the umask.
func mkdirUnique(dir, prefix string) (string, error) {
	for range 100 {
		p := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		err := os.Mkdir(p, 0o777)
		if err == nil || !errors.Is(err, fs.ErrExist) {
			return p, err
		}
	}
	return "", fmt.Errorf("no unique folder name in %s", dir)
}

// WriteFile implements Target.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := path.Dir(name)
	d.mu.Lock()
	d.Written++
	d.names[name] = true
	known := d.dirs[dir]
	d.mu.Unlock()
	if !known {
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return os.WriteFile(full, data, 0o644)
}

// Reuse puts the previous output's file name into the new build without
// writing it: a hard link (so its modification time, and a deploy that
// compares it, see no change), or a copy where links are impossible.
func (d *Dir) Reuse(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if d.patch { // it stays where it is
		return nil
	}
	src := filepath.Join(d.out, filepath.FromSlash(name))
	dst := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// Has reports whether the previous output has name as a regular file.
func (d *Dir) Has(name string) bool {
	info, err := d.Lstat(name)
	return err == nil && info.Mode().IsRegular()
}

// Lstat describes the previous output's file name (without following a
// symlink).
func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	return os.Lstat(filepath.Join(d.out, filepath.FromSlash(name)))
}

// ReadOld returns the bytes of the previous output's file name.
func (d *Dir) ReadOld(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(d.out, filepath.FromSlash(name)))
}

// SameAsOld reports whether the file name this build wrote with Create
// holds the bytes of the previous output's file name, comparing them a
// window at a time; false when either cannot be read.
func (d *Dir) SameAsOld(name string) bool {
	a, err := os.Open(filepath.Join(d.tmp, filepath.FromSlash(name)))
	if err != nil {
		return false
	}
	defer a.Close()
	b, err := os.Open(filepath.Join(d.out, filepath.FromSlash(name)))
	if err != nil {
		return false
	}
	defer b.Close()
	const window = 1 << 20
	x, y := make([]byte, window), make([]byte, window)
	for {
		n, errA := io.ReadFull(a, x)
		m, errB := io.ReadFull(b, y)
		if n != m || !bytes.Equal(x[:n], y[:m]) {
			return false
		}
		endA := errA == io.EOF || errA == io.ErrUnexpectedEOF
		endB := errB == io.EOF || errB == io.ErrUnexpectedEOF
		switch {
		case endA && endB:
			return true
		case errA != nil && !endA, errB != nil && !endB, endA != endB:
			return false
		}
	}
}

// Create implements Streamer.
func (d *Dir) Create(name string) (io.WriteCloser, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.Written++
	d.names[name] = true
	d.mu.Unlock()
	return os.Create(full)
}

// Listing tells Patch what a folder of the old output holds without
// reading it, when that is known for sure (a build cache's record of the
// folder, checked against its stamp).
type Listing interface {
	// Entries returns the files and the folders directly in dir (a path
	// relative to the output folder, "." for the folder itself), by name,
	// when dir holds exactly those; ok is false when dir must be read.
	Entries(dir string) (files, dirs []string, ok bool)
}

// Patch switches to patch mode when the output folder is a real folder
// holding no symlinks; names must list every file of the new build, and
// known, when not nil, says what folders hold without reading them. It
// reports whether it did. (A symlink in the old output, the folder itself
// or one below, is swapped away whole as before: the walk for stale files
// would not see through it.)
func (d *Dir) Patch(names []string, known Listing) bool {
	if info, err := os.Lstat(d.out); err != nil || !info.IsDir() {
		return false
	}
	keep := make(map[string]bool, len(names))
	// The folders that hold a file of the new build; any other goes
	// whole, empty or not (a fresh build would not make it).
	holding := map[string]bool{".": true}
	for _, n := range names {
		keep[n] = true
		for dir := path.Dir(n); !holding[dir]; dir = path.Dir(dir) {
			holding[dir] = true
		}
	}
	var stale, staleDirs []string
	var walk func(rel string) error
	walk = func(rel string) error {
		var files, dirs []string
		ok := false
		if known != nil {
			files, dirs, ok = known.Entries(rel)
		}
		if !ok {
			ents, err := os.ReadDir(filepath.Join(d.out, filepath.FromSlash(rel)))
			if err != nil {
				return err
			}
			for _, e := range ents {
				switch {
				case e.Type()&fs.ModeSymlink != 0:
					return errSymlink
				case e.IsDir():
					dirs = append(dirs, e.Name())
				default:
					files = append(files, e.Name())
				}
			}
		}
		top := rel == "."
		for _, f := range files {
			n := path.Join(rel, f)
			if top && kept(f) && !keep[n] {
				continue
			}
			if !keep[n] {
				stale = append(stale, filepath.Join(d.out, filepath.FromSlash(n)))
			}
		}
		for _, sub := range dirs {
			if top && kept(sub) && !keep[sub] {
				continue
			}
			if n := path.Join(rel, sub); keep[n] || !holding[n] {
				// A folder where the build makes a file, or that holds
				// none of its files, goes whole.
				staleDirs = append(staleDirs, filepath.Join(d.out, filepath.FromSlash(n)))
				continue
			}
			if err := walk(path.Join(rel, sub)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk("."); err != nil {
		return false
	}
	d.patch, d.keep, d.stale, d.staleDirs = true, keep, stale, staleDirs
	return true
}

var errSymlink = errors.New("symlink in the output")

// kept reports whether an entry at the top of the output folder that the
// build does not make stays there: one whose name starts with a dot (a
// .git of a gh-pages worktree, .nojekyll), as MkDocs keeps them.
func kept(name string) bool { return strings.HasPrefix(name, ".") }

// Commit replaces the output folder with the new build. Entries at its
// top that kept keeps, and the new build does not make, move into the new
// folder.
func (d *Dir) Commit() error {
	defer d.release()
	if d.patch {
		return d.commitPatch()
	}
	var moved []string
	back := func() {
		for _, n := range moved {
			_ = os.Rename(filepath.Join(d.tmp, n), filepath.Join(d.out, n))
		}
	}
	if ents, err := os.ReadDir(d.out); err == nil {
		for _, e := range ents {
			if !kept(e.Name()) {
				continue
			}
			dst := filepath.Join(d.tmp, e.Name())
			if _, err := os.Lstat(dst); err == nil {
				continue // the build makes one of its own
			}
			if err := os.Rename(filepath.Join(d.out, e.Name()), dst); err != nil {
				back()
				return fmt.Errorf("keep %s: %w", e.Name(), err)
			}
			moved = append(moved, e.Name())
		}
	}
	old := d.out + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(d.out, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		back()
		return fmt.Errorf("move old output aside: %w", err)
	}
	if err := os.Rename(d.tmp, d.out); err != nil {
		_ = os.Rename(old, d.out)
		back()
		return fmt.Errorf("swap in new output: %w", err)
	}
	return os.RemoveAll(old)
}

// commitPatch deletes what the new build does not make, then moves the
// written files into place. If it fails halfway, the output is part old,
// part new; the caller's cache record is gone by then, so the next build
// writes everything.
func (d *Dir) commitPatch() error {
	defer os.RemoveAll(d.tmp)
	for _, p := range d.staleDirs {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("remove stale folder: %w", err)
		}
	}
	for _, p := range d.stale {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("remove stale file: %w", err)
		}
		removeEmptyParents(filepath.Dir(p), d.out)
	}
	for n := range d.names {
		dst := filepath.Join(d.out, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(d.tmp, filepath.FromSlash(n)), dst); err != nil {
			return fmt.Errorf("move %s into place: %w", n, err)
		}
	}
	return nil
}

// removeEmptyParents removes dir and its parents below root while they are
// empty (Remove refuses a folder that is not).
func removeEmptyParents(dir, root string) {
	for dir != root && os.Remove(dir) == nil {
		dir = filepath.Dir(dir)
	}
}

// Abort removes the temporary folder, leaving the output as it was.
func (d *Dir) Abort() {
	_ = os.RemoveAll(d.tmp)
	d.release()
}

// Discard forgets the file name this build wrote (WriteFile or Create,
// closed), so that Commit leaves the output's file as it was: the build
// made the same bytes again.
func (d *Dir) Discard(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	d.mu.Lock()
	if d.names[name] {
		delete(d.names, name)
		d.Written--
	}
	d.mu.Unlock()
	return os.Remove(filepath.Join(d.tmp, filepath.FromSlash(name)))
}
