package search

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

func TestUvarintLenIsWhatAppendUvarintAppends(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 255, 16383, 16384, 1<<21 - 1, 1 << 21, 1<<63 - 1, 1<<64 - 1} {
		if got, want := uvarintLen(v), len(binary.AppendUvarint(nil, v)); got != want {
			t.Errorf("uvarintLen(%d) = %d, want %d", v, got, want)
		}
	}
}

// putCache is an AnalysisCache that keeps what it is given.
type putCache map[[32]byte][]byte

func (c putCache) Get(k [32]byte) []byte    { return c[k] }
func (c putCache) Put(k [32]byte, b []byte) { c[k] = b }

// The analyses of a whole site stay in memory until the build ends: each
// is allocated at its size, and reads back as the terms it was made from.
func TestKeptAnalysisHasNoSpareBytesAndReadsBack(t *testing.T) {
	src := "## Discovery calls\n\nSellers who coach their buyers ask better questions; forecasting follows.\n\n" +
		strings.Repeat("Qualification depends on the buyer's problem, not our product. ", 40) +
		"\n\n## Heading " + strings.Repeat("x", 200) + "\n"
	pg := &content.Page{Source: &content.Source{Title: "Coaching the forecast", Doc: markdown.New(markdown.Options{}).Parse([]byte(src))}}
	pg.Meta.Tags = []string{"coaching", "pipeline-reviews"}
	c := putCache{}
	wk := newWorker(&Index{}, c)
	key := [32]byte{1}
	made, err := wk.index(pg, &Doc{}, &key)
	if err != nil {
		t.Fatal(err)
	}
	b := c[key]
	if len(b) == 0 || len(b) != cap(b) {
		t.Fatalf("kept analysis: %d bytes in a %d-byte slice", len(b), cap(b))
	}
	again, err := newWorker(&Index{}, c).index(pg, &Doc{}, &key)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(made) {
		t.Fatalf("read back %d terms, made %d", len(again), len(made))
	}
	for i := range made {
		if again[i].code != made[i].code {
			t.Errorf("term %d: code %d read back, %d made", i, again[i].code, made[i].code)
		}
	}
}
