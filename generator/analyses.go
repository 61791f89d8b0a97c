package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/search"
)

// The build cache keeps each page's search analysis (search.AnalysisCache)
// beside its record, so that a build after a one-page edit indexes that
// page alone. Keys hash everything an analysis is made from, so an entry
// is never stale.
//
// The file is analysesMagic, then segments: the first holds the analyses
// of a whole build, each later one those a build made anew (an edit
// build appends one rather than writing 20 MB again at 10,000 pages). A
// segment is the program's id as a uvarint-prefixed string, the number of
// entries as a uvarint, each entry's 32-byte key and its value as a
// uvarint-prefixed string, then the SHA-256 of the segment's bytes before
// it. A segment that is foreign, cut short or damaged is not used, nor
// any after it.

const (
	analysesExt   = ".search"
	analysesMagic = "playbook search analyses 2\n"
	// The file is written whole again once it has this many segments,
	// or once it holds more than a fifth as many unused entries as
	// used ones.
	maxAnalysisSegments = 16
	// madePrefix names the temporary file of the analyses a build made.
	madePrefix = ".search-made-"
)

func (c *buildCache) analysesPath() string {
	return strings.TrimSuffix(c.path, recordExt) + analysesExt
}

// analysisStore is the kept analyses of the last build and those this
// build uses, which the next one gets. It is safe for concurrent use.
type analysisStore struct {
	read     chan struct{} // closed once prev is read
	prev     map[[32]byte][]byte
	entries  int  // in the file, counting those kept twice
	segments int  // whole segments in the file
	damaged  bool // the file has bytes after its last whole segment

	mu   sync.Mutex
	next map[[32]byte]analysis
	put  bool // an analysis was made, not found
	hits int  // analyses found
	// made holds the analyses this build made until save writes them
	// (about 23 MB at 10,000 pages, made at the end of the render,
	// where the build's memory peaks): a temporary file of the cache
	// folder, unlinked at once where the system allows. It is nil
	// until the first Put, and when it cannot be created the analyses
	// stay in memory.
	made       *os.File
	madeEnd    int64
	removeMade bool   // made is still named in the folder
	dir        string // of the file

	// The state of the search index's t-files (see searchshards.go):
	// the last build's, read with the analyses, with its salt, and this
	// build's, with the salt set before the render.
	prevShards, nextShards *search.ShardState
	prevSalt, salt         string
}

// analysis is a kept analysis: its bytes, or where they are in the
// store's made file.
type analysis struct {
	b      []byte
	off    int64
	n      int
	inMade bool
}

// openAnalyses starts reading the kept analyses in file and returns the
// store, whose Get waits for the reading; a missing or unusable file
// gives an empty store.
func openAnalyses(read readFunc, file, shards string) *analysisStore {
	s := &analysisStore{next: map[[32]byte]analysis{}, read: make(chan struct{}), dir: filepath.Dir(file)}
	go func() {
		s.readFile(read, file)
		if s.prev != nil {
			s.prevSalt, s.prevShards = readShards(read, shards)
		}
		close(s.read)
	}()
	return s
}

// readFile reads the segments of file into s.prev, up to the first that
// is not whole and of this program.
func (s *analysisStore) readFile(read readFunc, file string) {
	b, err := read(file)
	if err != nil || !bytes.HasPrefix(b, []byte(analysesMagic)) {
		return
	}
	b = b[len(analysesMagic):]
	m := map[[32]byte][]byte{}
	for len(b) > 0 {
		n, rest, ok := readAnalysisSegment(b, m)
		if !ok {
			s.damaged = true
			break
		}
		s.entries += n
		s.segments++
		b = rest
	}
	if s.segments > 0 {
		s.prev = m
		s.mu.Lock()
		if len(s.next) == 0 { // the build uses about as many
			s.next = make(map[[32]byte]analysis, len(m))
		}
		s.mu.Unlock()
	}
}

// readAnalysisSegment reads the segment at the start of b into m and
// returns its number of entries and the bytes after it; ok is false, and
// m unchanged, when the segment is not whole and of this program.
func readAnalysisSegment(b []byte, m map[[32]byte][]byte) (n int, rest []byte, ok bool) {
	seg := b
	str := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		s := b[k : k+int(n) : k+int(n)] // an append must not write into the file (it may be mapped)
		b = b[k+int(n):]
		return s, true
	}
	if prog, ok := str(); !ok || string(prog) != programID() {
		return 0, nil, false
	}
	count, k := binary.Uvarint(b)
	if k <= 0 || count > uint64(len(b)-k)/33 { // an entry is 33 bytes or more
		return 0, nil, false
	}
	b = b[k:]
	type entry struct {
		key [32]byte
		v   []byte
	}
	got := make([]entry, 0, count)
	for range count {
		if len(b) < 32 {
			return 0, nil, false
		}
		key := [32]byte(b[:32])
		b = b[32:]
		v, ok := str()
		if !ok {
			return 0, nil, false
		}
		got = append(got, entry{key, v})
	}
	if len(b) < sha256.Size {
		return 0, nil, false
	}
	end := len(seg) - len(b)
	if sum := sha256.Sum256(seg[:end]); !bytes.Equal(sum[:], b[:sha256.Size]) {
		return 0, nil, false
	}
	for _, e := range got {
		m[e.key] = e.v
	}
	return len(got), b[sha256.Size:], true
}

// Get returns the analysis kept under key, or nil.
func (s *analysisStore) Get(key [32]byte) []byte {
	<-s.read
	v := s.prev[key]
	if v != nil {
		s.mu.Lock()
		if _, again := s.next[key]; !again { // a page counts once, however many indexes read it
			s.hits++
		}
		s.next[key] = analysis{b: v}
		s.mu.Unlock()
	}
	return v
}

