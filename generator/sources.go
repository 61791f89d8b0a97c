package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// The build cache keeps the loaded sources of a one-shot build (front
// matter decoded and checked, title, positions, diagnostics) beside its
// record, so that the next build takes an unchanged file's source without
// reading or decoding it: the file's size and time vouch for its bytes
// (inputsKey), its recorded SHA-256 names the source, and the parsed body
// comes from the cache of parsed pages by its key. A source is kept only
// when it reads back exactly as it was; anything missing, foreign or
// unreadable means the file is read and parsed.

// sourceEntry is one kept source.
type sourceEntry struct {
	// File is the source's File; an entry without Source drops the one
	// before it of the same File (it did not read back exactly).
	File string
	// Sum is the SHA-256 of the file's bytes the source was loaded from
	// (inputStamp.Sum).
	Sum string
	// DocKey is the key of the source's parsed body in the cache of
	// parsed pages.
	DocKey [32]byte
	// Source is the source without its Doc and LinkPos; Flags are its
	// front matter's optional booleans (toc, print, search): 0 unset, 1
	// false, 2 true.
	Source *content.Source
	Flags  [3]int8
	// LinkPos are the source's link positions as line and column: the
	// file of each is the source's.
	LinkPos []int32
	// raw is the entry's encoding (encodeEntry), as read or written.
	raw []byte
}

// The file of kept sources is a series of segments, each:
//
//	sourcesMagic, the salt (varbin string), the count of entries (uvarint),
//	each entry as a varbin byte string (encodeEntry),
//	the SHA-256 of the segment's bytes before it (32 bytes).
//
// A later entry of a File replaces an earlier one. A build that changed a
// few sources appends a segment with their entries rather than writing
// the file again; one that changed many, or finds the file damaged,
// writes it whole (compacts it). A segment cut short, foreign or changed
// in place is not used, nor what follows it, and the next build compacts.
const sourcesMagic = "PBSRC\x01"

// keptFile is what a build read of the file of kept sources.
type keptFile struct {
	entries  map[string]*sourceEntry // by File
	segments int                     // whole segments read
	appended int                     // entries in segments after the first
	damaged  bool                    // a segment was cut short or foreign
}

// maxSegments and the share of appended entries bound the file's growth:
// past either, the next build compacts it.
const maxSegments = 32

// sourcesExt ends the name of the kept sources, beside the record.
const sourcesExt = ".sources"

func (c *buildCache) sourcesPath() string {
	return strings.TrimSuffix(c.path, recordExt) + sourcesExt
}

// sourcesSalt identifies what a source is loaded with: the program, the
// site folder, the whole site.toml and the base URL option.
func sourcesSalt(cfgSrc []byte, opts Options) string {
	h := sha256.New()
	dir, _ := filepath.Abs(opts.Source)
	fmt.Fprintf(h, "%s|%s|%s|", programID(), dir, opts.BaseURL)
	h.Write(cfgSrc)
	return hex.EncodeToString(h.Sum(nil))
}

// keptSources reads the kept sources for salt; its entries are nil when
// there are none, when the file is foreign or its first segment does not
// read, and when any entry of the segments read does not decode (the
// file is then of another format). The entries are decoded side by side.
func keptSources(read readFunc, file, salt string) *keptFile {
	k := &keptFile{}
	b, err := read(file)
	if err != nil {
		return k
	}
	var segs [][][]byte // each segment's entries, undecoded
	for len(b) > 0 {
		raw, rest, ok := splitSegment(b, salt)
		if !ok {
			k.damaged = true
			break
		}
		segs, b = append(segs, raw), rest
	}
	var all [][]byte
	for _, raw := range segs {
		all = append(all, raw...)
	}
	decoded := make([]*sourceEntry, len(all))
	var failed atomic.Bool
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(all) && !failed.Load(); i += n {
				e, err := decodeEntry(all[i])
				if err != nil {
					failed.Store(true)
					return
				}
				e.raw = all[i]
				decoded[i] = e
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		// A segment whose sum held yet whose entries do not decode is
		// of another format: nothing is used.
		k.damaged = true
		return k
	}
	entries := make(map[string]*sourceEntry, len(all))
	i := 0
	for s, raw := range segs {
		for _, e := range decoded[i : i+len(raw)] {
			if e.Source == nil {
				delete(entries, e.File)
			} else {
				entries[e.File] = e
			}
		}
		if s > 0 {
			k.appended += len(raw)
		}
		i += len(raw)
	}
	k.segments = len(segs)
	if k.segments > 0 {
		k.entries = entries
	}
	return k
}

