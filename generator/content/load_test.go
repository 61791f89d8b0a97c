package content

import (
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// parse runs ParsePage on src as content/<rel> with the default config.
func parse(t *testing.T, rel, src string) (*Page, string) {
	t.Helper()
	cfg := config.Default()
	p, diags := ParsePage(&cfg, markdown.New(markdown.Options{}), "content/"+rel, rel, []byte(src))
	return p, diags.Error()
}

func TestParsePageTakesTitleFromFrontMatterHeadingOrFileName(t *testing.T) {
	tests := []struct {
		name, rel, src, want string
	}{
		{"front matter", "a.md", "+++\ntitle = \"From Front Matter\"\n+++\n# From Heading\n", "From Front Matter"},
		{"first heading", "a.md", "# From *Heading*\n\nBody\n", "From Heading"},
		{"heading after front matter", "a.md", "+++\nweight = 1\n+++\n\n# From Heading\n", "From Heading"},
		{"file name", "discovery-call_notes.md", "Body only.\n", "Discovery call notes"},
		{"level-2 heading is not a title", "prep.md", "## Agenda\n", "Prep"},
		{"heading not first is not a title", "prep.md", "Intro.\n\n# Later\n", "Prep"},
		{"section folder name", "selling/_index.md", "", "Selling"},
		{"home", "_index.md", "", "Home"},
		{"multibyte first letter", "über-uns.md", "", "Über uns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := parse(t, tt.rel, tt.src)
			if diags != "" {
				t.Fatalf("diagnostics: %s", diags)
			}
			if p.Title != tt.want {
				t.Errorf("Title = %q, want %q", p.Title, tt.want)
			}
		})
	}
}

func TestParsePageDecodesFrontMatter(t *testing.T) {
	p, diags := parse(t, "selling/_index.md", `+++
title = "Selling"
weight = 2
date = 2026-01-31
audience = ["seller"]
type = "curriculum"
duration = "1h30m"
slug = "sell"
aliases = ["/old/selling"]
print = false
[params]
icon = "cart"
+++
Body
`)
	if diags != "" {
		t.Fatalf("diagnostics: %s", diags)
	}
	m := p.Meta
	if m.Weight != 2 || m.Date.Year() != 2026 || m.Type != "curriculum" || m.Slug != "sell" || m.Params["icon"] != "cart" {
		t.Errorf("Meta = %+v", m)
	}
	if m.InPrint() || !m.InSearch() {
		t.Errorf("InPrint %v, InSearch %v; want false, true", m.InPrint(), m.InSearch())
	}
	if p.Duration != 90*time.Minute {
		t.Errorf("Duration = %v, want 1h30m", p.Duration)
	}
	if got := p.Aliases(); len(got) != 1 || got[0] != "/old/selling/" {
		t.Errorf("Aliases() = %q, want [/old/selling/]", got)
	}
	if !p.IsSection() {
		t.Errorf("_index.md is not a section page")
	}
	// Only the front matter's text is kept after loading.
	if src := p.Lines.Source(); p.BodyOffset != len(src) || !strings.HasSuffix(string(src), "+++\n") {
		t.Errorf("BodyOffset = %d, kept text %q", p.BodyOffset, src)
	}
	if got := p.Pos(0).String(); got != "content/selling/_index.md:14:1" {
		t.Errorf("Pos(0) = %s, want line 14, the body's first", got)
	}
}

