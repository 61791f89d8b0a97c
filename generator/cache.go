package generator

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
)

// The build cache lets a build reuse the previous output's files whose
// inputs did not change: each output file is recorded with a key that
// hashes everything it is made from (its page's bytes, the site's
// structure, the theme, the configuration and the program itself). It
// lives in the user's cache folder, never in the output, and a missing,
// foreign or corrupt record only means a full build.

// manifest is the cache record of one site's last build.
type manifest struct {
	Program string
	Output  string
	// Files are the output's files by name: one map rather than one per
	// field, which reads and writes in a third of the time at 14,000
	// files.
	Files map[string]outFile
	// Dirs are the stamps of the output's folders (see outdirs.go).
	Dirs map[string]outStamp
	// InputsKey hashes every file the build read (and the options and
	// the day): when it matches, the output is already up to date.
	InputsKey string
	// Inputs are the stamps of the files the build read.
	Inputs   map[string]inputStamp
	Pages    int
	Sections int
	Diags    []*diag.Diagnostic
}

// outFile is what the record keeps of an output file.
type outFile struct {
	// Key is the key of the job that made the file (shortKey).
	Key string
	// Sum identifies the file's bytes (outputSum), so that a file
	// rendered again with the same bytes is not written again, and Stamp
	// says what the file looked like on disk once the build was
	// committed (when Stamped): a file whose stamp differs was changed by
	// something else (another build with another cache, an editor, a
	// deploy tool), and its bytes are read rather than trusted.
	Sum     string
	Stamp   outStamp
	Stamped bool
}

// buildCache holds the previous record and collects the new one.
type buildCache struct {
	path string // the record; the parsed-body cache is the folder path+".docs"
	prev *manifest
	read readFunc // how the cache's files are read (cachefile.Read or Map)

	mu   sync.Mutex
	next *manifest
	// seen are the files of the previous output that intact found as
	// the previous build left them: unless this build writes them, their
	// stamps stay the recorded ones. cleanDirs are the folders a
	// dirListing found as recorded.
	seen      map[string]bool
	cleanDirs map[string]bool
	// looked, when set, is the look at the previous output that
	// lookAtOutput started.
	looked *outputLook
}

// outputLook is what a look at the previous output found: which of the
// files and folders the record stamps are as it says. done is closed
// once files and dirs are set.
type outputLook struct {
	done  chan struct{}
	files map[string]bool
	dirs  map[string]bool
}

// lookAtOutput starts looking, in the background, at every file and
// folder of the output out that the record stamps: intact and the
// folders' listing then take its answers rather than each calling
// lstat when the render asks, some 24,000 calls at 10,000 pages that
// this way overlap the transform and the listing of jobs. wait waits
// for the look to end.
func (c *buildCache) lookAtOutput(out string) {
	if c == nil || c.prev == nil {
		return
	}
	l := &outputLook{done: make(chan struct{})}
	c.looked = l
	prev := c.prev
	go func() {
		defer close(l.done)
		same := func(name string, want outStamp, dir bool) bool {
			info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				return false
			}
			if dir && !info.IsDir() || !dir && !info.Mode().IsRegular() {
				return false
			}
			return stampOfInfo(info) == want
		}
		files := make(map[string]bool, len(prev.Files))
		for n, f := range prev.Files {
			if f.Stamped {
				files[n] = same(n, f.Stamp, false)
			}
		}
		dirs := make(map[string]bool, len(prev.Dirs))
		for d, st := range prev.Dirs {
			dirs[d] = same(d, st, true)
		}
		l.files, l.dirs = files, dirs
	}()
}

// wait waits for a look that lookAtOutput started, if any, to end.
func (c *buildCache) wait() {
	if c != nil && c.looked != nil {
		<-c.looked.done
	}
}

// lookedAt returns the look's answers, once it is done; nil when none
// was started.
func (c *buildCache) lookedAt() *outputLook {
	if c.looked == nil {
		return nil
	}
	<-c.looked.done
	return c.looked
}

var (
	programOnce sync.Once
	programSum  string
)

