package markdown

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var lineNumber = regexp.MustCompile(`<span class="ln"> *([0-9]+)</span>`)

// TestLineNumbersKeepTheCode numbers blocks of every kind of highlighting
// (a fast lexer, chroma, chroma's fallback, no language) whose tokens run
// over line ends, and checks that each line is one balanced element with
// the next number, and that the text without the numbers is the code.
func TestLineNumbersKeepTheCode(t *testing.T) {
	cases := []struct{ lang, code string }{
		{"go", "package a\n\n/* one\n   two */\nvar s = `x\ny`\n"},
		{"json", "{\n  \"a\": [1,\n    \"b\"]\n}\n"},
		{"yaml", "a: |\n  text\nb: 'q\n  q'\n"},
		{"sh", "echo \"a\nb\" 'c\nd' # e\n"},
		{"python", "def f():\n    '''doc\n    string'''\n    return 1 # c\n"},
		{"c", "/* a\n * b\n */\nint x = 1;\n"},
		{"nosuchlang", "<a>\n&\n"},
		{"", "no <lang>\n\n  here\n"},
		{"python", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n"},
	}
	for _, c := range cases {
		md := New(Options{LineNumbers: true})
		src := "```" + c.lang + "\n" + c.code + "```\n"
		var out bytes.Buffer
		if err := md.render(&out, md.Parse([]byte(src)), nil); err != nil {
			t.Fatal(err)
		}
		body := out.String()
		body = body[strings.Index(body, "<code")+1:]
		body = body[strings.Index(body, ">")+1 : strings.Index(body, "</code>")]
		const open = `<span class="line">`
		lines := strings.SplitAfter(body, open)
		if lines[0] != open {
			t.Errorf("%s %q: text before the first line: %q", c.lang, c.code, lines[0])
		}
		lines = lines[1:]
		if want := strings.Count(strings.TrimSuffix(c.code, "\n"), "\n") + 1; len(lines) != want {
			t.Errorf("%s %q: %d lines, want %d:\n%s", c.lang, c.code, len(lines), want, body)
		}
		var text strings.Builder
		for i, l := range lines {
			m := lineNumber.FindStringSubmatch(l)
			l = open + strings.TrimSuffix(l, open)
			if m == nil || m[1] != strconv.Itoa(i+1) || !strings.HasSuffix(l, "</span></span>") {
				t.Errorf("%s %q: line %d is %q", c.lang, c.code, i+1, l)
				continue
			}
			if opens, closes := strings.Count(l, "<span"), strings.Count(l, "</span>"); opens != closes {
				t.Errorf("%s %q: line %d opens %d spans and closes %d: %q", c.lang, c.code, i+1, opens, closes, l)
			}
			text.WriteString(html.UnescapeString(tags.ReplaceAllString(lineNumber.ReplaceAllString(l, ""), "")))
		}
		if text.String() != c.code {
			t.Errorf("%s: code without numbers is %q, want %q", c.lang, text.String(), c.code)
		}
	}
}

func TestHighlighterCSSStylesLineNumbersOnlyWhenOn(t *testing.T) {
	rules := []string{
		"\n.chroma .line { display: inline; }\n",
		"\n.chroma .ln { -webkit-user-select: none; user-select: none; color: inherit; opacity: 0.75; }\n",
		"\n[data-theme=\"dark\"] .chroma .ln { -webkit-user-select: none;",
		"\n:root:not([data-theme=\"light\"]) .chroma .line { display: inline; }\n",
	}
	on := newHighlighter(true).CSS("github", "github-dark")
	off := newHighlighter(false).CSS("github", "github-dark")
	for _, r := range rules {
		if !strings.Contains(on, r) {
			t.Errorf("CSS with line numbers lacks %q", r)
		}
		if strings.Contains(off, r) {
			t.Errorf("CSS without line numbers has %q", r)
		}
	}
	// The dark rules come after the dark style's own: they must win.
	if i, j := strings.Index(on, `[data-theme="dark"] .chroma .ln { white-space`), strings.Index(on, `[data-theme="dark"] .chroma .ln { -webkit`); i < 0 || j < i {
		t.Errorf("dark line-number rule at %d, before the style's at %d", j, i)
	}
}

func TestNumberLinesWithoutNewlineAtTheEnd(t *testing.T) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	numberLines(w, []byte("<span class=\"s\">a\nb</span>"))
	_ = w.Flush()
	want := `<span class="line"><span class="ln">1</span><span class="cl"><span class="s">a
</span></span></span><span class="line"><span class="ln">2</span><span class="cl"><span class="s">b</span></span></span>`
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
}

// A code block over maxHighlightBytes is shown escaped, without spans: its
// highlighted HTML would be five times its size.
func TestHugeCodeBlocksAreNotHighlighted(t *testing.T) {
	code := strings.Repeat("a(<b>) ", maxHighlightBytes/7+1)
	html, _, err := parseBounded(t, "```go\n"+code+"\n```\n", 0)
	want := `<div class="highlight"><pre class="chroma" tabindex="0"><code class="language-go" data-lang="go">` +
		strings.ReplaceAll(strings.ReplaceAll(code, "<", "&lt;"), ">", "&gt;") + "\n</code></pre></div>\n"
	if err != nil || html != want {
		t.Errorf("got %.200q…, %v", html, err)
	}
	if html, _, _ := parseBounded(t, "```go\na(b)\n```\n", 0); !strings.Contains(html, `<span class="nf">a</span>`) {
		t.Errorf("small block not highlighted: %q", html)
	}
}
