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
		format     format
		fm         string
		fmOffset   int
		bodyOffset int
	}{
		{"no front matter", "# Title\n\nBody\n", noFrontMatter, "", 0, 0},
		{"empty file", "", noFrontMatter, "", 0, 0},
		{"closed", "+++\ntitle = \"A\"\n+++\n# Body\n", tomlFormat, "title = \"A\"\n", 4, 20},
		{"empty front matter", "+++\n+++\nBody\n", tomlFormat, "", 4, 8},
		{"closing fence at end of file", "+++\ntitle = \"A\"\n+++", tomlFormat, "title = \"A\"\n", 4, 19},
		{"fences with trailing blanks", "+++ \t\nweight = 1\n+++  \nBody", tomlFormat, "weight = 1\n", 6, 23},
		{"byte order mark", "\xef\xbb\xbf+++\ntitle = \"A\"\n+++\nBody", tomlFormat, "title = \"A\"\n", 7, 23},
		{"byte order mark, no front matter", "\xef\xbb\xbf# Title\n", noFrontMatter, "", 0, 3},
		{"CRLF line endings", "+++\r\ntitle = \"A\"\r\n+++\r\n", tomlFormat, "title = \"A\"\r\n", 5, 23},
		{"fence later in the file is body", "Intro\n+++\nx = 1\n+++\n", noFrontMatter, "", 0, 0},
		{"four pluses open nothing", "++++\nBody\n", noFrontMatter, "", 0, 0},
		{"indented fence opens nothing", " +++\nBody\n", noFrontMatter, "", 0, 0},
		{"blank lines before the fence", "\n \t\r\n+++\ntitle = \"A\"\n+++\n", tomlFormat, "title = \"A\"\n", 9, 25},
		{"byte order mark and a blank line", "\xef\xbb\xbf\n+++\n+++\n", tomlFormat, "", 8, 12},
		{"blank lines and no fence keep the body whole", "\n\n# Title\n", noFrontMatter, "", 0, 0},
		{"only blank lines", "\n\n", noFrontMatter, "", 0, 0},
		{"YAML", "---\ntitle: A\n---\nBody\n", yamlFormat, "title: A\n", 4, 17},
		{"YAML with CRLF", "---\r\ntitle: A\r\n---\r\n", yamlFormat, "title: A\r\n", 5, 20},
		{"YAML after a blank line", "\n---\ntitle: A\n---\n", yamlFormat, "title: A\n", 5, 18},
		{"JSON", "{\n\"title\": \"A\"\n}\nBody\n", jsonFormat, "{\n\"title\": \"A\"\n}", 0, 17},
		{"JSON with nested objects and braces in strings", "{\n\"a\": {\"b\": \"}\\\"{\"},\n\"c\": 1\n}  \n# Body", jsonFormat, "{\n\"a\": {\"b\": \"}\\\"{\"},\n\"c\": 1\n}", 0, 33},
		{"JSON at the end of the file", "\xef\xbb\xbf{\n}", jsonFormat, "{\n}", 3, 6},
		{"a line starting with { is no JSON", "{{< note >}}\n", noFrontMatter, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := splitFrontMatter([]byte(tt.src))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if b.format != tt.format || string(b.text) != tt.fm || b.offset != tt.fmOffset || b.body != tt.bodyOffset {
				t.Errorf("got (%d, %q, %d, %d), want (%d, %q, %d, %d)", b.format, b.text, b.offset, b.body, tt.format, tt.fm, tt.fmOffset, tt.bodyOffset)
			}
		})
	}
}

func TestSplitFrontMatterReportsBadFences(t *testing.T) {
	const unclosed = "front matter opened with +++ is not closed; did you forget the closing +++?"
	const unclosedYAML = "front matter opened with --- is not closed; did you forget the closing ---?"
	const unclosedJSON = "front matter opened with { is not closed; did you forget the closing }?"
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
		{"unclosed after blank lines", "\n\n+++\nx = 1\n", unclosed, 2},
		{"unclosed YAML", "---\ntitle: A\n", unclosedYAML, 0},
		{"unclosed YAML after a byte order mark", "\xef\xbb\xbf---\n", unclosedYAML, 3},
		{"unclosed JSON", "{\n\"title\": \"A\"\n", unclosedJSON, 0},
		{"JSON string never closed", "{\n\"title\": \"A}\n", unclosedJSON, 0},
		{"text after the closing brace", "{\n\"a\": 1\n} # Title\n", "text after the } that closes the front matter; start the body on the next line", 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := splitFrontMatter([]byte(tt.src))
			fe, ok := err.(*fenceError)
			if !ok {
				t.Fatalf("got (%+v, %v), want a fence error", b, err)
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
