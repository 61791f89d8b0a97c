package render

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// A syntax error is placed at the token Go's parser quotes when the line
// has it once inside an action, and at its line alone otherwise.
func TestTemplateSyntaxErrorsArePlacedAtTheQuotedToken(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"<p>{{< figure >}}</p>", `layouts/partials/t.html:1:6: unexpected "<" in command`},
		{"<p>a < b</p>{{ 1 | < }}", `layouts/partials/t.html:1:20: unexpected "<" in command`},
		{"{{ < }}{{ < }}", `layouts/partials/t.html:1: unexpected "<" in command`},
		{"x\n{{ nosuch 1 }}", `layouts/partials/t.html:2:4: function "nosuch" not defined`},
		{"{{ $a }}", `layouts/partials/t.html:1:4: undefined variable "$a"`},
		{"{{ if 1 }}\n{{ end }}{{ end }}", `layouts/partials/t.html:2: unexpected {{end}}`},
		{"{{ 1 #}}", `layouts/partials/t.html:1:6: unexpected "#" in operand`},
		{"ü{{ 1 § }}", `layouts/partials/t.html:1:7: unrecognized character in action: U+00A7 '§'`},
		{"{{ print\n  1 < }}", `layouts/partials/t.html:2:5: unexpected "<" in operand`},
		{"{{/* open", `layouts/partials/t.html:1: unclosed comment`},
		{"{{ if 1 }}", `layouts/partials/t.html:1: unexpected EOF`},
	}
	for _, tt := range tests {
		layers := Layers{{FS: fstest.MapFS{"layouts/partials/t.html": {Data: []byte(tt.src)}}, Dir: "."}}
		_, err := loadTemplates(layers, funcs())
		var l diag.List
		if !errors.As(err, &l) || len(l) != 1 {
			t.Errorf("%q: err %v, want one diagnostic", tt.src, err)
			continue
		}
		if got := l[0].Error(); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// FuzzTemplateSyntaxErrorPlace: any template text parses or gives
// diagnostics placed in its file, never a panic.
func FuzzTemplateSyntaxErrorPlace(f *testing.F) {
	for _, seed := range []string{"<p>{{< figure >}}</p>", "{{ if 1 }}\n{{ end }}{{ end }}", "ü{{ 1 § }}", "{{ print\n  1 < }}", "{{/* open", "}} {{ $x }} {{"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		layers := Layers{{FS: fstest.MapFS{"layouts/partials/t.html": {Data: []byte(src)}}, Dir: "."}}
		_, err := loadTemplates(layers, funcs())
		var l diag.List
		if err == nil || !errors.As(err, &l) {
			return
		}
		lines := strings.Split(src, "\n")
		for _, d := range l {
			if d.Pos.File != "layouts/partials/t.html" || d.Pos.Line < 1 || d.Pos.Line > len(lines) ||
				d.Pos.Col < 0 || d.Pos.Col > len([]rune(lines[d.Pos.Line-1]))+1 {
				t.Fatalf("%s placed outside the file (%d lines)", d.Error(), len(lines))
			}
		}
	})
}
