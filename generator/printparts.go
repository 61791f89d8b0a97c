package generator

import (
	"bytes"
	"encoding/gob"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
)

// The build cache keeps, beside its record, where the parts of each print
// page lie in the output's file (render.PartCache), so that the next
// build copies the parts of unchanged pages from the file rather than
// rendering a whole playbook again for one edited page. A print page's
// spans are used only when its file is intact (as the record's stamp
// says the last build left it, with the output sum the spans were kept
// for) and its frame key, which covers the
// configuration, the theme, the site's structure and the print page's
// tree of parts, is the one it was made with.

const printPartsExt = ".print"

func (c *buildCache) printPartsPath() string {
	return strings.TrimSuffix(c.path, recordExt) + printPartsExt
}

// printParts are the spans of one print page's leaf parts, in the file
// whose output sum (the record's outFile.Sum) is Sum.
type printParts struct {
	Frame string
	Sum   string
	Spans map[string]render.Span
}

// partStore is the render.PartCache of a disk build.
type partStore struct {
	cache *buildCache
	dir   *publish.Dir
	out   string // the output folder
	salt  string // the configuration, theme and structure (keys)
	prev  map[string]*printParts

	mu     sync.Mutex
	next   map[string]*printParts
	files  []*os.File
	copied int // parts renders took from previous files
}

// newPartStore reads the spans the last build kept for the output out.
func newPartStore(c *buildCache, d *publish.Dir, out string, k keys) *partStore {
	s := &partStore{cache: c, dir: d, out: out, salt: k.base + "|" + k.structure, next: map[string]*printParts{}}
	if c.prev == nil {
		return s
	}
	b, err := cachefile.Read(c.printPartsPath())
	if err == nil && gob.NewDecoder(bytes.NewReader(b)).Decode(&s.prev) != nil {
		s.prev = nil
	}
	return s
}

func (s *partStore) frame(f string) string { return shortKey(s.salt + "|" + f) }

// Previous implements render.PartCache.
func (s *partStore) Previous(name, frame string) (io.ReaderAt, map[string]render.Span) {
	e := s.prev[name]
	if e == nil || e.Frame != s.frame(frame) || e.Sum == "" || e.Sum != s.cache.prev.Files[name].Sum || !s.cache.intact(s.dir, name) {
		return nil, nil // spans of another file, or a file changed since
	}
	f, err := os.Open(filepath.Join(s.out, filepath.FromSlash(name)))
	if err != nil {
		return nil, nil
	}
	s.mu.Lock()
	s.files = append(s.files, f)
	s.mu.Unlock()
	info, err := f.Stat()
	if err != nil {
		return nil, nil
	}
	for _, sp := range e.Spans {
		if sp.Off < 0 || sp.Len <= 0 || sp.Off+sp.Len > info.Size() {
			return nil, nil // not a record of this file
		}
	}
	return f, e.Spans
}

// reused returns the number of parts renders copied from previous files.
func (s *partStore) reused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.copied
}

// Keep implements render.PartCache.
func (s *partStore) Keep(name, frame string, spans map[string]render.Span, copied int) {
	s.mu.Lock()
	s.next[name] = &printParts{Frame: s.frame(frame), Spans: spans}
	s.copied += copied
	s.mu.Unlock()
}

// save writes the spans of the print pages among names, the files of the
// committed output: this build's, or the last build's for a print page it
// did not render.
func (s *partStore) save(names []string) error {
	all := map[string]*printParts{}
	changed := false
	for _, n := range names {
		if e := s.next[n]; e != nil {
			e.Sum = s.cache.next.Files[n].Sum
			all[n], changed = e, true
		} else if e := s.prev[n]; e != nil && e.Sum == s.cache.next.Files[n].Sum {
			all[n] = e
		}
	}
	if !changed && len(all) == len(s.prev) {
		return nil
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(all); err != nil {
		return err
	}
	return cachefile.Write(s.cache.printPartsPath(), b.Bytes())
}

// close closes the previous files Previous opened.
func (s *partStore) close() {
	for _, f := range s.files {
		_ = f.Close()
	}
}
