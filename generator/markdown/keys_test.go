package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	tests := []struct {
		in   string
		keys []string
		n    int
	}{
		{"++ctrl+alt+del++ rest", []string{"Ctrl", "Alt", "Del"}, 16},
		{"++k++", []string{"K"}, 5},
		{"++F12++", []string{"F12"}, 7},
		{"++fn++", []string{"Fn"}, 6},
		{"++f1x++", []string{"f1x"}, 7},
		{`++ctrl+"Any key"++`, []string{"Ctrl", "Any key"}, 18},
		{"++my_key-2++", []string{"my_key-2"}, 12},
		{"++ctrl+++", nil, 0},
		{"++ctrl+++a", nil, 0},
		{"++ctrl++++", nil, 0},
		{"++ctrl", nil, 0},
		{"++ ctrl++", nil, 0},
		{"++ctrl+ alt++", nil, 0},
		{`++""++`, nil, 0},
		{`++"open++`, nil, 0},
		{"++++", nil, 0},
		{"++" + strings.Repeat("a+", 200) + "a++", nil, 0},
	}
	for _, tt := range tests {
		keys, n, ok := parseKeys([]byte(tt.in))
		if !reflect.DeepEqual(keys, tt.keys) || n != tt.n || ok != (tt.keys != nil) {
			t.Errorf("parseKeys(%q) = %q, %d, %v; want %q, %d", tt.in, keys, n, ok, tt.keys, tt.n)
		}
	}
}