// Put keeps an analysis this build made.
func (s *analysisStore) Put(key [32]byte, v []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put = true
	if s.made == nil && s.dir != "" {
		// Those of killed builds on a system that keeps an open file's
		// name (Windows): one a running build holds open refuses to go.
		if old, err := filepath.Glob(filepath.Join(s.dir, madePrefix+"*")); err == nil {
			for _, o := range old {
				_ = os.Remove(o)
			}
		}
		if f, err := os.CreateTemp(s.dir, madePrefix+"*"); err == nil {
			s.made = f
			if os.Remove(f.Name()) != nil {
				s.removeMade = true
			}
		}
		s.dir = "" // one try
	}
	if s.made != nil {
		if _, err := s.made.WriteAt(v, s.madeEnd); err == nil {
			s.next[key] = analysis{off: s.madeEnd, n: len(v), inMade: true}
			s.madeEnd += int64(len(v))
			return
		}
	}
	s.next[key] = analysis{b: v}
}

// bytesOf returns the bytes of a.
func (s *analysisStore) bytesOf(a analysis) ([]byte, error) {
	if !a.inMade {
		return a.b, nil
	}
	b := make([]byte, a.n)
	if _, err := s.made.ReadAt(b, a.off); err != nil {
		return nil, fmt.Errorf("read back search analyses: %w", err)
	}
	return b, nil
}

// close removes the file of made analyses.
func (s *analysisStore) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.made != nil {
		_ = s.made.Close()
		if s.removeMade {
			_ = os.Remove(s.made.Name())
		}
		s.made = nil
	}
}

// The store keeps the state of the search index's term files too.
var _ search.ShardStates = (*analysisStore)(nil)

// Peek implements search.ShardStates.
func (s *analysisStore) Peek(key [32]byte) []byte {
	<-s.read
	return s.prev[key]
}

// PreviousShards implements search.ShardStates: the last build's state
// when it had the same salt.
func (s *analysisStore) PreviousShards() *search.ShardState {
	<-s.read
	if s.prevSalt != s.salt {
		return nil
	}
	return s.prevShards
}

// KeepShards implements search.ShardStates.
func (s *analysisStore) KeepShards(st *search.ShardState) {
	s.mu.Lock()
	s.nextShards = st
	s.mu.Unlock()
}

// saveShards keeps the state of this build's t-files in file, when it
// has one that is not the last build's.
func (s *analysisStore) saveShards(file string) error {
	<-s.read
	next, prev := s.nextShards, s.prevShards
	if next == nil || prev != nil && s.prevSalt == s.salt && next.Shards == prev.Shards && next.Order == prev.Order &&
		slices.Equal(next.Docs, prev.Docs) && slices.Equal(next.Keys, prev.Keys) {
		return nil
	}
	return writeShards(file, s.salt, next)
}

// reused returns the number of analyses Get found.
func (s *analysisStore) reused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// save keeps the analyses this build used in file for the next build:
// it appends a segment of those it made to a file that holds the others
// and not too many unused ones, and otherwise writes the file whole.
// Nothing is written when the build made none and used all the file
// holds, or made no search index (its files were all up to date) and so
// used none.
func (s *analysisStore) save(file string) error {
	<-s.read
	if len(s.next) == 0 || !s.put && len(s.next) == len(s.prev) {
		return nil
	}
	// Those not in the file, or in it with other bytes (a kept analysis
	// that did not decode, made again).
	var made [][32]byte
	for k, v := range s.next {
		old, ok := s.prev[k]
		if ok {
			b, err := s.bytesOf(v)
			if err != nil {
				return err
			}
			ok = bytes.Equal(old, b)
		}
		if !ok {
			made = append(made, k)
		}
	}
	// Those of prev this build did not use, and entries kept twice.
	unused := s.entries + len(made) - len(s.next)
	if s.segments > 0 && !s.damaged && s.segments < maxAnalysisSegments && 5*unused <= len(s.next) {
		if len(made) == 0 {
			return nil
		}
		seg, err := s.segment(nil, made)
		if err != nil {
			return err
		}
		if err := cachefile.Append(file, seg); !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// The file went since it was read: written whole below.
	}
	all := make([][32]byte, 0, len(s.next))
	for k := range s.next {
		all = append(all, k)
	}
	b, err := s.segment([]byte(analysesMagic), all)
	if err != nil {
		return err
	}
	return cachefile.Write(file, b)
}

// segment appends the segment of the entries of keys to prefix.
func (s *analysisStore) segment(prefix []byte, keys [][32]byte) ([]byte, error) {
	size := len(prefix) + 64 + sha256.Size
	for _, k := range keys {
		v := s.next[k]
		size += 32 + binary.MaxVarintLen64 + len(v.b) + v.n
	}
	b := append(make([]byte, 0, size), prefix...)
	start := len(b)
	b = binary.AppendUvarint(b, uint64(len(programID())))
	b = append(b, programID()...)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		v := s.next[k]
		b = append(b, k[:]...)
		if v.inMade {
			b = binary.AppendUvarint(b, uint64(v.n))
			n := len(b)
			b = b[:n+v.n]
			if _, err := s.made.ReadAt(b[n:], v.off); err != nil {
				return nil, fmt.Errorf("read back search analyses: %w", err)
			}
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(v.b)))
		b = append(b, v.b...)
	}
	sum := sha256.Sum256(b[start:])
	return append(b, sum[:]...), nil
}
