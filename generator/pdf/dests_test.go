package pdf

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// pdfFile lays out objects (numbered from 1) as a PDF with a
// cross-reference table and a trailer whose root is object 1.
func pdfFile(objects ...string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return []byte(b.String())
}

func TestDestPagesReadsNamedDestinations(t *testing.T) {
	// Pages: 3 (object 4), 5 and 6 in a nested tree, in that order.
	pageTree := []string{
		2: "<</Type /Pages /Count 3 /Kids [3 0 R 6 0 R]>>",
		3: "<</Type /Pages /Count 2 /Parent 2 0 R /Kids [4 0 R 5 0 R]>>",
		4: "<</Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 7 0 R>>",
		5: "<</Type /Page /Parent 3 0 R /MediaBox [0 0 612 792]>>",
		6: "<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>>",
		7: "<</Length 10>> stream\nBT (x) Tj ET\nendstream",
	}
	objects := func(catalog string, more ...string) []string {
		return append(append([]string{catalog}, pageTree[2:]...), more...)
	}
	for _, tc := range []struct {
		name    string
		pdf     []byte
		want    map[string]int
		wantErr string
	}{{
		name: "catalog dests as Chromium writes them",
		pdf: pdfFile(objects("<</Type /Catalog /Pages 2 0 R /Dests 8 0 R /Lang (en-US)>>",
			"<</p-home [4 0 R /XYZ 6 776.25 0]\n/p-caf#25C3#25A9 [6 0 R /XYZ 6 792 0]\n/p-b#20c <</D [5 0 R /Fit]>>>>")...),
		want: map[string]int{"p-home": 1, "p-caf%C3%A9": 3, "p-b c": 2},
	}, {
		name: "name tree with kids, literal and hex strings",
		pdf: pdfFile(objects("<</Type /Catalog /Pages 2 0 R /Names <</Dests 8 0 R>>>>",
			"<</Kids [9 0 R]>>",
			"<</Names [(a\\(1\\)) [5 0 R /XYZ null null null] (b\\303\\251) 10 0 R <6a6f> [6 0 R /Fit]] % a comment\n>>",
			"[4 0 R /XYZ 0 0 0]")...),
		want: map[string]int{"a(1)": 2, "bé": 1, "jo": 3},
	}, {
		name: "no destinations",
		pdf:  pdfFile(objects("<</Type /Catalog /Pages 2 0 R>>")...),
		want: map[string]int{},
	}, {
		name:    "destination on no page",
		pdf:     pdfFile(objects("<</Type /Catalog /Pages 2 0 R /Dests <</x [7 0 R /Fit]>>>>")...),
		wantErr: `destination "x" names no page of the document`,
	}, {
		name:    "cyclic page tree",
		pdf:     pdfFile("<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [2 0 R 2 0 R]>>"),
		wantErr: "object 2 is in the page tree twice",
	}, {
		name:    "missing object",
		pdf:     pdfFile(objects("<</Type /Catalog /Pages 2 0 R /Dests 99 0 R>>")...),
		wantErr: "object 99 is not in the file",
	}, {
		name:    "cross-reference stream",
		pdf:     []byte("%PDF-1.5\n1 0 obj\n<</Type /XRef /Size 2>> stream\nendstream\nendobj\nstartxref\n9\n%%EOF\n"),
		wantErr: "no cross-reference table at offset 9",
	}, {
		name:    "not a PDF",
		pdf:     []byte("<html>"),
		wantErr: "no startxref",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := destPages(tc.pdf)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPagesByIDDecodesChromiumsNames(t *testing.T) {
	file := pdfFile(
		"<</Type /Catalog /Pages 2 0 R /Dests <</p-caf#25C3#25A9 [3 0 R /XYZ 6 792 0] /p-50#25 [3 0 R /Fit]>>>>",
		"<</Type /Pages /Count 1 /Kids [3 0 R]>>",
		"<</Type /Page /Parent 2 0 R>>")
	got, err := pagesByID(file)
	if err != nil {
		t.Fatal(err)
	}
	// "p-50%" is no valid escape: the name is kept as it is.
	if want := map[string]int{"p-café": 1, "p-50%": 1}; !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// destPages reads what Chromium wrote, but must not panic nor loop on
// any bytes.
func FuzzDestPages(f *testing.F) {
	f.Add(pdfFile("<</Type /Catalog /Pages 2 0 R /Dests <</a [3 0 R /Fit]>>>>",
		"<</Type /Pages /Count 1 /Kids [3 0 R]>>", "<</Type /Page /Parent 2 0 R>>"))
	f.Add(pdfFile("<</Type /Catalog /Pages 2 0 R /Names <</Dests <</Names [(a) [3 0 R /Fit] <62> 3 0 R]>>>>>>",
		"<</Type /Pages /Count 1 /Kids [2 0 R 3 0 R]>>", "<</Type /Page /Parent 2 0 R>>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := destPages(data)
		for name, n := range pages {
			if n < 1 {
				t.Errorf("destination %q on page %d", name, n)
			}
		}
		if err == nil && pages == nil {
			t.Error("no error and no map")
		}
	})
}
