package tomlx

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// boundsLimits are the front matter's limits with the default nesting.
var boundsLimits = Limits{MaxDepth: 32, Setting: "limits.maxNesting in site.toml"}

// decodeBounded runs Decode on src as the front matter of content/a.md,
// after a "+++" line.
func decodeBounded(src string) string {
	var d doc
	file := "+++\n" + src
	return Decode(src, &d, diag.NewLines("content/a.md", []byte(file)), 4, boundsLimits, "params").Error()
}

// Each of these held BurntSushi/toml for tens of seconds and gigabytes (a
// dotted key of 30,000 parts: 38 s and 3.8 GB, then out of memory); they
// are errors at the place that goes too deep or too long, found before the
// decoder runs.
func TestDecodeRefusesNestingAndKeysPastTheBounds(t *testing.T) {
	deep := "content/a.md:%s: nested deeper than 32 levels (limits.maxNesting in site.toml)"
	tests := []struct {
		name, src, want string
	}{
		{"dotted key of 30,000 parts",
			"title = \"x\"\n" + strings.Repeat("a.", 30_000) + "a = 1\n",
			fmt.Sprintf(deep, "3:63")}, // the 32nd part is level 33
		{"table name of 30,000 parts",
			"[" + strings.Repeat("a.", 30_000) + "a]\n",
			fmt.Sprintf(deep, "2:64")},
		{"30,000 nested inline tables",
			"x = " + strings.Repeat("{a=", 30_000) + "1" + strings.Repeat("}", 30_000) + "\n",
			fmt.Sprintf(deep, "2:96")},
		{"30,000 nested arrays",
			"x = " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n",
			fmt.Sprintf(deep, "2:36")},
		{"nested arrays under params",
			"[params]\nx = " + strings.Repeat("[ ", 100) + "\n",
			fmt.Sprintf(deep, "3:65")},
		{"arrays of tables in arrays of tables",
			strings.Repeat("[[a]]\n", 2) + "[[a." + strings.Repeat("b.", 28) + "c]]\n",
			fmt.Sprintf(deep, "4:1")},
		{"key part of 60,000 bytes",
			"title = \"x\"\n" + strings.Repeat("k", 60_000) + " = 1\n",
			"content/a.md:3:1: key of 60000 bytes; keys are names of at most 256 bytes"},
		{"quoted key part of 300 bytes",
			"[params]\na.\"" + strings.Repeat("é", 150) + "\" = 1\n",
			"content/a.md:3:3: key of 300 bytes; keys are names of at most 256 bytes"},
		{"table name part of 300 bytes",
			"[params." + strings.Repeat("k", 300) + "]\n",
			"content/a.md:2:9: key of 300 bytes; keys are names of at most 256 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeBounded(tt.src); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Nesting to the bound, and keys of MaxKeyBytes, decode.
func TestDecodeAcceptsNestingAndKeysWithinTheBounds(t *testing.T) {
	for name, src := range map[string]string{
		"dotted key of 31 parts":       "[params]\n" + strings.Repeat("a.", 29) + "a = 1\n",
		"table name of 31 parts":       "[params." + strings.Repeat("a.", 28) + "a]\nb = 1\n",
		"arrays 31 deep":               "[params]\nx = " + strings.Repeat("[", 30) + strings.Repeat("]", 30) + "\n",
		"inline tables and arrays":     "[params]\nx = " + strings.Repeat("[{a=", 14) + "1" + strings.Repeat("}]", 14) + "\n",
		"array of tables to the bound": "[[params.a]]\n" + strings.Repeat("b.", 27) + "c = 1\n",
		"key of 256 bytes":             "[params]\n" + strings.Repeat("k", 256) + " = 1\n",
		"nesting in a string":          "title = \"" + strings.Repeat("[{", 100) + "\"\n",
	} {
		if got := decodeBounded(src); got != "" {
			t.Errorf("%s: %s", name, got)
		}
	}
}

// site.toml is bounded by the default nesting, which has no setting to name.
func TestDecodeWithAFixedBoundNamesNoSetting(t *testing.T) {
	src := "[params]\nx = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n"
	var d doc
	got := Decode(src, &d, diag.NewLines("site.toml", []byte(src)), 0, Limits{MaxDepth: 32}).Error()
	if want := "site.toml:2:35: nested deeper than 32 levels"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// Unknown keys are found through one index of the document: when each was
// looked up by scanning the document, the 6,000 of 60 KB of front matter
// took 17 s.
func TestDecodeWarnsAboutManyUnknownKeysAtTheirPlace(t *testing.T) {
	var src strings.Builder
	for i := range 20_000 {
		fmt.Fprintf(&src, "k%d = 1\n", i)
	}
	var d doc
	diags := Decode(src.String(), &d, diag.NewLines("site.toml", []byte(src.String())), 0, Limits{MaxDepth: 32})
	if len(diags) != 20_000 {
		t.Fatalf("%d diagnostics, want 20000", len(diags))
	}
	if got, want := diags[19_999].Error(), `site.toml:20000:1: warning: unknown key "k19999"`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// BenchmarkDecodePathological times Decode over documents that held
// BurntSushi/toml for tens of seconds, and one of many unknown keys.
func BenchmarkDecodePathological(b *testing.B) {
	var unknown strings.Builder
	for i := range 6_000 {
		fmt.Fprintf(&unknown, "k%d = 1\n", i)
	}
	for _, bc := range []struct{ name, src string }{
		{"dotted-key", strings.Repeat("a.", 30_000) + "a = 1\n"},
		{"table-name", "[" + strings.Repeat("a.", 30_000) + "a]\n"},
		{"inline-tables", "x = " + strings.Repeat("{a=", 12_000) + "1" + strings.Repeat("}", 12_000) + "\n"},
		{"arrays", "x = " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n"},
		{"long-key", strings.Repeat("k", 60_000) + " = 1\n"},
		{"unknown-keys", unknown.String()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			lines := diag.NewLines("content/a.md", []byte(bc.src))
			b.ReportAllocs()
			for b.Loop() {
				var d doc
				Decode(bc.src, &d, lines, 0, boundsLimits, "params")
			}
		})
	}
}

// FuzzDecodeBounds checks the scan that guards the decoder: whatever it
// lets through decodes to values no deeper, and keys no longer, than its
// bounds; and Decode never panics.
func FuzzDecodeBounds(f *testing.F) {
	for _, s := range []string{
		"a.b.c.d = 1\n", "[a.b]\nc.d = [[1], {e = {f = 2}}]\n", "[[a]]\n[[a.b]]\n[a.b.c]\nd = 1\n",
		"x = [{a = [{b = 1}]}]\n", "\"a.b\".'c' = 1\n", "[ a . \"b\" ]\nc = \"\"\"\n[[[\n\"\"\"\n",
		"a = { b.c = [ # [\n 1 ] }\n", "[[a.b]]\n[[a.b]]\nc = 1\n[a]\nd = 1\n",
	} {
		f.Add(s)
	}
	const maxDepth, maxKey = 5, 8
	f.Fuzz(func(t *testing.T, src string) {
		var d doc
		Decode(src, &d, diag.NewLines("f.toml", []byte(src)), 0, Limits{MaxDepth: maxDepth})
		s := &scanner{src: src, maxDepth: maxDepth, maxKey: maxKey}
		s.scan()
		var m map[string]any
		if s.fault != nil || !utf8.ValidString(src) {
			return
		}
		if _, err := toml.Decode(src, &m); err != nil {
			return
		}
		if depth, key := measure(m, 1); depth > maxDepth || key > maxKey {
			t.Fatalf("scan passed %q, which decodes %d levels deep with keys of up to %d bytes", src, depth, key)
		}
	})
}

// measure returns how deep v nests, v being at level depth, and the length
// of its longest key.
func measure(v any, depth int) (int, int) {
	deepest, longest := depth, 0
	visit := func(c any, key string) {
		d, k := measure(c, depth+1)
		deepest, longest = max(deepest, d), max(longest, k, len(key))
	}
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			visit(c, k)
		}
	case []map[string]any:
		for _, c := range v {
			visit(c, "")
		}
	case []any:
		for _, c := range v {
			visit(c, "")
		}
	}
	return deepest, longest
}
