package content

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The same keys in the three formats decode to the same front matter.
func TestYAMLAndJSONFrontMatterDecodeLikeTOML(t *testing.T) {
	toml := `+++
title = "Discovery"
description = "Questions first."
linkTitle = "Discover"
weight = 10
date = "2026-10-01"
lastmod = "2026-11-02T10:20:30Z"
draft = false
slug = "disc"
tags = ["discovery", "questions"]
categories = ["Selling"]
audience = ["seller"]
aliases = ["/old/"]
owner = "Enablement"
signoff = true
print = false
[params]
icon = "cart"
level = 3
+++
Body
`
	yaml := `---
title: Discovery
description: "Questions first."
linkTitle: Discover
weight: 10
date: 2026-10-01
lastmod: "2026-11-02T10:20:30Z"
draft: false
slug: disc
tags: [discovery, questions]
categories:
  - Selling
audience: ["seller"]
aliases: ['/old/']
owner: Enablement
signoff: true
print: false
params:
  icon: cart
  level: 3
---
Body
`
	json := `{
	"title": "Discovery",
	"description": "Questions first.",
	"linkTitle": "Discover",
	"weight": 10,
	"date": "2026-10-01",
	"lastmod": "2026-11-02T10:20:30Z",
	"draft": false,
	"slug": "disc",
	"tags": ["discovery", "questions"],
	"categories": ["Selling"],
	"audience": ["seller"],
	"aliases": ["\/old\/"],
	"owner": "Enablement",
	"signoff": true,
	"print": false,
	"params": {"icon": "cart", "level": 3}
}
Body
`
	want, diags := parse(t, "a.md", toml)
	if diags != "" {
		t.Fatalf("TOML: %s", diags)
	}
	for name, src := range map[string]string{"YAML": yaml, "JSON": json} {
		p, diags := parse(t, "a.md", src)
		if diags != "" {
			t.Errorf("%s: %s", name, diags)
			continue
		}
		if !reflect.DeepEqual(p.Meta, want.Meta) {
			t.Errorf("%s decodes to\n%+v\nTOML to\n%+v", name, p.Meta, want.Meta)
		}
		if p.Title != "Discovery" || p.Doc.Size() == 0 {
			t.Errorf("%s: title %q, body %d bytes", name, p.Title, p.Doc.Size())
		}
	}
}

func TestYAMLDatesAreTimestampsOrStrings(t *testing.T) {
	tests := []struct {
		src  string
		want time.Time
	}{
		{"date: 2026-01-31", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"date: '2026-01-31'", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"date: 2026-01-31T10:20:30+02:00", time.Date(2026, 1, 31, 8, 20, 30, 0, time.UTC)},
		{"date: 2026-01-31 10:20:30", time.Date(2026, 1, 31, 10, 20, 30, 0, time.UTC)},
		{`date: "2026-01-31T10:20:30"`, time.Date(2026, 1, 31, 10, 20, 30, 0, time.UTC)},
	}
	for _, tt := range tests {
		p, diags := parse(t, "a.md", "---\n"+tt.src+"\n---\n")
		if diags != "" {
			t.Errorf("%s: %s", tt.src, diags)
			continue
		}
		if !p.Meta.Date.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.src, p.Meta.Date.Time, tt.want)
		}
	}
}