// programID identifies this binary: any change of code changes it, so a
// cache written by another build of playbook is never trusted. It is the
// Go toolchain's build ID when the executable carries one (an ELF note
// that go build derives from the link's inputs and the binary's bytes),
// else the SHA-256 of the whole executable, which costs tens of
// milliseconds at every build. On Linux the running binary is read
// through /proc/self/exe, which stays the running one when the file at
// its path is replaced. (A binary linked with -ldflags=-buildid=X keeps
// X through code changes: whoever sets it vouches for it.)
func programID() string {
	programOnce.Do(func() {
		programSum = Version
		exe, err := os.Executable()
		if err != nil {
			return
		}
		if _, err := os.Stat("/proc/self/exe"); err == nil {
			exe = "/proc/self/exe"
		}
		if id := goBuildID(exe); id != "" {
			programSum = Version + "-" + id
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			programSum = Version + "-" + hex.EncodeToString(h.Sum(nil)[:12])
		}
	})
	return programSum
}

// goBuildID returns the Go build ID in the ELF executable exe: the
// description of its note named "Go" of type 4 (the format of
// cmd/internal/buildid, what `go tool buildid` prints): slash-separated
// hashes of the build's actions and contents (four of them for a go build
// executable). It returns "" for other executables and for one linked
// without a build ID.
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type != elf.PT_NOTE || p.Filesz > 1<<16 {
			continue
		}
		b := make([]byte, p.Filesz)
		if _, err := p.ReadAt(b, 0); err != nil {
			continue
		}
		for len(b) >= 12 {
			order := f.ByteOrder
			nameSize, descSize, typ := order.Uint32(b), order.Uint32(b[4:]), order.Uint32(b[8:])
			nameEnd := 12 + align4(nameSize)
			descEnd := nameEnd + align4(descSize)
			if nameEnd > uint64(len(b)) || descEnd > uint64(len(b)) {
				break
			}
			if typ == 4 && strings.TrimRight(string(b[12:12+nameSize]), "\x00") == "Go" {
				id := string(b[nameEnd : nameEnd+uint64(descSize)])
				if strings.Contains(id, "/") {
					return id
				}
			}
			b = b[descEnd:]
		}
	}
	return ""
}

// align4 rounds n up to a multiple of 4, as ELF notes pad their fields.
func align4(n uint32) uint64 { return (uint64(n) + 3) &^ 3 }

// cacheDir returns the folder of playbook's build caches:
// $XDG_CACHE_HOME/playbook, else ~/.cache/playbook on Linux and the BSDs
// (os.UserCacheDir's folder elsewhere, ~/Library/Caches on macOS). A
// relative XDG_CACHE_HOME is ignored, as the XDG Base Directory
// specification asks, rather than failing. The error says why there is
// none: no HOME, say.
func cacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if x := os.Getenv("XDG_CACHE_HOME"); err != nil && x != "" && !filepath.IsAbs(x) {
		if home := os.Getenv("HOME"); filepath.IsAbs(home) {
			dir, err = filepath.Join(home, ".cache"), nil
		}
	}
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "playbook"), nil
}

// readFunc reads a file of the build cache whole: cachefile.Read, or
// cachefile.Map in a process that builds once (Options.MapCache).
type readFunc func(name string) ([]byte, error)

// openCache reads the record for the output folder out with read, which
// later reads the rest of the cache too. Any problem gives an empty cache.
func openCache(out string, read readFunc) *buildCache {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil
	}
	dir, err := cacheDir()
	if err != nil {
		return nil
	}
	h := sha256.Sum256([]byte(abs))
	c := &buildCache{
		path: filepath.Join(dir, hex.EncodeToString(h[:10])+recordExt),
		read: read,
		next: &manifest{Program: programID(), Output: abs, Files: map[string]outFile{}, Dirs: map[string]outStamp{}},
	}
	// Records were JSON until 2026-11-30; such a record is of no use.
	_ = os.Remove(strings.TrimSuffix(c.path, recordExt) + ".json")
	b, err := read(c.path)
	if err != nil {
		return c
	}
	m, err := decodeRecord(b)
	if err != nil || m.Program != c.next.Program || m.Output != abs {
		return c // corrupt or from another program: ignore it
	}
	c.prev = m
	// The next record has about as many files and folders: its maps are
	// sized once rather than grown.
	c.next.Files, c.next.Dirs = make(map[string]outFile, len(m.Files)), make(map[string]outStamp, len(m.Dirs))
	return c
}

