package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/publish"
	"github.com/playbook-ssg/playbook/generator/search"
)

// The corpus tests run on the site named by $PLAYBOOK_CORPUS, made by
// ../shared/bench/gencorpus.go (go run gencorpus.go -pages 10000 -out DIR).

var (
	corpusOnce sync.Once
	corpusRes  *generator.Result
	corpusOut  *publish.Memory
	corpusErr  error
)

func corpus(tb testing.TB) (*generator.Result, *publish.Memory) {
	tb.Helper()
	dir := os.Getenv("PLAYBOOK_CORPUS")
	if dir == "" {
		tb.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go")
	}
	corpusOnce.Do(func() {
		corpusOut = publish.NewMemory()
		corpusRes, corpusErr = generator.Build(context.Background(), generator.Options{Source: dir, Target: corpusOut})
	})
	if corpusErr != nil {
		tb.Fatal(corpusErr)
	}
	return corpusRes, corpusOut
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// TestFirstQueryDownloadOnCorpus checks that a first query downloads at
// most 500 KB gzipped: meta.js, the shards of its words and the page files
// of the first eight results, as search.js loads them.
func TestFirstQueryDownloadOnCorpus(t *testing.T) {
	res, out := corpus(t)
	ix, err := search.NewPlan(res.Site, res.Config.Audiences).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	size := map[string]int{}
	var shards, chunks []int
	for _, n := range out.Names() {
		if !strings.HasPrefix(n, "search/") || !strings.HasSuffix(n, ".js") {
			continue
		}
		b, _ := out.File(n)
		size[n] = gzipSize(b)
		switch {
		case strings.HasPrefix(n, "search/t-"):
			shards = append(shards, size[n])
		case strings.HasPrefix(n, "search/d-"):
			chunks = append(chunks, size[n])
		}
	}
	slices.Sort(shards)
	slices.Sort(chunks)
	t.Logf("%d pages: meta.js %d B gz; %d shards, gz min/median/max %d/%d/%d B; %d page files, gz median/max %d/%d B",
		len(ix.Docs), size["search/meta.js"], len(shards), shards[0], shards[len(shards)/2], shards[len(shards)-1],
		len(chunks), chunks[len(chunks)/2], chunks[len(chunks)-1])
	for _, q := range []string{"pipeline review", "forecast call", "coaching plan", "mutual action plan", "discovery call qualification",
		"win rate", "renewal risk health score", "quota attainment", "c", "pi", "security questionnaire", "territory map"} {
		need := map[string]bool{"search/meta.js": true}
		for _, f := range ix.Files(q, search.Filter{}, 8) {
			need[f] = true
		}
		total := 0
		for f := range need {
			total += size[f]
		}
		t.Logf("first query %-30q downloads %3d KB gz in %2d files", q, total/1024, len(need))
		if total > 500*1024 {
			t.Errorf("first query %q downloads %d KB gzipped, want at most 500 KB", q, total/1024)
		}
	}
}

// BenchmarkIndexCorpus builds the search index of the corpus and writes
// all its files: the work search adds to a build.
func BenchmarkIndexCorpus(b *testing.B) {
	res, _ := corpus(b)
	plan := search.NewPlan(res.Site, res.Config.Audiences)
	cpu0 := cpuTime()
	for b.Loop() {
		ix, err := plan.Build(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		total := 0
		for _, n := range plan.Files() {
			buf.Reset()
			if err := ix.WriteFile(&buf, n); err != nil {
				b.Fatal(err)
			}
			total += buf.Len()
		}
		b.ReportMetric(float64(total)/(1<<20), "MB")
	}
	// CPU time is steadier than wall time on a busy machine.
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
