package tomlx

import (
	"slices"
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
	want := splitKey(key)
	if len(want) == 0 {
		return 0
	}
	defs := definitions(src)
	for ; len(want) > 0; want = want[:len(want)-1] {
		implied := -1
		for _, d := range defs {
			if slices.Equal(d.path, want) {
				return d.off
			}
			if implied < 0 && len(d.path) > len(want) && slices.Equal(d.path[:len(want)], want) {
				implied = d.off
			}
		}
		if implied >= 0 {
			return implied
		}
	}
	return 0
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
	return s.key()
}

// def is where a key is defined: its full path and the offset of its text.
type def struct {
	path []string
	off  int
}

// definitions lists the keys and table headers of src in order.
func definitions(src string) []def {
	s := &scanner{src: src}
	var table []string
	for {
		s.skipBlank()
		if s.i >= len(s.src) {
			return s.defs
		}
		if s.src[s.i] == '[' {
			s.i++
			if s.peek('[') {
				s.i++
			}
			s.skipSpace()
			off := s.i
			table = s.key()
			if len(table) > 0 {
				s.add(table, off)
			}
		} else {
			s.keyValue(table)
		}
		// The rest of the line: a comment, or what a broken line left.
		for s.i < len(s.src) && s.src[s.i] != '\n' {
			s.i++
		}
	}
}

// scanner reads TOML just far enough to find its keys. It never fails:
// on text that is not TOML it moves on and finds what it can.
type scanner struct {
	src  string
	i    int
	defs []def
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

// keyValue reads `key = value` with the key under table. It reports
// whether there was one.
func (s *scanner) keyValue(table []string) bool {
	off := s.i
	k := s.key()
	s.skipSpace()
	if len(k) == 0 || !s.peek('=') {
		return false
	}
	s.i++
	path := append(slices.Clip(table), k...)
	s.add(path, off)
	s.value(path)
	return true
}

// key reads a dotted key and returns its parts, unquoted.
func (s *scanner) key() []string {
	var parts []string
	for {
		s.skipSpace()
		start := s.i
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

// items skips the items of an array or inline table, from its opening
// bracket to close, reading each with item.
func (s *scanner) items(close byte, item func()) {
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

// value skips a value; keys in inline tables, also those inside arrays,
// are recorded under path.
func (s *scanner) value(path []string) {
	s.skipSpace()
	if s.i >= len(s.src) {
		return
	}
	switch s.src[s.i] {
	case '"':
		s.basicString()
	case '\'':
		s.literalString()
	case '[':
		s.items(']', func() { s.value(path) })
	case '{':
		s.items('}', func() { s.keyValue(path) })
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
