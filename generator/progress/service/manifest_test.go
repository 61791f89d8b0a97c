package service

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
)

// manifestWithNewPage is testManifest with a page /onboarding/03-new/.
func manifestWithNewPage() *checklists.Manifest {
	m := testManifest()
	m.Pages["/onboarding/03-new/"] = &checklists.Page{Title: "New", Items: []checklists.Item{{ID: "task-n1", Text: "New"}}}
	return m
}

const newPageTick = `{"ticks":[{"page":"/onboarding/03-new/","item":"task-n1","done":true,"at":5}]}`

// syncBuffer is a log destination safe for the service's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestAFileManifestIsReadAgainWhenChangedAndSaysSo(t *testing.T) {
	var logged syncBuffer
	f := newFixture(t, t.TempDir()+"/p.db", func(o *Options) { o.Log = log.New(&logged, "", 0) })
	if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newPageTick}); w.Code != 200 ||
		!strings.Contains(w.Body.String(), `"error":"\"/onboarding/03-new/\" is not a page with checklist items in `+f.manifest+`"`) {
		t.Errorf("a page the manifest lacks: %d %s, want it rejected naming %s", w.Code, w.Body, f.manifest)
	}
	// Unchanged: the miss 5 s later looks at the file and logs nothing.
	f.clock.advance(5 * time.Second)
	f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newPageTick})
	want := fmt.Sprintf("read checklist manifest from %s: 3 pages, 2 modules\n", f.manifest)
	if got := logged.String(); got != want {
		t.Errorf("log after two misses of an unchanged file:\n%s\nwant:\n%s", got, want)
	}
	writeManifest(t, f.manifest, manifestWithNewPage())
	f.clock.advance(5 * time.Second)
	if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newPageTick}); w.Code != 200 || !strings.Contains(w.Body.String(), `"changed":1,"rejected":[]`) {
		t.Errorf("the page once published: %d %s, want it stored", w.Code, w.Body)
	}
	want += fmt.Sprintf("reread checklist manifest from %s: 4 pages, 2 modules\n", f.manifest)
	if got := logged.String(); got != want {
		t.Errorf("log after the file changed:\n%s\nwant:\n%s", got, want)
	}
}

// manifestSite serves a manifest with an ETag (or only a Last-Modified)
// and records the conditional headers of each request.
type manifestSite struct {
	mu       sync.Mutex
	body     []byte
	modified time.Time
	etag     bool
	asked    []string // "If-None-Match=…" or "If-Modified-Since=…" or "" per request
	answered []int
}

func (s *manifestSite) set(t *testing.T, m *checklists.Manifest, modified time.Time) {
	var b bytes.Buffer
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body, s.modified = b.Bytes(), modified
}

func (s *manifestSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Header.Get("If-None-Match") != "":
		s.asked = append(s.asked, "If-None-Match="+r.Header.Get("If-None-Match"))
	case r.Header.Get("If-Modified-Since") != "":
		s.asked = append(s.asked, "If-Modified-Since="+r.Header.Get("If-Modified-Since"))
	default:
		s.asked = append(s.asked, "")
	}
	if s.etag {
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(s.body)))
	}
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	http.ServeContent(rec, r, "checklists.json", s.modified, bytes.NewReader(s.body))
	s.answered = append(s.answered, rec.status)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

func TestAnHTTPManifestIsFetchedConditionally(t *testing.T) {
	for _, etag := range []bool{true, false} {
		t.Run(fmt.Sprintf("etag=%v", etag), func(t *testing.T) {
			first := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
			ms := &manifestSite{etag: etag}
			ms.set(t, testManifest(), first)
			hs := httptest.NewServer(ms)
			defer hs.Close()
			url := hs.URL + "/checklists.json"
			var logged syncBuffer
			f := newFixture(t, t.TempDir()+"/p.db", func(o *Options) { o.Manifest = url; o.Log = log.New(&logged, "", 0) })
			if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newPageTick}); w.Code != 200 ||
				!strings.Contains(w.Body.String(), `is not a page with checklist items in `+url+`"`) {
				t.Errorf("a page the manifest lacks: %d %s, want it rejected naming %s", w.Code, w.Body, url)
			}
			f.clock.advance(5 * time.Second)
			f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newPageTick})
			ms.set(t, manifestWithNewPage(), first.Add(time.Hour))
			f.clock.advance(5 * time.Second)
			if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newPageTick}); w.Code != 200 || !strings.Contains(w.Body.String(), `"changed":1,"rejected":[]`) {
				t.Errorf("the page once published: %d %s, want it stored", w.Code, w.Body)
			}
			cond := "If-Modified-Since=" + first.Format(http.TimeFormat)
			if etag {
				var b bytes.Buffer
				if err := testManifest().Write(&b); err != nil {
					t.Fatal(err)
				}
				cond = fmt.Sprintf(`If-None-Match="%x"`, sha256.Sum256(b.Bytes()))
			}
			ms.mu.Lock()
			asked, answered := ms.asked, ms.answered
			ms.mu.Unlock()
			if want := []string{"", cond, cond}; fmt.Sprint(asked) != fmt.Sprint(want) {
				t.Errorf("requests asked %q, want %q", asked, want)
			}
			if want := []int{200, 304, 200}; fmt.Sprint(answered) != fmt.Sprint(want) {
				t.Errorf("requests answered %v, want %v", answered, want)
			}
			want := fmt.Sprintf("read checklist manifest from %[1]s: 3 pages, 2 modules\nreread checklist manifest from %[1]s: 4 pages, 2 modules\n", url)
			if got := logged.String(); got != want {
				t.Errorf("log:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
