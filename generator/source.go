package generator

import (
	"errors"
	"fmt"
	"github.com/playbook-ssg/playbook/generator/layout"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/playbook-ssg/playbook/generator/config"
)

// CheckSource takes the site folder a command was given (-s) and returns
// nil when it is one: a folder that holds site.toml. Otherwise the error
// says what was looked for and where, with the folder's absolute path, and
// how to go on. A folder without site.toml is not a site with defaults:
// building it would publish an empty site without a word.
func CheckSource(dir string) error {
	where := describeDir(dir)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("site folder %s not found: it should hold %s and content/; start a site with: playbook new site %s", where, config.FileName, dir)
	case err != nil:
		return fmt.Errorf("site folder %s: %w", where, err)
	case !info.IsDir():
		return fmt.Errorf("site folder %s is a file: -s takes the folder that holds %s", where, config.FileName)
	}
	_, err = os.Stat(filepath.Join(dir, config.FileName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no %s in %s: a site folder holds %s and content/%s", config.FileName, where, config.FileName, sourceHint(dir))
	case err != nil:
		return fmt.Errorf("%s: %w", filepath.Join(dir, config.FileName), err)
	}
	return nil
}

// sourceHint suggests the folder above dir when that one is a site (a
// command given the content folder), or else how to start a site.
func sourceHint(dir string) string {
	abs, err := filepath.Abs(dir)
	if err == nil {
		parent := filepath.Dir(abs)
		if _, err := os.Stat(filepath.Join(parent, config.FileName)); err == nil && parent != abs {
			return fmt.Sprintf("; the folder above, %s, has one: give that one with -s", parent)
		}
	}
	return "; give the site's folder with -s, or start a site with: playbook new site DIR"
}

// describeDir names a folder as given and, when that is relative, by its
// absolute path too: "site (/home/me/site)".
func describeDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil || abs == dir {
		return dir
	}
	return fmt.Sprintf("%s (%s)", dir, abs)
}

// checkFS is CheckSource for a site read through an fs.FS (Options.FS).
func checkFS(fsys fs.FS, name string) error {
	if name == "" {
		name = "the site folder"
	}
	if _, err := fs.Stat(fsys, config.FileName); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no %s in %s: a site folder holds %s and content/", config.FileName, name, config.FileName)
	}
	return nil
}

// siteFiles is the site folder read through an os.Root, so that nothing,
// symlinks included, reads outside it, with each folder opened once for
// the files in it: os.Root resolves every component of every name it is
// given, which, for the 10,000 pages of a large site read twice a build,
// was a second of system time.
type siteFiles struct {
	fs.FS // the root's, for everything but ReadFile
	root  *os.Root
	mu    sync.Mutex
	dirs  map[string]*os.Root // nil: the folder did not open
	// listings are the folders ReadDir read, by name.
	listings map[string]listing
	// handed are Markdown files the inputs' hash read, by name, kept
	// for the loader's one ReadFile of each (see hand).
	handed map[string][]byte
}

// handMax bounds the size of a file hand keeps.
const handMax = 1 << 20

// hand keeps b, the bytes of the file name just read, for the next
// ReadFile of name, which returns them rather than reading the file
// again: a first build reads every page for the inputs' hash and then
// for the loader (54 MB twice at 10,000 pages). Only Markdown files up
// to handMax are kept, the files the loader reads once; drop forgets
// those it did not.
func (s *siteFiles) hand(name string, b []byte) {
	if len(b) > handMax || !strings.HasSuffix(name, ".md") {
		return
	}
	s.mu.Lock()
	if s.handed == nil {
		s.handed = map[string][]byte{}
	}
	s.handed[name] = b
	s.mu.Unlock()
}

// drop forgets the files hand kept that no ReadFile took.
func (s *siteFiles) drop() {
	s.mu.Lock()
	s.handed = nil
	s.mu.Unlock()
}

func newSiteFiles(root *os.Root) *siteFiles {
	return &siteFiles{FS: root.FS(), root: root, dirs: map[string]*os.Root{}}
}

// ReadFile implements fs.ReadFileFS. A file the folder's own root cannot
// read (a symlink to another folder of the site, say) is read through the
// site's root, which decides as it always does.
func (s *siteFiles) ReadFile(name string) ([]byte, error) {
	s.mu.Lock()
	b, ok := s.handed[name]
	if ok {
		delete(s.handed, name)
	}
	s.mu.Unlock()
	if ok {
		return b, nil
	}
	dir, base := path.Split(name)
	if dir != "" && fs.ValidPath(name) {
		if r := s.dir(strings.TrimSuffix(dir, "/")); r != nil {
			if b, err := r.ReadFile(base); err == nil {
				return b, nil
			}
		}
	}
	return s.FS.(fs.ReadFileFS).ReadFile(name)
}

// dir returns the root of the site's folder dir, opened on first use.
func (s *siteFiles) dir(dir string) *os.Root {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.dirs[dir]
	if !ok {
		r, _ = s.root.OpenRoot(dir)
		s.dirs[dir] = r
	}
	return r
}

// Close closes the folders' roots and the site's.
func (s *siteFiles) Close() {
	for _, r := range s.dirs {
		if r != nil {
			_ = r.Close()
		}
	}
	_ = s.root.Close()
}

// Stat implements fs.StatFS.
func (s *siteFiles) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.FS, name) }

// ReadDir implements fs.ReadDirFS. A build lists each folder once: the
// inputs' hash and the loader walk the same folders and see the same
// entries, whose Info is read once too (a stat through the root
// resolves the path a component at a time).
func (s *siteFiles) ReadDir(name string) ([]fs.DirEntry, error) {
	s.mu.Lock()
	l, ok := s.listings[name]
	s.mu.Unlock()
	if !ok {
		ents, err := fs.ReadDir(s.FS, name)
		for i, d := range ents {
			ents[i] = &onceEntry{DirEntry: d}
		}
		l = listing{ents, err}
		s.mu.Lock()
		if s.listings == nil {
			s.listings = map[string]listing{}
		}
		s.listings[name] = l
		s.mu.Unlock()
	}
	return slices.Clone(l.ents), l.err
}

// list reads the listings of the folders under tops that lay does not
// ignore, and the stat of their files, as the build's walks will.
func (s *siteFiles) list(tops []string, lay *layout.Layout) {
	for _, top := range tops {
		_ = fs.WalkDir(s, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if lay.Classify(p).Kind == layout.Ignored {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				_, _ = d.Info()
			}
			return nil
		})
	}
}

// listing is a folder's entries as ReadDir returned them.
type listing struct {
	ents []fs.DirEntry
	err  error
}

// onceEntry is a folder entry whose Info is read on first use and kept.
type onceEntry struct {
	fs.DirEntry
	info func() (fs.FileInfo, error)
	once sync.Once
}

func (e *onceEntry) Info() (fs.FileInfo, error) {
	e.once.Do(func() {
		info, err := e.DirEntry.Info()
		e.info = func() (fs.FileInfo, error) { return info, err }
	})
	return e.info()
}

// ReadLink implements fs.ReadLinkFS.
func (s *siteFiles) ReadLink(name string) (string, error) { return fs.ReadLink(s.FS, name) }

// Lstat implements fs.ReadLinkFS.
func (s *siteFiles) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(s.FS, name) }