// save writes the new record atomically.
func (c *buildCache) save() error {
	b, err := encodeRecord(c.next)
	if err != nil {
		return err
	}
	return cachefile.Write(c.path, b)
}

// recordExt ends the name of a build record (see record.go).
const recordExt = ".record"

// drop deletes the record and what is bound to the output it describes
// (the print pages' part spans). The kept sources, parsed bodies and
// search analyses stay: their keys hash what they were made from.
func (c *buildCache) drop() {
	_ = os.Remove(c.path)
	_ = os.Remove(c.printPartsPath())
}

// docs opens the cache of parsed bodies kept beside the record.
func (c *buildCache) docs() (*markdown.DocCache, error) {
	return markdown.OpenDocCache(strings.TrimSuffix(c.path, recordExt)+".docs", programID(), c.read)
}

// keys computes cache keys for the jobs of one build.
type keys struct {
	base      string // program, configuration, theme
	structure string // every page's URL and summary, in order
	bodies    string // every page's bytes
	dates     string // every page's dates and git history
}

func newKeys(cfgSrc []byte, opts Options, themeSum string, site *content.Site) keys {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%v|%v|%s|%v\n", programID(), themeSum, opts.Drafts, opts.Dev, opts.BaseURL, opts.Strict)
	h.Write(cfgSrc)
	base := hex.EncodeToString(h.Sum(nil))
	s, bd, dt := sha256.New(), sha256.New(), sha256.New()
	for _, p := range site.Pages {
		fmt.Fprintf(s, "%s|%s|%v|%s\n", p.URL, p.ListingKey, p.ReviewDue, p.Badge)
		fmt.Fprintf(bd, "%s|%x\n", p.URL, p.Hash)
		fmt.Fprintf(dt, "%s|%s\n", p.URL, p.DatesKey())
	}
	for _, f := range site.Files {
		fmt.Fprintf(s, "file %s %s\n", f.Rel, f.URL)
	}
	fmt.Fprintf(s, "nav %x\n", site.NavFiles.Hash)
	return keys{base: base, structure: hex.EncodeToString(s.Sum(nil)), bodies: hex.EncodeToString(bd.Sum(nil)), dates: hex.EncodeToString(dt.Sum(nil))}
}

// of returns the key of a job.
func (k keys) of(j *render.Job, site *content.Site) string {
	switch j.Dep {
	case render.DepPage:
		return fmt.Sprintf("page|%s|%s|%x|%s", k.base, k.structure, j.Page.Hash, j.Page.DatesKey())
	case render.DepDates:
		return "dates|" + k.base + "|" + k.structure + "|" + k.dates
	case render.DepBodies:
		if j.Key != "" {
			return "bodies key|" + k.base + "|" + k.structure + "|" + j.Key
		}
		if j.Pages != nil {
			h := sha256.New()
			for _, p := range j.Pages {
				fmt.Fprintf(h, "%s|%x\n", p.URL, p.Hash)
			}
			return "bodies of|" + k.base + "|" + k.structure + "|" + hex.EncodeToString(h.Sum(nil))
		}
		// The day too: a print page's cover is dated.
		return "bodies|" + k.base + "|" + k.structure + "|" + k.bodies + "|" + site.Now.Format("2006-01-02")
	case render.DepFile:
		if f, ok := site.FileByURL["/"+j.Name]; ok && f.Path == j.Source {
			return fmt.Sprintf("file|%s|%d|%d", f.Path, f.Size, f.ModTime)
		}
		return "file|" + k.base + "|" + j.Source // theme files: in the theme sum
	}
	return "site|" + k.base + "|" + k.structure
}

