package importer

import (
	"fmt"
	"testing"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// The tokenizer reads the plain data of a configuration and keeps
// everything else as opaque expressions, without running anything.
func TestJSDataReadsPlainDataAndKeepsExpressionsOpaque(t *testing.T) {
	src := `// @ts-check
const {themes: prismThemes} = require('prism-react-renderer');
const base = '/handbook/'; /* a comment with { and ' */
const re = /\{[^}]*\}/g;
const config: Config = {
  title: "Globex \"Sales\"",
  tagline: ` + "`plain template`" + `,
  copyright: ` + "`© ${new Date().getFullYear()} Globex`" + `,
  baseUrl: base,
  url: 'https://x.example' + '/a',
  ratio: 10 / 2,
  'quoted-key': true,
  nothing: null,
  emoji: '\ud83d\ude87',
  ...shared,
  [computed]: 1,
  method() { return {a: 1}; },
  list: ['a', {b: 2}, ,],
  presets: [['classic', /** @type {X} */ ({docs: {path: 'guide'}})]],
  theme: prismThemes.github,
} satisfies Config;
export default config;
`
	d := newJSData(src)
	cfg := d.exported()
	if cfg == nil || cfg.Kind != jsObject {
		t.Fatalf("exported = %+v, want the config object", cfg)
	}
	strs := map[string]string{"title": `Globex "Sales"`, "tagline": "plain template", "baseUrl": "/handbook/", "emoji": "🚇"}
	for key, want := range strs {
		if got, ok := cfg.get(key).str(); !ok || got != want {
			t.Errorf("%s = %q (string %v), want %q", key, got, ok, want)
		}
	}
	for key, want := range map[string]string{"copyright": "`© ${new Date().getFullYear()} Globex`", "url": "'https://x.example' + '/a'", "ratio": "10 / 2", "method": "method() { return {a: 1}; }", "theme": "prismThemes.github"} {
		if v := cfg.get(key); v == nil || v.Kind != jsOther || v.Str != want {
			t.Errorf("%s = %+v, want the opaque expression %s", key, v, want)
		}
	}
	if v := cfg.get("quoted-key"); v == nil || v.Kind != jsBool || v.Str != "true" {
		t.Errorf("quoted-key = %+v, want true", v)
	}
	if v := cfg.get("nothing"); v == nil || v.Kind != jsNull {
		t.Errorf("nothing = %+v, want null", v)
	}
	spread := 0
	for _, f := range cfg.Fields {
		if f.Key == "" {
			spread++
		}
	}
	if spread != 2 {
		t.Errorf("%d fields without a key, want 2 (the spread and the computed key)", spread)
	}
	if l := cfg.get("list"); l == nil || l.Kind != jsArray || len(l.Items) != 2 || l.Items[1].get("b").Str != "2" {
		t.Errorf("list = %+v, want ['a', {b: 2}]", l)
	}
	presets := cfg.get("presets")
	if presets == nil || len(presets.Items) != 1 || len(presets.Items[0].Items) != 2 {
		t.Fatalf("presets = %+v", presets)
	}
	if got, _ := presets.Items[0].Items[1].get("docs").get("path").str(); got != "guide" {
		t.Errorf("docs.path inside ({…}) = %q, want guide", got)
	}
	// Offsets point at the source: the title's value starts on line 6.
	if off := cfg.get("title").Off; src[off:off+7] != `"Globex` {
		t.Errorf("title offset %d points at %q", off, src[off:off+7])
	}
}

// Odd members: constants that name each other, nesting past the bound,
// an unterminated string, and a division after a closing parenthesis.
func TestJSDataSurvivesOddInput(t *testing.T) {
	d := newJSData("const a = b; const b = a; module.exports = {x: a, y: (1) / 2, z: 'open\n}")
	v := d.exported()
	if v == nil || v.get("x") == nil || v.get("x").Kind != jsOther {
		t.Errorf("x = %+v, want an opaque value for constants that name each other", v.get("x"))
	}
	if y := v.get("y"); y == nil || y.Kind != jsOther || y.Str != "(1) / 2" {
		t.Errorf("y = %+v, want (1) / 2", y)
	}
	deep := ""
	for range 200 {
		deep += "["
	}
	if v := newJSData("module.exports = " + deep + "1").exported(); v == nil {
		t.Error("deep nesting: no value")
	}
	if toks := tokenizeJS("`a ${`b ${c}`} d` x"); len(toks) != 2 || toks[0].kind != 'x' || toks[1].text != "x" {
		t.Errorf("nested template tokens = %+v, want the template and x", toks)
	}
}

// A comma missing between fields, a bracket left open or closing the
// wrong one, and a string, template or comment left open are syntax
// errors at their place; valid configurations (operators, TypeScript's
// `as const`, code on several lines without semicolons) are not.
func TestJSDataSyntaxError(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"module.exports = {\n  s: ['intro', {type: 'category', label: 'A' items: ['intro']}],\n};\n", "2:46: unexpected items after 'A' (a comma missing?)"},
		{"module.exports = {title: 'X', url: 'https://x.com' baseUrl: '/'", "1:52: unexpected baseUrl after 'https://x.com' (a comma missing?)"},
		{"module.exports = {title: 'X', url: 'https://x.com'\n", "2:1: unexpected end of file: the { of line 1 is not closed"},
		{"module.exports = {a: [1, 2}};\n", "1:27: unexpected }: the [ of line 1 is not closed"},
		{"module.exports = {a: 1}};\n", "1:24: unexpected }: it closes no bracket"},
		{"module.exports = {a: 1 2};\n", "1:24: unexpected 2 after 1 (a comma missing?)"},
		{"module.exports = {a: 'open};\n", "1:22: string not closed before the end of its line"},
		{"module.exports = {a: `open};\n", "1:22: template literal not closed with `"},
		{"module.exports = {a: 1}; /* note\n", "1:26: comment not closed with */"},
		{"module.exports = {a: 'x' 'y'};\n", "1:26: unexpected \"y\" after 'x' (a comma missing?)"},
	} {
		e := newJSData(tc.src).syntaxError()
		if e == nil {
			t.Errorf("%q: no syntax error, want %s", tc.src, tc.want)
			continue
		}
		pos := diag.NewLines("f", []byte(tc.src)).Pos(e.Off)
		if got := fmt.Sprintf("%d:%d: %s", pos.Line, pos.Col, e.Msg); got != tc.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tc.src, got, tc.want)
		}
	}
	for _, src := range []string{
		"const a = 'x'\nconst b = 'y' + a\nexport default {a, b, c: 'p' in {p: 1}, d: ['q'] as const, e: 1 / 2, f: /x/g.test('x')} satisfies Config\n",
		"import data from './x.json' with {type: 'json'};\nmodule.exports = {items: data.items, t: `a ${'b'} c`, u: x ? 'y' : 'z'};\n",
		"type A = 'a' | 'b'\nfunction f() { if (x) { return 'a' } else { return 1 } }\nmodule.exports = f();\n",
	} {
		if e := newJSData(src).syntaxError(); e != nil {
			t.Errorf("%q: syntax error %q at %d", src, e.Msg, e.Off)
		}
	}
}