func TestYAMLAndJSONProblemsAtFilePositions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"wrong type at the value",
			"---\ntitle: A\nweight: heavy\n---\n",
			`content/a.md:3:9: weight: wrong type: got string, want integer`},
		{"every wrong type, not only the first",
			"---\nweight: 1.5\ndraft: yes\ntags: discovery\n---\n",
			"content/a.md:2:9: weight: wrong type: got float, want integer\n" +
				"content/a.md:3:8: draft: wrong type: got string, want boolean\n" +
				"content/a.md:4:7: tags: wrong type: got string, want list of strings"},
		{"wrong type in a list",
			"---\ntags:\n  - a\n  - {b: c}\n---\n",
			`content/a.md:4:5: tags[1]: wrong type: got mapping, want string`},
		{"wrong type of params",
			"---\nparams: [a]\n---\n",
			`content/a.md:2:9: params: wrong type: got list, want mapping`},
		{"bad date",
			"---\ndate: 31.01.2026\n---\n",
			`content/a.md:2:7: "31.01.2026" is not a date like 2026-01-31`},
		{"date of the wrong type",
			"---\ndate: 20260131\n---\n",
			`content/a.md:2:7: date: wrong type: got integer, want date`},
		{"unknown key after a byte order mark and a blank line",
			"\xef\xbb\xbf\n---\ntitle: A\n  \nautor: me\n---\n",
			`content/a.md:5:1: warning: unknown key "autor"`},
		{"keys are case-sensitive",
			"---\nTitle: A\n---\n",
			`content/a.md:2:1: warning: unknown key "Title"`},
		{"unknown key with CRLF line endings",
			"---\r\ntitle: A\r\nowner: me\r\nautor: x\r\n---\r\n",
			`content/a.md:4:1: warning: unknown key "autor"`},
		{"columns count characters",
			"---\ntitle: Ärger\nweight: [Ü]\n---\n",
			`content/a.md:3:9: weight: wrong type: got list, want integer`},
		{"YAML line breaks that are not the file's",
			"---\ntitle: \"a\u0085b\"\nweight: x\n---\n",
			`content/a.md:3:9: weight: wrong type: got string, want integer`},
		{"a colon in a value",
			"---\ntitle: Pricing: the basics\n---\n",
			`content/a.md:2:1: mapping values are not allowed in this context (put a value that holds ": " in quotes)`},
		{"a colon on the first line",
			"---\ntitle: a: b\n---\n",
			`content/a.md:2:1: mapping values are not allowed in this context (put a value that holds ": " in quotes)`},
		{"a parser error counts lines from the top of the file",
			"---\ntitle: A\ntags: [a, b\nweight: 1\n---\n",
			`content/a.md:3:1: did not find expected ',' or ']'`},
		{"a tab for indentation",
			"---\nparams:\n\ticon: x\n---\n",
			`content/a.md:3:2: found character that cannot start any token (a tab? YAML indents with spaces)`},
		{"duplicate key",
			"---\ntitle: A\nweight: 1\ntitle: B\n---\n",
			`content/a.md:4:1: key "title" is set twice (first on line 2)`},
		{"not a mapping",
			"---\n- title\n---\n",
			`content/a.md:2:1: front matter is a list, not keys with values (key: value)`},
		{"a key that is a list",
			"---\n? [a]\n: 1\n---\n",
			`content/a.md:2:3: a key must be a name, not a list`},
		{"unclosed YAML",
			"---\ntitle: A\n\n# A\n",
			`content/a.md:1:1: front matter opened with --- is not closed; did you forget the closing ---?`},
		{"JSON wrong type",
			"{\n\t\"title\": \"A\",\n\t\"weight\": \"heavy\"\n}\n",
			`content/a.md:3:12: weight: wrong type: got string, want integer`},
		{"JSON unknown key",
			"{\n\"title\": \"A\",\n  \"autor\": \"me\"\n}\n",
			`content/a.md:3:3: warning: unknown key "autor"`},
		{"a first line that is more than { is no JSON front matter",
			"{\"title\": \"A\",\n  \"autor\": \"me\"\n}\n", ""},
		{"JSON unknown key on one long line",
			"{\n\"a\": 1, \"b\": 2, \"title\": \"Ü\", \"autor\": \"me\"\n}\n",
			"content/a.md:2:1: warning: unknown key \"a\"\n" +
				"content/a.md:2:9: warning: unknown key \"b\"\n" +
				"content/a.md:2:31: warning: unknown key \"autor\""},
		{"JSON missing comma",
			"{\n  \"title\": \"A\"\n  \"weight\": 1\n}\n",
			`content/a.md:3:3: invalid character '"' after object key:value pair`},
		{"JSON trailing comma",
			"{\n  \"title\": \"A\",\n}\n",
			`content/a.md:3:1: invalid character '}' looking for beginning of object key string`},
		{"JSON that ends early",
			"{\n\"tags\": [\"a\"}\n",
			`content/a.md:2:13: invalid character '}' after array element`},
		{"JSON duplicate key",
			"{\n\"title\": \"A\",\n\"title\": \"B\"\n}\n",
			`content/a.md:3:1: key "title" is set twice (first on line 2)`},
		{"checks of values at their YAML keys",
			"---\ntitle: A\naudience: [seller, ceo]\nslug: a/b\n---\n",
			"content/a.md:3:1: unknown audience \"ceo\"; site.toml declares \"manager\", \"seller\", \"new-hire\"\n" +
				"content/a.md:4:1: slug \"a/b\" may hold only letters, digits, '-', '_' and '.'; \"ab\" would do"},
		{"checks of values at their JSON keys",
			"{\n  \"type\": \"lesson\"\n}\n",
			`content/a.md:2:3: warning: unknown type "lesson" is ignored; playbook's types are "curriculum" (in _index.md), "module", "play" and "page"`},
		{"hide with what playbook cannot hide",
			"---\nhide: [navigation, toc]\n---\n",
			`content/a.md:2:1: warning: hide: "navigation" is not supported; only "toc" can be hidden`},
		{"JSON after a blank line",
			"\n{\n\"weight\": true\n}\n",
			`content/a.md:3:11: weight: wrong type: got boolean, want integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := parse(t, "a.md", tt.src); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestJSONFrontMatterReadsJSONEscapes(t *testing.T) {
	p, diags := parse(t, "a.md", "{\n\"title\": \"a\\/b \\ud83d\\ude00 \\u00e9\"\n}\n")
	if diags != "" || p.Title != "a/b 😀 é" {
		t.Errorf("title %q, diagnostics %s", p.Title, diags)
	}
}

func TestYAMLAliasesAndNullsDecode(t *testing.T) {
	p, diags := parse(t, "a.md", `---
title: &t Pricing
linkTitle: *t
description:
tags: &tags [a, b]
categories: *tags
params:
  owner: ~
  rank: 2
  weights: [1.5, true, 2026-01-31]
---
`)
	if diags != "" {
		t.Fatalf("diagnostics: %s", diags)
	}
	m := p.Meta
	if m.Title != "Pricing" || m.LinkTitle != "Pricing" || m.Description != "" || !reflect.DeepEqual(m.Categories, []string{"a", "b"}) {
		t.Errorf("Meta = %+v", m)
	}
	want := map[string]any{"owner": nil, "rank": int64(2), "weights": []any{1.5, true, time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}}
	if !reflect.DeepEqual(m.Params, want) {
		t.Errorf("Params = %#v, want %#v", m.Params, want)
	}
}

func TestEmptyYAMLAndJSONFrontMatter(t *testing.T) {
	for _, src := range []string{"---\n---\n# T\n", "---\n# only a comment\n---\n# T\n", "---\n~\n---\n# T\n", "{\n}\n# T\n"} {
		if p, diags := parse(t, "a.md", src); diags != "" || p.Title != "T" {
			t.Errorf("%q: title %q, diagnostics %s", src, p.Title, diags)
		}
	}
}

// Pathological front matter is an error naming the file, found without
// building what it stands for.
func TestPathologicalFrontMatterIsBounded(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("---\nparams:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'j'; i++ {
		bomb.WriteString("  " + string(i) + ": &" + string(i) + " [")
		for j := range 10 {
			if j > 0 {
				bomb.WriteString(", ")
			}
			bomb.WriteString("*" + string(i-1))
		}
		bomb.WriteString("]\n")
	}
	bomb.WriteString("---\n")
	deepYAML := "---\nparams: {a: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "}\n---\n"
	deepJSON := "{\n\"params\": " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n}\n"
	tests := []struct {
		name, src, want string
	}{
		{"billion laughs", bomb.String(),
			"content/a.md:3:37: front matter stands for more than 100000 values; do aliases (*name) repeat a large part?"},
		{"an alias of itself", "---\nparams: &a {b: *a}\n---\n",
			"content/a.md:2:16: nested deeper than 32 levels (limits.maxNesting in site.toml)"},
		{"deep YAML", deepYAML,
			"content/a.md:2:43: nested deeper than 32 levels (limits.maxNesting in site.toml)"},
		{"deep JSON", deepJSON,
			"content/a.md:2:42: nested deeper than 32 levels (limits.maxNesting in site.toml)"},
		{"huge key", "---\n" + strings.Repeat("k", 300) + ": 1\n---\n",
			"content/a.md:2:1: key of 300 bytes; keys are names of at most 256 bytes"},
		{"huge front matter", "---\ntitle: " + strings.Repeat("x", 70000) + "\n---\n",
			"content/a.md:2:1: front matter is 70008 bytes, over the limit of 65536"},
		{"huge TOML front matter", "+++\ntitle = \"" + strings.Repeat("x", 70000) + "\"\n+++\n",
			"content/a.md:2:1: front matter is 70011 bytes, over the limit of 65536"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, got := parse(t, "a.md", tt.src)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if p == nil || !p.Failed {
				t.Errorf("page %+v is not failed", p)
			}
		})
	}
}