// splitSegment cuts the segment at the start of b into its entries'
// bytes, and returns what follows it; ok is false when the segment is
// cut short, of another salt or format, or does not match its sum.
func splitSegment(b []byte, salt string) (entries [][]byte, rest []byte, ok bool) {
	if !bytes.HasPrefix(b, []byte(sourcesMagic)) {
		return nil, nil, false
	}
	r := &varbin.Reader{B: b[len(sourcesMagic):]}
	if r.Str() != salt {
		return nil, nil, false
	}
	n := r.Count(37) // an entry takes at least 37 bytes with its length
	entries = make([][]byte, n)
	for i := range entries {
		entries[i] = r.Bytes()
	}
	if r.Err != nil || len(r.B) < sha256.Size {
		return nil, nil, false
	}
	end := len(b) - len(r.B)
	if sum := sha256.Sum256(b[:end]); !bytes.Equal(sum[:], r.B[:sha256.Size]) {
		return nil, nil, false
	}
	return entries, r.B[sha256.Size:], true
}

// knownSources returns the content.Options.Known of a cached build: the
// kept source of a file whose stamp vouches for the bytes it was loaded
// from, with its body from docs. contentDir is the content folder's site
// path; stamps are this build's input stamps. Each source it returns is
// added to given. It is safe for concurrent use.
func knownSources(kept map[string]*sourceEntry, stamps map[string]inputStamp, docs *markdown.DocCache, contentDir string, given map[*content.Source]bool) func(rel string) *content.Source {
	if len(kept) == 0 {
		return nil
	}
	var mu sync.Mutex // guards given
	return func(rel string) *content.Source {
		p := path.Join(contentDir, rel)
		st, e := stamps[p], kept[p]
		if e == nil || e.Source == nil || !st.vouched || e.Sum != st.Sum {
			return nil
		}
		d := docs.Lookup(e.DocKey)
		if d == nil {
			return nil
		}
		src := e.restore()
		if src == nil {
			return nil
		}
		src.Doc = d
		mu.Lock()
		given[src] = true
		mu.Unlock()
		return src
	}
}

// restore returns a copy of the entry's source with its flags and link
// positions back, or nil when the entry is malformed.
func (e *sourceEntry) restore() *content.Source {
	src := *e.Source
	if len(e.LinkPos)%2 != 0 {
		return nil
	}
	if len(e.LinkPos) > 0 {
		src.LinkPos = make([]diag.Pos, len(e.LinkPos)/2)
		for i := range src.LinkPos {
			src.LinkPos[i] = diag.Pos{File: src.File, Line: int(e.LinkPos[2*i]), Col: int(e.LinkPos[2*i+1])}
		}
	}
	for i, f := range e.flags(&src.Meta) {
		switch e.Flags[i] {
		case 1:
			*f = new(bool)
		case 2:
			t := true
			*f = &t
		}
	}
	return &src
}

func (e *sourceEntry) flags(m *content.FrontMatter) [3]**bool {
	return [3]**bool{&m.TOC, &m.Print, &m.Search}
}

