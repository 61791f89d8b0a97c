package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseAbbrDef(t *testing.T) {
	tests := []struct {
		in          string
		term, title string
		ok          bool
	}{
		{"*[MEDDICC]: Metrics, Economic buyer\n", "MEDDICC", "Metrics, Economic buyer", true},
		{"   *[ACV] : Annual contract value", "ACV", "Annual contract value", true},
		{"*[ACV]:", "ACV", "", true},
		{"*[ Two words ]:  x ", "Two words", "x", true},
		{"*[]: empty", "", "", false},
		{"*[A\\B]: backslash", "", "", false},
		{"*[A]  : two spaces", "", "", false},
		{"*[A] no colon", "", "", false},
		{"    *[A]: indented code", "", "", false},
		{"* [A]: list", "", "", false},
	}
	for _, tt := range tests {
		term, title, ok := parseAbbrDef([]byte(tt.in))
		if term != tt.term || title != tt.title || ok != tt.ok {
			t.Errorf("parseAbbrDef(%q) = %q, %q, %v; want %q, %q, %v", tt.in, term, title, ok, tt.term, tt.title, tt.ok)
		}
	}
}

// Terms are bounded per page; the first one past the bound says so.
func TestAbbrsPastTheBoundWarn(t *testing.T) {
	var b strings.Builder
	b.WriteString("T1 and T1001.\n\n")
	for i := 1; i <= maxAbbrs+2; i++ {
		fmt.Fprintf(&b, "*[T%d]: term %d\n", i, i)
	}
	src := b.String()
	doc := New(Options{}).Parse([]byte(src))
	want := []Warning{{strings.Index(src, "*[T1001]"), "more than 1000 abbreviations on one page: the rest are left out"}}
	if !reflect.DeepEqual(doc.Warnings, want) {
		t.Errorf("warnings = %+v, want %+v", doc.Warnings, want)
	}
	var out strings.Builder
	if err := doc.WriteHTML(&out, nil); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "<p><abbr title=\"term 1\">T1</abbr> and T1001.</p>\n" {
		t.Errorf("body = %.200q", got)
	}
}

// Abbreviations add no words and keep the prose searchable as written.
func TestAbbrsKeepWordsAndSearchText(t *testing.T) {
	doc := New(Options{}).Parse([]byte("Qualify with MEDDICC today.\n\n*[MEDDICC]: Metrics and more\n"))
	if plain := New(Options{}).Parse([]byte("Qualify with MEDDICC today.\n")); doc.Words != plain.Words {
		t.Errorf("Words = %d, want %d as without the definition", doc.Words, plain.Words)
	}
	if text, err := doc.Text(); err != nil || text != "Qualify with MEDDICC today." {
		t.Errorf("Text = %q, %v", text, err)
	}
}
