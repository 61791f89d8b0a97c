package tomlx

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestKeyOffset(t *testing.T) {
	src := "" +
		"title = \"a\"\n" + // 0
		"# weight = 1\n" + // 12
		"  \"quoted key\" = 2\n" + // 25
		"site . name = 3\n" + // 44
		"[markup]\n" + // 60
		"unsafe = true\n" + // 69
		"[ markup . highlight ] # comment\n" + // 83
		"\tstyle = \"x\"\n" + // 116
		"[[links]]\n" + // 129
		"name = \"a\"\n" // 139
	tests := []struct {
		key  string
		want int
	}{
		{"title", 0},
		{"quoted key", 27},
		{`"quoted key"`, 27}, // as toml.Key.String writes it
		{"site.name", 44},
		{"site", 44},          // a table implied by a dotted key: that key
		{"markup", 61},        // the table name, after "["
		{"markup.unsafe", 69}, // key under a [table]
		{"markup.highlight", 85},
		{"markup.highlight.style", 117},
		{"links", 131},
		{"links.name", 139},
		{"markup.nope", 61}, // missing key: its table
		{"weight", 0},       // only in a comment: not found
		{"missing", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := KeyOffset(src, tt.key); got != tt.want {
			t.Errorf("KeyOffset(%q) = %d, want %d", tt.key, got, tt.want)
		}
	}
}

// TestKeyOffsetSkipsStringsCommentsAndValues puts text that looks like a
// key where TOML has none (in strings, comments, arrays) before the real
// key, marked with ^ (removed before the lookup).
func TestKeyOffsetSkipsStringsCommentsAndValues(t *testing.T) {
	tests := []struct {
		name, key, src string
	}{
		{"multi-line basic string", "title",
			"description = \"\"\"\ntitle = \"no\"\n\"\"\"\n^title = \"yes\"\n"},
		{"multi-line literal string", "weight",
			"description = '''\nweight = 1\n'''\n^weight = 2\n"},
		{"multi-line string opening on its own line", "title",
			"description = \"\"\"\n  title = 1\n  [markup]\n\"\"\"\n^title = 2\n"},
		{"escaped quotes do not close a multi-line string", "title",
			"d = \"\"\"a \\\"\"\"\ntitle = 1\n\"\"\"\n^title = 2\n"},
		{"an escaped backslash before the closing quotes", "title",
			"d = \"\"\"a\\\\\"\"\"\n^title = 2\n"},
		{"quotes next to the closing delimiter", "title",
			"d = \"\"\"a\"\"\"\"\"\n^title = 2\n"},
		{"literal quotes next to the closing delimiter", "title",
			"d = '''a'''''\n^title = 2\n"},
		{"a backslash ends nothing in a literal string", "title",
			"d = '''a\\'''\n^title = 2\n"},
		{"a line-ending backslash in a multi-line string", "title",
			"d = \"\"\"a \\\ntitle = 1 \\\n\"\"\"\n^title = 2\n"},
		{"escaped quote in a one-line string", "title",
			"d = \"say \\\"\" # \"\n^title = 2\n"},
		{"comment holding a key", "title",
			"# title = 1\nweight = 1 # title = 2\n^title = 3\n"},
		{"comment holding quotes", "title",
			"# an opening \"\"\" in a comment\n^title = 3\n"},
		{"hash inside a string", "title",
			"d = \"\"\" # not a comment\ntitle = 1\n\"\"\"\n^title = 2\n"},
		{"array over several lines", "title",
			"tags = [\n  \"a\",\n  # title = 1\n  \"title = 2\",\n  '''\ntitle = 3\n''',\n]\n^title = 4\n"},
		{"array of arrays is not a table header", "title",
			"grid = [\n[1, 2],\n[3, 4],\n]\n^title = 1\n"},
		{"top-level key after a table of the same name's key", "params.title",
			"title = 1\n[params]\n^title = 2\n"},
		{"top-level key, not the one in a table", "title",
			"^title = 1\n[params]\ntitle = 2\n"},
		{"key only in a table is not top-level", "unsafe",
			"^[markup]\nunsafe = 1\n"},
		{"dotted key in a table", "markup.highlight.style",
			"[markup]\n^highlight.style = 1\n"},
		{"table implied by a table header", "markup",
			"title = 1\n[^markup.highlight]\nstyle = 1\n"},
		{"quoted key with a dot", `site."a.b"`,
			"[site]\na.b = 1\n^\"a.b\" = 2\n"},
		{"literal quoted key", "a b",
			"x = 1\n^'a b' = 2\n"},
		{"key in an inline table", "markup.highlight.style",
			"markup = { unsafe = true, highlight = { ^style = \"x\" } }\n"},
		{"key in an inline table of an array", "links.nam",
			"links = [\n  { name = \"a\" },\n  { ^nam = \"b\" },\n]\n"},
		{"inline table holding a string with a key", "title",
			"t = { d = \"\"\"\ntitle = 1\n\"\"\" }\n^title = 2\n"},
		{"CRLF line ends", "title",
			"d = '''\r\ntitle = 1\r\n'''\r\n^title = 2\r\n"},
		{"date and time with a space", "title",
			"when = 1979-05-27 07:32:00Z\n^title = 1\n"},
		{"second array table", "links.nam",
			"[[links]]\nname = \"a\"\n[[links]]\n^nam = \"b\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strings.Index(tt.src, "^")
			src := strings.Replace(tt.src, "^", "", 1)
			if _, err := toml.Decode(src, &map[string]any{}); err != nil {
				t.Fatalf("the case is not TOML: %v", err)
			}
			if got := KeyOffset(src, tt.key); got != want {
				t.Errorf("KeyOffset(%q) = %d (%q), want %d (%q)", tt.key, got, src[got:], want, src[want:])
			}
		})
	}
}

