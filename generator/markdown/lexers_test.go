package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
)

var tags = regexp.MustCompile(`<[^>]*>`)

// lossless checks that removing the tags and unescaping gives the input.
func lossless(t testing.TB, lang, code string) string {
	t.Helper()
	var b bytes.Buffer
	highlightFast(fastLexers[lang], &b, []byte(code))
	out := b.String()
	// NUL becomes U+FFFD, as everywhere goldmark escapes text.
	want := strings.ReplaceAll(code, "\x00", "\uFFFD")
	if got := html.UnescapeString(tags.ReplaceAllString(out, "")); got != want {
		t.Fatalf("%s lexer lost text:\nin:  %q\nout: %q", lang, code, got)
	}
	return out
}

func TestFastLexersClassifyTokens(t *testing.T) {
	cases := []struct {
		lang, code string
		want       []string
	}{
		{"go", "package main\n\n// Hi.\nfunc f(x int) error {\n\treturn fmt.Errorf(\"%d\", len(x)) // c\n}\n", []string{
			`<span class="kn">package</span>`, `<span class="nx">main</span>`, `<span class="c1">// Hi.</span>`,
			`<span class="kd">func</span>`, `<span class="nf">f</span>`, `<span class="kt">int</span>`, `<span class="kt">error</span>`,
			`<span class="k">return</span>`, `<span class="nf">Errorf</span>`, `<span class="s">&quot;%d&quot;</span>`, `<span class="nb">len</span>`,
		}},
		{"json", `{"a": "b", "n": 1.5, "i": 2, "t": true, "z": null}`, []string{
			`<span class="nt">&quot;a&quot;</span>`, `<span class="s2">&quot;b&quot;</span>`, `<span class="mf">1.5</span>`,
			`<span class="mi">2</span>`, `<span class="kc">true</span>`, `<span class="kc">null</span>`, `<span class="p">{</span>`,
		}},
		{"yaml", "# c\nversion: 2\nstages:\n  - name: discovery # why\n    p: 0.5\nnotify: [\"#x\", y]\n", []string{
			`<span class="c"># c</span>`, `<span class="nt">version</span>`, `<span class="m">2</span>`, `<span class="p">-</span>`,
			`<span class="l">discovery</span>`, `<span class="c"># why</span>`, `<span class="s2">&quot;#x&quot;</span>`, `<span class="l">y</span>`,
		}},
		{"bash", "#!/bin/sh\n# c\nset -e\nX=\"${X:-a}\"\necho \"v: $(wc -l < \"$X\")\" | jq '.a'\nif [[ -n \"$X\" ]]; then\n  exit 1\nfi\n", []string{
			`<span class="cp">#!/bin/sh`, `<span class="c1"># c</span>`, `<span class="nb">set</span>`, `<span class="nv">X</span>`,
			`<span class="si">${X:-a}</span>`, `<span class="nb">echo</span>`, `<span class="k">$(</span>`, `<span class="nv">$X</span>`,
			`<span class="s1">'.a'</span>`, `<span class="k">if</span>`, `<span class="k">fi</span>`, `<span class="nb">exit</span>`,
		}},
	}
	for _, c := range cases {
		out := lossless(t, c.lang, c.code)
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %s\n%s", c.lang, w, out)
			}
		}
	}
}

func FuzzFastLexers(f *testing.F) {
	for _, s := range []string{"package a\nfunc f() {}\n", `{"a": [1, "x\"y"]}`, "a: b\n- c: [d, 'e']\n", "echo \"$(x \"$y\")\" ${z} 'q\nq'\n", "\"unterminated", "$(", "${", "`x`", "/* c */ 'a' 1e9 0x1F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		for lang := range fastLexers {
			lossless(t, lang, code)
		}
	})
}

func BenchmarkHighlightGo(b *testing.B) {
	code := []byte("package forecast\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\n// rampTime computes.\nfunc rampTime(deals []Deal, now time.Time) (float64, error) {\n\tif len(deals) == 0 {\n\t\treturn 0, fmt.Errorf(\"no deals for %s\", now.Format(\"2006-01-02\"))\n\t}\n\treturn 1, nil\n}\n")
	for b.Loop() {
		var w bytes.Buffer
		highlightFast(lexGo, &w, code)
	}
}
