package tomlx

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// KeyOffset returns the byte offset in src where the dotted key is defined,
// or 0 when it cannot be found: the start of the key in a key/value pair
// (in an inline table too), or of the name in a [table] or [[table]]
// header. A table that is only implied, as a dotted key or a header
// implies its parents, is where the first key that implies it starts; a
// key that is not there falls back to its table. key is written as
// toml.Key.String writes it (a."b.c"); quotes around a part without dots
// may be left out.
//
// src is scanned as TOML, so that nothing inside a string (multi-line
// ones included), a comment or a value is taken for a key.
func KeyOffset(src, key string) int {
	s := &scanner{src: src, maxDepth: maxScanDepth}
	s.scan()
	return newKeyIndex(s.defs).offset(splitKey(key))
}

// KeyOffsets returns the byte offsets in src of every definition of the
// dotted key, in document order: one per table of an array of tables
// ([[a]] k = 1, or a = [{k = 1}, {k = 2}]) that defines it. key is
// written as for KeyOffset; nil when it is defined nowhere.
func KeyOffsets(src, key string) []int {
	return offsetsAt(scanned(src).defs, splitKey(key))
}

// ItemOffsets returns, for each table of the array of tables key
// ([[key]] headers, or key = [{…}, …]) in document order, the byte
// offset in src of its field (a key within the table, written as for
// KeyOffset), or of the table itself where it has no field: the name in
// its header, or its "{".
func ItemOffsets(src, key, field string) []int {
	s := scanned(src)
	want := splitKey(key)
	starts := offsetsAt(s.items, want)
	offs := slices.Clone(starts)
	found := make([]bool, len(offs))
	fieldPath := append(slices.Clip(want), splitKey(field)...)
	for _, d := range s.defs {
		if !slices.Equal(d.path, fieldPath) {
			continue
		}
		// The field belongs to the last table that begins before it.
		i := sort.SearchInts(starts, d.off+1) - 1
		if i >= 0 && !found[i] {
			offs[i], found[i] = d.off, true
		}
	}
	return offs
}

// scanned returns the scanner that has scanned src, within
// maxScanDepth.
func scanned(src string) *scanner {
	s := &scanner{src: src, maxDepth: maxScanDepth}
	s.scan()
	return s
}

// offsetsAt returns the offsets of the defs whose path is path, in order.
func offsetsAt(defs []def, path []string) []int {
	var offs []int
	for _, d := range defs {
		if slices.Equal(d.path, path) {
			offs = append(offs, d.off)
		}
	}
	return offs
}

// maxScanDepth stops KeyOffset's scan of a document that Decode's bounds
// did not check first: its recursion follows the nesting.
const maxScanDepth = 1 << 10

// keyIndex finds where keys are defined in one document, each in time
// proportional to the key's parts rather than to the document.
type keyIndex struct {
	// defined maps a key path to its first definition; implied maps a
	// table path to the first key below it.
	defined, implied map[string]int
}

func newKeyIndex(defs []def) keyIndex {
	ix := keyIndex{defined: map[string]int{}, implied: map[string]int{}}
	for _, d := range defs {
		var b strings.Builder
		for n, part := range d.path {
			writePart(&b, part)
			m := ix.implied
			if n == len(d.path)-1 {
				m = ix.defined
			}
			if k := b.String(); !has(m, k) {
				m[k] = d.off
			}
		}
	}
	return ix
}

