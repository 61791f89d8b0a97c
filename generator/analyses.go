package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
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
	next map[[32]byte][]byte
	put  bool // an analysis was made, not found
	hits int  // analyses found

	// The state of the search index's t-files (see searchshards.go):
	// the last build's, read with the analyses, with its salt, and this
	// build's, with the salt set before the render.
	prevShards, nextShards *search.ShardState
	prevSalt, salt         string
}

// openAnalyses starts reading the kept analyses in file and returns the
// store, whose Get waits for the reading; a missing or unusable file
// gives an empty store.
func openAnalyses(file, shards string) *analysisStore {
	s := &analysisStore{next: map[[32]byte][]byte{}, read: make(chan struct{})}
	go func() {
		s.readFile(file)
		if s.prev != nil {
			s.prevSalt, s.prevShards = readShards(shards)
		}
		close(s.read)
	}()
	return s
}

// readFile reads the segments of file into s.prev, up to the first that
// is not whole and of this program.
func (s *analysisStore) readFile(file string) {
	b, err := cachefile.Read(file)
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
			s.next = make(map[[32]byte][]byte, len(m))
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
		s := b[k : k+int(n)]
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
		s.next[key] = v
		s.mu.Unlock()
	}
	return v
}

// Put keeps an analysis this build made.
func (s *analysisStore) Put(key [32]byte, v []byte) {
	s.mu.Lock()
	s.next[key] = v
	s.put = true
	s.mu.Unlock()
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
		if old, ok := s.prev[k]; !ok || !bytes.Equal(old, v) {
			made = append(made, k)
		}
	}
	// Those of prev this build did not use, and entries kept twice.
	unused := s.entries + len(made) - len(s.next)
	if s.segments > 0 && !s.damaged && s.segments < maxAnalysisSegments && 5*unused <= len(s.next) {
		if len(made) == 0 {
			return nil
		}
		if err := cachefile.Append(file, s.segment(made)); !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// The file went since it was read: written whole below.
	}
	all := make([][32]byte, 0, len(s.next))
	for k := range s.next {
		all = append(all, k)
	}
	return cachefile.Write(file, append([]byte(analysesMagic), s.segment(all)...))
}

// segment encodes the entries of keys as a segment.
func (s *analysisStore) segment(keys [][32]byte) []byte {
	size := 64 + sha256.Size
	for _, k := range keys {
		size += 32 + binary.MaxVarintLen64 + len(s.next[k])
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(len(programID())))
	b = append(b, programID()...)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		v := s.next[k]
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}
