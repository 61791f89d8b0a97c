package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
)

// DocCache keeps parsed bodies from one build to the next, so that a build
// parses only the pages whose Markdown changed. It lives in a folder of
// its own (one per output folder): pack files that hold rendered bodies and
// their prose, written as a build parses (they are the build's spill file,
// so keeping them costs a cold build nothing but an index), and an index
// naming, for each entry, its key and where its bytes are.
//
// An entry's key hashes everything the parse reads: the program, the
// pipeline's options (Options, but ThemeID, which is the same function in
// every build), the front-matter title and the body's bytes. An entry
// whose index segment does not match its SHA-256, whose metadata does not
// decode, or whose pack is gone or too short is a miss: the page is
// parsed again. Bodies read back from a pack are checked against their
// CRC-32C when a build reads them (it reads each body once, to render
// it); one that fails makes the read an error and Damaged true, and the
// caller builds again without the cache. A stale or damaged cache never
// changes the output.
type DocCache struct {
	dir  string
	salt string

	prev  map[[32]byte]*cacheEntry
	packs map[string]*Spill // open packs of prev, by file name

	mu   sync.Mutex
	next map[[32]byte]*cacheEntry
	out  *Spill // the pack this build writes
	// kept is set once a saved index needs out: Close keeps it then.
	kept bool
	// The index as read: its segments and their entries, counting those
	// that a later segment repeats or whose packs are gone, and whether
	// it read to its end (only then may Save append to it).
	segments, indexed int
	whole             bool
	// Hits and Misses count the parses served from and added to the
	// cache by this build.
	Hits, Misses int
}

// cacheEntry is one parsed body: its metadata encoded by encodeMeta, and
// its body and prose in a pack. The metadata of an entry read from the
// index is in meta; that of a body this build parsed is in the pack too,
// at metaAt, until Save copies it into the index: kept in memory, it
// would be about 17 MB at 10,000 pages, beside the Docs that hold the
// same in decoded form.
type cacheEntry struct {
	pack       string
	meta       []byte
	metaAt     blobRef
	body, text blobRef
}

// blobRef is where bytes are in a pack, with their CRC-32C.
type blobRef struct {
	off int64
	n   int
	sum uint32
}

