package search

import "strings"

// clip cuts s to at most n bytes: at the last space when one is near the
// end, else (text without spaces, such as Chinese or Japanese) after the
// last whole rune.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 && i >= n-64 {
		return s[:i]
	}
	return strings.ToValidUTF8(s[:n], "")
}
