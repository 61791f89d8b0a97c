package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The arrow parser reads a run of dashes from its start only: from a dash
// inside a run it reads nothing, so a long run costs time in proportion to
// its length, not its square (the typographer asks at every dash it
// leaves).
func TestArrowParserReadsARunOnce(t *testing.T) {
	for _, tc := range []struct {
		src  string
		at   int
		want string // the text read, "" for none
	}{
		{"a --> b", 2, "--"},
		{"a <-- b", 3, "--"},
		{"a <--> b", 3, "--"},
		{"a ----> b", 2, "----"},
		{"a ----> b", 3, ""}, // inside the run
		{"a ----> b", 4, ""},
		{"a -- b", 2, ""},
		{"a -> b", 2, ""},
		{"a --", 2, ""},
	} {
		r := text.NewReader([]byte(tc.src))
		r.Advance(tc.at)
		got := ""
		if n := (arrowParser{}).Parse(nil, r, parser.NewContext()); n != nil {
			got = string(n.(*ast.Text).Value([]byte(tc.src)))
		}
		if got != tc.want {
			t.Errorf("%q at %d: read %q, want %q", tc.src, tc.at, got, tc.want)
		}
	}
	// A long run renders as dashes.
	var b strings.Builder
	if err := New(Options{}).Parse([]byte(strings.Repeat("-", 20_000)+"x\n")).WriteHTML(&b, nil); err != nil {
		t.Fatal(err)
	}
	if want := "<p>" + strings.Repeat("&mdash;", 6666) + "&ndash;x</p>"; strings.TrimSpace(b.String()) != want {
		t.Errorf("got %.80q…, want em dashes and an en dash", b.String())
	}
}
