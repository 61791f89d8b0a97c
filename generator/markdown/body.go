package markdown

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// A body is rendered once, at parse time, with markers where the HTML
// depends on where it is shown:
//
//	\x00P\x00    the id prefix (empty on a page, "p-key--" in print)
//	\x00H<n>\x00 heading level n, shifted in print
//	\x00L<i>\x00 the href of Doc.Links[i]
//
// The marker byte never comes from content: bodyWriter turns every NUL
// that content writes into U+FFFD, as CommonMark asks for NUL anyway.
const markerByte = 0

const (
	markPrefix = 'P'
	markLevel  = 'H'
	markLink   = 'L'
)

// bodyWriter is the writer node renderers write a body to. It implements
// util.BufWriter itself, method by method, so that no path (bufio's
// ReadFrom, say) skips the NUL filter.
type bodyWriter struct {
	w *bufio.Writer
}

var replacement = []byte("\uFFFD")

func (w *bodyWriter) Write(p []byte) (int, error) {
	n := len(p)
	for {
		i := bytes.IndexByte(p, markerByte)
		if i < 0 {
			_, err := w.w.Write(p)
			return n, err
		}
		_, _ = w.w.Write(p[:i])
		_, _ = w.w.Write(replacement)
		p = p[i+1:]
	}
}

func (w *bodyWriter) WriteString(s string) (int, error) {
	if strings.IndexByte(s, markerByte) < 0 {
		return w.w.WriteString(s)
	}
	return w.Write([]byte(s))
}

func (w *bodyWriter) WriteRune(r rune) (int, error) {
	if r == markerByte {
		return w.w.Write(replacement)
	}
	return w.w.WriteRune(r)
}

func (w *bodyWriter) WriteByte(c byte) error {
	if c == markerByte {
		_, err := w.w.Write(replacement)
		return err
	}
	return w.w.WriteByte(c)
}

func (w *bodyWriter) Available() int { return w.w.Available() }
func (w *bodyWriter) Buffered() int  { return w.w.Buffered() }
func (w *bodyWriter) Flush() error   { return w.w.Flush() }

// marker writes a placeholder; only node renderers of this package do.
func (w *bodyWriter) marker(kind byte, arg int) {
	_ = w.w.WriteByte(markerByte)
	_ = w.w.WriteByte(kind)
	if kind != markPrefix {
		_, _ = w.w.WriteString(strconv.Itoa(arg))
	}
	_ = w.w.WriteByte(markerByte)
}

// writeMarker writes a placeholder to a body writer. Other writers (a
// plain BufWriter in a test) get what the marker stands for on a page.
func writeMarker(w util.BufWriter, kind byte, arg int) {
	if bw, ok := w.(*bodyWriter); ok {
		bw.marker(kind, arg)
		return
	}
	if kind == markLevel {
		_, _ = w.WriteString(strconv.Itoa(arg))
	}
}

// readMarker reads the marker at the start of b.
func readMarker(b []byte) (kind byte, arg int, rest []byte, ok bool) {
	if len(b) < 3 || b[0] != markerByte {
		return 0, 0, nil, false
	}
	end := bytes.IndexByte(b[1:], markerByte) + 1
	if end < 2 {
		return 0, 0, nil, false
	}
	kind = b[1]
	if kind != markPrefix {
		n, err := strconv.Atoi(string(b[2:end]))
		if err != nil || n < 0 {
			return 0, 0, nil, false
		}
		arg = n
	} else if end != 2 {
		return 0, 0, nil, false
	}
	return kind, arg, b[end+1:], true
}

// Spill holds rendered bodies in a file rather than in memory: a one-shot
// build of a large site keeps only its model on the heap, and reads each
// body back (from the page cache, as a rule) when it writes the pages that
// show it. Writes and reads may run in parallel.
type Spill struct {
	f    *os.File
	name string
	end  atomic.Int64
	// check, for a pack of a DocCache written by an earlier build, says
	// to check each read against its CRC-32C; damaged is set when one
	// fails.
	check   bool
	damaged atomic.Bool
}

// NewSpill creates a spill file in dir. On systems that allow it the file
// is unlinked at once, so that nothing is left behind if the build dies.
func NewSpill(dir string) (*Spill, error) {
	f, err := os.CreateTemp(dir, ".playbook-bodies-*")
	if err != nil {
		return nil, err
	}
	s := &Spill{f: f, name: f.Name()}
	if os.Remove(f.Name()) == nil {
		s.name = ""
	}
	return s, nil
}

// Close closes and removes the file.
func (s *Spill) Close() error {
	err := s.f.Close()
	if s.name != "" {
		_ = os.Remove(s.name)
	}
	return err
}

