package generator

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
)

// The kept sources' entries are framed with varbin rather than gob: gob
// spends most of a build's reading of 10,000 kept sources on reflection,
// and a gob stream can only be decoded in order, where length-framed
// entries decode side by side. encodeEntry and decodeEntry name every
// field of content.Source and content.FrontMatter; a field they do not
// know fails TestSourceCodecKnowsEveryField, and keepSources keeps only
// entries that decode back to the source they were made from.

// errUnkeepable refuses a source holding a value the codec has no form
// for (a front matter param of an unexpected type): its page is read
// again by the next build.
var errUnkeepable = errors.New("value the build cache cannot keep")

// encodeEntry appends e to w.
func encodeEntry(w *varbin.Writer, e *sourceEntry) error {
	w.Str(e.File)
	w.Str(e.Sum)
	w.Bytes(e.DocKey[:])
	w.Bool(e.Source != nil)
	if e.Source == nil {
		return nil
	}
	s := e.Source
	w.Str(s.Rel)
	w.Str(s.Title)
	w.Int(s.BodyOffset)
	w.Uint(s.Hash)
	w.Str(s.ListingKey)
	w.Int64(int64(s.Duration))
	w.Bool(s.Failed)
	w.Bool(s.Lines != nil)
	if s.Lines != nil {
		b, err := s.Lines.MarshalBinary()
		if err != nil {
			return err
		}
		w.Bytes(b)
	}
	w.Uint(uint64(len(s.LoadDiags)))
	for _, d := range s.LoadDiags {
		if d == nil {
			return errUnkeepable
		}
		w.Str(d.Pos.File)
		w.Int(d.Pos.Line)
		w.Int(d.Pos.Col)
		w.Int(int(d.Severity))
		w.Str(d.Msg)
	}
	if err := encodeMeta(w, &s.Meta); err != nil {
		return err
	}
	for _, f := range e.Flags {
		w.Int(int(f))
	}
	w.Uint(uint64(len(e.LinkPos)))
	for _, v := range e.LinkPos {
		w.Int(int(v))
	}
	return nil
}

// encodeMeta appends front matter m but for its optional booleans (the
// entry's Flags).
func encodeMeta(w *varbin.Writer, m *content.FrontMatter) error {
	for _, s := range []string{m.Title, m.Description, m.LinkTitle, m.Slug, m.Layout, m.Type, m.Duration, m.Owner, m.Summary} {
		w.Str(s)
	}
	w.Int(m.Weight)
	w.Bool(m.Draft)
	w.Bool(m.Signoff)
	for _, l := range [][]string{m.Tags, m.Categories, m.Audience, m.Aliases, m.Requires, m.Hide} {
		w.Strs(l)
	}
	for _, d := range []content.Date{m.Date, m.Lastmod, m.Reviewed, m.PublishDate, m.ExpiryDate} {
		if err := encodeTime(w, d.Time); err != nil {
			return err
		}
	}
	if m.Params == nil {
		w.Bool(false)
		return nil
	}
	w.Bool(true)
	return encodeMap(w, m.Params)
}

func encodeTime(w *varbin.Writer, t time.Time) error {
	b, err := t.MarshalBinary()
	if err != nil {
		return err
	}
	w.Bytes(b)
	return nil
}

// The kinds of value a front matter param holds, as the TOML, YAML and
// JSON decoders give them.
const (
	valNil = iota
	valString
	valBool
	valInt
	valInt64
	valUint64
	valFloat64
	valTime
	valList
	valMap
	valMapList
)

// maxValueDepth bounds the nesting of params the codec follows.
const maxValueDepth = 64

func encodeMap(w *varbin.Writer, m map[string]any) error {
	return encodeMapAt(w, m, 0)
}

func encodeMapAt(w *varbin.Writer, m map[string]any, depth int) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same map, the same bytes
	w.Uint(uint64(len(keys)))
	for _, k := range keys {
		w.Str(k)
		if err := encodeValue(w, m[k], depth+1); err != nil {
			return err
		}
	}
	return nil
}

