package content

import (
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		fm         string
		fmOffset   int
		bodyOffset int
	}{
		{"no front matter", "# Title\n\nBody\n", "", 0, 0},
		{"empty file", "", "", 0, 0},
		{"closed", "+++\ntitle = \"A\"\n+++\n# Body\n", "title = \"A\"\n", 4, 20},
		{"empty front matter", "+++\n+++\nBody\n", "", 4, 8},
		{"closing fence at end of file", "+++\ntitle = \"A\"\n+++", "title = \"A\"\n", 4, 19},
		{"fences with trailing blanks", "+++ \t\nweight = 1\n+++  \nBody", "weight = 1\n", 6, 23},
		{"byte order mark", "\xef\xbb\xbf+++\ntitle = \"A\"\n+++\nBody", "title = \"A\"\n", 7, 23},
		{"byte order mark, no front matter", "\xef\xbb\xbf# Title\n", "", 0, 3},
		{"CRLF line endings", "+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n", "title = \"A\"\r\n", 5, 23},
		{"fence later in the file is body", "Intro\n+++\nx = 1\n+++\n", "", 0, 0},
		{"four pluses open nothing", "++++\nBody\n", "", 0, 0},
		{"indented fence opens nothing", " +++\nBody\n", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, fmOff, bodyOff, err := splitFrontMatter([]byte(tt.src))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if string(fm) != tt.fm || fmOff != tt.fmOffset || bodyOff != tt.bodyOffset {
				t.Errorf("got (%q, %d, %d), want (%q, %d, %d)", fm, fmOff, bodyOff, tt.fm, tt.fmOffset, tt.bodyOffset)
			}
		})
	}
}

func TestSplitFrontMatterReportsBadFences(t *testing.T) {
	const unclosed = "front matter opened with +++ is not closed; did you forget the closing +++?"
	const yaml = "YAML front matter (---) is not supported; write TOML between +++ lines"
	tests := []struct {
		name   string
		src    string
		msg    string
		offset int
	}{
		{"unclosed", "+++\ntitle = \"A\"\n# Body\n", unclosed, 0},
		{"opening fence alone", "+++", unclosed, 0},
		{"opening fence and newline", "+++\n", unclosed, 0},
		{"closing fence indented", "+++\ntitle = \"A\"\n +++\n", unclosed, 0},
		{"unclosed after a byte order mark", "\xef\xbb\xbf+++\n", unclosed, 3},
		{"YAML", "---\ntitle: A\n---\n", yaml, 0},
		{"YAML with CRLF", "---\r\ntitle: A\r\n---\r\n", yaml, 0},
		{"YAML after a byte order mark", "\xef\xbb\xbf---\n", yaml, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, fmOff, bodyOff, err := splitFrontMatter([]byte(tt.src))
			fe, ok := err.(*fenceError)
			if !ok {
				t.Fatalf("got (%q, %d, %d, %v), want a fence error", fm, fmOff, bodyOff, err)
			}
			if fe.Error() != tt.msg || fe.offset != tt.offset {
				t.Errorf("got %q at %d, want %q at %d", fe.Error(), fe.offset, tt.msg, tt.offset)
			}
		})
	}
}

func TestDateAcceptsTOMLDatesAndStrings(t *testing.T) {
	tests := []struct {
		src  string
		want time.Time
	}{
		{"d = 2026-01-31", time.Date(2026, 1, 31, 0, 0, 0, 0, time.Local)},
		{`d = "2026-01-31"`, time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{`d = "2026-01-31T10:20:30Z"`, time.Date(2026, 1, 31, 10, 20, 30, 0, time.UTC)},
		{`d = "2026-01-31T10:20:30"`, time.Date(2026, 1, 31, 10, 20, 30, 0, time.UTC)},
		{"d = 2026-01-31T10:20:30+02:00", time.Date(2026, 1, 31, 8, 20, 30, 0, time.UTC)},
	}
	for _, tt := range tests {
		var v struct{ D Date }
		if _, err := toml.Decode(tt.src, &v); err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if !v.D.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.src, v.D.Time, tt.want)
		}
	}
}

func TestDateRejectsOtherValues(t *testing.T) {
	tests := []struct{ src, want string }{
		{`d = "31/01/2026"`, `toml: line 1 (last key "d"): "31/01/2026" is not a date like 2026-01-31`},
		{`d = 20260131`, `toml: line 1 (last key "d"): want a date like 2026-01-31, got int64`},
	}
	for _, tt := range tests {
		var v struct{ D Date }
		_, err := toml.Decode(tt.src, &v)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestFrontMatterPrintAndSearchDefaultToTrue(t *testing.T) {
	no := false
	var f FrontMatter
	if !f.InPrint() || !f.InSearch() {
		t.Errorf("unset: InPrint %v, InSearch %v; want true", f.InPrint(), f.InSearch())
	}
	f.Print, f.Search = &no, &no
	if f.InPrint() || f.InSearch() {
		t.Errorf("set to false: InPrint %v, InSearch %v; want false", f.InPrint(), f.InSearch())
	}
}
