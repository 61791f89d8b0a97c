package generator

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
)

// TestSourceCodecKnowsEveryField fails when content.Source or
// content.FrontMatter gains a field: encodeEntry and decodeEntry must
// learn it (a field they miss only costs a reread, since keepSources
// keeps entries that decode back the same, but it would go unnoticed).
func TestSourceCodecKnowsEveryField(t *testing.T) {
	if n := reflect.TypeFor[content.Source]().NumField(); n != 13 {
		t.Errorf("content.Source has %d fields, the codec knows 13: teach encodeEntry and decodeEntry the new one", n)
	}
	if n := reflect.TypeFor[content.FrontMatter]().NumField(); n != 27 {
		t.Errorf("content.FrontMatter has %d fields, the codec knows 27: teach encodeMeta and decodeMeta the new one", n)
	}
	if n := reflect.TypeFor[diag.Diagnostic]().NumField(); n != 3 {
		t.Errorf("diag.Diagnostic has %d fields, the codec knows 3: teach encodeEntry and decodeEntry the new one", n)
	}
	if n := reflect.TypeFor[diag.Pos]().NumField(); n != 3 {
		t.Errorf("diag.Pos has %d fields, the codec knows 3: teach encodeEntry and decodeEntry the new one", n)
	}
}

// fullSource returns a source with every field the codec writes set to
// something other than its zero value.
func fullSource() *content.Source {
	at := func(s string) content.Date {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return content.Date{Time: tm}
	}
	yes, no := true, false
	lines := diag.NewLines("content/a.md", []byte("+++\ntitle = \"A\"\n+++\n"))
	return &content.Source{
		File: "content/a.md", Rel: "a.md", Title: "A", Lines: lines, BodyOffset: 20,
		Hash: 1<<63 + 5, ListingKey: "lk", Duration: 90 * time.Minute, Failed: true,
		LoadDiags: diag.List{{Pos: diag.Pos{File: "content/a.md", Line: 2, Col: 3}, Severity: diag.Warning, Msg: "unknown key"}},
		LinkPos:   []diag.Pos{{File: "content/a.md", Line: 7, Col: 1}, {File: "content/a.md", Line: 9, Col: 12}},
		Meta: content.FrontMatter{
			Title: "A", Description: "d", LinkTitle: "lt", Weight: -3,
			Date: at("2026-01-02T10:00:00Z"), Lastmod: at("2026-01-03T10:00:00+02:00"), Draft: true,
			Slug: "s", Tags: []string{"t1", "t2"}, Categories: []string{"c"}, Audience: []string{"manager"},
			Aliases: []string{"/old/"}, Layout: "l", Type: "module", Duration: "90m", Requires: []string{"b.md"},
			Owner: "o", Reviewed: at("2026-11-04T00:00:00Z"), PublishDate: at("2025-01-01T00:00:00Z"),
			ExpiryDate: at("2030-01-01T00:00:00Z"), Summary: "sum", TOC: &no, Hide: []string{"toc"},
			Signoff: true, Print: &yes, Search: &no,
			Params: map[string]any{
				"s": "x", "b": true, "i": 7, "i64": int64(-8), "u": uint64(9), "f": 1.5,
				"t": at("2026-05-05T05:05:05Z").Time, "nil": nil,
				"list":   []any{"a", int64(1), []any{}, map[string]any{"k": "v"}},
				"map":    map[string]any{"nested": map[string]any{"deep": 1.25}},
				"tables": []map[string]any{{"name": "one"}, {"name": "two"}},
			},
		},
	}
}

func TestSourceCodecRoundTrips(t *testing.T) {
	src := fullSource()
	e := newSourceEntry(src, "sum", [32]byte{1, 2, 3})
	if e == nil {
		t.Fatal("no entry")
	}
	var w varbin.Writer
	if err := encodeEntry(&w, e); err != nil {
		t.Fatal(err)
	}
	back, err := decodeEntry(w.B)
	if err != nil {
		t.Fatal(err)
	}
	if back.File != e.File || back.Sum != e.Sum || back.DocKey != e.DocKey {
		t.Errorf("entry header read back as %q %q %x", back.File, back.Sum, back.DocKey)
	}
	if !sameSource(src, back.restore()) {
		t.Errorf("source read back differs:\n got %#v\nwant %#v", back.restore(), src)
	}
	// Every cut and every flipped byte is an error or an entry, never a
	// panic.
	for n := range len(w.B) {
		if _, err := decodeEntry(w.B[:n]); err == nil {
			t.Errorf("an entry cut to %d of %d bytes decoded", n, len(w.B))
		}
	}
	for i := range w.B {
		b := append([]byte(nil), w.B...)
		b[i] ^= 0xff
		_, _ = decodeEntry(b)
	}
}

func TestSourceCodecRefusesUnknownParams(t *testing.T) {
	src := fullSource()
	src.Meta.Params = map[string]any{"odd": int32(5)}
	var w varbin.Writer
	if err := encodeEntry(&w, newSourceEntry(src, "sum", [32]byte{})); !errors.Is(err, errUnkeepable) {
		t.Errorf("a param of type int32 encoded (err %v), want errUnkeepable", err)
	}
	deep := map[string]any{}
	m := deep
	for range maxValueDepth + 2 {
		next := map[string]any{}
		m["k"] = next
		m = next
	}
	src.Meta.Params = deep
	w = varbin.Writer{}
	if err := encodeEntry(&w, newSourceEntry(src, "sum", [32]byte{})); !errors.Is(err, errUnkeepable) {
		t.Errorf("params nested past the bound encoded (err %v)", err)
	}
}

// A segment reads back whole, and a segment cut short or flipped, or of
// another salt, reads as nothing.
func TestSourcesSegmentRejectsDamage(t *testing.T) {
	var w varbin.Writer
	if err := encodeEntry(&w, newSourceEntry(fullSource(), "sum", [32]byte{})); err != nil {
		t.Fatal(err)
	}
	seg := sourcesSegment("salt", [][]byte{w.B, w.B})
	entries, rest, ok := splitSegment(seg, "salt")
	if !ok || len(entries) != 2 || len(rest) != 0 {
		t.Fatalf("segment split into %d entries, %d bytes left, ok %v", len(entries), len(rest), ok)
	}
	if _, _, ok := splitSegment(seg, "pepper"); ok {
		t.Error("a segment of another salt was used")
	}
	for n := range len(seg) {
		if _, _, ok := splitSegment(seg[:n], "salt"); ok {
			t.Errorf("a segment cut to %d of %d bytes was used", n, len(seg))
		}
	}
	for i := range seg {
		b := append([]byte(nil), seg...)
		b[i] ^= 0x01
		if _, _, ok := splitSegment(b, "salt"); ok {
			t.Errorf("a segment with byte %d flipped was used", i)
		}
	}
}
