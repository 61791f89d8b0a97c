package service

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"playbook/generator/checklists"
)

// manifestReload is how often, at most, a miss reloads the manifest, and
// manifestRetry how soon a failed load is tried again.
const (
	manifestReload = time.Minute
	manifestRetry  = 5 * time.Second
)

// manifests holds the site's checklist manifest, loaded on first use and
// reloaded at most once a manifestReload when a request names a page or
// item it does not know, so that a republished site is picked up without
// a restart.
type manifests struct {
	load func(ctx context.Context) (*checklists.Manifest, error)
	now  func() time.Time

	mu     sync.Mutex // held while loading, so concurrent misses load once
	cur    *checklists.Manifest
	loaded time.Time // when the last load was tried
	err    error     // of the last load, while cur is nil
}

// get returns the manifest, loading it if it never loaded. A failed load
// is retried at most once a manifestRetry.
func (m *manifests) get(ctx context.Context) (*checklists.Manifest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cur == nil && (m.err == nil || m.now().Sub(m.loaded) >= manifestRetry) {
		m.reloadLocked(ctx)
	}
	if m.cur == nil {
		return nil, m.err
	}
	return m.cur, nil
}

// refresh reloads the manifest unless it was loaded less than a
// manifestReload ago (a manifestRetry after a failed load), and returns the
// current one. A failed reload keeps the manifest it had.
func (m *manifests) refresh(ctx context.Context) (*checklists.Manifest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	gap := manifestReload
	if m.err != nil {
		gap = manifestRetry
	}
	if m.loaded.IsZero() || m.now().Sub(m.loaded) >= gap {
		m.reloadLocked(ctx)
	}
	if m.cur == nil {
		return nil, m.err
	}
	return m.cur, nil
}

func (m *manifests) reloadLocked(ctx context.Context) {
	m.loaded = m.now()
	man, err := m.load(ctx)
	if err != nil {
		m.err = err
		return
	}
	m.cur, m.err = man, nil
}

// manifestLoader returns a function reading the manifest at source: an
// http(s) URL fetched with client, or a file path.
func manifestLoader(source string, client *http.Client) func(ctx context.Context) (*checklists.Manifest, error) {
	if !strings.HasPrefix(source, "http://") && !strings.HasPrefix(source, "https://") {
		return func(context.Context) (*checklists.Manifest, error) {
			f, err := os.Open(source)
			if err != nil {
				return nil, fmt.Errorf("read checklist manifest: %w", err)
			}
			defer f.Close()
			m, err := checklists.Parse(f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", source, err)
			}
			return m, nil
		}
	}
	return func(ctx context.Context) (*checklists.Manifest, error) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
		if err != nil {
			return nil, fmt.Errorf("checklist manifest: %w", err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("fetch checklist manifest: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			return nil, fmt.Errorf("fetch checklist manifest %s: %s (is the site built with [progress] url and published?)", source, resp.Status)
		}
		m, err := checklists.Parse(resp.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		return m, nil
	}
}
