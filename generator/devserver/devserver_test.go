package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator"
)

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newSite(t *testing.T) (string, *server, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "")
	writeFile(t, dir, "content/_index.md", "# Home\n")
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nFirst version.\n")
	writeFile(t, dir, "content/b.md", "+++\ntitle = \"B\"\n+++\nOther page.\n")
	s, ts := serveSite(t, dir)
	return dir, s, ts
}

// loggedServer returns a server of opts that logs into the returned
// builder, closed when the test ends.
func loggedServer(t *testing.T, opts Options) (*server, *strings.Builder) {
	t.Helper()
	log := &strings.Builder{}
	opts.Log = log
	s := newServer(opts)
	t.Cleanup(s.hub.close)
	t.Cleanup(func() { _ = s.builder.Close() })
	return s, log
}

// serveSite builds the site folder dir and serves it.
func serveSite(t *testing.T, dir string) (*server, *httptest.Server) {
	t.Helper()
	s := newServer(Options{Build: generator.Options{Source: dir}})
	t.Cleanup(func() { _ = s.builder.Close() })
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(s.hub.close)
	return s, ts
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// events subscribes to the reload stream and returns a function that
// waits for the next event.
func events(t *testing.T, url string) func() event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events content type %q", ct)
	}
	ch := make(chan event, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var ev event
				if json.Unmarshal([]byte(data), &ev) == nil {
					ch <- ev
				}
			}
		}
	}()
	return func() event {
		t.Helper()
		select {
		case ev := <-ch:
			return ev
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
			return event{}
		}
	}
}

func TestEditReloadsChangedPageOnly(t *testing.T) {
	dir, s, ts := newSite(t)
	next := events(t, ts.URL)
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nSecond version.\n")
	if err := s.Rebuild(context.Background(), "content/a.md"); err != nil {
		t.Fatal(err)
	}
	ev := next()
	if ev.Type != "reload" || strings.Join(ev.Paths, ",") != "/a/" {
		t.Errorf("event %+v, want a reload of /a/ alone", ev)
	}
	// The print pages follow from the background, then reload too.
	if ev := next(); ev.Type != "reload" || !strings.Contains(strings.Join(ev.Paths, ","), "/print/") {
		t.Errorf("background event %+v, want the print pages", ev)
	}
	s.builder.Wait()
	if _, body, _ := get(t, ts.URL+"/print/"); !strings.Contains(body, "Second version.") {
		t.Error("print page not updated after the background render")
	}
	_, body, _ := get(t, ts.URL+"/a/")
	if !strings.Contains(body, "Second version.") {
		t.Error("served page not updated")
	}
	if !strings.Contains(body, `<script src="/__playbook/reload.js"></script></body>`) {
		t.Error("reload script not injected into served HTML")
	}
	built, _ := s.builder.Output().File("a/index.html")
	if strings.Contains(string(built), "reload.js") {
		t.Error("reload script leaked into the built file")
	}
}

func TestBrokenEditShowsErrorAndKeepsLastGoodPage(t *testing.T) {
	dir, s, ts := newSite(t)
	next := events(t, ts.URL)
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\nweight = \"x\"\n+++\nBroken version.\n")
	if err := s.Rebuild(context.Background(), "content/a.md"); err == nil {
		t.Fatal("broken build succeeded")
	}
	want := "content/a.md:3:1: weight: wrong type: got string, want integer"
	ev := next()
	if ev.Type != "error" || len(ev.Errors) != 1 || ev.Errors[0] != want {
		t.Fatalf("event %+v, want error %q", ev, want)
	}
	_, body, _ := get(t, ts.URL+"/a/")
	if !strings.Contains(body, "First version.") {
		t.Error("last good page not served during the error")
	}
	_, status, _ := get(t, ts.URL+prefix+"status")
	if !strings.Contains(status, want) {
		t.Errorf("status %s", status)
	}
	// A page opened while broken learns the error on connect.
	late := events(t, ts.URL)
	if ev := late(); ev.Type != "error" {
		t.Errorf("late subscriber got %+v", ev)
	}
	writeFile(t, dir, "content/a.md", "+++\ntitle = \"A\"\n+++\nFixed version.\n")
	if err := s.Rebuild(context.Background(), "content/a.md"); err != nil {
		t.Fatal(err)
	}
	if ev := next(); ev.Type != "reload" || len(ev.Paths) != 0 {
		t.Errorf("after the fix: %+v, want a full reload", ev)
	}
	_, body, _ = get(t, ts.URL+"/a/")
	if !strings.Contains(body, "Fixed version.") {
		t.Error("fixed page not served")
	}
}

