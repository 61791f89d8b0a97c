package publish

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// Folder is an output folder that a server reads while builds update it,
// for the dev server: a build's files go to a staging folder beside it
// and move in, one rename each, only when the build succeeds (Batch), so
// a request sees each file whole, old or new, and a failed build leaves
// the last good files. The output lives on disk, not on the heap; the
// Folder keeps one hash per file so that a build rewriting a file with the
// same bytes leaves it alone.
type Folder struct {
	dir  string // holds site/ (the output) and the staging folders
	out  string
	root *os.Root // out, for reads that cannot leave it
	seed maphash.Seed

	mu     sync.RWMutex      // guards hashes
	hashes map[string]uint64 // every file of the output
	batch  sync.Mutex        // one batch at a time
}

// NewFolder makes an empty output in dir, which must not exist or be
// empty; Close removes dir.
func NewFolder(dir string) (*Folder, error) {
	out := filepath.Join(dir, "site")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		return nil, err
	}
	return &Folder{dir: dir, out: out, root: root, seed: maphash.MakeSeed(), hashes: map[string]uint64{}}, nil
}

// Root returns the folder the Folder was made in; files other than the
// output's may go there, and Close removes them too.
func (f *Folder) Root() string { return f.dir }

// Dir returns the folder that holds the output's files.
func (f *Folder) Dir() string { return f.out }

// Close removes the output and its folder.
func (f *Folder) Close() error {
	err := f.root.Close()
	return errors.Join(err, os.RemoveAll(f.dir))
}

// File returns the bytes of name, read from disk.
func (f *Folder) File(name string) ([]byte, bool) {
	if checkName(name) != nil {
		return nil, false
	}
	f.mu.RLock()
	_, ok := f.hashes[name]
	f.mu.RUnlock()
	if !ok {
		return nil, false
	}
	b, err := f.root.ReadFile(name)
	return b, err == nil
}

// Names lists the files, sorted.
func (f *Folder) Names() []string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return slices.Sorted(maps.Keys(f.hashes))
}

// Begin starts a batch of writes; the next Begin waits until it is
// committed or aborted.
func (f *Folder) Begin() (*Batch, error) {
	f.batch.Lock()
	tmp, err := os.MkdirTemp(f.dir, "stage-")
	if err != nil {
		f.batch.Unlock()
		return nil, err
	}
	return &Batch{f: f, tmp: tmp, dirs: map[string]bool{}, staged: map[string]uint64{}}, nil
}

// Batch is the files one build writes to a Folder, staged until Commit.
// WriteFile and Create may be called concurrently.
type Batch struct {
	f    *Folder
	tmp  string
	done bool

	mu      sync.Mutex
	dirs    map[string]bool   // staging folders made
	staged  map[string]uint64 // written files with new bytes, and their hashes
	removed []string          // files Commit deletes (Remove)
}

// Remove has Commit delete name from the folder (a file the build no
// longer makes), unless the batch wrote it anew.
func (b *Batch) Remove(name string) {
	b.mu.Lock()
	b.removed = append(b.removed, name)
	b.mu.Unlock()
}

// WriteFile implements Target: data is staged unless the output already
// has these bytes as name.
func (b *Batch) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	h := maphash.Bytes(b.f.seed, data)
	if b.unchanged(name, h) {
		return nil
	}
	full, err := b.stagePath(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	b.mu.Lock()
	b.staged[name] = h
	b.mu.Unlock()
	return nil
}

// Create implements Streamer: a large file (the print page) goes to disk
// as it is made, never whole in memory.
func (b *Batch) Create(name string) (io.WriteCloser, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	full, err := b.stagePath(name)
	if err != nil {
		return nil, err
	}
	file, err := os.Create(full)
	if err != nil {
		return nil, err
	}
	w := &stagedFile{b: b, name: name, path: full, f: file}
	w.h.SetSeed(b.f.seed)
	return w, nil
}

// stagedFile hashes a streamed file as it is written.
type stagedFile struct {
	b    *Batch
	name string
	path string
	f    *os.File
	h    maphash.Hash
}

func (w *stagedFile) Write(p []byte) (int, error) {
	_, _ = w.h.Write(p)
	return w.f.Write(p)
}

func (w *stagedFile) Close() error {
	if err := w.f.Close(); err != nil {
		return err
	}
	h := w.h.Sum64()
	if w.b.unchanged(w.name, h) {
		return os.Remove(w.path)
	}
	w.b.mu.Lock()
	w.b.staged[w.name] = h
	w.b.mu.Unlock()
	return nil
}

// unchanged reports whether the output has bytes hashing to h as name.
func (b *Batch) unchanged(name string, h uint64) bool {
	b.f.mu.RLock()
	old, ok := b.f.hashes[name]
	b.f.mu.RUnlock()
	return ok && old == h
}

// stagePath returns where name is staged, making its folder.
func (b *Batch) stagePath(name string) (string, error) {
	full := filepath.Join(b.tmp, filepath.FromSlash(name))
	dir := path.Dir(name)
	b.mu.Lock()
	known := b.dirs[dir]
	b.mu.Unlock()
	if !known {
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return "", err
		}
		b.mu.Lock()
		b.dirs[dir] = true
		b.mu.Unlock()
	}
	return full, nil
}

// Commit moves the staged files into the output, each by one rename.
// With keep set, the files of the output that keep does not list are
// deleted first (a full build lists every file it makes); with keep nil,
// the other files stay.
func (b *Batch) Commit(keep []string) error {
	if b.done {
		return errors.New("batch already finished")
	}
	defer b.finish()
	f := b.f
	var stale []string
	for _, n := range b.removed {
		if _, written := b.staged[n]; !written {
			stale = append(stale, n)
		}
	}
	if keep != nil {
		want := make(map[string]bool, len(keep))
		for _, n := range keep {
			want[n] = true
		}
		f.mu.RLock()
		for n := range f.hashes {
			if !want[n] {
				stale = append(stale, n)
			}
		}
		f.mu.RUnlock()
	}
	for _, n := range stale {
		full := filepath.Join(f.out, filepath.FromSlash(n))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove stale file: %w", err)
		}
		f.mu.Lock()
		delete(f.hashes, n)
		f.mu.Unlock()
		removeEmptyParents(filepath.Dir(full), f.out)
	}
	made := map[string]bool{}
	for n, h := range b.staged {
		dst := filepath.Join(f.out, filepath.FromSlash(n))
		if dir := filepath.Dir(dst); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		if err := os.Rename(filepath.Join(b.tmp, filepath.FromSlash(n)), dst); err != nil {
			return fmt.Errorf("move %s into place: %w", n, err)
		}
		// The hash is recorded once the file is there: File serves only
		// recorded names.
		f.mu.Lock()
		f.hashes[n] = h
		f.mu.Unlock()
	}
	return nil
}

// Abort drops the staged files, leaving the output as it was.
func (b *Batch) Abort() {
	if !b.done {
		b.finish()
	}
}

func (b *Batch) finish() {
	b.done = true
	_ = os.RemoveAll(b.tmp)
	b.f.batch.Unlock()
}
