package generator_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
)

// BenchmarkEditBuild measures what `playbook build` costs after a
// paragraph is appended to one page of the corpus named by
// $PLAYBOOK_CORPUS, the build cache and the output kept from the build
// before, as a writer without `serve` or a CI job with a kept cache sees
// it. The corpus is copied first and left alone past the racy window, so
// that its files' stamps vouch for their bytes as they do on a desk.
func BenchmarkEditBuild(b *testing.B) {
	src := os.Getenv("PLAYBOOK_CORPUS")
	if src == "" {
		b.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go (make bench)")
	}
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	site := filepath.Join(b.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	var page string
	_ = fs.WalkDir(os.DirFS(site), "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && page == "" && !d.IsDir() && filepath.Ext(p) == ".md" {
			page = filepath.Join(site, filepath.FromSlash(p))
		}
		return err
	})
	time.Sleep(2100 * time.Millisecond) // past the racy window of the copy
	opts := generator.Options{Source: site, Output: filepath.Join(b.TempDir(), "public")}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		f, err := os.OpenFile(page, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(f, "\n\nEdited %d.\n", i)
		_ = f.Close()
		i++
		b.StartTimer()
		res, err := generator.Build(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Stats.Written)), "files-written")
	}
}
