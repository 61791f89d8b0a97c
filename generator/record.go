package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"math"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// The record is written in a format of its own rather than gob: at 10,000
// pages it holds some 35,000 entries, which gob took 200 ms to write and
// 100 ms to read, by reflection, in every edit build.
//
// The file is recordMagic, then the fields of manifest in order: strings
// and byte strings as a uvarint length and the bytes, integers as
// varints (uvarints for inodes), each map as its uvarint length and its
// entries, the diagnostics as one gob value in a byte string; then the
// SHA-256 of everything before it.

const recordMagic = "playbook record 2\n"

var errBadRecord = errors.New("build record: malformed")

// encodeRecord returns the bytes of m.
func encodeRecord(m *manifest) ([]byte, error) {
	var diags bytes.Buffer
	if err := gob.NewEncoder(&diags).Encode(m.Diags); err != nil {
		return nil, err
	}
	size := len(recordMagic) + diags.Len() + sha256.Size + 256
	for n, f := range m.Files {
		size += len(n) + len(f.Key) + len(f.Sum) + 48
	}
	for n := range m.Dirs {
		size += len(n) + 32
	}
	for n, s := range m.Inputs {
		size += len(n) + len(s.Sum) + 48
	}
	w := recordWriter{b: make([]byte, 0, size)}
	w.b = append(w.b, recordMagic...)
	w.str(m.Program)
	w.str(m.Output)
	w.uint(uint64(len(m.Files)))
	for n, f := range m.Files {
		w.str(n)
		w.str(f.Key)
		w.str(f.Sum)
		w.stamp(f.Stamp)
		w.bool(f.Stamped)
	}
	w.uint(uint64(len(m.Dirs)))
	for n, s := range m.Dirs {
		w.str(n)
		w.stamp(s)
	}
	w.str(m.InputsKey)
	w.uint(uint64(len(m.Inputs)))
	for n, s := range m.Inputs {
		w.str(n)
		w.int(s.Size)
		w.int(s.MTime)
		w.int(s.CTime)
		w.uint(s.Ino)
		w.str(s.Sum)
	}
	w.int(int64(m.Pages))
	w.int(int64(m.Sections))
	w.str(diags.String())
	sum := sha256.Sum256(w.b)
	return append(w.b, sum[:]...), nil
}

// decodeRecord reads the bytes encodeRecord wrote. Bytes of another
// format, cut short or damaged give errBadRecord.
func decodeRecord(b []byte) (*manifest, error) {
	if len(b) < len(recordMagic)+sha256.Size || !bytes.HasPrefix(b, []byte(recordMagic)) {
		return nil, errBadRecord
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errBadRecord
	}
	r := recordReader{b: body[len(recordMagic):]}
	m := &manifest{Program: r.str(), Output: r.str()}
	n := r.count(6)
	m.Files = make(map[string]outFile, n)
	for range n {
		name := r.str()
		m.Files[name] = outFile{Key: r.str(), Sum: r.str(), Stamp: r.stamp(), Stamped: r.bool()}
	}
	n = r.count(4)
	m.Dirs = make(map[string]outStamp, n)
	for range n {
		name := r.str()
		m.Dirs[name] = r.stamp()
	}
	m.InputsKey = r.str()
	n = r.count(6)
	m.Inputs = make(map[string]inputStamp, n)
	for range n {
		name := r.str()
		m.Inputs[name] = inputStamp{Size: r.int(), MTime: r.int(), CTime: r.int(), Ino: r.uint(), Sum: r.str()}
	}
	pages, sections := r.int(), r.int()
	diags := r.str()
	if r.err != nil || len(r.b) != 0 || pages < 0 || sections < 0 || pages > math.MaxInt32 || sections > math.MaxInt32 {
		return nil, errBadRecord
	}
	m.Pages, m.Sections = int(pages), int(sections)
	var l []*diag.Diagnostic
	if err := gob.NewDecoder(bytes.NewReader([]byte(diags))).Decode(&l); err != nil {
		return nil, errBadRecord
	}
	m.Diags = l
	return m, nil
}

type recordWriter struct{ b []byte }

func (w *recordWriter) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *recordWriter) int(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *recordWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}
func (w *recordWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}
func (w *recordWriter) stamp(s outStamp) {
	w.int(s.Size)
	w.int(s.MTime)
	w.uint(s.Ino)
}

// recordReader reads what recordWriter wrote; after the first error
// every read returns zero and err stays set.
type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) fail() { r.err, r.b = errBadRecord, nil }

func (r *recordReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recordReader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recordReader) str() string {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *recordReader) bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

func (r *recordReader) stamp() outStamp {
	return outStamp{Size: r.int(), MTime: r.int(), Ino: r.uint()}
}

// count reads the length of a map whose entries take at least min bytes
// each, failing when the rest of the record cannot hold that many.
func (r *recordReader) count(min int) int {
	n := r.uint()
	if n > uint64(len(r.b)/min) {
		r.fail()
		return 0
	}
	return int(n)
}
