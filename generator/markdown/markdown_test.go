package markdown

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello-world"},
		{"Pricing & Terms (2026)", "pricing--terms-2026"},
		{"snake_case and kebab-case", "snake_case-and-kebab-case"},
		{"  padded  ", "--padded--"},
		{"Ünïcödé Straße", "ünïcödé-straße"},
		{"日本語の見出し", "日本語の見出し"},
		{"Step 1: Call", "step-1-call"},
		{"C++ / Go?", "c--go"},
		{"emoji 🚀 launch", "emoji--launch"},
		{"tab\there", "tabhere"},
		{"!!!", ""},
		{"", ""},
		// GitHub's own, as github-slugger's fixtures record them.
		{"Café & Crème", "café--crème"},
		{"heading with a - dash", "heading-with-a---dash"},
		{"exchange.bind_headers(exchange, routing [, bindCallback])", "exchangebind_headersexchange-routing--bindcallback"},
		{"apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"},
		{"I ♥ unicode", "i--unicode"},
		{"en–dash", "endash"},
		{"😄-😄 unicode emoji", "--unicode-emoji"},
		{"Привет non-latin 你好", "привет-non-latin-你好"},
		{"a_ ‿ ⁀b", "a_-‿-⁀b"},   // connector punctuation stays
		{"a$ ¢ € ½b", "a---b"},   // currency symbols and other numbers go
		{"aⅫ Ⓐb", "aⅻ-ⓐb"},       // letter numbers and alphabetic symbols stay
		{"a\u00a0\u200db", "ab"}, // other spaces and format characters go
		{"e\u0301t\u00e9", "e\u0301t\u00e9"},
		{"नमस्ते", "नमस्ते"},
		{"⚠️ Warning", "\ufe0f-warning"}, // GitHub keeps the variation selector
		{"İstanbul", "i\u0307stanbul"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeTaskText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Call the client", "call the client"},
		{"Call the client.", "call the client"},
		{"  call   the CLIENT!! ", "call the client"},
		{"Send the deck (v2)", "send the deck v2"},
		{"Read ‘the’ guide — now", "read the guide now"},
		{"Prüfe die Ängste", "prüfe die ängste"},
		{"snake_case", "snake case"},
		{"...", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeTaskText(tt.in); got != tt.want {
			t.Errorf("normalizeTaskText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTaskIDDependsOnNormalizedTextAndOccurrence(t *testing.T) {
	first := taskID("Call the client", 1)
	if !strings.HasPrefix(first, "task-") || len(first) < 6 || len(first) > 13 {
		t.Fatalf("taskID = %q, want task- and up to 8 base-36 digits", first)
	}
	tests := []struct {
		text       string
		occurrence int
		want       string
	}{
		{"Call the client", 1, first},
		{"call the client.", 1, first},
		{"Call  the  CLIENT", 0, first},
		{"Call the client", 2, first + "-2"},
		{"Call the client", 10, first + "-10"},
	}
	for _, tt := range tests {
		if got := taskID(tt.text, tt.occurrence); got != tt.want {
			t.Errorf("taskID(%q, %d) = %q, want %q", tt.text, tt.occurrence, got, tt.want)
		}
	}
	if other := taskID("Call the customer", 1); other == first {
		t.Errorf("different texts share id %q", first)
	}
}

// taskIDs parses src and maps each task's label to its id.
func taskIDs(t *testing.T, src string) map[string]string {
	t.Helper()
	d := New(Options{}).Parse([]byte(src))
	ids := map[string]string{}
	for _, task := range d.Tasks {
		key := task.label
		for ids[key] != "" {
			key += "'"
		}
		ids[key] = task.ID
	}
	return ids
}

func TestTaskIDsSurviveEditsToOtherItems(t *testing.T) {
	before := taskIDs(t, "- [ ] Book a room\n- [ ] Send the agenda\n- [x] Call the client\n")
	edits := map[string]string{
		"reordered":                     "- [x] Call the client\n- [ ] Book a room\n- [ ] Send the agenda\n",
		"item inserted":                 "- [ ] Book a room\n- [ ] Print handouts\n- [ ] Send the agenda\n- [x] Call the client\n",
		"item removed":                  "- [ ] Send the agenda\n- [x] Call the client\n- [ ] Book a room\n",
		"moved and split":               "## Before\n\n- [ ] Send the agenda\n\n## During\n\n1. [ ] Book a room\n2. [ ] Call the client\n",
		"ticked and nested differently": "- [x] Book a room\n  - [ ] Send the agenda\n- [ ] Call the client\n",
	}
	for name, src := range edits {
		after := taskIDs(t, src)
		for label, id := range before {
			if after[label] != id {
				t.Errorf("%s: %q has id %q, was %q", name, label, after[label], id)
			}
		}
	}
}

func TestTaskIDsOfDuplicateTextsCountOccurrences(t *testing.T) {
	d := New(Options{}).Parse([]byte("- [ ] Call the client\n- [ ] Other\n\nLater:\n\n- [ ] Call the client!\n- [ ] call the client\n"))
	base := taskID("Call the client", 1)
	var got []string
	for _, task := range d.Tasks {
		got = append(got, task.ID)
	}
	want := []string{base, taskID("Other", 1), base + "-2", base + "-3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
}

func TestParseRecordsTasks(t *testing.T) {
	d := New(Options{}).Parse([]byte("- [ ] Prepare\n  - [x] Read the **notes**\n  - [ ] Book a room\n- [ ] Follow up\n"))
	type task struct {
		Label   string
		Checked bool
		Parent  int
	}
	var got []task
	for _, t := range d.Tasks {
		got = append(got, task{t.label, t.checked, t.parentTask})
	}
	want := []task{
		{"Prepare", false, -1},
		{"Read the notes", true, 0},
		{"Book a room", false, 0},
		{"Follow up", false, -1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tasks = %+v\nwant %+v", got, want)
	}
}

func TestParseRecordsTitleHeadingsLinksAndWords(t *testing.T) {
	src := "# Discovery &amp; *Calls*\n\nAsk five questions first\n\n## Setup\n\nSee [pricing](../pricing.md#tiers) and ![flow](flow.png)\n\n### Setup\n\n```go\nnot counted as words\n```\n"
	d := New(Options{}).Parse([]byte(src))
	if d.Title != "Discovery & Calls" {
		t.Errorf("Title = %q", d.Title)
	}
	want := []Heading{
		{Level: 2, Text: "Setup", ID: "setup", offset: strings.Index(src, "## Setup")},
		{Level: 3, Text: "Setup", ID: "setup-1", offset: strings.Index(src, "### Setup")},
	}
	if !reflect.DeepEqual(d.Headings, want) {
		t.Errorf("Headings = %+v\nwant %+v", d.Headings, want)
	}
	if len(d.Links) != 2 {
		t.Fatalf("Links = %d, want 2", len(d.Links))
	}
	l := d.Links[0]
	if l.Dest != "../pricing.md#tiers" || l.Path != "../pricing.md" || l.Fragment != "tiers" || l.Image {
		t.Errorf("link = %+v", l)
	}
	if got, want := l.Offset, strings.Index(src, "[pricing]"); got != want {
		t.Errorf("link Pos = %d, want %d", got, want)
	}
	if img := d.Links[1]; img.Path != "flow.png" || !img.Image {
		t.Errorf("image = %+v", img)
	}
	// "Ask five questions first", "Setup" twice, "See pricing and flow";
	// not the title, not the code.
	if d.Words != 4+2+4 {
		t.Errorf("Words = %d, want 10", d.Words)
	}
}

func TestIsLocal(t *testing.T) {
	tests := []struct {
		dest string
		want bool
	}{
		{"guide.md", true},
		{"../selling/discovery.md#questions", true},
		{"./img/flow.png", true},
		{"#setup", true},
		{"call%20notes.md", true},
		{"", false},
		{"/abs/path/", true},
		{"/", true},
		{"/images/chart.png?v=2#x", true},
		{"?q=1", false},
		{"https://example.com/x.md", false},
		{"HTTP://EXAMPLE.COM", false},
		{"//cdn.example.com/x.md", false},
		{"/\\cdn.example.com/x.md", false}, // browsers read "/\" as "//"
		{"mailto:a@example.com", false},
		{"javascript:alert(1)", false},
		{"data:text/html,x", false},
		// A file's own name need not be a valid URL.
		{"%zz", true},
		{"100% done.md", true},
		{"Q&A #1 what?.md", true},
		{"mailto:%zz", false},
		{"javascript:%zz", false},
	}
	for _, tt := range tests {
		if got := isLocal(tt.dest); got != tt.want {
			t.Errorf("isLocal(%q) = %v, want %v", tt.dest, got, tt.want)
		}
	}
}

func TestRenderWithoutLinkerKeepsDestinations(t *testing.T) {
	m := New(Options{})
	var out bytes.Buffer
	if err := m.render(&out, m.Parse([]byte("[a](b.md#c)\n")), nil); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "<p><a href=\"b.md#c\">a</a></p>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHighlighterCSSCoversBothSchemes(t *testing.T) {
	css := New(Options{}).Highlighter().CSS("github", "github-dark")
	for _, want := range []string{
		"/* code highlighting: github / github-dark */\n",
		"\n.chroma .k,.chroma .kc,.chroma .kd,.chroma .kn,.chroma .kp,.chroma .kr,.chroma .kt { color: #cf222e }\n",
		"\n[data-theme=\"dark\"] .chroma .k,[data-theme=\"dark\"] .chroma .kd,",
		"@media (prefers-color-scheme: dark) {\n:root:not([data-theme=\"light\"]) .",
	} {
		if !strings.Contains(css, want) {
			t.Errorf("CSS lacks %q", want)
		}
	}
}

// Rules that declare the same become one rule with a selector list; a
// selector with more than one rule (an override) keeps its rules in place.
func TestHighlighterCSSGroupsRulesThatDeclareTheSame(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{".a { color: red }\n.b { color: blue }\n.c { color: red }\n", ".a,.c { color: red }\n.b { color: blue }\n"},
		{".a { color: red }\n.b { color: blue }\n.a { color: blue }\n", ".a { color: red }\n.b { color: blue }\n.a { color: blue }\n"},
		{"/* x */\n.a { color: red }\n.b { color: red; font-weight: bold }\n", "/* x */\n.a { color: red }\n.b { color: red; font-weight: bold }\n"},
	} {
		if got := groupRules(c.in); got != c.want {
			t.Errorf("groupRules(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got, want := prefixRules(".a,.b { color: red }\n", "P "), "P .a,P .b { color: red }\n"; got != want {
		t.Errorf("prefixRules = %q, want %q", got, want)
	}
}

func TestHighlightCachesByLanguageAndCode(t *testing.T) {
	h := newHighlighter(false)
	a := h.highlight("go", []byte("x := 1\n"))
	b := h.highlight("go", []byte("x := 1\n"))
	if &a[0] != &b[0] {
		t.Errorf("same block highlighted twice")
	}
	if c := h.highlight("python", []byte("x := 1\n")); bytes.Equal(a, c) {
		t.Errorf("go and python gave the same HTML %q", c)
	}
}

// Raw HTML that is left out is one warning per page, at its first place;
// comments lose nothing and kept HTML warns of nothing.
func TestRawHTMLLeftOutIsAWarning(t *testing.T) {
	src := "Intro.\n\n<details><summary>More</summary>\n\nText.\n\n</details>\n\nA <br> and <!-- a note -->.\n"
	doc := New(Options{}).Parse([]byte(src))
	want := []Warning{{Offset: 8, Message: "raw HTML left out (3 places, the first here): set unsafe = true under [markup] in site.toml to keep it"}}
	if !reflect.DeepEqual(doc.Warnings, want) {
		t.Errorf("warnings = %+v, want %+v", doc.Warnings, want)
	}
	if doc := New(Options{Unsafe: true}).Parse([]byte(src)); len(doc.Warnings) != 0 {
		t.Errorf("with unsafe: warnings %+v", doc.Warnings)
	}
	if doc := New(Options{}).Parse([]byte("Only <!-- a comment -->.\n\n<!-- and a block -->\n\n<!-- two --> <!-->\n")); len(doc.Warnings) != 0 {
		t.Errorf("comments: warnings %+v", doc.Warnings)
	}
	// An HTML block that starts with a comment holds the rest of its line
	// (CommonMark example 177): "*shown*" would be lost.
	doc = New(Options{}).Parse([]byte("Intro.\n\n<!-- a note -->*shown*\n"))
	want = []Warning{{Offset: 8, Message: "raw HTML left out (1 place): set unsafe = true under [markup] in site.toml to keep it"}}
	if !reflect.DeepEqual(doc.Warnings, want) {
		t.Errorf("a comment and more: warnings = %+v, want %+v", doc.Warnings, want)
	}
}

// A checklist item with nothing after its box is a warning at the item,
// so that `check --strict` fails on a scaffold left unfinished.
func TestEmptyChecklistItemWarns(t *testing.T) {
	src := "## Steps\n\n- [ ] Call the buyer\n- [ ] \n- [x]\n  - [ ]   \n"
	got := warnings(Options{}, src)
	want := []string{
		"4:1: checklist item without text: write the task after [ ], or remove the item",
		"5:1: checklist item without text: write the task after [ ], or remove the item",
		"6:3: checklist item without text: write the task after [ ], or remove the item",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