func TestServingIsSafe(t *testing.T) {
	_, _, ts := newSite(t)
	resp, err := http.Post(ts.URL+"/a/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	for _, p := range []string{"/../site.toml", "/%2e%2e/site.toml", "/a/..%2f..%2fsite.toml", "/content/a.md", "/a%00/", "/..\\site.toml", "/nope/"} {
		code, body, _ := get(t, ts.URL+p)
		if code != http.StatusNotFound || !strings.Contains(body, "Page not found") {
			t.Errorf("%s: %d, want the theme's 404", p, code)
		}
	}
	code, _, h := get(t, ts.URL+"/a/")
	if code != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("page: %d %v", code, h)
	}
	if code, _, _ := get(t, ts.URL+"/a"); code != 200 {
		t.Errorf("/a redirect then page: %d", code)
	}
	for name, ctype := range map[string]string{"sitemap.xml": "text/xml; charset=utf-8", "favicon.svg": "image/svg+xml"} {
		if _, _, h := get(t, ts.URL+"/"+name); h.Get("Content-Type") != ctype {
			t.Errorf("%s served as %q", name, h.Get("Content-Type"))
		}
	}
}

func TestForeignHostsAreRefused(t *testing.T) {
	_, s, ts := newSite(t)
	ln := ts.Listener.Addr()
	s.setHosts(ln)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/a/", nil)
	req.Host = "evil.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d", resp.StatusCode)
	}
	if code, _, _ := get(t, ts.URL+"/a/"); code != 200 {
		t.Errorf("own host refused: %d", code)
	}
}

func TestFileNameRejectsTraversal(t *testing.T) {
	cases := []struct {
		path, base, want string
		ok               bool
	}{
		{"/", "/", "index.html", true},
		{"/a/", "/", "a/index.html", true},
		{"/a/b.css", "/", "a/b.css", true},
		{"/pb", "/pb/", "index.html", true},
		{"/pb/x/", "/pb/", "x/index.html", true},
		{"/other/", "/pb/", "", false},
		{"/../x", "/", "", false},
		{"/a/../../x", "/", "", false},
		{"/a/./b", "/", "", false},
		{"/a\\..\\b", "/", "", false},
		{"/a\x00", "/", "", false},
	}
	for _, c := range cases {
		got, ok := fileName(c.path, c.base)
		if got != c.want || ok != c.ok {
			t.Errorf("fileName(%q, %q) = %q, %v; want %q, %v", c.path, c.base, got, ok, c.want, c.ok)
		}
	}
}

// serve watches the content folder site.toml names, not content/.
func TestServeRebuildsOnEditUnderCustomContentDir(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "contentDir = \"docs\"\n")
	writeFile(t, dir, "docs/_index.md", "# Home\n")
	writeFile(t, dir, "docs/a.md", "+++\ntitle = \"A\"\n+++\nFirst version.\n")
	s, ts := serveSite(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = s.Watch(ctx) }()
	// The watcher starts in the background: write again until the page
	// changes (the test checks that it changes, not how fast).
	deadline := time.Now().Add(20 * time.Second)
	for {
		writeFile(t, dir, "docs/a.md", "+++\ntitle = \"A\"\n+++\nSecond version.\n")
		time.Sleep(300 * time.Millisecond)
		if _, body, _ := get(t, ts.URL+"/a/"); strings.Contains(body, "Second version.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("page not rebuilt after editing docs/a.md")
		}
	}
}

// The log says what is served: nothing before the first good build ("built"
// then), the last good version after a failed rebuild, "rebuilt" after.
func TestLogNamesOnlyAVersionThatExists(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "")
	writeFile(t, dir, "content/a.md", "+++\ntitle = \n+++\n")
	s, log := loggedServer(t, Options{Build: generator.Options{Source: dir}})
	step := func(text, want string, fails bool) {
		t.Helper()
		writeFile(t, dir, "content/a.md", text)
		log.Reset()
		if err := s.Rebuild(context.Background(), "content/a.md"); (err != nil) != fails {
			t.Fatalf("rebuild: %v", err)
		}
		if !strings.Contains(log.String(), want) {
			t.Errorf("log %q lacks %q", log.String(), want)
		}
		if fails && want == "" && strings.Contains(log.String(), "last good version") {
			t.Errorf("log %q claims a last good version before any build succeeded", log.String())
		}
	}
	step("+++\ntitle = \n+++\n", "", true)
	step("# A\n", "built 1 page, 1 section, ", false)
	if strings.Contains(log.String(), "rebuilt") {
		t.Errorf("first good build logged %q", log.String())
	}
	step("+++\ntitle = \n+++\n", "content/a.md: rebuild failed; still serving the last good version\n", true)
	step("# A again\n", "rebuilt content/a.md: ", false)
}

