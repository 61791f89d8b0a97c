package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"strings"
	"sync"
)

// The build cache keeps each page's search analysis (search.AnalysisCache)
// beside its record, so that a build after a one-page edit indexes that
// page alone. Keys hash everything an analysis is made from, so an entry
// is never stale; the file ends with the SHA-256 of what comes before it,
// and a file that is foreign, cut short or damaged is not used.
//
// The file is analysesMagic, the program's id as a uvarint-prefixed
// string, then for each entry its 32-byte key and its value as a
// uvarint-prefixed string, then the 32-byte sum.

const (
	analysesExt   = ".search"
	analysesMagic = "playbook search analyses 1\n"
)

func (c *buildCache) analysesPath() string {
	return strings.TrimSuffix(c.path, recordExt) + analysesExt
}

// analysisStore is the kept analyses of the last build and those this
// build uses, which the next one gets. It is safe for concurrent use.
type analysisStore struct {
	read chan struct{} // closed once prev is read
	prev map[[32]byte][]byte

	mu   sync.Mutex
	next map[[32]byte][]byte
	put  bool // an analysis was made, not found
	hits int  // analyses found
}

// openAnalyses starts reading the kept analyses in file and returns the
// store, whose Get waits for the reading; a missing or unusable file
// gives an empty store.
func openAnalyses(file string) *analysisStore {
	s := &analysisStore{next: map[[32]byte][]byte{}, read: make(chan struct{})}
	go func() {
		s.prev = readAnalyses(file)
		close(s.read)
	}()
	return s
}

func readAnalyses(file string) map[[32]byte][]byte {
	b, err := os.ReadFile(file)
	if err != nil || len(b) < len(analysesMagic)+sha256.Size || !bytes.HasPrefix(b, []byte(analysesMagic)) {
		return nil
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil
	}
	b = body[len(analysesMagic):]
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
		return nil
	}
	m := map[[32]byte][]byte{}
	for len(b) > 0 {
		if len(b) < 32 {
			return nil
		}
		key := [32]byte(b[:32])
		b = b[32:]
		v, ok := str()
		if !ok {
			return nil
		}
		m[key] = v
	}
	return m
}

// Get returns the analysis kept under key, or nil.
func (s *analysisStore) Get(key [32]byte) []byte {
	<-s.read
	v := s.prev[key]
	if v != nil {
		s.mu.Lock()
		s.next[key] = v
		s.hits++
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

// reused returns the number of analyses Get found.
func (s *analysisStore) reused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// save writes the analyses this build used to file, unless they are the
// ones it read, or the build made no search index (its files were all
// up to date) and so used none.
func (s *analysisStore) save(file string) error {
	<-s.read
	if !s.put && (len(s.next) == 0 || len(s.next) == len(s.prev)) {
		return nil
	}
	size := len(analysesMagic) + 64 + sha256.Size
	for _, v := range s.next {
		size += 32 + binary.MaxVarintLen64 + len(v)
	}
	b := make([]byte, 0, size)
	b = append(b, analysesMagic...)
	b = binary.AppendUvarint(b, uint64(len(programID())))
	b = append(b, programID()...)
	for k, v := range s.next {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	sum := sha256.Sum256(b)
	return writeAtomic(file, append(b, sum[:]...))
}
