package markdown

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

// shiftLinker is the print page's kind of linker: prefixed ids, headings
// moved down.
type shiftLinker struct {
	testLinker
	shift int
}

func (l shiftLinker) HeadingShift() int { return l.shift }

func TestBodyResolvesPrefixLevelsAndLinksPerLinker(t *testing.T) {
	m := New(Options{})
	d := m.Parse([]byte("## Setup\n\n- [ ] Call [the buyer](a/b.md#x)[^1]\n\n###### Deep\n\n[^1]: Note.\n"))
	var page, print bytes.Buffer
	if err := d.WriteHTML(&page, testLinker{}); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteHTML(&print, shiftLinker{testLinker{prefix: "p-x--"}, 2}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 id="setup">`, `href="#setup"`, `</h2>`, `id="task-`, `href="/a/b/#x"`, `<h6 id="deep">`, `id="fn-1"`} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("page body lacks %q:\n%s", want, page.String())
		}
	}
	for _, want := range []string{`<h4 id="p-x--setup">`, `href="#p-x--setup"`, `</h4>`, `id="p-x--task-`, `<h6 id="p-x--deep">`, `id="p-x--fn-1"`, `href="#p-x--fnref-1"`} {
		if !strings.Contains(print.String(), want) {
			t.Errorf("print body lacks %q:\n%s", want, print.String())
		}
	}
}

// Content cannot forge a placeholder: NUL bytes anywhere, raw HTML
// included, come out as U+FFFD and never as a link or prefix.
func TestNULInContentNeverBecomesAPlaceholder(t *testing.T) {
	m := New(Options{Unsafe: true})
	src := "a\x00L0\x00 <span title='\x00P\x00'>x</span>\n\n```go\nx := \"\x00H1\x00\"\n```\n\n<div>\x00L0\x00</div>\n\n[l](a.md)\n"
	d := m.Parse([]byte(src))
	var out bytes.Buffer
	if err := d.WriteHTML(&out, testLinker{prefix: "PREFIX"}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.ContainsRune(got, 0) || strings.Contains(got, "PREFIX") || strings.Count(got, "/a/") != 1 {
		t.Errorf("content forged a placeholder:\n%q", got)
	}
	if n := strings.Count(got, "\uFFFD"); n != 8 {
		t.Errorf("%d replacement characters, want 8:\n%q", n, got)
	}
}

func TestSpilledBodiesReadBackUnchangedInParallel(t *testing.T) {
	m := New(Options{})
	s, err := NewSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var docs []*Doc
	var want, wantText []string
	for i := range 50 {
		d := m.Parse([]byte(strings.Repeat("## Part\n\nText [link](x.md) "+strings.Repeat("word ", i)+"\n\n", i+1)))
		var b bytes.Buffer
		_ = d.WriteHTML(&b, testLinker{})
		text, _ := d.Text()
		want, wantText = append(want, b.String()), append(wantText, text)
		docs = append(docs, d)
	}
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Go(func() {
			if err := d.spillTo(s); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for range 4 {
		wg.Go(func() {
			for i, d := range docs {
				var b bytes.Buffer
				if err := d.WriteHTML(&b, testLinker{}); err != nil {
					t.Error(err)
				}
				text, err := d.Text()
				if b.String() != want[i] || text != wantText[i] || err != nil {
					t.Errorf("doc %d changed on its way through the spill file (%v)", i, err)
				}
			}
		})
	}
	wg.Wait()
}

func TestHighlightCacheStaysWithinItsBudget(t *testing.T) {
	h := newHighlighter(false)
	block := strings.Repeat("x := \"some string\" // and a comment\n", 200)
	for i := range 2000 {
		h.highlight("go", []byte(block+strings.Repeat(" ", i)))
	}
	if got := h.cached.Load(); got > cacheBytes || got < cacheBytes/2 {
		t.Errorf("cache holds %d bytes, want at most %d (and near it)", got, cacheBytes)
	}
	a, b := h.highlight("go", []byte(block)), h.highlight("go", []byte(block))
	if &a[0] != &b[0] {
		t.Errorf("a block seen before the cache filled is highlighted again")
	}
	h.Forget()
	if got := h.cached.Load(); got != 0 {
		t.Errorf("after Forget the cache counts %d bytes", got)
	}
	if c := h.highlight("go", []byte(block)); &c[0] == &a[0] || !bytes.Equal(c, a) {
		t.Errorf("after Forget: the block came from the cache, or its HTML changed")
	}
	if d := h.highlight("go", []byte(block+" ")); len(d) == 0 || h.cached.Load() == 0 {
		t.Errorf("after Forget the cache keeps nothing new")
	}
}

func TestCountWordsMatchesFields(t *testing.T) {
	for _, s := range []string{"", " ", "one", " two  words ", "a\tb\nc\rd\ve\ff", "non\u00a0breaking space", "trailing\n", "ünïcode wörds here"} {
		if got, want := countWords([]byte(s)), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}
