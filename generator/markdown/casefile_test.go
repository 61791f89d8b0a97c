package markdown

import (
	"bytes"
	"flag"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected HTML in testdata/*.txt")

// Case files hold Markdown cases in goldmark's format: a title line,
// optional "options:" line, the input and the expected HTML, separated
// like this:
//
//	tasks get ids
//	options: unsafe prefix=print-
//	//- - - - - - - - -//
//	- [ ] Call
//	//- - - - - - - - -//
//	<ul class="checklist">...
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// Options: "unsafe" sets Options.Unsafe, "lineNumbers" sets
// Options.LineNumbers, "theme" sets Options.ThemeID to testThemeID,
// "noTypographer" sets Options.NoTypographer;
// "prefix=X" makes the test Linker return X as its IDPrefix.
const (
	partSep = "//- - - - - - - - -//\n"
	caseSep = "//= = = = = = = = = = = = = = = = = = = = = = = =//\n"
)

type mdCase struct {
	title   string
	options string
	input   string
	output  string
}

func readCases(t *testing.T, file string) []mdCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []mdCase
	for i, chunk := range strings.Split(string(data), caseSep) {
		chunk = strings.TrimLeft(chunk, "\n")
		if chunk == "" {
			continue
		}
		parts := strings.Split(chunk, partSep)
		if len(parts) != 3 {
			t.Fatalf("%s: case %d: want a header, an input and an output separated by %q", file, i+1, partSep)
		}
		c := mdCase{input: parts[1], output: parts[2]}
		header := strings.Split(strings.TrimSuffix(parts[0], "\n"), "\n")
		c.title = header[0]
		for _, line := range header[1:] {
			opts, ok := strings.CutPrefix(line, "options:")
			if !ok {
				t.Fatalf("%s: case %q: unexpected header line %q", file, c.title, line)
			}
			c.options = strings.TrimSpace(opts)
		}
		cases = append(cases, c)
	}
	return cases
}

func writeCases(t *testing.T, file string, cases []mdCase) {
	t.Helper()
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(c.title + "\n")
		if c.options != "" {
			b.WriteString("options: " + c.options + "\n")
		}
		b.WriteString(partSep + c.input + partSep + c.output)
		if !strings.HasSuffix(c.output, "\n") && c.output != "" {
			b.WriteString("\n")
		}
		b.WriteString(caseSep)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// render parses and renders input with the options of a case.
func (c mdCase) render(t *testing.T) string {
	t.Helper()
	var opts Options
	var linker testLinker
	for _, o := range strings.Fields(c.options) {
		switch {
		case o == "unsafe":
			opts.Unsafe = true
		case o == "lineNumbers":
			opts.LineNumbers = true
		case o == "theme":
			opts.ThemeID = testThemeID
		case o == "noTypographer":
			opts.NoTypographer = true
		case strings.HasPrefix(o, "prefix="):
			linker.prefix = strings.TrimPrefix(o, "prefix=")
		default:
			t.Fatalf("unknown option %q", o)
		}
	}
	m := New(opts)
	var out bytes.Buffer
	if err := m.render(&out, m.Parse([]byte(c.input)), linker); err != nil {
		t.Fatalf("render: %v", err)
	}
	return out.String()
}

// testThemeID stands for the theme's ids (render.ThemeID): a few of the
// default theme's, and a numbered family as its scripts make.
func testThemeID(id string) bool {
	switch id {
	case "main", "sidebar", "search-panel":
		return true
	}
	n, ok := strings.CutPrefix(id, "sr:")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

// testLinker resolves "a/b.md#x" to "/a/b/#x", site-absolute paths to
// "/base/...", other files to "/files/...", and bare fragments to "#" +
// prefix + fragment, as the print page does; a query is kept.
type testLinker struct{ prefix string }

func (l testLinker) Href(_ int, n *LocalLink) string {
	if n.Path == "" {
		return "#" + l.prefix + n.Fragment
	}
	href := path.Join("/files", n.Path)
	if page, ok := strings.CutSuffix(n.Path, ".md"); ok {
		href = path.Join("/", page) + "/"
	}
	if strings.HasPrefix(n.Path, "/") {
		href = "/base" + n.Path
	}
	if n.Query != "" {
		href += "?" + n.Query
	}
	if n.Fragment != "" {
		href += "#" + n.Fragment
	}
	return href
}

func (l testLinker) IDPrefix() string { return l.prefix }

func TestCaseFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			cases := readCases(t, file)
			for i := range cases {
				c := &cases[i]
				got := c.render(t)
				if *update {
					c.output = got
					continue
				}
				if strings.TrimSuffix(got, "\n") != strings.TrimSuffix(c.output, "\n") {
					t.Errorf("%s: %s\ninput:\n%s\ngot:\n%s\nwant:\n%s", file, c.title, c.input, got, c.output)
				}
			}
			if *update {
				writeCases(t, file, cases)
			}
		})
	}
}
