package tomlx

import (
	"fmt"
	"testing"

	"github.com/playbook-ssg/playbook/generator/diag"
)

type highlight struct {
	Style string `toml:"style"`
}

type markup struct {
	Unsafe    bool      `toml:"unsafe"`
	Highlight highlight `toml:"highlight"`
}

type link struct {
	Name string `toml:"name"`
}

type date struct{ s string }

func (d *date) UnmarshalTOML(v any) error {
	if s, ok := v.(string); ok {
		d.s = s
		return nil
	}
	return fmt.Errorf("want a date like 2026-01-31, got %T", v)
}

type doc struct {
	Title  string         `toml:"title"`
	Weight int            `toml:"weight"`
	Date   date           `toml:"date"`
	Markup markup         `toml:"markup"`
	Links  []link         `toml:"links"`
	Params map[string]any `toml:"params"`
}

// decode runs Decode on src as the whole of file "f.toml".
func decode(src string) (doc, string) {
	var d doc
	diags := Decode(src, &d, diag.NewLines("f.toml", []byte(src)), 0, Limits{MaxDepth: 32}, "params")
	return d, diags.Error()
}

func TestDecodeFillsTypedFields(t *testing.T) {
	d, diags := decode("title = \"Guide\"\nweight = 3\n[markup.highlight]\nstyle = \"monokai\"\n")
	if diags != "" {
		t.Fatalf("diagnostics: %s", diags)
	}
	if d.Title != "Guide" || d.Weight != 3 || d.Markup.Highlight.Style != "monokai" {
		t.Errorf("decoded %+v", d)
	}
}

func TestDecodeReportsProblemsAtTheirPosition(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"syntax error in a key",
			"title = \"a\"\nti tle = 3\n",
			`f.toml:2:4: expected '.' or '=', but got 't' instead`},
		{"syntax error counts runes, not bytes",
			"# ééé\ntitle = \"é\" x\n",
			`f.toml:2:13: expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead`},
		{"missing value",
			"title = \n",
			`f.toml:1:9: expected value but found '\n' instead`},
		{"duplicate key points at the second definition",
			"title = \"a\"\ntitle = \"b\"\n",
			`f.toml:2:1: key 'title' has already been defined.`},
		{"syntax error after a multi-line string",
			"title = \"\"\"\nmulti\n\"\"\" x\n",
			`f.toml:3:5: expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead`},
		{"type error at the key",
			"title = \"a\"\n\nweight = \"heavy\"\n",
			`f.toml:3:1: weight: wrong type: got string, want integer`},
		{"type error at an indented key in a table",
			"[markup]\n  unsafe = \"yes\"\n",
			`f.toml:2:3: markup.unsafe: wrong type: got string, want boolean`},
		{"type error at a dotted key",
			"title = \"a\"\nmarkup.unsafe = 1\n",
			`f.toml:2:1: markup.unsafe: wrong type: got integer, want boolean`},
		{"type error at a quoted key",
			"[markup]\n\"unsafe\" = 1\n",
			`f.toml:2:1: markup.unsafe: wrong type: got integer, want boolean`},
		{"type error under a spaced table header",
			"[ markup . highlight ]\n\tstyle = 1\n",
			`f.toml:2:2: markup.highlight.style: wrong type: got integer, want string`},
		{"type error after a multi-line literal string that holds the key",
			"title = '''\nweight = 1\n'''\nweight = \"heavy\"\n",
			`f.toml:4:1: weight: wrong type: got string, want integer`},
		{"type error in the third table of an array of tables, at that table",
			"[[links]]\nname = \"a\"\n[[links]]\nname = \"b\"\n[[links]]\nname = 5\n",
			`f.toml:6:1: links.name: wrong type: got integer, want string`},
		{"type error in an inline table of an array, at that table",
			"links = [\n  { name = \"a\" },\n  { name = 5.5 },\n]\n",
			`f.toml:3:5: links.name: wrong type: got float, want string`},
		{"error from an Unmarshaler",
			"date = 5\n",
			`f.toml:1:8: want a date like 2026-01-31, got int64`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := decode(tt.src); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDecodeWarnsAboutUnknownKeys(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"top-level key",
			"title = \"a\"\ntitel = \"b\"\n",
			`f.toml:2:1: warning: unknown key "titel"`},
		{"key in a known table",
			"[markup]\n  unsafee = true\n",
			`f.toml:2:3: warning: unknown key "markup.unsafee"`},
		{"dotted key",
			"markup.highlight.styl = \"x\"\n",
			`f.toml:1:1: warning: unknown key "markup.highlight.styl"`},
		{"key in an array of tables",
			"[[links]]\nname = \"a\"\nnam = \"b\"\n",
			`f.toml:3:1: warning: unknown key "links.nam"`},
		{"unknown table warns once, at its name",
			"title = \"a\"\n[extra]\nx = 1\ny = 2\n",
			`f.toml:2:2: warning: unknown key "extra"`},
		{"several, in file order",
			"titel = 1\n[markup]\nunsafee = true\n",
			"f.toml:1:1: warning: unknown key \"titel\"\nf.toml:3:1: warning: unknown key \"markup.unsafee\""},
		{"key after a multi-line string that holds the same text",
			"title = \"\"\"\ntitel = 1\n\"\"\"\ntitel = 2\n",
			`f.toml:4:1: warning: unknown key "titel"`},
		{"unknown array of tables warns once (Hugo's [[menu.main]])",
			"title = \"a\"\n[[menu.main]]\n  name = \"Home\"\n[[menu.main]]\n  name = \"Alt\"\n",
			`f.toml:2:3: warning: unknown key "menu.main"`},
		{"params are free-form",
			"[params]\nanything = 1\n[params.nested]\ndeep = [1, 2]\n",
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := decode(tt.src); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDecodeKeepsParamsValues(t *testing.T) {
	d, diags := decode("[params]\ncolour = \"red\"\n")
	if diags != "" {
		t.Fatalf("diagnostics: %s", diags)
	}
	if d.Params["colour"] != "red" {
		t.Errorf("params = %v", d.Params)
	}
}

func TestDecodeOffsetsPositionsByBase(t *testing.T) {
	// Front matter starts on line 2 of its file, after the opening fence.
	file := "+++\ntitle = \"a\"\ntitel = \"b\"\nweight = \"x\"\n+++\n"
	src := file[4 : len(file)-4]
	var d doc
	diags := Decode(src, &d, diag.NewLines("content/a.md", []byte(file)), 4, Limits{})
	want := `content/a.md:4:1: weight: wrong type: got string, want integer`
	if got := diags.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	src = "title = \"a\"\ntitel = \"b\"\n"
	file = "+++\n" + src + "+++\n"
	diags = Decode(src, &d, diag.NewLines("content/a.md", []byte(file)), 4, Limits{})
	want = `content/a.md:3:1: warning: unknown key "titel"`
	if got := diags.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// Every type error of a document is reported, not only the first.
func TestDecodeReportsEveryTypeError(t *testing.T) {
	src := "title = 1\nbaseURL = \"/\"\n[markup]\nunsafe = \"yes\"\n"
	_, got := decode(src)
	want := "f.toml:1:1: title: wrong type: got integer, want string\nf.toml:4:1: markup.unsafe: wrong type: got string, want boolean"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
