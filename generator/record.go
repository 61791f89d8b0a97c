package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"math"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
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
	w := recordWriter{varbin.Writer{B: make([]byte, 0, size)}}
	w.B = append(w.B, recordMagic...)
	w.Str(m.Program)
	w.Str(m.Output)
	w.Uint(uint64(len(m.Files)))
	for n, f := range m.Files {
		w.Str(n)
		w.Str(f.Key)
		w.Str(f.Sum)
		w.stamp(f.Stamp)
		w.Bool(f.Stamped)
	}
	w.Uint(uint64(len(m.Dirs)))
	for n, s := range m.Dirs {
		w.Str(n)
		w.stamp(s)
	}
	w.Str(m.InputsKey)
	w.Uint(uint64(len(m.Inputs)))
	for n, s := range m.Inputs {
		w.Str(n)
		w.Int64(s.Size)
		w.Int64(s.MTime)
		w.Int64(s.CTime)
		w.Uint(s.Ino)
		w.Str(s.Sum)
	}
	w.Int64(int64(m.Pages))
	w.Int64(int64(m.Sections))
	w.Str(diags.String())
	sum := sha256.Sum256(w.B)
	return append(w.B, sum[:]...), nil
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
	r := recordReader{varbin.Reader{B: body[len(recordMagic):], Shared: true}}
	m := &manifest{Program: r.Str(), Output: r.Str()}
	n := r.Count(6)
	m.Files = make(map[string]outFile, n)
	for range n {
		name := r.Str()
		m.Files[name] = outFile{Key: r.Str(), Sum: r.Str(), Stamp: r.stamp(), Stamped: r.Bool()}
	}
	n = r.Count(4)
	m.Dirs = make(map[string]outStamp, n)
	for range n {
		name := r.Str()
		m.Dirs[name] = r.stamp()
	}
	m.InputsKey = r.Str()
	n = r.Count(6)
	m.Inputs = make(map[string]inputStamp, n)
	for range n {
		name := r.Str()
		m.Inputs[name] = inputStamp{Size: r.Int64(), MTime: r.Int64(), CTime: r.Int64(), Ino: r.Uint(), Sum: r.Str()}
	}
	pages, sections := r.Int64(), r.Int64()
	diags := r.Str()
	if r.Err != nil || len(r.B) != 0 || pages < 0 || sections < 0 || pages > math.MaxInt32 || sections > math.MaxInt32 {
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

// recordWriter and recordReader frame the record's values (see varbin),
// with the output stamps.
type recordWriter struct{ varbin.Writer }

func (w *recordWriter) stamp(s outStamp) {
	w.Int64(s.Size)
	w.Int64(s.MTime)
	w.Int64(s.CTime)
	w.Uint(s.Ino)
}

type recordReader struct{ varbin.Reader }

func (r *recordReader) stamp() outStamp {
	return outStamp{Size: r.Int64(), MTime: r.Int64(), CTime: r.Int64(), Ino: r.Uint()}
}