func TestKeyOffsetSurvivesBrokenTOML(t *testing.T) {
	for _, src := range []string{
		"a = \"\"\"never closed\ntitle = 1\n",
		"a = '''never closed",
		"a = [1, 2\ntitle = 1\n",
		"a = { b = 1\n",
		"[unclosed\ntitle = 1\n",
		"= 1\n\"open = 2\n",
		"a = \"\\",
		"a.",
		"[[",
		"title: yaml\n",
		"a = }]{[\n",
	} {
		KeyOffset(src, "title") // must return, and not panic
	}
}

func FuzzKeyOffset(f *testing.F) {
	for _, s := range []string{
		"a = \"\"\"\nb = 1\n\"\"\"\nb = 2\n", "x = '''\n'''''\n", "[a . \"b\"]\nc = [\n{d = 1}, # e\n]\n",
		"t = { a = { b = 'c' } }", "a = \"\\\"\"\n", "[[x]]\ny = 1979-05-27 07:32:00Z\n",
	} {
		f.Add(s, "b")
	}
	f.Fuzz(func(t *testing.T, src, key string) {
		if off := KeyOffset(src, key); off < 0 || off > len(src) {
			t.Fatalf("KeyOffset(%q, %q) = %d, outside the source", src, key, off)
		}
	})
}

func TestKeyOffsetsListsEveryTableOfAnArray(t *testing.T) {
	src := "[params]\n[[params.links]]\nurl = \"a\"\n[[params.links]]\nname = \"b\"\n  url = \"b\"\n"
	got := KeyOffsets(src, "params.links.url")
	want := []int{strings.Index(src, "url = \"a\""), strings.Index(src, "url = \"b\"")}
	if !slices.Equal(got, want) {
		t.Errorf("arrays of tables: %v, want %v", got, want)
	}
	inline := "[params]\nlinks = [ { url = \"a\" }, { name = \"n\", url = \"b\" } ]\n"
	got = KeyOffsets(inline, "params.links.url")
	want = []int{strings.Index(inline, "url = \"a\""), strings.Index(inline, "url = \"b\"")}
	if !slices.Equal(got, want) {
		t.Errorf("inline tables: %v, want %v", got, want)
	}
	if got := KeyOffsets(src, "params.nothing"); got != nil {
		t.Errorf("a missing key: %v, want nil", got)
	}
}

func TestItemOffsetsPlaceEachTableOfAnArray(t *testing.T) {
	src := "[params]\n[[params.links]]\nname = \"a\"\nurl = \"a\"\n[[params.links]]\nname = \"b\"\n[gitInfo]\nx = 1\n[[params.links]]\n  url = \"c\"\n"
	want := []int{strings.Index(src, "url = \"a\""), strings.Index(src, "params.links]]\nname = \"b\""), strings.Index(src, "url = \"c\"")}
	if got := ItemOffsets(src, "params.links", "url"); !slices.Equal(got, want) {
		t.Errorf("arrays of tables: %v, want %v", got, want)
	}
	inline := "[params]\nlinks = [\n  { name = \"a\", url = \"a\" },\n  { name = \"b\" },\n  {},\n  { url = \"d\" },\n]\n"
	want = []int{strings.Index(inline, "url = \"a\""), strings.Index(inline, "{ name = \"b\""), strings.Index(inline, "{},"), strings.Index(inline, "url = \"d\"")}
	if got := ItemOffsets(inline, "params.links", "url"); !slices.Equal(got, want) {
		t.Errorf("inline tables: %v, want %v", got, want)
	}
	if got := ItemOffsets(src, "params.other", "url"); got != nil {
		t.Errorf("no such array: %v, want nil", got)
	}
}
