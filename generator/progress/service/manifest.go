package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
)

// manifestReload is how soon, at most, the manifest is read again: when a
// request names a page or item it does not know, or after a failed load.
// A read is cheap (a stat, or a conditional GET answered 304), so a
// republished site is picked up within seconds.
const manifestReload = 5 * time.Second

// manifests holds the site's checklist manifest, loaded on first use and
// reloaded at most once a manifestReload when a request names a page or
// item it does not know, so that a republished site is picked up without
// a restart.
type manifests struct {
	source string // the file path or URL, for messages
	fetch  fetchFunc
	now    func() time.Time
	log    *log.Logger

	mu     sync.Mutex // held while loading, so concurrent misses load once
	cur    *checklists.Manifest
	raw    []byte    // the bytes cur was parsed from
	stamp  stamp     // of the source when cur was read
	loaded time.Time // when the last load was tried
	err    error     // of the last load
}

// stamp is what tells whether the source changed since the last read: an
// HTTP response's validators, or a file's modification time and size.
type stamp struct {
	etag, lastModified string
	mtime              time.Time
	size               int64
}

// fetchFunc reads the manifest's bytes unless the source still has stamp
// prev, in which case it returns nil bytes; it returns the source's stamp.
type fetchFunc func(ctx context.Context, prev stamp) ([]byte, stamp, error)

// get returns the manifest, loading it if it never loaded. A failed load
// is retried at most once a manifestReload.
func (m *manifests) get(ctx context.Context) (*checklists.Manifest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cur == nil && (m.err == nil || m.now().Sub(m.loaded) >= manifestReload) {
		m.reloadLocked(ctx)
	}
	if m.cur == nil {
		return nil, m.err
	}
	return m.cur, nil
}

// refresh reads the manifest again unless it was read less than a
// manifestReload ago, and returns the current one. A failed reload keeps
// the manifest it had.
func (m *manifests) refresh(ctx context.Context) (*checklists.Manifest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loaded.IsZero() || m.now().Sub(m.loaded) >= manifestReload {
		m.reloadLocked(ctx)
	}
	if m.cur == nil {
		return nil, m.err
	}
	return m.cur, nil
}

func (m *manifests) reloadLocked(ctx context.Context) {
	m.loaded = m.now()
	raw, st, err := m.fetch(ctx, m.stamp) // zero, and so read whole, until a load succeeds
	if err == nil && raw == nil {         // unchanged since the last read
		return
	}
	var man *checklists.Manifest
	if err == nil {
		if m.cur != nil && bytes.Equal(raw, m.raw) {
			m.stamp = st
			return
		}
		if man, err = checklists.Parse(bytes.NewReader(raw)); err != nil {
			err = fmt.Errorf("%s: %w", m.source, err)
		}
	}
	if err != nil {
		if m.cur != nil {
			m.log.Printf("progress: %v; keeping the checklist manifest read before", err)
		}
		m.err = err
		return
	}
	verb := "read"
	if m.cur != nil {
		verb = "reread"
	}
	modules := 0
	for _, c := range man.Curricula {
		modules += len(c.Modules)
	}
	m.log.Printf("%s checklist manifest from %s: %s, %s", verb, m.source, count(len(man.Pages), "page"), count(modules, "module"))
	m.cur, m.raw, m.stamp, m.err = man, raw, st, nil
}

// manifestFetcher returns the fetchFunc of source: an http(s) URL fetched
// with client, conditionally on its ETag or Last-Modified, or a file path,
// read again only when its modification time or size changed.
func manifestFetcher(source string, client *http.Client) fetchFunc {
	if !strings.HasPrefix(source, "http://") && !strings.HasPrefix(source, "https://") {
		return func(_ context.Context, prev stamp) ([]byte, stamp, error) {
			fi, err := os.Stat(source)
			if err != nil {
				return nil, stamp{}, fmt.Errorf("read checklist manifest: %w", err)
			}
			st := stamp{mtime: fi.ModTime(), size: fi.Size()}
			if !prev.mtime.IsZero() && st.mtime.Equal(prev.mtime) && st.size == prev.size {
				return nil, st, nil
			}
			raw, err := os.ReadFile(source)
			if err != nil {
				return nil, stamp{}, fmt.Errorf("read checklist manifest: %w", err)
			}
			return raw, st, nil
		}
	}
	return func(ctx context.Context, prev stamp) ([]byte, stamp, error) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
		if err != nil {
			return nil, stamp{}, fmt.Errorf("checklist manifest: %w", err)
		}
		if prev.etag != "" {
			req.Header.Set("If-None-Match", prev.etag)
		} else if prev.lastModified != "" {
			req.Header.Set("If-Modified-Since", prev.lastModified)
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, stamp{}, fmt.Errorf("fetch checklist manifest: %w", err)
		}
		defer resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusNotModified && (prev.etag != "" || prev.lastModified != ""):
			return nil, prev, nil
		case resp.StatusCode != http.StatusOK:
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			return nil, stamp{}, fmt.Errorf("fetch checklist manifest %s: %s (is the site built with [progress] url and published?)", source, resp.Status)
		}
		raw, err := io.ReadAll(io.LimitReader(resp.Body, checklists.MaxBytes+1))
		if err != nil {
			return nil, stamp{}, fmt.Errorf("fetch checklist manifest %s: %w", source, err)
		}
		if len(raw) > checklists.MaxBytes {
			return nil, stamp{}, fmt.Errorf("fetch checklist manifest %s: larger than %d bytes", source, checklists.MaxBytes)
		}
		return raw, stamp{etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}, nil
	}
}

// count returns "1 page", "2 pages".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
