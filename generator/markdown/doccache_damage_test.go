package markdown

import (
	"os"
	"path/filepath"
	"testing"
)

// savedCache parses src into a new cache in a folder of t's and saves it,
// returning the folder.
func savedCache(t *testing.T, m *Markdown, src []byte) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "docs")
	c, _ := openParse(t, dir, m, src)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	return dir
}

// openParse opens the cache in dir and parses src through it.
func openParse(t *testing.T, dir string, m *Markdown, src []byte) (*DocCache, *Doc) {
	t.Helper()
	c, err := OpenDocCache(dir, "salt", nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Parse(m, src, "")
	if err != nil {
		t.Fatal(err)
	}
	return c, d
}

// TestDamagedIndexIsNeverServed flips each byte of a saved index in turn
// and checks that the next parse never takes the entry from it: each
// segment's SHA-256 stands for its bytes, so damage anywhere (a length
// made negative, a task's parent out of range, a heading renamed) means
// a parse, never a panic or a body that differs.
func TestDamagedIndexIsNeverServed(t *testing.T) {
	m := New(Options{})
	src := []byte("# Practise\n\n- [ ] Plan\n  - [ ] Rehearse\n\nSee [the guide](guide.md#setup).\n")
	dir := savedCache(t, m, src)
	index := filepath.Join(dir, indexName)
	whole, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	fresh := m.Parse(src)
	if fresh.Title != "Practise" || len(fresh.Tasks) != 2 || len(fresh.Links) != 1 {
		t.Fatalf("fresh parse: title %q, %d tasks, %d links", fresh.Title, len(fresh.Tasks), len(fresh.Links))
	}
	for i := range whole {
		b := append([]byte(nil), whole...)
		b[i] ^= 0x01
		if err := os.WriteFile(index, b, 0o600); err != nil {
			t.Fatal(err)
		}
		c, d := openParse(t, dir, m, src)
		if c.Hits != 0 {
			t.Errorf("byte %d of %d flipped: the entry was served from the damaged index", i, len(whole))
		}
		if d.Title != fresh.Title || len(d.Tasks) != len(fresh.Tasks) || len(d.Links) != len(fresh.Links) {
			t.Errorf("byte %d flipped: parsed title %q, %d tasks, %d links", i, d.Title, len(d.Tasks), len(d.Links))
		}
		c.Close()
	}
}

// TestNegativeBlobIsNoEntry checks packOf's bounds on a reference whose
// length or offset is out of the pack, whatever their sum.
func TestNegativeBlobIsNoEntry(t *testing.T) {
	for _, b := range []blobRef{{off: 0, n: -1}, {off: -1, n: 1}, {off: 1 << 62, n: 1 << 62}, {off: 5, n: 6}} {
		if b.within(10) {
			t.Errorf("%+v lies within a pack of 10 bytes", b)
		}
	}
	for _, b := range []blobRef{{off: 0, n: 10}, {off: 10, n: 0}, {off: 3, n: 4}} {
		if !b.within(10) {
			t.Errorf("%+v does not lie within a pack of 10 bytes", b)
		}
	}
}

// TestTaskParentMustComeBefore checks that metadata naming an enclosing
// task at or after the task itself does not decode.
func TestTaskParentMustComeBefore(t *testing.T) {
	d := &Doc{Tasks: []*Task{{ID: "a", parentTask: -1}, {ID: "b", parentTask: 0}}}
	if _, err := decodeMeta(encodeMeta(d)); err != nil {
		t.Fatalf("well-formed tasks: %v", err)
	}
	for _, p := range []int{1, 2, -2, 1 << 40} {
		d.Tasks[1].parentTask = p
		if _, err := decodeMeta(encodeMeta(d)); err == nil {
			t.Errorf("a task whose parent is %d decoded", p)
		}
	}
}

// TestEmptyBodyIsKept checks that a page whose body is empty (front
// matter only) is served from the cache by the next build: its pack
// holds no bytes for it, yet the pack must stay.
func TestEmptyBodyIsKept(t *testing.T) {
	m := New(Options{})
	dir := savedCache(t, m, nil)
	c, err := OpenDocCache(dir, "salt", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Parse(m, nil, ""); err != nil {
		t.Fatal(err)
	}
	if c.Hits != 1 {
		t.Errorf("an empty body: %d hits, %d misses", c.Hits, c.Misses)
	}
}

// TestFreshMetadataComesBackWhole checks the metadata of a body parsed
// by this build, which waits in the pack rather than in memory: read
// back in the same build, from the index the next build reads, and,
// damaged in the pack, never served.
func TestFreshMetadataComesBackWhole(t *testing.T) {
	m := New(Options{})
	src := []byte("# Title\n\nSee [the guide](guide.md#top) and ![a chart](c.png).\n\n" +
		"## Steps {#steps}\n\n- [ ] Call the buyer\n  - [x] Book the room\n\n[^1]: A note.\n\nText[^1] <b>raw</b>\n")
	dir := filepath.Join(t.TempDir(), "docs")
	c, d := openParse(t, dir, m, src)
	want := string(encodeMeta(d))
	if len(d.Headings) == 0 || len(d.Links) == 0 || len(d.Tasks) != 2 {
		t.Fatalf("the source should give headings, links and tasks: %+v", d)
	}
	key, _ := d.CacheKey()
	same := c.Lookup(key)
	if same == nil {
		t.Fatal("Lookup in the same build: no entry")
	}
	if got := string(encodeMeta(same)); got != want {
		t.Errorf("read back from the pack:\n got %q\nwant %q", got, want)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()

	c, err := OpenDocCache(dir, "salt", nil)
	if err != nil {
		t.Fatal(err)
	}
	again := c.Lookup(key)
	if again == nil {
		t.Fatal("the next build: no entry")
	}
	if got := string(encodeMeta(again)); got != want {
		t.Errorf("read from the index:\n got %q\nwant %q", got, want)
	}
	c.Close()

	// Damage the metadata in the pack of a build before it saves.
	c, d = openParse(t, filepath.Join(t.TempDir(), "docs"), m, src)
	defer c.Close()
	key, _ = d.CacheKey()
	e := c.next[key]
	if _, err := c.out.f.WriteAt([]byte{0xff ^ want[0]}, e.metaAt.off); err != nil {
		t.Fatal(err)
	}
	if c.Lookup(key) != nil {
		t.Error("damaged metadata in the pack was served")
	}
	if err := c.Save(); err == nil {
		t.Error("Save wrote an index from damaged metadata")
	}
}