// Each rebuild logs one line: what changed (the file, or how many), the
// pages rendered again, the files updated and the time; --quiet leaves it
// out and --verbose adds each stage's time.
func TestRebuildLogsOneLine(t *testing.T) {
	for _, c := range []struct {
		name           string
		quiet, verbose bool
		want           []string // one pattern a line
	}{
		{name: "default", want: []string{
			`^built 3 pages, 1 section, \d+ files in \d+ ms$`,
			`^rebuilt content/b\.md: 1 page re-rendered, 1 file updated in \d+ ms$`,
			`^rebuilt 2 files: 2 pages re-rendered, 2 files updated in \d+ ms$`,
		}},
		{name: "quiet", quiet: true},
		{name: "verbose", verbose: true, want: []string{
			`^built 3 pages, 1 section, \d+ files in \d+ ms$`, `^  open +\d+ ms$`, `^  load +\d+ ms$`, `^  transform +\d+ ms$`, `^  render +\d+ ms$`, `^  commit +\d+ ms$`,
			`^rebuilt content/b\.md: 1 page re-rendered, 1 file updated in \d+ ms$`, `^  edit +\d+ ms$`,
			`^rebuilt 2 files: 2 pages re-rendered, 2 files updated in \d+ ms$`, `^  edit +\d+ ms$`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "site.toml", "")
			writeFile(t, dir, "content/a.md", "# A\n")
			writeFile(t, dir, "content/b.md", "# B\n")
			writeFile(t, dir, "content/c.md", "# C\n")
			s, log := loggedServer(t, Options{Build: generator.Options{Source: dir}, Quiet: c.quiet, Verbose: c.verbose})
			if err := s.Rebuild(context.Background()); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "content/b.md", "# B\n\nMore.\n")
			if err := s.Rebuild(context.Background(), "content/b.md"); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "content/a.md", "# A\n\nMore.\n")
			writeFile(t, dir, "content/c.md", "# C\n\nMore.\n")
			if err := s.Rebuild(context.Background(), "content/a.md", "content/c.md"); err != nil {
				t.Fatal(err)
			}
			s.builder.Wait()
			var lines []string
			if out := strings.TrimSuffix(log.String(), "\n"); out != "" {
				lines = strings.Split(out, "\n")
			}
			if len(lines) != len(c.want) {
				t.Fatalf("log:\n%s\nwant %d lines", log.String(), len(c.want))
			}
			for i, l := range lines {
				if !regexp.MustCompile(c.want[i]).MatchString(l) {
					t.Errorf("line %d %q does not match %s", i+1, l, c.want[i])
				}
			}
		})
	}
}

// A build with warnings ends its line with their count, as playbook
// build does, the first and each rebuild alike.
func TestBuildLinesCountWarnings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "")
	writeFile(t, dir, "content/a.md", "# A\n\n{{< figure src=\"x.png\" >}}\n")
	s, log := loggedServer(t, Options{Build: generator.Options{Source: dir}})
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/a.md", "# A\n\n{{< figure src=\"x.png\" >}}\n\nMore.\n")
	if err := s.Rebuild(context.Background(), "content/a.md"); err != nil {
		t.Fatal(err)
	}
	s.builder.Wait()
	if !regexp.MustCompile(`(?m)^built 1 page, 1 section, \d+ files in \d+ ms \(1 warning\)$`).MatchString(log.String()) ||
		!regexp.MustCompile(`(?m)^rebuilt content/a\.md: .* in \d+ ms \(1 warning\)$`).MatchString(log.String()) {
		t.Errorf("log:\n%s\nwant the build and the rebuild lines to end with (1 warning)", log.String())
	}
}

// With --strict, a warning fails the build: the log prints it once, as
// check --strict does (without "warning: "), and so does the overlay.
func TestStrictLogsEachDiagnosticOnce(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "site.toml", "")
	writeFile(t, dir, "content/a.md", "# A\n\n{{< figure src=\"x.png\" >}}\n")
	s, log := loggedServer(t, Options{Build: generator.Options{Source: dir, Strict: true}})
	if err := s.Rebuild(context.Background()); err == nil {
		t.Fatal("a warning did not fail the strict build")
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	var diags []string
	for _, l := range lines {
		if strings.HasPrefix(l, "content/a.md:") {
			diags = append(diags, l)
		}
	}
	if len(diags) != 1 || strings.Contains(diags[0], "warning:") {
		t.Errorf("log:\n%s\nwant the shortcode's diagnostic once, without \"warning:\"", log.String())
	}
	s.mu.Lock()
	errs := s.errs
	s.mu.Unlock()
	if len(errs) != 1 || errs[0] != diags[0] {
		t.Errorf("overlay errors %q, want %q", errs, diags)
	}
}
