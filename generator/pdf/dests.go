package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Chromium cannot number pages in the document itself (target-counter()
// is not supported up to Chromium 156 at least), so the contents get their
// page numbers from a first print: Chromium writes a named destination for
// every element a link inside the document points to, with the page it
// starts on. destPages reads those back.
//
// The reader knows as much PDF as that needs: a cross-reference table,
// the trailer, the catalog's /Dests (or its /Names name tree), the page
// tree, and the direct objects in them. Chromium (Skia's PDF writer)
// writes all of these as plain objects; streams are never read.

// errPDF means that a PDF could not be read for its destinations.
var errPDF = errors.New("read the destinations of the PDF")

// destPages returns the page number, counting from 1, of each named
// destination of the PDF.
func destPages(pdf []byte) (map[string]int, error) {
	r, err := newPDFReader(pdf)
	if err != nil {
		return nil, err
	}
	root, err := r.dict(r.trailer["Root"])
	if err != nil {
		return nil, fmt.Errorf("%w: catalog: %v", errPDF, err)
	}
	pages := map[int]int{} // page object number -> page number
	if err := r.walkPages(root["Pages"], pages, map[pdfRef]bool{}); err != nil {
		return nil, fmt.Errorf("%w: page tree: %v", errPDF, err)
	}
	out := map[string]int{}
	add := func(name string, dest pdfValue) error {
		dest, err := r.resolve(dest)
		if err != nil {
			return err
		}
		if d, ok := dest.(pdfDict); ok { // << /D [page /XYZ …] >>
			if dest, err = r.resolve(d["D"]); err != nil {
				return err
			}
		}
		arr, ok := dest.(pdfArray)
		if !ok || len(arr) == 0 {
			return fmt.Errorf("destination %q is %T, not an array", name, dest)
		}
		ref, ok := arr[0].(pdfRef)
		if !ok || pages[int(ref)] == 0 {
			return fmt.Errorf("destination %q names no page of the document", name)
		}
		out[name] = pages[int(ref)]
		return nil
	}
	if root["Dests"] != nil { // PDF 1.1: a dictionary of names
		dests, err := r.dict(root["Dests"])
		if err != nil {
			return nil, fmt.Errorf("%w: /Dests: %v", errPDF, err)
		}
		for name, dest := range dests {
			if err := add(name, dest); err != nil {
				return nil, fmt.Errorf("%w: %v", errPDF, err)
			}
		}
	}
	if root["Names"] != nil { // PDF 1.2: a name tree of strings
		names, err := r.dict(root["Names"])
		if err != nil {
			return nil, fmt.Errorf("%w: /Names: %v", errPDF, err)
		}
		if names["Dests"] != nil {
			if err := r.walkNames(names["Dests"], add, map[pdfRef]bool{}); err != nil {
				return nil, fmt.Errorf("%w: /Names /Dests: %v", errPDF, err)
			}
		}
	}
	return out, nil
}

// walkPages numbers the pages below node in document order. seen holds
// the tree's nodes walked so far: a broken file could make it cyclic.
func (r *pdfReader) walkPages(node pdfValue, pages map[int]int, seen map[pdfRef]bool) error {
	ref, ok := node.(pdfRef)
	if !ok {
		return fmt.Errorf("node is %T, not a reference", node)
	}
	if seen[ref] {
		return fmt.Errorf("object %d is in the page tree twice", ref)
	}
	seen[ref] = true
	d, err := r.dict(ref)
	if err != nil {
		return err
	}
	if d["Type"] == pdfName("Page") {
		pages[int(ref)] = len(pages) + 1
		return nil
	}
	kids, err := r.resolve(d["Kids"])
	if err != nil {
		return err
	}
	arr, ok := kids.(pdfArray)
	if !ok {
		return fmt.Errorf("object %d has no /Kids", ref)
	}
	for _, kid := range arr {
		if err := r.walkPages(kid, pages, seen); err != nil {
			return err
		}
	}
	return nil
}

// walkNames calls add for each name and value of a name tree. seen holds
// the tree's nodes walked so far.
func (r *pdfReader) walkNames(node pdfValue, add func(string, pdfValue) error, seen map[pdfRef]bool) error {
	if ref, ok := node.(pdfRef); ok {
		if seen[ref] {
			return fmt.Errorf("object %d is in the name tree twice", ref)
		}
		seen[ref] = true
	}
	d, err := r.dict(node)
	if err != nil {
		return err
	}
	names, err := r.resolve(d["Names"])
	if err != nil {
		return err
	}
	if arr, ok := names.(pdfArray); ok {
		for i := 0; i+1 < len(arr); i += 2 {
			name, ok := arr[i].(pdfString)
			if !ok {
				return fmt.Errorf("name tree key is %T, not a string", arr[i])
			}
			if err := add(string(name), arr[i+1]); err != nil {
				return err
			}
		}
	}
	kids, err := r.resolve(d["Kids"])
	if err != nil {
		return err
	}
	if arr, ok := kids.(pdfArray); ok {
		for _, kid := range arr {
			if err := r.walkNames(kid, add, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// The PDF values the reader knows. Numbers, booleans and null have no
// use here and read as pdfOther, their text.
type (
	pdfValue  any
	pdfDict   map[string]pdfValue
	pdfArray  []pdfValue
	pdfName   string
	pdfString string
	pdfRef    int // an indirect reference, by object number
	pdfOther  string
)

// pdfReader reads objects of a PDF by number.
type pdfReader struct {
	data    []byte
	offsets map[int]int // object number -> byte offset of "n g obj"
	trailer pdfDict
}

// newPDFReader reads the cross-reference table and trailer at the end of
// data.
func newPDFReader(data []byte) (*pdfReader, error) {
	r := &pdfReader{data: data, offsets: map[int]int{}}
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return nil, fmt.Errorf("%w: no startxref", errPDF)
	}
	lx := &pdfLexer{data: data, pos: i + len("startxref")}
	start, err := lx.int()
	if err != nil || start < 0 || start >= len(data) {
		return nil, fmt.Errorf("%w: bad startxref", errPDF)
	}
	lx.pos = start
	if lx.keyword() != "xref" {
		return nil, fmt.Errorf("%w: no cross-reference table at offset %d (a cross-reference stream?)", errPDF, start)
	}
	for {
		save := lx.pos
		if lx.keyword() == "trailer" {
			break
		}
		lx.pos = save
		first, err1 := lx.int()
		count, err2 := lx.int()
		if err1 != nil || err2 != nil || first < 0 || count < 0 {
			return nil, fmt.Errorf("%w: bad cross-reference table", errPDF)
		}
		for n := first; n < first+count; n++ {
			off, err1 := lx.int()
			_, err2 := lx.int()
			kind := lx.keyword()
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") {
				return nil, fmt.Errorf("%w: bad cross-reference entry for object %d", errPDF, n)
			}
			if kind == "n" {
				r.offsets[n] = off
			}
		}
	}
	v, err := lx.value()
	if err != nil {
		return nil, fmt.Errorf("%w: trailer: %v", errPDF, err)
	}
	var ok bool
	if r.trailer, ok = v.(pdfDict); !ok {
		return nil, fmt.Errorf("%w: trailer is no dictionary", errPDF)
	}
	return r, nil
}

// resolve returns the object a reference points to, or v itself.
func (r *pdfReader) resolve(v pdfValue) (pdfValue, error) {
	ref, ok := v.(pdfRef)
	if !ok {
		return v, nil
	}
	off, ok := r.offsets[int(ref)]
	if !ok || off < 0 || off >= len(r.data) {
		return nil, fmt.Errorf("object %d is not in the file", ref)
	}
	lx := &pdfLexer{data: r.data, pos: off}
	n, err := lx.int()
	if err != nil || n != int(ref) {
		return nil, fmt.Errorf("object %d is not at offset %d", ref, off)
	}
	if _, err := lx.int(); err != nil || lx.keyword() != "obj" {
		return nil, fmt.Errorf("object %d is not at offset %d", ref, off)
	}
	return lx.value()
}

// dict resolves v and returns it as a dictionary.
func (r *pdfReader) dict(v pdfValue) (pdfDict, error) {
	v, err := r.resolve(v)
	if err != nil {
		return nil, err
	}
	d, ok := v.(pdfDict)
	if !ok {
		return nil, fmt.Errorf("%T, not a dictionary", v)
	}
	return d, nil
}

// pdfLexer reads PDF tokens and direct objects from data at pos.
type pdfLexer struct {
	data []byte
	pos  int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool { return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0 }

// skip passes white space and comments.
func (lx *pdfLexer) skip() {
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		switch {
		case isPDFSpace(c):
			lx.pos++
		case c == '%':
			for lx.pos < len(lx.data) && lx.data[lx.pos] != '\n' && lx.data[lx.pos] != '\r' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// keyword returns the run of regular characters at pos: a keyword or a
// number.
func (lx *pdfLexer) keyword() string {
	lx.skip()
	start := lx.pos
	for lx.pos < len(lx.data) && !isPDFSpace(lx.data[lx.pos]) && !isPDFDelim(lx.data[lx.pos]) {
		lx.pos++
	}
	return string(lx.data[start:lx.pos])
}

func (lx *pdfLexer) int() (int, error) { return strconv.Atoi(lx.keyword()) }

// value reads one direct object; "n g R" reads as a reference.
func (lx *pdfLexer) value() (pdfValue, error) {
	lx.skip()
	if lx.pos >= len(lx.data) {
		return nil, errors.New("unexpected end of file")
	}
	switch c := lx.data[lx.pos]; {
	case c == '/':
		lx.pos++
		return lx.name(), nil
	case c == '(':
		return lx.literal()
	case c == '<' && lx.pos+1 < len(lx.data) && lx.data[lx.pos+1] == '<':
		lx.pos += 2
		d := pdfDict{}
		for {
			lx.skip()
			if bytes.HasPrefix(lx.data[lx.pos:], []byte(">>")) {
				lx.pos += 2
				return d, nil
			}
			if lx.pos >= len(lx.data) || lx.data[lx.pos] != '/' {
				return nil, fmt.Errorf("dictionary key expected at offset %d", lx.pos)
			}
			lx.pos++
			key := lx.name()
			v, err := lx.value()
			if err != nil {
				return nil, err
			}
			d[string(key)] = v
		}
	case c == '<':
		return lx.hex()
	case c == '[':
		lx.pos++
		var a pdfArray
		for {
			lx.skip()
			if lx.pos < len(lx.data) && lx.data[lx.pos] == ']' {
				lx.pos++
				return a, nil
			}
			v, err := lx.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case isPDFDelim(c):
		return nil, fmt.Errorf("unexpected %q at offset %d", c, lx.pos)
	}
	word := lx.keyword()
	if _, err := strconv.Atoi(word); err == nil {
		// A reference is two integers and "R".
		save := lx.pos
		if _, err := strconv.Atoi(lx.keyword()); err == nil && lx.keyword() == "R" {
			n, _ := strconv.Atoi(word)
			return pdfRef(n), nil
		}
		lx.pos = save
	}
	if word == "" {
		return nil, fmt.Errorf("unexpected %q at offset %d", lx.data[lx.pos], lx.pos)
	}
	return pdfOther(word), nil
}

// name reads a name after its slash, decoding #xx escapes.
func (lx *pdfLexer) name() pdfName {
	raw := lx.keyword()
	var b []byte
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if n, err := strconv.ParseUint(raw[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(n))
				i += 2
				continue
			}
		}
		b = append(b, raw[i])
	}
	return pdfName(b)
}

// literal reads a (string) with its escapes and balanced parentheses.
func (lx *pdfLexer) literal() (pdfValue, error) {
	lx.pos++ // (
	var b []byte
	depth := 0
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return pdfString(b), nil
			}
			depth--
		case '\\':
			if lx.pos >= len(lx.data) {
				break
			}
			e := lx.data[lx.pos]
			lx.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n': // a line continuation
				if e == '\r' && lx.pos < len(lx.data) && lx.data[lx.pos] == '\n' {
					lx.pos++
				}
				continue
			case '0', '1', '2', '3', '4', '5', '6', '7':
				n := int(e - '0')
				for k := 0; k < 2 && lx.pos < len(lx.data) && lx.data[lx.pos] >= '0' && lx.data[lx.pos] <= '7'; k++ {
					n = n*8 + int(lx.data[lx.pos]-'0')
					lx.pos++
				}
				c = byte(n)
			default: // \( \) \\ and any other character stand for themselves
				c = e
			}
		}
		b = append(b, c)
	}
	return nil, errors.New("unterminated string")
}

// hex reads a <hex string>.
func (lx *pdfLexer) hex() (pdfValue, error) {
	end := bytes.IndexByte(lx.data[lx.pos:], '>')
	if end < 0 {
		return nil, errors.New("unterminated hex string")
	}
	var digits []byte
	for _, c := range lx.data[lx.pos+1 : lx.pos+end] {
		if !isPDFSpace(c) {
			digits = append(digits, c)
		}
	}
	lx.pos += end + 1
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	b := make([]byte, len(digits)/2)
	for i := range b {
		n, err := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		if err != nil {
			return nil, fmt.Errorf("bad hex string: %v", err)
		}
		b[i] = byte(n)
	}
	return pdfString(b), nil
}