func has(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// offset is KeyOffset for a key split into its parts.
func (ix keyIndex) offset(want []string) int {
	for ; len(want) > 0; want = want[:len(want)-1] {
		k := pathKey(want)
		if off, ok := ix.defined[k]; ok {
			return off
		}
		if off, ok := ix.implied[k]; ok {
			return off
		}
	}
	return 0
}

// pathKey joins the parts of a key path into a map key; each part is
// prefixed with its length, so that no two paths give the same string.
func pathKey(path []string) string {
	var b strings.Builder
	for _, p := range path {
		writePart(&b, p)
	}
	return b.String()
}

func writePart(b *strings.Builder, part string) {
	b.WriteString(strconv.Itoa(len(part)))
	b.WriteByte(':')
	b.WriteString(part)
}

// splitKey splits a dotted key into its parts, without their quotes.
func splitKey(key string) []string {
	if key == "" {
		return nil
	}
	if !strings.ContainsAny(key, `"'`) {
		parts := strings.Split(key, ".")
		for i, p := range parts {
			parts[i] = strings.TrimSpace(p)
		}
		return parts
	}
	s := scanner{src: key}
	return s.key(1)
}

// def is where a key is defined: its full path and the offset of its text.
type def struct {
	path []string
	off  int
}

// scan lists the keys and table headers of the document in order, in
// s.defs, until its end or a fault.
//
// Nesting is counted as the YAML and JSON front matter decoders count it:
// the document is level 1, the value of a top-level key level 2, and each
// part of a dotted key or table name, each array, each inline table and
// each table of an array of tables one more.
func (s *scanner) scan() {
	s.arrays = map[string]bool{}
	var table []string
	depth := 1 // of the table the keys go into
	for {
		s.skipBlank()
		if s.i >= len(s.src) {
			return
		}
		if s.src[s.i] == '[' {
			at := s.i
			s.i++
			array := s.peek('[')
			if array {
				s.i++
			}
			s.skipSpace()
			off := s.i
			table = s.key(2)
			if array {
				s.arrays[pathKey(table)] = true
			}
			// Each table of an array of tables is a level below its
			// array: [[a]] then [[a.b]] puts b's tables at level 5.
			depth = 1
			var prefix strings.Builder
			for _, part := range table {
				writePart(&prefix, part)
				if depth++; s.arrays[prefix.String()] {
					depth++
				}
			}
			if len(table) > 0 {
				s.check(depth, at)
				s.add(table, off)
				if array {
					s.items = append(s.items, def{path: slices.Clone(table), off: off})
				}
			}
		} else {
			s.keyValue(table, depth)
		}
		// The rest of the line: a comment, or what a broken line left.
		for s.i < len(s.src) && s.src[s.i] != '\n' {
			s.i++
		}
	}
}

// scanner reads TOML just far enough to find its keys. It never fails:
// on text that is not TOML it moves on and finds what it can. Past its
// bounds it stops, at s.fault.
type scanner struct {
	src  string
	i    int
	defs []def
	// maxDepth bounds nesting and maxKey the bytes of one part of a key;
	// zero is no bound.
	maxDepth, maxKey int
	fault            *fault
	// arrays holds the paths (pathKey) of the arrays of tables so far.
	arrays map[string]bool
	// items are where the tables of arrays of tables begin: the name in
	// a [[header]], or the "{" of an inline table in an array.
	items []def
}

// fault is where a document goes past the scanner's bounds.
type fault struct {
	off int
	// depth is set for nesting too deep, keyLen for a key part too long.
	depth  bool
	keyLen int
}

// check stops the scan with a fault at off when depth is past the bound.
func (s *scanner) check(depth, off int) bool {
	if s.maxDepth == 0 || depth <= s.maxDepth {
		return true
	}
	s.stop(&fault{off: off, depth: true})
	return false
}

// stop ends the scan: every loop of the scanner ends at the source's end.
func (s *scanner) stop(f *fault) {
	if s.fault == nil {
		s.fault = f
	}
	s.i = len(s.src)
}

func (s *scanner) peek(c byte) bool { return s.i < len(s.src) && s.src[s.i] == c }

func (s *scanner) add(path []string, off int) {
	s.defs = append(s.defs, def{path: slices.Clone(path), off: off})
}

// skipSpace skips blanks within a line.
func (s *scanner) skipSpace() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// skipBlank skips blanks, line ends and comments.
func (s *scanner) skipBlank() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		case '#':
			for s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
		default:
			return
		}
	}
}

// keyValue reads `key = value` with the key under table, which is at
// the given depth.
func (s *scanner) keyValue(table []string, depth int) {
	off := s.i
	k := s.key(depth + 1)
	s.skipSpace()
	if len(k) == 0 || !s.peek('=') {
		return
	}
	s.i++
	path := append(slices.Clip(table), k...)
	s.add(path, off)
	s.value(path, depth+len(k))
}

