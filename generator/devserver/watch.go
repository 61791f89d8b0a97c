package devserver

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher reports batches of changed site paths: it watches folders (not
// files), adds folders created later, drops editor noise and debounces
// bursts into one batch.
type Watcher struct {
	root    string
	ignore  []string // site-relative folders never watched (the output)
	fsw     *fsnotify.Watcher
	quiet   time.Duration
	maxWait time.Duration
}

// watched are the parts of a site that feed a build.
var watched = []string{"site.toml", "content", "layouts", "assets", "static", "themes"}

// NewWatcher watches the site folder root. ignore lists site-relative
// folders to leave out, such as the output folder.
func NewWatcher(root string, ignore ...string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, ignore: ignore, fsw: fsw, quiet: 8 * time.Millisecond, maxWait: 500 * time.Millisecond}
	// The root itself, for site.toml and for top folders created later.
	if err := fsw.Add(root); err != nil {
		_ = fsw.Close()
		return nil, err
	}
	for _, name := range watched[1:] {
		w.addTree(filepath.Join(root, name))
	}
	return w, nil
}

// addTree watches dir and every folder below it.
func (w *Watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && (noise(d.Name()) || w.ignored(p)) {
			return filepath.SkipDir
		}
		_ = w.fsw.Add(p)
		return nil
	})
}

func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (w *Watcher) ignored(p string) bool {
	r, ok := w.rel(p)
	if !ok {
		return true
	}
	for _, ig := range w.ignore {
		if r == ig || strings.HasPrefix(r, ig+"/") {
			return true
		}
	}
	return false
}

// relevant reports whether a changed path can affect the build.
func (w *Watcher) relevant(p string) (string, bool) {
	r, ok := w.rel(p)
	if !ok || w.ignored(p) {
		return "", false
	}
	for _, seg := range strings.Split(r, "/") {
		if noise(seg) {
			return "", false
		}
	}
	top, _, _ := strings.Cut(r, "/")
	for _, name := range watched {
		if top == name {
			return r, true
		}
	}
	return "", false
}

// noise reports editor and system files: swap files, backups, lock files,
// atomic-save temporaries.
func noise(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasPrefix(name, "~$"):
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, ".crdownload"), strings.HasSuffix(name, ".part"):
		return true
	case name == "4913": // vim's write test
		return true
	}
	return false
}

// arm (re)starts the debounce timer: it fires after a quiet period, but
// never later than maxWait after the first change of a batch.
func (w *Watcher) arm(timer **time.Timer, fire *<-chan time.Time, first *time.Time, changed bool) {
	if !changed {
		return
	}
	now := time.Now()
	if *fire == nil {
		*first = now
	}
	wait := w.quiet
	if left := w.maxWait - now.Sub(*first); left < wait {
		wait = max(left, 0)
	}
	if *timer == nil {
		*timer = time.NewTimer(wait)
	} else {
		(*timer).Reset(wait)
	}
	*fire = (*timer).C
}

// Run sends batches of changed site-relative paths until ctx is done.
func (w *Watcher) Run(ctx context.Context, batches chan<- []string) error {
	defer w.fsw.Close()
	pending := map[string]bool{}
	var timer *time.Timer
	var fire <-chan time.Time
	var first time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := make([]string, 0, len(pending))
		for p := range pending {
			batch = append(batch, p)
		}
		pending = map[string]bool{}
		fire = nil
		select {
		case batches <- batch:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending[""] = true // lost track: build everything
			}
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && !w.ignored(ev.Name) && !noise(filepath.Base(ev.Name)) {
					w.addTree(ev.Name)
					// Files may have landed before the watch: rescan.
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() {
							if r, ok := w.relevant(p); ok {
								pending[r] = true
							}
						}
						return nil
					})
					w.arm(&timer, &fire, &first, len(pending) > 0)
					continue
				}
			}
			r, ok := w.relevant(ev.Name)
			if !ok || ev.Op == fsnotify.Chmod {
				continue
			}
			pending[r] = true
			w.arm(&timer, &fire, &first, true)
		case <-fire:
			flush()
		}
	}
}