// blob is bytes in memory or, once spilled, in the spill file.
type blob struct {
	mem []byte
	off int64
	n   int
	sum uint32 // CRC-32C of the spilled bytes, for the DocCache
}

// spillTo moves the body and prose of d into s.
func (d *Doc) spillTo(s *Spill) error {
	if d.spill != nil {
		return nil
	}
	if err := d.spillBytes(s, d.body.mem, d.text.mem); err != nil {
		return err
	}
	d.body.mem, d.text.mem = nil, nil
	return nil
}

// spillBytes writes body and text to s as d's.
func (d *Doc) spillBytes(s *Spill, body, text []byte) error {
	off := s.end.Add(int64(len(body)+len(text))) - int64(len(body)+len(text))
	_, err := s.f.WriteAt(body, off)
	if err == nil {
		_, err = s.f.WriteAt(text, off+int64(len(body)))
	}
	if err != nil {
		return fmt.Errorf("spill body to %s: %w", filepath.Dir(s.f.Name()), err)
	}
	d.body = blob{off: off, n: len(body), sum: crc32.Checksum(body, castagnoli)}
	d.text = blob{off: off + int64(len(body)), n: len(text), sum: crc32.Checksum(text, castagnoli)}
	d.spill = s
	return nil
}

// put writes b at the end of s and returns where it is.
func (s *Spill) put(b []byte) (blobRef, error) {
	off := s.end.Add(int64(len(b))) - int64(len(b))
	if _, err := s.f.WriteAt(b, off); err != nil {
		return blobRef{}, fmt.Errorf("build cache: write to %s: %w", filepath.Dir(s.f.Name()), err)
	}
	return blobRef{off: off, n: len(b), sum: crc32.Checksum(b, castagnoli)}, nil
}

// Size is the length of the body's HTML with its placeholders.
func (d *Doc) Size() int {
	if d.spill != nil {
		return d.body.n
	}
	return len(d.body.mem)
}

// Text returns the prose as plain text: paragraphs, lists, tables,
// callouts and inline code, without headings, code blocks or raw HTML.
func (d *Doc) Text() (string, error) {
	b, done, err := d.read(&d.text)
	if err != nil {
		return "", err
	}
	defer done()
	return string(b), nil
}

var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// read returns the bytes of b and a function to call when done with them.
func (d *Doc) read(b *blob) ([]byte, func(), error) {
	if d.spill == nil {
		return b.mem, func() {}, nil
	}
	bp := readBufs.Get().(*[]byte)
	if cap(*bp) < b.n {
		*bp = make([]byte, b.n)
	}
	buf := (*bp)[:b.n]
	if _, err := d.spill.f.ReadAt(buf, b.off); err != nil {
		readBufs.Put(bp)
		if d.spill.check {
			d.spill.damaged.Store(true)
		}
		return nil, nil, fmt.Errorf("read spilled body: %w", err)
	}
	if d.spill.check && crc32.Checksum(buf, castagnoli) != b.sum {
		readBufs.Put(bp)
		d.spill.damaged.Store(true)
		return nil, nil, errDamaged
	}
	return buf, func() { readBufs.Put(bp) }, nil
}

// errDamaged is the error of reading a body from a pack of the build
// cache whose bytes are not those written.
var errDamaged = errors.New("the build cache holds a damaged body")

// appendBodyText appends the prose of a parsed body as plain text: paragraphs,
// lists, checklist items, tables, callouts and inline code, separated by
// spaces. Headings are left out (search reads them from Doc.Headings) and
// so are code blocks and raw HTML.
func appendBodyText(b []byte, node ast.Node, src []byte) []byte {
	// write appends text with each run of white space as one space.
	write := func(text []byte) {
		start := 0
		for i, c := range text {
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				continue
			}
			b = append(b, text[start:i]...)
			if len(b) > 0 && b[len(b)-1] != ' ' {
				b = append(b, ' ')
			}
			start = i + 1
		}
		b = append(b, text[start:]...)
	}
	space := []byte{' '}
	_ = ast.Walk(node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
			// Blocks never run into each other: "Step one" + "Next" is not "oneNext".
			write(space)
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			// As the HTML renderer reads it: "&amp;" is "&", "\_" is "_".
			v := t.Value(src)
			if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\\') >= 0 {
				v = unescapeMarkdown(v)
			}
			write(v)
			if t.SoftLineBreak() || t.HardLineBreak() {
				write(space)
			}
		case *ast.String:
			write([]byte(html.UnescapeString(string(t.Value))))
		case *ast.AutoLink:
			write(t.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return b[:copy(b, bytes.TrimSpace(b))]
}
