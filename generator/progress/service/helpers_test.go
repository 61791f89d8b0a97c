package service

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
	"github.com/playbook-ssg/playbook/internal/pgtest"
)

// forEachBackend runs test with a fresh SQLite database and, when
// PLAYBOOK_TEST_POSTGRES is set (always in CI), a fresh PostgreSQL schema.
func forEachBackend(t *testing.T, test func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, filepath.Join(t.TempDir(), "progress.db")) })
	t.Run("postgres", func(t *testing.T) { test(t, pgtest.DSN(t)) })
}

// openStore opens the store at dsn and closes it when the test ends.
func openStore(t *testing.T, dsn string, opts ...store.Option) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// clock is a settable time.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC).UnixMilli())
	return c
}

func (c *clock) now() time.Time          { return time.UnixMilli(c.ms.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

const site = "https://playbook.example.com/"

// testManifest has one curriculum of two modules; the second asks for a
// sign-off and has a page below it.
func testManifest() *checklists.Manifest {
	return &checklists.Manifest{
		Format: checklists.Format, Version: checklists.Version, Site: site, DailyHours: 4,
		Curricula: []checklists.Curriculum{{URL: "/onboarding/", Title: "Onboarding", Modules: []checklists.Module{
			{URL: "/onboarding/01-basics/", Title: "Basics", Number: 1, DurationSeconds: 7200,
				Pages: []string{"/onboarding/01-basics/"}},
			{URL: "/onboarding/02-calls/", Title: "=Calls", Number: 2, DurationSeconds: 14400, Signoff: true,
				Pages: []string{"/onboarding/02-calls/", "/onboarding/02-calls/script/"}},
		}}},
		Pages: map[string]*checklists.Page{
			"/onboarding/01-basics/": {Title: "Basics", Items: []checklists.Item{
				{ID: "task-a1", Text: "Read the handbook"}, {ID: "task-a2", Text: "Set up the CRM", Default: true}}},
			"/onboarding/02-calls/": {Title: "Calls", Items: []checklists.Item{{ID: "task-b1", Text: "Shadow a call"}}},
			"/onboarding/02-calls/script/": {Title: "Script", Items: []checklists.Item{
				{ID: "task-c1", Text: "Learn the opener"}, {ID: "task-c2", Text: "Learn the close"}}},
		},
	}
}

func writeManifest(t *testing.T, file string, m *checklists.Manifest) {
	t.Helper()
	var b bytes.Buffer
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixture is a service over a fresh store with a team:
//
//	cleo (admin)
//	maria (manager) <- ana (member), ben (manager) <- cy (member)
//	otto (manager, no reports), zoe (member, no manager)
type fixture struct {
	t        *testing.T
	st       store.Store
	srv      *Server
	clock    *clock
	manifest string // the manifest file
	tokens   map[string]string
}

func newFixture(t *testing.T, dsn string, opts ...func(*Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	c := newClock()
	st := openStore(t, dsn, store.WithClock(c.now))
	for _, p := range []store.Person{
		{Email: "cleo@example.com", Name: "Cleo", Role: store.RoleAdmin},
		{Email: "maria@example.com", Name: "Maria Lopez", Role: store.RoleManager},
		{Email: "ana@example.com", Name: "Ana Ruiz", Role: store.RoleMember, Manager: "maria@example.com",
			Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		{Email: "ben@example.com", Name: "Ben", Role: store.RoleManager, Manager: "maria@example.com"},
		{Email: "cy@example.com", Name: "-Cy", Role: store.RoleMember, Manager: "ben@example.com"},
		{Email: "otto@example.com", Name: "Otto", Role: store.RoleManager},
		{Email: "zoe@example.com", Name: "Zoe", Role: store.RoleMember},
	} {
		if err := st.PutPerson(ctx, "setup@example.com", p); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{t: t, st: st, clock: c, manifest: filepath.Join(t.TempDir(), "checklists.json"), tokens: map[string]string{}}
	writeManifest(t, f.manifest, testManifest())
	o := Options{Store: st, Site: site, Manifest: f.manifest, Now: c.now}
	for _, opt := range opts {
		opt(&o)
	}
	var err error
	if f.srv, err = New(o); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"cleo", "maria", "ana", "ben", "cy", "otto", "zoe"} {
		tok, err := st.CreateToken(ctx, who+"@example.com")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[who] = tok
	}
	return f
}

// req is one request to the fixture's service.
type req struct {
	method, path string
	as           string // a name of the fixture's tokens, or "" for none
	token        string // a raw token, instead of as
	body         string
	contentType  string // "application/json" unless set
	header       map[string]string
	added        [][2]string // headers added as they are, repeats kept
	remote       string      // the TCP peer, 192.0.2.1:1234 unless set
}

func (f *fixture) do(r req) *httptest.ResponseRecorder {
	f.t.Helper()
	var body *strings.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	} else {
		body = strings.NewReader("")
	}
	hr := httptest.NewRequest(r.method, "http://progress.example.com"+r.path, body)
	hr.RemoteAddr = "192.0.2.1:1234"
	if r.remote != "" {
		hr.RemoteAddr = r.remote
	}
	if r.body != "" {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	tok := r.token
	if r.as != "" {
		tok = f.tokens[r.as]
	}
	if tok != "" {
		hr.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	for _, kv := range r.added {
		hr.Header.Add(kv[0], kv[1])
	}
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, hr)
	if got := w.Header().Get("Cache-Control"); got != "no-store" {
		f.t.Errorf("%s %s: Cache-Control %q, want no-store", r.method, r.path, got)
	}
	if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		f.t.Errorf("%s %s: X-Content-Type-Options %q, want nosniff", r.method, r.path, got)
	}
	if w.Header().Get("Set-Cookie") != "" {
		f.t.Errorf("%s %s sets a cookie", r.method, r.path)
	}
	if w.Code >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
			f.t.Errorf("%s %s: %d with body %q, want a JSON error", r.method, r.path, w.Code, w.Body)
		}
	}
	return w
}

// decodeBody decodes a JSON response into v.
func decodeBody(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("response %q: %v", w.Body, err)
	}
}

func mustPrefix(t *testing.T, s string) netip.Prefix {
	t.Helper()
	p, err := netip.ParsePrefix(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func storeSignOff(email, module, signer string) store.SignOff {
	return store.SignOff{Email: email, Module: module, Signer: signer}
}

func urlQuery(s string) string { return url.QueryEscape(s) }