func encodeValue(w *varbin.Writer, v any, depth int) error {
	if depth > maxValueDepth {
		return errUnkeepable
	}
	switch v := v.(type) {
	case nil:
		w.Uint(valNil)
	case string:
		w.Uint(valString)
		w.Str(v)
	case bool:
		w.Uint(valBool)
		w.Bool(v)
	case int:
		w.Uint(valInt)
		w.Int(v)
	case int64:
		w.Uint(valInt64)
		w.Int64(v)
	case uint64:
		w.Uint(valUint64)
		w.Uint(v)
	case float64:
		w.Uint(valFloat64)
		w.Uint(math.Float64bits(v))
	case time.Time:
		w.Uint(valTime)
		return encodeTime(w, v)
	case []any:
		if v == nil {
			return errUnkeepable // nil and empty would read back alike
		}
		w.Uint(valList)
		w.Uint(uint64(len(v)))
		for _, x := range v {
			if err := encodeValue(w, x, depth+1); err != nil {
				return err
			}
		}
	case map[string]any:
		if v == nil {
			return errUnkeepable
		}
		w.Uint(valMap)
		return encodeMapAt(w, v, depth)
	case []map[string]any:
		if v == nil {
			return errUnkeepable
		}
		w.Uint(valMapList)
		w.Uint(uint64(len(v)))
		for _, m := range v {
			if m == nil {
				return errUnkeepable
			}
			if err := encodeMapAt(w, m, depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%w: %T", errUnkeepable, v)
	}
	return nil
}

// decodeEntry reads an entry encodeEntry wrote; any damage is an error.
func decodeEntry(b []byte) (*sourceEntry, error) {
	r := &varbin.Reader{B: b, Shared: true}
	e := &sourceEntry{File: r.Str(), Sum: r.Str()}
	if key := r.Bytes(); len(key) == len(e.DocKey) {
		copy(e.DocKey[:], key)
	} else {
		r.Fail()
	}
	if !r.Bool() {
		return e, done(r)
	}
	s := &content.Source{File: e.File}
	e.Source = s
	s.Rel = r.Str()
	s.Title = r.Str()
	s.BodyOffset = r.Int()
	s.Hash = r.Uint()
	s.ListingKey = r.Str()
	s.Duration = time.Duration(r.Int64())
	s.Failed = r.Bool()
	if r.Bool() {
		s.Lines = new(diag.Lines)
		if err := s.Lines.UnmarshalBinary(r.Bytes()); err != nil {
			r.Fail()
		}
	}
	if n := r.Count(5); n > 0 {
		s.LoadDiags = make(diag.List, n)
		for i := range s.LoadDiags {
			s.LoadDiags[i] = &diag.Diagnostic{Pos: diag.Pos{File: r.Str(), Line: r.Int(), Col: r.Int()}, Severity: diag.Severity(r.Int()), Msg: r.Str()}
		}
	}
	decodeMeta(r, &s.Meta)
	for i := range e.Flags {
		f := r.Int()
		if f < 0 || f > 2 {
			r.Fail()
		}
		e.Flags[i] = int8(f)
	}
	if n := r.Count(1); n > 0 {
		e.LinkPos = make([]int32, n)
		for i := range e.LinkPos {
			v := r.Int64()
			if v < math.MinInt32 || v > math.MaxInt32 {
				r.Fail()
			}
			e.LinkPos[i] = int32(v)
		}
	}
	return e, done(r)
}

// done is the reader's error, or one when bytes are left over.
func done(r *varbin.Reader) error {
	if r.Err == nil && len(r.B) > 0 {
		r.Fail()
	}
	return r.Err
}

func decodeMeta(r *varbin.Reader, m *content.FrontMatter) {
	for _, s := range []*string{&m.Title, &m.Description, &m.LinkTitle, &m.Slug, &m.Layout, &m.Type, &m.Duration, &m.Owner, &m.Summary} {
		*s = r.Str()
	}
	m.Weight = r.Int()
	m.Draft = r.Bool()
	m.Signoff = r.Bool()
	for _, l := range []*[]string{&m.Tags, &m.Categories, &m.Audience, &m.Aliases, &m.Requires, &m.Hide} {
		*l = r.Strs()
	}
	for _, d := range []*content.Date{&m.Date, &m.Lastmod, &m.Reviewed, &m.PublishDate, &m.ExpiryDate} {
		d.Time = decodeTime(r)
	}
	if r.Bool() {
		m.Params = decodeMap(r, 0)
	}
}

func decodeTime(r *varbin.Reader) time.Time {
	var t time.Time
	if err := t.UnmarshalBinary(r.Bytes()); err != nil {
		r.Fail()
	}
	return t
}

func decodeMap(r *varbin.Reader, depth int) map[string]any {
	n := r.Count(2)
	m := make(map[string]any, n)
	for range n {
		k := r.Str()
		m[k] = decodeValue(r, depth+1)
	}
	return m
}

func decodeValue(r *varbin.Reader, depth int) any {
	if depth > maxValueDepth {
		r.Fail()
		return nil
	}
	switch r.Uint() {
	case valNil:
		return nil
	case valString:
		return r.Str()
	case valBool:
		return r.Bool()
	case valInt:
		return r.Int()
	case valInt64:
		return r.Int64()
	case valUint64:
		return r.Uint()
	case valFloat64:
		return math.Float64frombits(r.Uint())
	case valTime:
		return decodeTime(r)
	case valList:
		l := make([]any, r.Count(1))
		for i := range l {
			l[i] = decodeValue(r, depth+1)
		}
		return l
	case valMap:
		return decodeMap(r, depth)
	case valMapList:
		l := make([]map[string]any, r.Count(1))
		for i := range l {
			l[i] = decodeMap(r, depth+1)
		}
		return l
	}
	r.Fail()
	return nil
}
