// Package diag holds positions and diagnostics shared by every build stage.
//
// A diagnostic reads like a compiler message, "content/a.md:12:5: message",
// so that editors and terminals can jump to it.
package diag

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a position in a site file. Line and Col count from 1; Col counts
// characters (runes), not bytes. A zero Line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out what is
// unknown. A file name that is not valid UTF-8 has its stray bytes
// written \xNN (content/bad\xff.md), which a terminal would show as one
// replacement mark.
func (p Pos) String() string {
	file := p.File
	if !utf8.ValidString(file) {
		q := strconv.Quote(file)
		file = q[1 : len(q)-1]
	}
	switch {
	case file == "":
		return ""
	case p.Line <= 0:
		return file
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// Severity tells errors from warnings.
type Severity int

// The severities, in increasing order of gravity.
const (
	Warning Severity = iota
	Error
)

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// Error formats the diagnostic as "file:line:col: message"; warnings carry a
// "warning: " prefix before the message.
func (d *Diagnostic) Error() string {
	msg := d.Msg
	if d.Severity == Warning {
		msg = "warning: " + msg
	}
	if s := d.Pos.String(); s != "" {
		return s + ": " + msg
	}
	return msg
}

// Format is Error for a build that fails on warnings when strict is set:
// a warning then reads as an error, without its "warning: " prefix.
func (d *Diagnostic) Format(strict bool) string {
	if strict && d.Severity == Warning {
		if s := d.Pos.String(); s != "" {
			return s + ": " + d.Msg
		}
		return d.Msg
	}
	return d.Error()
}

// List collects the diagnostics of a build.
type List []*Diagnostic

// Errorf appends an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, &Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, &Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Append adds all diagnostics of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Compare orders positions by file, line and column: -1 when p comes
// before q, 0 when they are the same, +1 when p comes after.
func (p Pos) Compare(q Pos) int {
	switch {
	case p.File != q.File:
		return strings.Compare(p.File, q.File)
	case p.Line != q.Line:
		return cmp.Compare(p.Line, q.Line)
	}
	return cmp.Compare(p.Col, q.Col)
}

// Sort orders the list by file, line, column and message.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if c := l[i].Pos.Compare(l[j].Pos); c != 0 {
			return c < 0
		}
		return l[i].Msg < l[j].Msg
	})
}

// HasErrors reports whether any diagnostic is an error. With strict set,
// warnings count as errors.
func (l List) HasErrors(strict bool) bool {
	for _, d := range l {
		if d.Severity == Error || strict {
			return true
		}
	}
	return false
}

// Warnings returns how many of the diagnostics are warnings.
func (l List) Warnings() int {
	n := 0
	for _, d := range l {
		if d.Severity == Warning {
			n++
		}
	}
	return n
}

// Errors returns only the diagnostics that fail the build.
func (l List) Errors(strict bool) List {
	var out List
	for _, d := range l {
		if d.Severity == Error || strict {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the list as an error when it fails the build, else nil.
func (l List) Err(strict bool) error {
	errs := l.Errors(strict)
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return errs
}

// Error joins the messages, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Lines maps byte offsets in a file to line and column numbers. It is
// safe for concurrent use.
type Lines struct {
	file  string
	src   []byte
	start []int // byte offset of each line's first byte
	// marks are made on the first position asked for far into a line, so
	// that no position costs counting more than markEvery bytes: a page of
	// one 1 MB line with thousands of links took seconds per thousand.
	marksOnce sync.Once
	marks     []mark
}

// markEvery is how far apart marks are, in bytes.
const markEvery = 4 << 10

// mark is the column of a character that starts at byte offset off.
type mark struct{ off, col int }

// makeMarks marks the first character at or after every multiple of
// markEvery that is within a line, beyond its first markEvery bytes.
func (x *Lines) makeMarks() {
	line, last := 0, mark{off: -1}
	for o := markEvery; o < len(x.src); o += markEvery {
		at := o
		for at < len(x.src) && at < o+utf8.UTFMax-1 && !utf8.RuneStart(x.src[at]) {
			at++
		}
		for line+1 < len(x.start) && x.start[line+1] <= at {
			line++
		}
		if at-x.start[line] < markEvery {
			continue
		}
		from, col := x.start[line], 1
		if last.off >= from {
			from, col = last.off, last.col
		}
		last = mark{off: at, col: col + utf8.RuneCount(x.src[from:at])}
		x.marks = append(x.marks, last)
	}
}

// NewLines indexes src, the whole text of file.
func NewLines(file string, src []byte) *Lines {
	start := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i, c := range src {
		if c == '\n' {
			start = append(start, i+1)
		}
	}
	return &Lines{file: file, src: src, start: start}
}

// Head returns the index of the first n bytes alone, holding a copy of
// them, so that the rest of a large file can be freed.
func (x *Lines) Head(n int) *Lines {
	n = min(max(n, 0), len(x.src))
	i := sort.Search(len(x.start), func(i int) bool { return x.start[i] > n })
	return &Lines{file: x.file, src: bytes.Clone(x.src[:n]), start: slices.Clone(x.start[:i])}
}

// MarshalBinary implements encoding.BinaryMarshaler (for the build
// cache): the file name and the indexed text, which UnmarshalBinary
// indexes again.
func (x *Lines) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(x.file)))
	b = append(b, x.file...)
	return append(b, x.src...), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler for the bytes of
// MarshalBinary.
func (x *Lines) UnmarshalBinary(b []byte) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return errors.New("diag: bad Lines encoding")
	}
	l := NewLines(string(b[k:k+int(n)]), bytes.Clone(b[k+int(n):]))
	x.file, x.src, x.start = l.file, l.src, l.start
	return nil
}

// Source returns the indexed text.
func (x *Lines) Source() []byte { return x.src }

// Pos returns the position of byte offset off. Offsets outside the file are
// clamped to it.
func (x *Lines) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(x.src) {
		off = len(x.src)
	}
	i := sort.Search(len(x.start), func(i int) bool { return x.start[i] > off }) - 1
	from, col := x.start[i], 1
	if off-from > markEvery {
		x.marksOnce.Do(x.makeMarks)
		if k := sort.Search(len(x.marks), func(k int) bool { return x.marks[k].off > off }) - 1; k >= 0 && x.marks[k].off >= from {
			from, col = x.marks[k].off, x.marks[k].col
		}
	}
	return Pos{File: x.file, Line: i + 1, Col: col + utf8.RuneCount(x.src[from:off])}
}

// At returns the position of a line and a byte column within it, both
// counted from 1, as parsers that count bytes report them.
func (x *Lines) At(line, byteCol int) Pos { return x.at(line, byteCol) }

// at returns the position of a line and a byte column within it, both
// counted from 1, as reported by parsers that count bytes. A column past
// the end of the line is clamped to the line's end.
func (x *Lines) at(line, byteCol int) Pos {
	if line < 1 {
		line = 1
	}
	if line > len(x.start) {
		line = len(x.start)
	}
	end := len(x.src)
	if line < len(x.start) {
		end = x.start[line] - 1 // the newline
	}
	off := x.start[line-1] + max(byteCol, 1) - 1
	return x.Pos(min(off, end))
}