// keepSources writes the sources of site's pages for the next build:
// those given by the kept sources as they were, and those loaded anew
// when they read back exactly. stamps are the build's input stamps. It
// appends the new ones to the file as a segment when the file read
// whole and stays small enough, and else writes the file whole.
func keepSources(file, salt string, site *content.Site, stamps map[string]inputStamp, kept *keptFile, given map[*content.Source]bool) error {
	var fresh, all [][]byte
	for _, p := range site.Pages {
		src := p.Source
		st, ok := stamps[src.File]
		if src.File == "" || src.Failed || src.Doc == nil || !ok || st.Sum == "" {
			continue
		}
		key, cached := src.Doc.CacheKey()
		if !cached {
			continue
		}
		if given[src] {
			all = append(all, kept.entries[src.File].raw)
			continue
		}
		e := newSourceEntry(src, st.Sum, key)
		if e == nil {
			continue
		}
		var w varbin.Writer
		if encodeEntry(&w, e) != nil {
			continue // a value the codec has no form for: read next time
		}
		back, err := decodeEntry(w.B)
		if err != nil {
			return err
		}
		if !sameSource(src, back.restore()) {
			continue
		}
		e.raw = w.B
		fresh = append(fresh, w.B)
		all = append(all, w.B)
	}
	appendable := kept != nil && kept.entries != nil && !kept.damaged && kept.segments < maxSegments &&
		4*(kept.appended+len(fresh)) <= len(all)
	if appendable {
		if len(fresh) == 0 {
			return nil
		}
		return cachefile.Append(file, sourcesSegment(salt, fresh))
	}
	return cachefile.Write(file, sourcesSegment(salt, all))
}

// sourcesSegment frames encoded entries as a segment.
func sourcesSegment(salt string, entries [][]byte) []byte {
	size := len(sourcesMagic) + len(salt) + 2*binary.MaxVarintLen64 + sha256.Size
	for _, e := range entries {
		size += len(e) + binary.MaxVarintLen64
	}
	w := varbin.Writer{B: make([]byte, 0, size)}
	w.B = append(w.B, sourcesMagic...)
	w.Str(salt)
	w.Uint(uint64(len(entries)))
	for _, e := range entries {
		w.Bytes(e)
	}
	sum := sha256.Sum256(w.B)
	return append(w.B, sum[:]...)
}

// newSourceEntry returns the entry of src for the file whose bytes have
// SHA-256 sum and the page cache's key of its body, or nil when src has
// a link position in another file or past what an int32 holds.
func newSourceEntry(src *content.Source, sum string, key [32]byte) *sourceEntry {
	s := *src
	s.Doc, s.LinkPos = nil, nil
	e := &sourceEntry{File: src.File, Sum: sum, DocKey: key, Source: &s}
	for i, f := range e.flags(&s.Meta) {
		if *f != nil {
			e.Flags[i] = 1
			if **f {
				e.Flags[i] = 2
			}
		}
	}
	if len(src.LinkPos) > 0 {
		e.LinkPos = make([]int32, 0, 2*len(src.LinkPos))
		for _, p := range src.LinkPos {
			if p.File != src.File || p.Line > math.MaxInt32 || p.Col > math.MaxInt32 {
				return nil
			}
			e.LinkPos = append(e.LinkPos, int32(p.Line), int32(p.Col))
		}
	}
	return e
}

// sameSource reports whether two sources without Docs are equal, their
// Lines compared by file and text.
func sameSource(a, b *content.Source) bool {
	if a == nil || b == nil {
		return a == b
	}
	if (a.Lines == nil) != (b.Lines == nil) {
		return false
	}
	if a.Lines != nil && (!bytes.Equal(a.Lines.Source(), b.Lines.Source()) || a.Lines.Pos(0) != b.Lines.Pos(0)) {
		return false
	}
	x, y := *a, *b
	x.Lines, y.Lines, x.Doc, y.Doc = nil, nil, nil, nil
	if len(x.LinkPos) == 0 && len(y.LinkPos) == 0 { // none, read only by index
		x.LinkPos, y.LinkPos = nil, nil
	}
	return reflect.DeepEqual(x, y)
}
