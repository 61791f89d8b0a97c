package generator

import (
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
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

// The file is printPartsMagic, the program's id, the number of print
// pages, each page's name, frame key, sum and spans (key, offset,
// length, CRC-32C and SHA-256 of each), then the SHA-256 of the bytes
// before it; a file that is foreign, cut short or damaged is not used.
const (
	printPartsExt   = ".print"
	printPartsMagic = "playbook print parts 1\n"
)

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
	if b, err := c.read(c.printPartsPath()); err == nil {
		s.prev = decodePrintParts(b)
	}
	return s
}

// encodePrintParts encodes the spans of print pages for the file.
func encodePrintParts(all map[string]*printParts) []byte {
	size := 64
	for n, e := range all {
		size += len(n) + len(e.Frame) + len(e.Sum) + 16
		for k := range e.Spans {
			size += len(k) + 3*binary.MaxVarintLen64 + 33
		}
	}
	w := &varbin.Writer{B: make([]byte, 0, size)}
	w.B = append(w.B, printPartsMagic...)
	w.Str(programID())
	w.Uint(uint64(len(all)))
	for n, e := range all {
		w.Str(n)
		w.Str(e.Frame)
		w.Str(e.Sum)
		w.Uint(uint64(len(e.Spans)))
		for k, sp := range e.Spans {
			w.Str(k)
			w.Int64(sp.Off)
			w.Int64(sp.Len)
			w.Uint(uint64(sp.CRC))
			w.Bytes(sp.Sum[:])
		}
	}
	return cachefile.Seal(w.B)
}

// decodePrintParts reads what encodePrintParts wrote, or returns nil.
func decodePrintParts(b []byte) map[string]*printParts {
	body, ok := cachefile.Unseal(b, printPartsMagic)
	if !ok {
		return nil
	}
	r := &varbin.Reader{B: body, Shared: true}
	if r.Str() != programID() {
		return nil
	}
	n := r.Count(4)
	all := make(map[string]*printParts, n)
	for range n {
		name := r.Str()
		e := &printParts{Frame: r.Str(), Sum: r.Str()}
		m := r.Count(37)
		e.Spans = make(map[string]render.Span, m)
		for range m {
			k := r.Str()
			sp := render.Span{Off: r.Int64(), Len: r.Int64()}
			crc := r.Uint()
			sum := r.Bytes()
			if crc > math.MaxUint32 || len(sum) != len(sp.Sum) {
				r.Fail()
			}
			if r.Err != nil {
				return nil
			}
			sp.CRC = uint32(crc)
			copy(sp.Sum[:], sum)
			e.Spans[k] = sp
		}
		all[name] = e
	}
	if r.Err != nil || len(r.B) != 0 {
		return nil
	}
	return all
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
	return cachefile.Write(s.cache.printPartsPath(), encodePrintParts(all))
}

// close closes the previous files Previous opened.
func (s *partStore) close() {
	for _, f := range s.files {
		_ = f.Close()
	}
}