// shortKey returns 128 bits of key's SHA-256 in hex: the record keeps a
// key for every output file, and the keys themselves hold several
// hashes each.
func shortKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:16])
}

// selector returns the render selector of a cached disk build: a job runs
// unless the previous output has its file with the same key. It records
// every job's key for the next build.
func (c *buildCache) selector(k keys, site *content.Site, d *publish.Dir) func(*render.Job) bool {
	return func(j *render.Job) bool {
		key := shortKey(k.of(j, site))
		run := c.prev == nil || c.prev.Files[j.Name].Key != key || !c.intact(d, j.Name)
		c.mu.Lock()
		f := c.next.Files[j.Name]
		f.Key = key
		if !run {
			f.Sum = c.prev.Files[j.Name].Sum
		}
		c.next.Files[j.Name] = f
		c.mu.Unlock()
		return run
	}
}

// outStamp is an output file's size, modification and status change
// times and inode: a file rewritten in place with its size and time put
// back (cp -p) still shows a new status change time where the system
// has one (see ctime).
type outStamp struct {
	Size  int64
	MTime int64 // Unix nanoseconds
	CTime int64 // Unix nanoseconds, or 0 where the system has none
	Ino   uint64
}

func stampOfInfo(info fs.FileInfo) outStamp {
	return outStamp{Size: info.Size(), MTime: info.ModTime().UnixNano(), CTime: ctime(info), Ino: inode(info)}
}

// intact reports whether the output's file name is a regular file as the
// previous build left it (its recorded stamp), so that its recorded sum
// says what it holds.
func (c *buildCache) intact(d *publish.Dir, name string) bool {
	if c.prev == nil {
		return false
	}
	f, ok := c.prev.Files[name]
	if !ok || !f.Stamped {
		return false
	}
	if l := c.lookedAt(); l != nil {
		ok = l.files[name]
	} else {
		info, err := d.Lstat(name)
		ok = err == nil && info.Mode().IsRegular() && stampOfInfo(info) == f.Stamp
	}
	if ok {
		c.mu.Lock()
		if c.seen == nil {
			c.seen = make(map[string]bool, len(c.prev.Files))
		}
		c.seen[name] = true
		c.mu.Unlock()
	}
	return ok
}

// stamp records the stamps of the output's files names once committed.
// In a folder patched in place, a file not in written that intact found
// as recorded keeps its recorded stamp; every other file's is read.
func (c *buildCache) stamp(out string, names, written []string, patched bool) {
	w := make(map[string]bool, len(written))
	for _, n := range written {
		w[n] = true
	}
	for _, n := range names {
		f := c.next.Files[n]
		if patched && !w[n] && c.seen[n] {
			f.Stamp, f.Stamped = c.prev.Files[n].Stamp, true
		} else if info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(n))); err == nil && info.Mode().IsRegular() {
			f.Stamp, f.Stamped = stampOfInfo(info), true
		} else {
			continue
		}
		c.next.Files[n] = f
	}
}

// outputSum identifies the bytes of an output file: 128 bits of SHA-256,
// in hex.
func outputSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)[:16]) }

// sumTarget is the disk output of a cached build: it records the sum of
// every file rendered and writes only those whose bytes differ from the
// previous output's, so that the files a build writes are exactly the
// files that changed.
type sumTarget struct {
	dir   *publish.Dir
	cache *buildCache

	mu   sync.Mutex
	same map[string]bool // rendered with the previous output's bytes
}

func newSumTarget(dir *publish.Dir, cache *buildCache) *sumTarget {
	return &sumTarget{dir: dir, cache: cache, same: map[string]bool{}}
}

