package content

import (
	"strings"
	"testing"
)

func TestParseCategory(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            Category // File is set from file
		diags           string
	}{
		{"json", "_category_.json", `{"label": "Guides", "position": 2.5, "collapsed": false, "customProps": {"x": [1]},
 "link": {"type": "generated-index", "title": "All guides", "description": "Every guide."}}`,
			Category{Label: "Guides", Position: 2.5, HasPosition: true, Open: true, Title: "All guides", Description: "Every guide."}, ""},
		{"yaml", "_category_.yml", "label: Guides\nposition: 0\ncollapsible: false\nlink: null\n",
			Category{Label: "Guides", HasPosition: true, Open: true}, ""},
		{"collapsed", "_category_.yaml", "collapsed: true\n", Category{}, ""},
		{"empty yaml", "_category_.yml", "", Category{}, ""},
		{"json syntax", "_category_.json", "{\"label\": \"A\",\n \"position\": }\n", Category{},
			`_category_.json:2:14: invalid JSON: invalid character '}' looking for beginning of value`},
		{"json after a key", "_category_.json", "{\"label\" \"A\"}", Category{},
			`_category_.json:1:10: invalid JSON: invalid character '"' after object key`},
		{"json ends early", "_category_.json", `{"label": "A"`, Category{}, `_category_.json:1:14: invalid JSON: the file ends inside a value`},
		{"json after the object", "_category_.json", "{}\n{}", Category{},
			`_category_.json:2:1: more after the first value; a navigation file holds one object`},
		{"yaml syntax", "_category_.yml", "label: A\nposition: [2\n", Category{},
			`_category_.yml:2: invalid YAML: did not find expected ',' or ']'`},
		{"yaml scanner", "_category_.yml", "label: A\n  position: 2\n", Category{},
			`_category_.yml:2: invalid YAML: mapping values are not allowed in this context (put a value that holds ": " in quotes)`},
		{"yaml parser at the end", "_category_.yml", "[a, b\n", Category{},
			`_category_.yml:2: invalid YAML: did not find expected ',' or ']'`},
		{"yaml parser on the first line", "_category_.yml", "x: [a, b}\n", Category{},
			`_category_.yml:1: invalid YAML: did not find expected ',' or ']'`},
		{"yaml parser on a later line", "_category_.yml", "- a\nb: c\n", Category{},
			`_category_.yml:2: invalid YAML: did not find expected '-' indicator`},
		{"not an object", "_category_.json", ` ["a"]`, Category{},
			`_category_.json:1:2: want an object of settings such as {"label": "Guides", "position": 2}, not a list`},
		{"wrong types", "_category_.json", "{\"label\": 2, \"position\": \"2\",\n \"collapsed\": \"no\", \"link\": \"x\"}", Category{},
			`_category_.json:1:11: label must be a string, not a number
_category_.json:1:26: position must be a number, not a string
_category_.json:2:15: collapsed must be true or false, not a string
_category_.json:2:29: link must be an object such as {"type": "generated-index"}, not a string`},
		{"yaml types", "_category_.yml", "label: 2024\nposition: two\n", Category{},
			`_category_.yml:1:8: label must be a string, not a number
_category_.yml:2:11: position must be a number, not a string`},
		{"twice", "_category_.json", `{"label": "A", "label": "B"}`, Category{Label: "A"},
			`_category_.json:1:16: key "label" is written twice`},
		{"unknown and unsupported keys", "_category_.yml", "lable: A\nclassName: red\nkey: k\n", Category{},
			`_category_.yml:1:1: warning: unknown key "lable"
_category_.yml:2:1: warning: className is not supported and is ignored; style the sidebar with the theme's CSS`},
		{"link types", "_category_.yml", "link:\n  type: docs\n", Category{},
			`_category_.yml:2:9: warning: link type "docs" is not supported and the link is ignored; want "generated-index"`},
		{"link without type", "_category_.json", `{"link": {"title": "T"}}`, Category{},
			`_category_.json:1:2: warning: link without a type is ignored; want {"type": "generated-index"}`},
		{"generated index extras", "_category_.yml", "link:\n  type: generated-index\n  slug: /all\n  titel: x\n", Category{},
			`_category_.yml:3:3: warning: link.slug is not supported and is ignored; the folder's page is at the folder's URL
_category_.yml:4:3: warning: unknown key "titel" in link`},
		{"yaml alias", "_category_.yml", "customProps: &p {x: 1}\nkey: *p\nlabel: A\n", Category{Label: "A"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := parseCategory(tt.file, []byte(tt.src))
			want := tt.want
			want.File = tt.file
			got.linkPos = want.linkPos
			if *got != want {
				t.Errorf("got %+v\nwant %+v", *got, want)
			}
			diags.Sort()
			if d := diags.Error(); d != tt.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", d, tt.diags)
			}
		})
	}
}

// Pathological input gets an error: deep nesting, and YAML aliases that
// would expand a few bytes into billions of values.
func TestParseCategoryBoundsPathologicalInput(t *testing.T) {
	var laughs strings.Builder
	laughs.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'j'; i++ {
		laughs.WriteString(string(i) + ": &" + string(i) + " {")
		for k := range 10 {
			if k > 0 {
				laughs.WriteString(", ")
			}
			laughs.WriteString(string(rune('k'+k)) + ": *" + string(i-1))
		}
		laughs.WriteString("}\n")
	}
	tests := []struct{ name, file, src, want string }{
		{"deep json", "_category_.json", `{"customProps": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "}",
			"_category_.json:1:49: nested deeper than 32 levels"},
		{"deep json objects", "_category_.json", strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000),
			"_category_.json:1:166: nested deeper than 32 levels"},
		{"wide json", "_category_.json", `{"customProps": [` + strings.Repeat("1,", 20_000) + "1]}", "more than 10000 values"},
		{"deep yaml", "_category_.yml", "customProps: " + strings.Repeat("{a: ", 100) + "1" + strings.Repeat("}", 100), "_category_.yml:1:142: nested deeper than 32 levels"},
		{"deeper yaml", "_category_.yml", "customProps: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), "invalid YAML: exceeded max depth of 10000"},
		{"yaml aliases", "_category_.yml", laughs.String(), "more than 10000 values"},
	}
	for _, tt := range tests {
		_, diags := parseCategory(tt.file, []byte(tt.src))
		if !strings.Contains(diags.Error(), tt.want) || !diags.HasErrors(false) {
			t.Errorf("%s: diagnostics %q, want an error saying %q", tt.name, diags.Error(), tt.want)
		}
	}
}
