package markdown

import (
	"reflect"
	"testing"
)

func TestParseHugoShortcodeReadsArgumentsAndForms(t *testing.T) {
	tests := []struct {
		in   string
		want HugoShortcode
		n    int
		ok   bool
	}{
		{`{{< ref "a b.md#x" >}}) rest`, HugoShortcode{Delim: '<', Name: "ref", Args: []string{"a b.md#x"}, Named: map[string]string{}}, 22, true},
		{`{{% alert title="Do not demo" color=warning %}}`, HugoShortcode{Delim: '%', Name: "alert", Named: map[string]string{"title": "Do not demo", "color": "warning"}}, 47, true},
		{`{{< alert title="Say \"hi\" \\o/" >}}`, HugoShortcode{Delim: '<', Name: "alert", Named: map[string]string{"title": `Say "hi" \o/`}}, 37, true},
		{"{{< x `a \\\" b` >}}", HugoShortcode{Delim: '<', Name: "x", Args: []string{`a \" b`}, Named: map[string]string{}}, 18, true},
		{`{{< /tab >}}`, HugoShortcode{Delim: '<', Name: "tab", Closing: true, Named: map[string]string{}}, 12, true},
		{`{{</* figure src="x" */>}}`, HugoShortcode{Delim: '<', Escaped: true}, 26, true},
		{`{{< youtube >`, HugoShortcode{}, 0, false},
		{`{{ .Title }}`, HugoShortcode{}, 0, false},
	}
	for _, tt := range tests {
		got, n, ok := ParseHugoShortcode([]byte(tt.in))
		if ok != tt.ok || n != tt.n || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseHugoShortcode(%q) = %+v, %d, %v; want %+v, %d, %v", tt.in, got, n, ok, tt.want, tt.n, tt.ok)
		}
	}
}

func TestHugoCalloutPicksTheKind(t *testing.T) {
	tests := []struct {
		name, first string
		named       map[string]string
		want        string
		ok          bool
	}{
		{"alert", "", map[string]string{"color": "warning"}, "WARNING", true},
		{"notice", "tip", nil, "TIP", true},
		{"Note", "", nil, "NOTE", true},
		{"danger", "", nil, "CAUTION", true},
		{"figure", "", nil, "", false},
	}
	for _, tt := range tests {
		got, ok := HugoCallout(tt.name, tt.first, tt.named)
		if got != tt.want || ok != tt.ok {
			t.Errorf("HugoCallout(%q, %q, %v) = %q, %v; want %q, %v", tt.name, tt.first, tt.named, got, ok, tt.want, tt.ok)
		}
	}
}