func TestParsePageReportsProblemsAtFilePositions(t *testing.T) {
	tests := []struct {
		name, rel, src, want string
	}{
		{"unknown key counted from the top of the file",
			"a.md", "+++\ntitle = \"A\"\ntitel = \"A\"\n+++\nBody\n",
			`content/a.md:3:1: warning: unknown key "titel"`},
		{"unknown key after a byte order mark, indented",
			"a.md", "\xef\xbb\xbf+++\n\n  titel = \"A\"\n+++\n",
			`content/a.md:3:3: warning: unknown key "titel"`},
		{"unknown key with CRLF line endings",
			"a.md", "+++\r\ntitle = \"A\"\r\nowner = \"me\"\r\nautor = \"x\"\r\n+++\r\n",
			`content/a.md:4:1: warning: unknown key "autor"`},
		{"bad TOML",
			"a.md", "+++\ntitle = \"A\"\nweight = \n+++\n",
			`content/a.md:3:10: expected value but found '\n' instead`},
		{"bad TOML after multibyte text",
			"a.md", "+++\ntitle = \"Ärger\" weight = 1\n+++\n",
			`content/a.md:2:17: expected a top-level item to end with a newline, comment, or EOF, but got 'w' instead`},
		{"wrong type",
			"a.md", "+++\ntitle = \"A\"\n\nweight = \"first\"\n+++\n",
			`content/a.md:4:1: weight: wrong type: got string, want integer`},
		{"bad date",
			"a.md", "+++\ndate = \"31.01.2026\"\n+++\n",
			`content/a.md:2:9: "31.01.2026" is not a date like 2026-01-31`},
		{"unclosed front matter",
			"a.md", "+++\ntitle = \"A\"\n\n# A\n",
			`content/a.md:1:1: front matter opened with +++ is not closed; did you forget the closing +++?`},
		{"unknown key after blank lines before the fence",
			"a.md", "\n\n+++\ntitel = \"A\"\n+++\n",
			`content/a.md:4:1: warning: unknown key "titel"`},
		{"unknown audience",
			"a.md", "+++\ntitle = \"A\"\naudience = [\"seller\", \"ceo\"]\n+++\n",
			`content/a.md:3:1: unknown audience "ceo"; site.toml declares "manager", "seller", "new-hire"`},
		{"bad duration",
			"a.md", "+++\n  duration = \"a while\"\n+++\n",
			`content/a.md:2:3: duration: "a while" is not a duration like "45m", "1h30m" or "180d"`},
		{"bad day duration",
			"a.md", "+++\nduration = \"1.5d\"\n+++\n",
			`content/a.md:2:1: duration: "1.5d" is not a duration like "180d" or "2w"`},
		{"unknown type",
			"a.md", "+++\ntype = \"lesson\"\n+++\n",
			`content/a.md:2:1: warning: unknown type "lesson" is ignored; playbook's types are "curriculum" (in _index.md), "module", "play" and "page"`},
		{"curriculum outside _index.md",
			"a.md", "+++\ntype = \"curriculum\"\n+++\n",
			`content/a.md:2:1: type "curriculum" belongs in a section's own page: _index.md, index.md or README.md`},
		{"every type error at once",
			"a.md", "+++\nweight = \"5\"\ntags = \"single\"\n+++\n",
			"content/a.md:2:1: weight: wrong type: got string, want integer\ncontent/a.md:3:1: tags: wrong type: got string, want list"},
		{"slug that is a site path (Docusaurus)",
			"a.md", "+++\nslug = \"/sales/../x\"\n+++\n",
			`content/a.md:2:1: slug "/sales/../x" must be one URL segment or a site path such as "/sales/pricing"`},
		{"bad slug",
			"a.md", "+++\nslug = \"a/b\"\n+++\n",
			`content/a.md:2:1: slug "a/b" may hold only letters, digits, '-', '_' and '.'; "ab" would do`},
		{"bad alias",
			"a.md", "+++\naliases = [\"/ok/\", \"../up\"]\n+++\n",
			`content/a.md:2:1: alias "../up" must be a site path such as "/old/page/"`},
		{"bad layout",
			"a.md", "+++\nlayout = \"../x\"\n+++\n",
			`content/a.md:2:1: layout "../x" is not a template name`},
		{"all checks of one page",
			"a.md", "+++\ntitel = \"A\"\naudience = [\"ceo\"]\nduration = \"x\"\n+++\n",
			"content/a.md:2:1: warning: unknown key \"titel\"\n" +
				"content/a.md:3:1: unknown audience \"ceo\"; site.toml declares \"manager\", \"seller\", \"new-hire\"\n" +
				"content/a.md:4:1: duration: \"x\" is not a duration like \"45m\", \"1h30m\" or \"180d\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := parse(t, tt.rel, tt.src); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParsePageOfAFileThatFailsIsOnlyALinkTarget(t *testing.T) {
	for _, src := range []string{
		"+++\ntitle = 1\n+++\n# Heading\n",
		"---\ntitle: [\n---\n",
		"+++\nslug = \"x\"\n",
		strings.Repeat(">", 40) + " deep\n",
	} {
		p, diags := parse(t, "sub/a-page.md", src)
		if p == nil || !p.Failed || p.Doc != nil || p.Title != "A page" || p.Meta.Slug != "" || diags == "" {
			t.Errorf("%q: got page %+v, diagnostics %q; want a failed page titled from its file name, and errors", src, p, diags)
		}
	}
	if p, diags := parse(t, "a.md", "+++\ntitel = \"A\"\n+++\n"); p == nil || p.Failed {
		t.Errorf("a warning failed the page: %s", diags)
	}
}

func TestParsePageLimitsNesting(t *testing.T) {
	deep := strings.Repeat(">", 33) + " too deep\n"
	_, got := parse(t, "a.md", "+++\ntitle = \"A\"\n+++\nIntro.\n\n"+deep)
	if want := "content/a.md:6:1: nesting deeper than 32 levels (limits.maxNesting in site.toml)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if p, got := parse(t, "a.md", strings.Repeat(">", 32)+" just fits\n"); p == nil || got != "" {
		t.Errorf("32 levels: page %v, diagnostics %s", p != nil, got)
	}
}

func TestTooDeep(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		off    int
		isDeep bool
	}{
		{"flat", "a\nb\n", 0, false},
		{"quotes", "ok\n>>>>\n", 3, true},
		{"spaced quotes", "> > > x\n", 0, true},            // 3 markers + 3 blanks / 2
		{"nested list", "- a\n  - b\n    - c\n", 10, true}, // 1 marker + 4 blanks / 2
		{"tab indent", "\t\tx\n", 0, true},
		{"long rule is no nesting", "Heading\n" + strings.Repeat("-", 40) + "\n", 0, false},
		{"emphasis is no nesting", strings.Repeat("*", 20) + "bold" + strings.Repeat("*", 20) + "\n", 0, false},
		{"marker at end of file", "- - -", 0, true},
	}
	for _, tt := range tests {
		off, deep := tooDeep([]byte(tt.body), 2)
		if off != tt.off || deep != tt.isDeep {
			t.Errorf("%s: tooDeep = %d, %v; want %d, %v", tt.name, off, deep, tt.off, tt.isDeep)
		}
	}
}

