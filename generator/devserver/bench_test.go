package devserver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
)

// BenchmarkServeEdit measures what an editor waits for: from writing a
// page's file to the dev server serving the new HTML, watcher and
// debounce included. It runs on a copy of $PLAYBOOK_CORPUS (a corpus from
// ../shared/bench/gencorpus.go) and reports the median over b.N edits:
//
//	PLAYBOOK_CORPUS=/tmp/corpus-10k go test -run '^$' -bench ServeEdit -benchtime 25x ./generator/devserver
func BenchmarkServeEdit(b *testing.B) {
	corpus := os.Getenv("PLAYBOOK_CORPUS")
	if corpus == "" {
		b.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go (make bench)")
	}
	dir := filepath.Join(b.TempDir(), "site")
	if out, err := exec.Command("cp", "-r", corpus, dir).CombinedOutput(); err != nil {
		b.Fatalf("copy corpus: %v %s", err, out)
	}
	_ = os.RemoveAll(filepath.Join(dir, "hugo"))
	s := newServer(Options{Build: generator.Options{Source: dir}})
	defer s.builder.Close()
	if err := s.Rebuild(context.Background()); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.hub.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = s.Watch(ctx) }()
	time.Sleep(200 * time.Millisecond) // let the watcher settle

	// Edit pages spread over the site.
	var pages []string
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			pages = append(pages, p)
		}
		return nil
	})
	sort.Strings(pages)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[(i*7919)%len(pages)]
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		mark := fmt.Sprintf("edit-marker-%d-%d", i, time.Now().UnixNano())
		rel, _ := filepath.Rel(filepath.Join(dir, "content"), p)
		url := ts.URL + "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
		start := time.Now()
		if err := os.WriteFile(p, append(src, []byte("\n\n"+mark+"\n")...), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			resp, err := http.Get(url)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), mark) {
				break
			}
			if time.Since(start) > 30*time.Second {
				b.Fatalf("edit of %s not served after 30 s", p)
			}
			time.Sleep(time.Millisecond)
		}
		lat = append(lat, time.Since(start))
		s.builder.Wait() // let the background print pages finish before the next edit
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "ms-p90")
}
