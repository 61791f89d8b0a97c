package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
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

func init() {
	// The values front matter's free-form params can hold.
	gob.Register([]any{})
	gob.Register(map[string]any{})
	gob.Register(time.Time{})
	gob.Register([]map[string]any{}) // a TOML array of tables
}

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
	// front matter's optional booleans (toc, print, search), which gob
	// cannot tell apart from unset when false.
	Source *content.Source
	Flags  [3]int8
	// LinkPos are the source's link positions as line and column: the
	// file of each is the source's (gob would write it for each link).
	LinkPos []int32
}

// The file of kept sources is a series of segments, each one gob stream:
// a sourcesHead, then sourcesMsgs, each an entry, the last one End with
// the count of entries before it. A later entry of a File replaces an
// earlier one. A build that changed a few sources appends a segment with
// their entries rather than writing the file again; one that changed
// many, or finds the file damaged, writes it whole (compacts it). A
// segment without its End was cut short: it and what follows are not
// used, and the next build compacts.
type sourcesHead struct{ Salt string }

type sourcesMsg struct {
	Entry   *sourceEntry
	End     bool
	Entries int
	// Sum, in the End message, is the SHA-256 of the segment's bytes
	// before the message: a segment changed in place is not used.
	Sum []byte
}

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
// there are none, or the file is foreign or its first segment does not
// decode.
func keptSources(file, salt string) *keptFile {
	k := &keptFile{}
	b, err := os.ReadFile(file)
	if err != nil {
		return k
	}
	r := bytes.NewReader(b)
	entries := map[string]*sourceEntry{}
	for r.Len() > 0 {
		if !readSegment(r, salt, entries, k) {
			k.damaged = true
			break
		}
		k.segments++
	}
	if k.segments > 0 {
		k.entries = entries
	}
	return k
}

// readSegment reads one segment from r into entries, counting the
// entries of segments after the first in k, and reports whether the
// segment was whole and of salt. (r is an io.ByteReader, so that gob
// reads no further than the segment.)
func readSegment(r *bytes.Reader, salt string, entries map[string]*sourceEntry, k *keptFile) bool {
	seek := func() int64 { p, _ := r.Seek(0, io.SeekCurrent); return p }
	start := seek()
	dec := gob.NewDecoder(r)
	var head sourcesHead
	if dec.Decode(&head) != nil || head.Salt != salt {
		return false
	}
	seg := map[string]*sourceEntry{}
	var drop []string
	for n := 0; ; n++ {
		var m sourcesMsg
		at := seek()
		switch {
		case dec.Decode(&m) != nil:
			return false
		case m.End:
			if m.Entries != n || !segmentSumIs(r, start, at, m.Sum) {
				return false
			}
			for _, f := range drop {
				delete(entries, f)
			}
			for f, e := range seg {
				entries[f] = e
			}
			if k.segments > 0 {
				k.appended += n
			}
			return true
		case m.Entry == nil:
			return false
		case m.Entry.Source == nil:
			delete(seg, m.Entry.File)
			drop = append(drop, m.Entry.File)
		default:
			seg[m.Entry.File] = m.Entry
		}
	}
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
//
// New entries are checked through a stream of their own, each read back
// as soon as it is written (one encoder and one decoder, so that gob's
// type descriptions go once and the decoder sees every one of them).
func keepSources(file, salt string, site *content.Site, stamps map[string]inputStamp, kept *keptFile, given map[*content.Source]bool) error {
	var fresh, all []*sourceEntry
	var check bytes.Buffer
	checkEnc, checkDec := gob.NewEncoder(&check), gob.NewDecoder(&tailReader{b: &check})
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
			all = append(all, kept.entries[src.File])
			continue
		}
		e := newSourceEntry(src, st.Sum, key)
		if e == nil {
			continue
		}
		var back sourceEntry
		if err := checkEnc.Encode(e); err != nil {
			// A value gob cannot encode: the page is read next time.
			// The failed encoding may have left type descriptions half
			// sent, so the check starts again.
			check.Reset()
			checkEnc, checkDec = gob.NewEncoder(&check), gob.NewDecoder(&tailReader{b: &check})
			continue
		}
		if err := checkDec.Decode(&back); err != nil {
			return err
		}
		if !sameSource(src, back.restore()) {
			continue
		}
		fresh = append(fresh, e)
		all = append(all, e)
	}
	appendable := kept != nil && kept.entries != nil && !kept.damaged && kept.segments < maxSegments &&
		4*(kept.appended+len(fresh)) <= len(all)
	if appendable {
		if len(fresh) == 0 {
			return nil
		}
		seg, err := sourcesSegment(salt, fresh)
		if err != nil {
			return err
		}
		return appendFile(file, seg)
	}
	seg, err := sourcesSegment(salt, all)
	if err != nil {
		return err
	}
	return writeAtomic(file, seg)
}

// sourcesSegment encodes a segment holding entries.
func sourcesSegment(salt string, entries []*sourceEntry) ([]byte, error) {
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	if err := enc.Encode(sourcesHead{Salt: salt}); err != nil {
		return nil, err
	}
	for _, e := range entries {
		if err := enc.Encode(sourcesMsg{Entry: e}); err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256(out.Bytes())
	if err := enc.Encode(sourcesMsg{End: true, Entries: len(entries), Sum: sum[:]}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// segmentSumIs reports whether the bytes of r from start to end have the
// SHA-256 sum.
func segmentSumIs(r *bytes.Reader, start, end int64, sum []byte) bool {
	if len(sum) != sha256.Size || start < 0 || end < start {
		return false
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, start, end-start)); err != nil {
		return false
	}
	return bytes.Equal(h.Sum(nil), sum)
}

// appendFile appends b to file in one write. A write cut short leaves a
// segment without its End, which the next read notices.
func appendFile(file string, b []byte) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// tailReader reads what was written to b after what it read: the
// decoder of keepSources reads each entry back right after it is
// encoded.
type tailReader struct {
	b   *bytes.Buffer
	off int
}

func (r *tailReader) Read(p []byte) (int, error) {
	rest := r.b.Bytes()[r.off:]
	if len(rest) == 0 {
		return 0, io.EOF
	}
	n := copy(p, rest)
	r.off += n
	return n, nil
}

// ReadByte implements io.ByteReader, so that gob reads no further ahead
// than each message.
func (r *tailReader) ReadByte() (byte, error) {
	rest := r.b.Bytes()[r.off:]
	if len(rest) == 0 {
		return 0, io.EOF
	}
	r.off++
	return rest[0], nil
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

// writeAtomic writes b to file through a temporary file of its own.
func writeAtomic(file string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