func TestParsePageAcceptsLongRules(t *testing.T) {
	src := "A heading long enough for a long underline\n" + strings.Repeat("-", 42) + "\n\n" + strings.Repeat("*", 60) + "\n"
	if p, got := parse(t, "a.md", src); p == nil || got != "" {
		t.Errorf("page %v, diagnostics %s", p != nil, got)
	}
}

func TestKeyPosFindsFrontMatterKeys(t *testing.T) {
	p, _ := parse(t, "a.md", "+++\ntitle = \"A\"\n[params]\n  icon = \"x\"\n+++\nBody\n")
	tests := []struct{ key, want string }{
		{"title", "content/a.md:2:1"},
		{"params.icon", "content/a.md:4:3"},
		{"missing", "content/a.md:2:1"}, // start of the front matter
	}
	for _, tt := range tests {
		if got := p.KeyPos(tt.key).String(); got != tt.want {
			t.Errorf("KeyPos(%q) = %s, want %s", tt.key, got, tt.want)
		}
	}
	p, _ = parse(t, "b.md", "Body\n")
	if got := p.KeyPos("title").String(); got != "content/b.md:1:1" {
		t.Errorf("without front matter: KeyPos = %s, want content/b.md:1:1", got)
	}
}

func TestTitleFromName(t *testing.T) {
	tests := []struct{ rel, want string }{
		{"discovery.md", "Discovery"},
		{"cold-calls_101.md", "Cold calls 101"},
		{"selling/objections.md", "Objections"},
		{"selling/_index.md", "Selling"},
		{"selling/demo/index.md", "Demo"},
		{"_index.md", "Home"},
		{"index.md", "Home"},
		{"guide/README.md", "Guide"},
		{"README.md", "Home"},
		{"éclair.md", "Éclair"},
		{"01-basics/02-next.md", "Next"},
		{"01-basics/_index.md", "Basics"},
		{"2024-plan.md", "2024 plan"},
		{"10.md", "10"},
		{"ßtraße.md", "ßtraße"}, // ß has no single upper-case rune
		{"日本.md", "日本"},
		{".md", "Untitled"},
	}
	for _, tt := range tests {
		if got := TitleFromName(tt.rel); got != tt.want {
			t.Errorf("TitleFromName(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
}

func TestValidSegment(t *testing.T) {
	tests := []struct {
		s  string
		ok bool
	}{
		{"discovery-call_2.v1", true},
		{"über", true},
		{"", false},
		{".", false},
		{"..", false},
		{"a b", false},
		{"a/b", false},
		{"a?b", false},
		{"\ufffd", false},
	}
	for _, tt := range tests {
		if got := validSegment(tt.s); got != tt.ok {
			t.Errorf("validSegment(%q) = %v, want %v", tt.s, got, tt.ok)
		}
	}
}

func TestCleanAlias(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/old/page", "/old/page/", true},
		{"old/page/", "/old/page/", true},
		{"/a//b/", "/a/b/", true},
		{"/", "", false},
		{"", "", false},
		{"/../etc", "", false},
		{"/a/../b", "", false},
		{"/a?b", "", false},
		{"/a b/", "", false},
		{`/a"onload`, "", false},
	}
	for _, tt := range tests {
		got, ok := cleanAlias(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanAlias(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// A front matter with several bad values reports each of them in one
// pass, in TOML, YAML and JSON alike, and the keys that decoded stay on
// the failed page (its slug answers links).
func TestParsePageReportsEveryFrontMatterProblemAtOnce(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"toml", "+++\ntitle = \"Plan\"\nweight = \"ten\"\nduration = \"five hours\"\naudience = [\"nobody\"]\nslug = \"custom\"\n+++\nBody\n",
			"content/a.md:3:1: weight: wrong type: got string, want integer\n" +
				"content/a.md:4:1: duration: \"five hours\" is not a duration like \"45m\", \"1h30m\" or \"180d\"\n" +
				"content/a.md:5:1: unknown audience \"nobody\"; site.toml declares \"manager\", \"seller\", \"new-hire\""},
		{"yaml", "---\ntitle: Plan\nweight: ten\nduration: five hours\naudience: [nobody]\nslug: custom\n---\nBody\n",
			"content/a.md:3:9: weight: wrong type: got string, want integer\n" +
				"content/a.md:4:1: duration: \"five hours\" is not a duration like \"45m\", \"1h30m\" or \"180d\"\n" +
				"content/a.md:5:1: unknown audience \"nobody\"; site.toml declares \"manager\", \"seller\", \"new-hire\""},
		{"json", "{\n\"title\": \"Plan\",\n\"weight\": \"ten\",\n\"duration\": \"five hours\",\n\"audience\": [\"nobody\"],\n\"slug\": \"custom\"\n}\nBody\n",
			"content/a.md:3:11: weight: wrong type: got string, want integer\n" +
				"content/a.md:4:1: duration: \"five hours\" is not a duration like \"45m\", \"1h30m\" or \"180d\"\n" +
				"content/a.md:5:1: unknown audience \"nobody\"; site.toml declares \"manager\", \"seller\", \"new-hire\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := parse(t, "a.md", tt.src)
			if diags != tt.want {
				t.Errorf("got\n%s\nwant\n%s", diags, tt.want)
			}
			if p == nil || !p.Failed || p.Meta.Slug != "custom" || p.Title != "Plan" {
				t.Errorf("page %+v: want a failed page that keeps slug \"custom\" and title \"Plan\"", p)
			}
		})
	}
}
