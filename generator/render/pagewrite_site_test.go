package render_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
)

// TestWritePageMakesTheTemplatesBytes builds the example playbook and the
// fixture sites written in other tools' conventions twice, once with
// every page, sidebar and list entry through the theme's templates, and
// finds every file of the two builds the same: writePage, writeNav and
// writeEntry change no byte of a real site.
func TestWritePageMakesTheTemplatesBytes(t *testing.T) {
	type output interface {
		File(string) ([]byte, bool)
		Names() []string
	}
	compare := func(t *testing.T, build func() output) {
		t.Helper()
		fast := build()
		restore := render.TemplatesOnly()
		slow := build()
		restore()
		if len(fast.Names()) != len(slow.Names()) {
			t.Fatalf("%d files, %d through the templates", len(fast.Names()), len(slow.Names()))
		}
		pages := 0
		for _, name := range slow.Names() {
			want, _ := slow.File(name)
			got, ok := fast.File(name)
			if !ok || !bytes.Equal(got, want) {
				t.Errorf("%s differs from the templates' output", name)
			}
			if strings.HasSuffix(name, ".html") && bytes.Contains(want, []byte(`<article class="page`)) {
				pages++
			}
		}
		if pages == 0 {
			t.Error("no page of the page layout")
		}
	}
	t.Run("example playbook", func(t *testing.T) {
		compare(t, func() output {
			out := publish.NewMemory()
			if _, err := generator.Build(context.Background(), generator.Options{Source: "../..", Target: out, Now: sitetest.Now}); err != nil {
				t.Fatal(err)
			}
			return out
		})
	})
	archives, err := filepath.Glob("../testdata/conventions/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	archives = append(archives, "print site")
	for _, archive := range archives {
		t.Run(filepath.Base(archive), func(t *testing.T) {
			src := printSite
			if archive != "print site" {
				b, err := os.ReadFile(archive)
				if err != nil {
					t.Fatal(err)
				}
				src = string(b)
			}
			compare(t, func() output {
				s := sitetest.Build(t, src)
				return s.Out
			})
		})
	}
}
