package search

import (
	"strings"
	"testing"
)

func TestClipCutsAtASpaceOrAfterAWholeRune(t *testing.T) {
	cjk := "CRM に" + strings.Repeat("商談を準備する。", 100) // one space, at the start
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"pricing objection handling", 20, "pricing objection"},
		{"mutual\u00a0action", 8, "mutual\u00a0"}, // no space: whole runes only
		{cjk, 101, cjk[:100]},                     // 101 bytes would cut a rune
		{"商談", 4, "商"},
	} {
		if got := clip(c.in, c.n); got != c.want {
			t.Errorf("clip(%.20q…, %d) = %.40q…, want %.40q…", c.in, c.n, got, c.want)
		}
	}
}
