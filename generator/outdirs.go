package generator

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"
)

// The record keeps a stamp of each folder of the output as the build left
// it (manifest.Dirs), so that the next build patching the output in place
// need not read every folder to find the files it no longer makes: a
// folder whose stamp is unchanged holds exactly the files and folders the
// record lists in it, since adding, removing or renaming an entry changes
// a folder's modification time. A folder changed within racyWindow of
// the build that stamps it is not stamped, so that a change in the same
// clock tick is never missed; it is read next time.

// dirListing is the publish.Listing of the previous output, from the
// record.
type dirListing struct {
	c     *buildCache
	out   string
	files map[string][]string // folder → its files, by name
	dirs  map[string][]string // folder → its folders
}

// listing returns the listing of the previous output out, or nil without
// a record of its folders.
func (c *buildCache) listing(out string) *dirListing {
	if c.prev == nil || len(c.prev.Dirs) == 0 {
		return nil
	}
	l := &dirListing{c: c, out: out}
	l.files, l.dirs, _ = c.recorded()
	return l
}

// recorded returns what the record says the previous output holds: each
// folder's stamped files and its folders, by name, and every folder.
// Every folder on the way to a recorded folder or file is listed in its
// parent: a folder whose own stamp was too recent to record is then
// still walked (and, having no stamp, read), so a file removed from it is
// found stale even though its parent's stamp holds.
func (c *buildCache) recorded() (files, dirs map[string][]string, all map[string]bool) {
	files, dirs = make(map[string][]string, len(c.prev.Dirs)), make(map[string][]string, len(c.prev.Dirs))
	for n, f := range c.prev.Files {
		if !f.Stamped {
			continue
		}
		dir, file := path.Split(n)
		dir = path.Clean(dir)
		files[dir] = append(files[dir], file)
	}
	all = make(map[string]bool, len(c.prev.Dirs))
	all["."] = true
	add := func(d string) {
		for d != "." && d != "/" && !all[d] {
			all[d] = true
			parent := path.Dir(d)
			dirs[parent] = append(dirs[parent], path.Base(d))
			d = parent
		}
	}
	for d := range c.prev.Dirs {
		add(d)
	}
	for n := range c.prev.Files {
		add(path.Dir(n))
	}
	return files, dirs, all
}

// unstampedDirsAsRecorded reads the folders of the output out that the
// record has no stamp of (the last build changed them within racyWindow
// of stamping: the page it wrote, search/, print/) and reports whether
// each holds exactly the files and folders the record lists in it; a
// file put into one by hand would otherwise outlive every build that
// finds nothing changed. Every file must be stamped (upToDate checks).
func (c *buildCache) unstampedDirsAsRecorded(out string) bool {
	files, dirs, all := c.recorded()
	for d := range all {
		if _, ok := c.prev.Dirs[d]; ok {
			continue
		}
		got, err := os.ReadDir(filepath.Join(out, filepath.FromSlash(d)))
		if err != nil || len(got) != len(files[d])+len(dirs[d]) {
			return false
		}
		for _, e := range got {
			if !(e.Type().IsRegular() && slices.Contains(files[d], e.Name()) || e.IsDir() && slices.Contains(dirs[d], e.Name())) {
				return false
			}
		}
	}
	return true
}

// Entries implements publish.Listing.
func (l *dirListing) Entries(dir string) (files, dirs []string, ok bool) {
	want, ok := l.c.prev.Dirs[dir]
	if !ok {
		return nil, nil, false
	}
	if look := l.c.lookedAt(); look != nil {
		if !look.dirs[dir] {
			return nil, nil, false
		}
	} else if info, err := os.Lstat(filepath.Join(l.out, filepath.FromSlash(dir))); err != nil || !info.IsDir() || stampOfInfo(info) != want {
		return nil, nil, false
	}
	l.c.mu.Lock()
	if l.c.cleanDirs == nil {
		l.c.cleanDirs = make(map[string]bool, len(l.c.prev.Dirs))
	}
	l.c.cleanDirs[dir] = true
	l.c.mu.Unlock()
	return l.files[dir], l.dirs[dir], true
}

// stampDirs records the stamps of the output's folders once committed:
// names are the output's files, touched those written or removed. A
// folder found unchanged and holding no touched file keeps its stamp;
// every other one is stamped afresh, unless it changed too recently.
func (c *buildCache) stampDirs(out string, names, touched []string, patched bool) {
	dirs := make(map[string]bool, len(names))
	dirs["."] = true
	for _, n := range names {
		for d := path.Dir(n); !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	changed := map[string]bool{}
	for _, n := range touched {
		for d := path.Dir(n); !changed[d]; d = path.Dir(d) {
			changed[d] = true
			if d == "." {
				break
			}
		}
	}
	now := time.Now()
	for d := range dirs {
		if patched && c.cleanDirs[d] && !changed[d] {
			c.next.Dirs[d] = c.prev.Dirs[d]
			continue
		}
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(d)))
		if err != nil || !info.IsDir() || info.ModTime().After(now.Add(-racyWindow)) {
			continue
		}
		c.next.Dirs[d] = stampOfInfo(info)
	}
}