// unchanged records the sum of name and reports whether the previous
// output already has those bytes there. When no record vouches for the
// previous file, sameBytes, when not nil, compares the bytes themselves
// (a composed sum is no sum of plain bytes); else they are hashed.
func (t *sumTarget) unchanged(name, sum string, sameBytes func() bool) bool {
	c := t.cache
	c.mu.Lock()
	f := c.next.Files[name]
	f.Sum = sum
	c.next.Files[name] = f
	c.mu.Unlock()
	var same bool
	if sum == "" {
		// No sum (a composed one never set): the file counts as changed.
	} else if c.intact(t.dir, name) {
		same = c.prev.Files[name].Sum == sum
	} else if t.dir.Has(name) && sameBytes != nil {
		same = sameBytes()
	} else if t.dir.Has(name) {
		// No record vouches for the file: compare with what it holds.
		if b, err := t.dir.ReadOld(name); err == nil {
			h := sha256.New()
			h.Write(b)
			same = outputSum(h) == sum
		}
	}
	if same {
		t.mu.Lock()
		t.same[name] = true
		t.mu.Unlock()
	}
	return same
}

// WriteFile implements publish.Target.
func (t *sumTarget) WriteFile(name string, data []byte) error {
	h := sha256.New()
	h.Write(data)
	if t.unchanged(name, outputSum(h), nil) {
		return nil
	}
	return t.dir.WriteFile(name, data)
}

// Create implements publish.Streamer: the file is written as it comes and
// discarded at Close when its bytes turn out to be the previous ones.
func (t *sumTarget) Create(name string) (io.WriteCloser, error) {
	w, err := t.dir.Create(name)
	if err != nil {
		return nil, err
	}
	return &sumWriter{t: t, name: name, w: w, h: sha256.New()}, nil
}

// written drops the files rendered with unchanged bytes from names.
func (t *sumTarget) written(names []string) []string {
	out := names[:0:0]
	for _, n := range names {
		if !t.same[n] {
			out = append(out, n)
		}
	}
	return out
}

// sumWriter writes a file of a sumTarget, hashing its bytes, or taking
// the sum its writer composes (render.SumComposer).
type sumWriter struct {
	t    *sumTarget
	name string
	w    io.WriteCloser
	h    hash.Hash // nil once composed
	sum  string    // the composed sum
}

func (w *sumWriter) Write(p []byte) (int, error) {
	if w.h != nil {
		w.h.Write(p)
	}
	return w.w.Write(p)
}

// ComposeSum implements render.SumComposer.
func (w *sumWriter) ComposeSum() func(string) {
	w.h = nil
	return func(sum string) { w.sum = sum }
}

func (w *sumWriter) Close() error {
	if err := w.w.Close(); err != nil {
		return err
	}
	sum := w.sum
	if w.h != nil {
		sum = outputSum(w.h)
	}
	// A composed sum never set (the render failed) is no sum: the file
	// counts as changed, and the next build renders it again.
	var sameBytes func() bool
	if w.h == nil {
		sameBytes = func() bool { return w.t.dir.SameAsOld(w.name) }
	}
	if w.t.unchanged(w.name, sum, sameBytes) {
		return w.t.dir.Discard(w.name)
	}
	return nil
}

// inputStamp is what the record keeps of an input file: its size and
// modification time, and the SHA-256 of its bytes.
type inputStamp struct {
	Size  int64
	MTime int64 // Unix nanoseconds
	// CTime (status change, Unix nanoseconds) and Ino catch what size
	// and time miss: a tree whose times were set (an archive, a store
	// path with every time at 1), another checkout built into the same
	// output.
	CTime int64
	Ino   uint64
	Sum   string
	// vouched is set, in the build that reads the record, when the
	// file's size and time are the recorded ones and vouch for Sum.
	vouched bool
}

// racyWindow is how long before a build's start a file must have been
// last modified for its size and time to vouch for its bytes at the next
// build: a file written in the same tick of the file system's clock as
// the build read it could change again without its time moving (Git's
// "racily clean" entries).
const racyWindow = 2 * time.Second