// key reads a dotted key and returns its parts, unquoted. The first part
// names a value at depth, the next one level deeper and so on.
func (s *scanner) key(depth int) []string {
	var parts []string
	for {
		s.skipSpace()
		start := s.i
		if !s.check(depth+len(parts), start) {
			return parts
		}
		var part string
		switch {
		case s.peek('"'):
			raw := s.basicString()
			var err error
			if part, err = strconv.Unquote(raw); err != nil {
				part = strings.Trim(raw, `"`)
			}
		case s.peek('\''):
			part = strings.Trim(s.literalString(), "'")
		default:
			for s.i < len(s.src) && isBare(s.src[s.i]) {
				s.i++
			}
			if s.i == start {
				return parts
			}
			part = s.src[start:s.i]
		}
		if s.maxKey > 0 && len(part) > s.maxKey {
			s.stop(&fault{off: start, keyLen: len(part)})
			return parts
		}
		parts = append(parts, part)
		s.skipSpace()
		if !s.peek('.') {
			return parts
		}
		s.i++
	}
}

// isBare reports whether c can be part of a bare key: ASCII letters,
// digits, _ and -, and, leniently, any byte of a non-ASCII rune.
func isBare(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c >= 0x80
}

// itemsOf skips the items of an array or inline table, from its opening
// bracket to close, reading each with item.
func (s *scanner) itemsOf(close byte, item func()) {
	s.i++
	for {
		s.skipBlank()
		switch {
		case s.i >= len(s.src):
			return
		case s.peek(close):
			s.i++
			return
		case s.peek(','):
			s.i++
		default:
			at := s.i
			item()
			if s.i == at { // a character no item starts with
				s.i++
			}
		}
	}
}

// value skips a value at depth; keys in inline tables, also those inside
// arrays, are recorded under path.
func (s *scanner) value(path []string, depth int) {
	s.skipSpace()
	if s.i >= len(s.src) || !s.check(depth, s.i) {
		return
	}
	switch s.src[s.i] {
	case '"':
		s.basicString()
	case '\'':
		s.literalString()
	case '[':
		s.itemsOf(']', func() {
			if s.peek('{') { // a table of an array of tables
				s.items = append(s.items, def{path: slices.Clone(path), off: s.i})
			}
			s.value(path, depth+1)
		})
	case '{':
		s.itemsOf('}', func() { s.keyValue(path, depth) })
	default: // numbers, booleans, dates: up to a delimiter
		for s.i < len(s.src) && !strings.ContainsRune(" \t\r\n#,]}", rune(s.src[s.i])) {
			s.i++
		}
	}
}

// basicString reads a basic string, one-line or multi-line (three double
// quotes), from its opening quote and returns it with its quotes.
func (s *scanner) basicString() string {
	start := s.i
	if strings.HasPrefix(s.src[s.i:], `"""`) {
		s.i += 3
		for s.i < len(s.src) {
			switch {
			case s.src[s.i] == '\\':
				s.i += 2
			case strings.HasPrefix(s.src[s.i:], `"""`):
				s.i += 3
				s.extraQuotes('"')
				return s.src[start:s.i]
			default:
				s.i++
			}
		}
		s.i = len(s.src)
		return s.src[start:]
	}
	s.i++
	for s.i < len(s.src) && s.src[s.i] != '"' && s.src[s.i] != '\n' {
		if s.src[s.i] == '\\' && s.i+1 < len(s.src) && s.src[s.i+1] != '\n' {
			s.i++
		}
		s.i++
	}
	if s.peek('"') {
		s.i++
	}
	return s.src[start:s.i]
}

// literalString reads a literal string, one-line or multi-line (three
// single quotes), from its opening quote and returns it with its quotes.
// Literal strings have no escapes.
func (s *scanner) literalString() string {
	start := s.i
	if strings.HasPrefix(s.src[s.i:], "'''") {
		end := strings.Index(s.src[s.i+3:], "'''")
		if end < 0 {
			s.i = len(s.src)
			return s.src[start:]
		}
		s.i += 3 + end + 3
		s.extraQuotes('\'')
		return s.src[start:s.i]
	}
	s.i++
	for s.i < len(s.src) && s.src[s.i] != '\'' && s.src[s.i] != '\n' {
		s.i++
	}
	if s.peek('\'') {
		s.i++
	}
	return s.src[start:s.i]
}

// extraQuotes takes up to two more quotes after the three that close a
// multi-line string: TOML lets one end in one or two quotes of its own.
func (s *scanner) extraQuotes(q byte) {
	for n := 0; n < 2 && s.peek(q); n++ {
		s.i++
	}
}
