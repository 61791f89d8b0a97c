package render

import (
	"reflect"
	"testing"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// pageView writes out frameView's fields (see its comment): both must
// offer base.html the same data.
func TestPageViewHasTheFrame(t *testing.T) {
	frame, page := reflect.TypeFor[frameView](), reflect.TypeFor[pageView]()
	for i := range frame.NumField() {
		f := frame.Field(i)
		g, ok := page.FieldByName(f.Name)
		if !ok || g.Type != f.Type || len(g.Index) != 1 {
			t.Errorf("pageView lacks frameView's field %s %s as a field of its own", f.Name, f.Type)
		}
	}
	for _, m := range []string{"Asset", "RelHref"} {
		if _, ok := reflect.PointerTo(page).MethodByName(m); !ok {
			t.Errorf("pageView lacks frameView's method %s", m)
		}
	}
}

func TestHrefKeepsQueryAndFragment(t *testing.T) {
	tests := []struct {
		h    hrefs
		url  string
		want string
	}{
		{hrefs{root: "/playbook/"}, "/a/b/", "/playbook/a/b/"},
		{hrefs{root: "/playbook/"}, "/a/?tab=2#x", "/playbook/a/?tab=2#x"},
		{hrefs{root: "../../", relative: true}, "/a/?tab=2#x", "../../a/index.html?tab=2#x"},
		{hrefs{root: "./", relative: true}, "/?q", "./index.html?q"},
		{hrefs{root: "/"}, "/f.pdf#page=2", "/f.pdf#page=2"},
	}
	for _, tt := range tests {
		if got := tt.h.href(tt.url); got != tt.want {
			t.Errorf("%+v.href(%q) = %q, want %q", tt.h, tt.url, got, tt.want)
		}
	}
}

func TestLinkURLAddsQueryAndPageFragment(t *testing.T) {
	tests := []struct {
		t    content.LinkTarget
		n    markdown.LocalLink
		want string
	}{
		{content.LinkTarget{URL: "/a/", Key: "a"}, markdown.LocalLink{Fragment: "x"}, "/a/#x"},
		{content.LinkTarget{URL: "/a/", Key: "a"}, markdown.LocalLink{Query: "tab=2", Fragment: "x"}, "/a/?tab=2#x"},
		{content.LinkTarget{URL: "/f.pdf#page=2"}, markdown.LocalLink{Query: "v=1", Fragment: "page=2"}, "/f.pdf?v=1#page=2"},
		{content.LinkTarget{URL: "/img.png"}, markdown.LocalLink{Fragment: "x", Image: true}, "/img.png"},
	}
	for _, tt := range tests {
		if got := linkURL(tt.t, &tt.n); got != tt.want {
			t.Errorf("linkURL(%+v, %+v) = %q, want %q", tt.t, tt.n, got, tt.want)
		}
	}
}
