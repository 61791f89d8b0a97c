package diag

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

func TestLinesPosMapsOffsetsToLineAndRuneColumn(t *testing.T) {
	src := []byte("ab\nçé x\n\nlast")
	// Byte offsets:  a0 b1 \n2 | ç3-4 é5-6 ' '7 x8 \n9 | \n10 | l11 a12 s13 t14
	lines := NewLines("content/a.md", src)
	tests := []struct {
		off  int
		want Pos
	}{
		{0, Pos{"content/a.md", 1, 1}},
		{1, Pos{"content/a.md", 1, 2}},
		{2, Pos{"content/a.md", 1, 3}}, // the newline ends its own line
		{3, Pos{"content/a.md", 2, 1}},
		{5, Pos{"content/a.md", 2, 2}}, // é follows a two-byte ç
		{7, Pos{"content/a.md", 2, 3}},
		{8, Pos{"content/a.md", 2, 4}},
		{10, Pos{"content/a.md", 3, 1}}, // empty line
		{11, Pos{"content/a.md", 4, 1}},
		{14, Pos{"content/a.md", 4, 4}},
		{15, Pos{"content/a.md", 4, 5}}, // end of file
		{-7, Pos{"content/a.md", 1, 1}}, // clamped
		{99, Pos{"content/a.md", 4, 5}}, // clamped
	}
	for _, tt := range tests {
		if got := lines.Pos(tt.off); got != tt.want {
			t.Errorf("Pos(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
}

// Long lines are counted from marks rather than from their start; the
// columns must be those that counting from the start gives, for every
// offset, on lines of one-, two-, three- and four-byte characters.
func TestLinesPosOnLongLinesCountsAsFromTheLineStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "é", "€", "😀", " ", "\n", "\xff"}
	var b bytes.Buffer
	for b.Len() < 5*markEvery {
		b.WriteString(pieces[rng.IntN(len(pieces)-1)])
	}
	b.WriteString("\n\n")
	for b.Len() < 40*markEvery { // a few long lines, and an invalid byte
		p := pieces[rng.IntN(len(pieces))]
		if p == "\n" && rng.IntN(200) > 0 {
			continue
		}
		b.WriteString(p)
	}
	src := b.Bytes()
	lines := NewLines("f", src)
	want := Pos{"f", 1, 1}
	for off := 0; off <= len(src); { // at every character
		if got := lines.Pos(off); got != want {
			t.Fatalf("Pos(%d) = %v, want %v", off, got, want)
		}
		if off == len(src) {
			break
		}
		_, size := utf8.DecodeRune(src[off:])
		want.Col++
		if src[off] == '\n' {
			want.Line, want.Col = want.Line+1, 1
		}
		off += size
	}
}

func TestLinesPosOnEmptyFile(t *testing.T) {
	lines := NewLines("site.toml", nil)
	for _, off := range []int{-1, 0, 1} {
		if got, want := lines.Pos(off), (Pos{"site.toml", 1, 1}); got != want {
			t.Errorf("Pos(%d) = %v, want %v", off, got, want)
		}
	}
}

func TestLinesAtConvertsByteColumns(t *testing.T) {
	src := []byte("ü = 1\nkey = 2\n")
	lines := NewLines("site.toml", src)
	tests := []struct {
		line, byteCol int
		want          Pos
	}{
		{1, 1, Pos{"site.toml", 1, 1}},
		{1, 4, Pos{"site.toml", 1, 3}}, // "ü" is two bytes, one column
		{2, 7, Pos{"site.toml", 2, 7}},
		{2, 0, Pos{"site.toml", 2, 1}},   // column clamped to the line start
		{1, 50, Pos{"site.toml", 1, 6}},  // column clamped to the line's newline
		{3, 1, Pos{"site.toml", 3, 1}},   // the empty last line
		{0, 1, Pos{"site.toml", 1, 1}},   // line clamped up
		{9, 1, Pos{"site.toml", 3, 1}},   // line clamped down
		{9, 50, Pos{"site.toml", 3, 1}},  // both clamped
		{-1, -1, Pos{"site.toml", 1, 1}}, // both clamped
	}
	for _, tt := range tests {
		if got := lines.at(tt.line, tt.byteCol); got != tt.want {
			t.Errorf("at(%d, %d) = %v, want %v", tt.line, tt.byteCol, got, tt.want)
		}
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{"content/a.md", 3, 7}, "content/a.md:3:7"},
		{Pos{"content/a.md", 3, 0}, "content/a.md:3"},
		{Pos{"content/a.md", 0, 7}, "content/a.md"},
		{Pos{"", 3, 7}, ""},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestDiagnosticErrorFormatsPositionAndSeverity(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos{"content/a.md", 14, 5}, Error, `link to "pricing.md" does not resolve`},
			`content/a.md:14:5: link to "pricing.md" does not resolve`},
		{Diagnostic{Pos{"content/a.md", 3, 1}, Warning, `unknown key "titel"`},
			`content/a.md:3:1: warning: unknown key "titel"`},
		{Diagnostic{Pos{File: "content"}, Error, "content folder not found"},
			"content: content folder not found"},
		{Diagnostic{Pos{}, Warning, "no pages"}, "warning: no pages"},
		{Diagnostic{Pos{}, Error, "load: canceled"}, "load: canceled"},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestListSortOrdersByFileLineColumnMessage(t *testing.T) {
	var l List
	l.Errorf(Pos{"b.md", 1, 1}, "b")
	l.Warnf(Pos{"a.md", 10, 1}, "late line")
	l.Errorf(Pos{"a.md", 2, 9}, "later column")
	l.Errorf(Pos{"a.md", 2, 3}, "z message")
	l.Errorf(Pos{"a.md", 2, 3}, "a message")
	l.Errorf(Pos{}, "no file")
	l.Sort()
	want := "no file\n" +
		"a.md:2:3: a message\n" +
		"a.md:2:3: z message\n" +
		"a.md:2:9: later column\n" +
		"a.md:10:1: warning: late line\n" +
		"b.md:1:1: b"
	if got := l.Error(); got != want {
		t.Errorf("sorted list:\n%s\nwant:\n%s", got, want)
	}
}

func TestListAppendKeepsOrder(t *testing.T) {
	var a, b List
	a.Errorf(Pos{"a.md", 1, 1}, "first")
	b.Warnf(Pos{"b.md", 2, 2}, "second %d", 2)
	a.Append(b)
	if got, want := a.Error(), "a.md:1:1: first\nb.md:2:2: warning: second 2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHasErrorsCountsWarningsOnlyWhenStrict(t *testing.T) {
	var warnings List
	warnings.Warnf(Pos{"site.toml", 1, 1}, `unknown key "titel"`)
	var mixed List
	mixed.Warnf(Pos{"site.toml", 1, 1}, `unknown key "titel"`)
	mixed.Errorf(Pos{"site.toml", 2, 1}, "bad")
	tests := []struct {
		name   string
		l      List
		strict bool
		want   bool
	}{
		{"empty", nil, false, false},
		{"empty strict", nil, true, false},
		{"warnings", warnings, false, false},
		{"warnings strict", warnings, true, true},
		{"errors", mixed, false, true},
		{"errors strict", mixed, true, true},
	}
	for _, tt := range tests {
		if got := tt.l.HasErrors(tt.strict); got != tt.want {
			t.Errorf("%s: HasErrors(%v) = %v, want %v", tt.name, tt.strict, got, tt.want)
		}
	}
}

func TestErrReturnsNilWithoutErrors(t *testing.T) {
	var l List
	if err := l.Err(false); err != nil {
		t.Errorf("empty list: Err = %v, want nil", err)
	}
	l.Warnf(Pos{"site.toml", 1, 1}, `unknown key "titel"`)
	if err := l.Err(false); err != nil {
		t.Errorf("warnings only: Err(false) = %v, want nil", err)
	}
}

func TestErrReturnsSortedErrorsAndDropsWarnings(t *testing.T) {
	var l List
	l.Errorf(Pos{"content/b.md", 1, 1}, "second")
	l.Warnf(Pos{"content/a.md", 5, 1}, `unknown key "titel"`)
	l.Errorf(Pos{"content/a.md", 9, 2}, "first")

	err := l.Err(false)
	if got, want := err.Error(), "content/a.md:9:2: first\ncontent/b.md:1:1: second"; got != want {
		t.Errorf("Err(false) = %q, want %q", got, want)
	}
	var list List
	if !errors.As(err, &list) || len(list) != 2 {
		t.Errorf("Err(false) = %#v, want a List of 2", err)
	}
	// The receiver keeps its order: Err sorts a copy.
	if l[0].Msg != "second" {
		t.Errorf("Err reordered the list: first is %q", l[0].Msg)
	}

	err = l.Err(true)
	want := "content/a.md:5:1: warning: unknown key \"titel\"\ncontent/a.md:9:2: first\ncontent/b.md:1:1: second"
	if got := err.Error(); got != want {
		t.Errorf("Err(true) = %q, want %q", got, want)
	}
}

func TestLinesRoundTripThroughBinary(t *testing.T) {
	src := []byte("+++\ntitle = \"é\"\n+++\nbody\n")
	l := NewLines("content/a.md", src).Head(21)
	b, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Lines
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for off := 0; off <= 21; off++ {
		if got, want := back.Pos(off), l.Pos(off); got != want {
			t.Errorf("offset %d: %v after the round trip, %v before", off, got, want)
		}
	}
	if string(back.Source()) != string(l.Source()) {
		t.Errorf("source %q, want %q", back.Source(), l.Source())
	}
	for _, bad := range [][]byte{nil, {0xff}, {50, 'a'}} {
		if err := new(Lines).UnmarshalBinary(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