// inputsKey hashes every file a build of the site may read (the files of
// lay.Inputs that lay does not ignore), the options and the day (review
// reminders and the print cover depend on it). A file whose size and
// modification time are those prev recorded, and that was last modified
// well before prev's build began, is taken to have its recorded bytes and
// is not read; every other file is read and hashed. It returns the key
// and the stamps to record; start is when this build began. gitKey, when
// set, names the git history the build reads (enableGitInfo): a commit
// that changes no file still changes the output.
func inputsKey(fsys fs.FS, lay *layout.Layout, opts Options, now, start time.Time, prev *manifest, gitKey string) (string, map[string]inputStamp) {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%v|%v|%s|%v|%s\n", programID(), opts.Drafts, opts.Dev, opts.BaseURL, opts.Strict, now.Format("2006-01-02"))
	if gitKey != "" {
		fmt.Fprintf(h, "%s\n", gitKey)
	}
	n := 0
	if prev != nil {
		n = len(prev.Inputs)
	}
	stamps := make(map[string]inputStamp, n)
	// The files in walk order, then their stamps, read and hashed side
	// by side where prev does not vouch for them (every file, in a first
	// build: 54 MB in 10,000 files at 10,000 pages), then hashed in
	// order.
	type file struct {
		p   string
		d   fs.DirEntry
		st  inputStamp
		bad bool // unreadable
	}
	var files []file
	for _, top := range lay.Inputs() {
		_ = fs.WalkDir(fsys, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || lay.Classify(p).Kind == layout.Ignored {
				if err == nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				files = append(files, file{p: p, d: d})
			}
			return nil
		})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)/64+1) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				f := &files[i]
				st, ok := stampOf(f.d, prev, f.p)
				if !ok {
					b, err := fs.ReadFile(fsys, f.p)
					if err != nil {
						f.bad = true
						continue
					}
					sum := sha256.Sum256(b)
					st.Sum = hex.EncodeToString(sum[:])
					if sf, ok := fsys.(*siteFiles); ok {
						sf.hand(f.p, b) // the loader reads it next
					}
					if max(st.MTime, st.CTime) >= start.Add(-racyWindow).UnixNano() {
						st.MTime = 0 // too recent to vouch for the bytes next time
					}
				}
				f.st = st
			}
		})
	}
	wg.Wait()
	for _, f := range files {
		if f.bad {
			fmt.Fprintf(h, "%s unreadable\n", f.p)
			continue
		}
		stamps[f.p] = f.st
		fmt.Fprintf(h, "%s %s\n", f.p, f.st.Sum)
	}
	return hex.EncodeToString(h.Sum(nil)), stamps
}

// stampOf returns the stamp of the file d at p from its size and time,
// with the recorded sum when prev vouches for it (ok).
func stampOf(d fs.DirEntry, prev *manifest, p string) (st inputStamp, ok bool) {
	if !d.Type().IsRegular() {
		return st, false // a symlink's own size and time say nothing of its target
	}
	info, err := d.Info()
	if err != nil {
		return st, false
	}
	st = inputStamp{Size: info.Size(), MTime: info.ModTime().UnixNano(), CTime: ctime(info), Ino: inode(info)}
	if prev == nil {
		return st, false
	}
	old, found := prev.Inputs[p]
	if !found || old.MTime == 0 || old.Size != st.Size || old.MTime != st.MTime || old.CTime != st.CTime || old.Ino != st.Ino || old.Sum == "" {
		return st, false
	}
	st.Sum, st.vouched = old.Sum, true
	return st, true
}

// upToDate reports whether the previous build had the same inputs and its
// output files are all still as it left them.
func (c *buildCache) upToDate(inputs, out string) bool {
	if c == nil || c.prev == nil || c.prev.InputsKey == "" || c.prev.InputsKey != inputs {
		return false
	}
	for name, f := range c.prev.Files {
		if f.Key == "" || !f.Stamped {
			return false
		}
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !info.Mode().IsRegular() || stampOfInfo(info) != f.Stamp {
			return false
		}
	}
	// A folder's stamp changes when an entry is added to it or removed:
	// a file put into the output by hand is then removed by a build.
	for name, st := range c.prev.Dirs {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !info.IsDir() || stampOfInfo(info) != st {
			return false
		}
	}
	return c.unstampedDirsAsRecorded(out)
}
