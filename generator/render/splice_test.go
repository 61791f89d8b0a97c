package render

import (
	"bytes"
	"testing"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/markdown"
)

// The splicer finds body placeholders however the template's output is
// cut into writes, and passes through what is not a placeholder.
func TestSplicerWritesBodiesInPlaceOfPlaceholders(t *testing.T) {
	doc := markdown.New(markdown.Options{}).Parse([]byte("## Step\n\nDo it.\n"))
	d := &printDoc{}
	part := &printPart{ID: "p-a", Level: 2, page: &content.Page{Source: &content.Source{Doc: doc}}}
	part.doc, part.n = d, 0
	d.bodies = map[int]*printPart{0: part}
	src := "<main>" + string(part.Body()) + "</main>\x00B9\x00<p>\x00x"
	want := "<main>" + `<h3 id="p-a--step">Step<a class="anchor" href="#p-a--step" aria-hidden="true" tabindex="-1">#</a></h3>` +
		"\n<p>Do it.</p>\n</main>\x00B9\x00<p>\x00x"
	for _, chunk := range []int{1, 2, 3, 7, len(src)} {
		var out bytes.Buffer
		sp := &splicer{out: &out, doc: d}
		for i := 0; i < len(src); i += chunk {
			if _, err := sp.Write([]byte(src[i:min(i+chunk, len(src))])); err != nil {
				t.Fatal(err)
			}
		}
		if err := sp.flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("writes of %d bytes:\n got %q\nwant %q", chunk, out.String(), want)
		}
	}
}
