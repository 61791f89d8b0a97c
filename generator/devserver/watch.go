package devserver

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/playbook-ssg/playbook/generator/layout"
)

// watcher reports batches of changed site paths: it watches folders (not
// files), adds folders created later, drops what the site's layout
// ignores (editor noise, the output) and debounces bursts into one batch.
type watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	quiet   time.Duration
	maxWait time.Duration

	mu  sync.Mutex
	lay *layout.Layout
}

// newWatcher watches the site folder root, laid out as lay: the root
// itself (for site.toml and folders created later) and every folder of
// lay.Roots that exists.
func newWatcher(root string, lay *layout.Layout) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsw: fsw, quiet: 8 * time.Millisecond, maxWait: 500 * time.Millisecond}
	if err := fsw.Add(root); err != nil {
		_ = fsw.Close()
		return nil, err
	}
	w.Use(lay)
	return w, nil
}

// Use makes lay the layout that decides what is watched and reported, and
// watches its roots: site.toml may have moved the content folder or
// changed the theme. Folders watched before stay watched; their events
// are dropped when lay ignores them.
func (w *watcher) Use(lay *layout.Layout) {
	w.mu.Lock()
	w.lay = lay
	w.mu.Unlock()
	for _, r := range lay.Roots() {
		// Watch the folders leading to a root too, so that creating it
		// (or a parent such as themes/) is seen.
		for dir := path.Dir(r); dir != "."; dir = path.Dir(dir) {
			_ = w.fsw.Add(filepath.Join(w.root, filepath.FromSlash(dir)))
		}
		w.addTree(filepath.Join(w.root, filepath.FromSlash(r)))
	}
}

func (w *watcher) layout() *layout.Layout {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lay
}

// addTree watches dir and every folder below it that the layout reads.
func (w *watcher) addTree(dir string) {
	lay := w.layout()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if r, ok := w.rel(p); !ok || lay.Classify(r).Kind == layout.Ignored {
			return filepath.SkipDir
		}
		_ = w.fsw.Add(p)
		return nil
	})
}

func (w *watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// leadsToRoot reports whether the site folder r holds one of the
// layout's roots without being one.
func (w *watcher) leadsToRoot(r string) bool {
	for _, root := range w.layout().Roots() {
		if strings.HasPrefix(root, r+"/") {
			return true
		}
	}
	return false
}

// relevant returns the site path of p when a change to it can affect the
// build.
func (w *watcher) relevant(p string) (string, bool) {
	r, ok := w.rel(p)
	if !ok || w.layout().Classify(r).Kind == layout.Ignored {
		return "", false
	}
	return r, true
}

// arm (re)starts the debounce timer: it fires after a quiet period, but
// never later than maxWait after the first change of a batch.
func (w *watcher) arm(timer **time.Timer, fire *<-chan time.Time, first *time.Time, changed bool) {
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
func (w *watcher) Run(ctx context.Context, batches chan<- []string) error {
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
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if r, ok := w.rel(ev.Name); ok && w.leadsToRoot(r) {
						w.Use(w.layout()) // themes/ or a content folder's parent came
					} else {
						w.addTree(ev.Name)
					}
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
