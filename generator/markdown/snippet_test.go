package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestSnippetLine(t *testing.T) {
	tests := []struct {
		in         string
		snip, bare bool
	}{
		{`--8<-- "a.md"`, true, false},
		{"   --8<-- 'a.md'\n", true, false},
		{"--8<--\n", true, true},
		{"--8<--  \t", true, true},
		{"    --8<--", false, false}, // indented code
		{"--8<--x", false, false},
		{"--8< a", false, false},
		{"- --8<--", false, false},
	}
	for _, tt := range tests {
		if snip, bare := snippetLine([]byte(tt.in)); snip != tt.snip || bare != tt.bare {
			t.Errorf("snippetLine(%q) = %v, %v; want %v, %v", tt.in, snip, bare, tt.snip, tt.bare)
		}
	}
}

func TestSnippetsWarnAtEachInclude(t *testing.T) {
	src := "Intro.\n--8<-- \"a.md\"\n\n--8<--\nb.md\nc.md\n--8<--\n\n--8<--\n\nEnd.\n"
	doc := New(Options{}).Parse([]byte(src))
	msg := "snippet includes are not supported: paste the text or link to the page"
	want := []Warning{
		{strings.Index(src, "--8<-- \"a.md\""), msg},
		{strings.Index(src, "--8<--\nb.md"), msg},
		{strings.LastIndex(src, "--8<--\n\nEnd"), msg},
	}
	if !reflect.DeepEqual(doc.Warnings, want) {
		t.Errorf("warnings:\n%+v\nwant\n%+v", doc.Warnings, want)
	}
}

// Bare "--8<--" lines pair up: each pair is one block form, one warning.
func TestSnippetBlockFormsPairUp(t *testing.T) {
	src := strings.Repeat("--8<--\nfile.md\n--8<--\n", 1000)
	doc := New(Options{}).Parse([]byte(src))
	if len(doc.Warnings) != 1000 {
		t.Errorf("%d warnings, want one per opening line (1000)", len(doc.Warnings))
	}
	var out strings.Builder
	if err := doc.WriteHTML(&out, nil); err != nil || out.Len() != 0 {
		t.Errorf("body has %d bytes (%v), want none", out.Len(), err)
	}
}
