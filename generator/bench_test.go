package generator_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/render"
	"github.com/playbook-ssg/playbook/generator/transform"
	"github.com/playbook-ssg/playbook/themes"
)

// BenchmarkBuildCorpus builds the corpus named by $PLAYBOOK_CORPUS (made by
// ../shared/bench/gencorpus.go; `make bench` does this) into memory, cold:
// a new Builder every iteration.
func BenchmarkBuildCorpus(b *testing.B) {
	dir := os.Getenv("PLAYBOOK_CORPUS")
	if dir == "" {
		b.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go (make bench)")
	}
	for b.Loop() {
		res, err := generator.Build(context.Background(), generator.Options{Source: dir, Target: publish.NewMemory()})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Stats.Pages), "pages")
	}
}

// BenchmarkBuildCorpusToDisk builds the corpus as `playbook build
// --no-cache` does: into a new folder on disk, bodies kept in the spill
// file. The file system's speed is part of what it measures.
func BenchmarkBuildCorpusToDisk(b *testing.B) {
	dir := os.Getenv("PLAYBOOK_CORPUS")
	if dir == "" {
		b.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go (make bench)")
	}
	i := 0
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out"+strconv.Itoa(i))
		i++
		res, err := generator.Build(context.Background(), generator.Options{Source: dir, Output: out, NoCache: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Stats.Pages), "pages")
	}
}

// corpusSite loads and transforms the corpus, for the per-stage benchmarks.
func corpusSite(b *testing.B) (*content.Site, *config.Config, *markdown.Markdown, fs.FS) {
	b.Helper()
	dir := os.Getenv("PLAYBOOK_CORPUS")
	if dir == "" {
		b.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go (make bench)")
	}
	fsys := os.DirFS(dir)
	cfg, diags := config.Load(fsys)
	if diags.HasErrors(false) {
		b.Fatal(diags)
	}
	md := markdown.New(markdown.Options{})
	site, diags := content.Load(context.Background(), fsys, cfg, layout.New(cfg), md, content.Options{})
	diags.Append(transform.Run(site, transform.Options{}))
	if diags.HasErrors(false) {
		b.Fatal(diags)
	}
	return site, cfg, md, fsys
}

// BenchmarkParsePerPage parses every page of the corpus: front matter,
// Markdown, and the body's HTML (highlighted blocks are cached after the
// first iteration); ns/page is the figure to compare.
func BenchmarkParsePerPage(b *testing.B) {
	site, cfg, md, fsys := corpusSite(b)
	type src struct {
		file, rel string
		data      []byte
	}
	var files []src
	for _, p := range site.Pages {
		if p.File != "" {
			data, _ := fs.ReadFile(fsys, p.File)
			files = append(files, src{p.File, p.Rel, data})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			content.ParsePage(cfg, md, f.file, f.rel, f.data)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/page")
}

// targetLinker writes a page's links as the link pass resolved them.
type targetLinker struct{ p *content.Page }

func (l targetLinker) Href(i int, _ *markdown.LocalLink) string { return l.p.Links[i].URL }
func (targetLinker) IDPrefix() string                           { return "" }

// BenchmarkBodyWritePerPage writes every body with its links, ids and
// heading levels resolved, as a page (and each print page) does.
func BenchmarkBodyWritePerPage(b *testing.B) {
	site, _, _, _ := corpusSite(b)
	var out bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, p := range site.Pages {
			if p.Doc != nil {
				out.Reset()
				_ = p.Doc.WriteHTML(&out, targetLinker{p})
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(site.Pages)), "ns/page")
}

// BenchmarkPageRenderPerPage renders every page with its template:
// sidebar, TOC, body, lists.
func BenchmarkPageRenderPerPage(b *testing.B) {
	site, cfg, md, fsys := corpusSite(b)
	def, _ := fs.Sub(themes.Default, "default")
	r, err := render.New(cfg, md, render.Options{Layers: render.Layers{{FS: fsys, Dir: "."}, {FS: def, Dir: "themes/default", Builtin: true}}})
	if err != nil {
		b.Fatal(err)
	}
	all := map[*content.Page]bool{}
	for _, p := range site.Pages {
		all[p] = true
	}
	b.ResetTimer()
	for b.Loop() {
		if _, diags := r.RenderPages(context.Background(), site, publish.NewMemory(), all); diags.HasErrors(false) {
			b.Fatal(diags)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(site.Pages)), "ns/page")
}

// BenchmarkLinkResolution resolves every link of the corpus.
func BenchmarkLinkResolution(b *testing.B) {
	site, _, _, _ := corpusSite(b)
	links := 0
	for _, p := range site.Pages {
		if p.Doc != nil {
			links += len(p.Doc.Links)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if diags := transform.Links(site); diags.HasErrors(false) {
			b.Fatal(diags)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*links), "ns/link")
}
