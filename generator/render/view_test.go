package render

import (
	"reflect"
	"testing"
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
