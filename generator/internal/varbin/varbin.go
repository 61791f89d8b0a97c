// Package varbin writes and reads values framed with varints: numbers as
// (u)varints (encoding/binary), strings and byte strings as a uvarint
// length and the bytes. The build cache's files use it for what gob
// would spend reflection on; a Reader keeps the first error and gives
// zero values after it, so a caller checks once, at the end.
package varbin

import (
	"encoding/binary"
	"errors"
	"unsafe"
)

// ErrDamaged is the Reader's error: the bytes end early or do not frame
// the values asked for.
var ErrDamaged = errors.New("damaged cache entry")

// Writer appends values to B.
type Writer struct{ B []byte }

// Uint appends v as a uvarint.
func (w *Writer) Uint(v uint64) { w.B = binary.AppendUvarint(w.B, v) }

// Int appends v as a varint.
func (w *Writer) Int(v int) { w.B = binary.AppendVarint(w.B, int64(v)) }

// Int64 appends v as a varint.
func (w *Writer) Int64(v int64) { w.B = binary.AppendVarint(w.B, v) }

// Bytes appends v's length and v.
func (w *Writer) Bytes(v []byte) { w.Uint(uint64(len(v))); w.B = append(w.B, v...) }

// Str appends v's length and v.
func (w *Writer) Str(v string) { w.Uint(uint64(len(v))); w.B = append(w.B, v...) }

// Strs appends the number of strings in v and each string.
func (w *Writer) Strs(v []string) {
	w.Uint(uint64(len(v)))
	for _, s := range v {
		w.Str(s)
	}
}

// Bool appends v as one byte, 0 or 1.
func (w *Writer) Bool(v bool) {
	if v {
		w.B = append(w.B, 1)
	} else {
		w.B = append(w.B, 0)
	}
}

// Reader reads what a Writer wrote from B; the first problem sets Err
// (ErrDamaged) and every later read gives zero values.
type Reader struct {
	B   []byte
	Err error
	// Shared says that B's bytes are never changed while the strings
	// read from it are in use: Str and Strs then return strings that
	// share B's memory rather than copies, which spares an allocation per
	// string (some 300,000 in the build cache's files at 10,000 pages)
	// and keeps B's whole array alive as long as any of them is.
	Shared bool
}

// Fail sets Err and drops what is left to read.
func (r *Reader) Fail() {
	if r.Err == nil {
		r.Err = ErrDamaged
	}
	r.B = nil
}

// Uint reads a uvarint.
func (r *Reader) Uint() uint64 {
	v, n := binary.Uvarint(r.B)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Int64 reads a varint.
func (r *Reader) Int64() int64 {
	v, n := binary.Varint(r.B)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Int reads a varint as an int.
func (r *Reader) Int() int { return int(r.Int64()) }

// Count reads a number of items that take at least min bytes each (min
// at least 1), failing when what is left cannot hold that many.
func (r *Reader) Count(min int) int {
	n := r.Uint()
	if n > uint64(len(r.B)/max(min, 1)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// Bytes reads a byte string; the result shares B's array.
func (r *Reader) Bytes() []byte {
	n := r.Count(1)
	v := r.B[:n:n]
	r.B = r.B[n:]
	return v
}

// Str reads a string.
func (r *Reader) Str() string {
	b := r.Bytes()
	if r.Shared && len(b) > 0 {
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	return string(b)
}

// Strs reads what Writer.Strs wrote; none reads as nil.
func (r *Reader) Strs() []string {
	n := r.Count(1)
	if n == 0 {
		return nil
	}
	v := make([]string, n)
	for i := range v {
		v[i] = r.Str()
	}
	return v
}

// Bool reads a byte that must be 0 or 1.
func (r *Reader) Bool() bool {
	if len(r.B) == 0 || r.B[0] > 1 {
		r.Fail()
		return false
	}
	v := r.B[0] == 1
	r.B = r.B[1:]
	return v
}