// within reports whether the blob lies in a pack of size bytes.
func (b blobRef) within(size int64) bool {
	return b.off >= 0 && b.n >= 0 && b.off <= size && int64(b.n) <= size-b.off
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const (
	indexName  = "index"
	indexMagic = "playbook-docs 1\n"
	packPrefix = "pack-"
	// maxPacks bounds the packs a cache keeps: each build that parsed
	// something adds one, and when there are more, the live entries of
	// the smaller ones are copied into the new one.
	maxPacks = 6
)

// OpenDocCache opens the cache in dir (created if missing) for builds
// whose program and pipeline give salt (any string that changes with
// them), reading the old index with read (cachefile.Read when nil;
// cachefile.Map keeps the entries' metadata in a mapping). Every problem
// reading the old index gives an empty cache; only a folder or pack that
// cannot be created is an error.
func OpenDocCache(dir, salt string, read func(name string) ([]byte, error)) (*DocCache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	c := &DocCache{dir: dir, salt: salt, prev: map[[32]byte]*cacheEntry{}, packs: map[string]*Spill{},
		next: map[[32]byte]*cacheEntry{}}
	if read == nil {
		read = cachefile.Read
	}
	c.readIndex(read)
	f, err := os.CreateTemp(dir, packPrefix+"*")
	if err != nil {
		c.Close()
		return nil, err
	}
	c.out = &Spill{f: f}
	return c, nil
}

// readIndex loads the previous index, keeping the entries whose packs
// open and hold their bytes intact. The index is a series of segments,
// each indexMagic (as a byte string), the salt, a count, that many
// entries (key, pack, metadata, body and prose references) and the
// SHA-256 of the segment's bytes before it; a build that parsed a few
// pages appends a segment of their entries (see Save), and a later entry
// of a key stands for an earlier one. A segment that does not read or
// match its sum stops the reading: the entries before it serve, and Save
// writes the index whole.
func (c *DocCache) readIndex(read func(name string) ([]byte, error)) {
	b, err := read(filepath.Join(c.dir, indexName))
	if err != nil {
		return
	}
	type keyed struct {
		key [32]byte
		e   *cacheEntry
	}
	var seg []keyed
	r := &reader{varbin.Reader{B: b, Shared: true}}
	for len(r.B) > 0 {
		start := len(b) - len(r.B)
		if string(r.Bytes()) != indexMagic || r.Str() != c.salt || r.Err != nil {
			return
		}
		n := r.Count(40)
		seg = seg[:0]
		for range n {
			var k keyed
			if key := r.Bytes(); len(key) == len(k.key) {
				copy(k.key[:], key)
			} else {
				r.Fail()
			}
			k.e = &cacheEntry{pack: r.Str(), meta: r.Bytes(), body: r.ref(), text: r.ref()}
			if r.Err != nil || strings.ContainsAny(k.e.pack, `/\`) || !strings.HasPrefix(k.e.pack, packPrefix) {
				return
			}
			seg = append(seg, k)
		}
		end := len(b) - len(r.B)
		if len(r.B) < sha256.Size {
			return
		}
		if sum := sha256.Sum256(b[start:end]); !bytes.Equal(sum[:], r.B[:sha256.Size]) {
			return
		}
		r.B = r.B[sha256.Size:]
		for _, k := range seg {
			if c.packOf(k.e) != nil {
				c.prev[k.key] = k.e
			} else {
				delete(c.prev, k.key)
			}
		}
		c.segments++
		c.indexed += n
	}
	c.whole = true
}

// packOf returns the open pack of e when it holds e's bytes, else nil.
func (c *DocCache) packOf(e *cacheEntry) *Spill {
	s, ok := c.packs[e.pack]
	if !ok {
		f, err := cachefile.Open(filepath.Join(c.dir, e.pack))
		if err == nil {
			if info, err := f.Stat(); err == nil {
				s = &Spill{f: f, check: true}
				s.end.Store(info.Size())
			} else {
				_ = f.Close()
			}
		}
		c.packs[e.pack] = s // nil: missing
	}
	if s == nil || !e.body.within(s.end.Load()) || !e.text.within(s.end.Load()) {
		return nil
	}
	return s
}

// Spill is the pack this build writes: bodies parsed without the cache
// (ParseTo with it) are kept there too, and go when the cache is saved.
func (c *DocCache) Spill() *Spill { return c.out }

// Parse returns the Doc of src parsed by m with opts, from the cache when
// an intact entry has its key, else parsed with the body kept in the
// cache's pack. Errors are ParseTo's (a *LimitError is not cached).
func (c *DocCache) Parse(m *Markdown, src []byte, title string) (*Doc, error) {
	key := c.key(m, src, title)
	c.mu.Lock()
	e, ok := c.next[key]
	if !ok {
		e = c.prev[key]
	}
	c.mu.Unlock()
	if e != nil {
		if d := c.load(e); d != nil {
			c.mu.Lock()
			c.next[key] = e
			c.Hits++
			c.mu.Unlock()
			d.cacheKey, d.cached = key, true
			return d, nil
		}
	}
	d, err := m.ParseTo(src, c.out, WithTitle(title))
	if err != nil {
		return d, err
	}
	d.cacheKey, d.cached = key, true
	e = &cacheEntry{pack: filepath.Base(c.out.f.Name())}
	if e.body, e.text, err = c.sums(d); err != nil {
		return d, err
	}
	w := metaBufs.Get().(*writer)
	w.B = appendMeta(w.B[:0], d)
	e.metaAt, err = c.out.put(w.B)
	metaBufs.Put(w)
	if err != nil {
		return d, err
	}
	c.mu.Lock()
	c.next[key] = e
	c.Misses++
	c.mu.Unlock()
	return d, nil
}

// Lookup returns the Doc of the entry with key (a Doc's CacheKey, from
// an earlier build), or nil when the cache has no intact entry for it.
func (c *DocCache) Lookup(key [32]byte) *Doc {
	c.mu.Lock()
	e, ok := c.next[key]
	if !ok {
		e = c.prev[key]
	}
	c.mu.Unlock()
	if e == nil {
		return nil
	}
	d := c.load(e)
	if d == nil {
		return nil
	}
	c.mu.Lock()
	c.next[key] = e
	c.Hits++
	c.mu.Unlock()
	d.cacheKey, d.cached = key, true
	return d
}

// CacheKey returns the key under which a DocCache keeps d, and whether
// it keeps it (d was parsed or read back through a DocCache).
func (d *Doc) CacheKey() ([32]byte, bool) { return d.cacheKey, d.cached }

func (c *DocCache) key(m *Markdown, src []byte, title string) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%s\x00", c.salt, m.key, len(title), title)
	h.Write(src)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// load decodes e and checks its bytes; nil when anything is wrong.
func (c *DocCache) load(e *cacheEntry) *Doc {
	c.mu.Lock()
	s := c.packOf(e)
	c.mu.Unlock()
	if s == nil {
		return nil
	}
	meta, err := c.metaOf(e)
	if err != nil {
		return nil
	}
	d, err := decodeMeta(meta)
	if err != nil {
		return nil
	}
	d.body = blob{off: e.body.off, n: e.body.n, sum: e.body.sum}
	d.text = blob{off: e.text.off, n: e.text.n, sum: e.text.sum}
	d.spill = s
	return d
}

// metaOf returns the encoded metadata of e: in memory when it came from
// the index, else read back from this build's pack and checked.
func (c *DocCache) metaOf(e *cacheEntry) ([]byte, error) {
	if e.meta != nil || e.metaAt.n == 0 {
		return e.meta, nil
	}
	b := make([]byte, e.metaAt.n)
	return b, c.readMeta(e, b)
}

// readMeta reads the metadata of e from this build's pack into b, of its
// size, and checks it.
func (c *DocCache) readMeta(e *cacheEntry, b []byte) error {
	if _, err := c.out.f.ReadAt(b, e.metaAt.off); err != nil {
		return err
	}
	if crc32.Checksum(b, castagnoli) != e.metaAt.sum {
		return errDamaged
	}
	return nil
}

// Damaged reports whether a body read from the cache failed its check:
// the build that read it must not be committed, and the index is dropped
// so that the next build parses afresh.
func (c *DocCache) Damaged() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.packs {
		if s != nil && s.damaged.Load() {
			return true
		}
	}
	return false
}

// sums returns the references of d's spilled body and prose with their
// checksums.
func (c *DocCache) sums(d *Doc) (body, text blobRef, err error) {
	if d.spill != c.out {
		return body, text, errors.New("build cache: body not in the cache's pack")
	}
	return blobRef{off: d.body.off, n: d.body.n, sum: d.body.sum}, blobRef{off: d.text.off, n: d.text.n, sum: d.text.sum}, nil
}

// Save records the entries this build used: it appends those it parsed
// to the index or writes the index whole (see below), copies the live
// entries of small packs into this build's pack when there are too many,
// and deletes the packs no entry needs. An appended index still holds the
// entries of earlier builds that this one did not use, up to a quarter
// of the live ones. The Docs of this build stay readable until Close.
func (c *DocCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	newPack := filepath.Base(c.out.f.Name())
	live := map[string]int64{}
	for _, e := range c.next {
		live[e.pack] += liveBytes(e)
	}
	moved, err := c.compact(newPack, live)
	if err != nil {
		return err
	}
	// No fsync: after a crash, bytes the index names but the disk lost
	// fail their CRC-32C when read, and the build parses again.
	//
	// The entries parsed by this build are appended to the index as it
	// was read, when it read whole, no entry moved, and the entries of
	// the file that no build needs any more (pages gone, edited) stay
	// under a quarter of the live ones; otherwise it is written whole.
	var fresh [][32]byte
	for k, e := range c.next {
		if c.prev[k] != e {
			fresh = append(fresh, k)
		}
	}
	appendable := c.whole && c.segments > 0 && !moved && c.segments < maxSegments &&
		4*(c.indexed+len(fresh)-len(c.next)) <= len(c.next)
	if appendable && len(fresh) == 0 {
		// The index already says it all.
	} else if appendable {
		seg, err := c.segment(fresh)
		if err != nil {
			return err
		}
		if err := cachefile.Append(filepath.Join(c.dir, indexName), seg); err != nil {
			return err
		}
	} else {
		keys := make([][32]byte, 0, len(c.next))
		for k := range c.next {
			keys = append(keys, k)
		}
		seg, err := c.segment(keys)
		if err != nil {
			return err
		}
		if err := cachefile.Write(filepath.Join(c.dir, indexName), seg); err != nil {
			return err
		}
	}
	c.kept = live[newPack] > 0
	c.removeUnused(live, newPack)
	return nil
}

// liveBytes is what e keeps alive in its pack: its bytes, and one more,
// so that a pack holding only empty bodies (pages of front matter alone)
// still counts as needed.
func liveBytes(e *cacheEntry) int64 { return int64(e.body.n+e.text.n) + 1 }

// maxSegments bounds the segments of the index: past it, Save writes
// the index whole.
const maxSegments = 32

// segment encodes the entries of c.next under keys as an index segment,
// in the keys' order (sorted: the same entries, the same bytes).
func (c *DocCache) segment(keys [][32]byte) ([]byte, error) {
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i][:], keys[j][:]) < 0 })
	size := len(indexMagic) + len(c.salt) + 20 + sha256.Size
	for _, k := range keys {
		e := c.next[k]
		size += 32 + len(e.pack) + len(e.meta) + e.metaAt.n + 2*30 + 3*binary.MaxVarintLen64
	}
	w := writer{varbin.Writer{B: make([]byte, 0, size)}}
	w.Bytes([]byte(indexMagic))
	w.Str(c.salt)
	w.Uint(uint64(len(keys)))
	for _, k := range keys {
		e := c.next[k]
		w.Bytes(k[:])
		w.Str(e.pack)
		if e.meta == nil && e.metaAt.n > 0 { // read back into place
			w.Uint(uint64(e.metaAt.n))
			n := len(w.B)
			w.B = slices.Grow(w.B, e.metaAt.n)[:n+e.metaAt.n]
			if err := c.readMeta(e, w.B[n:]); err != nil {
				return nil, fmt.Errorf("build cache: read back parsed metadata: %w", err)
			}
		} else {
			w.Bytes(e.meta)
		}
		w.ref(e.body)
		w.ref(e.text)
	}
	sum := sha256.Sum256(w.B)
	return append(w.B, sum[:]...), nil
}

// compact copies the entries of all packs but the largest into the new
// pack when there are more than maxPacks, or when a pack is mostly dead,
// and reports whether it moved any.
func (c *DocCache) compact(newPack string, live map[string]int64) (bool, error) {
	var old []string
	for p := range live {
		if p != newPack {
			old = append(old, p)
		}
	}
	sort.Slice(old, func(i, j int) bool { return live[old[i]] > live[old[j]] })
	move := map[string]bool{}
	for i, p := range old {
		s := c.packs[p]
		if i >= maxPacks-1 || s != nil && live[p] < s.end.Load()/2 {
			move[p] = true
		}
	}
	if len(move) == 0 {
		return false, nil
	}
	for _, e := range c.next {
		if !move[e.pack] {
			continue
		}
		s := c.packs[e.pack]
		for _, b := range []*blobRef{&e.body, &e.text} {
			buf := make([]byte, b.n)
			if _, err := s.f.ReadAt(buf, b.off); err != nil {
				return true, fmt.Errorf("build cache: %w", err)
			}
			off := c.out.end.Add(int64(b.n)) - int64(b.n)
			if _, err := c.out.f.WriteAt(buf, off); err != nil {
				return true, fmt.Errorf("build cache: %w", err)
			}
			b.off = off
		}
		live[e.pack] -= liveBytes(e)
		live[newPack] += liveBytes(e)
		e.pack = newPack
	}
	return true, nil
}

// removeUnused deletes the packs (and leftovers of dead builds) that no
// entry of the saved index needs. Open packs stay readable until Close.
func (c *DocCache) removeUnused(live map[string]int64, newPack string) {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		if name == indexName || name == newPack || live[name] > 0 {
			continue
		}
		_ = os.Remove(filepath.Join(c.dir, name))
	}
}

// Drop deletes the index, so that the next build starts afresh.
func (c *DocCache) Drop() { _ = os.Remove(filepath.Join(c.dir, indexName)) }

// Close closes the packs. The Docs the cache gave become unreadable. A
// pack of a build that was not saved is deleted.
func (c *DocCache) Close() {
	for _, s := range c.packs {
		if s != nil {
			_ = s.f.Close()
		}
	}
	if c.out != nil {
		_ = c.out.f.Close()
		if !c.kept {
			_ = os.Remove(c.out.f.Name())
		}
	}
}

// metaBufs are appendMeta's buffers, which DocCache.Parse writes to its
// pack at once.
var metaBufs = sync.Pool{New: func() any { return new(writer) }}

// encodeMeta encodes what a Doc holds besides its body and prose.
func encodeMeta(d *Doc) []byte { return appendMeta(nil, d) }

// appendMeta appends encodeMeta's bytes of d to b.
func appendMeta(b []byte, d *Doc) []byte {
	w := &writer{varbin.Writer{B: b}}
	w.Uint(uint64(len(d.Headings)))
	for _, h := range d.Headings {
		w.Int(h.Level)
		w.Str(h.Text)
		w.Str(h.ID)
		w.Int(h.offset)
	}
	w.Uint(uint64(len(d.Links)))
	for _, l := range d.Links {
		w.Str(l.Dest)
		w.Str(l.Path)
		w.Str(l.Query)
		w.Str(l.Fragment)
		w.Bool(l.Image)
		w.Int(l.Offset)
	}
	w.Uint(uint64(len(d.Tasks)))
	for _, t := range d.Tasks {
		w.Str(t.ID)
		w.Str(t.label)
		w.Bool(t.checked)
		w.Int(t.parentTask)
	}
	w.Str(d.Title)
	w.Bool(d.Mermaid)
	w.Str(d.TitleID)
	w.Strs(d.HTMLAnchors)
	w.Int(d.Words)
	w.Int(d.SourceLen)
	w.Uint(uint64(len(d.Warnings)))
	for _, x := range d.Warnings {
		w.Int(x.Offset)
		w.Str(x.Message)
	}
	w.Strs(d.attrIDs)
	w.Strs(d.noteIDs)
	w.Bytes(d.titleHTML)
	return w.B
}

// decodeMeta is the inverse of encodeMeta.
func decodeMeta(b []byte) (*Doc, error) {
	r := &reader{varbin.Reader{B: b, Shared: true}}
	d := &Doc{}
	if n := r.Count(1); n > 0 {
		d.Headings = make([]Heading, n)
		for i := range d.Headings {
			d.Headings[i] = Heading{Level: r.Int(), Text: r.Str(), ID: r.Str(), offset: r.Int()}
		}
	}
	if n := r.Count(1); n > 0 {
		d.Links = make([]*LocalLink, n)
		for i := range d.Links {
			d.Links[i] = &LocalLink{Dest: r.Str(), Path: r.Str(), Query: r.Str(), Fragment: r.Str(), Image: r.Bool(), Offset: r.Int()}
		}
	}
	if n := r.Count(1); n > 0 {
		d.Tasks = make([]*Task, n)
		for i := range d.Tasks {
			d.Tasks[i] = &Task{ID: r.Str(), label: r.Str(), checked: r.Bool(), parentTask: r.Int()}
			if p := d.Tasks[i].parentTask; p < -1 || p >= i {
				r.Fail() // an enclosing task comes before the tasks it holds
			}
		}
	}
	d.Title = r.Str()
	d.Mermaid = r.Bool()
	d.TitleID = r.Str()
	d.HTMLAnchors = r.Strs()
	d.Words = r.Int()
	d.SourceLen = r.Int()
	if n := r.Count(1); n > 0 {
		d.Warnings = make([]Warning, n)
		for i := range d.Warnings {
			d.Warnings[i] = Warning{Offset: r.Int(), Message: r.Str()}
		}
	}
	d.attrIDs = r.Strs()
	d.noteIDs = r.Strs()
	if t := r.Bytes(); len(t) > 0 {
		d.titleHTML = bytes.Clone(t)
	}
	if r.Err == nil && len(r.B) != 0 {
		r.Err = errors.New("trailing bytes")
	}
	return d, r.Err
}

// writer and reader frame the cache's values (see varbin), with the
// blob references of its index.
type writer struct{ varbin.Writer }

func (w *writer) ref(v blobRef) { w.Int64(v.off); w.Int(v.n); w.Uint(uint64(v.sum)) }

type reader struct{ varbin.Reader }

func (r *reader) ref() blobRef {
	return blobRef{off: r.Int64(), n: r.Int(), sum: uint32(r.Uint())}
}
