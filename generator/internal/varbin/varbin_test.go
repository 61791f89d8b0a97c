package varbin

import (
	"errors"
	"slices"
	"testing"
)

func TestValuesReadBackAndDamageSticks(t *testing.T) {
	var w Writer
	w.Uint(1 << 40)
	w.Int(-7)
	w.Int64(-1 << 50)
	w.Bytes([]byte{0, 1})
	w.Str("héllo")
	w.Strs([]string{"a", ""})
	w.Strs(nil)
	w.Bool(true)
	r := Reader{B: w.B}
	if v := r.Uint(); v != 1<<40 {
		t.Errorf("Uint = %d", v)
	}
	if v := r.Int(); v != -7 {
		t.Errorf("Int = %d", v)
	}
	if v := r.Int64(); v != -1<<50 {
		t.Errorf("Int64 = %d", v)
	}
	if v := r.Bytes(); !slices.Equal(v, []byte{0, 1}) {
		t.Errorf("Bytes = %v", v)
	}
	if v := r.Str(); v != "héllo" {
		t.Errorf("Str = %q", v)
	}
	if v := r.Strs(); !slices.Equal(v, []string{"a", ""}) {
		t.Errorf("Strs = %q", v)
	}
	if v := r.Strs(); v != nil {
		t.Errorf("empty Strs = %q, want nil", v)
	}
	if !r.Bool() || r.Err != nil || len(r.B) != 0 {
		t.Errorf("Bool, Err %v, %d bytes left", r.Err, len(r.B))
	}
	// Every cut of the bytes fails somewhere, and stays failed.
	for i := range len(w.B) {
		r := Reader{B: w.B[:i]}
		r.Uint()
		r.Int()
		r.Int64()
		r.Bytes()
		r.Str()
		r.Strs()
		r.Strs()
		r.Bool()
		if !errors.Is(r.Err, ErrDamaged) {
			t.Fatalf("cut at %d: Err = %v", i, r.Err)
		}
		if r.Uint() != 0 || r.Str() != "" {
			t.Fatalf("cut at %d: values after the error", i)
		}
	}
	// A count larger than the bytes left can hold fails before any
	// allocation; so does a bool that is not 0 or 1.
	r = Reader{B: []byte{100, 1, 2, 3}}
	if n := r.Count(2); n != 0 || r.Err == nil {
		t.Errorf("Count = %d, Err %v", n, r.Err)
	}
	r = Reader{B: []byte{2}}
	if r.Bool() || r.Err == nil {
		t.Errorf("Bool of 2: Err %v", r.Err)
	}
}

// A Shared reader's strings read the same as a copying one's, and share
// the buffer's memory.
func TestSharedStringsShareTheBuffer(t *testing.T) {
	var w Writer
	w.Str("alpha")
	w.Strs([]string{"beta", ""})
	copying, shared := Reader{B: w.B}, Reader{B: w.B, Shared: true}
	for range 2 {
		if c, s := copying.Str(), shared.Str(); c != s {
			t.Errorf("shared Str = %q, copying Str = %q", s, c)
		}
	}
	if c, s := copying.Strs(), shared.Strs(); !slices.Equal(c, s) {
		t.Errorf("shared Strs = %q, copying Strs = %q", s, c)
	}
	r := Reader{B: w.B, Shared: true}
	s := r.Str()
	w.B[1] = 'A' // what a caller of Shared promises never to do
	if s != "Alpha" {
		t.Errorf("shared Str = %q after the buffer changed, want it to share the buffer", s)
	}
}
